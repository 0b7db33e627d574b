"""The one correction validator every entry point and the run share."""
from __future__ import annotations

import math

import pytest

from pipeline.review.corrections import CorrectionError, fields_for, parse_pairs, validate_correction


def test_values_take_their_columns_type():
    got = validate_correction({"amount": "7.5", "amount_max": "", "unit": " mcg ", "frequency_per_day": 2}, ["doses"])
    assert got["amount"] == 7.5 and math.isnan(got["amount_max"]) and got["unit"] == "mcg"
    assert got["frequency_per_day"] == 2.0
    assert validate_correction({"negated": "yes", "hedged": False}, ["causes"]) == {"negated": True, "hedged": False}


@pytest.mark.parametrize("correction, message", [
    ({"amount": "lots"}, "'amount' needs a number, not 'lots'"),
    ({"amount": "inf"}, "'amount' needs a finite number"),
    ({"amount": "nan"}, "'amount' needs a finite number"),
    ({"amount": True}, "'amount' needs a number"),
    ({"amount": [1, 2]}, "'amount' needs a single value"),
    ({"start": "0"}, "'start' is evidence or an identifier"),
    ({"end": 3}, "'end' is evidence or an identifier"),
    ({"evidence": "HACKED"}, "'evidence' is evidence or an identifier"),
    ({"drug_text": "Ins"}, "'drug_text' is evidence or an identifier"),
    ({"claim_id": "c9"}, "'claim_id' is evidence or an identifier"),
    ({"drug_mention_id": "m9"}, "'drug_mention_id' is evidence or an identifier"),
    ({"review_status": "accepted"}, "'review_status' is evidence or an identifier"),
    ({"condition": "gout"}, "'condition' is not a field of a dose"),
    ({}, "at least one field"),
])
def test_a_dose_correction_is_refused_with_a_clear_message(correction, message):
    with pytest.raises(CorrectionError, match=message.replace("(", r"\(")):
        validate_correction(correction, ["doses"])


def test_only_the_fields_of_the_bound_claims_kind():
    assert set(fields_for(["drugs"])) == {"name", "concept_id", "drug_class", "negated", "hypothetical"}
    assert validate_correction({"name": "ibuprofen"}, ["drugs"]) == {"name": "ibuprofen"}
    with pytest.raises(CorrectionError, match="not a field of a drug mention"):
        validate_correction({"amount": "5"}, ["drugs"])
    with pytest.raises(CorrectionError, match="sentence"):
        validate_correction({"sentence": "x"}, ["drugs"])
    # a flag binding a dose and its drug mention may correct either
    assert validate_correction({"name": "ibuprofen", "amount": "5"}, ["drugs", "doses"]) == \
        {"name": "ibuprofen", "amount": 5.0}
    with pytest.raises(CorrectionError, match="binds no claim"):
        validate_correction({"amount": "5"}, [])


def test_field_value_lines():
    assert parse_pairs(["amount = 7.5", "", "unit=mg"]) == {"amount": "7.5", "unit": "mg"}
    with pytest.raises(CorrectionError, match="not field=value"):
        parse_pairs(["amount 7.5"])
    with pytest.raises(CorrectionError, match="not field=value"):
        parse_pairs(["=7.5"])
