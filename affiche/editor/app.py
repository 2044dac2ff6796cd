"""The editor's web app: pages rendered on the server, a little JavaScript on top.

Flask, rather than Starlette: the pipeline and the checks it calls are synchronous, the editor has
one local user, and Werkzeug's threaded server is enough on the loopback interface; Jinja2 is
already the project's templating, and Flask is well kept (the Pallets project, as Jinja2 is).

Every request passes the rules of security.py first (before_request), and every response carries
headers that let the page load nothing but its own files (after_request). Nothing here writes a
file but through the save engine, which writes only the three content files; the preview's build
writes output/ as `render.py build` does.
"""
from __future__ import annotations

import mimetypes
import sys
import traceback
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from flask import Flask, Response, current_app, g, get_template_attribute, jsonify, redirect, render_template, request

from ..checks.content import set_texts
from ..commands.serve import find_in, read_regular_file
from ..errors import AfficheError
from ..localize import inline
from ..localize.document import rich
from ..map.countries import country_name, countries
from ..model.content import Amount
from ..model.languages import LANGUAGE, LANGUAGES
from ..model.layout import Layout
from ..model.text_units import KeyPath, Unit
from ..outputs.download_page.page import PAGE_FACES, web_font, web_fonts
from ..outputs.templates import css_string
from ..project import Project, load_project
from ..translation.state import read_lock
from . import findings
from .form import Asked, BadForm, amount_number, name, requested_changes, typed, unit_of
from .messages import language_label, own_name, say
from .changes import AddItem, MoveItem, SetAmount, SetText, apply_changes, field_id, snapshot
from .page import document_groups
from .preview import Preview
from .problems import ChangeRefused, Conflict, FieldProblem
from .security import COOKIE, Keys, host_allowed, same_origin

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "editor"
MAX_REQUEST_BYTES = 2_000_000  # the whole form, every unit of the three files, is about 60 KB
MAX_FORM_PARTS = 20_000  # each unit sends four fields (two texts and what they were)
INTERFACE_COOKIE = "affiche-editor-language"
EXTENSION = "affiche-editor"  # where the app keeps its Editor
CURRENCIES = ("CAD", "USD", "EUR", "GBP", "CHF", "AUD", "NZD", "MXN", "JPY")
PAGE_POLICY = "default-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
# The download page in output/ keeps its styles inline, as it is published; it runs no script.
OUTPUT_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"


@dataclass
class Editor:
    """One run of the editor: the project, its secrets, its preview, and where it listens."""

    root: Path
    output_dir: Path
    keys: Keys
    preview: Preview
    port: int = 0
    layouts: list[Layout] = field(default_factory=list)  # loaded once, for the glyph check
    debug: bool = False
    saves: int = 0


def create_app(editor: Editor) -> Flask:
    app = Flask(__name__, template_folder=str(TEMPLATES), static_folder="static")
    app.config.update(MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES, MAX_FORM_MEMORY_SIZE=MAX_REQUEST_BYTES,
                      MAX_FORM_PARTS=MAX_FORM_PARTS)
    app.extensions[EXTENSION] = editor
    app.jinja_env.autoescape = True  # the templates are .html.j2, which Flask would not escape by itself
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(t=interface_says, fid=field_id, fname=name, language_label=interface_label,
                                 own_name=own_name, country_name=country_name, LANGUAGES=LANGUAGES,
                                 LANGUAGE=LANGUAGE)
    app.before_request(guard)
    app.after_request(security_headers)
    app.errorhandler(AfficheError)(broken_file)
    app.errorhandler(413)(too_large)
    app.errorhandler(500)(internal_error)
    for rule, view, methods in ROUTES:
        app.add_url_rule(rule, view_func=view, methods=methods)
    return app


def this_editor() -> Editor:
    return current_app.extensions[EXTENSION]


