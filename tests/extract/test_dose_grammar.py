from __future__ import annotations

import pytest

from pipeline.extract.dose_grammar import duration_days, find_amounts, find_fields, parse_number


@pytest.mark.parametrize("text, amount, amount_max, unit", [
    ("7.5-15 mg of the active ingredient", 7.5, 15, "mg"),
    ("take 200 IU/day", 200, None, "IU"),
    ("calcium 1,000 mg daily", 1000, None, "mg"),
    ("20 µg once a day", 20, None, "mcg"),
    ("5 international units", 5, None, "IU"),
    ("0.5 mg/kg body weight", 0.5, None, "mg/kg"),
    ("apply a 1% gel", 1, None, "%"),
    ("8-0.24 mg 0.30 mL", 0.24, None, "mg"),
])
def test_amounts_and_units(text, amount, amount_max, unit):
    found = find_amounts(text)[0]
    assert (found.amount, found.amount_max, found.unit) == (amount, amount_max, unit)


def test_percentages_without_a_form_and_non_dose_units_are_not_doses():
    assert find_amounts("Loss of up to 30% of bone tissue occurs in 15% of cases") == []
    assert find_amounts("the patient loses more than 5 cm of height over 70 years") == []


@pytest.mark.parametrize("text, per_day", [
    ("once a day", 1), ("three times a day", 3), ("twice daily", 2), ("every 12 hours", 2),
    ("once a week", 0.142857), ("in the morning and evening", 2), ("3 times a day", 3),
    ("once every 6 months", round(1 / (30.44 * 6), 6)),
])
def test_frequency_per_day(text, per_day):
    (found,) = find_fields("frequency", text)
    assert found.per_day == pytest.approx(per_day, rel=1e-4)


@pytest.mark.parametrize("text, route", [
    ("injected deep into the muscle", "intramuscular"), ("administered under the skin", "subcutaneous"),
    ("in the form of a nasal spray", "nasal"), ("take the tablets", "oral"), ("rub the ointment", "topical"),
    ("given intravenously", "intravenous"),
])
def test_routes(text, route):
    assert find_fields("route", text)[0].value == route


@pytest.mark.parametrize("text", [
    "for at least six months", "no more than three days in a row", "a course of 2-3 years",
    "for four years", "The maximum duration of the course is one and a half years",
])
def test_durations(text):
    assert find_fields("duration", text), text


def test_number_parsing():
    assert parse_number("1,000") == 1000
    assert parse_number("7,5") == 7.5
    assert parse_number("three") == 3


@pytest.mark.parametrize("text, days", [
    ("a course of 2-3 years", 3 * 365.25), ("for fourteen days", 14), ("for one and a half years", 1.5 * 365.25),
    ("no more than three days in a row", 3), ("as needed", None),
])
def test_duration_days(text, days):
    assert duration_days(text) == (pytest.approx(days) if days is not None else None)


@pytest.mark.parametrize("text, per_day, per_day_max", [
    ("two to four times a day", 2, 4), ("every 4 to 6 hours", 4, 6), ("every 3-4 weeks", 1 / 28, 1 / 21),
    ("once a year", 1 / 365.25, None), ("one infusion per year", 1 / 365.25, None),
    ("every 14 days", 1 / 14, None), ("every two weeks", 1 / 14, None), ("3 times a week", 3 / 7, None),
])
def test_frequency_ranges_and_long_intervals(text, per_day, per_day_max):
    (found,) = find_fields("frequency", text)
    assert found.per_day == pytest.approx(per_day, rel=1e-3)
    assert found.per_day_max == (pytest.approx(per_day_max, rel=1e-3) if per_day_max else None)


