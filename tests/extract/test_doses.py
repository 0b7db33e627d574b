"""Dose rows on short texts written the way leaflets, case reports and web pages write them."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import spacy

from pipeline.extract import doses as doses_module
from pipeline.extract.context import DocumentView
from pipeline.extract.doses import dose_rows
from pipeline.ids import stable_id
from pipeline.ingest.decode import decode_bytes
from pipeline.ingest.document import SourceFile, structure
from pipeline.nlp.labels import DRUG
from pipeline.nlp.mentions import Mention, ensure_doc_extension


def _make_view(nlp, text: str, doc_id: str = "t") -> DocumentView:
    source = SourceFile(path=Path(f"{doc_id}.txt"), doc_id=doc_id, rel_path=f"{doc_id}.txt")
    doc = structure(source, decode_bytes(text.encode("utf-8")))
    return DocumentView(doc, nlp(doc.text))


@pytest.fixture(scope="module")
def blank_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


# --- #11: linear in the number of amounts -------------------------------------------------

def _run(blank_nlp, n: int, monkeypatch, unit: str = "mg ") -> tuple[int, float]:
    """(characters the grammar scanned, seconds) for ``n`` amounts in one sentence, each
    after a drug name ("aspirin 1 mg aspirin 2 mg ..."; distinct, since the same dose said
    twice in one sentence is one row)."""
    scanned = 0
    real_fields, real_amounts = doses_module.find_fields, doses_module.find_amounts

    def count_fields(kind, text):
        nonlocal scanned
        scanned += len(text)
        return real_fields(kind, text)

    def count_amounts(text):
        nonlocal scanned
        scanned += len(text)
        return real_amounts(text)

    monkeypatch.setattr(doses_module, "find_fields", count_fields)
    monkeypatch.setattr(doses_module, "find_amounts", count_amounts)
    view = _make_view(blank_nlp, "Dosing\n\n" + "".join(f"aspirin {k + 1} {unit}" for k in range(n)) + "\n")
    ensure_doc_extension()
    view.doc._.mentions = [Mention(m.start(), m.end(), DRUG, "", "aspirin", "", True, "test")
                           for m in re.finditer("aspirin", view.text)]
    best = float("inf")
    for _ in range(3):
        scanned = 0
        t = time.perf_counter()
        rows = dose_rows(view, drug_rows=[])
        best = min(best, time.perf_counter() - t)
    assert len(rows) == n and {r["drug"] for r in rows} == {"aspirin"}
    return scanned, best


def test_many_amounts_in_one_sentence_take_linear_work(blank_nlp, monkeypatch):
    small_chars, small_time = _run(blank_nlp, 500, monkeypatch)
    large_chars, large_time = _run(blank_nlp, 4000, monkeypatch)
    # 8 times the amounts: linear work grows about 8 times, quadratic work 64 times
    assert large_chars / small_chars < 8 * 1.5
    assert large_time / small_time < 8 * 3


def test_claim_ids_are_stable_ids_of_sentence_and_amount(blank_nlp):
    text = "Dosing\n\nTake 200 mg daily.\n"
    (row,) = dose_rows(_make_view(blank_nlp, text))
    assert row["claim_id"] == stable_id("d", "t", "take 200 mg daily.", "200 mg", 0)


# --- contract v2 fields ---------------------------------------------------------------------

def test_per_body_surface_dose_keeps_its_unit_and_drug(view):
    text = ("Case report\n\nA 12-year-old boy received high-dose methotrexate (1500 mg/m2) "
            "for osteosarcoma.\n")
    (row,) = dose_rows(view(text))
    assert (row["drug"], row["amount"], row["unit"]) == ("methotrexate", 1500, "mg/m2")
    assert row["drug_mention_id"].startswith("m_")


@pytest.mark.parametrize("text, amount, unit", [
    ("Patients were given 75 mg per square metre of body surface area.", 75, "mg/m2"),
    ("Cisplatin 100 mg/m² was given on day 1.", 100, "mg/m2"),
    ("The dose is 0.5 microgram/kg.", 0.5, "mcg/kg"),
    # abstracts write the square metre and the per-kilogram exponent their own ways
    ("Patients received 60 mg/m(2) of doxorubicin.", 60, "mg/m2"),
    ("Anesthesia was induced with 5 mg.kg(-1) thiopental iv.", 5, "mg/kg"),
    ("Morphine 0.1 mg x kg(-1) iv was given for premedication.", 0.1, "mg/kg"),
    ("Rats were treated with doxorubicin (1 mg kg(-1) week(-1)).", 1, "mg/kg"),
    ("Pretreatment with ammonium acetate (6 mmol/kg s.c.) doubled the time.", 6, "mmol/kg"),
])
def test_per_body_units(view, text, amount, unit):
    (row,) = dose_rows(view("Dosing\n\n" + text + "\n"))
    assert (row["amount"], row["unit"]) == (amount, unit)


@pytest.mark.parametrize("text, expected", [
    # a code name the NER does not know, before its dose or after it
    ("Here, AMN082 (2.5 and 5 mg/kg) reduced apomorphine-induced rotations in rats.",
     [("amn082", 2.5), ("amn082", 5.0)]),
    ("In rats, 5 mg/kg AMN082 reverses the increased reaction time.", [("amn082", 5.0)]),
    ("Results showed that SSR103800 (10-30 mg/kg p.o.) reduced hyperactivity.", [("ssr103800", 10.0)]),
    ("Monkeys were challenged with four doses (from 0.03 to 1.0 mg/kg) of A-86929, a D1 agonist.",
     [("a-86929", 0.03)]),
    # an abbreviation the abstract defines stands for its long form
    ("Pyrrolidine dithiocarbamate (PDTC) was studied in rats. Treatment with 150 mg/kg PDTC "
     "increased the mortality rate.", [("pyrrolidine dithiocarbamate", 150.0)]),
    ("A man was treated with levetiracetam (LEV). He was given LEV (3000 mg) added to valproate (2000 mg).",
     [("levetiracetam", 3000.0), ("valproic acid", 2000.0)]),
])
def test_code_names_and_defined_abbreviations_take_their_doses(view, text, expected):
    rows = dose_rows(view("Abstract\n\n" + text + "\n"))
    assert [(r["drug"], r["amount"]) for r in rows] == expected


def test_an_abbreviation_of_a_disease_or_route_names_no_drug(view):
    text = ("Patients with metastatic breast cancer (MBC) were treated with pirarubicin given "
            "intravenously (IV). The recommended starting dose is 60 mg/m2 IV bolus every 3 weeks.")
    (row,) = dose_rows(view("Abstract\n\n" + text + "\n"))
    assert row["drug"] == "pirarubicin"


@pytest.mark.parametrize("text", [
    "The amount of daily urinary protein decreased from 15.6 to 2.8 g.",
    "The convulsive threshold (mean +/- SD) was 41.4 +/- 6.5 mg.",
])
def test_measured_amounts_are_no_doses(view, text):
    assert dose_rows(view("Results\n\n" + text + "\n")) == []


def test_body_weight_after_a_per_kg_unit_is_not_a_drug(view):
    (row,) = dose_rows(view("Dosing\n\nThe usual dose is 0.20 mg/kg of body weight.\n"))
    assert (row["amount"], row["unit"]) == (0.2, "mg/kg")
    assert row["drug"] != "body"


def test_per_kg_per_day_is_a_per_kg_unit_once_a_day(view):
    (row,) = dose_rows(view("Dosing\n\nChildren receive 10 mg/kg/day of amoxicillin.\n"))
    assert (row["unit"], row["frequency_per_day"], row["drug"]) == ("mg/kg", 1.0, "amoxicillin")


@pytest.mark.parametrize("text, per_day, per_day_max", [
    ("Take 200 mg two to four times a day.", 2, 4),
    ("Take 400 mg every 4 to 6 hours.", 4, 6),
    ("The infusion of 5 mg is given every 3-4 weeks.", 1 / 28, 1 / 21),
    ("Take 1 tablet three times a day.", 3, None),
])
def test_frequency_ranges_keep_both_ends(view, text, per_day, per_day_max):
    (row,) = dose_rows(view("How to take it\n\n" + text + "\n"))
    assert row["frequency_per_day"] == pytest.approx(per_day, rel=1e-3)
    if per_day_max is None:
        assert row["frequency_per_day_max"] is None
    else:
        assert row["frequency_per_day_max"] == pytest.approx(per_day_max, rel=1e-3)


def test_a_stated_maximum_is_not_a_regimen(view):
    text = "How to take ibuprofen\n\nTake 200 mg three times a day. Never take more than 1200 mg a day.\n"
    rows = {r["amount"]: r for r in dose_rows(view(text))}
    assert rows[200]["dose_kind"] == "regimen"
    assert rows[1200]["dose_kind"] == "max"


@pytest.mark.parametrize("text", [
    "The maximum daily dose is 4 g.",
    "Do not exceed 4 g in 24 hours.",
    "Take 500 mg to 1 g every 4 to 6 hours, up to a maximum of 4 g a day.",
])
def test_maximum_cues(view, text):
    rows = dose_rows(view("Dosing\n\n" + text + "\n"))
    assert [r["dose_kind"] for r in rows if r["amount"] == 4] == ["max"]
    assert all(r["dose_kind"] == "regimen" for r in rows if r["amount"] != 4)


def test_single_doses(view):
    text = ("Dosing\n\nThe recommended dose is a single dose of 2 g of fosfomycin. "
            "Take 100 mg of doxycycline twice a day.\n")
    rows = {r["amount"]: r for r in dose_rows(view(text))}
    assert rows[2]["dose_kind"] == "single"
    assert rows[100]["dose_kind"] == "regimen"


def test_population_by_age_band_weight_and_heading(view):
    text = ("Dosing\n\nChildren aged 6 to 11 years: 5 mg once a day. "
            "Patients weighing less than 40 kg take 2.5 mg once a day.\n\n"
            "Adults\n\nThe recommended dose is 10 mg once a day.\n")
    rows = {r["amount"]: r["population"] for r in dose_rows(view(text))}
    assert rows == {5: "children 6-11 years", 2.5: "under 40 kg", 10: "adults"}


def test_count_units_with_number_words(view):
    rows = dose_rows(view("How to use it\n\nThe recommended dose is one capsule each day. "
                          "Inhale two puffs twice a day.\n"))
    assert [(r["amount"], r["unit"], r["form"], r["frequency_per_day"]) for r in rows] == [
        (1, "capsule", "capsule", 1.0), (2, "puff", "inhaler", 2.0)]


def test_days_of_a_cycle(view):
    rows = dose_rows(view("Dosing\n\nGemcitabine 1000 mg/m2 is given on days 1 and 8 of each 21-day cycle.\n"))
    (row,) = rows
    assert row["unit"] == "mg/m2"
    assert row["frequency_per_day"] == pytest.approx(2 / 21, rel=1e-3)


# --- #12: parsed fields for the flaggers ----------------------------------------------------

def test_daily_amount_duration_and_indication_are_parsed_once_here(view):
    text = ("Osteoporosis\n\nTo prevent osteoporosis, take 7.5-15 mg two to four times a day "
            "for no more than three weeks. Take 40 mg as needed.\n")
    first, second = dose_rows(view(text))
    assert (first["daily_amount"], first["daily_amount_max"]) == (15, 60)
    assert (first["duration_days"], first["duration_is_limit"]) == (21, True)
    assert (first["indication"], first["purpose"]) == ("osteoporosis", "prevention")
    assert second["daily_amount"] != second["daily_amount"]  # NaN: no frequency stated
    assert second["duration_days"] != second["duration_days"]


# --- #17: leaflets and case reports -----------------------------------------------------------

LEAFLET = """What is in this leaflet

