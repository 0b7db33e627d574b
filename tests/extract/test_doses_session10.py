"""Issue #17, session 10: dose tables of package leaflets as their text arrives (a table
flattened into one line, or laid out one cell a line), on small real-looking leaflet text.
Drug mentions are given by hand (blank spaCy): these tests check the dose grammar, not the NER."""
from __future__ import annotations

import pytest

from .conftest import doses_with_drugs


_HEAD = ("1. What Ponvory is and what it is used for\n\nPonvory contains the active substance ponesimod.\n\n"
         "3. How to take Ponvory\n\n")


def _rows(nlp, text: str, names: dict[str, str] | None = None) -> list[dict]:
    return doses_with_drugs(nlp, text, names or {"Ponvory": "ponesimod", "ponesimod": "ponesimod"})


def test_a_treatment_initiation_pack_schedule_is_read_row_by_row(blank_nlp):
    """A titration pack names what the doses come in: no pack statement. A row whose day
    number the flattening lost ("Day 8 mg") is still a row."""
    text = _HEAD + ("Take only 1 tablet each day.\n\nFollow this 14-day treatment schedule. Treatment initiation pack day Daily dose Day 1 2 mg "
                    "Day 2 2 mg Day 3 3 mg Day 9 7 mg Day 8 mg Day 9 mg Day 10 mg Day 10 mg Maintenance dose\n\n"
                    "After you finish taking the tablets in the treatment initiation pack, continue treatment "
                    "using the 20 mg maintenance dose.\n")
    rows = [(r["drug"], r["amount"], r["frequency_per_day"]) for r in _rows(blank_nlp, text)]
    assert rows == [("ponesimod", a, 1.0) for a in (1, 2, 2, 3, 7, 8, 9, 10, 10, 20)]


@pytest.mark.parametrize("text", [
    "Ponvory 20 mg film-coated tablets are available in packs of 28 tablets.",
    "For the 14, 28 and 98 tablet pack sizes, check the day on the blister.",
])
def test_pack_sizes_stay_no_doses(blank_nlp, text):
    assert _rows(blank_nlp, _HEAD + text + "\n") == []


def test_a_table_laid_out_one_cell_a_line_takes_the_schedule_of_another_cell(blank_nlp):
    text = ("1. What Axura is\n\nAxura contains the active substance memantine.\n\n3. How to take Axura\n\n"
            "This dose is achieved gradually by the following treatment scheme:\n\n"
            "week 1\n\nhalf a 10 mg tablet\n\nweek 2\n\none 10 mg tablet\n\nweek 3\n\n"
            "one and a half 10 mg tablet\n\nweek 4\n\nand beyond two 10 mg tablets once a day\n")
    rows = _rows(blank_nlp, text, {"Axura": "memantine", "memantine": "memantine"})
    assert [(r["amount"], r["unit"], r["frequency_per_day"]) for r in rows] == [
        (5, "mg", 1.0), (10, "mg", 1.0), (15, "mg", 1.0), (20, "mg", 1.0)]


def test_a_weight_band_table_one_cell_a_line_takes_the_sections_schedule_and_its_band(blank_nlp):
    text = ("1. What Glycosyn is\n\nGlycosyn contains the active substance glycopyrronium.\n\n"
            "3. How to give Glycosyn\n\nThe dose depends on your child's body weight. Give the dose three times "
            "a day.\n\nBody weight\n\nDose (ml)\n\n10 kg to less than 20 kg\n\n2.5 ml\n\n"
            "20 kg to less than 30 kg\n\n5 ml\n\n40 kg and above\n\n10 ml\n")
    rows = _rows(blank_nlp, text, {"Glycosyn": "glycopyrronium", "glycopyrronium": "glycopyrronium"})
    assert [(r["drug"], r["amount"], r["unit"], r["frequency_per_day"], r["population"]) for r in rows] == [
        ("glycopyrronium", 2.5, "ml", 3.0, "10-20 kg"), ("glycopyrronium", 5, "ml", 3.0, "20-30 kg"),
        ("glycopyrronium", 10, "ml", 3.0, "at least 40 kg")]


