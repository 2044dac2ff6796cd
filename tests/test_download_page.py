"""The download page for organizers: output/index.html (French) and index-en.html (English).

The unit tests read the pages' HTML; the last tests open them in headless Chromium,
from the file system and from a local web server, as organizers would.
"""
from __future__ import annotations

import functools
import http.server
import io
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from PIL import Image, ImageChops

from affiche.errors import AfficheError
from affiche.load.content import load_content
from affiche.load.page_words import load_page_words
from affiche.localize.document import localize
from affiche.localize.typography import NBSP
from affiche.outputs.download_page import page as download_page
from affiche.outputs.download_page.page import PAGE_COLOURS, THUMBNAIL_WIDTH, file_size
from affiche.pipeline.build import build, publish_download_page
from affiche.pipeline.manifest import Manifest
from affiche.project import load_project
from scratch import built_folder, run_cli

VOID = {"meta", "link", "img", "br", "hr", "input"}


# ---------------------------------------------------------------- reading the HTML

@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    parent: Element | None
    children: list[Element] = field(default_factory=list)
    text: str = ""  # all the text inside, descendants included

    def lang(self) -> str:
        """The language in force here: the nearest lang attribute up the tree."""
        element = self
        while element is not None:
            if element.attrs.get("lang"):
                return element.attrs["lang"]
            element = element.parent
        return ""

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        found = []
        for child in self.children:
            if child.tag == tag and all(child.attrs.get(key.rstrip("_")) == value for key, value in attrs.items()):
                found.append(child)
            found.extend(child.find_all(tag, **attrs))
        return found


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, None)
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.open[-1])
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        assert self.open[-1].tag == tag, f"</{tag}> closes <{self.open[-1].tag}>"
        self.open.pop()

    def handle_data(self, data):
        for element in self.open:
            element.text += data


def parse(path: Path) -> Element:
    builder = TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    assert builder.open == [builder.root], "unclosed elements"
    return builder.root


def squash(text: str) -> str:
    """Text with its source line breaks and indentation folded, no-break spaces kept."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="session")
def site(built) -> Path:
    """The output folder of the full default build, with its download page."""
    return built_folder(built)


@pytest.fixture(scope="session")
def pages(site) -> dict[str, Element]:
    return {"fr": parse(site / "index.html"), "en": parse(site / "index-en.html")}


@pytest.fixture(scope="session")
def titles(root) -> dict[str, str]:
    content = load_content(root / "data" / "handout.yaml", root)
    return {lang: localize(content, lang).title for lang in ("fr", "en")}


def copy_outputs(built: dict[str, Path], folder: Path, *prefixes: str) -> list[str]:
    """Copies of the built outputs whose names start with one of the prefixes, with the manifest's
    records of them, as a build of those outputs alone would leave them."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [name for name in built if name.startswith(prefixes)]
    for name in names:
        shutil.copyfile(built[name], folder / name)
    manifest = Manifest.read(built_folder(built))
    for key in list(manifest.jobs):
        files = [file for file in manifest.files(key) if str(file.name) in names]
        if files:
            manifest.record(key, manifest.jobs[key]["inputs"], files)
        else:
            del manifest.jobs[key]
    manifest.output_dir = folder
    manifest.write()
    return names


def publish(root: Path, folder: Path, warnings: list[str] | None = None) -> None:
    sink = warnings.append if warnings is not None else lambda message: None
    publish_download_page(load_project(root), folder, Manifest.read(folder), sink)


# ---------------------------------------------------------------- the page's HTML

