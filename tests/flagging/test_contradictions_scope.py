"""What an untreatable statement and a dose actually claim (issue #14, flags on non-gold
text): "treatment is symptomatic" denies a cure, not every treatment; a condition narrowed
after the cue is not its broader concept; a dose is a recommendation only when its sentence
gives the drug for its indication. Sentences as MedQuAD answers, leaflets and BC5CDR
abstracts write them."""
from __future__ import annotations

from pipeline.dataset.schema import to_frame
from pipeline.flagging.contradictions import (
    dose_states_use,
    harm_recommendation_contradictions,
    untreatable_contradictions,
    untreatable_scope,
)
from pipeline.vocab.knowledge import knowledge

from tests.flagging.test_contradictions import KB, cause, dose, no_drugs, statement, treatment


def test_symptomatic_or_supportive_treatment_denies_only_a_cure():
    assert untreatable_scope("Treatment is symptomatic and supportive.", "Treatment is symptomatic", "treatable") == "curable"
    assert untreatable_scope("Additional treatment is supportive.", "treatment is supportive", "treatable") == "curable"
    sentence = "Since the virus remains in the person for life, there is no treatment to eliminate CMV infection."
    assert untreatable_scope(sentence, "there is no treatment", "treatable") == "curable"
    sentence = "There is no treatment for microcephaly that can return a childs head to a normal size or shape."
    assert untreatable_scope(sentence, "There is no treatment", "treatable") == "curable"
    sentence = "To date, there is no treatment for the underlying metabolic problem."
    assert untreatable_scope(sentence, "there is no treatment", "treatable") == "curable"
    # a plain denial stays one
    sentence = "At this time there is no effective treatment for hereditary endotheliopathy."
    assert untreatable_scope(sentence, "there is no effective treatment", "treatable") == "treatable"
    assert untreatable_scope("There is no cure for Rett syndrome.", "There is no cure", "curable") == "curable"


def test_a_condition_narrowed_after_the_cue_is_not_its_concept():
    sentence = "There is no specific treatment for POF caused by blepharophimosis syndrome type 1."
    assert untreatable_scope(sentence, "There is no specific treatment", "treatable") == ""
    sentence = "There is no specific treatment for the inherited form of pili torti."
    assert untreatable_scope(sentence, "There is no specific treatment", "treatable") == ""
    sentence = "Although there is no treatment for any gradual loss of taste that occurs with aging, relief is possible."
    assert untreatable_scope(sentence, "there is no treatment", "treatable") == ""


def test_symptomatic_treatment_meets_a_cure_but_not_a_treatment():
    denial = statement("page", False, subject="edema", concept="HP:0000969", predicate="treatable",
                       evidence="Treatment is symptomatic and may include NSAIDs and corticosteroids to reduce swelling.")
    denial["cue"] = "Treatment is symptomatic"
    treats = treatment("leaflet", "corticosteroids", "edema", "HP:0000969", kind="other",
                       evidence="Corticosteroids decrease swelling.")
    assert untreatable_contradictions(to_frame("statements", [denial]), to_frame("treatments", [treats]), {}, kb=KB) == []
    cures = treatment("shop", "herbal tea", "edema", "HP:0000969", predicate="cures", kind="remedy",
                      evidence="Herbal tea cures edema for good.")
    flags = untreatable_contradictions(to_frame("statements", [denial]), to_frame("treatments", [cures]), {}, kb=KB)
    assert [f["other_doc_id"] for f in flags] == ["shop"] and "cannot be cured" in flags[0]["reason"]


def test_a_dose_is_a_use_when_its_sentence_gives_the_drug_for_its_indication():
    assert dose_states_use("A 43-year-old woman received methimazole (10 mg tid) and propranolol (20 mg tid) for "
                           "treatment of hyperthyroidism.", "hyperthyroidism")
    assert dose_states_use("Patients with aneurysmal subarachnoid hemorrhage (SAH) were randomized to receive either "
                           "ketoprofen, 100 mg, three times a day or a placebo.", "aneurysmal subarachnoid hemorrhage")
    assert dose_states_use("Rheumatoid arthritis The usual dose is 3 mg for every kg of body weight.", "rheumatoid arthritis")
    assert dose_states_use("He assumed pravastatin (20 mg/day) because of hypercholesterolemia.", "hypercholesterolemia")
    assert dose_states_use("Injection of Captopril (1 mg/kg) reduced both pulmonary and renal insufficiency in this "
                           "rat model.", "pulmonary and renal insufficiency")
    # what the dose did
    assert not dose_states_use("Cardiomyopathy is frequent when the total dose exceeds 600 mg/m2 and occurs within "
                               "one to six months after cessation of therapy.", "cardiomyopathy")
    assert not dose_states_use("8 of the 10 monkeys developed congestive heart failure at an average cumulative "
                               "adriamycin dose (310 mg/m2).", "congestive heart failure")
    assert not dose_states_use("A 43-year-old woman had severe jaundice 1 month after receiving methimazole (10 mg tid).",
                               "jaundice")
    assert not dose_states_use("In order to address long-term pain memory, nine healthy male volunteers received "
                               "intradermal injections of three doses of capsaicin (0.05, 1 and 20 microg).", "pain")


def test_a_dose_that_names_what_it_did_meets_no_harm():
    kb = knowledge()
    doxorubicin = "DRUGBANK:DB00997"
    harm = cause("abstract", "doxorubicin", "cardiomyopathy", "HP:0001638", cause_concept=doxorubicin,
                 relation="adverse_effect", evidence="Doxorubicin-induced cardiomyopathy in rats.")
    frequent = dict(dose("other", 600, drug="doxorubicin", indication="cardiomyopathy"),
                    evidence="Cardiomyopathy is frequent when the total dose exceeds 600 mg/m2.")
    flags = harm_recommendation_contradictions(to_frame("causes", [harm]), to_frame("treatments", []),
                                               to_frame("doses", [frequent]), no_drugs(), {}, kb=kb)
    assert flags == []
