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
    # the weak-bones and thick-mucus rows were read from golded sentences; smoking's row is
    # the gold pair under another relation
    assert s["extras"] == {"golded statement, other arguments": 2, "wrong relation": 1, "statement without gold": 1}
    assert s["wrong_relation"] == 1
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


def test_another_relation_in_another_sentence_is_no_wrong_relation_of_this_statement():
    listed, warned = "Rare side effects: kidney failure, liver inflammation.", "Brufex can damage the kidneys."
    pred = to_frame("causes", [_cause("brufex", "liver inflammation", "adverse_effect", listed),
                               _cause("brufex", "kidney failure", "causes", warned)])
    gold = [_gold("brufex", "kidney failure", "adverse_effect", listed)]
    s = score_adverse_effects(pred, gold)
    assert s["misses"] == {"condition named otherwise": 1} and s["wrong_relation"] == 0


def test_a_statement_read_for_other_pairs_and_a_second_row_of_a_found_pair():
    text = "Gout is caused by uric acid crystals in the joints."
    pred = to_frame("causes", [_cause("purines", "kidney stones", "causes", text),
                               _cause("uric acid crystals", "gout", "causes", text),
                               _cause("uric acid crystals", "gout", "causes", "Crystals of uric acid cause gout.")])
    gold = [_gold("uric acid crystals", "gout", "causes", text),
            _gold("alcohol", "hyperuricemia", "risk_factor", text)]
    s = score_genre_causes(pred, gold)
    assert s["misses"] == {"statement read, other arguments": 1}
    assert s["extras"] == {"golded statement, other arguments": 1, "restates a paired row": 1}


def test_pair_level_counts_unpaired_predictions_as_its_precision_does():
    a, b = "Cisplatin caused ototoxicity.", "Ototoxicity after cisplatin was severe. Cisplatin also caused nausea."
    pred = to_frame("causes", [_cause("cisplatin", "ototoxicity", "adverse_effect", a),
                               _cause("cisplatin", "ototoxicity", "adverse_effect", b),   # restates the found pair
                               _cause("cisplatin", "nausea", "adverse_effect", b),
                               _cause("cisplatin", "nausea", "adverse_effect", a)])      # the same wrong pair again
    gold = [_gold("cisplatin", "ototoxicity", "adverse_effect", a)]
    s = score_genre_causes(pred, gold, pair_level=True)
    assert (s["n_pred"], s["precision"], s["rows_n_pred"]) == (2, 0.5, 4)
    assert sum(s["extras"].values()) == s["n_pred"] - 1