def guard() -> Response | None:
    """The rules of security.py, before any view: the Host, the token or its cookie, and for a POST its
    origin and CSRF token."""
    editor, g.interface = this_editor(), interface_language()
    if not host_allowed(request.host, editor.port):
        return refusal("forbidden.host")
    if request.method == "GET" and editor.keys.exchange(request.args.get("token")):
        response = redirect(request.path)
        response.set_cookie(COOKIE, editor.keys.session, httponly=True, samesite="Strict", path="/")
        return response
    if not editor.keys.signed_in(request.cookies.get(COOKIE)):
        return refusal("forbidden.token")
    if request.method == "POST" and not (
            same_origin(request.headers.get("Origin"), request.headers.get("Referer"), request.host)
            and editor.keys.csrf_matches(request.form.get("csrf"))):
        return refusal("forbidden.origin")
    return None


def security_headers(response: Response) -> Response:
    policy = OUTPUT_POLICY if request.path.startswith("/output/") else PAGE_POLICY
    response.headers.update({"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff",
                             "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin", "Cache-Control": "no-store"})
    return response


def broken_file(error: AfficheError) -> Response:
    """A content file that no longer loads (edited by hand meanwhile): its one line, to fix there."""
    return Response(f"{error.one_line()}\n", 500, mimetype="text/plain")


def too_large(error) -> Response:
    return Response("\n".join(say(lang, "refused.too-large") for lang in LANGUAGES) + "\n", 413,
                    mimetype="text/plain")


def internal_error(error) -> Response:
    """A bug in affiche: one line for whoever runs the editor, the traceback only with --debug."""
    fault = getattr(error, "original_exception", None) or error
    if this_editor().debug:
        traceback.print_exception(fault)
    print(f"internal error: {type(fault).__name__}: {fault}", file=sys.stderr, flush=True)
    return Response("internal error: see the terminal that runs render.py edit\n", 500, mimetype="text/plain")


# ---------------------------------------------------------------- the views

def page():
    status = say(g.interface, "status.saved-plain") if "saved" in request.args else ""
    return page_response(this_editor(), status=status)


def switch_interface(lang: str):
    response = redirect("/")
    if lang in LANGUAGES:
        response.set_cookie(INTERFACE_COOKIE, lang, samesite="Strict", path="/", max_age=365 * 24 * 3600)
    return response


def live_findings():
    """The findings and printed form of one unit as typed: HTML pieces the page puts in place."""
    editor = this_editor()
    project = load_project(editor.root)
    try:
        unit = units_by_place(project).get(unit_of(request.form.get("unit", "")))
    except BadForm:
        return Response("not a unit of the editor", 400)
    if unit is None:
        return Response("no such unit: reload the page", 404)
    view = unit_view(typed_unit(unit, request.form), findings_context(editor, project))
    listed = get_template_attribute("macros.html.j2", "findings_list")
    printed = get_template_attribute("macros.html.j2", "printed_text")
    sides = {lang: {"findings": str(listed(view.findings.get(lang, []))), "printed": str(printed(view.printed[lang]))}
             for lang in LANGUAGES}
    return jsonify(sides | {"pair": str(listed(view.findings.get(None, [])))})


def save():
    editor = this_editor()
    try:
        asked = requested_changes(request.form)
    except BadForm:
        return Response("not a form of the editor: reload the page", 400)
    if asked.problems:
        return refused(editor, asked.problems, conflict=False)
    if not asked.changes:
        return saved_response(editor, asked, None, say(g.interface, "status.nothing"))
    try:
        saved = apply_changes(editor.root, request.form.get("snapshot", ""), asked.changes)
    except ChangeRefused as refusal_:
        return refused(editor, refusal_.problems, conflict=isinstance(refusal_, Conflict))
    ask_preview(editor, asked.changes)
    files = ", ".join(file.as_posix() for file in saved.files)
    return saved_response(editor, asked, saved.snapshot.encode(), say(g.interface, "status.saved", files=files))


def preview_picture():
    picture = this_editor().preview.picture
    if picture is None:
        return Response("no preview yet", 404)
    return Response(picture.png, mimetype="image/png")


def preview_state():
    state = this_editor().preview.state()
    state["alt"] = say(g.interface, "preview.alt", page=state["page"], file=state["file"]) if state["file"] else ""
    state["error"] = say(g.interface, "preview.error", error=state["error"]) if state["error"] else ""
    return jsonify(state)


