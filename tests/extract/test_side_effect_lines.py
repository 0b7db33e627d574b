"""Side-effect lists the way converted leaflets lay them out: one effect per line under a
band heading (the converter makes short lines headings or captions), a band heading glued
after an item, a list line glued before a band sentence, and band sentences that name
their effects ("Side effects reported commonly (…) included: …")."""
from __future__ import annotations

from pipeline.extract.side_effects import band_markers


def _bands(rows):
    return {r["condition_text"].lower(): r["frequency_band"] for r in rows}


def test_one_effect_per_line_under_a_band_heading(section4_rows):
    body = ("Common: may affect 1 in 10 people\n\nConstipation\n\nDiarrhoea\n\n"
            "Changes in your interest in sex (increased or decreased libido)\n\n"
            "Blood clot in a vein at the back of the eye (retinal vein) which may lead to loss of vision\n\n"
            "Headache")
    bands = _bands(section4_rows(body))
    assert {k: bands.get(k) for k in ("constipation", "diarrhoea", "headache")} == {
        "constipation": "common", "diarrhoea": "common", "headache": "common"}
    assert any("blood clot" in k for k in bands)


def test_prose_ends_a_list_of_one_effect_per_line(section4_rows):
    body = ("Rare: may affect up to 1 in 1,000 people\n\nHeadache\n\n"
            "If you forget a dose, take it as soon as you remember and tell your doctor.\n\nDizziness")
    assert "dizziness" not in _bands(section4_rows(body))


def test_a_lead_ending_in_a_colon_opens_a_list_of_lines(section4_rows):
    body = "Severe signs of an infusion reaction include:\n\nhigh blood pressure (hypertension)\n\nfeeling short of breath\n\ncough"
    names = {r["condition"] for r in section4_rows(body)}
    assert {"hypertension", "cough"} <= names


def test_a_capitalised_band_heading_glued_after_an_item_opens_its_band():
    text = "Low protein levels in the blood Uncommon side effects are (may affect up to 1 in 100 people):"
    (marker,) = band_markers(text)
    assert marker.band == "uncommon" and text[marker.start:].startswith("Uncommon")
    # in a sentence the band word is lower case: no heading
    assert band_markers("This is an uncommon side effect (may affect up to 1 in 100 people).") == []


def test_a_list_line_glued_before_a_band_sentence_is_read(section4_rows):
    body = "Very common (may affect more than 1 in 10 people):\n\nNausea, vomiting, diarrhoea. Common side effects are (may affect up to 1 in 10 people):\n\n- headache"
    bands = _bands(section4_rows(body))
    assert bands.get("vomiting") == "very common" and bands.get("headache") == "common"


def test_side_effects_reported_with_a_frequency_name_their_effects(section4_rows):
    body = ("Side effects reported very commonly (may affect more than 1 in 10 people) were headache, "
            "indigestion and diarrhoea.\n\nSide effects reported commonly (may affect up to 1 in 10 people) "
            "included: nosebleed, cough.")
    bands = _bands(section4_rows(body))
    assert bands.get("headache") == "very common" and bands.get("cough") == "common"


def test_a_band_heading_with_a_colon_and_a_bracket(section4_rows):
    body = ("Common: (may affect up to 1 in 10 people)\n\nheadache\n\n"
            "increase in the amount of some enzymes produced by your liver - shown in blood tests\n\nitchiness")
    rows = section4_rows(body)
    assert {r["frequency_band"] for r in rows} == {"common"}
    # the note after the dash says how it is found, it is not part of the effect's name
    assert "increase in the amount of some enzymes produced by your liver" in {r["condition"] for r in rows}


def test_inflammation_of_an_organ_is_named_by_its_itis(section4_rows):
    body = ("Uncommon: may affect up to 1 in 100 people\n\n"
            "- inflammation of the pancreas, often with severe pain in the abdomen\n"
            "- inflamed liver\n- inflammation of the covering of the heart\n- inflammation of the whole body")
    names = {r["condition"] for r in section4_rows(body)}
    assert {"pancreatitis", "hepatitis", "pericarditis"} <= names
    assert not any(n.endswith("itis") and "body" in n for n in names)


