"""Dose checks compare dose rows with the reference table; remedies given doses are flagged."""
from __future__ import annotations

from pipeline.dataset.schema import to_frame
from pipeline.flagging.dubious import dose_flags, reference_for, remedy_dose_flags


def dose(**values):
    row = {"claim_id": "d1", "doc_id": "a", "drug": "", "drug_text": "", "amount": 1.0, "unit": "mg",
           "route": "", "start": 0, "end": 10, "evidence": "e", "review_status": "clean", "dose_kind": "regimen"}
    row.update(values)
    if "frequency_per_day" in row:  # the dose extractor's parsed field
        row["daily_amount"] = row["amount"] * row["frequency_per_day"]
    return to_frame("doses", [row])


def test_reference_check_runs_without_a_route():
    ref = reference_for("ibuprofen", "", "mg")
    assert ref is not None, "dose_reference.csv lists ibuprofen"
    too_much = dose(drug="ibuprofen", amount=ref.daily_max * 3, frequency_per_day=1.0)
    flags = dose_flags(too_much)
    assert [f["kind"] for f in flags] == ["dose_out_of_range"]
    assert "route not stated" in flags[0]["reason"] and flags[0]["claim_ids"] == "d1"
    assert dose_flags(dose(drug="ibuprofen", amount=ref.daily_min, frequency_per_day=1.0)) == []


def test_a_remedy_recipe_dose_is_flagged_and_a_medicine_is_not():
    recipe = dose(drug="elderberry", amount=20.0, unit="g", evidence="20 g of elderberry per half glass of boiling water.")
    [flag] = remedy_dose_flags(recipe)
    assert flag["category"] == "folk_remedy" and flag["claim_ids"] == "d1"
    assert remedy_dose_flags(dose(drug="meloxicam", amount=7.5, evidence="The dose is 7.5 mg once a day.")) == []


def test_a_stated_maximum_is_never_too_low_and_a_limit_is_not_a_course():
    ref = reference_for("ibuprofen", "", "mg")
    assert dose_flags(dose(drug="ibuprofen", amount=ref.daily_min / 10, frequency_per_day=1.0, dose_kind="max")) == []
    assert [f["kind"] for f in dose_flags(dose(drug="ibuprofen", amount=ref.daily_min / 10, frequency_per_day=1.0))] \
        == ["dose_out_of_range"]
