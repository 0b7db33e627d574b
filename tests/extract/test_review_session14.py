"""Review R1 (session 14) of the consumer-page cause rules: each case a made-up or corpus
sentence that a rule of the session read wrongly, or stopped reading."""
from __future__ import annotations

import pytest

from pipeline.extract.causes import cause_rows


@pytest.fixture
def causes(view):
    return lambda sentence: {(r["cause"], r["condition"]) for r in cause_rows(view("What causes gout?\n" + sentence + "\n"))
                             if not r["negated"]}


def test_a_class_that_causes_x_are_common_names_no_cause(causes):
    # GHR 0001046_1: "Infections that cause chronic diarrhea are also common."
    assert not any(c in {"also common", "common"} for c, _ in causes("Infections that cause chronic diarrhea are also common."))
    assert causes("Drugs that cause hair loss are often prescribed for cancer.") == set()
    got = causes("STD infections that can cause proctitis include gonorrhea, chlamydia and herpes.")
    assert {c for c, _ in got} >= {"gonorrhea", "chlamydia", "herpes"}


def test_wear_limited_and_leading_open_real_causes(causes):
    assert ("wear and tear on the joints", "osteoarthritis") in causes("Osteoarthritis is caused by wear and tear on the joints.")
    assert ("limited physical activity", "obesity") in causes("Limited physical activity can lead to obesity.")
    assert any(c == "leading a sedentary lifestyle" for c, _ in causes("Leading a sedentary lifestyle can cause weight gain."))


def test_what_nobody_knows_is_the_cause_is_no_cause(causes):
    assert causes("Doctors do not know which gene is the cause.") == set()
    assert ("viral infection", "gout") in causes("Viral infections are likely the most common cause.")


def test_a_sentence_denying_the_effect_to_every_subject_negates_the_claim(view):
    """Review R1: 'None of the patients developed X' under a drug's title was a claim of X."""
    rows = cause_rows(view("Amiodarone therapy in elderly patients.\nNone of the patients developed hypothyroidism.\n"
                           "No patient developed hypothyroidism during amiodarone therapy.\n"
                           "Two patients developed hypothyroidism after amiodarone therapy; no rats were used.\n"))
    got = [(r["evidence"][:4], r["negated"]) for r in rows if r["condition"] == "hypothyroidism"]
    assert ("None", True) in got and ("No p", True) in got and ("Two ", False) in got