def test_lay_descriptions_whose_details_vary_are_named(section4_rows):
    body = ("Rare: may affect up to 1 in 1,000 people\n\n- swelling of the face, lips, mouth, tongue, or throat\n"
            "- yellowing of the skin or the whites of eyes\n- swelling of the ankles")
    names = {r["condition"] for r in section4_rows(body)}
    assert {"angioedema", "jaundice"} <= names
    assert "angioedema" not in {r["condition"] for r in section4_rows("Rare: may affect up to 1 in 1,000 people\n\n- swelling of the ankles")}


def test_a_place_inside_your_body_and_contact_dermatitis_make_no_sentence(section4_rows):
    """ziextenzo, jorveza: a paragraph list after prose under its band heading."""
    body = ("Uncommon side effects (may affect up to 1 in 100 people):\n\n"
            "Sweet s syndrome (plum-coloured, raised, painful lesions on the limbs) has occurred but other factors may play a role.\n\n"
            "damage to the tiny filters inside your kidneys (glomerulonephritis).\n\n"
            "rash, red spots from bleeding in the skin, delayed wound healing, skin reactions such as contact dermatitis, bruising\n")
    names = {r["condition"] for r in section4_rows(body)}
    assert {"glomerulonephritis", "delayed wound healing"} <= names


def test_items_glued_into_one_line_start_with_capitals(section4_rows):
    """vizimpro, kanuma, adynovi: the converter joined a band's items into one line."""
    body = ("Common (may affect up to 1 in 10 people): Alteration in taste Peeling skin Eyes inflammation "
            "Abnormal amount of body hair growth\n\nUncommon (may affect up to 1 in 100 people)\n\nNausea Diarrhoea Rash Dizziness Hives\n")
    texts = {r["condition_text"] for r in section4_rows(body)}
    assert {"Peeling skin", "Eyes inflammation", "Rash", "Hives"} <= texts


def test_a_title_case_name_in_a_sentence_is_not_a_glued_list(section4_rows):
    body = ("Common (may affect up to 1 in 10 people)\n\n"
            "- if you experience a cough, fever and difficulty breathing (dyspnoea) as this can be a sign of "
            "Acute Respiratory Distress Syndrome (ARDS)\n")
    assert "Acute" not in {r["condition_text"] for r in section4_rows(body)}


def test_a_known_name_keeps_its_name_before_a_bracket_that_describes_it(section4_rows):
    """truvada, cervarix, prometax: the bracket glosses the lay words or says what the effect
    looks like; a bracket that refines the name still names it (betmiga)."""
    body = ("Common (may affect up to 1 in 10 people)\n\n- pain in the abdomen (tummy)\n\n- fever ( 38 C)\n\n"
            "- Dehydration (losing too much fluid)\n\n- Itching of the vulva or vagina (vulvovaginal pruritus)\n")
    names = {r["condition"] for r in section4_rows(body)}
    assert {"abdominal pain", "fever", "dehydration", "vulvovaginal pruritus"} <= names
    assert "tummy" not in names


def test_an_item_written_as_a_sentence_that_has_occurred_keeps_the_band_list_open(section4_rows):
    """ziextenzo, fulphila (pegfilgrastim): "Sweet s syndrome (…) has occurred but …" among the items."""
    body = ("Uncommon side effects (may affect up to 1 in 100 people):\n\n"
            "Sweet s syndrome (plum-coloured, raised, painful lesions on the limbs and sometimes the face and neck with fever) "
            "has occurred but other factors may play a role.\n\ncutaneous vasculitis (inflammation of the blood vessels in the skin).\n\n"
            "coughing up blood (haemoptysis)\n\nbleeding from the lung (pulmonary haemorrhage)\n")
    rows = section4_rows(body)
    names = {r["condition"] for r in rows}
    assert {"sweet syndrome", "hemoptysis"} <= names
    assert all(r["hedged"] for r in rows if r["condition"] == "sweet syndrome")