@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_output_is_listed_once_with_a_download_link_to_it(lang, pages, built, site):
    links = [a.attrs["href"] for a in pages[lang].find_all("a") if "download" in a.attrs]
    assert sorted(links) == sorted(f"./{name}" for name in built)
    for href in links:
        assert (site / href).is_file() and not href.startswith(("/", "file:", "http")), href


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_pdf_has_a_first_page_thumbnail_named_in_its_alt_text(lang, pages, built, site):
    images = pages[lang].find_all("img")
    assert len(images) == sum(name.endswith(".pdf") for name in built)
    kinds = {"fr": ("Feuillet", "Affiche"), "en": ("Handout", "Poster")}[lang]
    for image in images:
        thumbnail = site / image.attrs["src"]
        assert thumbnail.is_file() and thumbnail.parent.name == "thumbnails"
        assert download_page.image_size(thumbnail.read_bytes())[0] == THUMBNAIL_WIDTH
        alt = image.attrs["alt"]
        assert any(kind in alt for kind in kinds), alt
        assert ("Version" in alt or "version" in alt), alt


def poppler_page(pdf: Path, page: int, width: int) -> Image.Image:
    """A page of the PDF drawn by poppler, another renderer than the thumbnails' pdfium."""
    prefix = pdf.parent / f".poppler-{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-png", "-f", str(page), "-l", str(page), "-scale-to-x", str(width),
                    "-scale-to-y", "-1", "-singlefile", str(pdf), str(prefix)], check=True)
    with Image.open(f"{prefix}.png") as image:
        return image.convert("L")


def difference(first: Image.Image, second: Image.Image) -> float:
    """Mean absolute difference of two grey images, 0 to 255, the second resized to the first."""
    second = second.resize(first.size)
    return sum(index * count for index, count in enumerate(ImageChops.difference(first, second).histogram())) \
        / (first.size[0] * first.size[1])


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed (./install.sh --test)")
def test_thumbnails_show_the_first_page_of_their_pdf(built, site, tmp_path):
    """Each thumbnail looks like poppler's drawing of its PDF's first page, and less like its second."""
    for name, path in built.items():
        if not name.endswith(".pdf"):
            continue
        with Image.open(site / "thumbnails" / f"{path.stem}.png") as image:
            thumbnail = image.convert("L")
        copy = tmp_path / name
        shutil.copyfile(path, copy)
        # Small text anti-aliased by two renderers, and the thumbnail's palette, differ by about 4 to 13;
        # another page of the same handout by 39 or more.
        first = difference(thumbnail, poppler_page(copy, 1, THUMBNAIL_WIDTH))
        assert first < 20, (name, first)
        if len(pypdf.PdfReader(path).pages) > 1:
            assert 2 * first < difference(thumbnail, poppler_page(copy, 2, THUMBNAIL_WIDTH)), name


def test_page_sizes_in_millimetres_with_inches_and_us_names_where_they_apply(pages):
    def facts(lang):
        return [squash(dd.text) for dd in pages[lang].find_all("dd")]
    nb = NBSP
    assert f"Lettre US, 8,5{nb}×{nb}11{nb}po, 215,9{nb}×{nb}279,4{nb}mm" in facts("fr")
    assert f"US Letter, 8.5{nb}×{nb}11{nb}in, 215.9{nb}×{nb}279.4{nb}mm" in facts("en")
    assert f"A4, 210{nb}×{nb}297{nb}mm" in facts("fr")  # no inches: A4 is not whole quarter inches
    assert f"Tabloid, 11{nb}×{nb}17{nb}in, 279.4{nb}×{nb}431.8{nb}mm" in facts("en")
    assert f"36{nb}×{nb}24{nb}in, 914.4{nb}×{nb}609.6{nb}mm" in facts("en")  # landscape, no name


def test_page_counts_come_from_the_pdfs(pages, built):
    cards = pages["en"].find_all("li", class_="card")
    assert len(cards) == sum(name.endswith(".pdf") for name in built)  # one PDF per card
    for card in cards:
        pdf = next(a.attrs["href"] for a in card.find_all("a") if a.attrs["href"].endswith(".pdf"))
        terms = [squash(div.text) for div in card.find_all("div") if div.find_all("dt")]
        assert f"Pages: {len(pypdf.PdfReader(built[pdf.removeprefix('./')]).pages)}" in terms


