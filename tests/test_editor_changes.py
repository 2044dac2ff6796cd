"""The editor's save engine (affiche/editor/changes.py): what staff change lands in its own lines,
in the files' style, or is refused in words with nothing written."""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from affiche.editor import changes as editor
from affiche.editor.changes import (AddItem, ChangeRefused, Conflict, MoveItem, RemoveItem, SetAmount, SetText,
                                    Snapshot, apply_changes, field_id, field_place, snapshot)
from affiche.load.content import CONTENT_FILE, load_content
from affiche.load.page_words import PAGE_WORDS_FILE
from affiche.load.places import MAP_FILE, load_map_content
from affiche.load.text import UNIT_KEY
from affiche.pipeline import write
from scratch import replace_in
from test_roundtrip_yaml import changed_lines

FILES = (CONTENT_FILE, MAP_FILE, PAGE_WORDS_FILE)
WHY = ("sections", 0, "bullets")  # "Pourquoi le Canada investit-il…": three folded bullets
FORUMS = ("sections", 4, "sections")  # igc, unhcr, rcm, iom, then gfmd under its comment, m5
FEES = ("sections", 2, "bullets", 1, "bullets", 0)
ENVELOPE = ("sections", 2, "bullets", 1, "bullets", 2)
GFMD_COMMENT = "      # The original handout has this forum in English only; the French is the\n"
LONG_FRENCH = ("Pour soutenir les pays partenaires dans la mise en place de systèmes d'asile équitables, "
               "efficaces et respectueux des droits des personnes.")


def texts(project: Path) -> dict[Path, bytes]:
    return {file: (project / file).read_bytes() for file in FILES}


def refusal(project: Path, changes: list, since: Snapshot | None = None) -> ChangeRefused:
    """The refusal of changes, checking that no byte of any file changed and no temporary is left."""
    before = texts(project)
    with pytest.raises(ChangeRefused) as caught:
        apply_changes(project, since or snapshot(project), changes)
    assert texts(project) == before
    assert sorted(project.glob("data/.*.tmp")) == []
    return caught.value


def spaced(message: str) -> str:
    """A message with its no-break spaces (French typography) as plain ones."""
    return message.replace("\u00a0", " ").replace("\u202f", " ")


def only_problem(refused: ChangeRefused) -> tuple[str, dict[str, str]]:
    assert len(refused.problems) == 1, refused.problems
    return refused.problems[0].field, refused.problems[0].message


def saved(project: Path, changes: list, since: Snapshot | None = None) -> editor.Saved:
    return apply_changes(project, since or snapshot(project), changes)


# ---------------------------------------------------------------- texts

def test_a_french_bullet_changes_in_its_own_lines_and_nothing_else(project):
    before = texts(project)
    new = ("Pour aider les pays à se doter des outils et des politiques qui soutiennent le mouvement régulier "
           "des personnes.")
    made = saved(project, [SetText(CONTENT_FILE, WHY + (1,), "fr", new)])
    assert made.files == [CONTENT_FILE]
    removed, added = changed_lines(before[CONTENT_FILE].decode(), (project / CONTENT_FILE).read_text())
    old_lines = before[CONTENT_FILE].decode().splitlines()
    assert [old_lines[number - 1].strip() for number in removed] == [
        "Pour aider les pays à élaborer des outils et des politiques pour",
        "soutenir le mouvement régulier des personnes et gérer les enjeux et", "gérer les enjeux migratoires."]
    assert all(line.startswith(" " * 10) and len(line) <= 80 for line in added)
    assert old_lines[removed[0] - 2] == "      - fr: >-"
    assert texts(project)[MAP_FILE] == before[MAP_FILE]  # its &grsi and *grsi untouched
    assert load_content(project / CONTENT_FILE, project).sections[0].bullets[1].text.fr == new
    assert made.diff.startswith("--- a/data/handout.yaml\n+++ b/data/handout.yaml\n")
    assert made.snapshot == snapshot(project)


