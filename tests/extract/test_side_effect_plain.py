"""A list its known effects show to be one of effects keeps the pieces no table names, in their
own words (mysildecard, torisel, daxas, ziextenzo write such lists in section 4); words that
talk about effects, people or causes are no effect's name."""
from __future__ import annotations

from pipeline.extract import side_effects


def _texts(rows):
    return {r["condition_text"].lower() for r in rows}


def test_a_sentence_listing_effects_keeps_the_unknown_pieces(section4_rows):
    body = ("Side effects reported commonly (may affect up to 1 in 10 people) included: infection under the skin, "
            "flu-like symptoms, inflammation of the sinuses, difficulty sleeping, anxiety, migraine, shaking, "
            "bleeding at the back of the eye, eye irritation, bloodshot eyes, vertigo, bronchitis, nosebleed.")
    texts = _texts(section4_rows(body))
    assert {"infection under the skin", "bleeding at the back of the eye", "eye irritation"} <= texts
    assert "migraine" in texts


def test_signs_after_symptoms_can_include_keep_a_finding_no_table_names(section4_rows):
    body = ("Rare (may affect up to 1 in 1,000 people)\n\n"
            "inflammation of the aorta. The symptoms can include fever, abdominal pain, malaise, back pain and "
            "increased inflammatory markers.")
    texts = _texts(section4_rows(body))
    assert {"back pain", "increased inflammatory markers"} <= texts


def test_a_joined_pair_of_unknown_words_stays_one_effect(section4_rows):
    body = ("Common (may affect up to 1 in 10 people)\n\n"
            "If you pass little or no urine, drowsiness, nausea, vomiting or breathlessness, tell your doctor.")
    texts = _texts(section4_rows(body))
    assert "pass little" not in texts and "no urine" not in texts


def test_words_about_effects_people_or_causes_are_no_effect():
    plain = side_effects._plain_effect
    assert plain("increased inflammatory markers")
    assert not plain("symptoms of infection")
    assert not plain("Due to the hydrochlorothiazide component")
    assert not plain("small red spots and very rarely")
    assert not plain("medical condition")
    assert not plain("shaking")  # one word: a table names it or it is not an effect's name here


def test_an_unknown_phrase_is_named_by_the_effect_its_grading_words_qualify(nlp):
    from pipeline.extract.side_effects import known_core
    assert known_core("occasionally severe stomach pain")[0] == "abdominal pain"
    assert known_core("severe itching of the skin")[0] == "pruritus"
    assert known_core("headache during or after the administration of vyvgart")[0] == "headache"
    assert known_core("history of opportunistic infection") is None  # "history of" is no grade
    assert known_core("pain in the upper right part of the stomach") is None  # a place is part of the name


def test_a_section_4_item_with_a_grading_word_gets_the_effect_name(section4_rows):
    body = "Not known (frequency cannot be estimated from the available data)\n\n- severe itching of the skin\n"
    assert "pruritus" in {r["condition"] for r in section4_rows(body)}
