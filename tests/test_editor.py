"""The browser editor without a browser: who may use it (security.py, through Flask's test client),
what its form asks for (form.py), the page model (page.py), and its command line."""
from __future__ import annotations

import re
from decimal import Decimal
import subprocess
import sys

import pytest

from affiche.editor.app import MAX_REQUEST_BYTES, Editor, create_app, field_id
from affiche.editor.form import BadForm, amount_number, requested_changes
from affiche.editor.page import document_groups
from affiche.editor.preview import Preview
from affiche.editor.security import COOKIE, Keys, host_allowed, same_origin
from affiche.load.content import CONTENT_FILE
from affiche.project import load_project
from scratch import ROOT, run_cli

PORT = 8765  # the port the app believes it listens on; nothing is bound in these tests
ORIGIN = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def editor(project):
    """An editor whose preview builds after a test's saves, and stops with the test: left running, it
    would build every output of the project once the saves pause, while the next tests run."""
    preview = Preview(project, project / "output", "handout-a4")
    yield Editor(project, project / "output", Keys(), preview, PORT, load_project(project).layouts())
    preview.stop()


@pytest.fixture
def client(editor):
    return create_app(editor).test_client()


def signed_in(client, editor):
    assert client.get(f"/?token={editor.keys.token}", base_url=ORIGIN).status_code == 302
    return client


# ---------------------------------------------------------------- the rules

@pytest.mark.parametrize("host, allowed", [
    (f"127.0.0.1:{PORT}", True), (f"localhost:{PORT}", True), (f"[::1]:{PORT}", True), (f"192.168.1.5:{PORT}", True),
    (f"evil.example:{PORT}", False), (f"127.0.0.1.nip.io:{PORT}", False), ("127.0.0.1:1", False),
    ("127.0.0.1", False), (f"user@127.0.0.1:{PORT}", False), ("127.0.0.1:port", False), ("", False)])
def test_the_host_header_must_name_the_editor_by_address_and_port(host, allowed):
    assert host_allowed(host, PORT) is allowed


@pytest.mark.parametrize("origin, referer, allowed", [
    (ORIGIN, None, True), (None, f"{ORIGIN}/?saved=1", True), ("http://evil.example", f"{ORIGIN}/", False),
    (None, "http://evil.example/", False), (None, None, False), ("null", None, False),
    (f"https://127.0.0.1:{PORT}", None, False)])
def test_a_change_must_come_from_the_editors_own_origin(origin, referer, allowed):
    assert same_origin(origin, referer, f"127.0.0.1:{PORT}") is allowed


def test_the_printed_token_works_once():
    keys = Keys()
    token = keys.token
    assert not keys.exchange("not-it") and not keys.exchange(None)
    assert keys.exchange(token)
    assert not keys.exchange(token)


# ---------------------------------------------------------------- the app's answers

def test_without_the_token_every_page_is_refused(client):
    for path in ("/", "/preview/state", "/preview.png", "/static/editor.js", "/output/index.html"):
        response = client.get(path, base_url=ORIGIN)
        assert response.status_code == 403, path
        assert "render.py edit" in response.text


def test_the_token_is_exchanged_for_a_strict_http_only_cookie_and_taken_out_of_the_address(client, editor):
    token = editor.keys.token
    response = client.get(f"/?token={token}", base_url=ORIGIN)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}={editor.keys.session};") and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie and token not in cookie
    assert client.get("/", base_url=ORIGIN).status_code == 200
    other = create_app(editor).test_client()
    assert other.get(f"/?token={token}", base_url=ORIGIN).status_code == 403  # spent


def test_a_wrong_host_header_is_refused_even_with_the_cookie(client, editor):
    signed_in(client, editor)
    assert client.get("/", base_url=f"http://rebound.example:{PORT}").status_code == 403
    assert client.get("/", base_url="http://127.0.0.1:9").status_code == 403


