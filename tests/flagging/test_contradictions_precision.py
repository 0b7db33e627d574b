"""Harm vs recommendation flags that are real on documents nobody golded (issue #14): an
antihypertensive causing hypotension is its effect overshooting; a dose that brings its
indication on is an experimental model; parents that group symptoms by where they show
relate nothing. Sentences as BC5CDR abstracts and leaflets write them."""
from __future__ import annotations

from pipeline.dataset.schema import to_frame
from pipeline.flagging.contradictions import (
    aims_at_infection,
    causal_direction_contradictions,
    dose_induces_indication,
    harm_recommendation_contradictions,
    harm_subject,
    is_overshoot,
)
from pipeline.vocab.knowledge import knowledge

from tests.flagging.test_contradictions import cause, dose, no_drugs, treatment


def _flags(causes, treatments, doses=()):
    return harm_recommendation_contradictions(to_frame("causes", causes), to_frame("treatments", treatments),
                                              to_frame("doses", list(doses)), no_drugs(), {}, kb=knowledge())


def test_opposite_conditions_are_an_overshoot():
    assert is_overshoot({"hypotension"}, {"hypertension"})
    assert is_overshoot({"bradycardia"}, {"tachycardia", "fast heart rate"})
    assert is_overshoot({"low blood pressure"}, {"high blood pressure"})
    assert not is_overshoot({"hypotension"}, {"hypotension"})
    assert not is_overshoot({"mania"}, {"depression"})  # the poles of bipolar disorder stay related


def test_an_antihypertensive_causing_hypotension_is_no_contradiction():
    harm = cause("case", "captopril", "hypotension", "HP:0002615", cause_concept="DRUGBANK:DB01197",
                 relation="adverse_effect", evidence="Naloxone reversal of hypotension due to captopril overdose.")
    rec = treatment("leaflet", "captopril", "hypertension", "HP:0000822", treatment_concept="DRUGBANK:DB01197",
                    evidence="medicines used to treat high blood pressure (hypertension) such as captopril;")
    assert _flags([harm], [rec]) == []


def test_a_harm_in_the_direction_of_the_use_still_meets_it():
    harm = cause("abstract", "heparin", "thromboembolism", "HP:0001907", cause_concept="DRUGBANK:DB01109",
                 relation="adverse_effect", evidence="Heparin-induced thromboembolism in two patients.")
    rec = treatment("nhlbi", "heparin", "pulmonary embolism", "HP:0002204", treatment_concept="DRUGBANK:DB01109",
                    evidence="Heparin is used to treat pulmonary embolism.")
    assert len(_flags([harm], [rec])) == 1


def test_a_dose_that_brings_its_indication_on_is_a_model_not_a_use():
    model = ("Steroids were highly effective in protecting against pilocarpine (416 mg/kg, s.c.)-induced "
             "limbic motor seizures and status epilepticus.")
    assert dose_induces_indication(model, "pilocarpine", "limbic motor seizures")
    passive = "Also, reflex bradycardia was produced in rats by intravenous infusion of adrenaline (1.25-2.5 micrograms kg-1)."
    assert dose_induces_indication(passive, "adrenaline", "bradycardia")
    assert dose_induces_indication("Clonidine-induced bradycardia in mice was 32.3% (10 microg/kg).", "Clonidine",
                                   "bradycardia")
    # the dosed drug suppressing what another drug induced is its use
    use = "A dose of 1 mg/kg of (-)-cibenzoline suppressed the digitalis-induced arrhythmia."
    assert not dose_induces_indication(use, "cibenzoline", "arrhythmia")


def test_an_induced_dose_does_not_meet_the_drugs_harm():
    given = dose("rats", 416.0, drug="pilocarpine", route="subcutaneous", indication="limbic motor seizures")
    given["evidence"] = ("Steroids were highly effective in protecting against pilocarpine (416 mg/kg, s.c.)-induced "
                         "limbic motor seizures.")
    harm = cause("mice", "pilocarpine", "seizure", "HP:0001250", cause_concept="DRUGBANK:DB01085",
                 relation="adverse_effect", evidence="QTLs for susceptibility to pilocarpine-induced seizures.")
    assert _flags([harm], [], [given]) == []