@pytest.mark.parametrize("text, amount, amount_max, unit", [
    ("1500 mg/m2", 1500, None, "mg/m2"), ("1500 mg/m²", 1500, None, "mg/m2"),
    ("10 mg per square metre of body surface area", 10, None, "mg/m2"),
    ("0.20 mg/kg of body weight", 0.2, None, "mg/kg"), ("one capsule", 1, None, "capsule"),
    ("two or three tablets", 2, 3, "tablet"), ("half a tablet", 0.5, None, "tablet"), ("2 puffs", 2, None, "puff"),
    ("1 or 2 drops", 1, 2, "drop"),
])
def test_per_body_and_count_units(text, amount, amount_max, unit):
    (found,) = find_amounts(text)
    assert (found.amount, found.amount_max, found.unit) == (amount, amount_max, unit)


def test_number_words_state_only_counted_amounts():
    assert find_amounts("one mg of it") == []


@pytest.mark.parametrize("text, value", [
    ("children aged 6 to 11 years", "children 6-11 years"), ("patients weighing less than 40 kg", "under 40 kg"),
    ("adolescents 12 years and older", "children 12 years and older"), ("elderly patients", "elderly"),
])
def test_population_values(text, value):
    assert find_fields("population", text)[0].value == value


# --- #17: how leaflets and abstracts write amounts and sentences -------------------------------

@pytest.mark.parametrize("text, expected", [
    # both ends carry the unit: one range; a step up is two doses
    ("The recommended daily dose is between 200 mg and 400 mg once daily.", [(200, 400)]),
    ("Take 200 mg to 400 mg a day.", [(200, 400)]),
    ("The dose may be increased from 50 mg to 100 mg.", [(50, None), (100, None)]),
    # alternatives sharing a measured unit are two doses; a count "1 or 2 inhalations" stays a range
    ("ketamine 10 or 20 mg daily", [(10, None), (20, None)]),
    ("Take 1 or 2 inhalations twice a day.", [(1, 2)]),
])
def test_ranges_and_alternatives(text, expected):
    assert [(a.amount, a.amount_max) for a in find_amounts(text)] == expected


def test_the_last_listed_level_keeps_its_own_text():
    levels = find_amounts("hematuria at 400, 450, and 500 mg/m2/d")
    assert [a.text for a in levels] == ["400", "450", "500 mg/m2"]


@pytest.mark.parametrize("text, per_day", [
    ("1 capsule, 3 times daily", 3), ("taken two times daily", 2),
    ("in doses of 50 mg/kg for five consecutive days", 1),
])
def test_more_frequency_wordings(text, per_day):
    (found,) = [f for f in find_fields("frequency", text) if f.per_day is not None]
    assert found.per_day == per_day


@pytest.mark.parametrize("text, pieces", [
    ("Escalation went to 550 mg/m2/d. Four patients developed hematuria.", 2),
    ("The rats weighed 150-200 g. METHODS: The drugs were given orally.", 2),
    ("Haloperidol was given 5 mg/kg i.p. The rats were then tested.", 2),
    ("Other medicines, e.g. Aspirin, were stopped.", 1),
    ("As shown by Dr. Smith in 1990.", 1),
])
def test_a_sentence_ends_after_a_unit_or_a_route_abbreviation(text, pieces):
    from pipeline.extract.dose_grammar import split_sentence

    assert len(split_sentence(text)) == pieces


def test_a_list_shares_the_body_measure_stated_after_its_last_amount():
    shared = find_amounts("The recommended dose is 5 mg, 7.5 mg, 10 mg or 15 mg per kilogram of your body weight.")
    assert [(a.amount, a.unit) for a in shared] == [(5, "mg/kg"), (7.5, "mg/kg"), (10, "mg/kg"), (15, "mg/kg")]
    # an alternative with its own compact unit shares nothing
    own = find_amounts("your doctor may give you another dose of 150 mg or 2 mg/kg.")
    assert [(a.amount, a.unit) for a in own] == [(150, "mg"), (2, "mg/kg")]


@pytest.mark.parametrize("text", ["one 27 G x 0.5 inch needle", "a filter needle (18G)"])
def test_a_needle_gauge_is_no_amount(text):
    assert find_amounts(text) == []
