"""The one place that knows the project's folders: which hold inputs, which the renderers may read
while drawing, and which files an output's digest covers beyond the loaded model. Kept apart from
the loaders, so that a build with nothing to do (pipeline/unchanged.py) can name them without
importing any."""
from __future__ import annotations

INPUT_FOLDERS = ("data", "layouts", "fonts", "svg")  # what `watch` watches and `new` copies
RESOURCE_FOLDERS = ("fonts", "svg")  # what the renderers may read while drawing (fonts, artwork)
DRAWN_FROM = ("fonts", "data/world-atlas", "svg")  # files read while drawing, beyond the loaded model
