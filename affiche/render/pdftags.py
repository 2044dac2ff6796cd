"""Tagged (accessible) PDFs from WeasyPrint, with the language of each passage.

WeasyPrint builds the structure tree from the HTML (h1 -> H1, ul/li -> L/LI, an inline
<svg> -> Figure whose /Alt is its <title>) and writes the document's language, from
<html lang>, on the catalogue, but gives no structure element a /Lang of its own. A
bilingual PDF needs one on every passage in the other language, or a screen reader
speaks the English with French pronunciation. So this module wraps WeasyPrint's
structure builder: an element carrying a `lang` attribute gives its structure element
/Lang, which the element's descendants inherit (ISO 32000-1, 14.9.2). The <html> and
<body> boxes make no structure element; a `lang` on them that differs from the
catalogue's (the second document of a tête-bêche) goes on their top-level children.

The wrapper is installed once, when this module is imported, and only adds an entry:
the tree WeasyPrint builds is otherwise unchanged.
"""
from __future__ import annotations

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags

from ..model import PrintSpec

SCREEN_OPTIONS = {"pdf_variant": "pdf/ua-1"}  # tagged, PDF 1.7, XMP naming PDF/UA-1


def pdf_options(print_spec: PrintSpec | None) -> dict:
    """write_pdf options: PDF/UA-1 for screens; for print the layout's PDF/X, tagged as well
    (WeasyPrint takes one variant at a time, and tags combine with PDF/X-4)."""
    if print_spec is None:
        return dict(SCREEN_OPTIONS)
    return {"pdf_variant": print_spec.pdf, "pdf_tags": True}


def _declared_language(box) -> str | None:
    element = getattr(box, "element", None)
    return None if element is None else element.get("lang") or None


def _passes_children_up(box) -> bool:
    """The boxes WeasyPrint makes no structure element of: it yields their children's instead."""
    return isinstance(box, boxes.PageBox) or getattr(box, "element_tag", None) in ("html", "body")


def _build_box_tree_with_languages(box, parent, pdf, *arguments):
    language = _declared_language(box)
    passes_up = _passes_children_up(box)
    for element in _weasyprint_build_box_tree(box, parent, pdf, *arguments):
        # A passed-up child keeps a /Lang of its own, and needs none in the catalogue's language.
        if language and (not passes_up or ("Lang" not in element and language != _catalogue_language(pdf))):
            element["Lang"] = pydyf.String(language)
        yield element


def _catalogue_language(pdf) -> str | None:
    language = pdf.catalog.get("Lang")  # a pydyf.String, set from <html lang> before the tags
    return None if language is None else language.string


if getattr(tags._build_box_tree, "__wrapped__", None) is None:
    _weasyprint_build_box_tree = tags._build_box_tree
    _build_box_tree_with_languages.__wrapped__ = _weasyprint_build_box_tree
    tags._build_box_tree = _build_box_tree_with_languages
else:  # imported again (importlib.reload): keep the one wrapper
    _weasyprint_build_box_tree = tags._build_box_tree.__wrapped__
