from __future__ import annotations

from pipeline.ingest.boilerplate import mark_boilerplate
from pipeline.ingest.credibility import assess_credibility
from pipeline.ingest.structure import split_blocks


def assess(text):
    blocks, spans = mark_boilerplate(text, split_blocks(text))
    return assess_credibility(text, blocks, spans)


def test_journal_metadata_makes_a_peer_reviewed_source():
    text = "Gout in adults: a review\n\nGout is common.\n\nJournalRheumatology\nPublication statusPublished - 2024\nCite this\n"
    result = assess(text)
    assert (result.source_kind, result.credibility) == ("peer_reviewed", 0.9)


def test_prices_make_a_commercial_source():
    text = "Back pain\n\nSymptoms\n\nPain.\n\nTreatment\n\nRest.\n\nMassage sessionFrom 500 rub.\n"
    assert assess(text).source_kind == "commercial"


def test_health_sections_make_health_information_and_nothing_makes_unknown():
    text = "Gout\n\nSymptoms\n\nJoint pain.\n\nTreatment\n\nColchicine is used.\n"
    assert assess(text).source_kind == "health_information"
    assert assess("Some note\n\nA line of text.\n").source_kind == "unknown"
