from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline.ingest.document import CONTENT_KINDS, IngestedDocument, SourceFile, ingest, ingest_bytes

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> IngestedDocument:
    return ingest(SourceFile(FIXTURES / name, Path(name).stem, name, root=FIXTURES), 1_000_000)


def content(doc: IngestedDocument) -> list[tuple[str, str]]:
    return [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks if b.kind in CONTENT_KINDS]


@pytest.fixture(scope="module")
def leaflet() -> IngestedDocument:
    return load("two_column.pdf")


def test_a_two_column_pdf_reads_column_by_column(leaflet):
    texts = [t for _, t in content(leaflet)]
    order = [texts.index(h) for h in (
        "1. What amoxicillin is and what it is used for",
        "3. How to take amoxicillin",
        "4. Possible side effects",  # top of the second column
        "6. Contents of the pack and other information",  # second page
    )]
    assert order == sorted(order)


def test_a_paragraph_cut_by_a_column_or_page_break_is_one_block(leaflet):
    texts = [t for _, t in content(leaflet)]
    assert ("The usual dose for adults is 250 mg to 500 mg three times a day. For severe infections your "
            "doctor may increase the dose to 1 g three times a day. Do not take more than 6 g a day.") in texts
    assert ("Amoxicillin 500 mg capsules are red and yellow hard capsules. They come in blister packs of "
            "15 or 21 capsules.") in texts


def test_pdf_blocks_title_headings_and_list_items(leaflet):
    got = content(leaflet)
    assert got[0] == ("title", "Amoxicillin 500 mg capsules")
    assert ("heading", "2. What you need to know before you take amoxicillin") in got
    assert ("list_item", "Talk to your doctor if you have glandular fever.") in got
    assert ("list_item", "Talk to your doctor if you have kidney problems.") in got
    # ligatures are letters again, so words match
    assert ("heading", "4. Possible side effects") in got
    assert "ﬀ" not in leaflet.text and "ﬂ" not in leaflet.text


def test_page_numbers_and_running_headers_are_set_aside(leaflet):
    aside = [(leaflet.text[b.start : b.end], b.category, b.rule_id) for b in leaflet.blocks if b.kind == "boilerplate"]
    assert ("Page 1 of 2", "page_number", "pdf.page_number") in aside
    assert ("Page 2 of 2", "page_number", "pdf.page_number") in aside
    header = "Amoxicillin 500 mg capsules - patient leaflet"
    assert [a for a in aside if a[0] == header] == [(header, "running_header", "pdf.running_header")] * 2
    assert not any("Page 1 of 2" in t or header in t for _, t in content(leaflet))


def test_pdf_offsets_point_into_the_extracted_text(leaflet):
    previous_end = 0
    for block in leaflet.blocks:
        piece = leaflet.text[block.start : block.end]
        assert piece and piece == piece.strip() and "\n" not in piece
        assert block.start >= previous_end
        previous_end = block.end
    item = next(b for b in leaflet.blocks if b.kind == "list_item")
    assert leaflet.text[item.start - 2 : item.start] == "• "
    assert leaflet.offsets_refer_to == "extracted" and leaflet.text_path == "texts/two_column.txt"
    assert leaflet.sha256 == hashlib.sha256((FIXTURES / "two_column.pdf").read_bytes()).hexdigest()
    assert leaflet.source_format == "pdf" and leaflet.extractor.startswith("pdfminer.six ")


def test_pdf_metadata_title_and_doi_in_the_text():
    leaflet = load("two_column.pdf")
    assert leaflet.title == "Amoxicillin 500 mg capsules: information for the patient"
    article = load("article_doi.pdf")
    assert article.doi == "10.5555/orl.2021.0045"
    # a DOI and an Abstract heading: a published article
    assert article.source_kind == "peer_reviewed"
    assert leaflet.source_kind != "peer_reviewed"


@pytest.mark.parametrize(("name", "reason"), [
    ("scanned.pdf", "the PDF has no text layer: its pages are images"),
    ("encrypted_password.pdf", "the PDF is protected by a password"),
])
def test_scanned_and_password_protected_pdfs_become_error_rows(name, reason):
    doc = load(name)
    assert doc.status == "error" and doc.error.startswith(reason)
    assert doc.sha256 == hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest()
    assert doc.text == "" and doc.blocks == ()


def test_a_pdf_encrypted_without_a_user_password_is_read_with_a_warning():
    doc = load("encrypted_owner_only.pdf")
    assert doc.ok
    assert ("paragraph", "Rub a small amount of gel into the painful area up to three times a day.") in content(doc)
    assert any("encrypted but opens without a password" in w for w in doc.warnings)


@pytest.mark.parametrize(("data", "reason"), [
    (None, "the PDF is damaged and cannot be read"),
    (b"Not a PDF at all, just text saved as .pdf\n", "the file is not a PDF"),
    (b"", "the file is not a PDF"),
])
def test_damaged_and_fake_pdfs_become_error_rows(data, reason):
    if data is None:  # a download cut off half way
        whole = (FIXTURES / "two_column.pdf").read_bytes()
        data = whole[: len(whole) // 2]
    doc = ingest_bytes(SourceFile(Path("x.pdf"), "x", "x.pdf"), data)
    assert doc.status == "error" and doc.error.startswith(reason)
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
