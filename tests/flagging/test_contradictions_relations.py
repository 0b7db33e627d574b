"""Harm vs recommendation through relations the hierarchies leave apart (issue #14): curated
links on standard classifications (the ICD-10-CM block of ischaemic heart diseases, MeSH's
dyskinesias holding tics, ICD-10-CM's manic episode as HPO's mania) and a product named with
its dose form ("lidocaine patch") as its drug. Sentences as abstracts and consumer pages write
them."""
from __future__ import annotations

from pipeline.dataset.schema import to_frame
from pipeline.flagging.contradictions import harm_recommendation_contradictions
from pipeline.vocab.knowledge import knowledge

from tests.flagging.test_contradictions import cause, dose, no_drugs, treatment


def _flags(causes, treatments):
    return harm_recommendation_contradictions(to_frame("causes", causes), to_frame("treatments", treatments),
                                              to_frame("doses", []), no_drugs(), {}, kb=knowledge())


def test_curated_groupings_relate_conditions_the_hierarchies_keep_apart():
    kb = knowledge()
    infarction, angina = "HP:0001658", "HP:0001681"
    relation = kb.relation(infarction, angina, 3, 300, 1000)
    assert relation is not None and relation.kind == "sibling"
    assert kb.condition_name(relation.via) == "ischemic heart diseases"
    assert kb.relation("HP:0002310", "ICD10CM:F95", 3, 300, 1000).kind == "sibling"  # orofacial dyskinesia, tics
    assert kb.relation("HP:0100754", "ICD10CM:F30", 3, 300, 1000).kind == "same"  # mania, manic episode
    # the grouping is narrow: a stroke is no ischaemic heart disease
    assert kb.relation(infarction, "HP:0001297", 3, 300, 1000) is None


def test_a_drug_causing_infarction_meets_its_class_given_for_angina():
    harm = cause("abstract", "isosorbide dinitrate", "myocardial infarction", "HP:0001658",
                 cause_concept="DRUGBANK:DB00883", relation="adverse_effect",
                 evidence="Myocardial infarction following sublingual administration of isosorbide dinitrate.")
    rec = treatment("nhlbi", "isosorbide dinitrate", "angina", "HP:0001681", treatment_concept="DRUGBANK:DB00883",
                    evidence="Isosorbide dinitrate is used to prevent angina episodes.")
    flags = _flags([harm], [rec])
    assert [(f["doc_id"], f["other_doc_id"]) for f in flags] == [("abstract", "nhlbi")]
    assert "ischemic heart diseases" in flags[0]["reason"]


def test_a_drug_bringing_on_mania_meets_its_use_for_manic_episodes():
    harm = cause("abstract", "olanzapine", "hypomania", "HP:0100754", cause_concept="DRUGBANK:DB00334",
                 relation="adverse_effect", evidence="Hypomania-like syndrome induced by olanzapine.")
    rec = treatment("leaflet", "olanzapine", "manic episodes", "ICD10CM:F30", treatment_concept="DRUGBANK:DB00334",
                    evidence="Olanzapine is used to treat moderate to severe manic episodes.")
    assert [(f["doc_id"], f["other_doc_id"]) for f in _flags([harm], [rec])] == [("abstract", "leaflet")]


def test_a_product_named_with_its_dose_form_is_its_drug():
    harm = cause("abstract", "lignocaine", "back pain", "HP:0003418", cause_concept="DRUGBANK:DB00281",
                 evidence="Leg and/or back pain is associated with the intrathecal use of hyperbaric 5% lignocaine.")
    rec = treatment("niddk", "lidocaine patch", "pain", "HP:0012531", treatment_concept="MEDLINEPLUS:a603026",
                    evidence="Treatments applied to the skin include capsaicin cream and lidocaine patches.")
    assert [(f["doc_id"], f["other_doc_id"]) for f in _flags([harm], [rec])] == [("abstract", "niddk")]
    # an unrelated use of the same drug stays apart
    other = treatment("leaflet", "lidocaine patch", "hypertension", "HP:0000822", treatment_concept="MEDLINEPLUS:a603026")
    assert _flags([harm], [other]) == []


def test_a_dose_in_the_harm_sentence_does_not_make_it_a_recommendation():
    sentence = ("A 78-year-old with healed septal necrosis suffered a recurrent myocardial infarction of the anterior "
                "wall following the administration of isosorbide dinitrate 5 mg sublingually.")
    start = sentence.index("isosorbide")
    mention = {"mention_id": "m1", "doc_id": "abstract", "name": "isosorbide dinitrate", "text": "isosorbide dinitrate",
               "concept_id": "DRUGBANK:DB00883", "drug_class": "", "known": True, "start": start, "end": start + 20,
               "sentence": 0, "negated": False, "hypothetical": False, "extractor": "ner", "section": "",
               "review_status": "clean"}
    harm = cause("abstract", "isosorbide dinitrate 5 mg sublingually", "myocardial infarction", "HP:0001658",
                 evidence=sentence)
    harm["end"] = len(sentence)
    given = dose("abstract", 5.0, drug="isosorbide dinitrate", route="sublingual", indication="necrosis", mention="m1")
    given["end"] = len(sentence)
    rec = treatment("nhlbi", "nitrate", "angina", "HP:0001681", treatment_concept="DRUGBANK:DB14049",
                    evidence="Nitrates are the medicines most commonly used to treat angina.")
    rec["treatment_text"] = "Nitrates"
    flags = harm_recommendation_contradictions(to_frame("causes", [harm]), to_frame("treatments", [rec]),
                                               to_frame("doses", [given]), to_frame("drugs", [mention]), {},
                                               kb=knowledge())
    assert [(f["doc_id"], f["other_doc_id"]) for f in flags] == [("abstract", "nhlbi")]
    assert "the class 'Organic nitrates', to which isosorbide dinitrate belongs" in flags[0]["reason"]


def test_a_dose_given_in_a_harm_sentence_is_no_recommendation():
    sentence = "Clonidine-induced bradycardia in conscious mice was 32.3% (10 microg/kg) of the effect in wild-type mice."
    mention = {"mention_id": "m1", "doc_id": "mice", "name": "clonidine", "text": "Clonidine",
               "concept_id": "DRUGBANK:DB00575", "drug_class": "", "known": True, "start": 0, "end": 9,
               "sentence": 0, "negated": False, "hypothetical": False, "extractor": "ner", "section": "",
               "review_status": "clean"}
    harm_here = cause("mice", "Clonidine", "bradycardia", "HP:0001662", relation="adverse_effect", evidence=sentence)
    harm_here["end"] = len(sentence)
    given = dose("mice", 10.0, drug="clonidine", route="", indication="bradycardia", mention="m1")
    given["end"] = len(sentence)
    harm_elsewhere = cause("other", "clonidine", "bradycardia", "HP:0001662", cause_concept="DRUGBANK:DB00575",
                           evidence="Clonidine induces sympathetic withdrawal and bradycardia.")
    flags = harm_recommendation_contradictions(to_frame("causes", [harm_here, harm_elsewhere]), to_frame("treatments", []),
                                               to_frame("doses", [given]), to_frame("drugs", [mention]), {},
                                               kb=knowledge())
    assert flags == []
