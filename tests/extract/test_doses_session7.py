"""Issue #17, session 7: dose constructions of new dev leaflets and BC5CDR abstracts, on
small real sentences. Drug mentions are given by hand (blank spaCy), so these tests check
the dose grammar and the drug links, not the NER."""
from __future__ import annotations

import pytest

from pipeline.extract.dose_grammar import find_amounts, find_fields, sentence_not_dose_reasons
from pipeline.extract.doses import _not_doses

from .conftest import doses_with_drugs


def _key(rows: list[dict]) -> list[tuple]:
    return [(r["drug"], r["amount"], r["unit"], r["frequency_per_day"], r["dose_kind"]) for r in rows]


def _kept(text: str) -> list[tuple]:
    if sentence_not_dose_reasons(text):
        return []
    amounts = find_amounts(text)
    return [(a.amount, a.unit) for a, why in zip(amounts, _not_doses(text, amounts)) if why is None]


def test_doses_in_a_bracket_after_a_drug_are_that_drugs(blank_nlp):
    """BC5CDR 6387529: each drug's bracketed doses are its own, not those of the drug named
    after the bracket; a single dose takes no '/day' of the dose before it."""
    text = ("Behavioral effects of diazepam and propranolol in patients with panic disorder. The effects of oral "
            "doses of diazepam (single dose of 10 mg and a median dose of 30 mg/day for 2 weeks) and propranolol "
            "(single dose of 80 mg and a median dose of 240 mg/day for 2 weeks) on psychological performance of "
            "patients were investigated.")
    rows = doses_with_drugs(blank_nlp, text, {"diazepam": "diazepam", "propranolol": "propranolol"})
    assert _key(rows) == [("diazepam", 10, "mg", None, "single"), ("diazepam", 30, "mg", 1.0, "regimen"),
                          ("propranolol", 80, "mg", None, "single"), ("propranolol", 240, "mg", 1.0, "regimen")]


def test_a_bracket_that_names_its_own_drug_keeps_it(blank_nlp):
    """BC5CDR 7102237: 'morphine (+5 mg nitrazepam ...)' is nitrazepam's 5 mg."""
    text = ("Midazolam and thiopentone. In patients premedicated with scopolamine + morphine (+5 mg nitrazepam the "
            "evening before surgery), the sleep-inducing effect of midazolam 0.15 mg/kg i.v. was slower.")
    rows = doses_with_drugs(blank_nlp, text, {"scopolamine": "scopolamine", "morphine": "morphine",
                                   "nitrazepam": "nitrazepam", "midazolam": "midazolam"})
    assert [(r["drug"], r["amount"]) for r in rows] == [("nitrazepam", 5), ("midazolam", 0.15)]


def test_a_bracket_with_a_solution_strength_is_the_drugs(blank_nlp):
    """BC5CDR 17019386 shape: 'Mannitol (18% solution; 1 g/kg) was administered'."""
    text = ("Passage of mannitol into the brain. METHODS: Mannitol (18% solution; 1 g/kg) was administered as a bolus "
            "to patients about 30 minutes before craniotomy, with dexamethasone given to all.")
    rows = doses_with_drugs(blank_nlp, text, {"mannitol": "mannitol", "Mannitol": "mannitol", "dexamethasone": "dexamethasone"})
    assert [(r["drug"], r["amount"], r["unit"]) for r in rows] == [("mannitol", 1, "g/kg")]


@pytest.mark.parametrize("text, expected", [
    # Deltyba: a counted strength is a dose even when its form reads like a product name
    ("Adults, adolescents and children with a body weight of 50 kg or more: two 50 mg film-coated tablets taken "
     "twice a day (morning and evening) for 24 weeks.", [(100.0, "mg")]),
    ("Deltyba 50 mg film-coated tablets contain lactose monohydrate.", []),
    # Rystiggo: the volume a dose per infusion needs restates it
    ("if you weigh at least 100 kg, the recommended dose is 840 mg per infusion (requiring 6 ml per administration)",
     [(840.0, "mg")]),
    # a blood level in mg per decilitre is no dose (BC5CDR 12571256)
    ("patients with serum creatinine concentrations of 1.5 to 3.5 mg per deciliter underwent angiography", []),
])
def test_counted_strengths_restated_volumes_and_levels(text, expected):
    assert _kept(text) == expected


@pytest.mark.parametrize("text, per_day", [
    ("received SC-48334 (1000 mg every 8 h) and zidovudine", 3.0),
    ("Take one tablet every morning.", 1.0),
    ("take every morning and every evening", 2.0),
    ("use your inhaler at the same time every morning and evening", 2.0),
])
def test_frequencies(text, per_day):
    found = [f for f in find_fields("frequency", text) if f.per_day]
    assert [f.per_day for f in found] == [per_day]