def test_a_map_label_changes_in_its_line_and_the_anchors_and_aliases_stay(project):
    before = (project / MAP_FILE).read_text()
    saved(project, [SetText(MAP_FILE, ("entries", 10, "label"), "en", "Morocco (Global Forum)")])
    after = (project / MAP_FILE).read_text()
    assert changed_lines(before, after) == ([before.splitlines().index("      en: Morocco (GFMD)") + 1],
                                            ["      en: Morocco (Global Forum)"])
    assert after.count("&grsi") == 1 and after.count("*grsi") == 5 and after.count("*m5") == 3


def test_a_change_that_changes_nothing_writes_nothing(project):
    bullet = load_content(project / CONTENT_FILE, project).sections[0].bullets[0].text
    made = saved(project, [SetText(CONTENT_FILE, WHY + (0,), "en", bullet.en)])
    assert (made.files, made.diff) == ([], "")


def test_a_refused_text_is_told_at_its_field_in_words_and_nothing_is_written(project):
    field, message = only_problem(refusal(project, [
        SetText(CONTENT_FILE, WHY + (0,), "fr", "Pour veiller à la sécurité."),  # fine, but not written either
        SetText(CONTENT_FILE, WHY + (1,), "en", " ")]))
    assert field == field_id(CONTENT_FILE, WHY + (1,), "en")
    assert message == {"fr": "Le texte anglais est vide\u00a0: écrivez la traduction.",
                       "en": "The English text is empty: write the translation."}


@pytest.mark.parametrize("value, says", [
    ("Costs {money}.", "{money}, qui ne désigne aucun montant"),
    ("**Membership fees for the main forums.", "Le ** ouvre un passage en gras qui n’est jamais fermé"),
    ("Membership fees for the main forums.", "doit contenir {fees} à l’endroit où s’imprime la valeur"),
])
def test_the_loaders_refusals_are_told_to_staff_in_their_own_words(project, value, says):
    field, message = only_problem(refusal(project, [SetText(CONTENT_FILE, FEES, "en", value)]))
    assert field == field_id(CONTENT_FILE, FEES, "en")
    assert says in spaced(message["fr"]) and message["en"]
    assert not re.search(r"\.yaml|:\d+:|sections\[", message["fr"] + message["en"])


# ---------------------------------------------------------------- amounts

def test_an_amount_takes_its_new_value_and_currency_and_keeps_its_style(project):
    before = (project / CONTENT_FILE).read_text()
    saved(project, [SetAmount(CONTENT_FILE, ENVELOPE, "envelope", Decimal("25000000"), "USD")])
    assert changed_lines(before, (project / CONTENT_FILE).read_text())[1] == [
        "              envelope: {value: 25000000, currency: USD, style: words}"]
    amount = load_content(project / CONTENT_FILE, project).sections[2].bullets[1].bullets[2].text.amounts["envelope"]
    assert (amount.value, amount.currency, amount.style) == (Decimal(25000000), "USD", "words")


@pytest.mark.parametrize("value, currency, says", [
    ("300 000", "CAD", "en chiffres seulement"),
    (-1, "CAD", "un nombre positif"),
    (10 ** 16, "CAD", "inférieur à un million de milliards"),
    (Decimal("NaN"), "CAD", "un nombre positif"),
    (300000, "XYZ", "pas un code de devise connu"),
])
def test_an_amount_that_is_no_amount_is_refused_in_words(project, value, currency, says):
    field, message = only_problem(refusal(project, [SetAmount(CONTENT_FILE, FEES, "fees", value, currency)]))
    assert field == field_id(CONTENT_FILE, FEES, "fees")
    assert says in spaced(message["fr"])


# ---------------------------------------------------------------- list items

