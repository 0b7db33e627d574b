"""Dose rows on leaflet-shaped texts outside the gold: how EMA leaflets lay out and write
their doses and their non-doses (#17). Drug mentions are given by hand (blank spaCy), so
these tests check the dose grammar, not the NER."""
from __future__ import annotations

import pytest

from pipeline.extract.dose_grammar import find_amounts

from .conftest import doses_with_drugs


def _rows(nlp, text: str, names: dict[str, str]) -> list[dict]:
    return doses_with_drugs(nlp, text, names, whole_words=False)


def _key(rows: list[dict]) -> list[tuple]:
    return [(r["drug"], r["amount"], r["unit"], r["frequency_per_day"], r["dose_kind"]) for r in rows]


_LEAFLET = (
    "Zydelig 150 mg film-coated tablets\n\n"
    "1. What Zydelig is and what it is used for\n\nZydelig contains the active substance idelalisib.\n\n"
    "2. What you need to know before you take Zydelig\n\n"
    "Your doctor may start you on a lower dose (100 mg) of Zydelig if you take ketoconazole.\n\n"
    "3. How to take Zydelig\n\nThe recommended dose is 150 mg by mouth twice a day.\n\n"
    "4. Possible side effects\n\nIn doses of 300 mg per day, the following side effects are more common: rash.\n\n"
    "6. Contents of the pack and other information\n\nZydelig 150 mg: 60 film-coated tablets\n"
    "Each pre-filled pen delivers doses from 0.2 mg to 12 mg in a single injection.\n"
    "Do not take more than 300 mg a day.\n"
)


def test_a_leaflet_states_its_doses_in_section_3(blank_nlp):
    """Title strengths, section 2 warnings and section 6 packs are no dose rows; a side
    effect's dose range ('In doses of ...') and an explicit maximum are."""
    rows = _rows(blank_nlp, _LEAFLET, {"Zydelig": "zydelig", "idelalisib": "idelalisib"})
    assert _key(rows) == [("idelalisib", 150, "mg", 2.0, "regimen"), ("idelalisib", 300, "mg", 1.0, "regimen"),
                          ("idelalisib", 300, "mg", 1.0, "max")]


def test_a_leaflet_whose_section_3_has_no_dose_keeps_all_its_doses(blank_nlp):
    """The conversion misplaced the headings (NovoNorm's dosing text sits under section 4)."""
    text = ("1. What NovoNorm is\n\nNovoNorm contains repaglinide.\n\n3. How to take NovoNorm\n\nIf you get a hypo, eat sugar.\n\n"
            "4. Possible side effects\n\nThe normal starting dose is 0.5 mg before each main meal.\n")
    rows = _rows(blank_nlp, text, {"NovoNorm": "novonorm", "repaglinide": "repaglinide"})
    assert [(r["drug"], r["amount"]) for r in rows] == [("repaglinide", 0.5)]


def test_the_part_for_healthcare_professionals_states_posology(blank_nlp):
    text = ("1. What Privigen is\n\nPrivigen contains human normal immunoglobulin.\n\n3. How to use Privigen\n\n"
            "The usual dose is 2 g/kg.\n\n6. Contents of the pack\n\nThe following information is intended for "
            "healthcare professionals only: Posology The dose is 0.4 g/kg every 4 weeks.\n")
    rows = _rows(blank_nlp, text, {"Privigen": "privigen", "human normal immunoglobulin": "immunoglobulin"})
    assert [(r["amount"], r["unit"]) for r in rows] == [(2, "g/kg"), (0.4, "g/kg")]


def test_mg_per_m_with_the_square_lost_before_body_surface_area_is_mg_per_m2():
    """'(400 mg/m body surface area)': the converter dropped the superscript 2."""
    assert [(a.amount, a.unit) for a in find_amounts("The first dose (400 mg/m body surface area) is infused")] == [
        (400, "mg/m2")]
    assert [(a.amount, a.unit) for a in find_amounts("a dose of 30 mg/m BSA")] == [(30, "mg/m2")]


def test_a_flattened_table_row_is_not_one_space_grouped_number():
    """'Week 7 120 mg 1 1 2 4 480 mg': columns, not 7120 mg; '3 000 IU' in prose is 3000."""
    assert [a.amount for a in find_amounts("7 120 mg 1 1 2 4 480 mg")] == [120, 480]
    assert [a.amount for a in find_amounts("supplementation with 3 000 IU per day")] == [3000]


