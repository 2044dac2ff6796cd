"""The browser editor (render.py edit) in Debian's Chromium, as staff use it: typing, saving, the
preview, the structure, refusals, and what it refuses to let other pages do."""
from __future__ import annotations

import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pypdf
import pytest

from affiche.editor.app import field_id
from affiche.load.content import CONTENT_FILE, load_content
from editor_session import PREVIEW_LAYOUT, git, new_page, scratch_project, start_editor
from scratch import replace_in

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BULLET = ("sections", 1, "bullets", 0)  # "Pour favoriser la coopération…", on one line in the file
BULLET_FR = "Pour favoriser la coopération en matière de mobilité et de migrations mondiales."
BULLET_EN = "To foster cooperation on global mobility and migration."
WAIT_MS = 15_000


@contextmanager
def editor_in(folder: Path, built):
    """An editor of a scratch project in folder, stopped at the end unless a test stopped it."""
    running = start_editor(scratch_project(folder, built))
    yield running
    if running.process.poll() is None:
        running.stop()


@pytest.fixture
def own_editor(tmp_path, built):
    """An editor of its own, for a test that stops it."""
    with editor_in(tmp_path, built) as running:
        yield running


@pytest.fixture(scope="module")
def shared(tmp_path_factory, built):
    """One editor for the tests that write nothing: each opens its own browser context."""
    with editor_in(tmp_path_factory.mktemp("shared-editor"), built) as running:
        yield running


@pytest.fixture(scope="class")
def writing_editor(tmp_path_factory, built):
    with editor_in(tmp_path_factory.mktemp("writing-editor"), built) as running:
        yield running


@pytest.fixture
def session(writing_editor):
    """One editor for the tests that save, each in its own browser context: the content files as
    committed when the test begins, put back after it (the editor reads them at every request)."""
    yield writing_editor
    git(writing_editor.project, "checkout", "-q", "--", "data")
    git(writing_editor.project, "clean", "-qfd", "--", "data")


def field(page, path, part, file=CONTENT_FILE):
    return page.locator(f"[id='{field_id(file, path, part)}']")


def item(page, path, file=CONTENT_FILE):
    return field(page, path, "item", file)


def save(page, button=None) -> str:
    """Press a Save button and wait for the save's answer in the status line, which it returns."""
    page.evaluate("document.getElementById('status').textContent = ''")
    (button or page.locator("header button.primary")).click()
    status = page.locator("#status:not(:empty)")
    status.wait_for(timeout=WAIT_MS)
    return status.text_content()


def preview_version(page) -> int:
    return int(page.locator("#preview-image").get_attribute("data-version"))


def wait_for_preview(page) -> None:
    page.wait_for_function("Number(document.getElementById('preview-image').dataset.version) > 0", timeout=60_000)


# ---------------------------------------------------------------- typing, saving, the preview

