"""Columns are balanced only where balancing shows (outputs/typeset.py, pdf/weasyprint_compat.py).

Random two-column documents, some with headings that span the columns, each set by WeasyPrint
with its columns filled one after the other, and balanced. Wherever the rule says balancing would
change nothing, the two must set every line of text at the same place, as for a card too tall to
move that it is written for; and it must balance some of them, or it decides nothing. Set once
with the rule applied during the layout, as the handouts are, each must come out as the one of
the two the rule picks.
"""
from __future__ import annotations

import functools
import random
from collections import OrderedDict

import pytest

from affiche.outputs.typeset import COLUMN_CONTAINER, UNBALANCED_SHARE
from affiche.pdf import weasyprint_compat

weasyprint = pytest.importorskip("weasyprint")
from weasyprint.formatting_structure import boxes  # noqa: E402

CSS = """
@page { size: 105mm 148mm; margin: 8mm; }
body { font: 8pt/1.35 sans-serif; }
.columns { column-count: 2; column-gap: 4mm; }
.card { break-inside: avoid; background: #eee; padding: 1mm; margin-bottom: 2mm; }
p { margin: 0 0 1.5mm; }
h2 { column-span: all; font-size: 10pt; margin: 2mm 0; }
"""
FILL_COLUMNS_IN_TURN = f".{COLUMN_CONTAINER} {{ column-fill: auto; }}"
SEEDS = range(6)
HEADED_SEEDS = range(3)  # laid out three times each, balanced around their headings: a few are enough
WORDS = "migration capacité partenaires réfugiés programme forum coopération gestion".split()


def document(seed: int, headings: bool) -> str:
    """With `headings`, some blocks are headings that span the columns."""
    chance = random.Random(seed)
    blocks = []
    for _ in range(chance.randint(3, 14)):
        text = " ".join(chance.choice(WORDS) for _ in range(chance.randint(4, 70)))
        kind = chance.random()
        if kind < 0.35:
            blocks.append(f'<section class="card"><h3>Titre</h3><p>{text}</p></section>')
        elif kind < 0.5:
            blocks.append("<ul>" + "".join(f"<li>{text[:chance.randint(10, len(text))]}</li>"
                                           for _ in range(chance.randint(1, 4))) + "</ul>")
        elif headings and kind < 0.6:
            blocks.append(f"<h2>{text[:30]}</h2>")
        else:
            blocks.append(f"<p>{text}</p>")
    if chance.random() < 0.5:  # a tall block that may not split, then a short one: often nothing to move
        text = " ".join(chance.choice(WORDS) for _ in range(chance.randint(60, 120)))
        blocks += [f'<section class="card"><p>{text}</p></section>', f"<p>{' '.join(WORDS[:5])}</p>"]
    return f'<html lang="fr"><body><div class="{COLUMN_CONTAINER}">{"".join(blocks)}</div></body></html>'


def lines(document) -> list[list[tuple[float, float, str]]]:
    return [[(round(box.position_x, 1), round(box.position_y, 1), box.text)
             for box in page._page_box.descendants() if isinstance(box, boxes.TextBox)]
            for page in document.pages]


def set_pages(html: str, css: str):
    return weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(string=css)])


@functools.cache
def filled_and_balanced(seed: int, headings: bool = False):
    """A random document with its columns filled in turn, and balanced."""
    html = document(seed, headings)
    return set_pages(html, CSS + FILL_COLUMNS_IN_TURN), set_pages(html, CSS)


def short(document, movable_rule: bool = True) -> bool:
    with pytest.MonkeyPatch.context() as patch:
        if not movable_rule:
            patch.setattr(weasyprint_compat, "_least_movable", lambda box, module: -1)
        return weasyprint_compat.columns_fall_short(document, COLUMN_CONTAINER, UNBALANCED_SHARE)


def test_columns_are_balanced_exactly_where_balancing_changes_the_page():
    outcomes = {"skipped, same page": 0, "balanced, page changed": 0}
    for seed in SEEDS:
        filled, balanced = filled_and_balanced(seed)
        decided, same = short(filled), lines(filled) == lines(balanced)
        if short(filled, movable_rule=False) and not decided:
            assert same, f"document {seed}: balancing was skipped, but it moves lines"
            outcomes["skipped, same page"] += 1
        if decided and not same:
            outcomes["balanced, page changed"] += 1
    assert outcomes["balanced, page changed"], outcomes


