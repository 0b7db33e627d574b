"""Dubious-claim cues are found in a document's own sentences, once per category."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.context import DocumentView
from pipeline.extract.cues import cue_rows
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.document import SourceFile, structure


@pytest.fixture
def cues(nlp):
    def make(text: str) -> list[dict]:
        source = SourceFile(path=Path("t.txt"), doc_id="t", rel_path="t.txt")
        doc = structure(source, decode_bytes(text.encode("utf-8")))
        return cue_rows(DocumentView(doc, nlp(doc.text)))
    return make


def test_a_miracle_cure_sentence_is_a_cue_with_its_exact_sentence(cues):
    text = "Arthritis\n\nRest helps. This miracle cure heals arthritis in days. See a doctor.\n"
    rows = cues(text)
    assert rows, "the cue list should know 'miracle cure'"
    row = rows[0]
    assert text[row["start"] : row["end"]] == row["text"] == "This miracle cure heals arthritis in days."
    assert row["severity"] in ("low", "medium", "high") and row["reason"]


def test_plain_advice_has_no_cue_and_ids_are_stable(cues):
    assert cues("Osteoporosis\n\nCalcium and vitamin D are part of the treatment.\n") == []
    text = "Gout\n\nThis miracle cure works for everyone.\n"
    assert [r["claim_id"] for r in cues(text)] == [r["claim_id"] for r in cues("Intro line.\n\n" + text)]