class TestSaving:
    """The tests that save, with one editor for them all (`session`), which ends with the last of
    them: a saved edit makes it build every output once no save has come for a while."""

    def test_a_french_bullet_typed_shows_its_print_and_finding_saves_one_line_and_redraws_the_preview(
            self, browser, session):
        page = new_page(browser, session)
        wait_for_preview(page)
        before = page.request.get(f"{session.origin}/preview.png").body()
        shown = preview_version(page)
        typed = ('Pour favoriser la coopération "durable" en matière de mobilité et de migrations mondiales '
                 'depuis 2019.')
        field(page, BULLET, "fr").fill(typed)
        printed = item(page, BULLET).locator(".side[data-lang='fr'] .printed-text")
        printed.filter(has_text="durable").wait_for(timeout=WAIT_MS)
        assert printed.text_content().startswith("Pour favoriser la coopération «\u00a0durable\u00a0» en matière")
        findings = item(page, BULLET).locator(".pair-findings")
        findings.filter(has_text="Les nombres diffèrent").wait_for(timeout=WAIT_MS)
        assert "2019" in findings.text_content()

        status = save(page, item(page, BULLET).locator("xpath=ancestor::section").locator(".group-head button"))
        assert status.startswith("Enregistré dans data/handout.yaml.")
        diff = git(session.project, "diff", "--unified=0", "--", "data").splitlines()
        assert [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
            f"-      - fr: {BULLET_FR}", f"+      - fr: {typed}"]

        page.wait_for_function(f"Number(document.getElementById('preview-image').dataset.version) > {shown}",
                               timeout=WAIT_MS)
        after = page.request.get(f"{session.origin}/preview.png").body()
        assert after != before
        alt = page.locator("#preview-image").get_attribute("alt")
        number = int(alt.split()[1])
        assert alt == f"Page {number} de {PREVIEW_LAYOUT}-fr.pdf, telle qu’elle s’imprimera"
        pdf = pypdf.PdfReader(session.project / "output" / f"{PREVIEW_LAYOUT}-fr.pdf")
        assert "durable" in pdf.pages[number - 1].extract_text()


    def test_the_preview_is_redrawn_after_each_of_two_saves_of_one_field(self, browser, session):
        """How soon is the bench's business (bench/speed.py): here, that each save redraws it."""
        page = new_page(browser, session)
        wait_for_preview(page)
        for word in ("mondiales", "internationales"):  # the second save of the unit is made on the first
            shown = preview_version(page)
            field(page, BULLET, "fr").fill(BULLET_FR.replace("mondiales", word + " et durables"))
            assert save(page).startswith("Enregistré dans data/handout.yaml.")
            page.wait_for_function(f"Number(document.getElementById('preview-image').dataset.version) > {shown}",
                                   timeout=WAIT_MS)


    def test_a_bullet_added_and_moved_up_stands_in_the_file_where_it_was_put(self, browser, session):
        page = new_page(browser, session)
        bullets = ("sections", 1, "bullets")
        adding = page.locator(f"[id='{field_id(CONTENT_FILE, bullets, 'list')}']")
        adding.locator("summary").click()
        field(page, bullets + (4,), "fr").fill("Pour mieux accueillir les réfugiés.")
        field(page, bullets + (4,), "en").fill("To better welcome refugees.")
        with page.expect_navigation():
            adding.get_by_role("button").click()
        texts = [bullet.text.fr for bullet in load_content(session.project / CONTENT_FILE, session.project)
                 .sections[1].bullets]
        assert texts[-1] == "Pour mieux accueillir les réfugiés." and len(texts) == 5

        with page.expect_navigation():
            item(page, bullets + (4,)).get_by_role("button", name="Monter").click()
        texts = [bullet.text.fr for bullet in load_content(session.project / CONTENT_FILE, session.project)
                 .sections[1].bullets]
        assert texts[3] == "Pour mieux accueillir les réfugiés." and len(texts) == 5
        assert field(page, bullets + (3,), "fr").input_value() == "Pour mieux accueillir les réfugiés."


    def test_without_javascript_the_form_saves_and_refuses_by_reloading(self, browser, session):
        page = new_page(browser, session, script=False)
        handout = session.project / CONTENT_FILE
        field(page, BULLET, "fr").fill(BULLET_FR.replace("mondiales", "internationales"))
        with page.expect_navigation():
            page.locator("header button.primary").click()
        assert page.locator("#status").text_content() == "Enregistré. L’aperçu se met à jour."
        assert BULLET_FR.replace("mondiales", "internationales") in handout.read_text(encoding="utf-8")
        before = handout.read_bytes()
        field(page, BULLET, "en").fill("")
        with page.expect_navigation():
            page.locator("header button.primary").click()
        assert page.locator("#status").text_content().startswith("Rien n’a été enregistré")
        assert field(page, BULLET, "en").get_attribute("aria-invalid") == "true"
        assert page.evaluate("document.activeElement.id") == field_id(CONTENT_FILE, BULLET, "en")
        assert handout.read_bytes() == before


    def test_an_edit_made_on_disk_since_the_page_loaded_is_not_overwritten(self, browser, session):
        page = new_page(browser, session)
        handout = session.project / CONTENT_FILE
        replace_in(handout, BULLET_FR, "Pour favoriser la coopération internationale.")
        on_disk = handout.read_bytes()
        field(page, BULLET, "fr").fill("Pour favoriser la coopération mondiale.")
        status = save(page)
        assert status.startswith("Rien n’a été enregistré\u00a0: Quelqu’un d’autre a enregistré une "
                                 "modification")
        unit = "«\u00a0Puce 1\u00a0de la section “Pourquoi le Canada fait-il de la…”\u00a0»"
        assert unit in status  # the unit, in words
        assert field(page, BULLET, "fr").get_attribute("aria-invalid") == "true"
        assert handout.read_bytes() == on_disk
        assert field(page, BULLET, "fr").input_value() == "Pour favoriser la coopération mondiale."


    def test_a_script_typed_into_a_field_shows_and_prints_as_text(self, browser, session):
        page = new_page(browser, session, bypass_csp=False)
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        scripts = page.evaluate("document.scripts.length")
        typed = "Pour favoriser <script>alert(1)</script> la <img src=x onerror=alert(2)> coopération."
        field(page, BULLET, "fr").fill(typed)
        printed = item(page, BULLET).locator(".side[data-lang='fr'] .printed-text")
        printed.filter(has_text="<script>").wait_for(timeout=WAIT_MS)
        assert printed.text_content() == typed  # French typography has nothing to change in it
        save(page)
        page.reload()
        page.wait_for_load_state("load")
        assert field(page, BULLET, "fr").input_value() == typed
        assert "<script>alert(1)</script>" in item(page, BULLET).locator(".printed-text").first.text_content()
        assert page.evaluate("document.scripts.length") == scripts
        assert page.locator(".printed-text img, .printed-text script, .findings script").count() == 0
        assert dialogs == []


    def test_leaving_with_unsaved_text_asks_first_and_ctrl_s_saves_it(self, browser, session):
        page = new_page(browser, session)
        asked = []
        page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
        field(page, BULLET, "fr").fill(BULLET_FR.replace("mondiales", "internationales"))
        page.get_by_role("link", name="English").click()
        page.wait_for_timeout(500)
        assert asked == ["beforeunload"] and page.evaluate("document.documentElement.lang") == "fr-CA"
        page.evaluate("document.getElementById('status').textContent = ''")
        page.keyboard.press("Control+s")
        page.locator("#status:not(:empty)").wait_for(timeout=WAIT_MS)
        assert page.locator("#status").text_content().startswith("Enregistré dans data/handout.yaml.")
        page.get_by_role("link", name="English").click()
        page.wait_for_load_state("load")
        assert asked == ["beforeunload"] and page.evaluate("document.documentElement.lang") == "en-CA"