@pytest.mark.parametrize("size, lang, shown", [
    (1_234_567, "fr", f"1,2{NBSP}Mo"), (1_234_567, "en", f"1.2{NBSP}MB"),
    (86_453, "fr", f"86{NBSP}ko"), (86_453, "en", f"86{NBSP}kB"), (12, "en", f"1{NBSP}kB"),
])
def test_file_sizes_are_localized(size, lang, shown):
    assert file_size(size, lang) == shown


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_link_gives_its_file_size(lang, pages, built):
    links = [a for a in pages[lang].find_all("a") if "download" in a.attrs]
    assert sorted(a.attrs["href"].removeprefix("./") for a in links) == sorted(built)
    for a in links:
        assert file_size(built[a.attrs["href"].removeprefix("./")].stat().st_size, lang) in a.text


def test_lang_attributes_mark_each_page_and_each_title_in_the_other_language(pages, titles):
    for lang, tag, other in (("fr", "fr-CA", "en-CA"), ("en", "en-CA", "fr-CA")):
        page = pages[lang]
        assert page.find_all("html")[0].attrs["lang"] == tag
        switch = page.find_all("nav")[0].find_all("a")[0]
        assert switch.attrs["lang"] == other and switch.attrs["hreflang"] == other
        assert squash(page.find_all("h1")[0].text) == squash(titles[lang])
        for paragraph in page.find_all("p", class_="title"):
            shown_lang = paragraph.lang()[:2]
            assert squash(paragraph.text) == squash(titles[shown_lang])
        assert {paragraph.lang() for paragraph in page.find_all("p", class_="title")} == {"fr-CA", "en-CA"}


def test_both_languages_have_their_own_headings(pages):
    expected = {"fr": ("Feuillet", "Affiche", "Version française", "Version anglaise", "Écran et bureau"),
                "en": ("Handout", "Poster", "French version", "English version", "Screen and office")}
    for lang, words in expected.items():
        headings = " ".join(squash(h.text) for tag in ("h2", "h3", "h4") for h in pages[lang].find_all(tag))
        for word in words:
            assert word in headings, (lang, word)
    french_h2 = [squash(h.text) for h in pages["fr"].find_all("h2")]
    # One heading per document and paper size, smaller paper first (Letter is smaller than A4): the
    # Letter handouts in one language and the bilingual ones share theirs, so do the two 36 × 24 in posters.
    assert french_h2 == ["Feuillet — Lettre US", "Feuillet — A4", "Affiche — Tabloïd",
                         f"Affiche — 36{NBSP}×{NBSP}24{NBSP}po"]


def test_the_page_language_comes_first_in_each_document(pages):
    for lang, first, bilingual in (("fr", "Version française", ("Version bilingue", "Version bilingue tête-bêche")),
                                   ("en", "English version", ("Bilingual version", "Bilingual tête-bêche version"))):
        sections = pages[lang].find_all("section", class_="document")
        assert len(sections) == 4  # Letter and A4 handouts, tabloid and 36 × 24 in posters
        for section in sections:
            editions = [squash(heading.text) for heading in section.find_all("h3")]
            assert editions[0] == first or (len(editions) == 1 and editions[0] in bilingual), editions


def test_skip_link_leads_to_the_documents(pages):
    for page in pages.values():
        body = page.find_all("body")[0]
        first_link = body.find_all("a")[0]
        assert first_link.attrs["class"] == "skip-link" and first_link.attrs["href"] == "#documents"
        assert page.find_all("main", id="documents")


