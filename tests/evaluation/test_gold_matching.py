"""The evaluator itself: hand-computed cases that must fail when matching is wrong."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline.dataset.schema import to_frame
from pipeline.evaluation.gold import locate, score_causes, score_doses, score_mentions, similar


def test_locate_counts_occurrences():
    assert locate("a b a b", "a", 1) == (4, 5)
    with pytest.raises(ValueError):
        locate("a b", "a", 1)


def test_mentions_overlap_and_exact():
    texts = {"d": "Osteoporosis and back pain."}
    gold = [{"doc_id": "d", "quote": "Osteoporosis"}, {"doc_id": "d", "quote": "back pain"}]
    pred = to_frame("conditions", [
        {"mention_id": "1", "doc_id": "d", "start": 0, "end": 12, "review_status": "clean"},
        {"mention_id": "2", "doc_id": "d", "start": 22, "end": 26, "review_status": "clean"},  # "pain"
        {"mention_id": "3", "doc_id": "d", "start": 13, "end": 16, "review_status": "clean"},  # "and"
    ])
    overlap = score_mentions(pred, gold, texts)
    assert (overlap.tp_pred, overlap.n_pred, overlap.tp_gold, overlap.n_gold) == (2, 3, 2, 2)
    exact = score_mentions(pred, gold, texts, exact=True)
    assert (exact.tp_pred, exact.tp_gold) == (1, 1)


def test_causes_need_relation_condition_and_cause():
    pred = to_frame("causes", [{"claim_id": "c", "doc_id": "d", "cause": "smoking", "cause_text": "Smoking",
                                "condition": "osteoporosis", "condition_text": "osteoporosis",
                                "relation": "causes", "start": 0, "end": 1, "review_status": "clean"}])
    good = [{"doc_id": "d", "cause": "smoking", "condition": "osteoporosis", "relation": "causes"}]
    wrong_direction = [{"doc_id": "d", "cause": "osteoporosis", "condition": "smoking", "relation": "causes"}]
    assert score_causes(pred, good).tp_gold == 1
    assert score_causes(pred, wrong_direction).tp_gold == 0


def test_doses_match_amount_unit_and_drug():
    pred = to_frame("doses", [{"claim_id": "d1", "doc_id": "d", "drug": "meloxicam", "amount": 7.5,
                               "unit": "mg", "start": 0, "end": 1, "review_status": "clean"}])
    assert score_doses(pred, [{"doc_id": "d", "drug": "meloxicam", "amount": 7.5, "unit": "mg"}]).tp_gold == 1
    assert score_doses(pred, [{"doc_id": "d", "drug": "diclofenac", "amount": 7.5, "unit": "mg"}]).tp_gold == 0
    assert score_doses(pred, [{"doc_id": "d", "drug": "meloxicam", "amount": 15, "unit": "mg"}]).tp_gold == 0


def test_similar_uses_content_words():
    assert similar("excessive consumption of coffee", "consumption of coffee and caffeine")
    assert not similar("smoking", "alcohol")
