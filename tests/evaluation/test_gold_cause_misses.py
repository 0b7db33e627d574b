"""Cause and side-effect misses by kind: what a reader of the held-out totals can learn
without reading the documents (rows missing, named otherwise, or read as something else)."""
from __future__ import annotations

from pipeline.dataset.schema import to_frame
from pipeline.evaluation.gold import format_genre_scores, score_adverse_effects, score_genre_causes

SENT_A = "Long-term use of corticosteroids can cause osteoporosis and cataracts."
SENT_B = "Smoking is a risk factor for lung cancer."
SENT_C = "Mutations in the CFTR gene cause cystic fibrosis."
SENT_D = "Chronic hiccups can also be associated with pneumonia."


def _cause(cause, condition, relation, evidence, **extra):
    return {"claim_id": f"d-{cause}-{condition}-{relation}", "doc_id": "d", "cause": cause, "cause_text": cause,
            "condition": condition, "condition_text": condition, "relation": relation, "start": 0, "end": 1,
            "evidence": evidence, "review_status": "clean", **extra}


def _gold(cause, condition, relation, evidence):
    return {"doc_id": "d", "cause": cause, "condition": condition, "relation": relation, "evidence": evidence}


def test_every_missed_gold_row_and_every_unpaired_prediction_is_told_apart():
    pred = to_frame("causes", [
        _cause("corticosteroids", "osteoporosis", "causes", SENT_A),          # right
        _cause("corticosteroids", "weak bones", "causes", SENT_A),            # cataracts named otherwise
        _cause("smoking", "lung cancer", "causes", SENT_B),                    # wrong relation
        _cause("thick mucus", "cystic fibrosis", "causes", SENT_C),            # cause named otherwise
        _cause("pneumonia", "chronic hiccups", "causes", SENT_D),              # no gold about it
    ])
    gold = [_gold("corticosteroids", "osteoporosis", "causes", SENT_A),
            _gold("corticosteroids", "cataracts", "causes", SENT_A),
            _gold("smoking", "lung cancer", "risk_factor", SENT_B),
            _gold("mutations in the CFTR gene", "cystic fibrosis", "causes", SENT_C),
            _gold("obesity", "gout", "risk_factor", "Obesity raises the risk of gout.")]
    s = score_genre_causes(pred, gold)
    assert s["misses"] == {"wrong relation": 1, "statement not read": 1, "condition named otherwise": 1,
                           "cause named otherwise": 1}
    # the weak-bones row was read from a golded sentence; smoking's row restates no paired
    # row (its gold row is unpaired), so it too comes from a golded statement
    assert s["extras"] == {"golded statement, other arguments": 3, "statement without gold": 1}
    table = format_genre_scores({"consumer_causes": {"dev": {"causes": {**s, "n_docs": 1}}}})
    assert "misses: " in table and "statement not read 1" in table and "unpaired predictions: " in table


def test_a_side_effect_read_under_another_relation_is_a_wrong_relation_miss():
    text = "Very common: may affect more than 1 in 10 people: headache, nausea."
    pred = to_frame("causes", [_cause("adalimumab", "headache", "adverse_effect", text),
                               _cause("adalimumab", "nausea", "causes", text)])
    gold = [_gold("adalimumab", "headache", "adverse_effect", text), _gold("adalimumab", "nausea", "adverse_effect", text)]
    s = score_adverse_effects(pred, gold)
    assert s["recall"] == 0.5
    assert s["misses"] == {"wrong relation": 1}
    assert s.get("extras", {}) == {}


def test_two_gold_rows_of_one_prediction_leave_one_paired_elsewhere():
    text = "Corticosteroids can cause osteoporosis."
    pred = to_frame("causes", [_cause("corticosteroids", "osteoporosis", "causes", text)])
    gold = [_gold("corticosteroids", "osteoporosis", "causes", text),
            _gold("corticosteroids", "osteoporosis", "causes", text)]  # the statement's one row, golded twice
    s = score_genre_causes(pred, gold)
    assert s["misses"] == {"partner paired elsewhere": 1}


def test_a_statement_whose_pair_was_only_read_elsewhere_is_not_read():
    first, second = "Corticosteroids can cause osteoporosis.", "Osteoporosis: bones become fragile with corticosteroids."
    pred = to_frame("causes", [_cause("corticosteroids", "osteoporosis", "causes", first)])
    gold = [_gold("corticosteroids", "osteoporosis", "causes", first), _gold("corticosteroids", "osteoporosis", "causes", second)]
    s = score_genre_causes(pred, gold)
    assert s["misses"] == {"statement not read, pair found in another": 1}
