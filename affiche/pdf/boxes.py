"""PDF rectangles, as page boxes hold them."""
from __future__ import annotations

import pikepdf

Box = tuple[float, float, float, float]


def rectangle(box: pikepdf.Array) -> Box:
    """A box normalised: lower-left corner first, whichever order the file gives its corners in."""
    x0, y0, x1, y1 = (float(value) for value in box)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def grow(box: Box, by: float) -> Box:
    x0, y0, x1, y1 = box
    return tuple(round(value, 4) for value in (x0 - by, y0 - by, x1 + by, y1 + by))


def inside(inner: Box, outer: Box, tolerance: float) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)
