"""The preflight, `render.py check`: each problem a print shop would reject is found, with where it is.

Most tests keep one layout in the scratch project so the check stays quick; the
PDFs under test are made with reportlab, whose standard Helvetica is not embedded.
"""
from __future__ import annotations

import re
from pathlib import Path

import pikepdf
from PIL import Image
from reportlab.pdfgen import canvas

from affiche.checks import Finding
from affiche.checks.table import table
from scratch import blank_pdf, built_folder, keep_layouts, line_of, replace_in, rows, run_cli

PREVIOUS = b"%PDF-1.7 a previous good build\n"


def check(project: Path, *args: str):
    """render.py check; a blank PDF in output/ when the test put none there, since the check
    refuses to run without a PDF to inspect."""
    if not list((project / "output").glob("*.pdf")):
        blank_pdf(project / "output" / "blank.pdf")
    result = run_cli(project, "check", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def sample_pdf(path: Path, *, text_size: float = 10, image_ppi: float | None = None, rgb: bool = False,
               boxes: bool = False) -> Path:
    """A one-page reportlab PDF: Helvetica text (not embedded), optionally an image printed at
    `image_ppi` (grey, or RGB with `rgb`), an RGB fill instead of a CMYK one, trim and bleed boxes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page = canvas.Canvas(str(path), pagesize=(400, 400))
    page.setFont("Helvetica", text_size)
    page.drawString(20, 20, "Small print")
    if rgb:
        page.setFillColorRGB(0.9, 0.6, 0.0)
    else:
        page.setFillColorCMYK(0, 0.38, 1, 0.1)
    page.rect(100, 100, 50, 50, fill=1, stroke=0)
    if image_ppi:
        image = path.with_suffix(".png")
        pixels = Image.new("RGB", (150, 100), (230, 159, 0)) if rgb else Image.new("L", (150, 100), 128)
        pixels.save(image)
        page.drawImage(str(image), 200, 200, width=150 * 72 / image_ppi, height=100 * 72 / image_ppi)
    if boxes:
        page.setBleedBox((5, 5, 395, 395))
        page.setTrimBox((14, 14, 386, 386))
    page.save()
    return path


# ---------------------------------------------------------------- inputs

def test_every_overflowing_poster_block_is_found_in_both_languages(project):
    keep_layouts(project, "poster-tabloid")
    layout = project / "layouts" / "poster-tabloid.yaml"
    replace_in(layout, "{height: 46mm, blocks: [igc, unhcr, rcm]", "{height: 20mm, blocks: [igc, unhcr, rcm]")
    result = check(project)
    assert result.returncode == 1, result.stdout
    found = rows(result.stdout, "overflow")
    line = line_of(layout, "blocks: [igc, unhcr, rcm]")
    for language in ("French", "English"):
        for index, block in enumerate(("igc", "unhcr", "rcm")):
            assert any(re.match(rf"error layouts/poster-tabloid.yaml:{line}:\d+: rows\[6\]\.blocks\[{index}\] \| "
                                rf"the {language} text of block '{block}' overflows its frame by \d+\.\d mm", row)
                       for row in found), (language, block, found)
    assert len(found) == 6


def test_a_character_the_fonts_lack_is_named_with_its_unit(project):
    keep_layouts(project, "poster-tabloid")
    content = project / "data" / "handout.yaml"
    replace_in(content, "de mobilité et de migrations mondiales.", "de mobilité et de migrations mondiales 中.")
    replace_in(content, "Global Forum on Migration and Development (GFMD)",
               "Global Forum on Migration and Development (GFMD) \u0fff")
    result = check(project)
    assert result.returncode == 1, result.stdout
    found = rows(result.stdout, "missing-glyph")
    bullet = line_of(content, "Pour favoriser la coopération en matière de mobilité")
    assert any(row.startswith(f"error data/handout.yaml:{bullet}:") and "sections[1].bullets[0].fr |" in row
               and "U+4E2D CJK UNIFIED IDEOGRAPH-4E2D is not in fonts/noto-sans/NotoSans-Regular.ttf" in row
               for row in found), found
    heading = line_of(content, "gfmd") + 1
    assert any(row.startswith(f"error data/handout.yaml:{heading}:") and ".heading.en |" in row
               and "U+0FFF an unassigned code point is not in fonts/lato/Lato-Bold.ttf" in row
               for row in found), found
    assert len(found) == 2  # the French and English typography of the rest is all covered


def test_the_build_stops_on_a_missing_glyph_before_writing(project):
    keep_layouts(project, "poster-tabloid")
    replace_in(project / "data" / "handout.yaml", "de migrations mondiales.", "de migrations mondiales 中.")
    previous = project / "output" / "poster-tabloid-fr.svg"
    previous.parent.mkdir()
    previous.write_bytes(PREVIOUS)
    result = run_cli(project, "build")
    assert result.returncode == 1, result.stderr
    assert previous.read_bytes() == PREVIOUS and [p.name for p in previous.parent.iterdir()] == [previous.name]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "sections[1].bullets[0].fr: U+4E2D CJK UNIFIED IDEOGRAPH-4E2D" in errors[0], errors
    assert "Traceback" not in result.stderr


def test_type_under_the_minimum_size(project):
    keep_layouts(project, "poster-tabloid")
    layout = project / "layouts" / "poster-tabloid.yaml"
    replace_in(layout, "small: 7pt", "small: 4pt")
    result = check(project)
    assert result.returncode == 1, result.stdout
    assert rows(result.stdout, "min-text-size") == [
        f"error layouts/poster-tabloid.yaml:{line_of(layout, 'small: 4pt')}:3: type.small | "
        "type size 'small' is 4 pt, under the 6 pt minimum for print | fix: set it to 6pt or more, or lower "
        "'preflight: {min-text-size: …}' in layouts/poster-tabloid.yaml"]
    build = run_cli(project, "build")
    assert build.returncode == 1 and "type.small: type size 'small' is 4 pt" in build.stderr, build.stderr
    assert [path.name for path in (project / "output").iterdir()] == ["blank.pdf"]  # the check's, nothing more


def test_a_layout_sets_its_own_minimum(project):
    keep_layouts(project, "poster-tabloid")
    layout = project / "layouts" / "poster-tabloid.yaml"
    replace_in(layout, "languages: [fr, en]\n", "languages: [fr, en]\npreflight: {min-text-size: 8pt}\n")
    found = rows(check(project).stdout, "min-text-size")
    assert [row.split(" | ")[1] for row in found] == ["type size 'small' is 7 pt, under the 8 pt minimum for print"]
    replace_in(layout, "min-text-size: 8pt", "min-text-size: 7pt")
    assert rows(check(project).stdout, "min-text-size") == []


def test_a_word_too_long_for_its_handout_column(project):
    keep_layouts(project, "handout-letter")
    replace_in(project / "layouts" / "handout-letter.yaml", "languages: [fr, en]", "languages: [fr]")
    content = project / "data" / "handout.yaml"
    long_word = "exemple_" + "1234567890" * 7
    replace_in(content, "Plus tard cette année,", f"Plus tard {long_word} cette année,")
    result = check(project)
    assert result.returncode == 1, result.stdout
    found = rows(result.stdout, "overflow")
    assert len(found) == 1, found
    unit = line_of(content, long_word) - 1  # the bullet's '- fr: >-' line, above its folded text
    assert re.match(rf"error data/handout.yaml:{unit}:\d+: sections\[4\]\.sections\[4\]"
                    rf"\.bullets\[0\]\.fr \| in handout-letter \(French\), page \d: “exemple_123\d+…” runs "
                    rf"\d+\.\d mm past the edge of its column", found[0]), found[0]


def test_unreadable_input_is_still_exit_status_2(project):
    keep_layouts(project, "poster-tabloid")
    replace_in(project / "layouts" / "poster-tabloid.yaml", "base: 8pt", "base: [8pt")
    result = check(project)
    assert result.returncode == 2
    assert result.stderr.startswith("error: layouts/poster-tabloid.yaml:") and "YAML syntax error" in result.stderr


# ---------------------------------------------------------------- outputs

def test_unembedded_font_small_text_and_low_resolution_image_in_a_pdf(project):
    keep_layouts(project, "poster-tabloid")
    sample_pdf(project / "output" / "flyer-fr.pdf", text_size=4, image_ppi=100)
    result = check(project)
    assert result.returncode == 1, result.stdout
    assert rows(result.stdout, "font-not-embedded") == [
        "error output/flyer-fr.pdf page 1 | font Helvetica is not embedded: the printer's machine would substitute "
        "its own | fix: embed it; affiche's own builds embed subsets of the fonts in fonts/, so rebuild the file"]
    assert rows(result.stdout, "min-text-size") == [
        "error output/flyer-fr.pdf page 1 | 10 characters under the 6 pt minimum (10 at 4 pt), from “Smallprint” "
        "| fix: raise the type size in the layout"]
    assert rows(result.stdout, "image-resolution") == [
        "error output/flyer-fr.pdf page 1 | image 1 is 100 ppi at its printed size (150 × 100 px over 38.1 × "
        "25.4 mm), under 300 ppi | fix: use an image of at least 450 × 300 px, or print it smaller"]


def test_a_sharp_image_and_large_text_pass(project):
    keep_layouts(project, "poster-tabloid")
    sample_pdf(project / "output" / "flyer-fr.pdf", text_size=9, image_ppi=300)
    result = check(project)
    assert rows(result.stdout, "min-text-size") == rows(result.stdout, "image-resolution") == []


def test_rgb_colour_and_missing_boxes_in_a_print_variant(project):
    keep_layouts(project, "poster-tabloid")
    sample_pdf(project / "output" / "flyer-fr-print.pdf", rgb=True, image_ppi=300)
    sample_pdf(project / "output" / "flyer-fr.pdf", rgb=True, image_ppi=300)  # a screen PDF may be RGB
    result = check(project)
    assert result.returncode == 1, result.stdout
    assert rows(result.stdout, "rgb-colour") == [
        "error output/flyer-fr-print.pdf page 1 | RGB colour in a print file: fill colour (rg), image "
        f"/{image_name(project / 'output' / 'flyer-fr-print.pdf')} (DeviceRGB) | fix: make the print variant "
        "with CMYK colours, the theme's 'cmyk:' values"]
    assert [row.split(" | ")[:2] for row in rows(result.stdout, "pdf-boxes")] == [
        ["error output/flyer-fr-print.pdf page 1", "no TrimBox: the printer cannot tell where to cut"],
        ["error output/flyer-fr-print.pdf page 1",
         "no BleedBox: the printer cannot tell how far colour runs past the cut"]]


def image_name(path: Path) -> str:
    with pikepdf.open(path) as pdf:
        return next(str(name).lstrip("/") for name in pdf.pages[0].Resources.XObject.keys())


def test_a_cmyk_print_variant_with_its_boxes_passes(project):
    keep_layouts(project, "poster-tabloid")
    sample_pdf(project / "output" / "flyer-fr-print.pdf", boxes=True)
    result = check(project)
    assert rows(result.stdout, "rgb-colour") == rows(result.stdout, "pdf-boxes") == []


def test_a_trim_box_outside_the_bleed_box(project):
    keep_layouts(project, "poster-tabloid")
    path = project / "output" / "flyer-fr-print.pdf"
    sample_pdf(path, boxes=True)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.TrimBox = pikepdf.Array([0, 0, 400, 400])
        pdf.save(path)
    found = rows(check(project).stdout, "pdf-boxes")
    assert [row.split(" | ")[1] for row in found] == [
        "the TrimBox [0 0 400 400] reaches outside the BleedBox [5 5 395 395]"]


def test_a_file_that_is_not_a_pdf(project):
    keep_layouts(project, "poster-tabloid")
    (project / "output").mkdir()
    (project / "output" / "flyer-fr.pdf").write_bytes(b"not a PDF")
    result = check(project)
    assert result.returncode == 1
    assert [row.split(" | ")[0] for row in rows(result.stdout, "unreadable-output")] == ["error output/flyer-fr.pdf"]


def test_a_print_pdf_whose_content_stream_is_broken(project):
    keep_layouts(project, "poster-tabloid")
    path = project / "output" / "flyer-fr-print.pdf"
    sample_pdf(path, boxes=True)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].Contents.write(b"q 0 0 0 1 k BT /F1 9 Tf (an unclosed string Tj ET Q")
        pdf.save(path)
    [row] = rows(check(project).stdout, "unreadable-output")
    assert row.split(" | ")[:2] == ["error output/flyer-fr-print.pdf",
                                    "cannot read the PDF (content stream: a string is left open at its end)"]


# ---------------------------------------------------------------- the real project and the table

def test_the_default_project_has_no_errors(root, built):
    output_dir = built_folder(built)
    result = run_cli(root, "check", "--output", str(output_dir))
    assert result.returncode == 0, result.stdout
    assert rows(result.stdout, "empty-category") == [
        "warning data/map.yaml | legend category 1 marks no place on the map | fix: add entries with "
        "'category: 1' when there are some"]
    assert re.search(r"^preflight: 0 errors, \d+ warnings$", result.stdout, re.MULTILINE), result.stdout
    assert "\033[" not in result.stdout  # not a terminal: no colour


def test_the_table_wraps_and_colours_only_when_asked():
    findings = [Finding("warning", "data/map.yaml", "empty-category", "legend category 1 marks no place " * 4,
                        "add entries"),
                Finding("error", "output/x.pdf page 2", "font-not-embedded", "font Helvetica is not embedded")]
    plain = table(findings).splitlines()
    assert plain[0].split() == ["severity", "check", "where"]
    assert plain[1].split() == ["error", "font-not-embedded", "output/x.pdf", "page", "2"]
    assert plain[-1] == "preflight: 1 error, 1 warning"
    assert all(len(line) <= 60 for line in table(findings, width=60).splitlines())
    assert "\033[1;31merror\033[0m" in table(findings, colour=True) and "\033[" not in "".join(plain)
    assert table([]) == "preflight: no problems found"


# ---------------------------------------------------------------- bilingual layouts, as they print

def test_a_character_missing_in_the_english_half_of_the_side_by_side_layout(project):
    keep_layouts(project, "handout-letter-side-by-side")
    content = project / "data" / "handout.yaml"
    replace_in(content, "en: To foster cooperation on global mobility and migration.",
               "en: To foster cooperation on global mobility and migration 中.")
    result = check(project)
    assert result.returncode == 1, result.stdout
    found = rows(result.stdout, "missing-glyph")
    line = line_of(content, "migration 中.") - 1  # the bullet's '- fr:' line: the unit's
    assert len(found) == 1 and found[0].startswith(f"error data/handout.yaml:{line}:") and \
        "sections[1].bullets[0].en | U+4E2D CJK UNIFIED IDEOGRAPH-4E2D" in found[0], found


def test_a_word_too_long_for_the_english_half_of_the_side_by_side_layout(project):
    """The check lays out the side-by-side document that prints: a word that fits a one-language
    column but not its half of the page is found, in the English it belongs to."""
    keep_layouts(project, "handout-letter-side-by-side")
    content = project / "data" / "handout.yaml"
    long_word = "example_" + "1234567890" * 5
    replace_in(content, "en: To foster cooperation on global mobility and migration.",
               f"en: To foster {long_word} cooperation on global mobility and migration.")
    result = check(project)
    assert result.returncode == 1, result.stdout
    found = rows(result.stdout, "overflow")
    line = line_of(content, long_word) - 1  # the bullet's '- fr:' line: the unit's
    assert len(found) == 1, found
    assert re.match(rf"error data/handout.yaml:{line}:\d+: sections\[1\]\.bullets\[0\]\.en \| in "
                    rf"handout-letter-side-by-side \(French and English\), page \d: “(ex)?ample_123\d+…” runs "
                    rf"\d+\.\d mm past the edge of its column", found[0]), found[0]


def test_check_of_a_project_just_built_reads_the_overflows_its_build_recorded(project, monkeypatch):
    """The build notes what its layout set past a column; check, finding the edition as built, reports
    it from there without laying the handout out again, in the same words."""
    from affiche.commands.check import check as run_check
    from affiche.outputs import typeset as pages
    from affiche.pipeline.build import build

    keep_layouts(project, "handout-letter")
    replace_in(project / "layouts" / "handout-letter.yaml", "languages: [fr, en]", "languages: [fr]")
    long_word = "exemple_" + "1234567890" * 7
    replace_in(project / "data" / "handout.yaml", "Plus tard cette année,", f"Plus tard {long_word} cette année,")
    laid_out = [finding.located() for finding in run_check(project, blank_pdf(project / "scratch" / "x.pdf").parent)
                if finding.check == "overflow"]
    build(project, project / "output")

    def no_layout(*arguments):
        raise AssertionError("check laid the handout out again")

    monkeypatch.setattr(pages, "set_pages", no_layout)
    recorded = [finding.located() for finding in run_check(project, project / "output") if finding.check == "overflow"]
    assert len(recorded) == 1 and recorded == laid_out


def test_check_of_a_poster_just_built_does_not_compose_it_again(project, monkeypatch):
    """A poster's build stops at the first block past its frame: built and unchanged since, it overflows
    nowhere, and check says so without composing it again; edited since, it is composed."""
    from affiche.commands.check import check as run_check
    from affiche.outputs.poster import compose
    from affiche.pipeline.build import build

    keep_layouts(project, "poster-tabloid")
    replace_in(project / "layouts" / "poster-tabloid.yaml", "languages: [fr, en]", "languages: [fr]")
    build(project, project / "output")
    original, composed = compose.Composer, []

    def counted(*arguments):
        composed.append(arguments)
        return original(*arguments)

    monkeypatch.setattr(compose, "Composer", counted)
    assert [finding for finding in run_check(project, project / "output") if finding.check == "overflow"] == []
    assert composed == []
    replace_in(project / "data" / "handout.yaml", "Pour favoriser la coopération", "Afin de favoriser la coopération")
    run_check(project, project / "output")
    assert composed, "check did not compose the poster edited since its build"


def test_rgb_set_by_each_operator_and_in_an_inline_image_is_found_among_cmyk_drawing():
    """The scan reads only the operators that set colour (checks/outputs.py): among a path in CMYK, it
    still finds a stroke colour, a colour space and an inline image in RGB."""
    from affiche.checks.outputs import _rgb_findings

    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(
        b"q 1 0 0 1 5 5 cm 0 0 1 0 k 10 10 m 20 20 l 30 10 l f /DeviceRGB cs 0 0 1 sc 0 0 5 5 re f "
        b"BI /W 1 /H 1 /BPC 8 /CS /RGB ID \x00\x00\x00 EI Q 0.5 0.5 0.5 RG 0 0 m 9 9 l S")
    (finding,) = _rgb_findings(page, "page 1")
    assert finding.message == ("RGB colour in a print file: colour space /DeviceRGB (DeviceRGB), inline image "
                               "(DeviceRGB), stroke colour (RG)")
