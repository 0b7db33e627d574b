"""Issue #17, session 7: lay effect phrases named through their rephrasings ("rapid heart
beating" is what "rapid heartbeat" names), more MedDRA-style lay terms, the band an item
states for itself ("… (uncommon)", "… - this occurs rarely") and a line of signs after its
effect ("Symptoms include …"). Sentences are written the way EMA leaflets of the corpus
write them."""
from __future__ import annotations

from pipeline.extract.side_effects import _fold, _rephrased, side_effect_rows


def _names(rows_of, body):
    return {r["condition"] for r in rows_of(body)}


def test_rephrasings_name_lay_phrases_the_tables_know_in_other_words():
    named = {t: (_rephrased(_fold(t)) or ("",))[0] for t in (
        "rapid heart beating", "slow heart beating", "rapid beating of the heart", "decrease in sexual drive",
        "epileptic fits", "loss of memory", "feeling irritable", "generalised itching", "sudden wheeziness",
        "presence of blood in urine", "frequent passage of urine")}
    assert named == {
        "rapid heart beating": "tachycardia", "slow heart beating": "bradycardia",
        "rapid beating of the heart": "tachycardia", "decrease in sexual drive": "decreased libido",
        "epileptic fits": "seizure", "loss of memory": "amnesia", "feeling irritable": "irritability",
        "generalised itching": "pruritus", "sudden wheeziness": "wheezing",
        "presence of blood in urine": "haematuria", "frequent passage of urine": "pollakiuria"}


def test_rephrasings_do_not_invent_names():
    for t in ("feeling hot", "sudden death", "changes may occur in your blood", "swelling of the face"):
        assert _rephrased(_fold(t)) is None, t


def test_a_run_on_line_of_lay_phrases(section4_rows):
    names = _names(section4_rows, "Uncommon (may affect up to 1 in 100 people): vomiting, seeing flashes of light, "
                         "pounding heartbeat, reduced sense of touch, belching, presence of blood in semen, "
                         "dry nose and feeling tired.")
    assert {"vomiting", "photopsia", "palpitations", "hypoaesthesia", "eructation", "haematospermia",
            "nasal dryness", "fatigue"} <= names


def test_an_item_states_its_own_band(section4_rows):
    rows = section4_rows("If you experience any of the following serious side effects stop taking Brufex and seek "
                       "medical help immediately:\n\n- Chest pains - this occurs uncommonly\n\n"
                       "- Seizures or fits - this occurs rarely\n\n- itchy rash (hives) (uncommon)")
    bands = {r["condition"]: r["frequency_band"] for r in rows}
    assert bands.get("chest pain") == "uncommon"
    assert bands.get("seizure") == "rare"
    assert bands.get("urticaria") == "uncommon"


def test_a_line_of_symptoms_after_its_effect(section4_rows):
    names = _names(section4_rows, "If you experience any of the following serious side effects stop taking Brufex and seek "
                         "medical help immediately:\n\n- An allergic reaction - this occurs uncommonly\n\n"
                         "Symptoms include sudden wheeziness, difficulty in breathing or dizziness.")
    assert {"wheezing", "dyspnoea"} <= names
    assert not any(n.startswith("symptoms") for n in names)


HIV_HEAD = """Package leaflet: Information for the user

Virexa 100 mg tablets

1. What Virexa is and what it is used for

Virexa contains the active substance darunavir.

2. What you need to know before you take Virexa

"""
HIV_TAIL = """

5. How to store Virexa

Keep this medicine out of the sight and reach of children.
"""


def test_effects_of_the_class_of_treatment_go_to_the_class(view):
    text = HIV_HEAD + (
        "In addition to the opportunistic infections, autoimmune disorders (a condition that occurs when the immune "
        "system attacks healthy body tissue) may also occur after you start taking medicines for the treatment of your "
        "HIV infection. If you notice any symptoms of infection or other symptoms such as muscle weakness, palpitations, "
        "tremor or hyperactivity, please inform your doctor immediately to seek necessary treatment.\n\n"
        "Some patients taking combination antiretroviral therapy may develop a bone disease called osteonecrosis "
        "(death of bone tissue caused by loss of blood supply to the bone).\n\n"
        "4. Possible side effects\n\nDuring HIV therapy there may be an increase in weight and in levels of blood lipids "
        "and glucose.") + HIV_TAIL
    rows = side_effect_rows(view(text))
    by_cause = {}
    for r in rows:
        by_cause.setdefault(r["cause"], set()).add(r["condition"])
    assert {"autoimmunity", "muscular weakness", "palpitations", "tremor", "hyperactivity", "osteonecrosis",
            "weight increased", "hyperlipidaemia", "hyperglycaemia"} <= by_cause.get("antiretroviral therapy", set())
    assert not by_cause.get("darunavir", set()) & {"palpitations", "tremor", "autoimmunity"}


