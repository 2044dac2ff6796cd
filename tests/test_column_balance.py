"""Columns are balanced only where balancing shows (outputs/typeset.py, pdf/weasyprint_compat.py).

Random two-column documents, each set twice by WeasyPrint: with its columns filled one after the
other, and balanced. Wherever the rule says balancing would change nothing, the two must set
every line of text at the same place; and the rule must say that for some documents and not for
others, or it decides nothing.
"""
from __future__ import annotations

import random

import pytest

from affiche.outputs.typeset import FILL_COLUMNS_IN_TURN, UNBALANCED_SHARE
from affiche.pdf import weasyprint_compat

weasyprint = pytest.importorskip("weasyprint")
from weasyprint.formatting_structure import boxes  # noqa: E402

CSS = """
@page { size: 105mm 148mm; margin: 8mm; }
body { font: 8pt/1.35 sans-serif; }
.columns { column-count: 2; column-gap: 4mm; }
.card { break-inside: avoid; background: #eee; padding: 1mm; margin-bottom: 2mm; }
p { margin: 0 0 1.5mm; }
"""
WORDS = "migration capacité partenaires réfugiés programme forum coopération gestion".split()


def document(seed: int) -> str:
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
        else:
            blocks.append(f"<p>{text}</p>")
    if chance.random() < 0.5:  # a tall block that may not split, then a short one: often nothing to move
        text = " ".join(chance.choice(WORDS) for _ in range(chance.randint(60, 120)))
        blocks += [f'<section class="card"><p>{text}</p></section>', f"<p>{' '.join(WORDS[:5])}</p>"]
    return f'<html lang="fr"><body><div class="columns">{"".join(blocks)}</div></body></html>'


def lines(document) -> list[list[tuple[float, float, str]]]:
    return [[(round(box.position_x, 1), round(box.position_y, 1), box.text)
             for box in page._page_box.descendants() if isinstance(box, boxes.TextBox)]
            for page in document.pages]


def set_pages(html: str, css: str):
    return weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(string=css)])


def test_columns_are_balanced_exactly_where_balancing_changes_the_page(monkeypatch):
    outcomes = {"skipped, same page": 0, "balanced, page changed": 0}
    for seed in range(12):
        html = document(seed)
        filled, balanced = set_pages(html, CSS + FILL_COLUMNS_IN_TURN), set_pages(html, CSS)
        decided = weasyprint_compat.columns_fall_short(filled, "columns", UNBALANCED_SHARE)
        with monkeypatch.context() as without_the_movable_rule:
            without_the_movable_rule.setattr(weasyprint_compat, "_least_movable", lambda box, module: -1)
            short = weasyprint_compat.columns_fall_short(filled, "columns", UNBALANCED_SHARE)
        same = lines(filled) == lines(balanced)
        if short and not decided:
            assert same, f"document {seed}: balancing was skipped, but it moves lines"
            outcomes["skipped, same page"] += 1
        if decided and not same:
            outcomes["balanced, page changed"] += 1
    assert all(outcomes.values()), outcomes
