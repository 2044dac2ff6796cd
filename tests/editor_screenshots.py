"""Screenshots of the browser editor at 1280 × 800, in French and in English, for the README:
`python3 tests/editor_screenshots.py` writes docs/pictures/editor-fr.png and editor-en.png."""
from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from affiche.editor.app import field_id
from affiche.load.content import CONTENT_FILE
from conftest import CHROMIUM, CHROMIUM_ARGS
from editor_session import new_page, scratch_project, start_editor

PICTURES = Path(__file__).resolve().parent.parent / "docs" / "pictures"
BULLET = ("sections", 0, "bullets", 1)  # its French repeats a phrase: a finding shows


def main() -> None:
    PICTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        session = start_editor(scratch_project(Path(folder)))
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = new_page(browser, session, "fr-CA")
            page.wait_for_function("Number(document.getElementById('preview-image').dataset.version) > 0",
                                   timeout=60_000)
            for lang, switch in (("fr", "English"), ("en", None)):
                page.locator(f"[id='{field_id(CONTENT_FILE, BULLET, 'item')}']").evaluate(
                    "unit => { unit.scrollIntoView(); window.scrollBy(0, -330); }")
                page.screenshot(path=PICTURES / f"editor-{lang}.png")
                if switch:
                    page.get_by_role("link", name=switch).click()
                    page.wait_for_load_state("load")
        finally:
            browser.close()
            session.stop()


if __name__ == "__main__":
    main()
