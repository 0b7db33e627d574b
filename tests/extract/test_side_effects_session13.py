"""Side effects (issue #17, session 13): harm to an unborn baby as the pregnancy paragraphs
state it, and the named condition a sentence says the signs before it point to."""
from __future__ import annotations

from pipeline.extract.side_effects import side_effect_rows

from .conftest import LEAFLET_SECTION2_HEAD, LEAFLET_SECTION4, LEAFLET_TAIL

HEAD, SECTION4, TAIL = LEAFLET_SECTION2_HEAD, LEAFLET_SECTION4, LEAFLET_TAIL


def _rows(view, section2: str, section4: str = "Common (may affect up to 1 in 10 people)\n\n- headache\n"):
    return side_effect_rows(view(HEAD + section2 + SECTION4 + section4 + TAIL))


def _named(rows, section2_only=True):
    return {(r["cause"], r["condition"], r["hedged"]) for r in rows if not section2_only or r["frequency_band"] == ""}


def test_harm_to_the_unborn_baby_is_an_effect_of_the_medicine_named_before_the_verb(view):
    # rydapt, bavencio, braftovi, odomzo (non-gold leaflets)
    text = ("Pregnancy and breast-feeding Brufex may harm your unborn baby and is not recommended during pregnancy. "
            "Contraception Brufex can cause harm to your unborn baby. "
            "It may cause permanent harm or birth defects to an unborn baby. "
            "This is because it may harm or cause the death of your unborn baby.")
    named = _named(_rows(view, text))
    assert ("ibuprofen", "fetal harm", True) in named
    assert ("ibuprofen", "birth defect", True) in named
    assert ("ibuprofen", "fetal death", True) in named


def test_no_harm_known_a_study_or_a_risk_is_no_effect(view):
    # repatha, steglatro ("It is not known if … will harm"), benepali (a study), aubagio (a risk)
    text = ("It is not known if Brufex will harm your unborn baby. "
            "Another study found no increased risk of birth defects when the mother had received Brufex. "
            "If you become pregnant while taking Brufex, the risk of having a baby with birth defects is increased.")
    conditions = {r["condition"] for r in _rows(view, text)}
    assert not conditions & {"fetal harm", "birth defect", "fetal death"}


def test_harm_denied_or_brought_by_stopping_is_no_effect(view):
    for sentence in ("Brufex is unlikely to harm your unborn baby.", "Brufex has not been shown to harm your unborn baby.",
                     "There is no evidence that Brufex harms your unborn baby.", "Brufex should not harm your unborn baby.",
                     "Stopping Brufex suddenly may harm your unborn baby."):
        assert not any(c in ("fetal harm", "birth defect", "fetal death") for _, c, _ in _named(_rows(view, sentence))), sentence


def test_the_condition_the_signs_just_named_point_to_is_a_hedged_effect(view):
    # pelmeg/fulphila/grastofil ("This can be a sign of …", "These could be symptoms of … called …")
    text = ("Tell your doctor if you experience a cough, fever and difficulty breathing. "
            "This can be a sign of Acute Respiratory Distress Syndrome (ARDS).\n\n"
            "Also tell your doctor if you experience joint stiffness and difficulty moving, as this may be a sign of osteonecrosis.")
    named = _named(_rows(view, text))
    assert ("ibuprofen", "acute respiratory distress syndrome", True) in named
    assert ("ibuprofen", "osteonecrosis", True) in named
    section4 = ("Uncommon (may affect up to 1 in 100 people)\n\n"
                "- swelling or puffiness, which may be associated with passing water less frequently and difficulty breathing. "
                "These could be symptoms of an uncommon (may affect up to 1 in 100 people) condition called Capillary Leak Syndrome.\n")
    bands = {r["condition"]: r["frequency_band"] for r in _rows(view, "", section4)}
    assert bands.get("capillary leak syndrome") == "uncommon"


def test_signs_of_no_known_condition_or_after_no_effect_give_no_row(view):
    text = ("Tell your doctor if you get a headache. These may be signs of your illness getting worse.\n\n"
            "Talk to your doctor before taking Brufex. This may be a sign of osteonecrosis.")
    conditions = {r["condition"] for r in _rows(view, text) if r["frequency_band"] == ""}
    assert "osteonecrosis" not in conditions and not any("illness" in c for c in conditions)


def test_if_you_have_signs_of_a_reaction_such_as_gives_the_reaction_and_its_signs(view):
    # zarzio, ziextenzo (non-gold pegfilgrastim/filgrastim leaflets)
    text = ("Tell your doctor immediately if you have sudden signs of allergy such as rash, itching or hives on the skin, "
            "swelling of the face, lips, tongue or other parts of the body, shortness of breath.")
    named = {r["condition"] for r in _rows(view, text) if r["frequency_band"] == "" and r["hedged"]}
    assert {"hypersensitivity", "rash", "pruritus", "urticaria", "dyspnoea"} <= named


def test_signs_of_a_disease_the_leaflet_does_not_list_are_no_effects(view):
    text = "Your doctor will increase the dose if you have symptoms of adrenal crisis such as unusual tiredness or vomiting."
    assert not [r for r in _rows(view, text) if r["frequency_band"] == ""]


def test_feeling_short_of_breath_is_dyspnoea(section4_rows):
    rows = section4_rows("Common (may affect up to 1 in 10 people)\n\n- feeling short of breath\n")
    assert [r["condition"] for r in rows] == ["dyspnoea"]


def test_if_you_get_the_following_symptoms_colon_lists_effects(view):
    # cotellic (session 11 batch), rilutek, gavreto (non-gold)
    text = ("Tell your doctor straight away if you experience any of the following symptoms: yellowing of your skin or "
            "the white of your eyes (jaundice), itching all over, feeling sick, being sick.")
    named = {r["condition"] for r in _rows(view, text) if r["frequency_band"] == ""}
    assert {"jaundice", "nausea", "vomiting"} <= named


def test_a_band_heading_glued_after_the_following_symptoms_is_no_effect(view):
    text = "Stop taking Brufex if you notice any of the following symptoms: Very common (may affect more than 1 in 10 people)"
    assert not [r for r in _rows(view, text) if r["frequency_band"] == ""]


def test_bleeding_at_a_site_is_named_as_that_sites_haemorrhage(section4_rows):
    # xarelto, lixiana, abevmy, arsenic, tysabri (non-gold): "bleeding in/into/from the <site>"
    body = ("Common (may affect up to 1 in 10 people)\n\n- bleeding in the eye\n- bleeding from the nose\n"
            "- bleeding in the lungs\n- bleeding into a joint\n- bleeding from your gums\n")
    names = [r["condition"] for r in section4_rows(body)]
    assert names == ["eye haemorrhage", "epistaxis", "pulmonary haemorrhage", "haemarthrosis", "gingival bleeding"]