def test_a_counted_unit_with_a_schedule_states_the_sections_schedule(blank_nlp):
    """Steglatro: 'Take one tablet every morning' gives the titration step its frequency; 'at
    the same time' states no schedule."""
    text = ("Steglatro 5 mg film-coated tablets\n\n1. What Steglatro is\n\nSteglatro contains the active substance "
            "ertugliflozin.\n\n3. How to take Steglatro\n\nHow much to take\n\nThe starting dose of Steglatro is one "
            "5 mg tablet each day. Your doctor will decide whether to increase your dose to 15 mg.\n\n"
            "Do not change your dose unless your doctor has told you to. Taking this medicine\n\n"
            "Take one tablet every morning. Try to take it at the same time; this will help "
            "you remember to take it.\n\n4. Possible side effects\n\nNausea.\n")
    rows = doses_with_drugs(blank_nlp, text, {"Steglatro": "ertugliflozin", "ertugliflozin": "ertugliflozin"})
    assert _key(rows) == [("ertugliflozin", 5, "mg", 1.0, "regimen"), ("ertugliflozin", 15, "mg", 1.0, "regimen"),
                          ("ertugliflozin", 1, "tablet", 1.0, "regimen")]


def test_section_6_gives_no_dose_when_section_3_gives_none(blank_nlp):
    """Imvanex: section 3 counts injections only; the vial volume of section 6 is no dose."""
    text = ("IMVANEX suspension for injection\n\n1. What IMVANEX is\n\nIMVANEX is a vaccine.\n\n"
            "3. How to take IMVANEX\n\nYou will receive two injections.\n\n4. Possible side effects\n\nHeadache.\n\n"
            "6. Contents of the pack and other information\n\nIMVANEX is provided as a suspension for injection in a "
            "vial (0.5 ml).\n")
    assert doses_with_drugs(blank_nlp, text, {"IMVANEX": "modified vaccinia ankara"}) == []


def test_a_schedule_beside_at_the_same_time_wins(blank_nlp):
    """Verquvo: 'Take one tablet at the same time each day' is once a day ('at the same time'
    alone states no schedule)."""
    text = ("Verquvo 2.5 mg film-coated tablets\n\n1. What Verquvo is\n\nVerquvo contains the active substance "
            "vericiguat.\n\n3. How to take Verquvo\n\nThe recommended starting dose is 1 tablet of 2.5 mg once daily. "
            "Take one tablet at the same time each day with food.\n\n4. Possible side effects\n\nDizziness.\n")
    rows = doses_with_drugs(blank_nlp, text, {"Verquvo": "vericiguat", "vericiguat": "vericiguat"})
    assert _key(rows) == [("vericiguat", 2.5, "mg", 1.0, "regimen"), ("vericiguat", 1, "tablet", 1.0, "regimen")]


@pytest.mark.parametrize("text, expected", [
    # BC5CDR 10520387: one level before an "or" pair shares its unit
    ("The haemodynamic effects of adding 15, 20 or 25 mg of ephedrine to 200 mg of propofol were compared",
     [(15.0, "mg"), (20.0, "mg"), (25.0, "mg"), (200.0, "mg")]),
    # a week, a year or a falling number before the pair is no level
    ("at week 4, 10 or 20 mg", [(10.0, "mg"), (20.0, "mg")]),
    ("In 2010, 20 or 25 mg", [(20.0, "mg"), (25.0, "mg")]),
])
def test_a_level_before_an_or_pair(text, expected):
    assert [(a.amount, a.unit) for a in find_amounts(text)] == expected


def test_a_frequency_before_a_joined_dose_is_the_dose_befores(blank_nlp):
    """BC5CDR 12820454: '3.75 mg, intramuscularly, every 28 days plus 250 mg flutamide, tid'."""
    text = ("Anemia during androgen blockade. All patients received CAB [leuprolide acetate (LHRH-A) 3.75 mg, "
            "intramuscularly, every 28 days plus 250 mg flutamide, tid, per Os] and were evaluated for anemia.")
    rows = doses_with_drugs(blank_nlp, text, {"leuprolide acetate": "leuprolide", "flutamide": "flutamide"})
    assert [(r["drug"], r["amount"], r["frequency_per_day"]) for r in rows] == [
        ("leuprolide", 3.75, pytest.approx(1 / 28, abs=1e-5)), ("flutamide", 250, 3.0)]


def test_a_drug_after_a_modifier_is_what_the_dose_is_of(blank_nlp):
    """BC5CDR 17466854: 'local infiltration of 3 mL of plain lignocaine'."""
    text = ("Sub-Tenon anaesthesia. Patients had sub-Tenon's local infiltration of 3 mL of plain lignocaine "
            "or of lignocaine with hyaluronidase.")
    rows = doses_with_drugs(blank_nlp, text, {"lignocaine": "lidocaine", "hyaluronidase": "hyaluronidase"})
    assert [(r["drug"], r["amount"], r["unit"]) for r in rows] == [("lidocaine", 3, "ml")]


def test_a_tie_follows_the_side_the_dose_before_took(blank_nlp):
    """BC5CDR 8386779: each drug is named after its amount, so 100 micrograms is phentolamine's."""
    text = ("Intracavernous injection. Patients received 0.2 ml. of a combination of 3 drugs: 6 mg. papaverine, "
            "100 micrograms. phentolamine and 10 micrograms. prostaglandin E1 with or without bicarbonate.")
    rows = doses_with_drugs(blank_nlp, text, {"papaverine": "papaverine", "phentolamine": "phentolamine",
                                   "prostaglandin E1": "alprostadil"})
    assert [(r["drug"], r["amount"], r["unit"]) for r in rows if r["unit"] != "ml"] == [
        ("papaverine", 6, "mg"), ("phentolamine", 100, "mcg"), ("alprostadil", 10, "mcg")]