# ---------------------------------------------------------------- refusals

def test_an_empty_english_field_shows_its_finding_and_is_refused_at_that_field(browser, shared):
    page = new_page(browser, shared)
    handout = shared.project / CONTENT_FILE
    before = handout.read_bytes()
    english = field(page, BULLET, "en")
    english.fill("")
    item(page, BULLET).locator(".side[data-lang='en'] .findings").filter(
        has_text="Le texte anglais est vide").wait_for(timeout=WAIT_MS)
    assert save(page).startswith("Rien n’a été enregistré")
    assert english.get_attribute("aria-invalid") == "true"
    error = english.get_attribute("aria-describedby").split()[-1]
    assert page.locator(f"[id='{error}']").text_content()
    assert page.evaluate("document.activeElement.id") == field_id(CONTENT_FILE, BULLET, "en")
    assert english.input_value() == ""
    assert handout.read_bytes() == before


def test_without_the_token_or_from_another_site_nothing_is_answered(browser, shared):
    page = new_page(browser, shared)
    assert page.request.get(f"{shared.origin}/", headers={"Cookie": ""}).status == 403
    csrf = page.locator("input[name=csrf]").input_value()
    cross = page.request.post(f"{shared.origin}/save", form={"csrf": csrf, "op": "save"},
                              headers={"Origin": "http://evil.example"})
    assert cross.status == 403
    fresh = browser.new_context().new_page()
    assert fresh.request.get(shared.url).status == 403  # the token was spent by the first visit


