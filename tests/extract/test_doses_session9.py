"""Issue #17, session 9: dose schedules of case reports nobody tuned on, on small real-looking
sentences. Drug mentions are given by hand (blank spaCy): these tests check the dose grammar
and the drug links, not the NER."""
from __future__ import annotations

import pytest

from .conftest import doses_with_drugs


def _key(rows: list[dict]) -> list[tuple]:
    return [(r["drug"], r["amount"], r["unit"], r["frequency_per_day"]) for r in rows]


@pytest.mark.parametrize("text, drug, amount, unit", [
    # chemotherapy regimens of BC5CDR abstracts: a daily dose on some days, no cycle length
    ("Patients received cisplatin 100 mg/m2 on day 1 and fluorouracil 1000 mg/m2/day on days 1-5.",
     "fluorouracil", 1000, "mg/m2"),
    ("The sertraline dose was titrated to 200 mg/day from Days 9 to 16 in the active arm.",
     "sertraline", 200, "mg"),
])
def test_a_daily_dose_on_listed_days_stays_daily(blank_nlp, text, drug, amount, unit):
    rows = doses_with_drugs(blank_nlp, text, {"cisplatin": "cisplatin", "fluorouracil": "fluorouracil",
                                   "sertraline": "sertraline"})
    assert (drug, amount, unit, 1.0) in _key(rows)


def test_days_alone_state_no_schedule(blank_nlp):
    """'2250 mg/m2 on days 2-5' says on which days, not how often a day: no frequency."""
    rows = doses_with_drugs(blank_nlp, "Patients were treated with ifosfamide (2250 mg/m2 on days 2-5) as part of a "
                            "polychemotherapy regimen.", {"ifosfamide": "ifosfamide"})
    assert _key(rows) == [("ifosfamide", 2250, "mg/m2", None)]


def test_days_of_a_cycle_still_spread_over_the_cycle(blank_nlp):
    rows = doses_with_drugs(blank_nlp, "Gemcitabine 1000 mg/m2 was given on days 1 and 8 of each 21-day cycle.",
                 {"Gemcitabine": "gemcitabine"})
    assert _key(rows)[0][3] == pytest.approx(2 / 21, rel=1e-3)


def test_a_schedule_in_another_doses_bracket_is_not_this_doses(blank_nlp):
    """BC5CDR 3187073: the 'daily' inside 5-FU's bracket is 5-FU's, not cisplatin's."""
    text = ("In the present study, cis-platin (80-120 mg/m2BSA) and fluorouracil (1000 mg/m2BSA daily as a "
            "continuous infusion during 5 days) were given to 76 patients before radiotherapy and surgery.")
    rows = doses_with_drugs(blank_nlp, text, {"cis-platin": "cisplatin", "fluorouracil": "fluorouracil"})
    assert _key(rows) == [("cisplatin", 80, "mg/m2", None), ("fluorouracil", 1000, "mg/m2", 1.0)]


def test_an_acute_dose_takes_no_schedule_from_the_chronic_ones_bracket(blank_nlp):
    """BC5CDR 12684739: '(150 mg/kg per day for 3 days)' is the sub-chronic exposure's."""
    text = ("Using in vivo microdialysis, we compared acute exposure to vigabatrin (450 mg/kg) to an identical "
            "sub-chronic exposure (150 mg/kg per day for 3 days), followed by 1- or 3-day washout.")
    rows = doses_with_drugs(blank_nlp, text, {"vigabatrin": "vigabatrin"})
    assert [(r["amount"], r["frequency_per_day"]) for r in rows] == [(450, None), (150, 1.0)]


def test_a_schedule_outside_the_brackets_is_still_shared(blank_nlp):
    text = "Patients received raloxifene (60 mg) plus calcium (500 mg) daily for 12 months."
    rows = doses_with_drugs(blank_nlp, text, {"raloxifene": "raloxifene", "calcium": "calcium"})
    assert [(r["drug"], r["frequency_per_day"]) for r in rows] == [("raloxifene", 1.0), ("calcium", 1.0)]


def test_a_maximum_in_brackets_after_the_dose_restates_its_schedule(blank_nlp):
    """EMA leaflets (Bylvay, Adempas-like): '(up to a maximum of ... once daily)' right after a dose
    is that dose's own bracket: its schedule is the dose's too."""
    text = ("Your doctor may increase the dose to 120 micrograms odevixibat per kilogram body weight "
            "(up to a maximum of 7 200 micrograms once daily).")
    rows = doses_with_drugs(blank_nlp, text, {"odevixibat": "odevixibat"})
    assert [(r["amount"], r["unit"], r["frequency_per_day"]) for r in rows] == [
        (120, "mcg/kg", 1.0), (7200, "mcg", 1.0)]


@pytest.mark.parametrize("text, drug, kind", [
    # BC5CDR training abstracts: a dose stated with no schedule is given once
    ("Cocaine was injected ip over a range of doses (50-100 mg/kg) and behavior was monitored for 20 minutes.",
     "cocaine", "single"),
    ("Saline-pretreated controls were given a test dose of morphine (20 mg/kg i.p.).", "morphine", "single"),
    # a frequency, a duration or a word of repetition makes it a regimen
    ("Male rats were treated with penicillamine 500 mg/kg/day for 10 or 42 days.", "penicillamine", "regimen"),
    ("Repeated injection of carbamazepine (15 mg/kg) was without effect.", "carbamazepine", "regimen"),
    ("Rats received chronic morphine (10 mg/kg) before the test.", "morphine", "regimen"),
    # a condition's name or an idiom is no repetition
    ("Patients with multiple myeloma received melphalan 200 mg/m2.", "melphalan", "single"),
    ("In the course of the study, rats received cocaine (20 mg/kg, i.p.).", "cocaine", "single"),
])
def test_a_dose_with_no_schedule_is_a_single_dose(blank_nlp, text, drug, kind):
    (row,) = doses_with_drugs(blank_nlp, text, {drug.capitalize(): drug, drug: drug})
    assert row["dose_kind"] == kind


@pytest.mark.parametrize("text, drug, route", [
    # BC5CDR training abstracts: routes written short after the dose
    ("A state of amnesia was produced by pentobarbital (15 mg/kg, ip) in the rats.", "pentobarbital", "intraperitoneal"),
    ("Catalepsy was induced by haloperidol (2 mg/kg p.o.) in the rats.", "haloperidol", "oral"),
    ("The rats received morphine (10 mg/kg i.p.) daily.", "morphine", "intraperitoneal"),
    ("Methotrexate was given intrathecally at 12 mg.", "methotrexate", "intrathecal"),
    # an upper-case IV is a stage, not a route
    ("Patients with stage IV disease received cisplatin 100 mg/m2.", "cisplatin", ""),
])
def test_routes_written_short_after_the_dose(blank_nlp, text, drug, route):
    (row,) = doses_with_drugs(blank_nlp, text, {drug.capitalize(): drug, drug: drug})
    assert row["route"] == route


def test_an_injection_into_a_muscle_is_intramuscular(blank_nlp):
    # EMA vaccine leaflets: "0.5 mL injection into a muscle of your upper arm"
    text = "Bimervax will be given to you as 0.5 mL injection into a muscle of your upper arm."
    (row,) = doses_with_drugs(blank_nlp, text, {"Bimervax": "bimervax"})
    assert row["route"] == "intramuscular"