def output_file(url_path: str):
    """A file of output/, read-only: regular files inside it alone, as `render.py serve` serves them."""
    found = find_in(this_editor().output_dir.resolve(), url_path)
    if found is None or found[0].is_dir():
        return Response("not in the output folder", 404)
    try:
        data = read_regular_file(found[0])
    except OSError:
        return Response("not in the output folder", 404)
    return Response(data, mimetype=mimetypes.guess_type(found[0].name)[0] or "application/octet-stream")


def font_faces():
    """The theme's faces for the editor's own text, as the download page links them: the page looks
    the same on every computer, whatever fonts it has (editor.css names them by these variables)."""
    theme = load_project(this_editor().root).page_words.theme
    faces = [f'@font-face {{ font-family: {css_string(font.family)}; src: url("/{font.href}") format("woff"); '
             f"font-weight: {font.weight}; font-style: {font.style}; font-display: swap; }}"
             for font in web_fonts(theme)]
    roles = ":root { " + " ".join(f"--{role}-face: {css_string(theme.fonts[role].family)};"
                                  for role in PAGE_FACES) + " }"
    return Response("\n".join([*faces, roles]) + "\n", mimetype="text/css")


def font_file(name: str):
    """One of the faces font_faces lists, as WOFF; any other name is not there."""
    root = this_editor().root
    found = next((font for font in web_fonts(load_project(root).page_words.theme) if font.href == f"fonts/{name}"),
                 None)
    if found is None:
        return Response("no such font", 404)
    return Response(web_font(read_regular_file(root / found.source)), mimetype="font/woff")


ROUTES = [("/", page, ["GET"]), ("/interface/<lang>", switch_interface, ["GET"]),
          ("/fonts.css", font_faces, ["GET"]), ("/fonts/<path:name>", font_file, ["GET"]),
          ("/findings", live_findings, ["POST"]), ("/save", save, ["POST"]),
          ("/preview.png", preview_picture, ["GET"]), ("/preview/state", preview_state, ["GET"]),
          ("/output/<path:url_path>", output_file, ["GET"])]


def interface_says(key: str, /, **values: object) -> str:
    return say(g.interface, key, **values)


def interface_label(lang: str) -> str:
    return language_label(g.interface, lang)


def interface_language() -> str:
    chosen = request.cookies.get(INTERFACE_COOKIE)
    return chosen if chosen in LANGUAGES else request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]


def refusal(key: str) -> Response:
    """A request the security rules refuse, told in both languages: its sender may read either."""
    return Response("\n".join(say(lang, key) for lang in LANGUAGES) + "\n", 403, mimetype="text/plain")


# ---------------------------------------------------------------- the page

@dataclass(frozen=True)
class UnitView:
    findings: dict[str | None, list[findings.Shown]]  # by the language at fault, None for the pair
    printed: dict[str, tuple[findings.Piece, ...] | None]


def findings_context(editor: Editor, project: Project) -> findings.Context:
    return findings.Context(read_lock(editor.root), editor.layouts, editor.root,
                            {setting.unit.where: setting for setting in set_texts(project.content)})


def unit_view(unit: Unit, context: findings.Context) -> UnitView:
    grouped: dict[str | None, list[findings.Shown]] = {}
    for shown in findings.unit_findings(unit, context, g.interface):
        grouped.setdefault(shown.lang, []).append(shown)
    return UnitView(grouped, {lang: findings.printed(unit, lang) for lang in LANGUAGES})


def units_by_place(project: Project) -> dict[tuple[Path, KeyPath], Unit]:
    return {(Path(unit.file), unit.key_path): unit for unit in project.units()}


