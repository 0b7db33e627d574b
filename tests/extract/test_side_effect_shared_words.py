"""Issue #17: effects that share words across a lone and/or ("difficulty breathing or
swallowing", "bruising or bleeding more easily"), and lay terms from the MedDRA-style
pairs kept in ``rules/side_effect_terms.jsonl``."""
from __future__ import annotations


def _names(rows_of, body):
    return {r["condition"] for r in rows_of(body)}


def test_a_shared_lead_names_both_effects(section4_rows):
    names = _names(section4_rows, "Rare (may affect up to 1 in 1,000 people):\n\n- difficulty breathing or swallowing\n\n- headache")
    assert {"dyspnoea", "dysphagia"} <= names


def test_a_shared_tail_names_both_effects(section4_rows):
    names = _names(section4_rows, "Common (may affect up to 1 in 10 people):\n\n- bruising or bleeding more easily\n\n- headache")
    assert {"increased tendency to bruise", "increased tendency to bleed"} <= names


def test_an_adjective_still_takes_the_head_after_it(section4_rows):
    names = _names(section4_rows, "Common (may affect up to 1 in 10 people):\n\n- low or high blood pressure\n\n- headache")
    assert {"hypotension", "hypertension"} <= names


def test_lay_terms_from_the_meddra_style_pairs(section4_rows):
    names = _names(section4_rows, "Common (may affect up to 1 in 10 people):\n\n- coughing\n\n- nettle rash\n\n- passing out")
    assert {"cough", "urticaria", "syncope"} <= names
