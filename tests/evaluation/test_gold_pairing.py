"""Gold rows pair with the prediction read from their own statement (issue #17: the
side-effect band figure). A leaflet names the same effect in section 2 and in section 4;
the band agreement must not depend on which of the two rows the pipeline writes first."""
from __future__ import annotations

from pipeline.dataset.schema import to_frame
from pipeline.evaluation.gold import score_adverse_effects

WARNING = "Tell your doctor if you get a headache while taking it."
LISTED = "Common (may affect up to 1 in 10 people): headache, nausea."


def _pred(evidence: str, band: str) -> dict:
    return {"claim_id": f"c-{band}", "doc_id": "leaflet", "cause": "drugx", "cause_text": "drugx",
            "condition": "headache", "condition_text": "headache", "relation": "adverse_effect",
            "frequency_band": band, "evidence": evidence, "start": 0, "end": 10}


GOLD = [
    {"doc_id": "leaflet", "cause": "drugx", "condition": "headache", "relation": "adverse_effect",
     "frequency_band": "", "evidence": WARNING},
    {"doc_id": "leaflet", "cause": "drugx", "condition": "headache", "relation": "adverse_effect",
     "frequency_band": "common", "evidence": LISTED},
]


def test_the_band_agreement_does_not_depend_on_the_order_of_the_rows():
    rows = [_pred(WARNING, ""), _pred(LISTED, "common")]
    for order in (rows, rows[::-1]):
        score = score_adverse_effects(to_frame("causes", order), GOLD)
        assert (score["recall"], score["band_right"]) == (1.0, 1.0)


def test_a_row_of_another_statement_still_pairs_when_its_own_is_missing():
    score = score_adverse_effects(to_frame("causes", [_pred(WARNING, "")]), GOLD[1:])
    assert score["recall"] == 1.0 and score["band_right"] == 0.0


def test_no_pair_is_lost_to_a_gold_row_that_had_another_prediction():
    """g1 matches both predictions (the second from its own statement); g2 only the
    second: both gold rows pair, whatever the order."""
    other = "You may get a headache after the first injection."
    rows = [_pred(other, ""), _pred(LISTED, "common")]
    gold = [dict(GOLD[1]), dict(GOLD[1], evidence=other, frequency_band="")]
    gold[1]["condition"] = "headache"
    for order in (rows, rows[::-1]):
        score = score_adverse_effects(to_frame("causes", order), gold)
        assert score["recall"] == 1.0 and score["band_right"] == 1.0
