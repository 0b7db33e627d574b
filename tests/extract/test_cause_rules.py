"""How consumer pages and health articles write causes beyond one sentence: lists flattened
to one paragraph per item, a class with its examples, "Examples include" after a cause
sentence, "the most common cause is", transmission routes, and a form of a disease named by
an exposure ("a form with increased intake of fluorides")."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows


def _pairs(rows):
    return {(r["cause"], r["condition"], r["relation"]) for r in rows}


def _causes(rows):
    return {r["cause_text"].lower() for r in rows}


def test_paragraph_items_after_a_cue_ending_in_a_colon_are_a_list(view):
    text = ("Aplastic anemia\n\nMany diseases, conditions, and factors can cause aplastic anemia, including:\n\n"
            "Toxins, such as pesticides, arsenic, and benzene.\n\n"
            "Radiation and chemotherapy (treatments for cancer).\n\n"
            "Sometimes, cancer from another part of the body can spread to the bone.\n")
    rows = [r for r in cause_rows(view(text)) if r["extractor"] == "cue.can_cause_including"]
    assert {"toxins", "pesticides", "arsenic", "benzene", "radiation", "chemotherapy"} <= _causes(rows)
    # the bracket explains, it names no cause; the sentence after the list is no item
    assert not any("treatments" in c or "sometimes" in c for c in _causes(rows))
    # the lead-in says "can": every item is hedged
    assert all(r["hedged"] for r in rows)


def test_a_medicine_in_a_causes_list_keeps_the_lists_relation(view):
    text = ("Aplastic anemia\n\nMany factors can cause aplastic anemia, including:\n\n"
            "Medicines, such as chloramphenicol.\n")
    rows = cause_rows(view(text))
    assert {r["relation"] for r in rows if "chloramphenicol" in r["cause_text"].lower()} == {"causes"}


def test_examples_in_the_next_sentence_are_causes_of_the_same_condition(view):
    text = ("Aplastic anemia\n\nCertain inherited conditions can damage the stem cells and lead to aplastic anemia. "
            "Examples include Fanconi anemia and Diamond-Blackfan anemia.\n")
    rows = cause_rows(view(text))
    examples = [r for r in rows if r["extractor"] == "cause.examples_include"]
    assert {r["cause_text"] for r in examples} == {"Fanconi anemia", "Diamond-Blackfan anemia"}
    assert all(r["condition"] == "aplastic anemia" and r["hedged"] for r in examples)
    # the subject before the verbs is the first sentence's cause, not the whole clause
    assert "inherited conditions" in _causes(rows)


def test_the_most_common_cause_without_its_condition_is_about_the_topic(view):
    text = ("Coccydynia\n\nCoccydynia is pain in the tailbone. However, the most common cause is a direct fall. "
            "The causes are very diverse.\n")
    rows = [r for r in cause_rows(view(text)) if r["extractor"] == "cause.topic_common_cause"]
    assert _causes(rows) == {"direct fall"}


def test_causes_include_is_a_noun_not_a_verb(view):
    text = "Coccydynia\n\nOther less common causes include nerve damage and obesity.\n"
    rows = cause_rows(view(text))
    assert not any("less common" in c for c in _causes(rows))


def test_factors_that_increase_the_risk_are_risk_factors(view):
    text = ("Pneumonia\n\nFactors that increase the risk for pneumonia include smoking, recent surgery, "
            "and mechanical ventilation.\n")
    rows = cause_rows(view(text))
    assert {"smoking", "recent surgery", "mechanical ventilation"} <= _causes(rows)
    assert {r["relation"] for r in rows} == {"risk_factor"}


def test_transmission_routes_cause_the_infection(view):
    rows = cause_rows(view("Hepatitis B\n\nHepatitis B is spread by blood transfusions, sexual contact and sharing needles.\n"))
    assert _causes(rows) == {"blood transfusions", "sexual contact", "sharing needles"}


def test_a_form_with_increased_intake_of_a_substance_is_caused_by_it(view):
    text = ("Osteosclerosis\n\nSecondary osteosclerosis is more common and occurs particularly in renal insufficiency. "
            "But there is also a form with increased intake of fluorides through food.\n")
    rows = [r for r in cause_rows(view(text)) if r["extractor"] == "cause.form_with_exposure"]
    (row,) = rows
    assert row["cause"] == "increased intake of fluorides through food"
    # a form of the disease the sentence before is about, not of the disease it names last
    assert "osteosclerosis" in row["condition_text"].lower()


def test_a_condition_clause_ends_the_cause(view):
    text = "Osteosclerosis\n\nIf the osteosclerosis is caused by a malignant tumor, chemotherapy or radiotherapy is indicated.\n"
    rows = cause_rows(view(text))
    assert _causes(rows) == {"malignant tumor"}


def test_a_cause_that_is_a_clause_is_no_cause(view):
    text = "Osteosclerosis\n\nIn most cases, those affected by osteosclerosis have only very few follow-up measures.\n"
    assert cause_rows(view(text)) == []


def test_bullets_flattened_into_one_line_are_one_cause_each(view):
    text = ("Heart attack\n\nMany things raise the risk of heart attack. Risk factors include - smoking  "
            "- being overweight or obese  - physical inactivity\n")
    rows = [r for r in cause_rows(view(text)) if r["extractor"] == "risk.risk_factors_include"]
    assert _causes(rows) == {"smoking", "being overweight or obese", "physical inactivity"}
    assert {r["evidence"] for r in rows} == {"Risk factors include - smoking  - being overweight or obese  - physical inactivity"}


def test_a_list_item_holding_several_bullets_gives_each_its_row(view):
    text = ("Neuropathy\n\nNerve damage is likely due to a combination of factors:\n\n"
            "- metabolic factors, such as high blood glucose  - autoimmune factors  - lifestyle factors, such as smoking\n")
    rows = [r for r in cause_rows(view(text)) if r["extractor"] == "cue.caused_by_colon"]
    assert {"metabolic factors", "autoimmune factors", "lifestyle factors", "smoking"} <= _causes(rows)
    assert all(r["hedged"] for r in rows)  # "is likely due to"
    assert {r["evidence"] for r in rows if r["cause_text"] == "autoimmune factors"} == {"autoimmune factors"}
    # "a combination of factors" names no cause
    assert not any("combination" in c for c in _causes(cause_rows(view(text))))


def test_a_labelled_item_names_its_cause_before_the_colon(view):
    text = ("Restrictive cardiomyopathy\n\nSome diseases can cause restrictive cardiomyopathy, including:\n\n"
            "- Amyloidosis: A disease in which abnormal proteins build up in the body's organs.\n"
            "- Diseases that affect the stomach, small intestine, or colon, such as sarcoidosis.\n")
    rows = [r for r in cause_rows(view(text)) if r["extractor"] == "cue.can_cause_including"]
    assert _causes(rows) == {"amyloidosis", "diseases that affect the stomach, small intestine, or colon", "sarcoidosis"}


def test_a_condition_after_a_drugs_overdose_is_its_adverse_effect(view):
    rows = cause_rows(view("Delayed asystolic cardiac arrest after diltiazem overdose; resuscitation with calcium.\n"))
    assert ("diltiazem", "adverse_effect") in {(r["cause"], r["relation"]) for r in rows
                                               if r["extractor"] == "cause.after_drug_exposure"}


def test_after_a_procedure_is_no_drug_effect(view):
    rows = cause_rows(view("Seizures after cardiac surgery were reviewed in 24 patients.\n"))
    assert not [r for r in rows if r["extractor"] == "cause.after_drug_exposure"]


def test_a_drug_associated_with_a_condition(view):
    rows = cause_rows(view("High-dose tranexamic acid is associated with nonischemic clinical seizures in cardiac surgical patients.\n"))
    assert {(r["cause"], r["relation"]) for r in rows if r["extractor"] == "cause.drug_associated_with"} == {
        ("tranexamic acid", "adverse_effect")}


def test_a_drugs_named_toxicity(view):
    rows = cause_rows(view("Experimental cyclosporine nephrotoxicity: risk of concomitant chemotherapy.\n"))
    assert any(r["extractor"] == "cause.drug_toxicity" and r["relation"] == "adverse_effect"
               and "nephrotox" in r["condition_text"].lower() for r in rows)


def test_the_medicine_given_in_a_therapy_is_the_cause(view):
    rows = cause_rows(view("Group II showed less chronic nephrotoxicity secondary to long-term therapy with cyclosporine.\n"))
    assert {(r["cause_text"], r["relation"]) for r in rows} == {("long-term therapy with cyclosporine", "adverse_effect")}
    assert all(r["cause"] in ("ciclosporin", "cyclosporine") for r in rows)
