"""Make every renderer see the project's fonts and no others.

WeasyPrint (through Pango) finds fonts with fontconfig, which by default searches
the machine's font folders. Pointing
FONTCONFIG_FILE at a configuration that lists only fonts/ makes outputs identical
on every machine and turns a glyph missing from our fonts into a visible gap
rather than a silent substitution from whatever happens to be installed.
It must run before fontconfig first loads: the pipeline's entries (a build, a check,
and each worker process) call it with the project's fonts/ before anything is drawn.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from html import escape


def config_text(fonts_dir: Path, cache_dir: Path) -> str:
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{escape(str(fonts_dir), quote=False)}</dir>\n"
        f"  <cachedir>{escape(str(cache_dir), quote=False)}</cachedir>\n"
        "</fontconfig>\n"
    )


def isolate(fonts_dir: Path) -> Path:
    """Write the configuration (once per fonts folder) and point fontconfig at it; takes effect
    only before fontconfig's first use in this process."""
    key = hashlib.sha256(str(fonts_dir).encode()).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"affiche-fontconfig-{key}"
    folder.mkdir(exist_ok=True)
    config = folder / "fonts.conf"
    text = config_text(fonts_dir, folder / "cache")
    if not config.exists() or config.read_text() != text:
        temporary = folder / f".fonts.conf.{os.getpid()}"
        temporary.write_text(text)
        temporary.replace(config)
    os.environ["FONTCONFIG_FILE"] = str(config)
    return config