def test_a_schedule_right_after_the_previous_amount_is_that_amounts(blank_nlp):
    text = ("3. How to use Repatha\n\nFor adults the dose is either 140 mg every two weeks or 420 mg once monthly.\n\n"
            "4. Possible side effects\n\nNone.\n")
    rows = _rows(blank_nlp, text, {"Repatha": "evolocumab"})
    assert [(r["amount"], r["frequency_per_day"]) for r in rows] == [(140, 0.071429), (420, 0.032855)]


@pytest.mark.parametrize("sentence", [
    "Check that the dose counter (60/120 puffs) has moved down by one.",
    "If you have been prescribed a container providing 120 puffs, there is a counter on the back.",
    "Using a clean medicine cup, measure either 5 mL or 10 mL of orange juice.",
])
def test_what_a_device_holds_and_liquids_to_mix_with_are_not_doses(blank_nlp, sentence):
    text = f"3. How to use Trydonis\n\n{sentence}\n\n4. Possible side effects\n\nNone.\n"
    assert _rows(blank_nlp, text, {"Trydonis": "beclometasone"}) == []


def test_a_schedule_after_a_restatement_in_brackets_is_the_doses_and_outranks_daily_dose(blank_nlp):
    """'The usual daily dose is 50 mg (2 capsules) twice daily': twice a day; 'daily dose'
    alone is once a day."""
    text = ("3. How to take Rydapt\n\nThe usual daily dose is 50 mg (2 capsules) twice daily. "
            "The recommended daily dose is 20 mg.\n\n4. Possible side effects\n\nNone.\n")
    rows = _rows(blank_nlp, text, {"Rydapt": "midostaurin"})
    assert [(r["amount"], r["unit"], r["frequency_per_day"]) for r in rows] == [(50, "mg", 2.0), (20, "mg", 1.0)]


def test_a_drug_with_another_amount_before_it_is_not_attached_to_this_one(blank_nlp):
    """'300 mg once daily with 100 mg ritonavir': 300 mg is the leaflet's medicine."""
    text = ("1. What Atazanavir Mylan is\n\nAtazanavir Mylan contains the active substance atazanavir.\n\n"
            "3. How to take Atazanavir Mylan\n\nThe recommended dose for adults is 300 mg once daily with 100 mg "
            "ritonavir once daily, taken with food.\n\n4. Possible side effects\n\nNone.\n")
    rows = _rows(blank_nlp, text, {"Atazanavir Mylan": "atazanavir mylan", "atazanavir": "atazanavir",
                                   "ritonavir": "ritonavir"})
    assert [(r["drug"], r["amount"]) for r in rows] == [("atazanavir", 300), ("ritonavir", 100)]


def test_a_counted_or_scheduled_product_strength_is_a_dose_a_named_one_is_not(blank_nlp):
    text = ("1. What CHAMPIX is\n\nCHAMPIX contains the active substance varenicline.\n\n3. How to take CHAMPIX\n\n"
            "From day 4 to day 7, you should take one white CHAMPIX 0.5 mg film-coated tablet twice daily. "
            "Your doctor may recommend 12 more weeks of treatment with CHAMPIX 1 mg film-coated tablets twice daily. "
            "For this purpose CHAMPIX 2 mg hard capsules are available.\n\n4. Possible side effects\n\nNone.\n")
    rows = _rows(blank_nlp, text, {"CHAMPIX": "champix", "varenicline": "varenicline"})
    assert [(r["drug"], r["amount"], r["frequency_per_day"]) for r in rows] == [("varenicline", 0.5, 2.0),
                                                                               ("varenicline", 1.0, 2.0)]


# --- abstracts (BC5CDR outside the gold) -------------------------------------------------

def test_a_dotted_unit_the_segmenter_cut_is_one_dose_per_kg_per_day(blank_nlp):
    text = "Study\n\nIn rats, FK 506, 5 mg. kg-1. d-1 given for 4 weeks, elevated blood pressure.\n"
    (row,) = _rows(blank_nlp, text, {"FK 506": "tacrolimus"})
    assert (row["drug"], row["amount"], row["unit"], row["frequency_per_day"]) == ("tacrolimus", 5, "mg/kg", 1.0)