def test_page_colours_have_enough_contrast(root):
    theme = load_page_words(root).theme
    colour = {role: theme.colours[name].srgb for role, name in PAGE_COLOURS.items()}
    white = "#ffffff"
    text_pairs = [("text", white), ("heading", white), ("muted", white), ("text", colour["card"]),
                  ("heading", colour["card"]), ("muted", colour["card"]), (white, colour["band"])]
    for foreground, background in text_pairs:
        assert contrast(colour.get(foreground, foreground), background) >= 4.5, (foreground, background)
    for background in (white, colour["card"]):  # WCAG 1.4.11: focus indicators 3:1
        assert contrast(colour["focus"], background) >= 3


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""
    def luminance(hex_colour):
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_fonts_are_the_themes_unmodified_and_licensed(site, root):
    from fontTools.ttLib import TTFont

    for woff, ttf in (("lato/Lato-Bold.woff", "lato/Lato-Bold.ttf"),
                      ("noto-sans/NotoSans-Regular.woff", "noto-sans/NotoSans-Regular.ttf")):
        web, original = TTFont(site / "fonts" / woff), TTFont(root / "fonts" / ttf)
        assert web.flavor == "woff"
        assert all(web.reader[tag] == original.reader[tag] for tag in original.reader.keys())
        folder = woff.split("/")[0]
        assert (site / "fonts" / folder / "LICENSE.txt").read_bytes() == \
               (root / "fonts" / folder / "LICENSE.txt").read_bytes()
    css = (site / "index.html").read_text(encoding="utf-8")
    assert 'url("fonts/lato/Lato-Bold.woff")' in css and 'url("fonts/noto-sans/NotoSans-Regular.woff")' in css


# ---------------------------------------------------------------- what the page lists

def test_a_build_of_one_layout_keeps_earlier_outputs_listed(project, built, tmp_path):
    output = tmp_path / "out"
    earlier = copy_outputs(built, output, "poster-")
    outputs = build(project, output, ["handout-a4"], ["fr"])
    page = parse(output / "index.html")
    links = sorted(a.attrs["href"] for a in page.find_all("a") if "download" in a.attrs)
    assert links == sorted(f"./{name}" for name in earlier + [output.path.name for output in outputs])


def test_print_variants_are_listed_with_their_trim_size_and_bleed(root, built, tmp_path):
    output = tmp_path / "out"
    copy_outputs(built, output, "handout-letter-fr.pdf", "handout-letter-fr-print.pdf")
    publish(root, output)
    cards = parse(output / "index-en.html").find_all("li", class_="card")
    assert [squash(card.find_all("h4")[0].text) for card in cards] == ["Screen and office", "Commercial print"]
    facts = [squash(dd.text) for dd in cards[1].find_all("dd")]
    assert facts[0] == f"US Letter, 8.5{NBSP}×{NBSP}11{NBSP}in, 215.9{NBSP}×{NBSP}279.4{NBSP}mm, 3{NBSP}mm bleed"
    assert cards[1].find_all("a")[0].attrs["href"] == "./handout-letter-fr-print.pdf"
    assert (output / "thumbnails" / "handout-letter-fr-print.png").is_file()


def test_thumbnails_are_drawn_again_only_when_their_pdf_changes(root, built, tmp_path, monkeypatch):
    output = tmp_path / "out"
    copy_outputs(built, output, "handout-")
    publish(root, output)
    first = {path.name: path.read_bytes() for path in output.rglob("*") if path.is_file()}
    drawn = []
    original = download_page.thumbnail_png
    monkeypatch.setattr("affiche.outputs.download_page.publish.thumbnail_png",
                        lambda pdf: drawn.append(pdf) or original(pdf))
    publish(root, output)
    assert drawn == []
    assert {path.name: path.read_bytes() for path in output.rglob("*") if path.is_file()} == first
    shutil.copyfile(built["handout-a4-en.pdf"], output / "handout-letter-en.pdf")  # a different PDF, same name
    publish(root, output)
    assert drawn == [built["handout-a4-en.pdf"].read_bytes()]
    assert (output / "thumbnails" / "handout-letter-en.png").read_bytes() == \
           (output / "thumbnails" / "handout-a4-en.png").read_bytes()