def form_fields(editor, **more) -> dict:
    from affiche.editor.changes import snapshot

    return {"csrf": editor.keys.csrf, "snapshot": snapshot(editor.root).encode(), "op": "save", **more}


@pytest.mark.parametrize("headers", [{"Origin": "http://evil.example"}, {"Referer": "http://evil.example/page"}, {}])
def test_a_post_from_another_origin_or_none_is_refused(client, editor, headers):
    signed_in(client, editor)
    before = (editor.root / CONTENT_FILE).read_bytes()
    response = client.post("/save", base_url=ORIGIN, headers=headers, data=form_fields(editor))
    assert response.status_code == 403
    assert (editor.root / CONTENT_FILE).read_bytes() == before


def test_a_post_without_the_forms_csrf_token_is_refused(client, editor):
    signed_in(client, editor)
    fields = form_fields(editor)
    del fields["csrf"]
    assert client.post("/save", base_url=ORIGIN, headers={"Origin": ORIGIN}, data=fields).status_code == 403
    fields["csrf"] = "guessed"
    assert client.post("/save", base_url=ORIGIN, headers={"Origin": ORIGIN}, data=fields).status_code == 403
    response = client.post("/save", base_url=ORIGIN, headers={"Origin": ORIGIN}, data=form_fields(editor))
    assert response.status_code == 303


def test_a_request_body_over_the_limit_is_refused_unread(client, editor):
    signed_in(client, editor)
    response = client.post("/findings", base_url=ORIGIN, headers={"Origin": ORIGIN},
                           data={"csrf": editor.keys.csrf, "fr": "x" * MAX_REQUEST_BYTES})
    assert response.status_code == 413
    assert response.text.splitlines()[1] == "Request refused: it is over 2\u00a0MB, far more than all the handout’s texts."


def test_every_answer_lets_the_page_load_only_its_own_files(client, editor):
    signed_in(client, editor)
    response = client.get("/", base_url=ORIGIN)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert re.findall(r"<script[^>]*>", response.text) == ['<script src="/static/editor.js" defer>']  # none inline


def test_the_page_is_set_in_the_themes_own_fonts_served_as_woff(client, editor):
    signed_in(client, editor)
    assert '<link rel="stylesheet" href="/fonts.css">' in client.get("/", base_url=ORIGIN).text
    faces = client.get("/fonts.css", base_url=ORIGIN).text
    hrefs = re.findall(r'url\("(/fonts/[^"]+)"\)', faces)
    assert len(hrefs) == 2 and "--body-face:" in faces and "--headings-face:" in faces
    for href in hrefs:
        font = client.get(href, base_url=ORIGIN)
        assert font.status_code == 200 and font.data[:4] == b"wOFF" and font.mimetype == "font/woff"
    for elsewhere in ("/fonts/../data/handout.yaml", "/fonts/lato/LICENSE.txt", "/fonts/nothing.woff"):
        assert client.get(elsewhere, base_url=ORIGIN).status_code == 404


@pytest.mark.parametrize("path", ["/output/.affiche-manifest.json", "/output/../data/handout.yaml",
                                  "/output/%2e%2e/data/handout.yaml", "/output/nothing.pdf", "/output/thumbnails"])
def test_output_serves_regular_files_inside_the_folder_only(client, editor, path):
    (editor.root / "output" / "thumbnails").mkdir(parents=True)
    (editor.root / "output" / ".affiche-manifest.json").write_text("{}")
    signed_in(client, editor)
    assert client.get(path, base_url=ORIGIN).status_code == 404


def test_the_page_labels_every_field_and_marks_its_language(client, editor):
    signed_in(client, editor)
    page = client.get("/", headers={"Accept-Language": "en"}, base_url=ORIGIN).text
    bullet = field_id(CONTENT_FILE, ("sections", 1, "bullets", 0), "fr")
    assert f'<label for="{bullet}">French</label>' in page
    assert f'<textarea id="{bullet}" name="text|data/handout.yaml|sections/1/bullets/0|fr" lang="fr-CA"' in page
    assert '<html lang="en-CA">' in page