# ---------------------------------------------------------------- accessibility and the whole page

@pytest.mark.parametrize("locale", ["fr-CA", "en-CA"])
def test_axe_finds_no_wcag_21_aa_violation(browser, shared, locale):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (./install.sh --test runs npm ci in tests/axe)")
    page = new_page(browser, shared, locale)
    field(page, BULLET, "en").fill("")  # with findings showing, and a refused save at its field
    item(page, BULLET).locator(".side[data-lang='en'] .finding").wait_for(timeout=WAIT_MS)
    save(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
    violations = [(violation["id"], [node["target"] for node in violation["nodes"]][:3])
                  for violation in result["violations"]]
    assert violations == []
    assert {"label", "html-has-lang", "color-contrast"} <= {rule["id"] for rule in result["passes"]}


def test_the_keyboard_reaches_a_visible_skip_link_first_and_it_leads_to_the_form(browser, shared):
    page = new_page(browser, shared)
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const element = document.activeElement, box = element.getBoundingClientRect();
        return [element.className, box.top >= 0 && box.width > 0, getComputedStyle(element).outlineStyle];
    }""")
    assert focused == ["skip-link", True, "solid"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "form-start"


def test_the_page_is_drawn_in_the_themes_fonts_not_the_computers(browser, shared):
    page = new_page(browser, shared)
    loaded = page.evaluate("document.fonts.ready.then(fonts => [...fonts].filter(font => font.status === 'loaded')"
                           ".map(font => font.family.replace(/\"/g, '') + ' ' + font.weight))")
    families = page.evaluate("[getComputedStyle(document.body).fontFamily, "
                             "getComputedStyle(document.querySelector('h1')).fontFamily]")
    assert len(loaded) == 2 and all(family.split(",")[0].strip('"') in " ".join(loaded) for family in families)


def test_the_preview_column_hides_and_stays_hidden(browser, shared):
    page = new_page(browser, shared)
    toggle = page.locator("#preview-toggle")
    assert toggle.text_content() == "Masquer l’aperçu"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false" and toggle.text_content() == "Afficher l’aperçu"
    assert not page.locator("#preview-body").is_visible()
    page.reload()
    assert not page.locator("#preview-body").is_visible()
    toggle.click()
    assert page.locator("#preview-body").is_visible() and toggle.get_attribute("aria-expanded") == "true"


def test_the_interface_switches_language_and_remembers_it(browser, shared):
    page = new_page(browser, shared, "fr-CA")
    assert page.evaluate("document.documentElement.lang") == "fr-CA"
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.lang") == "en-CA"
    assert page.locator("header button.primary").text_content() == "Save the changes"
    page.reload()
    assert page.evaluate("document.documentElement.lang") == "en-CA"
    assert field(page, BULLET, "fr").get_attribute("lang") == "fr-CA"
    assert field(page, BULLET, "en").get_attribute("lang") == "en-CA"


@pytest.mark.parametrize("how, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_or_ctrl_c_stops_the_editor_with_one_line(own_editor, how, status):
    assert own_editor.stop(how) == (status, "editor stopped\n")


def test_open_starts_the_browser_at_the_address_and_another_host_is_warned_about(tmp_path):
    opened = tmp_path / "opened"
    browser = f"sh -c 'echo \"$0\" > {opened}' %s"  # what webbrowser runs for $BROWSER, the address for %s
    running = start_editor(scratch_project(tmp_path / "project"), "--open", "--host", "0.0.0.0",
                           env={"BROWSER": browser})
    try:
        for _ in range(100):
            if opened.exists() and opened.read_text().strip():
                break
            time.sleep(0.1)
        assert opened.read_text().strip() == running.url
    finally:
        status, errors = running.stop(signal.SIGINT)
    assert errors.splitlines() == [
        "warning: the editor listens on 0.0.0.0, not on this machine alone: whoever has its address and token can "
        "change the content files (leave out --host to listen on 127.0.0.1 only)", "editor stopped"]
