"""Artwork and QR codes as the pictures WeasyPrint paints: standalone SVG in a data: address.

Both are decorative where they stand (the department's name is printed beside its signature, the
address beside its code), so the handouts and the posters paint them as backgrounds, which a
tagged PDF keeps out of what assistive technology reads. A data: address is the only kind the
project's fetcher lets through besides fonts/ and svg/, and it holds the reduced artwork, never the
file as the user wrote it.
"""
from __future__ import annotations

import base64

from ..pdf.variant import Variant


def picture_uri(view_box: tuple[float, float, float, float], shapes: str, variant: Variant) -> str:
    """Shapes in their viewBox as a standalone SVG, colours as the variant prints them."""
    x, y, width, height = view_box
    return data_uri(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x:g} {y:g} {width:g} {height:g}" '
                    f'width="{width:g}" height="{height:g}">{variant.svg(shapes)}</svg>')


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