def test_a_new_bullet_is_written_like_its_neighbours_with_a_key_of_its_own_and_moves_up(project):
    before = (project / CONTENT_FILE).read_text()
    made = saved(project, [AddItem(CONTENT_FILE, WHY, 2, {"fr": LONG_FRENCH, "en": "To support partner countries."})])
    after = (project / CONTENT_FILE).read_text()
    removed, added = changed_lines(before, after)
    assert removed == [] and added[0] == "      - fr: >-"
    assert added[-2] == "        en: To support partner countries."
    assert all(line.startswith(" " * 10) and len(line) <= 80 for line in added[1:-2])
    key = re.fullmatch(r" {8}key: (\w+)", added[-1]).group(1)
    assert UNIT_KEY.fullmatch(key) and after.count(f"key: {key}\n") == 1
    bullets = load_content(project / CONTENT_FILE, project).sections[0].bullets
    assert (bullets[2].text.fr, bullets[2].text.key) == (LONG_FRENCH, key)

    saved(project, [MoveItem(CONTENT_FILE, WHY, 2, 1)], made.snapshot)
    moved = (project / CONTENT_FILE).read_text()
    assert Counter(moved.splitlines()) == Counter(after.splitlines())  # the same lines, in another order
    bullets = load_content(project / CONTENT_FILE, project).sections[0].bullets
    assert [bullet.text.key for bullet in bullets] == ["a698", key, "a0a8", "ed0a"]


def test_a_bullet_gets_its_first_nested_bullet_and_a_nested_one_goes(project):
    first = ("sections", 2, "bullets", 0)
    saved(project, [AddItem(CONTENT_FILE, first + ("bullets",), 0, {"fr": "Un détail.", "en": "A detail."}),
                    RemoveItem(CONTENT_FILE, FEES[:-1], 1)])
    bullets = load_content(project / CONTENT_FILE, project).sections[2].bullets
    assert [bullet.text.en for bullet in bullets[0].bullets] == ["A detail."]
    assert [bullet.text.key for bullet in bullets[1].bullets] == ["c7b5", "fbe9"]
    assert "        bullets:\n          - fr: Un détail.\n            en: A detail.\n            key: " in (
        project / CONTENT_FILE).read_text()


def test_a_first_nested_bullet_goes_above_the_comment_that_follows_its_bullet(project):
    last_of_iom = FORUMS + (3, "bullets", 1)
    saved(project, [AddItem(CONTENT_FILE, last_of_iom + ("bullets",), 0, {"fr": "Un détail.", "en": "A detail."}),
                    AddItem(CONTENT_FILE, last_of_iom + ("bullets",), 1, {"fr": "Un autre.", "en": "Another."})])
    text = (project / CONTENT_FILE).read_text()
    nested = re.search(r"            key: e422\n            bullets:\n              - fr: Un détail\.\n.*?"
                       r"              - fr: Un autre\.\n                en: Another\.\n                key: \w+\n"
                       r"\n([^\n]*)\n", text, re.DOTALL)
    assert nested and nested[1] + "\n" == GFMD_COMMENT
    assert [bullet.text.en for bullet in load_content(project / CONTENT_FILE, project).sections[4].sections[3]
            .bullets[1].bullets] == ["A detail.", "Another."]


def test_a_comment_stays_above_the_item_below_it_when_items_move_or_go(project):
    text = (project / CONTENT_FILE).read_text()
    above_gfmd = f"\n{GFMD_COMMENT}      # project's translation of it.\n      - id: gfmd\n"
    assert above_gfmd in text
    made = saved(project, [MoveItem(CONTENT_FILE, FORUMS, 4, 3)])  # gfmd up, above iom
    moved = (project / CONTENT_FILE).read_text()
    assert above_gfmd in moved and moved.index("- id: gfmd") < moved.index("- id: iom")
    assert "key: b0a8\n" + above_gfmd in moved  # after rcm's bullet and its blank line
    assert "key: cb3f\n\n      - id: iom\n" in moved  # iom keeps the blank line sections have between them

    saved(project, [RemoveItem(CONTENT_FILE, FORUMS, 4)], made.snapshot)  # iom
    removed = (project / CONTENT_FILE).read_text()
    assert "- id: iom" not in removed and above_gfmd in removed
    sections = load_content(project / CONTENT_FILE, project).sections[4].sections
    assert [section.id for section in sections] == ["igc", "unhcr", "rcm", "gfmd", "m5"]


def test_a_comment_goes_with_the_item_it_stands_above(project):
    saved(project, [RemoveItem(CONTENT_FILE, FORUMS, 4)])
    text = (project / CONTENT_FILE).read_text()
    assert GFMD_COMMENT not in text and "key: e422\n\n      - id: m5\n" in text


