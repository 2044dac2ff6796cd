"""affiche: print-ready bilingual handouts and world-map posters from YAML.

The pipeline, as the folders show it: load/ (YAML to the typed model/) -> localize/ ->
outputs/ (one writer per document kind and edition format; pdf/ finishes their PDFs) ->
pipeline/ (plan, render in processes, write, manifest). checks/ is the preflight,
translation/ the translation state and the XLIFF exchange, commands/ what render.py runs.
"""