def test_the_volume_of_a_concentration_is_no_dose(blank_nlp):
    text = ("Study\n\nCalcium was higher in cows treated with vitamin D3 (8.8 mg/100 ml) than in control cows "
            "(5.5 mg/100 ml).\n")
    assert _rows(blank_nlp, text, {"vitamin D3": "cholecalciferol"}) == []


def test_twice_a_week_and_twice_weekly_are_two_sevenths_a_day(blank_nlp):
    text = ("3. How to use Benepali\n\nThe usual dose is 25 mg twice a week or 50 mg once a week. "
            "The usual dose is 600 IU per kilogram body weight twice weekly.\n\n4. Possible side effects\n\nNone.\n")
    rows = _rows(blank_nlp, text, {"Benepali": "etanercept"})
    assert [(r["amount"], r["frequency_per_day"]) for r in rows] == [(25, 0.285714), (50, 0.142857), (600, 0.285714)]


def test_a_list_of_combination_strengths_before_its_form_is_no_dose(blank_nlp):
    """Only the maximum of 10 tablets is a dose; every strength of the list, the last
    combination ('150 mg/37.5 mg/200 mg tablets') too, names a product."""
    text = ("3. How to take Orion\n\nIf you are taking Orion 50 mg/12.5 mg/200 mg, 75 mg/18.75 mg/200 mg or "
            "150 mg/37.5 mg/200 mg tablets, do not take more than 10 tablets a day.\n\n4. Possible side effects\n\nNone.\n")
    rows = _rows(blank_nlp, text, {"Orion": "levodopa"})
    assert [(r["amount"], r["unit"], r["dose_kind"]) for r in rows] == [(10, "tablet", "max")]


@pytest.mark.parametrize("sentence", [
    "Always check if there is enough insulin left (at least 12 units) in the cartridge.",
    "Using the incorrect amount of water; 100 mL must be used.",
    "Stevia sweetener (no more than 1 gram or teaspoon) may be added.",
])
def test_what_is_left_in_a_device_water_and_sweeteners_are_not_doses(blank_nlp, sentence):
    text = f"3. How to use Mixtard\n\nThe dose is 10 units a day. {sentence}\n\n4. Possible side effects\n\nNone.\n"
    assert [r["amount"] for r in _rows(blank_nlp, text, {"Mixtard": "insulin"})] == [10]


def test_what_the_dose_is_of_outranks_a_drug_named_between(blank_nlp):
    """'The usual dose of Mekinist ... in combination with dabrafenib is one 2 mg tablet':
    Mekinist's; a drug right after the amount stays that amount's."""
    text = ("1. What Mekinist is\n\nMekinist contains the active substance trametinib.\n\n3. How to take Mekinist\n\n"
            "The usual dose of Mekinist either used alone or in combination with dabrafenib is one 2 mg tablet once a "
            "day. The recommended dose of dabrafenib, when used in combination with Mekinist, is 150 mg twice daily. "
            "The dose of Mekinist is 2 mg once daily with 100 mg ritonavir.\n\n4. Possible side effects\n\nNone.\n")
    rows = _rows(blank_nlp, text, {"Mekinist": "mekinist", "trametinib": "trametinib", "dabrafenib": "dabrafenib",
                                   "ritonavir": "ritonavir"})
    assert [(r["drug"], r["amount"]) for r in rows] == [("trametinib", 2), ("dabrafenib", 150), ("trametinib", 2),
                                                        ("ritonavir", 100)]


def test_n_weekly_is_once_every_n_weeks():
    from pipeline.extract.dose_grammar import find_fields
    assert [(f.text, f.per_day) for f in find_fields("frequency", "given four-weekly")] == [("four-weekly", 0.035714)]


def test_a_mean_with_its_standard_deviation_is_the_mean():
    assert [(a.amount, a.unit) for a in find_amounts("The mean doses were 4.3+/-1.9 mg and 0.28 ± 0.2 mg/kg")] == [
        (4.3, "mg"), (0.28, "mg/kg")]