def typed_unit(unit: Unit, form) -> Unit:
    """The unit with what the form holds for it: its texts, and its amounts where they read as numbers."""
    file = Path(unit.file)
    texts = {lang: typed(form.get(name("text", file, unit.key_path, lang), unit.text[lang])) for lang in LANGUAGES}
    amounts = {}
    for amount_name, amount in unit.text.amounts.items():
        value = amount_number(form.get(name("amount", file, unit.key_path, amount_name, "value"), ""))
        currency = form.get(name("amount", file, unit.key_path, amount_name, "currency"), amount.currency)
        amounts[amount_name] = Amount(Decimal(value), currency, amount.style) if value is not None else amount
    return findings.as_typed(unit, texts["fr"], texts["en"], amounts)


def page_response(editor: Editor, form=None, problems: dict[str, str] | None = None, status: str = "",
                  http_status: int = 200):
    """The whole form; after a refused save, with what was typed and each problem at its field."""
    project = load_project(editor.root)
    context = findings_context(editor, project)
    form = form or {}
    views = {unit.id: unit_view(typed_unit(unit, form), context) for unit in project.units()}
    problems = problems or {}
    html = render_template("page.html.j2", interface=g.interface, groups=document_groups(project), views=views,
                           form=form, problems=problems, first_problem=next(iter(problems), None),
                           status=status, csrf=editor.keys.csrf,
                           snapshot=form.get("snapshot") or snapshot(editor.root).encode(),
                           countries=countries(g.interface), legend=legend_labels(project),
                           currencies=CURRENCIES, outputs=output_links(editor.output_dir),
                           preview=editor.preview.state())
    return html, http_status


def legend_labels(project: Project) -> dict[int, str]:
    """Each legend category's words as they print in the interface's language: what staff know it by."""
    return {entry.category: inline.plain(rich(entry.label, g.interface)) for entry in project.content.legend.entries}


def output_links(output_dir: Path) -> list[str]:
    """The PDFs and download pages in output/, by name: the links beside the preview."""
    if not output_dir.is_dir():
        return []
    names = sorted(path.name for path in output_dir.iterdir() if path.is_file() and not path.name.startswith("."))
    return [name_ for name_ in names if name_.endswith(".pdf") or name_ in ("index.html", "index-en.html")]


# ---------------------------------------------------------------- saving

def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def saved_response(editor: Editor, asked: Asked, encoded_snapshot: str | None, status: str):
    """After a save, the page again; each save's address is its own (?saved=N), so that the browser
    loads the page anew rather than only scrolling to the changed item."""
    editor.saves += encoded_snapshot is not None
    again = f"/?saved={editor.saves}#{asked.anchor}" if encoded_snapshot else "/"
    if wants_json():
        return jsonify({"ok": True, "status": status, "snapshot": encoded_snapshot,
                        "reload": again if asked.structural else None})
    return redirect(again, 303)


def refused(editor: Editor, problems: list[FieldProblem], conflict: bool):
    """Nothing was written: each problem at its field, in the interface's language."""
    messages = {problem.field: problem.message[g.interface] for problem in problems}
    status = (say(g.interface, "status.conflict", message=problems[0].message[g.interface]) if conflict
              else say(g.interface, "status.refused"))
    if wants_json():  # the script puts each problem at its field, or in the status line when it has none
        return jsonify({"ok": False, "status": status,
                        "problems": [{"field": field_, "message": text} for field_, text in messages.items()]}), 409
    whole = messages.pop("", None)  # a problem of the whole save, none of its fields
    return page_response(editor, request.form, messages, f"{status} {whole}" if whole and not conflict else status,
                         422)


def ask_preview(editor: Editor, changes: list) -> None:
    """The preview of the first change: in its language, at the page where its text now prints."""
    first = changes[0]
    lang = first.lang if isinstance(first, SetText) else g.interface
    unit = units_by_place(load_project(editor.root)).get((first.file, changed_path(first)))
    editor.preview.ask(lang, findings.printed_text(unit, lang) if unit else "")


def changed_path(change) -> KeyPath | None:
    """Where the unit a change wrote stands now: None after a removal."""
    if isinstance(change, (SetText, SetAmount)):
        return change.path
    if isinstance(change, AddItem):
        return change.list_path + (change.index,)
    if isinstance(change, MoveItem):
        return change.list_path + (change.to,)
    return None

