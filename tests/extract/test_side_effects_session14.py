"""Side effects (issue #17, session 14): the effect a bracket says the signs before it point
to, a clause after an effect in a coordination, lay words of the QRD wording, "and / or"
written with spaces and "cases of" before an effect's name."""
from __future__ import annotations

from pipeline.extract.side_effects import side_effect_rows

from .conftest import LEAFLET_SECTION2_HEAD, LEAFLET_SECTION4, LEAFLET_TAIL


def _names(section4_rows, body: str) -> set[str]:
    return {r["condition"] for r in section4_rows("Common (may affect up to 1 in 10 people)\n\n" + body)}


def test_a_bracket_naming_what_the_signs_point_to_is_an_effect_too(section4_rows):
    # "(signs of dehydration)", "(possible signs of glaucoma)", "(symptoms of an allergic reaction)":
    # 140 brackets in 34 corpus leaflets
    names = _names(section4_rows, "- Thirst, dark urine, irritability (signs of dehydration)\n"
                                  "- decrease in vision or pain in your eyes (possible signs of glaucoma)\n"
                                  "- itching, generalised rash, or severe wheezing (symptoms of an allergic reaction)\n")
    assert {"dehydration", "irritability", "glaucoma", "eye pain", "pruritus", "wheezing"} <= names
    assert "hypersensitivity" in names


def test_a_body_site_of_the_bracket_s_own_words_is_no_effect(section4_rows):
    names = _names(section4_rows, "- pain in muscles, bones or joints (signs of musculoskeletal pain)\n")
    assert "musculoskeletal pain" in names
    assert "joints" not in names


def test_a_clause_after_an_effect_does_not_take_the_effect_with_it(view):
    text = "Driving and using machines You may feel tired, weak or have trouble concentrating.\n"
    rows = side_effect_rows(view(LEAFLET_SECTION2_HEAD + text + LEAFLET_SECTION4
                                 + "Common (may affect up to 1 in 10 people)\n\n- headache\n" + LEAFLET_TAIL))
    assert {"fatigue", "asthenia"} <= {r["condition"] for r in rows if r["frequency_band"] == ""}


def test_lay_words_of_the_qrd_wording(section4_rows):
    names = _names(section4_rows, "- feeling nauseous\n- shivering\n- high body temperature\n- aching muscles\n")
    assert {"nausea", "chills", "fever", "myalgia"} <= names


def test_and_or_written_with_spaces_still_separates_two_effects(section4_rows):
    names = _names(section4_rows, "- loss of appetite and /or weakness\n")
    assert {"decreased appetite", "asthenia"} <= names


def test_cases_of_an_effect_name_the_effect(section4_rows):
    rows = section4_rows("Rare (may affect up to 1 in 1,000 people)\n\n- isolated cases of hepatitis\n")
    assert "hepatitis" in {r["condition"] for r in rows}


def _section2(view, text: str) -> set[tuple[str, str]]:
    rows = side_effect_rows(view(LEAFLET_SECTION2_HEAD + text + LEAFLET_SECTION4
                                 + "Common (may affect up to 1 in 10 people)\n\n- headache\n" + LEAFLET_TAIL))
    return {(r["cause"], r["condition"]) for r in rows if r["frequency_band"] == ""}


def test_what_some_people_may_feel_is_an_effect_of_the_medicine(view):
    # elrexfio, naveruclif, nustendi, edurant (28 corpus leaflets write "some people/patients may …")
    named = _section2(view, "Driving and using machines Some people may feel tired, dizzy or confused while receiving Brufex.\n")
    assert {("ibuprofen", "fatigue"), ("ibuprofen", "dizziness"), ("ibuprofen", "confusion")} <= named
    assert not _section2(view, "Some patients may experience serious side effects and may require treatment.\n")


def test_an_effect_that_has_occurred_or_been_observed(view):
    named = _section2(view, "Serious allergic reactions have occurred in patients receiving this medicine. "
                            "Inflammation of the pancreas has been observed in patients receiving Brufex.\n")
    assert ("ibuprofen", "pancreatitis") in named
    assert any(c in ("anaphylactic reaction", "hypersensitivity") for _d, c in named)


def test_an_effect_that_has_not_been_observed_is_no_row(view):
    assert not _section2(view, "In clinical studies, no deep vein thrombosis has been observed with Brufex.\n")


def test_a_blood_count_said_to_become_high_or_low_is_its_finding(view):
    # the pegfilgrastim leaflets of the corpus (fulphila, pelmeg, …)
    named = _section2(view, "Your white blood cell count may become high for a short period of time. "
                            "Your platelet count may become low which might result in bruising.\n")
    assert {("ibuprofen", "leukocytosis"), ("ibuprofen", "thrombocytopenia")} <= named
    assert not _section2(view, "If you stop taking Brufex your blood sugar levels may rise.\n")


def test_meddra_names_of_effects_meet_the_concept_of_the_lay_words(section4_rows):
    # the vocabulary knows the MedDRA preferred terms leaflets write as synonyms of their HPO
    # concepts (rules/vocab_supplement.csv), so "confusional state" is what "feeling confused" names
    from pipeline.vocab.lexicon import lookup

    rows = section4_rows("Common (may affect up to 1 in 10 people)\n\n- feeling confused\n- weight loss\n- blurred vision\n")
    ids = {r["condition_concept_id"] for r in rows}
    for name in ("confusional state", "weight decreased", "vision blurred"):
        concept = lookup(name, "condition")
        assert concept is not None and concept.concept_id in ids


def test_problems_of_an_organ_are_its_disorder(view):
    # "Odomzo may cause muscle problems", "Treatment with MEPACT can often cause stomach problems"
    named = _section2(view, "Brufex may cause muscle problems. Brufex can cause eye problems.\n")
    assert {("ibuprofen", "muscle disorder"), ("ibuprofen", "eye disorder")} <= named


def test_reduced_or_raised_is_read_as_decreased_or_increased(section4_rows):
    names = _names(section4_rows, "- reduced blood pressure\n- high heart rate\n- low urine output\n")
    assert {"hypotension", "tachycardia", "decreased urine output"} <= names


def test_review_r2_what_has_been_observed_with_other_medicines_or_placebo_is_not_the_leaflets(view):
    named = _section2(view, "A rare type of lymphoma has been observed in patients taking other TNF-blockers. "
                            "Weight gain has been observed in patients treated with placebo. "
                            "Seizures have occurred in people who took too much Brufex. "
                            "Inflammation of the pancreas has been observed in patients receiving Brufex.\n")
    assert ("ibuprofen", "pancreatitis") in named
    assert not any("lymphoma" in c or "weight" in c or "seizure" in c for _d, c in named)