def test_a_new_section_takes_an_id_from_its_english_heading_and_a_taken_one_is_refused(project):
    section = {"heading": {"fr": "Nouveaux partenariats", "en": "New partnerships"},
               "bullets": [{"fr": "Avec le Pérou.", "en": "With Peru."}]}
    saved(project, [AddItem(CONTENT_FILE, ("sections",), 2, section)])
    text = (project / CONTENT_FILE).read_text()
    assert "key: a762\n" in text  # the section after it untouched
    assert "\n\n  - id: new-partnerships\n    heading:\n      fr: Nouveaux partenariats\n" in text
    added = load_content(project / CONTENT_FILE, project).sections[2]
    assert (added.id, added.bullets[0].text.en) == ("new-partnerships", "With Peru.")
    assert added.bullets[0].text.key is not None

    field, message = only_problem(refusal(project, [AddItem(CONTENT_FILE, ("sections",), 0, section)]))
    assert field == field_id(CONTENT_FILE, ("sections", 0, "heading"), "en")
    assert "« new-partnerships »" in spaced(message["fr"])


def test_a_new_intro_paragraph_is_read_where_it_was_put(project):
    saved(project, [AddItem(CONTENT_FILE, ("intro",), 1, {"fr": LONG_FRENCH, "en": "A new paragraph."})])
    intro = load_content(project / CONTENT_FILE, project).intro
    assert [text.key for text in intro][::2] == ["e3a4", "fcb1"] and intro[1].fr == LONG_FRENCH


def test_places_are_added_by_country_or_as_named_points_and_removed(project):
    point = {"category": 3, "place": {"point": {"lat": 45.42, "lon": -75.7}},
             "label": {"fr": "Ottawa (siège)", "en": "Ottawa (headquarters)"}, "source": "Le siège du ministère."}
    saved(project, [AddItem(MAP_FILE, ("entries",), 14, {"category": 2, "place": {"country": "PE"},
                                                        "source": "Le Pérou a lancé un programme."}),
                    AddItem(MAP_FILE, ("entries",), 15, point),
                    RemoveItem(MAP_FILE, ("entries",), 1)])  # Argentina, which quotes GB's sentence through *grsi
    text = (project / MAP_FILE).read_text()
    assert "  - category: 2\n    place: {country: PE}\n    source: Le Pérou a lancé un programme.\n" in text
    assert "    place:\n      point: {lat: 45.42, lon: -75.7}\n    label:\n      fr: Ottawa (siège)\n" in text
    entries = load_map_content(project).entries
    assert [entry.place.country for entry in entries][:2] == ["GB", "NZ"]
    assert entries[-1].label.key is not None and entries[-2].place.country == "PE"


def test_a_place_whose_sentence_others_quote_cannot_go(project):
    field, message = only_problem(refusal(project, [RemoveItem(MAP_FILE, ("entries",), 0)]))  # &grsi
    assert field == "" and "reprennent la citation de celui-ci" in message["fr"]


@pytest.mark.parametrize("place, says", [
    ({"country": "QQ"}, "pas un code de pays connu"),
    ({"point": {"lat": 95, "lon": 6.1}}, "La latitude doit être comprise entre -90 et 90"),
])
def test_a_place_that_is_nowhere_is_refused_at_its_field(project, place, says):
    entry = {"category": 3, "place": place, "label": {"fr": "Ici", "en": "Here"}, "source": "Ici."}
    field, message = only_problem(refusal(project, [AddItem(MAP_FILE, ("entries",), 3, entry)]))
    assert field_place(field)[1][:3] == ("entries", 3, "place") and says in spaced(message["fr"])


# ---------------------------------------------------------------- conflicts

def test_a_unit_someone_else_changed_since_the_page_was_built_is_a_conflict(project):
    page = snapshot(project)
    saved(project, [SetText(CONTENT_FILE, WHY + (1,), "en", "Someone else's English.")])
    conflict = refusal(project, [SetText(CONTENT_FILE, WHY + (1,), "en", "My English.")], page)
    assert isinstance(conflict, Conflict)
    field, message = only_problem(conflict)
    assert field == field_id(CONTENT_FILE, WHY + (1,), "en")
    assert ("à cet endroit depuis l’ouverture de la page : « Puce 2 de la section “Pourquoi le Canada "
            "investit-il dans le…” ». Rechargez la page") in spaced(message["fr"])
    assert spaced(message["en"]).startswith("Someone else saved a change to bullet 2 of the section “Why does "
                                            "Canada invest in capacity…” since you opened the page: reload")
    assert conflict.unit == "Bullet 2 of the section “Why does Canada invest in capacity…”"


