"""The YAML writer (affiche/load/roundtrip.py): an edit changes its own lines and no other byte."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from affiche.errors import AfficheError
from affiche.load.content import CONTENT_FILE, load_content
from affiche.load.page_words import PAGE_WORDS_FILE
from affiche.load.places import MAP_FILE
from affiche.load.roundtrip import Edit, rewrite
from affiche.translation.keys import KEY_AFTER

BULLET = ("sections", 0, "bullets", 1)  # "Pour aider les pays …", folded, followed by another bullet
LAST_IOM_BULLET = ("sections", 4, "sections", 3, "bullets", 1)  # followed by a blank line and a comment
FEES_BULLET = ("sections", 2, "bullets", 1, "bullets", 0)  # its amounts follow its English
NEW_ENGLISH = ("To help countries build the tools and policies that support the regular movement of people "
               "and manage migration issues, in every region where the Department works with partners.")


def changed_lines(before: str, after: str) -> tuple[list[int], list[str]]:
    """The numbers of the old lines that changed, and the new lines that replace or join them."""
    old, new = before.splitlines(), after.splitlines()
    removed, added = [], []
    for tag, start, end, new_start, new_end in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += range(start + 1, end + 1)
            added += new[new_start:new_end]
    return removed, added


@pytest.mark.parametrize("file", [CONTENT_FILE, MAP_FILE, PAGE_WORDS_FILE])
def test_a_rewrite_without_edits_gives_back_every_byte(project, file):
    made = rewrite(project, file, [])
    assert made.after == made.before == (project / file).read_text(encoding="utf-8")


def test_a_folded_text_is_folded_again_in_its_own_lines_and_nothing_else_changes(project):
    before = (project / CONTENT_FILE).read_text(encoding="utf-8")
    made = rewrite(project, CONTENT_FILE, [Edit(BULLET, "en", NEW_ENGLISH)])
    removed, added = changed_lines(before, made.after)
    lines = before.splitlines()
    assert [lines[number - 1].strip() for number in removed] == [
        "To help countries develop tools and policies that support the regular",
        "movement of people and manage migration issues."]
    assert lines[removed[0] - 2].strip() == "en: >-"  # still folded, the same key line
    indent = " " * 10
    assert all(line.startswith(indent) and not line[10].isspace() and len(line) <= 80 for line in added), added
    assert " ".join(line.strip() for line in added) == NEW_ENGLISH
    made.write(project)
    assert load_content(project / CONTENT_FILE, project).sections[0].bullets[1].text.en == NEW_ENGLISH


def test_quoted_and_plain_texts_keep_their_quoting(project):
    before = (project / CONTENT_FILE).read_text(encoding="utf-8")
    made = rewrite(project, CONTENT_FILE, [
        Edit(("sections", 4, "heading"), "en", "International engagement: forums"),  # double-quoted
        Edit(("sections", 1, "bullets", 0), "en", "To foster cooperation on mobility."),  # plain
    ])
    assert changed_lines(before, made.after)[1] == ["        en: To foster cooperation on mobility.",
                                                    '      en: "International engagement: forums"']


def test_a_new_key_goes_after_en_and_the_blank_line_and_comment_stay_above_the_next_item(project):
    path = project / CONTENT_FILE
    path.write_text(re.sub(r"(the Compact a success\.\n) +key: \w+\n", r"\1", path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    made = rewrite(project, CONTENT_FILE, [Edit(LAST_IOM_BULLET, "key", "b7f3", after=KEY_AFTER)])
    removed, added = changed_lines(before, made.after)
    assert (removed, added) == ([], ["            key: b7f3"])
    after = made.after.splitlines()
    at = after.index("            key: b7f3")
    assert after[at - 1].strip() == "the Compact a success."
    assert after[at + 1] == "" and after[at + 2].strip().startswith("# The original handout has this forum")


def test_a_new_key_goes_after_the_amounts_of_its_text_before_its_nested_bullets(project):
    path = project / CONTENT_FILE
    text = path.read_text(encoding="utf-8")
    for above in (r"fees: \{value: 300000, currency: CAD\}\n", r"          funding:\n"):  # both lose their keys
        text = re.sub(f"({above}) +key: \\w+\n", r"\1", text)
    path.write_text(text, encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    made = rewrite(project, CONTENT_FILE, [Edit(FEES_BULLET, "key", "c0de", after=KEY_AFTER),
                                           Edit(FEES_BULLET[:4], "key", "d0de", after=KEY_AFTER)])
    removed, added = changed_lines(before, made.after)
    assert removed == [] and added == ["        key: d0de", "            key: c0de"]
    after = made.after.splitlines()
    assert after[after.index("            key: c0de") - 1].strip() == "fees: {value: 300000, currency: CAD}"
    assert after[after.index("        key: d0de") - 1].strip() == "funding:"  # before the nested bullets
    assert after[after.index("        key: d0de") + 1].strip() == "bullets:"


def test_nothing_the_loader_would_refuse_is_returned(project):
    with pytest.raises(AfficheError, match=r"^data/handout\.yaml:\d+:\d+: sections\[0\]\.bullets\[1\]\.en: "
                                           r"the English text is empty"):
        rewrite(project, CONTENT_FILE, [Edit(BULLET, "en", " ")])
    with pytest.raises(AfficheError, match="'{fees}' is not defined|{fees} is not defined"):
        rewrite(project, CONTENT_FILE, [Edit(BULLET, "en", "Costs {fees}.")])


def test_a_file_indented_otherwise_is_not_rewritten(project):
    path = project / PAGE_WORDS_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("\n    fr: ", "\n     fr: ", 1).replace(
        "\n    en: ", "\n     en: ", 1), encoding="utf-8")
    with pytest.raises(AfficheError, match=r"^data/download-page\.yaml: affiche cannot rewrite this file without "
                                           r"changing lines it should leave alone"):
        rewrite(project, PAGE_WORDS_FILE, [])


def test_a_map_label_keeps_its_flow_style(project):
    path = project / MAP_FILE
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(r"    label:\n      fr: Genève \(HCR\)\n      en: Geneva \(UNHCR\)\n      key: (\w+)\n",
                          r"    label: {fr: Genève (HCR), en: Geneva (UNHCR), key: \1}\n", text)
    assert count == 1
    path.write_text(text, encoding="utf-8")
    index = next(i for i, entry in enumerate(text.split("\n  - ")[1:]) if "Genève (HCR)" in entry)
    made = rewrite(project, MAP_FILE, [Edit(("entries", index, "label"), "en", "Geneva (UN Refugee Agency)")])
    key = re.search(r"Geneva \(UNHCR\), key: (\w+)", text).group(1)
    assert changed_lines(text, made.after)[1] == [
        f"    label: {{fr: Genève (HCR), en: Geneva (UN Refugee Agency), key: {key}}}"]


def test_the_writer_only_writes_when_asked(project):
    before = (project / CONTENT_FILE).read_bytes()
    rewrite(project, CONTENT_FILE, [Edit(BULLET, "en", NEW_ENGLISH)])
    assert (project / CONTENT_FILE).read_bytes() == before
    assert sorted(Path(project, "data").glob(".*.tmp")) == []