def test_web_fonts_are_made_again_only_when_their_font_file_changes(project, built, tmp_path, monkeypatch):
    output = tmp_path / "out"
    copy_outputs(built, output, "handout-a4-fr.pdf")
    publish(project, output)
    woff = output / "fonts" / "lato" / "Lato-Bold.woff"
    first = woff.read_bytes()
    made = []
    original = download_page.web_font
    monkeypatch.setattr("affiche.outputs.download_page.publish.web_font", lambda ttf: made.append(ttf) or original(ttf))
    publish(project, output)
    assert made == [] and woff.read_bytes() == first
    other = project / "fonts" / "noto-sans" / "NotoSans-Bold.ttf"  # another font file under Lato's name
    shutil.copyfile(other, project / "fonts" / "lato" / "Lato-Bold.ttf")
    publish(project, output)
    assert made == [other.read_bytes()]
    from fontTools.ttLib import TTFont

    assert TTFont(woff)["name"].getDebugName(1) == TTFont(other)["name"].getDebugName(1)


def test_a_web_font_is_current_only_for_the_font_file_it_was_made_from(root):
    from fontTools.ttLib import TTFont

    lato, noto = ((root / "fonts" / name).read_bytes() for name in ("lato/Lato-Bold.ttf",
                                                                     "noto-sans/NotoSans-Regular.ttf"))
    woff = download_page.web_font(lato)
    assert download_page.web_font_is_current(woff, lato)
    assert not download_page.web_font_is_current(woff, noto)
    assert not download_page.web_font_is_current(woff[:40], lato)  # cut short, inside the header
    assert not download_page.web_font_is_current(b"", lato)
    plain = TTFont(root / "fonts" / "lato" / "Lato-Bold.ttf")
    plain.flavor = "woff"  # a WOFF of the same font, made elsewhere: it records nothing
    buffer = io.BytesIO()
    plain.save(buffer)
    assert not download_page.web_font_is_current(buffer.getvalue(), lato)


def test_thumbnails_of_removed_outputs_go_and_strays_are_reported(root, built, tmp_path):
    output = tmp_path / "out"
    copy_outputs(built, output, "handout-a4-fr.pdf", "handout-a4-en.pdf")
    publish(root, output)
    (output / "handout-a4-en.pdf").unlink()
    shutil.copyfile(built["handout-a4-fr.pdf"], output / "old-layout-fr.pdf")
    (output / "notes.txt").write_text("not an output")
    warnings: list[str] = []
    publish(root, output, warnings)
    assert sorted(path.name for path in (output / "thumbnails").iterdir()) == ["handout-a4-fr.png"]
    assert len(warnings) == 1 and warnings[0].endswith(
        "old-layout-fr.pdf: not listed on the download page: affiche's manifest does not record it "
        "(delete the file, or build its layout again)"), warnings
    links = [a.attrs["href"] for a in parse(output / "index.html").find_all("a") if "download" in a.attrs]
    assert links == ["./handout-a4-fr.pdf"]


def test_an_empty_output_folder_gets_a_page_that_says_so(root, tmp_path):
    publish(root, tmp_path / "empty")
    page = parse(tmp_path / "empty" / "index-en.html")
    assert "No document yet" in squash(page.find_all("main")[0].text)
    assert not page.find_all("img")


@pytest.mark.parametrize("old, new, where, message", [
    ('fr: "Édition du {date}"', 'fr: "Édition du {jour}"', "labels.edition.fr", "takes {date}, found {jour}"),
    ("  pages:\n    fr: Pages\n", "  pages:\n    fr: Pages {n}\n", "labels.pages.fr", "takes no value in braces"),
    ("  skip:", "  skipped:", "labels.skipped", "unknown key 'skipped'"),
    ("  a3:\n    fr: A3\n    en: A3\n", "", "sizes", "missing key 'a3'"),
])
def test_bad_labels_stop_the_build_before_anything_is_written(project, tmp_path, old, new, where, message):
    labels = project / "data" / "download-page.yaml"
    text = labels.read_text(encoding="utf-8")
    assert old in text
    labels.write_text(text.replace(old, new), encoding="utf-8")
    output = tmp_path / "out"
    result = run_cli(project, "build", "--layout", "handout-a4", "--lang", "fr", "--output", str(output))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: data/download-page.yaml:"), result.stderr
    assert where in lines[0] and message in lines[0]
    assert not output.exists()


