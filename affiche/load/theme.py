"""layouts/themes/<name>.yaml -> a Theme: colours in inks and sRGB, and font files inside fonts/."""
from __future__ import annotations

import io
import os
import re
import struct
from pathlib import Path

from fontTools.ttLib import TTFont

from ..model.theme import DEFAULT_INK_LIMIT, THEME_COLOURS, Colour, FontFace, FontFamily, Theme
from .files import read_project_file, shown_name
from .reader import Reader, describe
from .yamlsrc import KeyPath, read_yaml

FACE_STYLES = {"regular": (400, "normal"), "italic": (400, "italic"), "bold": (700, "normal"),
               "bold-italic": (700, "italic"), "black": (900, "normal")}
# Theme strings that reach the handout's CSS: no quotes, parentheses or backslashes to break out of it.
FAMILY_NAME = re.compile(r"\w[\w .-]*")
FONT_FILE_NAME = re.compile(r"/?[\w .+-]+(/[\w .+-]+)*")  # a leading / fails as outside fonts/
WEB_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|//")
MAX_FONT_BYTES = 50_000_000  # a face with every CJK glyph is about 20 MB; the Lato faces are 700 KB
MAX_REASON_CHARS = 120  # of what fontTools says is wrong with a font file
INK_LIMITS = (200, 400)  # % total area coverage: newsprint takes about 240, coated sheet-fed 300 to 340


def load_theme(layout_reader: Reader, root: Path) -> Theme:
    name = layout_reader.string(("theme",), "a theme name")
    if not name.replace("-", "").isalnum():
        raise layout_reader.error(("theme",), f"theme name '{name}' is not a plain name",
                                  "give the name of a file in layouts/themes/ without folder or '.yaml', e.g. ircc")
    path = root / "layouts" / "themes" / f"{name}.yaml"
    if not os.path.lexists(path):  # a link to nowhere is not missing: read_yaml says what it is
        raise layout_reader.error(("theme",), f"no theme named '{name}' in layouts/themes/",
                                  "create layouts/themes/<name>.yaml or fix the name")
    reader = Reader(read_yaml(path, root))
    keys = reader.mapping((), ("colours", "fonts"), ("ink-limit",))
    colours = {key: read_colour(reader, ("colours", key)) for key in reader.mapping(
        ("colours",), THEME_COLOURS)}
    fonts = {role: read_font_family(reader, ("fonts", role), root) for role in reader.mapping(
        ("fonts",), ("body", "headings"))}
    ink_limit = read_ink_limit(reader) if "ink-limit" in keys else DEFAULT_INK_LIMIT
    return Theme(name, colours, fonts, ink_limit)


def read_ink_limit(reader: Reader) -> float:
    value = reader.get(("ink-limit",))
    low, high = INK_LIMITS
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise reader.error(("ink-limit",), f"expected a total ink coverage of {low} to {high} (%), "
                           f"got {describe(value)}", "ask the print shop; 300 suits coated paper")
    return float(value)


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
    return Colour(str(path[-1]), tuple(float(v) for v in cmyk), srgb.lower(), reader.where(path))


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
        font_path = root / "fonts" / file
        if (root / "fonts").resolve() not in font_path.resolve().parents:
            raise reader.error(here, f"font '{file}' is outside fonts/", "put the font file in fonts/")
        if not os.path.lexists(font_path):
            raise reader.error(here, f"font file fonts/{file} not found",
                               "add the file to fonts/ (with its licence) or fix the name")
        check_font_file(reader, here, font_path, root)
        weight, slant = FACE_STYLES[style]
        faces.append(FontFace(f"fonts/{file}", weight, slant))
    if not faces:
        raise reader.error(path + ("faces",), "no font faces listed", f"add some of: {', '.join(FACE_STYLES)}")
    return FontFamily(str(path[-1]), family, tuple(faces))


def check_font_file(reader: Reader, here: KeyPath, path: Path, root: Path) -> None:
    """The font file must be a font the renderers can read: one that is not, or is cut short,
    would otherwise fail deep inside WeasyPrint or ReportLab, far from the theme that names it.
    Every layout names the theme's fonts again: a file seen unchanged (same size and time) is not
    read twice in one process."""
    try:
        seen = path.resolve().stat()
        known = _checked.get(path.resolve())
    except OSError:
        seen = known = None
    if known is not None and known == (seen.st_size, seen.st_mtime_ns):
        return
    data = read_project_file(path, root, MAX_FONT_BYTES, reader.where(here), "use the font's own TTF or OTF file")
    problem = font_problem(data)
    if problem:
        raise reader.error(here, f"{shown_name(path, root)} is not a font that can be read: {problem}",
                           "replace it with the TTF or OTF file of the font's own distribution")
    if seen is not None:
        _checked[path.resolve()] = (seen.st_size, seen.st_mtime_ns)


_checked: dict[Path, tuple[int, int]] = {}  # font files found readable: their size and modification time


def font_problem(data: bytes) -> str | None:
    """Why fontTools cannot read the font's tables, or None when it can. The character map is
    looked at only as far as its directory of subtables: decoding it in full takes a tenth of a
    second a font, more than a build with nothing to do may spend, and the glyph checks of every
    build that sets text decode it anyway."""
    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        for tag in font.reader.keys():
            font.reader[tag]  # each table's bytes: a file cut short ends inside one of them
        if not has_unicode_subtable(font.reader["cmap"]):
            return "it maps no Unicode character to a glyph"
    except Exception as exc:  # on bad data fontTools raises its TTLibError, but also struct.error, KeyError...
        return (str(exc) or type(exc).__name__)[:MAX_REASON_CHARS]
    return None


def has_unicode_subtable(cmap: bytes) -> bool:
    """Whether the 'cmap' table lists a Unicode subtable (OpenType's platform 0, or Windows' 3 with
    encoding 1 or 10), each within the table."""
    _, count = struct.unpack_from(">HH", cmap, 0)  # version, number of subtables
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * index)
        if offset < len(cmap) and (platform == 0 or (platform, encoding) in ((3, 1), (3, 10))):
            return True
    return False
