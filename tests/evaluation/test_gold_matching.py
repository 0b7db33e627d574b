"""The evaluator itself: hand-computed cases that must fail when matching is wrong."""
from __future__ import annotations

import json

import pytest

from pipeline.dataset.schema import to_frame
from pipeline.evaluation.gold import (
    dose_misses,
    drug_match,
    evaluate_genres,
    format_genre_scores,
    locate,
    phrase_match,
    score_adverse_effects,
    score_causes,
    score_dose_links,
    score_doses,
    score_genre_causes,
    score_genre_doses,
    score_mentions,
    similar,
)


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


# ---- genres beyond the seeds -------------------------------------------------------


def _cause(doc, cause, condition, relation="causes", **extra):
    return {"claim_id": f"{doc}-{cause}-{condition}", "doc_id": doc, "cause": cause, "cause_text": cause,
            "condition": condition, "condition_text": condition, "relation": relation, "start": 0, "end": 1,
            "review_status": "clean", **extra}


def _dose(doc, drug, amount, unit, freq=None, start=0, end=1, **extra):
    return {"claim_id": f"{doc}-{drug}-{amount}-{unit}-{start}", "doc_id": doc, "drug": drug, "amount": amount,
            "unit": unit, "frequency_per_day": freq, "start": start, "end": end, "review_status": "clean", **extra}


def test_phrase_match_heads_symbols_and_generic_words():
    assert phrase_match("chronic inflammation", "inflammation")
    assert phrase_match("Inflammations", "inflammation")
    assert phrase_match("CFTR mutation", "mutations in the CFTR gene")
    assert not phrase_match("mutations in the ARID1B gene", "mutation in the ARID1A gene")
    assert not phrase_match("genetic mutation", "mutation in the ARID1A gene")  # gold names a gene
    assert not phrase_match("heart damage", "liver damage")
    assert not phrase_match("environmental factors", "genetic factors")
    assert not phrase_match("autosomal recessive inheritance", "autosomal dominant inheritance")
    assert not phrase_match("type 1 diabetes", "type 2 diabetes")
    assert phrase_match("new mutation", "mutation")
    assert phrase_match("infection", "lung infection")
    assert not phrase_match("Exactly how these gene mutations", "new mutation")
    assert not phrase_match("", "smoking")


def test_drug_match_names_combinations_and_vocabulary():
    assert drug_match("timolol", "travoprost/timolol")
    assert drug_match("Cytosine arabinoside", "cytarabine")  # synonym → same concept
    assert not drug_match("acetylsalicylic acid", "tranexamic acid")
    assert not drug_match("", "mannitol")
    assert drug_match("", "")


def test_genre_causes_need_the_relation_and_count_relation_errors():
    pred = to_frame("causes", [_cause("d", "mutations in the HFE gene", "hemochromatosis", "risk_factor"),
                               _cause("d", "smoking", "lung cancer", "causes", hedged=True)])
    gold = [{"doc_id": "d", "cause": "mutations in the HFE gene", "condition": "primary hemochromatosis", "relation": "causes"},
            {"doc_id": "d", "cause": "cigarette smoking", "condition": "lung cancer", "relation": "causes", "hedged": False}]
    s = score_genre_causes(pred, gold)
    assert (s["n_pred"], s["n_gold"], s["recall"], s["precision"]) == (2, 2, 0.5, 0.5)
    assert s["wrong_relation"] == 1
    assert s["hedged_agree"] == 0.0  # the one matched pair disagrees on the hedge


def test_adverse_effects_report_the_frequency_band_beside():
    pred = to_frame("causes", [_cause("l", "adalimumab", "headache", "adverse_effect", frequency_band="common"),
                               _cause("l", "adalimumab", "nausea", "adverse_effect", frequency_band="very common"),
                               _cause("l", "adalimumab", "rash", "causes")])
    gold = [{"doc_id": "l", "cause": "adalimumab", "condition": "headaches", "relation": "adverse_effect", "frequency_band": "very common"},
            {"doc_id": "l", "cause": "adalimumab", "condition": "nausea", "relation": "adverse_effect", "frequency_band": "very common"},
            {"doc_id": "l", "cause": "adalimumab", "condition": "rash", "relation": "causes"}]
    s = score_adverse_effects(pred, gold)
    assert (s["n_pred"], s["n_gold"], s["precision"], s["recall"]) == (2, 2, 1.0, 1.0)
    assert s["band_right"] == 0.5 and s["recall_with_band"] == 0.5


def test_doses_all_right_and_misses_by_kind():
    text = "Methotrexate 1500 mg/m2 was given. Then 20 mg weekly. Also 5 mg twice a day."
    texts = {"c": text}
    gold = [{"doc_id": "c", "drug": "methotrexate", "amount": 1500, "unit": "mg/m2", "frequency_per_day": None,
             "evidence": "Methotrexate 1500 mg/m2 was given."},
            {"doc_id": "c", "drug": "methotrexate", "amount": 20, "unit": "mg", "frequency_per_day": 0.142857,
             "evidence": "Then 20 mg weekly."},
            {"doc_id": "c", "drug": "methotrexate", "amount": 5, "unit": "mg", "frequency_per_day": 2,
             "evidence": "Also 5 mg twice a day."},
            {"doc_id": "c", "drug": "folic acid", "amount": 10, "unit": "mg", "frequency_per_day": 1, "evidence": ""}]
    pred = to_frame("doses", [
        _dose("c", "methotrexate", 1500, "mg", start=13, end=23),          # per-body unit lost
        _dose("c", "methotrexate", 20, "mg", 1 / 7, start=40, end=45),     # all right (within tolerance)
        _dose("c", "", 5, "mg", 4, start=60, end=64),                      # no drug, wrong frequency
        _dose("c", "methotrexate", 7.5, "mg", start=0, end=1),             # nothing in gold
    ])
    s = score_genre_doses(pred, gold, texts)
    assert (s["n_pred"], s["n_gold"], s["precision"], s["recall"]) == (4, 4, 0.25, 0.25)
    assert s["misses"] == {"per-body unit lost": 1, "no drug": 1, "wrong frequency": 1, "not found": 1}
    assert s["n_paired"] == 3 and s["field_accuracy"]["unit"] == round(2 / 3, 3)
    assert s["unpaired_predictions"] == 1
    links = score_dose_links(pred, gold)
    assert links["recall"] == 0.25  # only the 20 mg row has drug, amount and unit right