1. What Forsteo is and what it is used for

Forsteo contains the active substance teriparatide. It is used to treat osteoporosis.

3. How to use Forsteo

The recommended dose is 20 micrograms given once daily by injection under the skin.
Swallow the tablet with a glass of water (200 ml).

6. Contents of the pack and other information

Each ml of the solution for injection contains 250 micrograms of teriparatide.
Forsteo is available in packs containing 1 or 3 cartridges of 2.4 ml.
Store in a refrigerator between 2 and 8 degrees; the pen holds 2.4 ml.
"""


def test_a_leaflet_dose_with_no_drug_in_its_sentence_takes_the_leaflets_subject(view):
    (row,) = dose_rows(view(LEAFLET))
    assert (row["drug"], row["drug_link"], row["amount"], row["unit"], row["frequency_per_day"]) == (
        "teriparatide", "subject", 20, "mcg", 1.0)
    assert row["drug_mention_id"].startswith("m_")
    assert row["drug_text"] == "Forsteo"


def test_water_packs_storage_and_strengths_are_not_doses(view):
    rows = dose_rows(view(LEAFLET))
    assert [r["amount"] for r in rows] == [20]


@pytest.mark.parametrize("text", [
    "Take the tablet with 200 ml of water.",
    "The concentration of the final solution after dilution should be 4 micrograms/ml.",
    "Each film-coated tablet contains 100 mg ritonavir.",
    "This medicine contains less than 1 mmol sodium (23 mg) per dose, that is to say essentially sodium-free.",
    "Invokana 100 mg film-coated tablets are yellow, capsule-shaped tablets.",
    "Preventing anaemia in premature infants (weighing 750 to 1500 g).",
    "Do not take a double dose (two tablets) to make up for a forgotten tablet.",
])
def test_quantities_that_are_not_doses(view, text):
    assert dose_rows(view("About the medicine\n\n" + text + "\n")) == []


def test_a_composition_sentence_that_states_the_dose_is_kept(view):
    rows = dose_rows(view("Dosing\n\nThe recommended dose is one capsule (containing 290 micrograms) once a day.\n"))
    assert {(r["amount"], r["unit"]) for r in rows} == {(1, "capsule"), (290, "mcg")}


@pytest.mark.parametrize("text, per_day", [
    ("The recommended dose is 284 mg, given once a year.", 1 / 365.25),
    ("You will receive one infusion per year of 5 mg.", 1 / 365.25),
    ("The recommended dose is 40 mg given every two weeks as an injection under the skin.", 1 / 14),
    ("Adults receive 300 mg once every 4 weeks.", 1 / 28),
    ("The dose is 150 mg every 3 months.", 1 / (3 * 30.44)),
])
def test_long_intervals(view, text, per_day):
    (row,) = dose_rows(view("Dosing\n\n" + text + "\n"))
    assert row["frequency_per_day"] == pytest.approx(per_day, rel=1e-3)


def test_titration_steps_are_one_row_each(view):
    rows = dose_rows(view("How to take it\n\nStart with 50 mg once a day; after 2 weeks 100 mg once a day.\n"))
    assert [(r["amount"], r["frequency_per_day"]) for r in rows] == [(50, 1.0), (100, 1.0)]


def test_a_dose_per_kilogram_stated_after_the_drug(view):
    (row,) = dose_rows(view("Dosing\n\nThe usual dose is 6.75 micrograms of darbepoetin alfa per kilogram "
                            "of your body weight once every three weeks.\n"))
    assert (row["unit"], row["drug"]) == ("mcg/kg", "darbepoetin alfa")


def test_strengths_of_one_combination_share_the_maximum(view):
    rows = dose_rows(view("Dosing\n\nThe dose should not exceed one 40 mg/5 mg tablet a day.\n"))
    assert [(r["amount"], r["dose_kind"]) for r in rows] == [(40, "max"), (5, "max")]


def test_the_same_dose_morning_and_evening_is_one_row_twice_a_day(view):
    rows = dose_rows(view("How to take it\n\nThe recommended dose is 3 capsules in the morning and "
                          "3 capsules in the evening.\n"))
    assert [(r["amount"], r["unit"], r["frequency_per_day"]) for r in rows] == [(3, "capsule", 2.0)]


def test_a_schedule_stated_for_the_section_applies_to_its_doses(view):
    text = ("How to take it\n\n- Your doctor will start with a dose of 15 mg.\n"
            "- Swallow the tablet without chewing.\n- Take the tablets once a day in the morning.\n")
    (row,) = dose_rows(view(text))
    assert (row["amount"], row["frequency_per_day"]) == (15, 1.0)


@pytest.mark.parametrize("text, per_day, per_day_max", [
    ("The typical dose for adults is 1 to 2 tablets once or twice daily.", 1, 2),
    ("Use 1 drop in the affected eye every 2 hours six times a day.", 6, None),
])
def test_frequency_wording(view, text, per_day, per_day_max):
    (row,) = dose_rows(view("Dosing\n\n" + text + "\n"))
    assert (row["frequency_per_day"], row["frequency_per_day_max"]) == (per_day, per_day_max)


def test_a_restated_daily_total_is_not_a_second_dose(view):
    rows = dose_rows(view("Dosing\n\nTake 6 tablets twice daily (totalling 1,200 mg per day).\n"))
    assert [(r["amount"], r["unit"]) for r in rows] == [(6, "tablet")]


def test_listed_dose_levels_share_the_unit_and_its_schedule(view):
    rows = dose_rows(view("Ifosfamide continuous infusion.\n\nDose escalations of ifosfamide proceeded "
                          "from 200 to 300, 400, 450, 500, and 550 mg/m2/d.\n"))
    assert [(r["amount"], r["unit"], r["frequency_per_day"]) for r in rows] == [
        (n, "mg/m2", 1.0) for n in (200, 300, 400, 450, 500, 550)]


def test_between_two_amounts_is_a_range(view):
    (row,) = dose_rows(view("Dosing\n\nPatients received between 2 and 8 mg of haloperidol.\n"))
    assert (row["amount"], row["amount_max"]) == (2, 8)


def test_a_drug_named_as_what_induces_a_condition_is_not_the_dosed_drug(view):
    text = ("Antiarrhythmic plasma concentrations of cibenzoline in dogs.\n\nCibenzoline suppressed the "
            "arrhythmias induced by digitalis and adrenaline, given as a bolus of 5 mg/kg.\n")
    (row,) = dose_rows(view(text))
    assert (row["drug"], row["unit"], row["dose_kind"]) == ("cibenzoline", "mg/kg", "single")


def test_an_inducer_with_its_own_dose_keeps_it(view):
    (row,) = dose_rows(view("Catalepsy\n\nCatalepsy was induced by haloperidol (2 mg/kg p.o.) in rats.\n"))
    assert row["drug"] == "haloperidol"


def test_a_stated_total_is_cumulative_and_has_no_frequency(view):
    rows = dose_rows(view("Ifosfamide trial.\n\nThe recommended dose of 500 mg/m2/d of ifosfamide "
                          "delivers a total dose of 7 g/m2 per cycle.\n"))
    assert [(r["amount"], r["unit"], r["dose_kind"], r["frequency_per_day"]) for r in rows] == [
        (500, "mg/m2", "regimen", 1.0), (7, "g/m2", "cumulative", None)]


def test_a_solution_strength_and_a_blood_sample_are_not_doses(view):
    # A vocabulary drug, so the test does not hang on what the NER model finds.
    text = ("Lidocaine and arrhythmia.\n\nLidocaine (2% solution; 1 mg/kg) was administered as a bolus. "
            "A 10 ml venous blood sample was taken.\n")
    rows = dose_rows(view(text))
    assert [(r["drug"], r["amount"], r["unit"], r["dose_kind"]) for r in rows] == [("lidocaine", 1, "mg/kg", "single")]


def test_routes_stated_for_the_eye_or_elsewhere_in_the_section(view):
    eye = dose_rows(view("How to use it\n\nThe recommended dose is one drop in the affected eye once a day.\n"))
    assert [(r["route"], r["form"]) for r in eye] == [("ocular", "drops")]
    text = ("How to take it\n\n- Your doctor will start with a dose of 15 mg.\n"
            "- Swallow the tablet without chewing, with a glass of water.\n")
    (row,) = dose_rows(view(text))
    assert row["route"] == "oral"


def test_daily_amounts_follow_amount_and_frequency_and_stay_empty_without_a_frequency():
    from pipeline.extract.doses import daily_amounts

    assert daily_amounts(7.5, 15.0, 1.0, None) == {"daily_amount": 7.5, "daily_amount_max": 15.0}
    assert daily_amounts(400.0, None, 3.0, 4.0) == {"daily_amount": 1200.0, "daily_amount_max": 1600.0}
    empty = daily_amounts(400.0, None, float("nan"), None)
    assert all(v != v for v in empty.values())


@pytest.mark.parametrize("text, expected", [
    ("The recommended dose is 320 mg (4 capsules) each day.", {(320, "mg")}),
    ("The recommended dose is a single dose of 900 mg (2 vials of 450 mg) administered as an intravenous infusion.",
     {(900, "mg")}),
    ("The recommended dose is 900 mg (2 vials of 450 mg/7.5 mL).", {(900, "mg")}),
    ("Body weight (kg) Dose Volume Syringe\n4 0.12 mg 0.15 mL 15 U", {(0.12, "mg")}),
])
def test_restatements_vial_strengths_and_syringe_markings_are_not_doses(view, text, expected):
    rows = dose_rows(view("How to use\n\n" + text + "\n"))
    assert {(r["amount"], r["unit"]) for r in rows} == expected


@pytest.mark.parametrize("text", [
    "It is produced in a ready-to-use, pre-filled, single-dose pen, containing either 0.5 mg or 1 mg of glucagon.",
    "Dose (mg) Vosoritide 0.56 mg solvent (water for injections): 0.7 mL concentration: 0.8 mg/mL",
])
def test_product_contents_and_preparation_tables_are_not_doses(view, text):
    assert dose_rows(view("What the medicine contains\n\n" + text + "\n")) == []


def test_a_dosing_table_takes_the_frequency_its_heading_states(view):
    text = ("3. How to use Voxzogo\n\nDaily injection volume\n\n"
            "mL Units 4 0.12 mg 0.15 mL 15 U\n\n8-0.24 mg 0.30 mL 30 U\n\n12-0.28 mg\n")
    rows = dose_rows(view(text))
    assert {(r["amount"], r["frequency_per_day"]) for r in rows} == {(0.12, 1), (0.24, 1), (0.28, 1)}


# --- #17: quantities leaflets state that are no doses, and how they lay doses out ------------

@pytest.mark.parametrize("text", [
    "Pull the plunger all the way down to the 1.0 ml mark, filling the syringe with air.",
    "one 27 G x 0.5 inch (13 mm) needle for injecting",
    "Ontozry 25 mg are round brown film-coated tablets with AV on one side and 25 on the other side.",
    "If you use drops in both eyes, you will need to use 2 vials per day.",
    "Actelsar HCT is a combination of two active substances, telmisartan and hydrochlorothiazide in one tablet.",
])
def test_devices_appearance_and_supplies_are_not_doses(view, text):
    assert dose_rows(view("How to use it\n\n" + text + "\n")) == []


def test_the_items_under_a_pack_lead_in_are_not_doses(view):
    text = "Contents of the pack\n\nEach carton contains:\n\n- 10 vials of Voxzogo\n- 10 pre-filled syringes\n"
    assert dose_rows(view(text)) == []


@pytest.mark.parametrize("text, expected", [
    ("The recommended dose is 1000 mg (two 500 mg tablets or one 1000 mg tablet) once a day.", [(1000, "mg")]),
    ("The recommended dose is 2 mg aflibercept in 0.05 mL.", [(2, "mg")]),
    ("The usual dose is 25 mg/kg, 3 times per day, for a total daily dose of 75 mg/kg.", [(25, "mg/kg")]),
    # a maximum in brackets is a dose of its own
    ("The dose is 4 mg/kg (up to a maximum of 300 mg) every 4 weeks.", [(4, "mg/kg"), (300, "mg")]),
])
def test_restated_amounts_are_one_dose(view, text, expected):
    rows = dose_rows(view("Dosing\n\n" + text + "\n"))
    assert [(r["amount"], r["unit"]) for r in rows] == expected


def test_a_count_before_a_product_like_strength_is_a_dose(view):
    text = "How to take it\n\nThe usual recommended dose is:\n\none 100 mg film-coated tablet\n\nonce a day\n\nby mouth\n"
    (row,) = dose_rows(view(text))
    # the schedule stands on the next short line of the layout
    assert (row["amount"], row["unit"], row["frequency_per_day"]) == (100, "mg", 1.0)


def test_the_same_dose_said_again_in_one_sentence_is_one_row(view):
    text = ("Dosing\n\nThe recommended dose is 30 mg twice a day - one 30 mg dose in the morning and "
            "one 30 mg dose in the evening.\n")
    assert [(r["amount"], r["frequency_per_day"]) for r in dose_rows(view(text))] == [(30, 2.0)]


def test_same_dose_morning_and_evening_each_day_is_twice_a_day(view):
    text = "Dosing\n\nTake it at the same time each day, one tablet in the morning and one tablet in the evening.\n"
    assert [(r["amount"], r["unit"], r["frequency_per_day"]) for r in dose_rows(view(text))] == [(1, "tablet", 2.0)]


def test_a_titration_table_flattened_into_one_line(view):
    text = ("How to take it\n\nDay Morning Dose Evening Dose Total Daily Dose Day 1 10 mg (pink) Do not take a dose "
            "10 mg Day 2 10 mg (pink) 10 mg (pink) 20 mg Day 3 10 mg (pink) 20 mg (brown) 30 mg\n")
    rows = [(r["amount"], r["frequency_per_day"]) for r in dose_rows(view(text))]
    assert rows == [(10, 1.0), (10, 2.0), (10, 1.0), (20, 1.0)]


def test_a_limit_per_occasion_has_no_daily_frequency(view):
    (row,) = dose_rows(view("How to use it\n\nNo more than 4 patches should be used at the same time.\n"))
    assert (row["amount"], row["unit"], row["dose_kind"], row["frequency_per_day"]) == (4, "patch", "max", None)


def _mentioned(blank_nlp, text: str, names: dict[str, str]) -> DocumentView:
    view = _make_view(blank_nlp, text)
    ensure_doc_extension()
    view.doc._.mentions = [Mention(m.start(), m.end(), DRUG, "", name, "", True, "test")
                           for surface, name in names.items() for m in re.finditer(re.escape(surface), view.text)]
    return view


def test_a_leaflets_own_brand_named_by_the_dose_is_its_active_substance(blank_nlp):
    text = ("1. What Comtess is and what it is used for\n\nComtess contains the active substance entacapone.\n\n"
            "3. How to take Comtess\n\nThe recommended dose of Comtess is one 200 mg tablet with each levodopa dose.\n")
    view = _mentioned(blank_nlp, text, {"Comtess": "comtess", "entacapone": "entacapone", "levodopa": "levodopa"})
    (row,) = dose_rows(view, drug_rows=[])
    assert (row["drug"], row["drug_text"], row["amount"]) == ("entacapone", "Comtess", 200)


def test_a_dose_after_then_continues_the_drug_before_it(blank_nlp):
    text = ("Case\n\nThe patient was taking 80 mg simvastatin at bedtime; amiodarone at a dose of 400 mg daily "
            "for 7 days, then 200 mg daily.\n")
    view = _mentioned(blank_nlp, text, {"simvastatin": "simvastatin", "amiodarone": "amiodarone"})
    rows = dose_rows(view, drug_rows=[])
    assert [(r["drug"], r["amount"]) for r in rows] == [("simvastatin", 80), ("amiodarone", 400), ("amiodarone", 200)]


def test_listed_levels_take_the_fields_and_the_fate_of_their_shared_unit(blank_nlp):
    text = ("Case\n\nMedications were given four times daily; the azelastine groups received 0.5, 1.0, or 2.0 mg "
            "in the morning and evening. Serum samples contained 3.6 and 1.9 mg/l azelastine.\n")
    view = _mentioned(blank_nlp, text, {"azelastine": "azelastine"})
    rows = dose_rows(view, drug_rows=[])
    assert [(r["amount"], r["frequency_per_day"]) for r in rows] == [(0.5, 2.0), (1.0, 2.0), (2.0, 2.0)]


def test_a_dose_of_drugs_named_together_is_a_dose_of_each(blank_nlp):
    names = {"ciprofloxacin": "ciprofloxacin", "norfloxacin": "norfloxacin", "fluoroquinolones": "fluoroquinolones"}
    anaphor = ("Study\n\nThe effects of fluoroquinolones, namely ciprofloxacin and norfloxacin, were studied in rats. "
               "The drugs were given orally, in doses of 50 mg/kg for five consecutive days.\n")
    rows = dose_rows(_mentioned(blank_nlp, anaphor, names), drug_rows=[])
    assert [(r["drug"], r["amount"], r["frequency_per_day"]) for r in rows] == [
        ("ciprofloxacin", 50, 1.0), ("norfloxacin", 50, 1.0)]
    together = "Study\n\nCiprofloxacin and norfloxacin were given orally in doses of 50 mg/kg.\n"
    rows = dose_rows(_mentioned(blank_nlp, together, {"Ciprofloxacin": "ciprofloxacin", "norfloxacin": "norfloxacin"}),
                     drug_rows=[])
    assert [r["drug"] for r in rows] == ["ciprofloxacin", "norfloxacin"]
    # two drugs not coordinated stay ambiguous rather than doubled
    apart = "Study\n\nCiprofloxacin was compared with norfloxacin in doses of 50 mg/kg.\n"
    rows = dose_rows(_mentioned(blank_nlp, apart, {"Ciprofloxacin": "ciprofloxacin", "norfloxacin": "norfloxacin"}),
                     drug_rows=[])
    assert len(rows) == 1


def test_listed_levels_belong_to_the_drug_before_the_list(blank_nlp):
    text = "Study\n\nGlycopyrrolate 5 and 10 micrograms kg-1 and atropine 10 and 20 micrograms kg-1 i.v. were compared.\n"
    view = _mentioned(blank_nlp, text, {"Glycopyrrolate": "glycopyrrolate", "atropine": "atropine"})
    rows = dose_rows(view, drug_rows=[])
    assert [(r["drug"], r["amount"], r["unit"]) for r in rows] == [
        ("glycopyrrolate", 5, "mcg/kg"), ("glycopyrrolate", 10, "mcg/kg"), ("atropine", 10, "mcg/kg"), ("atropine", 20, "mcg/kg")]


def test_a_concentration_in_drinking_water_is_the_dose_and_water_is_no_drug(blank_nlp):
    text = "Study\n\nMice were given AZT in their drinking water at 1.0 and 2.5 mg/ml.\n"
    view = _mentioned(blank_nlp, text, {"AZT": "zidovudine", "water": "water"})
    rows = dose_rows(view, drug_rows=[])
    assert [(r["drug"], r["amount"], r["unit"]) for r in rows] == [("zidovudine", 1.0, "mg/ml"), ("zidovudine", 2.5, "mg/ml")]
    # elsewhere a concentration stays no dose
    assert dose_rows(_mentioned(blank_nlp, "Study\n\nThe solution holds 2.5 mg/ml of AZT.\n", {"AZT": "zidovudine"}),
                     drug_rows=[]) == []


@pytest.mark.parametrize("text", [
    "For 500 mg: Do not break the tablets.",
    "Revlimid 2.5 mg hard capsules are blue-green/white, with REV 2.5 mg written on them.",
    "This medicinal product contains approximately 37 mg sodium per 1,000 mg vial, 149 mg sodium per 4,000 mg vial.",
    "The infusion solution is normally given over about 15 minutes (about 0.08 ml of solution per kg body weight each min).",
])
def test_strength_labels_markings_excipient_notes_and_rates_are_not_doses(view, text):
    assert dose_rows(view("How to use it\n\n" + text + "\n")) == []


def test_the_first_word_of_a_two_word_brand_names_the_leaflets_medicine(blank_nlp):
    text = ("1. What Dafiro HCT is and what it is used for\n\nDafiro HCT contains the active substances amlodipine.\n\n"
            "3. How to take Dafiro HCT\n\nThe maximum dose of Dafiro is 10 mg a day.\n")
    view = _mentioned(blank_nlp, text, {"Dafiro": "dafiro", "amlodipine": "amlodipine"})
    (row,) = dose_rows(view, drug_rows=[])
    assert (row["drug"], row["amount"]) == ("amlodipine", 10)
