"""Harm vs recommendation through the WHO ATC classes of the packaged knowledge (issue #14):
a class named in one source meets a member recommended in another, for a related condition."""
from __future__ import annotations

from pipeline.dataset.schema import to_frame
from pipeline.flagging.contradictions import harm_recommendation_contradictions



def cause(doc, cause_text, condition, concept, *, relation="causes", cause_concept="", evidence=""):
    return {"claim_id": f"c-{doc}-{cause_text}-{condition}", "doc_id": doc, "cause": cause_text,
            "cause_concept_id": cause_concept, "cause_text": cause_text, "condition": condition,
            "condition_concept_id": concept, "relation": relation, "negated": False, "hedged": False,
            "start": 0, "end": 80, "evidence": evidence or f"{cause_text} causes {condition}", "review_status": "clean"}


def treatment(doc, name, condition, concept, *, kind="drug", treatment_concept="", evidence=""):
    return {"claim_id": f"t-{doc}-{name}-{condition}", "doc_id": doc, "treatment": name,
            "treatment_concept_id": treatment_concept, "treatment_kind": kind, "predicate": "treats",
            "condition": condition, "condition_concept_id": concept, "polarity": True, "hedged": False,
            "start": 0, "end": 80, "evidence": evidence or f"{name} treats {condition}",
            "treatment_text": name, "condition_text": condition, "review_status": "clean"}


def no_drugs():
    return to_frame("drugs", [])


def test_an_antidepressant_class_harm_meets_sertraline_recommended_for_depression():
    causes = to_frame("causes", [cause("abstract", "antidepressant", "mania", "HP:0100754",
                                       evidence="Antidepressant-induced mania in bipolar patients.")])
    treatments = to_frame("treatments", [treatment("page", "sertraline", "depression", "HP:0000716",
                                                   treatment_concept="DRUGBANK:DB01104",
                                                   evidence="Sertraline is used to treat depression.")])
    flags = harm_recommendation_contradictions(causes, treatments, to_frame("doses", []), no_drugs(),
                                               {"abstract": 0.9, "page": 0.7})
    assert [(f["doc_id"], f["other_doc_id"]) for f in flags] == [("abstract", "page")]
    assert "sertraline belongs to the class" in flags[0]["reason"]


def test_an_opioid_class_recommendation_meets_a_morphine_harm():
    causes = to_frame("causes", [cause("abstract", "morphine", "dysesthesia", "HP:0012534", relation="adverse_effect",
                                       cause_concept="DRUGBANK:DB00295",
                                       evidence="Patients treated with morphine developed hyperalgesia.")])
    treatments = to_frame("treatments", [treatment("page", "opioids", "pain", "HP:0012531", kind="other",
                                                   evidence="Doctors prescribe opioids to relieve pain.")])
    flags = harm_recommendation_contradictions(causes, treatments, to_frame("doses", []), no_drugs(), {})
    assert [(f["doc_id"], f["other_doc_id"]) for f in flags] == [("abstract", "page")]


def test_a_member_of_another_class_does_not_meet_the_class():
    # beta blockers cause bradycardia; an antidepressant recommended for tachycardia is no member
    causes = to_frame("causes", [cause("abstract", "beta-blockers", "bradycardia", "HP:0001662")])
    treatments = to_frame("treatments", [treatment("page", "sertraline", "tachycardia", "HP:0001649",
                                                   treatment_concept="DRUGBANK:DB01104")])
    assert harm_recommendation_contradictions(causes, treatments, to_frame("doses", []), no_drugs(), {}) == []
    # (a member for tachycardia would be the intended effect overshooting, no contradiction)
    member = to_frame("treatments", [treatment("page", "propranolol", "arrhythmia", "HP:0011675",
                                               treatment_concept="DRUGBANK:DB03322")])
    flags = harm_recommendation_contradictions(causes, member, to_frame("doses", []), no_drugs(), {})
    assert [(f["doc_id"], f["other_doc_id"]) for f in flags] == [("abstract", "page")]


def test_the_reason_names_the_class_by_its_plainest_name():
    causes = to_frame("causes", [cause("page", "prolonged NSAID use", "gastritis", "HP:0005263")])
    treatments = to_frame("treatments", [treatment("leaflet", "celecoxib", "gastritis", "HP:0005263",
                                                   treatment_concept="DRUGBANK:DB00482")])
    flags = harm_recommendation_contradictions(causes, treatments, to_frame("doses", []), no_drugs(), {})
    assert len(flags) == 1
    # not the ATC M01A group's "Antiinflammatory and antirheumatic products, non-steroids"
    assert "celecoxib belongs to the class 'Non-steroidal anti-inflammatory drugs (NSAIDs)'" in flags[0]["reason"]
