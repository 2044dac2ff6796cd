"""The QR code of the online version: vector squares, for the handouts and the posters alike.

reportlab's encoder computes the matrix (error correction M, 15 % of the code may be lost
to a fold or a smudge); the modules are drawn here as one path of horizontal runs, on a white
square holding the quiet zone of four modules that readers need around the code. The dark
modules are plain black, which the print variants give black ink alone (pdf/cmyk.py: neutral
colours convert to K only), so the code prints on one plate and cannot be blurred by
misregistration.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

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
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(address)
    code.make()
    count = code.getModuleCount()
    side = count + 2 * QUIET_MODULES
    runs = "".join(f"M{start + QUIET_MODULES} {row + QUIET_MODULES}h{length}v1h-{length}z"
                   for row in range(count) for start, length in _dark_runs(code, row, count))
    svg = (f'<rect width="{side}" height="{side}" fill="{LIGHT}"/>'
           f'<path d="{runs}" fill="{DARK}" shape-rendering="crispEdges"/>')
    return QrCode(address, count, svg)


def _dark_runs(code, row: int, count: int) -> list[tuple[int, int]]:
    """(first column, length) of each run of dark modules in a row."""
    runs, start = [], None
    for column in range(count + 1):
        dark = column < count and code.isDark(row, column)
        if dark and start is None:
            start = column
        elif not dark and start is not None:
            runs.append((start, column - start))
            start = None
    return runs