def test_short_headings_that_are_no_table_borrow_no_schedule(blank_nlp):
    """Two short lines with amounts are no table: each dose keeps only what it states."""
    text = ("1. What Axura is\n\nAxura contains the active substance memantine.\n\n3. How to take Axura\n\n"
            "Adults\n\n20 mg once a day\n\nChildren\n\n10 mg\n")
    rows = _rows(blank_nlp, text, {"Axura": "memantine"})
    assert [(r["amount"], r["frequency_per_day"]) for r in rows] == [(20, 1.0), (10, None)]


@pytest.mark.parametrize("text", [
    "If you have taken more than one capsule, inform your doctor as soon as possible.",
    "Your doctor may instruct you to take more than one tablet per episode.",
    "If the dose is more than 1 mL, more than one vial will need to be used.",
])
def test_more_than_an_amount_where_nothing_forbids_it_is_no_dose(blank_nlp, text):
    assert _rows(blank_nlp, _HEAD + text + "\n") == []


@pytest.mark.parametrize("text, amount", [
    ("Do not take more than one tablet in a day.", 1),
    ("You will not be given more than 80 mg in 24 hours.", 80),
])
def test_a_forbidden_more_than_stays_a_maximum(blank_nlp, text, amount):
    (row,) = _rows(blank_nlp, _HEAD + text + "\n")
    assert (row["amount"], row["dose_kind"]) == (amount, "max")


@pytest.mark.parametrize("sentence, population", [
    # EMA leaflets (Ilaris, Benepali): weight bands with decimals keep them
    ("The dose is 4 mg/kg for patients with body weight of 7.5 kg or more.", "at least 7.5 kg"),
    ("The dose is 4 mg/kg for patients who weigh between 7.5 kg and 15 kg.", "7.5-15 kg"),
    ("The dose is 4 mg/kg for patients who weigh between 7.5 kg and less than 15 kg.", "7.5-15 kg"),
    ("The dose is 150 mg for patients who weigh more than 62.5 kg.", "over 62.5 kg"),
    ("The dose is 2 mg/kg for patients weighing less than 12.5 kg.", "under 12.5 kg"),
])
def test_a_weight_band_keeps_its_decimals(blank_nlp, sentence, population):
    (row,) = _rows(blank_nlp, _HEAD + sentence + "\n")
    assert row["population"] == population


def test_a_leaflets_route_stated_once_in_section_3_is_its_doses_route(blank_nlp):
    """EMA leaflets say once how the medicine is given ("given as an injection under the
    skin") and name no route in the dose sentences of another subsection."""
    text = ("1. What Ngenla is and what it is used for\n\nNgenla contains the active substance somatrogon.\n\n"
            "3. How to use Ngenla\n\nHow much to use\n\nThe recommended dose is 0.66 mg per kg body weight "
            "once weekly.\n\nHow Ngenla is given\n\nNgenla is given as an injection under the skin "
            "(subcutaneous injection) using a pre-filled pen.\n\n4. Possible side effects\n\nHeadache.\n")
    (row,) = doses_with_drugs(blank_nlp, text, {"Ngenla": "somatrogon", "somatrogon": "somatrogon"})
    assert row["route"] == "subcutaneous"


def test_a_leaflet_naming_several_routes_gives_none_to_doses_that_state_none(blank_nlp):
    text = ("1. What Ngenla is and what it is used for\n\nNgenla contains the active substance somatrogon.\n\n"
            "3. How to use Ngenla\n\nHow much to use\n\nThe recommended dose is 0.66 mg per kg body weight "
            "once weekly.\n\nHow Ngenla is given\n\nNgenla is given under the skin or into a vein.\n\n"
            "4. Possible side effects\n\nHeadache.\n")
    (row,) = doses_with_drugs(blank_nlp, text, {"Ngenla": "somatrogon", "somatrogon": "somatrogon"})
    assert row["route"] == ""
