from __future__ import annotations

import hashlib
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest

from pipeline.ingest.credibility import document_signals
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.document import (CONTENT_KINDS, IngestedDocument, SourceFile, discover_sources,
                                      ingest, ingest_bytes, ingest_fingerprint, structure)
from pipeline.ingest.html import extract_html
from pipeline.settings import SOURCE_SUFFIXES

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str, folder: Path = FIXTURES) -> IngestedDocument:
    path = folder / name
    return ingest(SourceFile(path, path.stem, name, root=folder), 1_000_000)


def page(html: str, name: str = "page.html") -> IngestedDocument:
    return ingest_bytes(SourceFile(Path(name), Path(name).stem, name), html.encode("utf-8"))


def content(doc: IngestedDocument) -> list[tuple[str, str]]:
    return [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks if b.kind in CONTENT_KINDS]


def set_aside(doc: IngestedDocument) -> dict[str, tuple[str, str]]:
    """Boilerplate text -> (category, rule id)."""
    return {doc.text[b.start : b.end]: (b.category, b.rule_id) for b in doc.blocks if b.kind == "boilerplate"}


@pytest.fixture(scope="module")
def saved() -> IngestedDocument:
    return load("saved_page.html")


def test_a_saved_page_gives_the_blocks_a_text_source_gets(saved):
    got = content(saved)
    assert saved.ok and saved.source_format == "html"
    assert got[0] == ("title", "Ibuprofen for pain and fever")
    assert ("heading", "Ibuprofen for adults") in got
    assert ("heading", "How much to take") in got
    assert ("list_item", "Check with a doctor if you have severe heart failure, kidney disease or liver disease.") in got
    assert ("paragraph", "Adults | 200 mg to 400 mg | every 4 to 6 hours") in got
    # image alt text and the figure caption, where brand names hide
    assert ("caption", "A pack of Nurofen 200 mg ibuprofen tablets") in got
    assert ("caption", "Ibuprofen is sold under brand names such as Nurofen and Brufen.") in got
    kinds = [k for k, _ in got]
    assert kinds.index("heading") < kinds.index("list_item")


def test_list_items_and_rows_sit_under_their_heading(saved):
    by_text = {saved.text[b.start : b.end]: b for b in saved.blocks}
    row = by_text["Children aged 7 to 9 years | 200 mg | three times a day"]
    assert saved.text[saved.blocks[row.section].start : saved.blocks[row.section].end] == "How much to take"
    item = by_text["Ask a doctor before taking it if you are more than 30 weeks pregnant."]
    heading = saved.blocks[item.section]
    assert saved.text[heading.start : heading.end] == "Who can and cannot take ibuprofen"


def test_page_furniture_is_set_aside_with_the_rule_that_matched(saved):
    aside = set_aside(saved)
    assert aside["Accept all cookies Manage settings"] == ("cookie_banner", "html.cookie")
    assert aside["Home"] == ("navigation", "html.nav")
    assert aside["Share on Facebook Share on Twitter Email this page"] == ("share_prompt", "html.share")
    assert aside["Naproxen: a stronger anti-inflammatory painkiller"] == ("related_articles", "html.related")
    assert aside["Does it help with migraine? Mine does not go away with paracetamol."] == ("comments", "html.comments")
    assert aside["© 2023 Healthwise Guide. All rights reserved."] == ("footer", "html.footer")
    # what trafilatura left out without a rule naming it is set aside under its decision
    assert aside["By Dr Jane Rivers, published 14 May 2023"] == ("not_main_text", "trafilatura.not_main_text")
    body = " ".join(t for _, t in content(saved))
    for furniture in ("cookies", "Share on", "Related articles", "Mark T.", "warnings are exaggerated", "Privacy"):
        assert furniture not in body


def test_every_offset_points_into_the_extracted_text(saved):
    text = saved.text
    previous_end = 0
    for block in saved.blocks:
        piece = text[block.start : block.end]
        assert piece and piece == piece.strip() and "\n" not in piece
        assert block.start >= previous_end
        previous_end = block.end
    for span in saved.boilerplate_spans:
        assert 0 <= span.start < span.end <= len(text)
    # list markers are outside the block, as for text sources
    item = next(b for b in saved.blocks if b.kind == "list_item")
    assert text[item.start - 2 : item.start] == "- "
    assert saved.n_chars == len(text)


