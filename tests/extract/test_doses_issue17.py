"""Issue #17: how leaflets and case reports write doses that the grammar missed."""
import pytest

from pipeline.extract.dose_grammar import find_amounts, sentence_not_dose_reasons
from pipeline.extract.doses import _not_doses


def _amounts(text):
    return [(a.amount, a.unit) for a in find_amounts(text)]


def _kept(text):
    if sentence_not_dose_reasons(text):
        return []
    amounts = find_amounts(text)
    return [(a.amount, a.unit) for a, why in zip(amounts, _not_doses(text, amounts)) if why is None]


@pytest.mark.parametrize("text, expected", [
    ("the usual dose is 1 tablet MIRAPEXIN 0.088 mg three times a day", [(0.088, "mg")]),
    ("1 tablet MIRAPEXIN 0.18 mg three times a day OR 2 tablets MIRAPEXIN 0.088 mg three times a day",
     [(0.18, "mg"), (0.176, "mg")]),
    ("Week 1 Half a 10 mg tablet Week 2 One 10 mg tablet Week 3 One and a half 10 mg tablets Week 4 Two 10 mg tablets",
     [(5.0, "mg"), (10.0, "mg"), (15.0, "mg"), (20.0, "mg")]),
    ("The usual starting dose is half a tablet once a day (1 x 5 mg) for the first week.", [(5.0, "mg")]),
    ("A lower maintenance dose of three MIRAPEXIN 0.088 mg tablets a day is also possible.", [(0.264, "mg")]),
    ("1 tablet MIRAPEXIN 0.7 mg and 1 tablet MIRAPEXIN 0.35 mg three times a day", [(1.05, "mg")]),
    ("take one 50 mg tablet once daily", [(50.0, "mg")]),
    ("6 tablets twice daily (totalling 1,200 mg per day)", [(6.0, "tablet"), (1200.0, "mg")]),
])
def test_counted_tablets_of_a_stated_strength_are_one_dose_in_mg(text, expected):
    assert _amounts(text) == expected


def test_milliequivalents_are_a_unit():
    assert _amounts("sodium bicarbonate (0.03 mEq.) or 2 mEq/kg") == [(0.03, "mEq"), (2.0, "mEq/kg")]


@pytest.mark.parametrize("text, expected", [
    ("Ifirmacombi 150 mg/12.5 mg will usually be prescribed by your doctor when your previous treatment did not "
     "reduce your blood pressure enough.", []),
    ("If this dose does not help, the doctor may prescribe Ifirmacombi 300 mg/12.5 mg to you.", []),
    ("There are different syringes for the 2.5 mg and 1.5 mg doses.", []),
    ("If your doctor prescribes a dose of 420 mg you must use three pre-filled syringes because each pre-filled "
     "syringe only contains 140 mg of medicine.", []),
    ("You must only take one capsule each day for the dose your doctor has prescribed.", []),
    ("The recommended dose is 2 mg aflibercept (0.05 mL).", [(2.0, "mg")]),
    ("patients received 0.2 ml. of a combination of 3 drugs: 6 mg. papaverine", [(6.0, "mg")]),
])
def test_strengths_devices_and_restatements_are_no_doses(text, expected):
    assert _kept(text) == expected


def test_one_tablet_of_a_labelled_strength_is_no_second_dose():
    text = "The recommended dose of Ifirmacombi 150 mg/12.5 mg is one tablet a day."
    assert (1.0, "tablet") not in _kept(text)
