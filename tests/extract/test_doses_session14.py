"""Issue #17, session 14 (helper H3): dose statements the survey of 80 non-gold leaflets and 40
non-gold BC5CDR abstracts found unread. Drug mentions are given by hand (blank spaCy): these
tests check the dose grammar, not the NER."""
from __future__ import annotations

import pytest

from .conftest import IMATINIB_HEAD, IMATINIB_NAMES, doses_with_drugs

_HEAD, _NAMES = IMATINIB_HEAD, IMATINIB_NAMES


def _leaflet(nlp, text: str) -> list[tuple]:
    rows = doses_with_drugs(nlp, _HEAD + text + "\n", _NAMES)
    return [(r["amount"], r["amount_max"], r["unit"], r["frequency_per_day"]) for r in rows]


@pytest.mark.parametrize("text, expected", [
    ("Children with growth hormone deficiency: 0.025 0.035 mg/kg body weight per day or 0.7 1.0 mg/m2 body surface area per day.",
     [(0.025, 0.035, "mg/kg", 1.0), (0.7, 1.0, "mg/m2", 1.0)]),
    ("If your growth hormone deficiency starts during adult life you should start with 0.15 0.3 mg per day.",
     [(0.15, 0.3, "mg", 1.0)]),
    ("The recommended dose is 10 14 g/m body surface area.", [(10.0, 14.0, "g/m2", None)]),
])
def test_a_range_whose_dash_the_text_lost_is_one_range(blank_nlp, text, expected):
    """EMA leaflets converted without their en dashes: '0.025 0.035 mg/kg' is 0.025-0.035 mg/kg."""
    assert _leaflet(blank_nlp, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Day 2 3 mg once daily.", [(3.0, None, "mg", 1.0)]),          # a table's day column
    ("Breakfast Lunch Evening meal 1 30 mg", [(30.0, None, "mg", None)]),  # a count column, 30 times apart
    ("Take 2 2 mg tablets.", [(4.0, None, "mg", None)]),            # a count folded into its strength
])
def test_a_bare_number_of_another_column_is_no_range_end(blank_nlp, text, expected):
    assert _leaflet(blank_nlp, text) == expected


@pytest.mark.parametrize("text, unit, per_day", [
    ("Use one pessary once a day, at bedtime.", "pessary", 1.0),
    ("One implant is injected every 2 months during the spring and summer months.", "implant", round(1 / 60.88, 6)),
])
def test_pessaries_and_implants_are_counted_forms(blank_nlp, text, unit, per_day):
    assert _leaflet(blank_nlp, text) == [(1.0, None, unit, per_day)]


@pytest.mark.parametrize("head, names, expected", [
    ("The active substances are emtricitabine and tenofovir disoproxil.",
     {"emtricitabine and tenofovir disoproxil": "emtricitabine and tenofovir"}, "emtricitabine/tenofovir"),
    ("The active substances are amlodipine (as amlodipine besylate), valsartan and hydrochlorothiazide.",
     {"amlodipine": "amlodipine", "valsartan and hydrochlorothiazide": "valsartan and hydrochlorothiazide"},
     "amlodipine/valsartan/hydrochlorothiazide"),
])
def test_a_combination_concept_in_the_subject_is_named_by_its_substances(blank_nlp, head, names, expected):
    """A combination the vocabulary names as one concept ("emtricitabine and tenofovir") is
    written "a/b" as every other combination subject (Truvada, Dafiro HCT)."""
    text = f"1. What Truvo is and what it is used for\n\n{head}\n\n3. How to take Truvo\n\nThe usual dose is one tablet each day.\n"
    rows = doses_with_drugs(blank_nlp, text, names)
    assert [(r["drug"], r["amount"], r["unit"]) for r in rows] == [(expected, 1.0, "tablet")]


@pytest.mark.parametrize("text", [
    "Venous discomfort was assessed after commencing propofol administration using an infusion pump (rate 1000 micrograms.kg-1.min-1).",
    "Propofol was infused at a rate of 2 mg. kg(-1). min(-1) while arterial pressure was recorded.",
    "Propofol in doses of 4, 12 and 36 micrograms h-1 kg-1 was infused for five consecutive days.",
])
def test_a_rate_written_with_negative_exponents_is_no_dose(blank_nlp, text):
    """'micrograms.kg-1.min-1' is a rate per minute, as '/min' is (rule not_dose.rate)."""
    assert doses_with_drugs(blank_nlp, text + "\n", {"propofol": "propofol", "Propofol": "propofol"}) == []


def test_a_dose_per_kilogram_with_an_exponent_stays(blank_nlp):
    rows = doses_with_drugs(blank_nlp, "Rats received propofol 1 mg kg-1 i.v. before the test.\n", {"propofol": "propofol"})
    assert [(r["drug"], r["amount"], r["unit"]) for r in rows] == [("propofol", 1.0, "mg/kg")]


def test_take_one_tablet_as_soon_as_you_remember_is_missed_dose_advice(blank_nlp):
    """Guidelines: 'Take one tablet as soon as you remember' is missed-dose advice, no row, also
    under no 'If you forget' heading."""
    text = "If it is more than 1 hour until your next dose: Take one tablet as soon as you remember, and the next tablet at the normal time."
    assert _leaflet(blank_nlp, text) == []


