"""svg/<file> -> Artwork: a user's SVG reduced to shapes affiche draws safely, or a one-line refusal.

Artwork comes from users (a partner's logo, the department's signature), so it is read as
untrusted: with defusedxml (no entity, no external DTD, nothing fetched), at most
MAX_ARTWORK_BYTES and MAX_ELEMENTS elements nested MAX_DEPTH deep, and rebuilt from scratch out
of what it may hold: groups, shapes, paths and text, with solid fills and strokes and transforms.

Refused, each with its file, line, column and element and what to do: scripts, event attributes
(onload=…), links and references of any kind (href, xlink:href, data: URIs, url(…) paints),
foreignObject, raster images, style sheets, gradients, patterns, filters, masks and transparency.
Left out, since they draw nothing: titles, descriptions, metadata, ids and classes, and what
drawing programs keep in their own namespaces. Colours come out as #rrggbb, which the print
variants turn into inks like every other colour (pdf/cmyk.py).
"""
from __future__ import annotations

import re
import xml.sax
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from ..errors import AfficheError, Location
from ..model.artwork import Artwork
from .files import read_project_file, shown_name

MAX_ARTWORK_BYTES = 1_000_000  # a signature or a logo is a few KB
MAX_ELEMENTS = 5_000
MAX_DEPTH = 32
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
SHAPES = ("svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan")
DESCRIPTIVE = ("title", "desc", "metadata")  # dropped with all they hold
REFUSED = {
    "script": ("a script", "remove it: artwork is drawn, never run"),
    "foreignObject": ("a foreignObject (web content inside the SVG)", "remove it and draw its content as shapes"),
    "image": ("an image (raster or linked)", "redraw it as vector shapes, or export the artwork without images"),
    "use": ("a reference to other shapes", "replace the <use> with a copy of the shapes it shows"),
    "style": ("a style sheet", "write colours as fill and stroke attributes instead"),
    "a": ("a link", "remove the <a> and keep the shapes inside it"),
}
GEOMETRY = ("d", "x", "y", "width", "height", "cx", "cy", "r", "rx", "ry", "x1", "y1", "x2", "y2", "points",
            "transform", "dx", "dy", "stroke-width", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
            "font-size", "letter-spacing")
KEYWORDS = {"stroke-linecap": ("butt", "round", "square"), "stroke-linejoin": ("miter", "round", "bevel"),
            "fill-rule": ("nonzero", "evenodd"), "font-weight": ("normal", "bold", "100", "200", "300", "400", "500",
                                                                 "600", "700", "800", "900"),
            "font-style": ("normal", "italic"), "text-anchor": ("start", "middle", "end")}
PAINTS = ("fill", "stroke")
OPACITIES = ("opacity", "fill-opacity", "stroke-opacity")
NUMBERS = re.compile(r"[0-9a-zA-Z.,+\-\s()%]*")  # path data, lengths, transforms: nothing that quotes or refers
FAMILY = re.compile(r"[A-Za-z0-9 ._+-]{1,64}")
HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
RGB = re.compile(r"rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)")
NAMED = {"black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000", "blue": "#0000ff",
         "grey": "#808080", "gray": "#808080"}
FIX_COLOUR = "write a flat colour such as #26374a"


def read_artwork(root: Path, name: str, where: Location) -> Artwork:
    """The artwork svg/<name> that the layout key at `where` places."""
    path = root / "svg" / name
    data = read_project_file(path, root, MAX_ARTWORK_BYTES, where, too_big="simplify the artwork or export it "
                             "without embedded images")
    builder = SafeSvg(shown_name(path, root))
    parser = DefusedExpatParser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setContentHandler(builder)
    try:
        parser.parse(BytesIO(data))
    except xml.sax.SAXParseException as exc:
        raise builder.refusal(exc.getLineNumber(), exc.getColumnNumber(), "the file", f"not well-formed XML: "
                              f"{exc.getMessage()}", "export the artwork again as plain SVG") from None
    except _ReadStops as exc:
        raise exc.error from None
    except DefusedXmlException as exc:  # an entity, an external reference
        raise builder.refusal(builder.line, builder.column, "<!DOCTYPE>", _defused_problem(exc),
                              "remove the DOCTYPE's declarations: artwork is read without them") from None
    return builder.artwork()