def test_every_id_is_unique_and_every_label_and_description_points_at_one(client, editor):
    signed_in(client, editor)
    page = client.get("/", base_url=ORIGIN).text
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    named = {one for value in re.findall(r'\s(?:for|aria-describedby|aria-controls)="([^"]+)"', page)
             for one in value.split()}
    assert named <= set(ids)
    assert len(re.findall(r"<textarea ", page)) == len(re.findall(r'<textarea id="[^"]+"', page))


# ---------------------------------------------------------------- the form and the page model

def test_a_save_asks_only_for_the_texts_that_changed_line_breaks_as_typed(editor):
    name = "text|data/handout.yaml|sections/1/bullets/0|"
    form = {f"{name}fr": "Nouveau texte.", f"was|{name[5:]}fr": "Ancien texte.",
            f"{name}en": "Same\r\ntext.", f"was|{name[5:]}en": "Same\ntext."}
    changes = requested_changes(form).changes
    assert [(change.path, change.lang, change.value) for change in changes] == [
        (("sections", 1, "bullets", 0), "fr", "Nouveau texte.")]


@pytest.mark.parametrize("form", [{"text|layouts/handout-a4.yaml|title|fr": "x"},
                                  {"text|../etc/passwd|title|fr": "x"}, {"text|data/handout.yaml|title|de": "x"},
                                  {"op": "delete|data/handout.yaml|sections|0"}, {"op": "move"},
                                  {"text|data/handout.yaml|fr": "x"}, {"amount|data/handout.yaml|value": "1"}])
def test_a_form_naming_other_files_languages_or_changes_is_refused(form):
    with pytest.raises(BadForm):
        requested_changes(form)


def test_every_unit_of_the_project_is_on_the_page_once_in_reading_order(project):
    loaded = load_project(project)
    groups = document_groups(loaded)
    assert [unit.id for group in groups for unit in group.units()] == [unit.id for unit in loaded.units()]
    assert [group.role for group in groups][:3] == ["document", "intro", "section"]
    assert [group.role for group in groups][-4:] == ["contact", "labels", "map", "download-page"]
    places = [row for group in groups for row in group.rows if row.kind == "place"]
    assert len(places) == len(loaded.places.entries)


# ---------------------------------------------------------------- the command line

def test_edit_has_its_help_and_the_main_help_imports_no_web_framework(tmp_path):
    result = run_cli(tmp_path, "edit", "--help")
    assert result.returncode == 0 and "--port" in result.stdout and "--open" in result.stdout
    check = subprocess.run([sys.executable, "-c", "import sys; from affiche import cli\n"
                            "try: cli.main(['--help'])\nexcept SystemExit: pass\n"
                            "print(sorted({'flask', 'werkzeug', 'weasyprint'} & set(sys.modules)))"],
                           capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)})
    assert check.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize("port", ["http", "-1", "70000"])
def test_a_bad_port_is_one_line_of_error(project, port):
    result = run_cli(project, "edit", "--port", port)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith(f"render.py edit: error: argument --port: '{port}' is not a port")


def test_the_preview_layout_must_be_a_handout_in_one_language(project):
    result = run_cli(project, "edit", "--layout", "poster-tabloid")
    assert (result.returncode, result.stderr.splitlines()) == (2, [
        "error: command line: --layout poster-tabloid: not a layout of a handout in one language to preview (name "
        "one of handout-a4, handout-letter)"])


# ---------------------------------------------------------------- saving through the form, without a script

def post_form(client, editor, **fields):
    if editor.keys.token is not None:  # not spent yet by this test
        signed_in(client, editor)
    return client.post("/save", base_url=ORIGIN, headers={"Origin": ORIGIN}, data=form_fields(editor, **fields))


