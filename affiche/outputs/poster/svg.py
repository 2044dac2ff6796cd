"""The poster's SVG master, drawn from its composition.

Text stays text, one <text> per line, at the baselines WeasyPrint gives the same lines in the
PDF; kerning and ligatures are off, as in the PDF, so the letters stand where they were
measured. The SVG holds no external reference, and carries the poster's language, a <title>
and a <desc> per language, and every passage in another language in a group of its own.
"""
from __future__ import annotations

from html import escape

from ...localize.inline import Run
from .compose import Block, MapFigure, Picture, Poster, Rect
from .setting import Node, Paragraph, TextStyle

# librsvg kerns whatever it is told; cairosvg, browsers and WeasyPrint do as this says.
NO_KERNING = "font-kerning:none;font-variant-ligatures:none"


def poster_svg(poster: Poster) -> str:
    bleed = poster.bleed
    width, height = poster.width + 2 * bleed, poster.height + 2 * bleed
    language = poster.language
    titles = "".join(f"<title{_lang(tag, language)}>{escape(title)}</title>" for tag, title, _ in poster.labels)
    descriptions = "".join(f"<desc{_lang(tag, language)}>{escape(description)}</desc>"
                           for tag, _, description in poster.labels)
    figures = [entry for entry in poster.reading if isinstance(entry, MapFigure)]
    blocks = [entry for entry in poster.reading if isinstance(entry, Block)]
    pictures = {kind: "".join(picture_group(picture) for picture in poster.pictures if picture.kind == kind)
                for kind in ("artwork", "qr")}
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" xml:lang="{language}" '
        f'width="{width * 25.4 / 72:g}mm" height="{height * 25.4 / 72:g}mm" '
        f'viewBox="{-bleed:.2f} {-bleed:.2f} {width:.2f} {height:.2f}" style="{NO_KERNING}">'
        f"{titles}{descriptions}"
        f'<rect id="page" x="{-bleed:.2f}" y="{-bleed:.2f}" width="{width:.2f}" height="{height:.2f}" '
        f'fill="#ffffff"/>'
        f'<g id="panels">{"".join(rect_svg(rect) for rect in poster.panels)}</g>'
        + "".join(_map(figure) for figure in figures)
        + "".join(f'<g id="{kind}">{svg}</g>' for kind, svg in pictures.items() if svg)
        + f'<g id="legend">{"".join(node_svg(b.node) for b in blocks if b.layer == "legend")}</g>'
        f'<g id="text">{"".join(node_svg(b.node) for b in blocks if b.layer == "text")}</g></svg>'
    )


def rect_svg(rect: Rect) -> str:
    return (f'<rect x="{rect.x:.2f}" y="{rect.y:.2f}" width="{rect.width:.2f}" height="{rect.height:.2f}" '
            f'fill="{rect.colour}"/>')


def picture_group(picture: Picture) -> str:
    """A picture's shapes scaled from their viewBox into its frame (the aspect is the frame's)."""
    x, y, width, _ = picture.view_box
    scale = picture.frame.width / width
    return (f'<g transform="translate({picture.frame.x - x * scale:.3f} {picture.frame.y - y * scale:.3f}) '
            f'scale({scale:.5f})">{picture.svg}</g>')



def _map(figure: MapFigure) -> str:
    return f'<g id="map" transform="translate({figure.frame.x:.2f} {figure.frame.y:.2f})">{figure.svg}</g>'


def _lang(tag: str, document_language: str) -> str:
    return "" if tag == document_language else f' xml:lang="{tag}"'


def node_svg(node: Node) -> str:
    inner = (paragraph_svg(node.text) if node.text else "") + "".join(node_svg(child) for child in node.children)
    return f'<g xml:lang="{node.lang}">{inner}</g>' if node.lang else inner


def paragraph_svg(paragraph: Paragraph) -> str:
    parts = []
    if paragraph.marker:
        x, baseline = paragraph.marker_origin()
        parts.append(_text((Run(paragraph.marker.glyph),), x, baseline, paragraph.marker.style, "marker"))
    for line, baseline in zip(paragraph.lines, paragraph.baselines()):
        parts.append(_text(line, paragraph.x, baseline, paragraph.style))
    return "".join(parts)


def _text(line: tuple[Run, ...], x: float, y: float, style: TextStyle, css_class: str = "") -> str:
    """One line; a paragraph's own weight is already its runs' (setting.py)."""
    spans = "".join(_span(run) for run in line)
    spacing = f' letter-spacing="{style.letter_spacing * style.size:.3f}"' if style.letter_spacing else ""
    kind = f' class="{css_class}"' if css_class else ""
    return (f'<text{kind} x="{x:.2f}" y="{y:.2f}" font-family="{escape(style.typeface.family.family)}" '
            f'font-size="{style.size:g}" fill="{style.colour}"{spacing} xml:space="preserve">{spans}</text>')


def _span(run: Run) -> str:
    attributes = (' font-weight="bold"' if run.bold else "") + (' font-style="italic"' if run.italic else "")
    text = escape(run.text, quote=False)
    return f"<tspan{attributes}>{text}</tspan>" if attributes else text
