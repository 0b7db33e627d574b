"""Dubious-claim cues are found in a document's own sentences, once per category."""
from __future__ import annotations

import pytest

from pipeline.extract.cues import cue_rows


@pytest.fixture
def cues(view):
    return lambda text: cue_rows(view(text))


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
