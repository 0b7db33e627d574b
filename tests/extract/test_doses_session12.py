"""Issue #17, session 12: section-3 dose constructions that were found in no dose row on
leaflets nobody had tuned on (the coverage audit in
annotations/gold/fresh/session12_leaflet_doses/NOTES.md), on small real-looking leaflet text.
Drug mentions are given by hand (blank spaCy): these tests check the dose grammar, not the NER."""
from __future__ import annotations

import pytest

from .conftest import doses_with_drugs


_HEAD = ("1. What Ventolor Breezhaler is and what it is used for\n\n"
         "Ventolor Breezhaler contains the active substance indacaterol.\n\n"
         "3. How to use Ventolor Breezhaler\n\n")
_NAMES = {"Ventolor": "indacaterol", "indacaterol": "indacaterol"}


def _rows(nlp, text: str) -> list[dict]:
    return doses_with_drugs(nlp, _HEAD + text + "\n", _NAMES)


@pytest.mark.parametrize("text", [
    "The usual dose is to inhale the content of one capsule each day.",
    "Take the contents of one capsule once a day.",
])
def test_the_content_of_a_capsule_taken_whole_is_a_dose(blank_nlp, text):
    """'the content of one capsule' after a verb of taking is the dose (Breezhaler leaflets),
    not what a capsule contains."""
    rows = _rows(blank_nlp, text)
    assert [(r["drug"], r["amount"], r["unit"], r["frequency_per_day"]) for r in rows] == [
        ("indacaterol", 1.0, "capsule", 1.0)]


@pytest.mark.parametrize("text", [
    "Each capsule contains 150 micrograms indacaterol.",
    "The content of one vial should be dissolved in 5 ml of water.",
])
def test_what_a_capsule_or_vial_contains_stays_no_dose(blank_nlp, text):
    assert _rows(blank_nlp, text) == []


_DABIGATRAN = ("1. What Dabigatran etexilate Accord is\n\nDabigatran etexilate Accord contains the active substance "
               "dabigatran etexilate.\n\n3. How to take Dabigatran etexilate Accord\n\n")


def test_medicines_containing_a_co_medicine_are_no_content_statement(blank_nlp):
    """'verapamil containing medicines' names what else the patient takes; the dose after it
    is the leaflet's (it was dropped as a content: 'containing ... 150 mg')."""
    text = _DABIGATRAN + ("If you are taking amiodarone, quinidine or verapamil containing medicines the recommended "
                          "dose is 150 mg once a day (taken as 2 capsules of 75 mg).\n")
    rows = doses_with_drugs(blank_nlp, text, {"Dabigatran": "dabigatran", "dabigatran etexilate": "dabigatran",
                                              "amiodarone": "amiodarone", "quinidine": "quinidine",
                                              "verapamil": "verapamil"})
    assert [(r["drug"], r["amount"], r["unit"], r["frequency_per_day"]) for r in rows] == [
        ("dabigatran", 150.0, "mg", 1.0)]


def test_a_tablet_containing_an_amount_stays_no_dose(blank_nlp):
    text = _DABIGATRAN + "Each hard capsule containing 150 mg dabigatran etexilate is red.\n"
    assert doses_with_drugs(blank_nlp, text, {"Dabigatran": "dabigatran", "dabigatran etexilate": "dabigatran"}) == []


_NEXPOVIO = ("1. What Nexpovio is\n\nNexpovio contains the active substance selinexor.\n\n"
             "3. How to take Nexpovio\n\n")
_NEXPOVIO_NAMES = {"Nexpovio": "selinexor", "selinexor": "selinexor", "bortezomib": "bortezomib",
                   "dexamethasone": "dexamethasone", "ketoconazole": "ketoconazole", "glucose": "glucose"}


@pytest.mark.parametrize("text, amount", [
    ("The recommended dose is:\n\n- when used with dexamethasone: 80 mg (4 tablets) once daily, on days 1 and 3 "
     "of each week.", 80.0),
    ("If your doctor has prescribed medicines known as P-gp inhibitors: erythromycin or ketoconazole, the "
     "recommended dose is 30 mg once a day.", 30.0),
    ("Your doctor may tell you to increase the dose to 1.8 mg once a day, if your blood glucose is not "
     "controlled well enough.", 1.8),
])
def test_a_drug_in_a_conditional_clause_is_not_what_the_dose_is_of(blank_nlp, text, amount):
    """A co-medicine or analyte named in an if/when clause, parted from the amount by a comma
    or colon, is a condition of the dose: the dose is the leaflet's medicine's."""
    rows = doses_with_drugs(blank_nlp, _NEXPOVIO + text + "\n", _NEXPOVIO_NAMES)
    assert [(r["drug"], r["amount"]) for r in rows] == [("selinexor", amount)]


def test_a_co_medicine_right_by_its_amount_keeps_its_dose(blank_nlp):
    text = _NEXPOVIO + ("When Nexpovio is given together with dexamethasone, you will also take 20 mg dexamethasone "
                        "once a day.\n")
    rows = doses_with_drugs(blank_nlp, text, _NEXPOVIO_NAMES)
    assert [(r["drug"], r["amount"]) for r in rows] == [("dexamethasone", 20.0)]


_NAMES3 = {"beclometasone dipropionate": "beclomethasone",
           "formoterol fumarate dihydrate": "formoterol", "glycopyrronium": "glycopyrronium",
           "indacaterol": "indacaterol", "mometasone furoate": "mometasone furoate"}


@pytest.mark.parametrize("intro", [
    "Trimbreath contains the three active substances:\n\n- beclometasone dipropionate,\n\n"
    "- formoterol fumarate dihydrate and\n\n- glycopyrronium.\n\n",
    "The active substances are beclometasone dipropionate (as micronised powder), formoterol fumarate dihydrate "
    "(as fumarate) and glycopyrronium (as bromide).\n\n",
])
def test_a_combinations_substances_listed_or_with_salts_are_all_its_subject(blank_nlp, intro):
    """A leaflet's combination is named by all its substances (as the guidelines write
    'travoprost/timolol'), also when they are list items after a colon or carry a salt in
    brackets, where the generic pattern used to stop at the first."""
    text = ("1. What Trimbreath is and what it is used for\n\n" + intro
            + "3. How to use Trimbreath\n\nThe recommended dose is two puffs in the morning and two puffs in the evening.\n")
    rows = doses_with_drugs(blank_nlp, text, _NAMES3)
    assert [(r["drug"], r["amount"], r["unit"]) for r in rows] == [
        ("beclomethasone/formoterol/glycopyrronium", 2.0, "puff")]


def test_a_single_substance_is_not_joined_with_a_drug_named_later(blank_nlp):
    text = ("1. What Breathex is and what it is used for\n\nBreathex contains the active substance indacaterol. "
            "Do not use it with mometasone furoate.\n\n3. How to use Breathex\n\nThe usual dose is one puff a day.\n")
    rows = doses_with_drugs(blank_nlp, text, {"Breathex": "indacaterol", **_NAMES3})
    assert [(r["drug"], r["amount"]) for r in rows] == [("indacaterol", 1.0)]
