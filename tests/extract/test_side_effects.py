"""Side effects from leaflet-shaped texts: section 4 lists under frequency headings,
run-on lines, glued headings and sentences elsewhere."""
from __future__ import annotations

import pytest

from pipeline.extract.side_effects import band_markers, band_name, sentence_band, side_effect_rows

LEAFLET = """Package leaflet: Information for the patient

Brufex 400 mg film-coated tablets

What is in this leaflet
- What Brufex is and what it is used for
- Possible side effects
- How to store Brufex

1. What Brufex is and what it is used for

Brufex contains the active substance ibuprofen. It is a painkiller.

2. What you need to know before you take Brufex

Brufex may cause drowsiness.

4. Possible side effects

Like all medicines, this medicine can cause side effects, although not everybody gets them.

Very common (may affect more than 1 in 10 people)

- feeling sick (nausea), vomiting or diarrhoea
- low or high blood pressure
- swelling; fever Common (may affect up to 1 in 10 people)
- headache; dizziness
- decreased sodium or potassium in the blood

Not known (frequency cannot be estimated from the available data)

- hives (urticaria)

Reporting of side effects
If you get any side effects, talk to your doctor or pharmacist.

5. How to store Brufex

Keep this medicine out of the sight and reach of children.
"""


@pytest.fixture
def rows(view):
    return side_effect_rows(view(LEAFLET))


def _by_condition(rows):
    return {r["condition"]: r for r in rows}


def test_every_row_is_an_adverse_effect_of_the_leaflets_active_substance(rows):
    assert rows
    assert {r["relation"] for r in rows} == {"adverse_effect"}
    assert {r["cause"] for r in rows} == {"ibuprofen"}


def test_list_items_take_the_band_of_their_heading(rows):
    by = _by_condition(rows)
    assert by["nausea"]["frequency_band"] == "very common"
    assert by["nausea"]["condition_text"] == "feeling sick (nausea)"
    assert by["vomiting"]["frequency_band"] == "very common"
    assert by["urticaria"]["frequency_band"] == "not known"


def test_a_heading_glued_to_an_item_ends_its_band_there(rows):
    by = _by_condition(rows)
    assert by["fever"]["frequency_band"] == "very common"
    assert by["headache"]["frequency_band"] == "common"
    assert "Common (may affect" not in by["fever"]["evidence"]


def test_coordinated_adjectives_share_their_head(rows):
    by = _by_condition(rows)
    assert {"hypotension", "hypertension"} <= set(by)
    assert by["hypotension"]["condition_text"] == "low"


def test_blood_findings_give_one_effect_per_substance(rows):
    by = _by_condition(rows)
    assert by["hyponatraemia"]["frequency_band"] == by["hypokalaemia"]["frequency_band"] == "common"


def test_sentence_outside_the_section_is_hedged_without_band(rows):
    (row,) = [r for r in rows if r["condition_text"] == "drowsiness"]
    assert row["hedged"] and not row["negated"] and row["frequency_band"] == ""


def test_reporting_paragraph_is_not_a_side_effect(rows):
    assert not [r for r in rows if "report" in r["evidence"].lower()]