def test_a_map_label_in_conflict_is_named_by_its_place(project):
    page = snapshot(project)
    label = ("entries", 10, "label")
    replace_in(project / MAP_FILE, "      en: Morocco (GFMD)\n", "      en: Morocco (Global Forum)\n")
    conflict = refusal(project, [SetText(MAP_FILE, label, "fr", "Maroc (Forum mondial)")], page)
    assert conflict.names == {"fr": "Lieu 11 de la carte (Maroc (FMMD))",
                              "en": "Place 11 on the map (Morocco (Global Forum))"}


def test_a_change_elsewhere_in_the_file_is_kept_and_a_moved_unit_is_followed(project):
    page = snapshot(project)
    saved(project, [AddItem(CONTENT_FILE, WHY, 0, {"fr": "Un autre.", "en": "Another."}),  # someone else's
                    SetText(CONTENT_FILE, ("sections", 1, "bullets", 0), "en", "Someone else's English.")])
    saved(project, [SetText(CONTENT_FILE, WHY + (1,), "en", "My English.")], page)
    bullets = load_content(project / CONTENT_FILE, project).sections[0].bullets
    assert [(bullet.text.key, bullet.text.en) for bullet in bullets][2] == ("a0a8", "My English.")
    assert bullets[0].text.en == "Another."
    assert load_content(project / CONTENT_FILE, project).sections[1].bullets[0].text.en == "Someone else's English."


def test_a_list_edited_since_the_page_was_built_takes_no_structural_change(project):
    page = snapshot(project)
    replace_in(project / CONTENT_FILE, "        key: ed0a\n", "        key: ed0a\n"
               "      - fr: Ajoutée à la main.\n        en: Added by hand.\n        key: fafa\n")
    conflict = refusal(project, [MoveItem(CONTENT_FILE, WHY, 1, 0)], page)
    assert isinstance(conflict, Conflict)
    assert conflict.unit.startswith("The bullets of the section “Why does Canada")



def test_a_first_nested_bullet_someone_else_added_meanwhile_is_a_conflict(project):
    page = snapshot(project)
    first = ("sections", 2, "bullets", 0)
    saved(project, [AddItem(CONTENT_FILE, first + ("bullets",), 0, {"fr": "Le leur.", "en": "Theirs."})])
    conflict = refusal(project, [AddItem(CONTENT_FILE, first + ("bullets",), 0, {"fr": "Le mien.", "en": "Mine."})],
                       page)
    assert isinstance(conflict, Conflict) and conflict.unit.startswith("The bullets under bullet 1 of the section")

# ---------------------------------------------------------------- what is refused before anything is read

@pytest.mark.parametrize("change", [
    SetText(Path("/etc/passwd"), ("title",), "en", "x"),
    SetText(Path("data/../data/handout.yaml"), ("title",), "en", "x"),
    SetText(Path("layouts/handout-letter.yaml"), ("title",), "en", "x"),
    SetText(CONTENT_FILE, ("sections", 0, "nowhere"), "en", "x"),
    SetText(CONTENT_FILE, ("sections", 99, "heading"), "en", "x"),
    SetText(CONTENT_FILE, ["title"], "en", "x"),
    SetText(CONTENT_FILE, ("title",), "de", "Titel"),
    SetText(CONTENT_FILE, ("title",), "en", "x" * 5001),
    SetText(CONTENT_FILE, ("title",), "en", "Canada\x00"),
    SetText(CONTENT_FILE, ("title",), "en", "Canada's\nengagement"),
    SetText(CONTENT_FILE, ("title",), "en", "Canada\x1b[31m"),
    SetAmount(CONTENT_FILE, FEES, "nothing", 3, "CAD"),
    RemoveItem(CONTENT_FILE, WHY, 3),
    MoveItem(CONTENT_FILE, WHY, 0, -1),
    AddItem(CONTENT_FILE, WHY, 4, {"fr": "Un.", "en": "One."}),
    AddItem(CONTENT_FILE, ("title",), 0, {"fr": "Un.", "en": "One."}),
    AddItem(CONTENT_FILE, WHY, 0, {"fr": object(), "en": "One."}),
])
def test_what_no_file_may_take_is_refused_in_words(project, change):
    refused = refusal(project, [change])
    assert refused.problems and all(problem.message["fr"] and problem.message["en"] for problem in refused.problems)