def test_page_labels_load_with_their_location(root):
    text = load_page_words(root)
    assert text.source == "data/download-page.yaml"
    assert text.labels["edition"].where.line > 0


def test_missing_label_file_is_a_located_error(project):
    (project / "data" / "download-page.yaml").unlink()
    with pytest.raises(AfficheError, match="data/download-page.yaml: file not found"):
        load_page_words(project)


def test_a_font_without_its_licence_is_a_located_error(project):
    (project / "fonts" / "lato" / "LICENSE.txt").unlink()
    with pytest.raises(AfficheError, match=r"data/download-page.yaml:\d+:\d+: theme: fonts/lato/LICENSE.txt not found"):
        load_page_words(project)


# ---------------------------------------------------------------- in a browser

@pytest.fixture(scope="module")
def web_server(site):
    """The output folder behind a static web server on the loopback interface."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def open_page(browser, url: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 800})
    # No network: only the page's own folder, from disk or the local server.
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("file://", "http://127.0.0.1")) else route.abort())
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    return page


@pytest.mark.parametrize("served", ["file", "http"])
def test_in_chromium_every_output_has_a_working_link_and_a_loaded_thumbnail(browser, site, web_server, built,
                                                                              served, tmp_path):
    base = site.as_uri() if served == "file" else web_server
    page = open_page(browser, f"{base}/index.html", 1280)
    links = page.eval_on_selector_all("a[download]", "links => links.map(a => a.href)")
    assert sorted(link.rsplit("/", 1)[1] for link in links) == sorted(built)
    for link in links:
        name = link.rsplit("/", 1)[1]
        if served == "http":
            response = page.request.get(link)
            assert response.ok and response.body() == built[name].read_bytes(), name
        else:
            assert Path(link.removeprefix("file://")) == site / name and (site / name).is_file()
    images = page.eval_on_selector_all("img", "images => images.map(i => [i.complete, i.naturalWidth, i.alt])")
    assert len(images) == sum(name.endswith(".pdf") for name in built)
    assert all(complete and width == THUMBNAIL_WIDTH and alt for complete, width, alt in images), images
    fonts = page.evaluate("[...document.fonts].map(f => f.family + ' ' + f.status)")
    assert sorted(fonts) == ["Lato loaded", "Noto Sans loaded"]
    page.screenshot(path=tmp_path / f"download-page-{served}.png", full_page=True)
    page.close()


def test_in_chromium_a_phone_width_needs_no_horizontal_scroll(browser, site, tmp_path):
    for name in ("index.html", "index-en.html"):
        page = open_page(browser, (site / name).as_uri(), 360)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(path=tmp_path / f"phone-{name}.png", full_page=True)
        page.close()


def test_in_chromium_the_language_switch_leads_to_the_other_language(browser, site):
    page = open_page(browser, (site / "index.html").as_uri(), 1280)
    assert page.evaluate("document.documentElement.lang") == "fr-CA"
    assert "Version française" in page.locator("h3").all_inner_texts()
    page.click("nav a")
    page.wait_for_load_state("load")
    assert page.url.endswith("/index-en.html")
    assert page.evaluate("document.documentElement.lang") == "en-CA"
    headings = page.locator("h3").all_inner_texts()
    assert "English version" in headings and "Version française" not in headings
    page.click("nav a")
    page.wait_for_load_state("load")
    assert page.url.endswith("/index.html")
    page.close()


def test_in_chromium_the_keyboard_reaches_a_visible_skip_link_first(browser, site):
    page = open_page(browser, (site / "index-en.html").as_uri(), 1280)
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const element = document.activeElement, box = element.getBoundingClientRect();
        return [element.className, box.top >= 0 && box.bottom <= innerHeight && box.width > 0,
                getComputedStyle(element).outlineStyle];
    }""")
    assert focused == ["skip-link", True, "solid"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "documents"
    page.close()
