"""The same inputs give the same bytes, run after run, whichever process renders them."""
from __future__ import annotations

from affiche.model.outputs import OutputName
from affiche.pipeline.build import build


# One layout of each writer: a handout in one language, side by side, tête-bêche; a poster, stacked.
EVERY_WRITER = ["handout-letter", "handout-letter-side-by-side", "booklet-letter", "poster-tabloid",
                "poster-24x36-stacked"]


def test_a_second_build_in_one_process_is_byte_identical_to_the_first(root, built, tmp_path):
    """`built` rendered everything in two worker processes; this build renders in this one, each
    writer's editions with French in them."""
    again = {output.path.name: output.path.read_bytes() for output in build(root, tmp_path, EVERY_WRITER, ["fr"])}
    names = [OutputName.parse(name) for name in again]
    assert sorted({name.layout for name in names}) == sorted(EVERY_WRITER)
    assert {name.edition for name in names} == {"fr", "bilingual", "tete-beche"}
    changed = [name for name, data in again.items() if built[name].read_bytes() != data]
    assert changed == []


def test_source_date_epoch_sets_the_pdf_dates(root, tmp_path, monkeypatch):
    import pypdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    outputs = build(root, tmp_path, ["handout-a4", "poster-tabloid"], ["en"])
    pdfs = [output.path for output in outputs if output.path.suffix == ".pdf"]
    assert len(pdfs) == 4  # screen and print, handout and poster
    for path in pdfs:
        reader = pypdf.PdfReader(path)
        for key in ("/CreationDate", "/ModDate"):
            assert reader.metadata[key].startswith("D:20231114221320"), (path.name, key)
        if path.name.endswith("-print.pdf"):  # PDF/X: the XMP dates agree with the Info ones
            xmp = reader.xmp_metadata
            assert xmp.xmp_create_date.isoformat().startswith("2023-11-14T22:13:20"), path.name
            assert xmp.xmp_metadata_date.isoformat().startswith("2023-11-14T22:13:20"), path.name