def test_an_amount_is_saved_as_a_number_with_its_currency(client, editor):
    fees = "data/handout.yaml|sections/2/bullets/1/bullets/0|fees"
    response = post_form(client, editor, **{f"amount|{fees}|value": "325 000", f"amount|{fees}|currency": "CAD",
                                            f"was-amount|{fees}|value": "300000", f"was-amount|{fees}|currency": "CAD"})
    assert response.status_code == 303
    amount = load_project(editor.root).content.sections[2].bullets[1].bullets[0].text.amounts["fees"]
    assert (amount.value, amount.currency) == (325000, "CAD")


@pytest.mark.parametrize("typed, number", [("300000", 300000), ("300 000", 300000), ("1250.50", Decimal("1250.50")),
                                           ("1250,5", Decimal("1250.5")), ("300,000", None), ("3e5", None),
                                           ("-5", None), ("", None), ("1.234.5", None)])
def test_an_amount_reads_as_digits_and_cents_only(typed, number):
    assert amount_number(typed) == number


def test_a_section_is_added_with_its_heading_and_first_bullet(client, editor):
    new = "new|data/handout.yaml|sections|"
    response = post_form(client, editor, op="add-section|data/handout.yaml|sections|5", **{
        f"{new}heading-fr": "Nouvelles priorités", f"{new}heading-en": "New priorities",
        f"{new}bullet-fr": "Accueillir davantage de réfugiés.", f"{new}bullet-en": "Welcome more refugees."})
    assert response.status_code == 303
    section = load_project(editor.root).content.sections[5]
    assert (section.heading.en, section.bullets[0].text.fr) == ("New priorities", "Accueillir davantage de réfugiés.")


def test_a_section_moved_up_comes_back_at_its_new_place(client, editor):
    response = post_form(client, editor, op="move|data/handout.yaml|sections|1|0")
    anchor = field_id(CONTENT_FILE, ("sections", 0), "item")
    assert response.status_code == 303 and response.headers["Location"] == f"/?saved=1#{anchor}"
    assert [section.id for section in load_project(editor.root).content.sections][:2] == [
        "why-engagement", "why-capacity-building"]
    assert f'<div class="group-head" id="{anchor}">' in client.get("/?saved=1", base_url=ORIGIN).text


def test_a_paragraph_is_added_to_the_introduction(client, editor):
    new = "new|data/handout.yaml|intro|"
    response = post_form(client, editor, op="add-text|data/handout.yaml|intro|2", **{
        f"{new}fr": "Un troisième paragraphe.", f"{new}en": "A third paragraph."})
    assert response.status_code == 303
    assert [text.en for text in load_project(editor.root).content.intro][2:] == ["A third paragraph."]


def test_a_place_is_added_by_country_and_removed(client, editor):
    new = "new|data/map.yaml|entries|"
    response = post_form(client, editor, op="add-place|data/map.yaml|entries|14", **{
        f"{new}category": "2", f"{new}kind": "country", f"{new}country": "PE",
        f"{new}source": "Le Pérou lance un programme de parrainage."})
    assert response.status_code == 303
    entries = load_project(editor.root).places.entries
    assert (len(entries), entries[-1].category, entries[-1].place.country) == (15, 2, "PE")
    assert post_form(client, editor, op="remove|data/map.yaml|entries|14").status_code == 303
    assert len(load_project(editor.root).places.entries) == 14


def test_a_refused_save_without_a_script_shows_the_page_again_with_the_problem_at_its_field(client, editor):
    before = (editor.root / CONTENT_FILE).read_bytes()
    english = "data/handout.yaml|sections/1/bullets/0|en"
    response = post_form(client, editor, **{f"text|{english}": " ", f"was|{english}": "To foster cooperation."})
    assert response.status_code == 422
    field = field_id(CONTENT_FILE, ("sections", 1, "bullets", 0), "en")
    assert re.search(rf'<textarea id="{field}"[^>]* aria-describedby="[^"]*{field}-error" aria-invalid="true" '
                     'autofocus>', response.text)
    assert f'<p class="error" id="{field}-error">' in response.text
    assert (editor.root / CONTENT_FILE).read_bytes() == before


