"""The one Jinja2 environment for every template in affiche/templates/.

HTML templates autoescape, so content text can never become markup; CSS templates
are rendered through STYLESHEETS, an overlay without escaping. Undefined names are
errors, so a template that asks for a missing value fails loudly instead of printing
nothing.
"""
from __future__ import annotations

import jinja2

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("affiche", "templates"),
    autoescape=jinja2.select_autoescape(["html.j2"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@jinja2.pass_context
def colour(context: jinja2.runtime.Context, value) -> str:
    """`{{ theme.colours.ink | colour }}`: a theme colour as the variant being rendered writes it,
    through the `css_colour` the render is given."""
    return context["css_colour"](value)


# One environment, so that each stylesheet is compiled once per process, not once per render.
STYLESHEETS = TEMPLATES.overlay(autoescape=False)
STYLESHEETS.filters = {**TEMPLATES.filters, "colour": colour}


def css_string(text: str) -> str:
    """Text as a CSS string literal, whatever quotes, backslashes or line breaks it holds."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'
