"""#11: DocumentView's lookups by bisection answer what the scans they replaced answered."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.context import DocumentView
from pipeline.extract.topics import MentionIndex
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.document import SourceFile, structure
from pipeline.nlp.mentions import Mention, doc_mentions

from .conftest import growth


def _view(nlp, text: str, name: str = "t.txt") -> DocumentView:
    source = SourceFile(path=Path(name), doc_id="t", rel_path=name)
    doc = structure(source, decode_bytes(text.encode("utf-8")))
    return DocumentView(doc, nlp(doc.text))


@pytest.fixture(scope="module")
def seed_views(nlp, seeds_dir):
    return [_view(nlp, p.read_text(encoding="utf-8"), p.name) for p in sorted(seeds_dir.glob("*.txt"))]


def test_sentences_and_content_match_spacy_spans(seed_views):
    checked = 0
    for view in seed_views:
        spans = view.source.boilerplate_spans
        for block in view.source.blocks:
            span = view.doc.char_span(block.start, block.end, alignment_mode="expand")
            expected = []
            for sent in span.sents:
                start, end = max(sent.start_char, block.start), min(sent.end_char, block.end)
                piece = view.text[start:end]
                start += len(piece) - len(piece.lstrip())
                if piece.strip():
                    expected.append((start, start + len(piece.strip())))
            assert view.block_sentences(block) == (expected or [(block.start, block.end)])
        for m in doc_mentions(view.doc):
            span = view.doc.char_span(m.start, m.end, alignment_mode="expand")
            assert view.sentence(m.start, m.end) == span.sent
            naive = not any(s.start < m.end and m.start < s.end for s in spans)
            block = view.block_at(m.start)
            assert view.is_content(m.start, m.end) == (naive and block is not None and block.kind in (
                "title", "heading", "paragraph", "list_item", "caption"))
            checked += 1
    assert checked > 300


def test_mention_index_keeps_list_order():
    mentions = [Mention(s, e, "CONDITION", "", str(s), "", True, "t") for s, e in [(5, 9), (0, 3), (5, 7), (12, 20)]]
    index = MentionIndex(mentions)
    assert index.within(0, 10) == [m for m in mentions if m.end <= 10]
    assert index.within(5, 8) == [mentions[2]]
    assert index.within(21, 30) == []


def test_lookups_per_mention_do_not_scan_the_document(nlp):
    def make(n):
        view = _view(nlp, "Gout\n\n" + "".join(f"- gout and osteoporosis {k}\n" for k in range(n)))
        mentions = doc_mentions(view.doc)
        return lambda: [(view.is_content(m.start, m.end), view.sentence(m.start, m.end), view.block_at(m.start))
                        for m in mentions]
    assert growth(make, 100) < 8 * 3
