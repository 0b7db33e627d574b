"""Side effects of other medicines taken with the leaflet's one (section 2, "Other medicines
and X"): an item that opens with other medicines and says what taking them with this one does
gives those medicines the effect, not the leaflet's medicine."""
from __future__ import annotations

from pipeline.extract.side_effects import side_effect_rows

from .conftest import LEAFLET_TAIL

HEAD = """Package leaflet: Information for the patient

Brufex 400 mg film-coated tablets

1. What Brufex is and what it is used for

Brufex contains the active substance ibuprofen. It is a painkiller.

2. What you need to know before you take Brufex

Other medicines and Brufex Tell your doctor if you are taking any of the following medicines:

"""
SECTION4 = """

4. Possible side effects

Like all medicines, this medicine can cause side effects, although not everybody gets them.

Common (may affect up to 1 in 10 people):
- headache
"""


def _rows(view, section2: str) -> list[dict]:
    return [r for r in side_effect_rows(view(HEAD + section2 + SECTION4 + LEAFLET_TAIL))
            if r["evidence"] in section2]


def _causes(rows, condition):
    return {r["cause"] for r in rows if r["condition"] == condition}


def test_effects_that_occur_when_taken_with_the_leaflets_medicine_are_the_items_medicines(view):
    rows = _rows(view, "- Rifampicin and saquinavir (used for tuberculosis and HIV, respectively) as serious "
                       "liver damage can occur when taken with Brufex.")
    assert rows
    assert "ibuprofen" not in {r["cause"] for r in rows}
    assert {"saquinavir"} <= {r["cause"] for r in rows} and {"rifampicin", "rifampin"} & {r["cause"] for r in rows}


def test_taking_these_medicines_with_gives_the_class_and_its_example(view):
    rows = _rows(view, "- Vitamin K antagonists such as warfarin (used to prevent blood clots). Taking these "
                       "medicines with Brufex may lead to an increase in bleeding.")
    causes = {r["cause"] for r in rows}
    assert "warfarin" in causes and "vitamin k antagonists" in causes
    assert "ibuprofen" not in causes


def test_the_leaflets_own_effect_in_an_item_without_a_combination_stays_its_own(view):
    rows = _rows(view, "Brufex may cause dizziness.")
    assert {r["cause"] for r in rows} == {"ibuprofen"}


def test_an_item_that_does_not_open_with_a_medicine_keeps_the_leaflets_medicine(view):
    rows = _rows(view, "- If you feel dizzy when taken with food, Brufex may cause low blood pressure.")
    assert rows and {r["cause"] for r in rows} == {"ibuprofen"}


def test_medicines_named_after_the_combination_cue_leave_the_leaflets_own_effect(view):
    rows = _rows(view, "Brufex can cause drowsiness, particularly when taken together with alcohol or other "
                       "central nervous system depressants (such as tranquillisers).")
    assert "ibuprofen" in {r["cause"] for r in rows}


def test_medicines_an_item_names_after_if_you_are_taking_are_the_cause(view):
    rows = _rows(view, "- if you suffer from myasthenia gravis and are taking macrolide type antibiotics such as "
                       "azithromycin and clarithromycin. Taking these at the same time as Brufex may cause "
                       "problems with muscle weakness;")
    assert {"azithromycin", "clarithromycin"} <= {r["cause"] for r in rows}
    assert "ibuprofen" not in {r["cause"] for r in rows}