@pytest.mark.parametrize("text", [
    "Imatinib Teva comes as a white tablet (0.5 mg) and a light blue tablet (1 mg).",
    "Imatinib Teva is supplied as a 20 mg tablet.",
])
def test_a_product_described_by_its_tablets_is_no_dose(blank_nlp, text):
    """'X comes as a white tablet (0.5 mg)': strengths of the product, as 'available as' (not_dose.pack)."""
    assert _leaflet(blank_nlp, text) == []


@pytest.mark.parametrize("text", [
    "If your dose is 1.50 mg (0.30 mL of solution) or less, you will need to use a 0.3 mL syringe.",
    "For example, if you have been prescribed a 5 mg dose, 5 mg divided by 5 gives you 1 mL which is the amount you need to inject of the solution, using a 1 mL syringe.",
])
def test_the_dose_that_chooses_a_syringe_is_no_dose(blank_nlp, text):
    """Which syringe measures which dose: the dose named is a threshold or an example (not_dose.syringe_choice)."""
    assert _leaflet(blank_nlp, text) == []


def test_a_heading_of_an_earlier_leaflet_section_names_no_population(blank_nlp):
    """'Pregnancy, breast-feeding and fertility' heads part of section 2; the doses of section 3
    under it (its own heading not taken for one) are for no such population."""
    text = ("1. What Imatinib Teva is and what it is used for\n\nImatinib Teva contains the active substance imatinib.\n\n"
            "2. What you need to know before you take Imatinib Teva\n\nPregnancy, breast-feeding and fertility\n\n"
            "If you are pregnant or breast-feeding, ask your doctor for advice.\n\n"
            "3. How to take imatinib teva\n\nThe usual dose to start with is 40 mg.\n\n"
            "Children aged 6 to 11 years\n\nThe usual dose is 20 mg.\n")
    rows = doses_with_drugs(blank_nlp, text, _NAMES)
    assert [(r["amount"], r["population"]) for r in rows] == [(40.0, ""), (20.0, "children 6-11 years")]


@pytest.mark.parametrize("text, names", [
    ("The recommended dose is one implant to be given by injection into your eye. Your doctor will ask you to use "
     "antibiotic eye drops daily for 3 days before and after each injection.", {"eye drops": "ophthalmic solutions"}),
    ("The usual dose is 4 tablets. You need to take prednisone every day while you are taking Imatinib Teva.",
     {"prednisone": "prednisone"}),
])
def test_another_medicines_schedule_is_not_the_doses(blank_nlp, text, names):
    """A follow-up sentence that gives another medicine's schedule ('use antibiotic eye drops
    daily', 'take prednisone every day') gives the dose before it no frequency."""
    rows = doses_with_drugs(blank_nlp, _HEAD + text + "\n", {**_NAMES, **names})
    assert [r["frequency_per_day"] for r in rows] == [None]


def test_the_leaflets_own_schedule_still_follows(blank_nlp):
    assert _leaflet(blank_nlp, "The usual dose is 4 tablets. Take Imatinib Teva once a day.") == [(4.0, None, "tablet", 1.0)]


def test_review_r2_a_combinations_own_substance_keeps_the_follow_up_schedule(blank_nlp):
    """Review R2: the subject of a combination is written 'a/b'; a sentence naming its
    substances ('Emtricitabine and tenofovir disoproxil should be taken every day') is the
    leaflet's own medicine, not another one, so the dose keeps that frequency."""
    text = ("1. What Truvo is and what it is used for\n\nThe active substances are emtricitabine and tenofovir disoproxil.\n\n"
            "3. How to take Truvo\n\nThe recommended dose is 200 mg. Emtricitabine and tenofovir disoproxil should be taken "
            "every day with food.\n")
    names = {"emtricitabine": "emtricitabine", "tenofovir disoproxil": "tenofovir disoproxil",
             "Emtricitabine": "emtricitabine"}
    rows = doses_with_drugs(blank_nlp, text, names)
    assert [(r["amount"], r["frequency_per_day"]) for r in rows] == [(200.0, 1.0)]


def test_review_r2_counted_tablets_of_a_strength_are_no_lost_dash_range(blank_nlp):
    assert _leaflet(blank_nlp, "Take 2 10 mg tablets once a day.") == [(20.0, None, "mg", 1.0)]


def test_review_r2_a_combinations_name_and_its_substances():
    from pipeline.extract.subject import _combination, is_subject

    assert _combination(["abacavir, dolutegravir, and lamivudine"]) == "abacavir/dolutegravir/lamivudine"
    assert _combination(["amlodipine", "valsartan and hydrochlorothiazide"]) == "amlodipine/valsartan/hydrochlorothiazide"
    assert is_subject("amlodipine", "amlodipine/valsartan")
    assert is_subject("emtricitabine and tenofovir", "emtricitabine/tenofovir")
    assert not is_subject("ramipril", "amlodipine/valsartan") and not is_subject("", "amlodipine")