def test_doses_pair_on_their_evidence_first_and_misses_list_each_row():
    # the same dose stated twice; the prediction of the second sentence must not take the
    # first gold row's place and leave the second unmatched
    text = "Take 20 mg once a day. Later: take 20 mg once a day with food."
    texts = {"c": text}
    gold = [{"doc_id": "c", "drug": "x", "amount": 20, "unit": "mg", "frequency_per_day": 1,
             "evidence": "Take 20 mg once a day."},
            {"doc_id": "c", "drug": "x", "amount": 20, "unit": "mg", "frequency_per_day": 1,
             "evidence": "take 20 mg once a day with food."}]
    pred = to_frame("doses", [_dose("c", "x", 20, "mg", 1, start=30, end=62)])
    s = score_genre_doses(pred, gold, texts)
    assert (s["recall"], s["right_elsewhere"]) == (0.5, 0)
    (miss,) = dose_misses(pred, gold, texts)
    assert miss["kinds"] == ["not found"] and miss["gold"]["evidence"] == "Take 20 mg once a day."
    # a prediction from another sentence still counts, and is reported as such
    elsewhere = to_frame("doses", [_dose("c", "x", 20, "mg", 1, start=0, end=5)])
    s = score_genre_doses(elsewhere, gold[1:], texts)
    assert (s["recall"], s["right_elsewhere"]) == (1.0, 1)
    extra = to_frame("doses", [_dose("c", "x", 20, "mg", 1, start=0, end=22), _dose("c", "x", 5, "mg", 1)])
    kinds = sorted(m["kinds"][0] for m in dose_misses(extra, gold[:1], texts))
    assert kinds == ["not in gold"]


def _write(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_evaluate_genres_scores_each_genre_and_part_apart(tmp_path):
    gold_root = tmp_path / "gold"
    _write(gold_root / "genres" / "split.jsonl", [
        {"doc_id": "a", "genre": "consumer_causes", "part": "dev", "origin": "x#1"},
        {"doc_id": "b", "genre": "consumer_causes", "part": "heldout", "origin": "x#2"},
        {"doc_id": "e", "genre": "consumer_causes", "part": "dev", "origin": "x#3"},  # no gold rows
        {"doc_id": "c", "genre": "case_report", "part": "dev", "origin": "y#1"},
    ])
    _write(gold_root / "genres" / "consumer_causes_dev" / "causes.jsonl",
           [{"doc_id": "a", "cause": "smoking", "condition": "copd", "relation": "causes"}])
    _write(gold_root / "genres" / "consumer_causes_heldout" / "causes.jsonl",
           [{"doc_id": "b", "cause": "HFE mutations", "condition": "hemochromatosis", "relation": "causes"}])
    _write(gold_root / "genres" / "case_report_dev" / "causes.jsonl",
           [{"doc_id": "c", "cause": "ifosfamide", "condition": "hematuria", "relation": "adverse_effect"}])
    _write(gold_root / "genres" / "case_report_dev" / "doses.jsonl",
           [{"doc_id": "c", "drug": "ifosfamide", "amount": 500, "unit": "mg/m2", "frequency_per_day": 1, "evidence": ""}])
    tables = {
        "causes": to_frame("causes", [_cause("a", "smoking", "COPD"), _cause("e", "stress", "COPD"),
                                      _cause("b", "iron", "hemochromatosis"),
                                      _cause("c", "ifosfamide", "haematuria", "adverse_effect"),
                                      _cause("zz", "smoking", "copd")]),  # not a gold document
        "doses": to_frame("doses", [_dose("c", "ifosfamide", 500, "mg/m2", 1)]),
    }
    texts = {d: "text" for d in ("a", "b", "c", "e", "zz")}
    scores = evaluate_genres(tables, gold_root, texts)
    dev = scores["consumer_causes"]["dev"]["causes"]
    assert (dev["n_docs"], dev["n_pred"], dev["n_gold"], dev["precision"], dev["recall"]) == (2, 2, 1, 0.5, 1.0)
    held = scores["consumer_causes"]["heldout"]["causes"]
    assert (held["n_pred"], held["recall"]) == (1, 0.0)
    assert "doses" not in scores["consumer_causes"]["dev"] and "adverse_effects" not in scores["consumer_causes"]["dev"]
    case = scores["case_report"]["dev"]
    assert case["adverse_effects"]["recall"] == 1.0 and case["doses"]["recall"] == 1.0
    table = format_genre_scores(scores)
    assert "| consumer_causes | heldout | 1 | causes | 0.00 | 0.00 |" in table
    # only the parts that were extracted are reported
    assert "heldout" not in evaluate_genres(tables, gold_root, {"a": "text"})["consumer_causes"]
