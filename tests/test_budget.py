"""Budgets on the work a file may ask for: text and list items counted with every '*' alias in
full, before anything is typeset, and a cap on a handout's pages before its PDF is written."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from affiche.errors import AfficheError
from affiche.load.content import CONTENT_FILE, load_content
from affiche.load.yamlsrc import CONTENT_BUDGET, FILE_BUDGET, Budget, parse_yaml, read_yaml
from affiche.outputs import typeset
from affiche.outputs.handout import writer
from affiche.pipeline.build import build
from scratch import ROOT, line_of, replace_in, run_cli

FAIL_WITHIN_S = 10.0  # the README promises a bad file fails "within seconds"
ALIASES = 499
SENTENCES = {"fr": "Le Canada collabore avec ses partenaires pour des migrations sûres et régulières. ",
             "en": "Canada works with its partners for safe, orderly and regular migration. "}


def paragraph(lang: str, length: int = 4_900) -> str:
    """Plain text of exactly `length` characters, under the 5 000 allowed in one text."""
    text = (SENTENCES[lang] * (length // len(SENTENCES[lang]) + 1))[:length - 1] + "."
    assert len(text) == length
    return text


def add_aliased_paragraphs(content: Path) -> int:
    """The attack: one ~4 900-character paragraph anchored &p, then 499 aliases of it, in a body
    section. Returns the line of the first alias."""
    heading = "      en: Why does Canada invest in capacity building?\n"
    anchored = (f"    paragraphs:\n      - &p\n        fr: {json.dumps(paragraph('fr'), ensure_ascii=False)}\n"
                f"        en: {json.dumps(paragraph('en'))}\n")
    replace_in(content, heading, heading + anchored + "      - *p\n" * ALIASES)
    return line_of(content, "- *p")


# ---------------------------------------------------------------- the attack, end to end

def test_a_paragraph_aliased_499_times_fails_fast_at_the_alias_that_crosses_the_budget(project):
    content = project / CONTENT_FILE
    first_alias = add_aliased_paragraphs(content)
    started = time.monotonic()
    result = run_cli(project, "build")
    elapsed = time.monotonic() - started
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    match = re.fullmatch(r"error: data/handout.yaml:(\d+):9: sections\[0\]\.paragraphs\[(\d+)\]: the file's text "
                         r"passes 200000 characters here, counting each '\*' alias in full "
                         r"\(shorten it, or use fewer '\*' aliases\)\n", result.stderr)
    assert match, result.stderr
    line, index = int(match[1]), int(match[2])
    assert content.read_text(encoding="utf-8").splitlines()[line - 1] == "      - *p"
    assert line == first_alias + index - 1  # paragraphs[0] is the anchor, paragraphs[1] the first alias
    assert index < ALIASES  # stopped part way, before expanding the rest
    assert not (project / "output").exists()
    assert elapsed < FAIL_WITHIN_S, f"the error took {elapsed:.1f} s"


# ---------------------------------------------------------------- counting

def test_each_alias_counts_its_whole_node_and_the_error_names_the_alias():
    text = "a: &x [abc, def]\nb:\n  - *x\n  - *x\n  - *x\n"
    assert parse_yaml(text, "t.yaml", Budget(text_chars=24, list_items=11)).data["b"][2] == ["abc", "def"]
    with pytest.raises(AfficheError) as error:
        parse_yaml(text, "t.yaml", Budget(text_chars=23, list_items=11))
    assert str(error.value) == ("t.yaml:5:5: b[2]: the file's text passes 23 characters here, counting each '*' "
                                "alias in full (shorten it, or use fewer '*' aliases)")
    with pytest.raises(AfficheError) as error:
        parse_yaml(text, "t.yaml", Budget(text_chars=24, list_items=10))
    assert str(error.value) == ("t.yaml:5:5: b[2]: the file's lists pass 10 items here, counting each '*' "
                                "alias in full (shorten them, or use fewer '*' aliases)")


def test_keys_are_not_text_and_aliases_inside_anchors_count_in_full():
    text = "long-key-not-counted: &one [ab]\ntwo: &two [*one, *one]\nfour: [*two, *two]\n"
    # 2 characters written, 4 through two's aliases, 8 through four's.
    parse_yaml(text, "t.yaml", Budget(text_chars=14, list_items=100))
    with pytest.raises(AfficheError, match=r"^t.yaml:3:14: four\[1\]: the file's text passes 13 characters"):
        parse_yaml(text, "t.yaml", Budget(text_chars=13, list_items=100))


def test_the_real_files_use_under_a_quarter_of_their_budgets():
    for path, budget in [(ROOT / CONTENT_FILE, CONTENT_BUDGET), *((path, FILE_BUDGET) for path in project_files())]:
        read_yaml(path, ROOT, Budget(budget.text_chars // 4, budget.list_items // 4))
    assert load_content(ROOT / CONTENT_FILE, ROOT).sections


def project_files() -> list[Path]:
    """Every YAML file of the project but the handout's content."""
    found = [*(ROOT / "data").glob("*.yaml"), *(ROOT / "layouts").rglob("*.yaml")]
    return [path for path in found if path != ROOT / CONTENT_FILE]


# ---------------------------------------------------------------- pages

def test_a_handout_over_the_page_cap_stops_before_its_pdf_is_written(project, tmp_path, monkeypatch):
    def write_tagged(*args):
        raise AssertionError("the PDF was written")

    monkeypatch.setattr(typeset, "MAX_HANDOUT_PAGES", 1)  # the real handout has a few pages
    monkeypatch.setattr(writer, "tagged_pdf", write_tagged)
    output = tmp_path / "output"
    with pytest.raises(AfficheError) as error:
        build(project, output, ["handout-letter"], ["en"], processes=1)
    assert re.fullmatch(r"layouts/handout-letter.yaml: the handout sets into [2-9] pages, more than the 1 allowed "
                        r"\(shorten the content, or choose larger pages or smaller type\)", str(error.value))
    assert not list(output.rglob("*.pdf"))