def test_a_second_dose_is_no_rate_per_second(blank_nlp):
    text = ("Case\n\nBy mistake, losartan was prescribed again and after the second dose of 50 mg, the patient "
            "developed a second episode of anuria.\n")
    assert [r["amount"] for r in _rows(blank_nlp, text, {"losartan": "losartan"})] == [50]


def test_a_first_or_loading_dose_is_single_and_takes_no_schedule_from_elsewhere(blank_nlp):
    text = ("3. How to use Hukyndra\n\nInject it once a week.\n\nChildren weighing less than 40 kg: First dose of 40 mg, "
            "followed by 20 mg two weeks later.\n\n4. Possible side effects\n\nNone.\n")
    rows = _rows(blank_nlp, text, {"Hukyndra": "adalimumab"})
    assert [(r["amount"], r["dose_kind"], r["frequency_per_day"]) for r in rows][0] == (40, "single", None)


@pytest.mark.parametrize("sentence, amount, per_day", [
    ("Never use more than one drop in the affected eye(s) in a single day.", 1, 1.0),
    ("You will not be given more than 80 mg in 24 hours.", 80, 1.0),
])
def test_a_limit_in_one_day_is_per_day(blank_nlp, sentence, amount, per_day):
    text = f"3. How to use Dynastat\n\n{sentence}\n\n4. Possible side effects\n\nNone.\n"
    (row,) = _rows(blank_nlp, text, {"Dynastat": "parecoxib"})
    assert (row["amount"], row["frequency_per_day"], row["dose_kind"]) == (amount, per_day, "max")


def test_a_syringe_position_is_no_dose(blank_nlp):
    text = ("3. How to use Norvir\n\nGive 5 ml twice a day. Slowly push the plunger up until the top of the plunger "
            "is at 9.4 ml.\n\n4. Possible side effects\n\nNone.\n")
    assert [r["amount"] for r in _rows(blank_nlp, text, {"Norvir": "ritonavir"})] == [5]


def test_a_participle_or_quantifier_after_of_names_no_substance(blank_nlp):
    text = ("1. What Extavia is\n\nExtavia contains the active substance interferon beta-1b.\n\n3. How to use Extavia\n\n"
            "The recommended dose is every other day, 1.0 ml of the prepared Extavia solution.\n\n"
            "4. Possible side effects\n\nNone.\n")
    (row,) = _rows(blank_nlp, text, {"Extavia": "extavia", "interferon beta-1b": "interferon beta-1b"})
    assert (row["drug"], row["amount"], row["frequency_per_day"]) == ("interferon beta-1b", 1.0, 0.5)


def test_a_period_the_tagger_took_for_a_drug_is_no_drug(blank_nlp):
    text = ("1. What Marixino is\n\nMarixino contains the active substance memantine.\n\n3. How to take Marixino\n\n"
            "The daily treatment scheme: Week 1 Half a 10 mg tablet.\n\n4. Possible side effects\n\nNone.\n")
    rows = _rows(blank_nlp, text, {"Marixino": "marixino", "memantine": "memantine", "Week": "week"})
    assert {r["drug"] for r in rows} == {"memantine"}


def test_a_loading_dose_does_not_take_the_schedule_of_the_dose_after_it(blank_nlp):
    text = ("Study\n\nLeucovorin rescue was started with a loading dose of 200 mg/m2 followed by 12 mg/m2 every three "
            "hours for six doses. Fusidic acid was administered orally in a dose of 500 mg t.d.s.\n")
    rows = _rows(blank_nlp, text, {"Leucovorin": "folinic acid", "Fusidic acid": "fusidic acid"})
    assert [(r["amount"], r["dose_kind"], r["frequency_per_day"]) for r in rows] == [
        (200, "single", None), (12, "regimen", 8.0), (500, "regimen", 3.0)]


def test_a_dose_given_after_dilution_is_a_dose_a_syringe_choice_is_not(blank_nlp):
    text = ("3. How to use Comirnaty\n\nComirnaty is given after dilution as an injection of 0.3 mL into a muscle of "
            "your upper arm. If the dose is up to 2 ml - use the 2 ml oral dosing syringe to prepare a dose. "
            "Dilute the vial with 1.8 mL of solvent.\n\n4. Possible side effects\n\nNone.\n")
    assert [(r["amount"], r["unit"]) for r in _rows(blank_nlp, text, {"Comirnaty": "tozinameran"})] == [(0.3, "ml")]


