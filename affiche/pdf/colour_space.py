"""The one rule for what counts as RGB in a PDF, used by the CMYK rewrite and by `check`.

A colour space is RGB when it is DeviceRGB or CalRGB, an ICC profile of three components,
or built on one of those: an indexed palette, a pattern's underlying space, or a spot colour
(Separation, DeviceN) whose alternate is RGB. A spot colour's alternate is what a RIP prints
when it has no plate for the ink, so an RGB alternate would print converted by whatever rule
the RIP has: in a print file that is as bad as RGB itself.
"""
from __future__ import annotations

import pikepdf

DEVICE_RGB_NAMES = ("/DeviceRGB", "/RGB")  # /RGB: the abbreviation inline images may use


def rgb_kind(space: pikepdf.Object | None, resources: pikepdf.Dictionary | None = None) -> str | None:
    """'DeviceRGB', 'CalRGB', 'ICC RGB', 'indexed RGB', 'spot colour with an RGB alternate' when
    `space` is RGB, else None. A space named in `resources` is looked up there."""
    if space is None:
        return None
    if isinstance(space, pikepdf.Name):
        if space in DEVICE_RGB_NAMES:
            return "DeviceRGB"
        if space == "/CalRGB":
            return "CalRGB"
        named = resources.get("/ColorSpace", pikepdf.Dictionary()).get(space) if resources is not None else None
        return rgb_kind(named, resources) if named is not None else None
    if not isinstance(space, pikepdf.Array) or not len(space):
        return None
    family = space[0]
    if family == "/CalRGB":
        return "CalRGB"
    if family == "/ICCBased":
        return "ICC RGB" if space[1].get("/N") == 3 else None
    if family in ("/Indexed", "/I") and len(space) > 1:
        return "indexed RGB" if rgb_kind(space[1], resources) else None
    if family == "/Pattern" and len(space) > 1:
        return rgb_kind(space[1], resources)
    if family in ("/Separation", "/DeviceN") and len(space) > 2:
        return "spot colour with an RGB alternate" if rgb_kind(space[2], resources) else None
    return None
