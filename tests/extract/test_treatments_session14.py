"""Uses a page names as its usual treatment, and drugs given when a person has a condition
(issue #14: the use side of a contradiction pair). Sentences from MedQuAD "treatment" answers."""
from __future__ import annotations

import pytest

from pipeline.extract.treatments import treatment_rows


@pytest.fixture
def treatments(view):
    return lambda text: treatment_rows(view(text))


def pairs(rows):
    return {(r["treatment"], r["condition"]) for r in rows}


def test_the_standard_treatment_for_a_disease_is_its_complement(treatments):
    got = pairs(treatments("The standard treatment for Whipple's disease is a prolonged course of antibiotics, "
                           "including penicillin and ceftriaxone.\n"))
    assert {t for t, _ in got} >= {"penicillin", "ceftriaxone"}
    assert all("whipple" in c for _, c in got)
    got = pairs(treatments("A common therapy for FMF is daily use of the drug colchicine, a medicine that reduces inflammation.\n"))
    assert ("colchicine", "fmf") in got
    assert pairs(treatments("The mainstay of treatment for asthma is inhaled budesonide.\n")) == {("budesonide", "asthma")}


def test_an_unknown_treatment_is_none(treatments):
    assert treatments("The standard treatment for Whipple disease is not known.\n") == []


def test_a_drug_given_when_the_person_has_a_condition_treats_it(treatments):
    assert ("iron supplements", "anemia") in pairs(treatments(
        "Iron supplements may also be prescribed if the infected person has anemia.\n"))