def test_claim_ids_are_unique_and_stable(view, rows):
    ids = [r["claim_id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert ids == [r["claim_id"] for r in side_effect_rows(view(LEAFLET))]


def test_negated_statement_keeps_its_mark(view):
    text = LEAFLET.replace("Brufex may cause drowsiness.", "Brufex does not cause drowsiness.")
    (row,) = [r for r in side_effect_rows(view(text)) if r["condition_text"] == "drowsiness"]
    assert row["negated"]


def test_run_on_line_after_a_heading_is_a_list(view):
    text = LEAFLET.replace(
        "- hives (urticaria)",
        "General side effects Nervousness, ringing in the ears, hair loss.")
    by = _by_condition(side_effect_rows(view(text)))
    assert by["tinnitus"]["frequency_band"] == "not known"
    assert by["alopecia"]["frequency_band"] == "not known"


def test_a_page_about_no_medicine_gets_no_side_effect_rows(view):
    text = "Gout\n\nGout is caused by uric acid crystals. Some medicines can cause gout.\n"
    assert side_effect_rows(view(text)) == []


@pytest.mark.parametrize("text, band", [
    ("Very common", "very common"), ("Uncommon", "uncommon"), ("may affect up to 1 in 1,000 people", "rare"),
    ("affects 1 to 10 users in 100", "common"), ("Frequency not known", "not known"),
    ("up to 1 in 10,000 people", "very rare"),
])
def test_band_names(text, band):
    assert band_name(text) == band


def test_band_heading_inside_a_sentence_is_not_a_heading():
    assert band_markers("This is an uncommon side effect (may affect up to 1 in 100 people), but rare.") == []
    assert sentence_band("This is an uncommon side effect (may affect up to 1 in 100 people).") == "uncommon"
    (marker,) = band_markers("Rare: may affect up to 1 in 1,000 people")
    assert marker.band == "rare" and marker.end == len("Rare: may affect up to 1 in 1,000 people")


def test_each_semicolon_part_of_an_item_brings_its_own_signs(view):
    text = LEAFLET.replace(
        "- headache; dizziness",
        "- inflammation of the brain, which may present as confusion; inflammation of the nerves (neuritis)")
    by = _by_condition(side_effect_rows(view(text)))
    assert {"encephalitis", "confusion", "neuritis"} <= set(by)
    assert by["neuritis"]["condition_text"] == "inflammation of the nerves (neuritis)"
    assert by["encephalitis"]["condition_text"] == "inflammation of the brain"


def test_a_list_outside_section_4_keeps_known_effects_and_reads_sentences_as_sentences(view):
    text = LEAFLET.replace(
        "Brufex may cause drowsiness.",
        "Tell your doctor if you get any of the following side effects:\n\n"
        "- feeling sick (nausea)\n"
        "- with melanoma aged 12 years and older\n"
        "- If you are pregnant, tell your doctor.\n"
        "- Brufex can cause harm to your unborn baby.\n")
    outside = [r for r in side_effect_rows(view(text)) if not r["frequency_band"]]
    texts = {r["condition_text"] for r in outside}
    assert "feeling sick (nausea)" in texts
    assert not any("melanoma" in t or "pregnant" in t or "Brufex" in t for t in texts)


def test_a_lead_in_glued_to_an_item_ends_the_item(view):
    text = LEAFLET.replace(
        "- decreased sodium or potassium in the blood",
        "- inflammation of the bladder, which may present as blood in urine The following side effects have "
        "been reported with ibuprofen in combination with codeine:")
    by = _by_condition(side_effect_rows(view(text)))
    assert by["haematuria"]["frequency_band"] == "common"
    assert "The following" not in by["haematuria"]["evidence"]


def test_signs_after_that_causes_are_effects_of_their_own(view):
    text = LEAFLET.replace("- headache; dizziness", "- inflammation of the nose that causes sneezing and itching")
    by = _by_condition(side_effect_rows(view(text)))
    assert {"sneezing", "pruritus"} <= set(by)
    assert by["sneezing"]["frequency_band"] == "common"


def test_medicines_listed_after_a_blood_sugar_lead_in_cause_its_effect(view):
    text = LEAFLET.replace(
        "Brufex may cause drowsiness.",
        "Your blood sugar level may fall (hypoglycaemia) if you take:\n\n"
        "- Angiotensin converting enzyme (ACE) inhibitors (used to treat high blood pressure)\n"
        "- Anabolic steroids\n\n"
        "Your blood sugar level may rise if you take:\n\n"
        "- Thiazides (used to treat high blood pressure)\n")
    rows = [r for r in side_effect_rows(view(text)) if "if you take" in r["evidence"]]
    pairs = {(r["cause"], r["condition"].replace("ae", "e")) for r in rows}  # either spelling
    assert ("angiotensin converting enzyme (ace) inhibitors", "hypoglycemia") in pairs
    assert ("anabolic steroids", "hypoglycemia") in pairs
    assert ("thiazides", "hyperglycemia") in pairs
    assert all(r["hedged"] and r["frequency_band"] == "" for r in rows)
    assert "ibuprofen" not in {r["cause"] for r in rows}


PARAGRAPH_LEAFLET = """1. What Parvex is and what it is used for

Parvex contains entacapone and belongs to a group of medicines used for Parkinson's disease.

2. How to take Parvex

Take one tablet with each dose of levodopa.

4. Possible side effects

Like all medicines, this medicine can cause side effects, although not everybody gets them. Very common (may affect more than 1 in 10 people):

feeling sick (nausea);

harmless reddish-brown discolouration of urine. Common (may affect up to 1 in 10 people):

Heart attack. Rare (may affect up to 1 in 1,000 people):

redness, swelling, hardening, warmth or pain at the injection site

Injection site reactions: itching, bruising.

5. How to store Parvex

Keep this medicine out of the sight and reach of children.
"""


@pytest.fixture
def paragraph_rows(view):
    return side_effect_rows(view(PARAGRAPH_LEAFLET))


def test_product_contains_substance_names_the_subject(paragraph_rows):
    """No "active substance" wording: "Parvex contains entacapone" names the substance."""
    assert paragraph_rows and {r["cause"] for r in paragraph_rows} == {"entacapone"}


def test_one_effect_paragraphs_after_a_heading_are_list_items(paragraph_rows):
    got = {(r["condition"], r["frequency_band"]) for r in paragraph_rows}
    assert ("nausea", "very common") in got
    assert ("myocardial infarction", "common") in got


def test_effects_at_the_injection_site_are_named_as_site_effects(paragraph_rows):
    got = {r["condition"] for r in paragraph_rows if r["frequency_band"] == "rare"}
    assert {"injection site erythema", "injection site swelling", "injection site induration",
            "injection site warmth", "injection site pain", "injection site reaction",
            "injection site pruritus", "injection site bruising"} <= got
    assert "oedema" not in got and "pain" not in got


def test_symptoms_after_a_named_effect_are_its_signs_but_not_after_a_disease(view):
    text = LEAFLET.replace(
        "Brufex contains the active substance ibuprofen. It is a painkiller.",
        "Brufex contains the active substance ibuprofen. It is a painkiller for arthritis. "
        "Symptoms include joint stiffness and headache.").replace(
        "Brufex may cause drowsiness.",
        "Brufex may increase your risk of a blood cancer. Symptoms may include tiredness and fever.")
    outside = {r["condition"] for r in side_effect_rows(view(text)) if not r["frequency_band"]}
    assert {"fatigue", "fever"} <= outside
    assert "headache" not in outside  # section 1 describes the disease, no effect named before


def test_inline_colon_list_of_other_symptoms_in_section_4(view):
    text = LEAFLET.replace(
        "Like all medicines, this medicine can cause side effects, although not everybody gets them.",
        "During an infusion, chills may occur. Other infusion-related symptoms are: headache, dizziness, "
        "high or low blood pressure. They include weakening of the heart muscle and heart rhythm disturbances.")
    inline = [r for r in side_effect_rows(view(text)) if r["evidence"].startswith("Other infusion-related")]
    assert {"headache", "dizziness", "low blood pressure"} <= {r["condition_text"] for r in inline}
    assert {"hypertension", "hypotension"} <= {r["condition"] for r in inline}


def test_may_make_you_feel_names_the_feeling_as_an_effect(view):
    text = LEAFLET.replace("Brufex may cause drowsiness.",
                           "Brufex may make you feel dizzy, tired or you may feel sick after a dose.")
    outside = {r["condition_text"]: r for r in side_effect_rows(view(text)) if not r["frequency_band"]}
    assert {"dizzy", "tired"} <= set(outside)
    assert outside["tired"]["condition"] == "fatigue" and outside["tired"]["hedged"]


def test_effects_that_may_occur_during_an_infusion_in_section_4(view):
    text = LEAFLET.replace(
        "Like all medicines, this medicine can cause side effects, although not everybody gets them.",
        "During a Brufex infusion, chills and headache may occur.")
    found = {r["condition_text"] for r in side_effect_rows(view(text)) if r["evidence"].startswith("During")}
    assert {"chills", "headache"} <= found


def test_effects_sharing_a_list_of_body_sites_are_each_named(view):
    text = LEAFLET.replace("- hives (urticaria)",
                           "- numbness or tingling of the fingers and toes\n- inflammation of the breast")
    by = {r["condition"]: r for r in side_effect_rows(view(text)) if r["frequency_band"] == "not known"}
    assert {"hypoaesthesia", "paraesthesia"} <= set(by)
    assert by["paraesthesia"]["condition_text"] == "tingling of the fingers and toes"
    assert "inflammation" not in by  # one site names the effect: not cut off


def test_a_second_verb_of_the_same_medicine_names_more_effects(view):
    text = LEAFLET.replace("Brufex may cause drowsiness.",
                           "Brufex may cause drowsiness and may cause you to wheeze or cough.")
    outside = {r["condition"] for r in side_effect_rows(view(text)) if not r["frequency_band"]}
    assert {"somnolence", "wheezing", "cough"} <= outside


def test_a_paragraph_of_effects_at_the_application_site_after_a_glued_heading_is_an_item(view):
    text = LEAFLET.replace(
        "- hives (urticaria)",
        "Redness on the skin. Common: may affect up to 1 in 10 people\n\n"
        "Itching, blisters, swelling on the area where the patch is applied")
    found = {r["condition"] for r in side_effect_rows(view(text)) if r["frequency_band"] == "common"}
    assert {"application site pruritus", "application site swelling"} <= found
