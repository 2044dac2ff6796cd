"""The poster as HTML for WeasyPrint, which writes it as a tagged PDF: the same composition as the
SVG master, every line where the SVG has it.

Each heading, paragraph and list item is an element placed absolutely at its first line's top,
its lines kept as composed (white-space: pre, kerning and ligatures off, hyphens already in), so
WeasyPrint breaks nothing itself and puts each baseline where svg.py does. Its elements give the
structure a screen reader reads, in reading order whatever the rows: H1 the title, H2 each block,
lists as L, LI, Lbl and LBody, the map a Figure whose /Alt is its <title>, and each passage in
the other language marked with `lang` (weasyprint_compat.py turns that into /Lang).

What is drawn behind the text (the title band, the panels, the artwork, the QR code) is the page's
background, one SVG: WeasyPrint paints backgrounds as artifacts, which assistive technology skips.
"""
from __future__ import annotations

from html import escape

from markupsafe import Markup

from ...localize.inline import Run
from ...pdf.variant import Variant
from ..edition import Edition
from ..pictures import picture_uri
from ..templates import STYLESHEETS, TEMPLATES, css_string
from ..typeset import timestamp
from .compose import Block, MapFigure, Poster
from .setting import Marker, Node, TextStyle
from .svg import picture_group, rect_svg


def poster_html(poster: Poster, edition: Edition, variant: Variant) -> str:
    markers = marker_classes(poster)
    body = "".join(_entry(entry, variant, markers) for entry in poster.reading)
    info = edition.info
    return TEMPLATES.get_template("poster.html.j2").render(
        language=poster.language, title=info.title, author=info.author, subject=info.subject,
        created=timestamp(edition), body=Markup(body))


def poster_css(poster: Poster, edition: Edition, variant: Variant) -> str:
    layout = edition.layout
    markers = [(name, css_string(marker.text), marker.style.typeface.family.family, marker.style.size,
                variant.hex_colour(marker.style.colour)) for marker, name in marker_classes(poster).items()]
    return STYLESHEETS.get_template("poster.css.j2").render(
        theme=layout.theme, poster=poster, backdrop=backdrop_uri(poster, variant), markers=markers)


def backdrop_uri(poster: Poster, variant: Variant) -> str:
    """Everything drawn behind the text, as one SVG for the page's background (bleed included)."""
    bleed = poster.bleed
    width, height = poster.width + 2 * bleed, poster.height + 2 * bleed
    shapes = "".join(rect_svg(rect) for rect in poster.panels) + "".join(
        picture_group(picture) for picture in poster.pictures)
    return picture_uri((-bleed, -bleed, width, height), shapes, variant)


def marker_classes(poster: Poster) -> dict[Marker, str]:
    """A CSS class for each kind of list marker the poster uses, in order of first use."""
    found: dict[Marker, str] = {}

    def visit(node: Node) -> None:
        if node.text and node.text.marker and node.text.marker not in found:
            found[node.text.marker] = f"marker-{len(found)}"
        for child in node.children:
            visit(child)
    for entry in poster.reading:
        if isinstance(entry, Block):
            visit(entry.node)
    return found


def _entry(entry: Block | MapFigure, variant: Variant, markers: dict[Marker, str]) -> str:
    if isinstance(entry, MapFigure):
        return map_figure(entry, variant)
    return node_html(entry.node, (0.0, 0.0), variant, markers)


def map_figure(figure: MapFigure, variant: Variant) -> str:
    frame = figure.frame
    return (f'<figure class="map" style="{_box(frame.x, frame.y, frame.width)}height:{frame.height:.3f}pt">'
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width:.2f} {frame.height:.2f}" '
            f'width="{frame.width:.2f}pt" height="{frame.height:.2f}pt" role="img">'
            f'<title>{escape(figure.description)}</title>{variant.svg(figure.svg)}</svg></figure>')


def node_html(node: Node, origin: tuple[float, float], variant: Variant, markers: dict[Marker, str]) -> str:
    """An element, placed from `origin` (its positioned ancestor's corner, in page points)."""
    classes = list(node.classes)
    style, content, inner_origin = "", "", origin
    if node.text:
        text = node.text
        style = _box(text.x - origin[0], text.top - origin[1], text.width) + _font(text.style, variant)
        content = "\n".join(_line(line) for line in text.lines)
        inner_origin = (text.x, text.top)
        if text.marker:
            classes.append(markers[text.marker])
    attributes = (f' class="{" ".join(classes)}"' if classes else "") + \
        (f' lang="{node.lang}"' if node.lang else "") + (f' style="{style}"' if style else "")
    children = "".join(node_html(child, inner_origin, variant, markers) for child in node.children)
    return f"<{node.tag}{attributes}>{content}{children}</{node.tag}>"


def _box(x: float, y: float, width: float) -> str:
    return f"left:{x:.3f}pt;top:{y:.3f}pt;width:{width:.3f}pt;"


def _font(style: TextStyle, variant: Variant) -> str:
    spacing = f"letter-spacing:{style.letter_spacing * style.size:.3f}pt;" if style.letter_spacing else ""
    # Family names hold letters, digits, spaces and . _ - + only (load/theme.py): safe in quotes.
    return (f"font:{style.weight} {style.size:g}pt/{style.line_height:.4f}pt '{style.typeface.family.family}';"
            f"color:{variant.hex_colour(style.colour)};{spacing}")


def _line(line: tuple[Run, ...]) -> str:
    return "".join(_run(run) for run in line)


def _run(run: Run) -> str:
    text = escape(run.text, quote=False)
    if run.href:
        text = f'<a href="{escape(run.href)}">{text}</a>'
    if run.italic:
        text = f"<em>{text}</em>"
    return f"<strong>{text}</strong>" if run.bold else text