def test_a_medicine_in_combination_with_the_class_keeps_its_effects(view):
    text = HIV_HEAD.replace("2. What", "4. Possible side effects\n\nCommon (may affect up to 1 in 10 people):\n\n"
                            "- headache\n\nReporting of side effects\n\n2. What") + (
        "There have been reports of muscle pain, tenderness or weakness, particularly in combination with "
        "antiretroviral therapy including protease inhibitors.") + HIV_TAIL
    rows = side_effect_rows(view(text))
    assert all(r["cause"] != "antiretroviral therapy" for r in rows)


def test_with_or_without_and_a_shared_lead(section4_rows):
    names = _names(section4_rows, "Rare (may affect up to 1 in 1,000 people): stiffness of muscles or joints, joint pain with "
                         "or without inflammation, frequent urination, sometimes at night")
    assert {"muscle stiffness", "joint stiffness", "arthralgia"} <= names
    assert not any("inflammation" in n or "night" in n or "joints pain" in n for n in names)


def test_a_bracketed_abbreviation_or_lay_gloss_does_not_rename_the_effect(section4_rows):
    names = _names(section4_rows, "Uncommon (may affect up to 1 in 100 people):\n\n- palpitations (feeling of abnormal beating of "
                         "the heart)\n\n- dark (tea coloured) urine")
    assert {"palpitations", "chromaturia"} <= names
    assert "arrhythmia" not in names


def test_a_rare_chance_of_an_effect_outside_section_4(view):
    text = HIV_HEAD + ("Warnings and precautions Talk to your doctor before you are given Virexa. Hypersensitivity There is "
                       "a rare chance that you may experience an allergic reaction to Virexa.") + HIV_TAIL
    rows = [r for r in side_effect_rows(view(text)) if r["condition"] == "hypersensitivity"]
    assert rows and rows[0]["cause"] == "darunavir" and rows[0]["frequency_band"] == "rare" and rows[0]["hedged"]


def test_a_lay_term_the_vocabulary_calls_generic(section4_rows):
    names = _names(section4_rows, "You must contact your doctor immediately if you have any of the following early symptoms:\n\n"
                         "- Lethargy, sickness, restlessness;\n\n- Wheezing.")
    assert {"lethargy", "nausea", "restlessness", "wheezing"} <= names


def test_a_band_in_brackets_inside_a_line_is_not_an_effect(section4_rows):
    names = _names(section4_rows, "Common (may affect up to 1 in 10 people):\n\n- sleeplessness (common), anxiety\n\n- headache")
    assert "uncommon" not in names and "common" not in names


def test_worsening_of_a_disease_and_names_that_lost_their_apostrophe():
    assert _rephrased(_fold("worsening of psoriasis"))[0] == "psoriasis aggravated"
    assert _rephrased(_fold("worsening of your asthma"))[0] == "asthma aggravated"
    assert _rephrased(_fold("worsening of vision")) is None
    assert _rephrased(_fold("Cushing s syndrome"))[0] == "cushing syndrome"


def test_a_band_in_brackets_after_an_effect_in_a_sentence(section4_rows):
    rows = section4_rows("Like all medicines, this medicine can cause side effects. Other severe side effects were diabetes "
                       "(common) and inflammation of the pancreas (uncommon).\n\nCommon (may affect up to 1 in 10 people):"
                       "\n\n- headache")
    bands = {r["condition"]: r["frequency_band"] for r in rows}
    assert bands.get("pancreatitis") == "uncommon"
    assert any(n.startswith("diabetes") and b == "common" for n, b in bands.items())
    assert not {"common", "uncommon", "rare"} & set(bands)


def test_you_may_experience_names_the_medicines_effects_but_not_an_overdose(view):
    text = HIV_HEAD + ("Driving and using machines You may experience dizziness while taking this medicine.\n\n"
                       "If you take more Virexa than you should, you may experience nausea and vomiting.") + HIV_TAIL
    rows = side_effect_rows(view(text))
    names = {r["condition"] for r in rows}
    assert "vertigo" in names or "dizziness" in names
    assert "nausea" not in names