def test_offsets_refer_to_the_published_extracted_text(saved):
    assert saved.offsets_refer_to == "extracted"
    assert saved.text_path == "texts/saved_page.txt"
    assert saved.text_sha256 == hashlib.sha256(saved.text.encode("utf-8")).hexdigest()
    assert saved.sha256 == hashlib.sha256((FIXTURES / "saved_page.html").read_bytes()).hexdigest()
    assert saved.extractor == f"trafilatura {version('trafilatura')}"


def test_text_sources_read_through_ingest_bytes_exactly_as_before(seeds_dir):
    """``ingest_bytes`` (what the run calls) gives a text source the document that
    ``structure(decode_bytes(...))`` gave it, so the seeds' rows cannot change."""
    sources = discover_sources(seeds_dir)
    assert sources
    for source in sources:
        data = source.path.read_bytes()
        assert ingest_bytes(source, data) == structure(source, decode_bytes(data))


def test_text_sources_keep_their_offsets_in_the_source(tmp_path):
    (tmp_path / "a.txt").write_text("Gout\n\nColchicine helps.\n", encoding="utf-8")
    doc = load("a.txt", tmp_path)
    assert (doc.offsets_refer_to, doc.text_path, doc.text_sha256, doc.source_format) == ("source", "", "", "text")
    assert doc.text == "Gout\n\nColchicine helps.\n"


def test_page_metadata(saved):
    assert saved.title == "Ibuprofen for pain and fever"
    assert saved.author == "Dr Jane Rivers"
    assert saved.site_name == "Healthwise Guide"
    assert saved.published == "2023-05-14"
    assert saved.canonical_url == "https://www.healthwise.example/medicines/ibuprofen/"
    assert saved.doi == "" and saved.journal == ""


def test_article_metadata_and_doi_make_it_peer_reviewed():
    doc = load("journal_article.html")
    assert doc.doi == "10.1234/jrp.2022.0142"
    assert doc.journal == "Journal of Rheumatology Practice"
    assert doc.author == "Amelia K. Okafor; Lukas Brandt; Wei Chen"
    assert doc.published == "2022-03-08"
    assert doc.title.startswith("Colchicine for the prevention of gout flares")
    assert doc.source_kind == "peer_reviewed" and doc.credibility == 0.9
    got = content(doc)
    assert ("caption", "Table 2. Adverse events") in got
    assert ("paragraph", "Diarrhoea | 14 | 5") in got


ARTICLE = """<html><head><title>A note</title>{meta}</head><body><article><h1>A note</h1>
<p>Allopurinol lowers serum urate in people with gout and prevents new attacks over time.</p>
</article></body></html>"""


def test_doi_and_journal_metadata_alone_decide_peer_reviewed():
    meta = ('<meta name="citation_doi" content="10.1000/xyz.1">'
            '<meta name="citation_journal_title" content="Gout Letters">')
    with_meta = page(ARTICLE.format(meta=meta))
    without = page(ARTICLE.format(meta=""))
    assert (with_meta.source_kind, with_meta.credibility_rule) == ("peer_reviewed", "cred.peer_reviewed")
    assert without.source_kind == "unknown" and without.doi == ""


def test_a_doi_written_in_the_text_is_found():
    html = ARTICLE.format(meta="").replace("over time.</p>", "over time.</p><p>Cite as: doi:10.1000/abc.77.</p>")
    assert page(html).doi == "10.1000/abc.77"


def test_prices_and_buy_buttons_make_a_shop_commercial():
    doc = load("shop_page.html")
    assert doc.source_kind == "commercial"
    assert set_aside(doc)["Buy now"] == ("shop", "html.cart")
    signals = document_signals(doc.text, list(doc.blocks), list(doc.boilerplate_spans))
    assert {"shop", "page:buy now"} <= signals
    # the metadata alone (og:type product, a price) says so too
    bare = extract_html((FIXTURES / "shop_page.html").read_text(encoding="utf-8"))
    assert {"meta:price", "meta:type:product"} <= bare.metadata.signals()


