"""affiche: print-ready bilingual handouts and world-map posters from YAML."""
from . import fontconfig

fontconfig.isolate()
