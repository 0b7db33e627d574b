"""Issue #17, session 12: constructions of consumer "causes" pages that gave no row, found by
reading what the rules missed on non-gold MedQuAD answers (GARD, NIDDK, NHLBI): a gene list
as a sentence's subject, coordinated inheritance patterns and patterns named as nouns, risk
factor sentences with a modal or a relative clause, a list of causes of every kind that a
medicine-only pattern took, leads that stop at "triggered by" / "such as" with the list on
the lines below, the page's abbreviation in its question, affected people and new mutations.
Examples are invented, written the way these pages write."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows


def _pairs(rows):
    return {(r["cause_text"].lower(), r["condition"].lower(), r["relation"]) for r in rows}


def test_a_gene_list_as_subject_gives_every_gene(view):
    text = ("What causes Quillan-Marsh syndrome? Mutations in the genes, QMS1, QMS2, and QMS5, are known to "
            "cause Quillan-Marsh syndrome.\n")
    causes = {r["cause_text"] for r in cause_rows(view(text))}
    assert {"QMS1", "QMS2", "QMS5"} <= causes
    text = "What causes Ortega disease? Mutations in the ORT1, ORT2, ORT3 or ORT4 gene cause Ortega disease.\n"
    causes = {r["cause_text"] for r in cause_rows(view(text))}
    assert {"ORT1", "ORT2", "ORT3", "ORT4"} <= causes


def test_coordinated_inheritance_patterns_are_one_cause_each(view):
    text = ("What causes brindle immunodeficiency? While brindle immunodeficiency usually occurs in people with no "
            "family history of the condition, some cases are inherited in an autosomal dominant or autosomal "
            "recessive manner.\n")
    pairs = _pairs(cause_rows(view(text)))
    assert ("autosomal dominant", "brindle immunodeficiency", "causes") in pairs
    assert ("autosomal recessive", "brindle immunodeficiency", "causes") in pairs


def test_an_inheritance_pattern_named_as_a_noun(view):
    text = ("What causes Harbor-Quill syndrome? The exact cause of Harbor-Quill syndrome is not known. Autosomal "
            "dominant inheritance has been suggested.\n")
    assert ("autosomal dominant", "harbor-quill syndrome", "causes") in _pairs(cause_rows(view(text)))
    text = ("What causes quillpox? In addition, a familial occurrence of quillpox has been noted in three reports. "
            "A genetic origin with an autosomal recessive or X-linked recessive inheritance was suggested in these "
            "familial cases.\n")
    pairs = _pairs(cause_rows(view(text)))
    assert {("autosomal recessive", "quillpox", "causes"), ("x-linked recessive", "quillpox", "causes")} <= pairs


def test_risk_factors_with_a_modal_or_a_relative_clause(view):
    text = ("What causes Marsh syndrome? The exact cause of Marsh syndrome is unknown. Other risk factors may "
            "include reduced liver volume, paralysis of the phrenic nerve, and obesity.\n")
    rows = cause_rows(view(text))
    assert {"reduced liver volume", "obesity"} <= {r["cause_text"] for r in rows if r["relation"] == "risk_factor"}
    assert all(r["hedged"] for r in rows if r["relation"] == "risk_factor")
    text = ("What causes brindle heart defect? The exact cause remains unknown. Some possible risk factors that have "
            "been proposed include gestational diabetes mellitus and maternal use of anti-epileptic drugs.\n")
    causes = {r["cause_text"] for r in cause_rows(view(text)) if r["relation"] == "risk_factor"}
    assert "maternal use of anti-epileptic drugs" in causes


def test_risk_factors_for_developing_x_include_colon(view):
    text = ("Various other reported risk factors for developing hepatocellular carcinoma include: male sex, "
            "alcohol abuse, and increased hepatic iron.\n")
    pairs = _pairs(cause_rows(view(text)))
    assert ("male sex", "hepatocellular carcinoma", "risk_factor") in pairs
    assert ("increased hepatic iron", "hepatocellular carcinoma", "risk_factor") in pairs


def test_a_list_of_every_kind_is_not_only_its_medicine(view):
    text = ("What causes bronchiolitis obliterans organizing pneumonia? Bronchiolitis obliterans organizing pneumonia "
            "may be caused by a variety of factors, including viral infections, inhalation of toxic gases, "
            "radiation therapy, cocaine, and HIV infection.\n")
    causes = {r["cause_text"].lower() for r in cause_rows(view(text))}
    assert {"viral infections", "inhalation of toxic gases", "radiation therapy", "cocaine", "hiv infection"} <= causes


def test_a_lead_that_stops_at_its_verb_takes_the_list_below(view):
    text = ("Brindle porphyria is usually an acquired disorder. This type of porphyria can be triggered by\n\n"
            "- too much iron  - use of alcohol  - smoking  - chronic hepatitis C\n")
    rows = cause_rows(view(text))
    assert {"too much iron", "use of alcohol", "smoking", "chronic hepatitis c"} <= {r["cause_text"].lower() for r in rows}
    assert {r["condition"] for r in rows} == {"porphyria"}
    assert all(r["hedged"] for r in rows)
    # a lead whose condition no vocabulary knows: its own clause names it, not the clause before
    text = ("In people on insulin, brindle glucose drop can be caused by\n\n"
            "- meals that are too small  - increased physical activity\n")
    rows = cause_rows(view(text))
    assert rows and {r["condition"] for r in rows} == {"brindle glucose drop"}


def test_an_including_lead_without_a_colon(view):
    text = ("Certain combination pills can also cause hypoglycemia, including\n\n"
            "- glipizide + metformin (Metaglip)  - glyburide + metformin (Glucovance)\n")
    rows = cause_rows(view(text))
    assert {"glipizide + metformin", "glyburide + metformin"} <= {r["cause_text"] for r in rows}


def test_the_abbreviation_in_the_question_is_the_topic(view):
    text = ("What causes congenital bilateral absence of the brindle duct (CBABD)? More than half of all men with "
            "CBABD have mutations in the QFTR gene.\n")
    rows = cause_rows(view(text))
    assert {(r["cause_text"], r["condition"]) for r in rows} == {
        ("mutations in the QFTR gene", "congenital bilateral absence of the brindle duct")}


def test_affected_people_and_people_in_whom_mutations_were_found(view):
    text = "What causes brindle immunodeficiency? About 10% of affected people have mutations in the BRD13B gene.\n"
    assert ("mutations in the brd13b gene", "brindle immunodeficiency", "causes") in _pairs(cause_rows(view(text)))
    text = ("What causes quill multiplex? Mutations in the QRT17 gene have been identified in some individuals with "
            "inherited quill multiplex. In these families the condition is inherited in an autosomal dominant fashion.\n")
    pairs = _pairs(cause_rows(view(text)))
    assert ("mutations in the qrt17 gene", "quill multiplex", "causes") in pairs
    # "In these families the condition" is the page's condition, not a name of its own
    assert ("autosomal dominant", "quill multiplex", "causes") in pairs


def test_the_cause_of_a_share_of_cases_of_the_disorder(view):
    text = ("What causes Brindle-Marsh syndrome? A mutation in the BMS2 gene is the cause of a small percentage of "
            "cases of the disorder.\n")
    assert ("mutation in the bms2 gene", "brindle-marsh syndrome", "causes") in _pairs(cause_rows(view(text)))


def test_a_deletion_that_occurs_as_a_new_mutation(view):
    text = ("What causes chromosome 9q- syndrome? In most people with chromosome 9q- syndrome, the deletion occurs as a "
            "new mutation (called a de novo mutation) and is not inherited from a parent.\n")
    rows = cause_rows(view(text))
    assert {(r["cause"], r["condition"]) for r in rows} == {("new mutation", "chromosome 9q- syndrome")}
    text = ("What causes Quill syndrome? Quill syndrome is caused by mutations in the QSY1 gene. The condition does "
            "not occur as a new mutation.\n")
    assert "new mutation" not in {r["cause"] for r in cause_rows(view(text))}


def test_an_anaphor_for_the_members_listed_before(view):
    text = ("Many conditions can affect how much iron is in the brain. These conditions include kidney failure, "
            "diabetes, pregnancy, and iron deficiency. All of these conditions increase your risk of restless legs "
            "syndrome.\n")
    rows = cause_rows(view(text))
    causes = {r["cause_text"].lower() for r in rows if r["relation"] == "risk_factor"}
    assert {"kidney failure", "diabetes", "pregnancy", "iron deficiency"} <= causes
    assert not any(c.startswith("all of these") for c in causes)
    assert all(r["evidence"].startswith("These conditions include") for r in rows if r["cause_text"] == "pregnancy")


def test_occurs_with_higher_frequency_among_people_with(view):
    text = ("What causes Marsh syndrome? The condition appears to occur with higher frequency among individuals with "
            "chronic lung disease.\n")
    assert ("chronic lung disease", "marsh syndrome", "risk_factor") in _pairs(cause_rows(view(text)))


def test_at_an_increased_risk(view):
    text = "Smokers are at an increased risk of lung cancer.\n"
    assert ("smokers", "lung cancer", "risk_factor") in _pairs(cause_rows(view(text)))


def test_dashes_glued_to_their_items_after_spaces(view):
    text = ("What causes brindle cell carcinoma? Risk factors include:     -being over 50 years of age     -having fair "
            "skin     -having a history of extensive sun exposure\n")
    causes = {r["cause_text"] for r in cause_rows(view(text))}
    assert {"being over 50 years of age", "having fair skin", "having a history of extensive sun exposure"} <= causes


def test_a_class_of_foods_that_may_cause_x_include(view):
    # "gas" is no condition the vocabularies know: the cue's own words name it
    text = ("Some foods that may cause gas include\n\n"
            "- beans  - fruits such as pears and apples  - whole grains\n")
    rows = cause_rows(view(text))
    assert {"beans", "pears", "apples", "whole grains"} <= {r["cause_text"] for r in rows}
    assert all(r["hedged"] and r["relation"] == "causes" for r in rows)


def test_risk_that_increases_with_age(view):
    text = "Osteoarthritis is common. The chance of developing osteoarthritis increases with age.\n"
    assert ("age", "osteoarthritis", "risk_factor") in _pairs(cause_rows(view(text)))


def test_a_person_who_is_more_likely_to_develop(view):
    text = "A person who is overweight is more likely to develop osteoarthritis.\n"
    assert ("overweight", "osteoarthritis", "risk_factor") in _pairs(cause_rows(view(text)))
    text = "Women who have had gestational diabetes are more likely to develop osteoarthritis later in life.\n"
    assert ("gestational diabetes", "osteoarthritis", "risk_factor") in _pairs(cause_rows(view(text)))


def test_a_mutation_that_develops_spontaneously_or_is_inherited_from_a_parent(view):
    text = ("What causes Quill syndrome? Quill syndrome is caused by a mutation in the QSY1 gene. In the remaining "
            "cases, the gene mutation develops spontaneously. In a few cases, the mutation is inherited from a parent.\n")
    causes = {r["cause"] for r in cause_rows(view(text)) if r["condition"] == "quill syndrome"}
    assert {"new mutation", "inheritance"} <= causes
    text = ("What causes Quill syndrome? Quill syndrome is caused by mutations in the QSY1 gene. The mutation is not "
            "inherited from a parent and does not develop spontaneously.\n")
    assert not {"new mutation", "inheritance"} & {r["cause"] for r in cause_rows(view(text))}


def test_an_unnamed_genetic_cause_suspected_or_supported(view):
    text = ("What causes Quill syndrome? The exact cause of Quill syndrome is not known; however, a genetic cause is "
            "suspected based on the families identified.\n")
    assert ("genetic cause", "quill syndrome", "causes") in _pairs(cause_rows(view(text)))
    text = "What causes Quill syndrome? Rarely, it affects more than one family member. This supports a genetic cause.\n"
    assert ("genetic cause", "quill syndrome", "causes") in _pairs(cause_rows(view(text)))
    text = ("What causes Quill syndrome? There is no known genetic cause of Quill syndrome. Researchers are looking "
            "for a genetic cause that is likely.\n")
    assert "genetic cause" not in {r["cause_text"] for r in cause_rows(view(text))}