def test_broken_markup_is_read_as_a_browser_would():
    doc = load("broken_markup.html")
    assert doc.ok
    got = content(doc)
    assert ("list_item", "Do not take more than 300 mg in 24 hours") in got
    assert ("paragraph", "Naratriptan | 2.5 mg") in got


@pytest.mark.parametrize(("name", "reason"), [
    ("broken_empty.html", "the page has no text"),
    ("furniture_only.html", "everything on it is page furniture"),
])
def test_pages_without_text_become_error_rows(name, reason):
    doc = load(name)
    assert doc.status == "error" and reason in doc.error
    assert doc.sha256 == hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest()
    assert doc.source_format == "html" and doc.text_path == ""


def test_empty_and_binary_pages_become_error_rows(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "image.htm").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert load("empty.html", tmp_path).error == "the file is empty"
    assert "binary" in load("image.htm", tmp_path).error


def test_a_declared_charset_decides_a_legacy_page():
    html = '<html><head><meta charset="koi8-r"><title>t</title></head><body><p>Аспирин снижает температуру и боль.</p></body></html>'
    doc = ingest_bytes(SourceFile(Path("p.html"), "p", "p.html"), html.encode("koi8-r"))
    assert "Аспирин снижает температуру и боль." in doc.text
    assert doc.encoding == "koi8-r"


def test_discovery_finds_pages_and_pdfs_but_not_a_saved_page_folder(tmp_path):
    shutil.copy(FIXTURES / "saved_page.html", tmp_path / "Ibuprofen.html")
    (tmp_path / "Ibuprofen_files").mkdir()
    (tmp_path / "Ibuprofen_files" / "ad_frame.html").write_text("<p>Buy now</p>", encoding="utf-8")
    (tmp_path / "other_files").mkdir()
    (tmp_path / "other_files" / "note.txt").write_text("Kept: no page is called other.\n", encoding="utf-8")
    shutil.copy(FIXTURES / "two_column.pdf", tmp_path / "leaflet.PDF")
    found = {s.rel_path for s in discover_sources(tmp_path)}
    assert found == {"Ibuprofen.html", "leaflet.PDF", "other_files/note.txt"}


def test_every_source_suffix_has_a_reader():
    from pipeline.ingest.document import source_format

    formats = {s: source_format(f"x{s}") for s in SOURCE_SUFFIXES}
    assert {formats[".html"], formats[".htm"], formats[".pdf"], formats[".md"], formats[".txt"]} == {
        "html", "pdf", "markdown", "text"}


def test_the_ingest_fingerprint_names_the_extraction_libraries():
    got = ingest_fingerprint()
    assert got == {"trafilatura": version("trafilatura"), "lxml": version("lxml"),
                   "pdfminer.six": version("pdfminer.six")}


def test_a_furniture_class_on_a_page_wrapper_does_not_hide_the_page():
    html = (FIXTURES / "saved_page.html").read_text(encoding="utf-8")
    wrapped = html.replace('<main id="maincontent">', '<div class="layout with-comments"><main id="maincontent">')
    wrapped = wrapped.replace("</main>", "</main></div>")
    doc = page(wrapped, "wrapped.html")
    assert content(doc) == content(load("saved_page.html"))
    assert any("rule html.comments matched <div class=\"layout with-comments\">" in w for w in doc.warnings)
    # the real comment section inside it is still furniture
    assert set_aside(doc)["Sally"] == ("comments", "html.comments")


def test_a_page_nested_too_deeply_is_an_error_row_not_a_crash():
    deep = "<html><body>" + "<div>" * 5000 + "<p>Aspirin 75 mg a day.</p>" + "</div>" * 5000 + "</body></html>"
    doc = page(deep)
    assert doc.status == "error" and "too deeply" in doc.error
    shallow = "<html><body><p>Aspirin 75 mg a day protects the heart.</p>" + deep[12:]
    doc = page(shallow)
    assert doc.ok and any("256 levels" in w for w in doc.warnings)