def test_a_grouping_by_where_a_symptom_shows_relates_nothing():
    harm = cause("case", "azithromycin", "hiccups", "HP:0100247", cause_concept="DRUGBANK:DB00207",
                 relation="adverse_effect", evidence="Possible azithromycin-associated hiccups.")
    rec = treatment("page", "azithromycin", "pain", "HP:0012531", treatment_concept="DRUGBANK:DB00207",
                    evidence="Azithromycin is given for the pain.")
    assert _flags([harm], [rec]) == []


def test_a_dose_that_led_to_its_indication_or_is_named_its_toxicity_is_no_use():
    led = ("A LD(10) dose (8 mg doxorubicin/kg, ip) administered on day 43 of the regimen led to higher "
           "cardiotoxicity, cardiac dysfunction and 80% mortality in the obese rats.")
    assert dose_induces_indication(led, "doxorubicin", "cardiotoxicity")
    toxic = "Somnolence and constipation were prominent toxicities and most patients could not tolerate 1200 mg/day."
    assert dose_induces_indication(toxic, "thalidomide", "somnolence")
    assoc = ("Myopathy, defined as muscle symptoms with creatine kinase elevations greater than 10 times the upper "
             "limit of normal, was rare and associated with the highest recommended daily dose of lovastatin (80 mg).")
    assert dose_induces_indication(assoc, "lovastatin", "myopathy")
    # a dose that led to fewer seizures is a use
    assert not dose_induces_indication("Valproate (20 mg/kg) led to a reduction of seizures.", "valproate", "seizures")


def test_harm_to_the_organ_an_anti_infective_is_given_for_an_infection_of_is_no_contradiction():
    harm = cause("abstract", "gentamicin (5 mg/kg/day)", "acute kidney injury", "HP:0001919", relation="causes",
                 evidence="The clinical and autopsy findings in a premature baby who died of acute renal failure "
                          "after therapy with gentamicin (5 mg/kg/day) and penicillin are presented.")
    harm["cause_concept_id"] = "DRUGBANK:DB00798"
    harm["cause"] = "gentamicin"
    rec = treatment("niddk", "several weeks of antibiotic treatment", "kidney infections", "MESH:D007239", kind="other",
                    evidence="Kidney infections may require several weeks of antibiotic treatment.")
    assert _flags([harm], [rec]) == []
    assert aims_at_infection({"acute kidney injury"}, {"kidney infections"})
    # an infection the drug brings on still meets its use against infections
    assert not aims_at_infection({"clostridium difficile infection"}, {"infections"})
    assert not aims_at_infection({"seizure"}, {"epilepsy"})


def test_a_drug_inside_a_modifier_of_another_cause_is_not_the_cause():
    assert harm_subject("rare disorders characterized by antibodies that disrupt insulin action") == "rare disorders "
    assert harm_subject("medicines that contain ibuprofen") == "medicines that contain ibuprofen"
    assert harm_subject("long-term use of insulin") == "long-term use of insulin"
    harm = cause("niddk", "rare disorders characterized by antibodies that disrupt insulin action", "diabetes", "",
                 evidence="Rare disorders characterized by antibodies that disrupt insulin action can lead to diabetes.")
    rec = treatment("leaflet", "insulin", "diabetes", "", treatment_concept="DNER:insulin",
                    evidence="If you are using a medicine such as insulin or other medicines to treat diabetes, "
                             "your doctor will closely monitor your blood sugar.")
    assert _flags([harm], [rec]) == []


def test_a_side_effect_item_linking_two_effects_is_no_reversed_causation():
    item = "Bleeding leading to low platelet count or anaemia,"
    chain = cause("kengrexal", "bleeding", "thrombocytopenia", "HP:0001873", cause_concept="HP:0001892", start=900,
                  evidence=item)
    chain["extractor"] = "cause.leads_to"
    listed = cause("kengrexal", "cangrelor", "bleeding leading to low platelet count or anaemia", "",
                   cause_concept="DRUGBANK:DB06441", relation="adverse_effect", start=900, evidence=item)
    listed["extractor"] = "side_effect.list"
    disease = cause("nplate", "thrombocytopenia", "bleeding", "HP:0001892", cause_concept="HP:0001873",
                    evidence="Very low platelet counts can cause bruising and serious bleeding.")
    disease["extractor"] = "cause.leads_to"
    assert causal_direction_contradictions(to_frame("causes", [chain, listed, disease]), {}) == []
    # the same chain stated outside a side-effect list is a reversed direction
    assert len(causal_direction_contradictions(to_frame("causes", [chain, disease]), {})) == 1