def test_one_in_the_morning_and_one_in_the_evening_is_twice_a_day_and_liquid_per_tablet_is_no_dose(blank_nlp):
    text = ("3. How to take Xarelto\n\nTake Xarelto around the same time every day (for example, one tablet in the "
            "morning and one in the evening). Use about 50 ml for each 100 mg tablet.\n\n4. Possible side effects\n\nNone.\n")
    rows = _rows(blank_nlp, text, {"Xarelto": "rivaroxaban"})
    assert [(r["amount"], r["unit"], r["frequency_per_day"]) for r in rows] == [(1, "tablet", 2.0)]


def test_a_table_of_volumes_to_draw_per_dose_is_preparation():
    from pipeline.extract.dose_grammar import sentence_not_dose
    assert sentence_not_dose("Dose Volume 1.0 mg 12.5 mL 2.0 mg 25 mL 3.0 mg 37.5 mL 4.0 mg 50 mL") == "preparation"


@pytest.mark.parametrize("sentence, amounts", [
    ("Adverse effects were more marked with ketamine 0.50 mg/kg.", [0.5]),
    ("Hypertension followed an axillary block with ketamine 850 mg containing adrenaline 0.225 mg.", [850]),
    ("Patients were randomized to receive 10 mg of ketamine by push or 10 mg diluted in 50 mL of saline.", [10]),
])
def test_abstract_doses_that_read_like_appearance_composition_or_preparation(blank_nlp, sentence, amounts):
    rows = _rows(blank_nlp, f"Case\n\n{sentence}\n", {"ketamine": "ketamine"})
    assert sorted({r["amount"] for r in rows}) == amounts


def test_an_equal_volume_of_saline_is_a_control_not_a_preparation(blank_nlp):
    # (the blank test pipeline ends a sentence at "i.p."; "ip" keeps it whole)
    text = ("Study\n\nMice were treated with 10 mg/kg verapamil ip, or an equal volume of saline for the control "
            "group; 15 minutes later, all the animals were injected with a single 50 mg/kg ip dose of bupivacaine.\n")
    rows = _rows(blank_nlp, text, {"verapamil": "verapamil", "bupivacaine": "bupivacaine", "saline": "saline"})
    assert [(r["drug"], r["amount"]) for r in rows] == [("verapamil", 10), ("bupivacaine", 50)]


def test_a_result_in_area_units_is_no_dose():
    from pipeline.extract.dose_grammar import amount_not_dose
    t = "the duration of action after a single (298+/-7 vs. 139+/-36 units area (ua); P<0.001)"
    (a,) = find_amounts(t)
    assert amount_not_dose(t, a.start, a.end, a.unit, a.unit_end) == "measurement"


def test_a_flow_per_tissue_weight_is_no_dose():
    from pipeline.extract.dose_grammar import amount_not_dose
    t = "during which CBF was 34.3 +/- 2.1 ml/100 g min-1"
    # the tissue weight "100 g" is followed by "min-1": a flow rate (session 14: rates written with exponents)
    assert [amount_not_dose(t, a.start, a.end, a.unit, a.unit_end) for a in find_amounts(t)] == [
        "measurement", "rate"]


def test_units_of_blood_products_are_no_doses():
    from pipeline.extract.dose_grammar import amount_not_dose
    t = "massive transfusion support (55 units of red blood cells, 42 units of fresh-frozen plasma, 40 units of platelets)"
    assert all(amount_not_dose(t, a.start, a.end, a.unit, a.unit_end) for a in find_amounts(t))


def test_listed_levels_keep_the_drug_after_their_shared_unit(blank_nlp):
    text = ("Study\n\nThe effects of adding 15, 20 or 25 mg of ephedrine to 200 mg of propofol were compared. "
            "Seizures after 12.5 or 25 mg/kg caffeine were reduced by acetaminophen.\n")
    rows = _rows(blank_nlp, text, {"ephedrine": "ephedrine", "propofol": "propofol", "caffeine": "caffeine",
                                   "acetaminophen": "paracetamol"})
    assert [(r["drug"], r["amount"]) for r in rows if r["amount"] in (20, 200, 12.5)] == [
        ("ephedrine", 20), ("propofol", 200), ("caffeine", 12.5)]
