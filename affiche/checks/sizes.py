"""Preflight of a layout's type scale: no size under the layout's minimum for print."""
from __future__ import annotations

from pathlib import Path

from ..load.yamlsrc import read_yaml
from ..model.layout import TYPE_KEYS, Layout
from . import Finding


def type_size_findings(layout: Layout, root: Path) -> list[Finding]:
    """Sizes of the layout's type scale under its minimum (`preflight: min-text-size`, 6 pt by default)."""
    minimum = layout.preflight.min_text_size
    scale = layout.type_scale
    small = [key for key in TYPE_KEYS if key != "leading" and getattr(scale, key) < minimum]
    if not small:
        return []
    source = read_yaml(root / layout.source, root)  # the model keeps values, not their lines
    return [Finding("error", str(source.at(("type", key))), "min-text-size",
                    f"type size '{key}' is {getattr(scale, key):g} pt, under the {minimum:g} pt minimum for print",
                    f"set it to {minimum:g}pt or more, or lower 'preflight: {{min-text-size: …}}' in "
                    f"{layout.source}")
            for key in small]
