"""Issue #17, session 9: effects that share words across a coordination no table names
whole ("inflammation or scarring of the lungs", "pain in limbs, muscles, or joints"), list
lines whose effects say "your" ("problems with your balance"), and an article before a lone
adjective that shares the head after it ("a faster or slower heartbeat")."""
from __future__ import annotations

from pipeline.extract.side_effects import distributed_readings


def _names(rows_of, body):
    return {r["condition"] for r in rows_of(body)}


def test_two_effects_before_one_place_are_read_each_at_that_place():
    assert distributed_readings("inflammation or scarring of the lungs") == [
        "inflammation of the lungs", "scarring of the lungs"]


def test_one_effect_at_several_places_is_read_at_each_place():
    assert distributed_readings("pain in limbs, muscles, or joints") == [
        "pain in limbs", "pain in muscles", "pain in joints"]
    assert distributed_readings("bleeding in the bowel or in the stomach") == [
        "bleeding in the bowel", "bleeding in the stomach"]


def test_a_phrase_without_coordination_has_no_readings():
    assert distributed_readings("pain in the joints") == []
    assert distributed_readings("headache") == []


def test_coordinated_places_give_one_row_per_known_effect(section4_rows):
    names = _names(section4_rows, "Common (may affect up to 1 in 10 people):\n\n"
                                  "- pain in limbs, muscles, or joints\n\n- pain in the chest wall or bones\n\n- headache")
    assert {"myalgia", "bone pain", "headache"} <= names
    assert "pain in limbs, muscles, or joints" not in names


def test_coordinated_heads_at_one_place(section4_rows):
    names = _names(section4_rows, "Rare (may affect up to 1 in 1,000 people):\n\n"
                                  "- inflammation or scarring of the lungs\n\n- headache")
    assert "pneumonitis" in names
    assert "inflammation or scarring of the lungs" not in names


def test_a_known_whole_phrase_is_not_distributed(section4_rows):
    names = _names(section4_rows, "Rare (may affect up to 1 in 1,000 people):\n\n"
                                  "- swelling of the face, lips or tongue\n\n- headache")
    assert "angioedema" in names


def test_a_run_on_line_whose_effect_says_your_is_still_a_list(section4_rows):
    body = ("Uncommon (may affect up to 1 in 100 people)\n\n"
            "chest pain, changes in electrocardiogram, rapid heart beating\n\n"
            "decreased or abnormal skin sensibility, pins and needles, attention disturbance, "
            "loss of memory, problems with your balance\n\n"
            "difficulty breathing, cough, nosebleed, throat irritation")
    names = _names(section4_rows, body)
    assert {"paraesthesia", "amnesia", "dyspnoea", "cough"} <= names


def test_a_sentence_with_your_is_still_no_list_line(section4_rows):
    body = ("Common (may affect up to 1 in 10 people):\n\n- headache\n\n"
            "If you get any side effects, talk to your doctor, pharmacist or nurse.")
    names = _names(section4_rows, body)
    assert names == {"headache"}


def test_an_article_before_a_lone_adjective(section4_rows):
    names = _names(section4_rows, "Common (may affect up to 1 in 10 people):\n\n"
                                  "- a faster or slower heartbeat\n\n- headache")
    assert {"tachycardia", "bradycardia"} <= names


def test_a_section_4_sentence_listing_effects_after_any_verb(section4_rows):
    body = ("Rare (may affect up to 1 in 1,000 people)\n\n"
            "- Neuroleptic malignant syndrome. It is characterised by stiffness, muscle twitching, shaking, "
            "agitation and confusion, coma, increased heart rate, and unstable blood pressure.")
    names = _names(section4_rows, body)
    assert {"neuroleptic malignant syndrome", "tremor", "coma", "tachycardia"} <= names


def test_a_listed_run_ends_before_advice_and_keeps_the_if_clause_hedge(section4_rows):
    body = ("Uncommon (may affect up to 1 in 100 people)\n\n"
            "If you experience one or more of the following allergic symptoms: swollen face, "
            "reddening or itching of the skin, chest tightness and breathing problems stop taking Brufex "
            "and see your doctor straight away.")
    rows = section4_rows(body)
    assert {"erythema", "pruritus", "chest tightness"} <= {r["condition"] for r in rows}
    assert all(r["hedged"] for r in rows)
    assert not any("brufex" in r["condition"] for r in rows)


def test_no_listed_run_of_the_people_at_risk_or_of_an_overdose(section4_rows):
    body = ("Rare (may affect up to 1 in 1,000 people)\n\n"
            "Increased potassium in your blood. This is more likely to happen in people with kidney "
            "problems, heart failure or diabetes.\n\n"
            "If you take more than you should, you may get headache, nausea, vomiting and dizziness.")
    names = _names(section4_rows, body)
    assert not names & {"heart failure", "diabetes mellitus", "diabetes", "nausea", "vomiting"}


def test_a_lower_case_prose_line_does_not_end_a_list_of_one_effect_per_line(section4_rows):
    body = ("Rare side effects (may affect up to 1 in 1,000 people):\n\n"
            "sudden life-threatening allergic reaction (anaphylactic reaction)\n\n"
            "a change in how your body regulates fluids within your body and may result in puffiness\n\n"
            "worsening of rheumatoid arthritis\n\nbone density decreased\n\n"
            "Tell your doctor if you notice any of these.\n\nChildren")
    names = _names(section4_rows, body)
    assert {"rheumatoid arthritis aggravated", "bone density decreased"} <= names
    assert "children" not in names
