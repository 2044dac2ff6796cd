"""YAML reading with positions, inline markup, and the loaded model of the real content."""
from __future__ import annotations

import pytest

from affiche.errors import AfficheError
from affiche.localize.inline import MarkupError, Run, parse_runs, placeholders
from affiche.load.content import load_content
from affiche.load.layouts import load_layout
from affiche.model.content import all_sections
from affiche.load.yamlsrc import parse_yaml


def test_positions_are_recorded_for_every_key_path():
    source = parse_yaml("a:\n  - x: 1\n    y: [2, 3]\n  - z: q\n", "t.yaml")
    assert source.data == {"a": [{"x": 1, "y": [2, 3]}, {"z": "q"}]}
    assert str(source.at(("a", 0, "y", 1))) == "t.yaml:3:12: a[0].y[1]"
    assert str(source.at(("a", 1, "missing"))) == "t.yaml:4:5: a[1].missing"


def test_duplicate_keys_are_an_error():
    with pytest.raises(AfficheError, match=r"t.yaml:2:1: a: key 'a' appears twice"):
        parse_yaml("a: 1\na: 2\n", "t.yaml")


def test_python_tags_are_refused():
    with pytest.raises(AfficheError, match="unsupported YAML tag"):
        parse_yaml("a: !!python/object/apply:os.system ['true']\n", "t.yaml")


def test_quoted_text_stays_text():
    assert parse_yaml('a: "no"\nb: no\n', "t.yaml").data == {"a": "no", "b": False}


def test_inline_markup():
    assert parse_runs("a **b** *c* ***d***") == (
        Run("a "), Run("b", bold=True), Run(" "), Run("c", italic=True), Run(" "),
        Run("d", bold=True, italic=True))
    assert parse_runs("<script>") == (Run("<script>"),)
    assert placeholders("x {fee} {email} {{") == {"fee", "email"}
    with pytest.raises(MarkupError):
        parse_runs("a *b")


def test_the_real_content_loads_completely(root):
    content = load_content(root / "data" / "handout.yaml", root)
    assert content.section_ids() == ("why-capacity-building", "why-engagement", "imcbp", "grsi", "forums")
    forums = next(s for s in content.sections if s.id == "forums")
    assert [s.id for s in forums.sections] == ["igc", "unhcr", "rcm", "iom", "gfmd", "m5"]
    assert [entry.category for entry in content.legend.entries] == [1, 2, 3]
    imcbp = next(s for s in content.sections if s.id == "imcbp")
    assert [str(b.text.amounts[k].value) for b in imcbp.bullets[1].bullets for k in b.text.amounts] == [
        "300000", "700000", "21000000"]
    assert len(list(all_sections(content.sections))) == 11
    assert content.title.where.file == "data/handout.yaml" and content.title.where.line > 1


@pytest.mark.parametrize("name, width, height", [("handout-letter", 215.9, 279.4), ("handout-a4", 210, 297)])
def test_the_real_layouts_load(root, name, width, height):
    content = load_content(root / "data" / "handout.yaml", root)
    layout = load_layout(name, root, content)
    assert (layout.page_width_mm, layout.page_height_mm) == (width, height)
    assert layout.languages == ("fr", "en")
    assert layout.theme.colours["category-2"].cmyk[0] == 87
    assert {face.weight for face in layout.theme.fonts["body"].faces} == {400, 700}