@pytest.mark.parametrize("text, expected", [
    # BC5CDR spells micrograms "microg" (22 abstracts); microglobulin is no unit
    ("OCT (0.03 microg/kg) stabilized serum PTH levels", [(0.03, None, "mcg/kg")]),
    ("GR 55562 (0.1-10 microg/side) or CP 93129", [(0.1, 10.0, "mcg")]),
    ("the loading dose increased from 2 to 3 microg.kg(-1)", [(2.0, 3.0, "mcg/kg")]),
    ("serum beta 2-microglobulin and 5 mg of drug", [(5.0, None, "mg")]),
])
def test_microg_is_micrograms(text, expected):
    assert [(a.amount, a.amount_max, a.unit) for a in find_amounts(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a hyphen may join a unit to its number (15 BC5CDR abstracts)
    ("RESULTS: A 2.0-mg oral dose of trihexyphenidyl resulted in increased ratings", [(2.0, "mg")]),
    ("administered weekly as a 25-mg/m2 short intravenous infusion", [(25.0, "mg/m2")]),
    ("2-5 mg daily", [(2.0, "mg")]),
    # 'a marked increase' is no tablet marking (14 BC5CDR abstracts say 'marked' beside a dose)
    ("The subcutaneous administration of 10 mg/kg of morphine-HC1 produced a marked increase in locomotor activity.",
     [(10.0, "mg/kg")]),
    ("The 10 mg tablets are marked with M on one side.", []),
    ("Each 5 mg tablet is white and marked \"VISMO\" on one side.", []),
])
def test_hyphenated_units_and_marked_effects(text, expected):
    assert _kept(text) == expected


def test_an_abbreviation_defined_with_its_dose_in_the_bracket(blank_nlp):
    """BC5CDR 12907309: '2-methyl-6-(phenylethynyl)pyridine (MPEP; 5 mg/kg ip)': the dose is the
    agent's, named by its abbreviation as the guidelines name systematic names ('mptp')."""
    text = ("Methamphetamine neurotoxicity and mGluR5. A selective antagonist of mGluR5, "
            "2-methyl-6-(phenylethynyl)pyridine (MPEP; 5 mg/kg ip), when administered before each methamphetamine "
            "injection reversed the effect. A single MPEP (5 mg/kg ip) injection reduced dopamine release.")
    rows = doses_with_drugs(blank_nlp, text, {"methamphetamine": "methamphetamine", "Methamphetamine": "methamphetamine"})
    assert [(r["drug"], r["amount"], r["unit"]) for r in rows] == [("mpep", 5, "mg/kg"), ("mpep", 5, "mg/kg")]


def test_mmol_per_kg_written_with_a_dot_is_a_dose():
    """BC5CDR: 'LiCl (4 mmol.kg(-1).day(-1) ip)' is a dose; '1 mmol sodium' stays an excipient."""
    assert _kept("A 2-wk administration of LiCl (4 mmol.kg(-1).day(-1) ip) in mice led to polyuria.") == [
        (4.0, "mmol/kg")]
    assert _kept("This medicine contains less than 1 mmol sodium (23 mg) per tablet.") == []


def test_an_intake_is_no_dose():
    """Kyprolis: the WHO sodium reference in the sodium note is no dose of the medicine."""
    assert _kept("This is equivalent to 1.9% of the WHO recommended maximum daily intake of 2 g sodium for an "
                 "adult.") == []
    assert _kept("The recommended dose is 2 g daily.") == [(2.0, "g")]


@pytest.mark.parametrize("text, days", [
    ("Each cycle is 21 days and in the first cycle, you will be given the infusion on day 1, day 8 and day 15.", 21),
    ("Each cycle has a duration of 28 days.", 28),
    ("The duration of a treatment cycle is 42 days (6 weeks).", 42),
    ("Each 28-day period is one treatment cycle.", 28),
])
def test_a_cycle_stated_as_its_length(text, days):
    assert [f.number for f in find_fields("cycle", text)] == [days]


@pytest.mark.parametrize("text, expected", [
    # Erbitux: a dose sentence that also caps the infusion rate keeps its dose, not the rate
    ("The first dose (400 mg/m2 body surface area) is infused over a period of approximately 2 hours with an "
     "infusion rate not faster than 5 mg/min.", [(400.0, "mg/m2")]),
    ("We investigated the effect of varying the intraperitoneal infusion rates of bupropion HCl 120 mg/kg, a known "
     "convulsive dose 50, on convulsions.", [(120.0, "mg/kg")]),
    ("After the entire content of the infusion bag(s) is infused, the infusion line must be flushed at the same "
     "infusion rate with sodium chloride 9 mg/mL (0.9%).", []),
])
def test_infusion_rate_sentences_that_state_a_dose(text, expected):
    assert _kept(text) == expected
