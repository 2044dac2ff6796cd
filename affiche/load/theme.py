"""layouts/themes/<name>.yaml -> a Theme: colours in inks and sRGB, and font files inside fonts/."""
from __future__ import annotations

import re
from pathlib import Path

from ..model.theme import THEME_COLOURS, Colour, FontFace, FontFamily, Theme
from .reader import Reader, describe, relative_name
from .yamlsrc import KeyPath, read_yaml

FACE_STYLES = {"regular": (400, "normal"), "italic": (400, "italic"), "bold": (700, "normal"),
               "bold-italic": (700, "italic"), "black": (900, "normal")}
# Theme strings that reach the handout's CSS: no quotes, parentheses or backslashes to break out of it.
FAMILY_NAME = re.compile(r"\w[\w .-]*")
FONT_FILE_NAME = re.compile(r"/?[\w .+-]+(/[\w .+-]+)*")  # a leading / fails as outside fonts/
WEB_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")


def load_theme(layout_reader: Reader, root: Path) -> Theme:
    name = layout_reader.string(("theme",), "a theme name")
    if not name.replace("-", "").isalnum():
        raise layout_reader.error(("theme",), f"theme name '{name}' is not a plain name",
                                  "give the name of a file in layouts/themes/ without folder or '.yaml', e.g. ircc")
    path = root / "layouts" / "themes" / f"{name}.yaml"
    if not path.is_file():
        raise layout_reader.error(("theme",), f"no theme named '{name}' in layouts/themes/",
                                  "create layouts/themes/<name>.yaml or fix the name")
    reader = Reader(read_yaml(path, relative_name(path, root)))
    reader.mapping((), ("colours", "fonts"))
    colours = {key: read_colour(reader, ("colours", key)) for key in reader.mapping(
        ("colours",), THEME_COLOURS)}
    fonts = {role: read_font_family(reader, ("fonts", role), root) for role in reader.mapping(
        ("fonts",), ("body", "headings"))}
    return Theme(name, colours, fonts)


def read_colour(reader: Reader, path: KeyPath) -> Colour:
    spec = reader.mapping(path, ("cmyk", "srgb"))
    cmyk = spec["cmyk"]
    if (not isinstance(cmyk, list) or len(cmyk) != 4
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 100 for v in cmyk)):
        raise reader.error(path + ("cmyk",), f"expected four percentages, got {describe(cmyk)}",
                           "write [cyan, magenta, yellow, black], each 0 to 100")
    srgb = reader.string(path + ("srgb",), "an sRGB colour")
    if len(srgb) != 7 or srgb[0] != "#" or any(c not in "0123456789abcdefABCDEF" for c in srgb[1:]):
        raise reader.error(path + ("srgb",), f"'{srgb}' is not an sRGB colour", "write it as #RRGGBB")
    return Colour(str(path[-1]), tuple(float(v) for v in cmyk), srgb.lower())


def read_font_family(reader: Reader, path: KeyPath, root: Path) -> FontFamily:
    reader.mapping(path, ("family", "faces"))  # only these two keys
    family = reader.string(path + ("family",), "a font family name")
    if not FAMILY_NAME.fullmatch(family):
        raise reader.error(path + ("family",), f"font family name '{family}' has characters other than letters, "
                           "digits, spaces, '.' and '-'", "write the family name as the font names it, e.g. Noto Sans")
    faces = []
    for style in reader.mapping(path + ("faces",), (), tuple(FACE_STYLES)):
        here = path + ("faces", style)
        file = reader.string(here, "a font file")
        if WEB_ADDRESS.match(file):
            raise reader.error(here, f"font '{file}' is a web address: fonts are read only from the project's "
                               "fonts/ folder, never downloaded",
                               "save the font file in fonts/ and give its path there")
        if not FONT_FILE_NAME.fullmatch(file):
            raise reader.error(here, f"font file name '{file}' has characters other than letters, digits, "
                               "spaces and . _ - + /", "rename the file")
        font_path = (root / "fonts" / file).resolve()
        if (root / "fonts").resolve() not in font_path.parents:
            raise reader.error(here, f"font '{file}' is outside fonts/", "put the font file in fonts/")
        if not font_path.is_file():
            raise reader.error(here, f"font file fonts/{file} not found",
                               "add the file to fonts/ (with its licence) or fix the name")
        weight, slant = FACE_STYLES[style]
        faces.append(FontFace(f"fonts/{file}", weight, slant))
    if not faces:
        raise reader.error(path + ("faces",), "no font faces listed", f"add some of: {', '.join(FACE_STYLES)}")
    return FontFamily(str(path[-1]), family, tuple(faces))
