"""Issue #17: how consumer pages name what their causes cause. A page that opens with its
question ("What causes X?") is about X, even when no vocabulary knows X; a sentence's
subject no vocabulary knows is still the condition when the sentence says what causes it;
an abbreviation the page defines stands for its long form; lists the page introduces
without naming a condition belong to its topic; questions state nothing. Examples are
invented, written the way these pages write."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows


def _pairs(rows):
    return {(r["cause"].lower(), r["condition"].lower(), r["relation"]) for r in rows}


def test_the_opening_question_names_the_topic(view):
    text = ("What causes Quillan-Marsh syndrome, Ortega type? Some cases of Quillan-Marsh syndrome, Ortega type "
            "are caused by mutations in the QMS2 gene. Another common cause is a new mutation.\n")
    pairs = _pairs(cause_rows(view(text)))
    assert ("mutations in the qms2 gene", "quillan-marsh syndrome, ortega type", "causes") in pairs
    # "Another common cause" is a cause of the page's topic
    assert ("new mutation", "quillan-marsh syndrome, ortega type", "causes") in pairs


def test_a_subject_no_vocabulary_knows_is_the_condition(view):
    text = "Brindlepox is caused by a virus called the brindle virus -- the one that also infects cattle.\n"
    pairs = _pairs(cause_rows(view(text)))
    assert pairs == {("brindle virus", "brindlepox", "causes")}


def test_a_called_apposition_is_one_cause(view):
    text = "Abnormal hemoglobin, called hemoglobin S, causes sickle cell disease (SCD).\n"
    causes = {r["cause"].lower() for r in cause_rows(view(text))}
    assert causes == {"hemoglobin s"}


def test_an_abbreviation_the_page_defines_is_its_long_form(view):
    text = ("Doctors don't know all the causes of childhood interstitial lung disease (chILD).\n\n"
            "Some conditions and factors that may cause or lead to chILD include:\n\n"
            "Inherited conditions, such as surfactant disorders.\n\n"
            "Birth defects that cause problems with the structure of the lungs.\n\n"
            "A bone marrow transplant or a lung transplant.\n")
    rows = [r for r in cause_rows(view(text)) if r["extractor"] == "cue.factors_provoke"]
    assert {r["condition_text"].lower() for r in rows} <= {"childhood interstitial lung disease", "interstitial lung disease"}
    causes = {r["cause_text"].lower() for r in rows}
    assert {"inherited conditions", "surfactant disorders", "bone marrow transplant", "lung transplant"} <= causes
    # an item with a relative clause is still an item
    assert any(c.startswith("birth defects") for c in causes)
    assert all(r["hedged"] for r in rows)  # "may cause or lead to"


def test_a_list_of_the_topic_after_a_problem_with_page_opening(view):
    text = ("Most people who have a problem with taste have recently had an illness. The most common causes are "
            "upper respiratory infections and head injury. Other common causes are -  smoking  - dental problems  "
            "- medications such as antibiotics or antihistamines\n")
    rows = cause_rows(view(text))
    assert {r["condition"] for r in rows} == {"problem with taste"}
    causes = {r["cause_text"].lower() for r in rows}
    # "medications" and "antibiotics" are generic words in the vocabulary: no cause of their own
    assert {"smoking", "dental problems", "antihistamines"} <= causes


def test_a_list_without_a_topic_is_not_given_to_its_own_item(view):
    text = ("Many events can harm the nerves. Some of the most common causes are\n\n"
            "- vaginal childbirth  - stroke  - multiple sclerosis  - diabetes\n")
    rows = cause_rows(view(text))
    assert not any(r["condition"] in ("stroke", "multiple sclerosis", "diabetes", "diabetes mellitus") for r in rows)


def test_a_question_states_nothing(view):
    text = "Can gastric cancer be caused by excessive drinking? Regular drinking may increase the risk.\n"
    assert not any(r["extractor"] == "cause.caused_by" for r in cause_rows(view(text)))


def test_people_with_x_develop_y_is_a_risk_factor(view):
    text = "It is unclear why some people with HTLV-1 develop adult T-cell leukemia.\n"
    rows = [r for r in cause_rows(view(text)) if r["relation"] == "risk_factor"]
    assert rows and all(r["cause_text"] == "HTLV-1" for r in rows)


def test_other_kinds_of_factors_are_risk_factors(view):
    text = ("What causes hemifacial microsomia? Other environmental factors include second trimester bleeding, "
            "maternal diabetes, or the use of assisted reproductive technology.\n")
    rows = [r for r in cause_rows(view(text)) if r["relation"] == "risk_factor"]
    assert {"second trimester bleeding", "maternal diabetes"} <= {r["cause_text"].lower() for r in rows}
    assert {r["condition"] for r in rows} == {"hemifacial microsomia"}


def test_believers_and_broken_clauses_are_not_causes(view):
    text = ("What causes Creutzfeldt-Jakob disease? Some researchers believe an unusual slow virus causes "
            "Creutzfeldt-Jakob disease. Two genes containing mutations known to cause Creutzfeldt-Jakob disease "
            "were found.\n")
    causes = {r["cause_text"].lower() for r in cause_rows(view(text))}
    assert "unusual slow virus" in causes
    assert not any(c.startswith("some researchers") or c.endswith(" to") for c in causes)


def test_death_is_no_condition(view):
    text = "Today, lung cancer is the leading cause of death by cancer.\n"
    assert not cause_rows(view(text))


def test_harm_to_an_organ_is_a_condition(view):
    text = ("However, high levels of oxygen can inflame the lining of the lungs and injure the airways. "
            "The machine's pressure might irritate and harm the babies' lungs. "
            "Accidents that injure the brain are common.\n")
    pairs = {(r["cause"], r["condition"]) for r in cause_rows(view(text))}
    assert ("high levels of oxygen", "inflammation of the lining of the lung") in pairs
    assert ("high levels of oxygen", "injury of the airway") in pairs
    assert ("machine's pressure", "irritation of the lung") in pairs and ("machine's pressure", "injury of the lung") in pairs
    assert not any(c.startswith("accidents") for c, _ in pairs)  # a relative clause describes