def test_a_card_too_tall_to_move_over_is_left_where_it_is():
    """A paragraph, a card that may not split and fills most of the first column, and a card too tall to
    fit under it: the second column ends far higher than the first, yet balancing could move nothing."""
    for words in range(30, 150, 5):
        html = ('<html lang="fr"><body><div class="columns"><p>' + " ".join(WORDS * 2) + "</p>"
                f'<section class="card"><p>{" ".join((WORDS * 20)[:words])}</p></section>'
                f'<section class="card"><p>{" ".join(reversed(WORDS * 2))}</p></section></div></body></html>')
        filled = set_pages(html, CSS + FILL_COLUMNS_IN_TURN)
        if len(filled.pages) == 1 and short(filled, movable_rule=False):
            break
    else:
        pytest.fail("no card leaves the second column far shorter")
    assert not short(filled)
    assert lines(filled) == lines(set_pages(html, CSS))


def test_the_rule_applied_during_one_layout_sets_the_pages_it_picks_after_a_whole_one():
    picked = {"balanced": 0, "filled in turn": 0}
    for seed in HEADED_SEEDS:
        filled, balanced = filled_and_balanced(seed, headings=True)
        balance = weasyprint_compat.columns_fall_short(filled, COLUMN_CONTAINER, UNBALANCED_SHARE)
        expected = balanced if balance else filled
        with weasyprint_compat.columns_balanced_where_it_shows(COLUMN_CONTAINER, UNBALANCED_SHARE):
            once = set_pages(document(seed, headings=True), CSS)
        assert lines(once) == lines(expected), f"document {seed}"
        picked["balanced" if balance else "filled in turn"] += 1
    assert all(picked.values()), picked


def test_columns_set_again_in_other_colours_are_filled_at_the_height_kept_into_the_same_lines(monkeypatch):
    """The print variant sets the columns its screen variant set, in inks: the height WeasyPrint's
    balancing settled on the first time is kept, and the columns set again are filled at that height
    in one layout, with every line where the balancing put it."""
    monkeypatch.setattr(weasyprint_compat, "_BALANCED_HEIGHTS", OrderedDict())
    balancings = []
    remember = weasyprint_compat._remember
    monkeypatch.setattr(weasyprint_compat, "_remember", lambda *kept: balancings.append(kept) or remember(*kept))
    reused = 0
    for seed in SEEDS:
        html, before = document(seed, headings=False), len(balancings)
        with weasyprint_compat.columns_balanced_where_it_shows(COLUMN_CONTAINER, UNBALANCED_SHARE):
            first, balanced = set_pages(html, CSS), len(balancings)
            again = set_pages(html, CSS + "body { color: #1a3d6d; } .card { background: #f0e6d2; }")
        assert lines(again) == lines(first), f"document {seed}"
        if balanced > before and len(balancings) == balanced:
            reused += 1
            assert lines(first) == lines(filled_and_balanced(seed)[1]), f"document {seed}"
    assert reused, "no document was balanced, or none set again took the kept height"


def test_columns_set_again_under_other_breaking_rules_are_balanced_afresh(monkeypatch):
    """The same boxes with other rules for where a column may end balance into other columns: paragraphs
    that fill their columns alike whether they may leave one line or must leave four at a break, set
    after the first, come out as in a process that never set them under the first rule."""
    loose, strict = (CSS + f"p {{ widows: {lines_kept}; orphans: {lines_kept}; }}" for lines_kept in (1, 4))
    for seed in range(200):
        chance = random.Random(seed)
        html = f'<html lang="fr"><body><div class="{COLUMN_CONTAINER}">' + "".join(
            f"<p>{' '.join(chance.choice(WORDS) for _ in range(chance.randint(20, 90)))}</p>"
            for _ in range(chance.randint(2, 6))) + "</div></body></html>"
        filled = set_pages(html, loose + FILL_COLUMNS_IN_TURN)
        if len(filled.pages) > 1 or lines(filled) != lines(set_pages(html, strict + FILL_COLUMNS_IN_TURN)):
            continue
        with weasyprint_compat.columns_balanced_where_it_shows(COLUMN_CONTAINER, UNBALANCED_SHARE):
            monkeypatch.setattr(weasyprint_compat, "_BALANCED_HEIGHTS", OrderedDict())
            afresh = set_pages(html, strict)
            monkeypatch.setattr(weasyprint_compat, "_BALANCED_HEIGHTS", OrderedDict())
            first = set_pages(html, loose)
            after = set_pages(html, strict)
        if lines(first) != lines(afresh) and lines(first) != lines(filled):
            assert lines(after) == lines(afresh), f"document {seed}"
            return
    pytest.fail("no document fills its columns alike under both rules and balances them otherwise")