def _defused_problem(exc: Exception) -> str:
    kind = type(exc).__name__
    name = getattr(exc, "name", None)
    if kind == "EntitiesForbidden":
        return f"an entity declaration ({name}), which could read files or expand without end"
    if kind == "ExternalReferenceForbidden":
        return "a reference to an external file or address"
    return f"something affiche does not read ({kind})"


class _ReadStops(Exception):
    """Raised from inside the parser's callbacks to stop it at the first refusal."""

    def __init__(self, error: AfficheError) -> None:
        self.error = error


class SafeSvg(xml.sax.handler.ContentHandler):
    """Builds the safe SVG while the parser reads, refusing at the first thing it may not hold."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file
        self.parts: list[str] = []
        self.open: list[str | None] = []  # each open element's tag as written out, None if left out
        self.skipping = 0  # depth inside an element left out with its content
        self.count = 0
        self.view_box: tuple[float, float, float, float] | None = None
        self.locator = None

    # ---------------------------------------------------------------- the parser's callbacks

    def setDocumentLocator(self, locator) -> None:
        self.locator = locator

    def startElementNS(self, name, qname, attributes) -> None:
        uri, local = name
        self.count += 1
        if self.count > MAX_ELEMENTS:
            self.stop(f"<{local}>", f"more than {MAX_ELEMENTS} elements",
                      "simplify the artwork: join its paths and remove hidden layers")
        if len(self.open) >= MAX_DEPTH:
            self.stop(f"<{local}>", f"elements nested more than {MAX_DEPTH} deep", "ungroup some of its groups")
        if self.skipping or uri not in (SVG_NS, None) or local in DESCRIPTIVE:
            self.skipping += 1
            self.open.append(None)
            return
        if not self.open and local != "svg":
            self.stop(f"<{local}>", "not an SVG file: its root element is not <svg>", "export the artwork as SVG")
        self.refuse_references(local, attributes)
        if local in REFUSED or local not in SHAPES:
            problem, fix = REFUSED.get(local, (f"an element affiche does not draw ({', '.join(SHAPES)} are)",
                                               "remove it, or convert it to paths in the drawing program"))
            self.stop(f"<{local}>", problem, fix)
        kept = self.attributes(local, attributes, root=not self.open)
        if not self.open:
            self.view_box = self.root_view_box(attributes)
            self.parts.append(f"<g{kept}>")
            self.open.append("g")
        else:
            self.parts.append(f"<{local}{kept}>")
            self.open.append(local)

    def endElementNS(self, name, qname) -> None:
        tag = self.open.pop()
        if tag is None:
            self.skipping -= 1
        else:
            self.parts.append(f"</{tag}>")

    def characters(self, content: str) -> None:
        if not self.skipping and self.open and self.open[-1] in ("text", "tspan"):
            self.parts.append(escape(content))

    # ---------------------------------------------------------------- attributes

    def refuse_references(self, element: str, attributes) -> None:
        """Event attributes and references of any kind: what would run, or read something else."""
        for (uri, local), value in attributes.items():
            if local.lower().startswith("on"):
                self.stop(f"<{element} {local}>", "an event attribute, which would run a script",
                          f"remove {local}")
            if local == "href":
                kind = "a data: URI" if value.strip().lower().startswith("data:") else "an external reference"
                self.stop(f"<{element} href>", f"{kind} ({value[:40]})", "remove the reference and draw the "
                          "shapes in the file itself")

    def attributes(self, element: str, attributes, root: bool) -> str:
        """The attributes written out; the root's become a group's, which has no size or place."""
        values = {}
        for (uri, local), value in attributes.items():
            if uri is None and local == "style":
                values.update(self.style_declarations(element, value))
            elif uri is None:
                values[local] = value
        kept = (self.kept(element, name, value) for name, value in values.items()
                if not (root and name in GEOMETRY))
        return "".join(f" {name}={quoteattr(value)}" for name, value in (pair for pair in kept if pair))

    def style_declarations(self, element: str, style: str) -> dict[str, str]:
        declarations = {}
        for declaration in style.split(";"):
            if ":" in declaration:
                name, value = declaration.split(":", 1)
                declarations[name.strip()] = value.strip()
        return declarations

    def kept(self, element: str, name: str, value: str) -> tuple[str, str] | None:
        """(name, value) as written out, None for what draws nothing; a refusal for what is unsafe."""
        value = value.strip()
        if "url(" in value.replace(" ", "").lower():
            self.stop(f"<{element} {name}>", "a gradient, pattern or other url(…) reference", FIX_COLOUR)
        if name in PAINTS:
            return name, self.colour(element, name, value)
        if name in OPACITIES:
            if _number(value) == 1.0:
                return None
            self.stop(f"<{element} {name}>", "transparency, which prints unevenly", "flatten it: give the shape "
                      "the colour it shows, fully opaque")
        if name in GEOMETRY:
            if not NUMBERS.fullmatch(value):
                self.stop(f"<{element} {name}>", f"a {name} that is not numbers ({value[:40]})", "export again")
            return name, value
        if name in KEYWORDS:
            return (name, value) if value in KEYWORDS[name] else None
        if name == "font-family":
            return (name, value.replace("'", "").replace('"', "")) if FAMILY.fullmatch(value.strip("'\"")) else None
        return None  # ids, classes, editors' settings: nothing refers to them once the file is rebuilt

    def colour(self, element: str, name: str, value: str) -> str:
        lowered = value.lower()
        if lowered in ("none", "transparent"):
            return "none"
        if HEX.fullmatch(lowered):
            digits = lowered[1:]
            return "#" + ("".join(char * 2 for char in digits) if len(digits) == 3 else digits)
        if RGB.fullmatch(lowered) and all(int(part) <= 255 for part in RGB.fullmatch(lowered).groups()):
            return "#" + "".join(f"{int(part):02x}" for part in RGB.fullmatch(lowered).groups())
        if lowered in NAMED:
            return NAMED[lowered]
        self.stop(f"<{element} {name}>", f"the colour {value[:40]!r}, which affiche cannot print as inks",
                  FIX_COLOUR)

    def root_view_box(self, attributes) -> tuple[float, float, float, float]:
        values = {local: value for (uri, local), value in attributes.items() if uri is None}
        if "viewBox" in values:
            numbers = [_number(part) for part in values["viewBox"].replace(",", " ").split()]
        else:
            numbers = [0.0, 0.0, _number(values.get("width", "")), _number(values.get("height", ""))]
        if len(numbers) != 4 or any(n is None for n in numbers) or numbers[2] <= 0 or numbers[3] <= 0:
            self.stop("<svg>", "no size: neither a viewBox nor a width and height in numbers",
                      "give the <svg> a viewBox such as viewBox=\"0 0 120 40\"")
        return tuple(numbers)

    # ---------------------------------------------------------------- results and refusals

    @property
    def line(self) -> int:
        return self.locator.getLineNumber() if self.locator else 0

    @property
    def column(self) -> int:
        return self.locator.getColumnNumber() + 1 if self.locator else 0

    def refusal(self, line: int, column: int, what: str, problem: str, fix: str) -> AfficheError:
        return AfficheError(Location(self.file, line, column, what), problem, fix)

    def stop(self, what: str, problem: str, fix: str):
        raise _ReadStops(self.refusal(self.line, self.column, what, problem, fix))

    def artwork(self) -> Artwork:
        if self.view_box is None:
            raise self.refusal(0, 0, "the file", "no <svg> element", "export the artwork as SVG")
        return Artwork(self.file, self.view_box, "".join(self.parts))


def _number(text: str) -> float | None:
    match = re.fullmatch(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(px|pt)?\s*", text)
    return float(match.group(1)) if match else None