# ---------------------------------------------------------------- the findings shown while typing

@pytest.fixture(scope="module")
def typing():
    """A bullet as it could be typed, and the findings the page would show beside it, in French."""
    from affiche.checks.content import set_texts
    from affiche.editor import findings
    from affiche.translation.state import read_lock

    loaded = load_project(ROOT)
    bullet = next(unit for unit in loaded.units() if unit.key_path == ("sections", 1, "bullets", 0))
    context = findings.Context(read_lock(ROOT), loaded.layouts(["handout-a4"]), ROOT,
                               {setting.unit.where: setting for setting in set_texts(loaded.content)})

    def shown(fr: str, en: str):
        return [(found.check, found.lang, found.sentence, found.quotes)
                for found in findings.unit_findings(findings.as_typed(bullet, fr, en), context, "fr")]
    return shown


FR, EN = "Pour favoriser la coopération en matière de mobilité et de migrations mondiales.", \
    "To foster cooperation on global mobility and migration."


@pytest.mark.parametrize("fr, en, expected", [
    (FR, "", ("missing-translation", "en", "Le texte anglais est vide\u00a0: rien ne s’imprimerait.", ())),
    (FR, "To foster cooperation on global mobility and migration between the countries of the world, "
         "en matière de mobilité.",
     ("wrong-language", "en", "Le texte anglais contient des mots de l’autre langue\u00a0:", None)),
    (FR + " Depuis 2019.", EN, ("figures-mismatch", None, "Les nombres diffèrent d’une langue à l’autre\u00a0:",
                                ("français seulement\u00a0: 2019",))),
    (FR, "To foster cooperation on global mobility and and migration {x}.",
     ("placeholder", "en", "Le texte anglais a une valeur entre accolades qui n’existe pas\u00a0:", ("{x}",))),
    ("Pour **favoriser la coopération.", EN, ("markup", "fr", "Le ** ouvre un passage en gras qui n’est jamais "
                                              "fermé\u00a0: ajoutez ** à la fin du passage, ou retirez-le.", ())),
    (FR, "To foster\u200b cooperation on global mobility and migration.",
     ("invisible-character", "en", "Le texte anglais contient un caractère invisible qui change ce qui s’imprime\u202f; "
      "supprimez-le\u00a0:", ("U+200B ZERO WIDTH SPACE",))),
    (FR.replace("mondiales", "mondiales \u4e00"), EN,
     ("missing-glyph", "fr", "Les polices n’ont pas ce caractère du texte français\u00a0: il s’imprimerait comme une "
      "case vide.", ("U+4E00 CJK UNIFIED IDEOGRAPH-4E00",))),
    (FR.replace("favoriser", "encourager"), EN,
     ("stale-translation", "en", "Le texte d’origine a changé depuis que ce texte anglais a été accepté\u202f; revoyez "
      "la traduction\u00a0:", ())),
])
def test_each_check_is_told_in_words_for_staff_with_what_it_quotes(typing, fr, en, expected):
    found = [finding for finding in typing(fr, en) if finding[0] == expected[0]]
    assert found, typing(fr, en)
    if expected[3] is None:
        assert found[0][:3] == expected[:3] and found[0][3]
    else:
        assert found[0] == expected


def test_a_bullet_as_typed_prints_with_french_typography_and_its_amounts(typing):
    from affiche.editor import findings

    loaded = load_project(ROOT)
    fees = next(unit for unit in loaded.units() if "fees" in unit.text.amounts)
    typed = findings.as_typed(fees, 'frais "principaux" : environ {fees};', fees.text.en)
    assert findings.printed_text(typed, "fr") == "frais «\u00a0principaux\u00a0»\u00a0: environ 300\u202f000\u00a0$\u202f;"
    assert findings.printed(findings.as_typed(fees, "frais {inconnu}", fees.text.en), "fr") is None