def test_a_file_the_changes_would_make_too_long_for_its_budget_is_refused_in_words(project):
    entry = {"category": 2, "place": {"country": "PE"}, "source": "Le Pérou. " * 490}  # 4 900 characters
    field, message = only_problem(refusal(project, [AddItem(MAP_FILE, ("entries",), 0, entry)] * 25))
    assert message["en"] == "The document would be too long: shorten or remove other texts first."


def test_a_save_holds_at_most_so_many_changes(project):
    change = SetText(CONTENT_FILE, ("title",), "en", "Title")
    assert "500" in only_problem(refusal(project, [change] * 501))[1]["en"]


# ---------------------------------------------------------------- the snapshot token

def test_a_snapshot_goes_through_a_small_token_and_back(project):
    page = snapshot(project)
    token = page.encode()
    assert re.fullmatch(r"[A-Za-z0-9_-]+", token) and len(token) < 4000
    assert Snapshot.decode(token) == page
    saved(project, [SetText(CONTENT_FILE, ("title",), "en", "A new title")], token)


@pytest.mark.parametrize("spoil", [lambda token: token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB"),
                                   lambda token: "not a token at all!", lambda token: "", lambda token: "A" * 70_000])
def test_a_token_this_editor_did_not_make_is_refused(project, spoil):
    with pytest.raises(ChangeRefused, match="reload"):
        Snapshot.decode(spoil(snapshot(project).encode()))


# ---------------------------------------------------------------- writing

def test_files_written_together_are_each_old_or_new_when_a_rename_fails(project, monkeypatch):
    before = texts(project)
    renames = []

    def failing_second(source, target):
        renames.append(target)
        if len(renames) == 2:
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    real_replace = write.os.replace
    monkeypatch.setattr(write.os, "replace", failing_second)
    with pytest.raises(OSError):
        saved(project, [SetText(CONTENT_FILE, ("title",), "en", "A new title"),
                        AddItem(MAP_FILE, ("entries",), 0, {"category": 2, "place": {"country": "PE"}, "source": "x"})])
    now = texts(project)
    assert now[MAP_FILE] == before[MAP_FILE] and now[CONTENT_FILE] != before[CONTENT_FILE]
    load_content(project / CONTENT_FILE, project)  # whole
    assert sorted(project.glob("data/.*.tmp")) == []


def test_a_file_that_cannot_be_staged_leaves_every_file_as_it_was(project, monkeypatch):
    staged = []
    real_staged = write.staged

    def failing_second(path, data):
        staged.append(path)
        if len(staged) == 2:
            raise write.NotWritten(path, OSError(28, "No space left on device"))
        return real_staged(path, data)

    monkeypatch.setattr(write, "staged", failing_second)
    message = only_problem(refusal(project, [
        SetText(CONTENT_FILE, ("title",), "en", "A new title"),
        AddItem(MAP_FILE, ("entries",), 0, {"category": 2, "place": {"country": "PE"}, "source": "x"})]))[1]
    assert "nothing was changed" in message["en"]


# ---------------------------------------------------------------- field ids

@pytest.mark.parametrize("file, path, part", [
    (CONTENT_FILE, ("sections", 2, "bullets", 0), "fr"),
    (CONTENT_FILE, FEES, "fees"),
    (PAGE_WORDS_FILE, ("labels", "page-title"), "en"),
    (CONTENT_FILE, ("sections", 1), "my_amount"),
    (MAP_FILE, ("entries", 3, "label"), ""),
    (CONTENT_FILE, ("labels", "2nd"), "en"),
])
def test_a_field_id_is_html_safe_and_reads_back(file, path, part):
    made = field_id(file, path, part)
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", made)
    assert field_place(made) == (file, path, part)
