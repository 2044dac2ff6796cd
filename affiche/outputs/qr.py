"""The QR code of the online version: vector squares, for the handouts and the posters alike.

segno computes the matrix (error correction M, 15 % of the code may be lost to a fold or a
smudge; it imports in a fifth of the time reportlab's encoder took, which every process drawing
a code paid, and encodes twice as fast). The modules are drawn here as one path of horizontal
runs, on a white square holding the quiet zone of four modules that readers need around the code.
The dark modules are plain black, which the print variants give black ink alone (pdf/cmyk.py:
neutral colours convert to K only), so the code prints on one plate and cannot be blurred by
misregistration.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import groupby

QUIET_MODULES = 4
DARK, LIGHT = "#000000", "#ffffff"


@dataclass(frozen=True)
class QrCode:
    address: str
    modules: int  # modules on a side, quiet zone excluded
    svg: str  # in module units, the quiet zone included

    @property
    def view_box(self) -> tuple[float, float, float, float]:
        side = self.modules + 2 * QUIET_MODULES
        return (0.0, 0.0, float(side), float(side))


@cache
def qr_code(address: str) -> QrCode:
    import segno  # only a process that draws a code needs it

    matrix = segno.make_qr(address, error="m", boost_error=False).matrix  # rows of 0 and 1, no quiet zone
    count = len(matrix)
    side = count + 2 * QUIET_MODULES
    runs = "".join(f"M{start + QUIET_MODULES} {row + QUIET_MODULES}h{length}v1h-{length}z"
                   for row, modules in enumerate(matrix) for start, length in _dark_runs(modules))
    svg = (f'<rect width="{side}" height="{side}" fill="{LIGHT}"/>'
           f'<path d="{runs}" fill="{DARK}" shape-rendering="crispEdges"/>')
    return QrCode(address, count, svg)


def _dark_runs(modules: bytes) -> list[tuple[int, int]]:
    """(first column, length) of each run of dark modules in a row."""
    runs, column = [], 0
    for dark, run in groupby(modules):
        length = len(list(run))
        if dark:
            runs.append((column, length))
        column += length
    return runs
