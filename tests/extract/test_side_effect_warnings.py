"""Side effects stated in the warnings of sections 2 and 3: the signs of a reaction the
medicine can cause ("Signs of an allergic reaction may include …", "Cytokine release
syndrome: symptoms may include …"), not the signs of a disease the leaflet treats or the
conditions a patient already has."""
from __future__ import annotations

from pipeline.extract.side_effects import side_effect_rows

from .conftest import LEAFLET_SECTION2_HEAD as HEAD
from .conftest import LEAFLET_SECTION4, LEAFLET_TAIL

SECTION4 = LEAFLET_SECTION4 + """Common (may affect up to 1 in 10 people):
- cytokine release syndrome
- headache
"""


def _rows(view, section2: str) -> list[dict]:
    return [r for r in side_effect_rows(view(HEAD + section2 + SECTION4 + LEAFLET_TAIL))
            if r["evidence"] in section2]


def test_signs_of_an_allergic_reaction_list_the_reaction_and_its_signs(view):
    rows = _rows(view, "Signs of an allergic reaction may include itchy skin rash, shortness of breath "
                       "and swelling of the face or tongue.")
    names = {r["condition"] for r in rows}
    assert {"hypersensitivity", "dyspnoea", "angioedema"} <= names
    assert all(r["cause"] == "ibuprofen" and r["hedged"] and r["frequency_band"] == "" for r in rows)


def test_a_reaction_label_before_its_symptoms_names_an_effect_of_section_4(view):
    rows = _rows(view, "Cytokine release syndrome: symptoms may include fever, low blood pressure and chills.")
    assert {"cytokine release syndrome", "fever", "hypotension", "chills"} <= {r["condition"] for r in rows}


def test_signs_of_a_disease_section_4_does_not_name_are_no_rows(view):
    assert _rows(view, "Signs of heart failure include shortness of breath, swelling of the ankles and tiredness.") == []


def test_conditions_a_patient_has_are_no_rows(view):
    assert _rows(view, "Talk to your doctor if you have kidney problems, liver problems or heart failure.") == []


def test_if_you_notice_signs_of_a_reaction_names_the_reaction_too(view):
    rows = _rows(view, "Tell your doctor straight away if you notice signs of an allergic reaction such as rash, "
                       "swelling of the face, lips or tongue, difficulty breathing.")
    assert {"hypersensitivity", "rash", "angioedema", "dyspnoea"} <= {r["condition"] for r in rows}


def test_symptoms_that_resemble_a_disease_name_no_effect(view):
    rows = _rows(view, "Symptoms of cytokine release syndrome can be similar to those of an infection (sepsis).")
    assert "sepsis" not in {r["condition"] for r in rows}


def test_a_lead_naming_an_own_reaction_opens_a_list_of_its_signs(view):
    rows = side_effect_rows(view(HEAD + "Signs of an allergic reaction include:\n\n- swelling of the face\n\n"
                                 "- difficulty breathing" + SECTION4 + LEAFLET_TAIL))
    assert {"dyspnoea"} <= {r["condition"] for r in rows if r["evidence"].startswith("difficulty")}


def test_a_lead_after_an_effect_of_the_medicine_opens_a_list_of_its_signs(view):
    rows = side_effect_rows(view(HEAD + "Brufex may cause inflammation of the eye (uveitis). Symptoms can include:\n\n"
                                 "- eye pain\n\n- blurred vision" + SECTION4 + LEAFLET_TAIL))
    assert {"uveitis", "eye pain", "vision blurred"} <= {r["condition"] for r in rows}


def test_a_lead_after_a_condition_of_the_patient_opens_no_list(view):
    rows = side_effect_rows(view(HEAD + "Talk to your doctor if you have kidney problems. Symptoms can include:\n\n"
                                 "- eye pain\n\n- blurred vision" + SECTION4 + LEAFLET_TAIL))
    assert not {"eye pain", "vision blurred"} & {r["condition"] for r in rows}


def test_these_may_be_signs_of_an_effect_of_section_4_outside_it(view):
    rows = _rows(view, "Tell your doctor if you feel sick, are vomiting, or have a fever, because these may be "
                       "signs of cytokine release syndrome.")
    assert {"cytokine release syndrome", "nausea", "vomiting", "fever"} <= {r["condition"] for r in rows}


def test_these_may_be_signs_of_a_disease_section_4_does_not_name_are_no_rows(view):
    assert _rows(view, "If you feel tired or breathless, these may be signs of heart failure.") == []


def test_a_clause_after_the_reaction_is_cut_and_its_symptoms_follow(view):
    rows = _rows(view, "These could be symptoms of a condition called cytokine release syndrome which causes "
                       "fever. Symptoms may include tiredness, fever and easy bruising or bleeding.")
    assert {"cytokine release syndrome", "fatigue", "fever"} <= {r["condition"] for r in rows}


def test_you_may_feel_names_the_medicine_s_effects(view):
    rows = _rows(view, "As a result, you may feel dizzy, nauseous, or tired.")
    assert {"dizziness", "fatigue"} <= {r["condition"] for r in rows}


def test_you_may_feel_after_taking_too_much_is_no_row(view):
    assert _rows(view, "If you take more Brufex than you should, you may feel dizzy.") == []
