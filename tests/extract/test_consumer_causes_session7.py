"""Issue #17, session 7: how NIDDK, NHLBI and GARD "causes" answers write their causes.
Sentence subjects that are a class with its examples, an apposition or "examples of" a
class; relative clauses inside a subject; risks raised with a modal ("can raise your risk
for"); "These factors may include …" after a sentence that names only "many factors";
"X occurs if/when …"; organ harm on the way to a named condition. Sentences are the
corpus's own or written the way these pages write."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows


def _pairs(rows):
    return {(r["cause_text"].lower(), r["condition"].lower(), r["relation"]) for r in rows}


def _causes(rows):
    return {r["cause_text"].lower() for r in rows}


def test_a_subject_class_with_examples_set_off_by_commas(view):
    text = ("Acquired conditions or factors, such as certain medicines, toxins, and infectious diseases, "
            "also can cause aplastic anemia.\n")
    rows = cause_rows(view(text))
    assert {"acquired conditions or factors", "toxins", "infectious diseases"} <= _causes(rows)
    assert all(r["hedged"] for r in rows)


def test_a_subject_class_with_examples_and_a_time_after_them(view):
    text = "A mothers use of illegal drugs, such as cocaine, during pregnancy may also cause kidney dysplasia.\n"
    causes = _causes(cause_rows(view(text)))
    assert "cocaine" in causes
    assert any(c.startswith("mothers use of illegal drugs") for c in causes)


def test_examples_of_an_inner_noun_are_not_causes(view):
    text = "Medicines for conditions such as anxiety and depression also can increase your risk of orthostatic hypotension.\n"
    causes = _causes(cause_rows(view(text)))
    assert "anxiety" not in causes and "depression" not in causes


def test_an_apposition_names_the_subject_again(view):
    rows = cause_rows(view("Glucagonoma, a rare tumor of the pancreas, can also cause diabetes.\n"))
    assert _pairs(rows) == {("glucagonoma", "diabetes", "causes")}


def test_examples_of_a_class(view):
    text = "Alzheimer's disease and Parkinson's disease are examples of neurological disorders that can cause insomnia.\n"
    causes = _causes(cause_rows(view(text)))
    assert {"alzheimer's disease", "parkinson's disease", "neurological disorders"} <= causes


def test_a_relative_clause_belongs_to_the_subject(view):
    causes = _causes(cause_rows(view("Imbalances in the substances that make up bile cause gallstones.\n")))
    assert causes == {"imbalances in the substances that make up bile"}
    # "that" after a verb of saying opens what is said
    assert _causes(cause_rows(view("Studies show that smoking causes lung cancer.\n"))) == {"smoking"}
    # a relative clause with a verb of its own: the noun phrase
    causes = _causes(cause_rows(view("A defect in the abdominal wall that is present at birth causes an indirect inguinal hernia.\n")))
    assert causes == {"defect in the abdominal wall"}


def test_a_risk_raised_with_a_modal(view):
    rows = cause_rows(view("An unhealthy diet can raise your risk for atherosclerosis.\n"))
    assert _pairs(rows) == {("unhealthy diet", "atherosclerosis", "risk_factor")}
    assert all(r["hedged"] for r in rows)


def test_a_risk_of_the_page_topic(view):
    text = ("What causes gestational diabetes? Gestational diabetes is caused by insulin resistance. "
            "Excessive weight gain during pregnancy may also increase risk.\n")
    pairs = _pairs(cause_rows(view(text)))
    assert ("excessive weight gain during pregnancy", "gestational diabetes", "risk_factor") in pairs


def test_these_factors_may_include_after_many_factors(view):
    text = ("What causes fibromuscular dysplasia? The cause of fibromuscular dysplasia is unknown. It is likely that "
            "there are many factors that contribute to the development of this condition. These factors may include "
            "blood vessel abnormalities, tobacco use, hormone levels, and genetic predispositions.\n")
    rows = cause_rows(view(text))
    assert _causes(rows) == {"blood vessel abnormalities", "tobacco use", "hormone levels", "genetic predispositions"}
    assert {r["condition"] for r in rows} == {"fibromuscular dysplasia"}
    assert all(r["hedged"] for r in rows)


def test_this_may_include_after_a_suspected_cause(view):
    text = ("What causes congenital anosmia? Scientists suspect that the condition occurs due to abnormal development "
            "of the olfactory system (the sensory system used for sense of smell) prior to birth. This may include "
            "abnormalities of the nasal cavity and/or malformations of the portion of the brain that processes sense "
            "of smell.\n")
    rows = cause_rows(view(text))
    causes = _causes(rows)
    # a bracket that glosses a word does not make the cause too long to be one
    assert any(c.startswith("abnormal development of the olfactory system") for c in causes)
    assert "abnormalities of the nasal cavity" in causes
    assert all(r["hedged"] for r in rows)  # "suspect", "may include"


def test_a_condition_that_occurs_if_or_when(view):
    text = "Gallstones may form if bile contains too much cholesterol, too much bilirubin, or not enough bile salts.\n"
    causes = _causes(cause_rows(view(text)))
    assert {"too much bilirubin", "not enough bile salts"} <= causes
    rows = cause_rows(view("Acromegaly occurs when the body produces too much growth hormone.\n"))
    assert {(r["condition"].lower(), r["relation"]) for r in rows} == {("acromegaly", "causes")}
    # an apposition after a comma ends the clause; it lists nothing
    text = ("Chandler's syndrome develops when the endothelium, the single layer of cells lining the inside of the "
            "cornea, fails to pump the aqueous humor from the cornea.\n")
    assert len(cause_rows(view(text))) <= 1
    # people are no circumstance
    assert cause_rows(view("Asthma attacks occur when you breathe in cold air.\n")) == []


def test_organ_harm_on_the_way_to_a_named_condition(view):
    text = ("Pancreatitis, cancer, and trauma can all harm the pancreatic beta cells or impair insulin production, "
            "thus causing diabetes.\n")
    rows = cause_rows(view(text))
    assert {r["condition"] for r in rows} == {"diabetes"}
    assert {"pancreatitis", "cancer", "trauma"} <= _causes(rows)
    assert all(r["hedged"] for r in rows)


def test_organ_harm_of_a_class_with_examples(view):
    text = "Cancer treatments, such as radiation and chemotherapy, also destroy the stem cells.\n"
    rows = cause_rows(view(text))
    assert {"radiation", "chemotherapy"} <= _causes(rows)
    assert all("stem cell" in r["condition"] for r in rows)
    # who describes the harm is no cause of it
    text = "Scientists have described several ways these viruses may damage or destroy beta cells.\n"
    assert cause_rows(view(text)) == []


def test_a_combination_of_kinds_of_factors_is_each_kind(view):
    text = "Adolescent idiopathic scoliosis probably results from a combination of genetic and environmental factors.\n"
    assert _causes(cause_rows(view(text))) == {"genetic factors", "environmental factors"}


def test_there_may_be_a_genetic_component(view):
    text = ("What causes jejunal atresia? Rarely, more than one family member can be affected by jejunal atresia, "
            "suggesting that there may be a genetic component in some cases.\n")
    rows = cause_rows(view(text))
    assert _pairs(rows) == {("genetic component", "jejunal atresia", "causes")}
    assert all(r["hedged"] for r in rows)
    # "there is no known genetic cause" states none
    assert cause_rows(view("In general, there is no known genetic cause for the majority of PCH1 cases.\n")) == []


def test_associated_with_an_increased_risk_is_a_risk(view):
    text = "Certain gene changes, including ones in HLA-DRB1 are associated with an increased risk for developing multiple sclerosis.\n"
    rows = cause_rows(view(text))
    assert {r["relation"] for r in rows} == {"risk_factor"}
    assert any("HLA-DRB1" in r["cause_text"] for r in rows)


def test_a_modal_ends_a_right_hand_cause(view):
    text = ("A baby with kidney dysplasia due to a genetic syndrome might also have problems of the digestive tract, "
            "nervous system, heart and blood vessels, or muscles and skeleton.\n")
    assert _causes(cause_rows(view(text))) == {"genetic syndrome"}


def test_thought_to_be_caused_by_and_a_mixture_of_kinds(view):
    text = "What causes ICP? It is thought to be caused by a mixture of genetic, hormonal, and environmental factors.\n"
    rows = cause_rows(view(text))
    assert _causes(rows) == {"genetic factors", "hormonal factors", "environmental factors"}
    assert all(r["hedged"] for r in rows)


def test_a_subject_list_gives_every_item(view):
    text = ("Food allergies, celiac disease, lactose intolerance, and dietary fructose intolerance are common causes "
            "of chronic diarrhea.\n")
    assert {"food allergies", "celiac disease", "lactose intolerance", "dietary fructose intolerance"} <= _causes(cause_rows(view(text)))


def test_the_most_important_known_risk_factor(view):
    rows = cause_rows(view("Increasing age is the most important known risk factor for Alzheimer's disease.\n"))
    assert _pairs(rows) == {("increasing age", "alzheimer disease", "risk_factor")}


def test_a_condition_no_vocabulary_knows_named_by_its_head_noun(view):
    text = "Certain medications, including some common antibiotics and antihistamines, can cause problems with smell.\n"
    assert {r["condition"] for r in cause_rows(view(text))} == {"problems with smell"}
    # "contribute to causing the disorder" names no condition of its own
    assert cause_rows(view("Some of these genes likely contribute to causing the disorder.\n")) == []


def test_a_belief_the_text_calls_wrong_is_negated(view):
    text = "Some people incorrectly believe that eating certain foods, stress, or emotional distress can cause Crohn's disease.\n"
    rows = cause_rows(view(text))
    assert rows and all(r["negated"] for r in rows)


def test_the_object_a_relative_clause_is_about(view):
    text = "What causes kidney stones? Some children have metabolic disorders that lead to kidney stones.\n"
    assert _causes(cause_rows(view(text))) == {"metabolic disorders"}


def test_occurs_when_there_is(view):
    text = "MECP2 duplication syndrome occurs when there is an extra copy (duplication) of the MECP2 gene in each cell.\n"
    causes = _causes(cause_rows(view(text)))
    assert len(causes) == 1 and next(iter(causes)).startswith("extra copy")


def test_usually_responsible_for_and_the_most_common_underlying_cause(view):
    text = ("Norovirus is usually responsible for epidemics of viral gastroenteritis. Coronary heart disease is the "
            "most common underlying cause of a heart attack.\n")
    assert {"norovirus", "coronary heart disease"} <= _causes(cause_rows(view(text)))


def test_a_relative_clause_does_not_make_a_cause_too_long(view):
    text = "A cystocele may result from damage to the muscles and tissues that hold the pelvic organs up inside the pelvis.\n"
    assert _causes(cause_rows(view(text))) == {"damage to the muscles and tissues that hold the pelvic organs up inside the pelvis"}


def test_most_often_caused_by(view):
    text = "What causes kidney disease? Kidney disease is most often caused by diabetes or high blood pressure.\n"
    assert {"diabetes", "high blood pressure"} <= _causes(cause_rows(view(text)))


def test_the_causes_probably_include(view):
    text = "What causes gout? The causes probably include a mix of genetic, environmental, and lifestyle factors.\n"
    rows = cause_rows(view(text))
    assert _causes(rows) == {"genetic factors", "environmental factors", "lifestyle factors"}
    assert {r["condition"] for r in rows} == {"gout"}


def test_puts_a_person_at_risk_and_a_risk_factor_of_the_topic(view):
    rows = cause_rows(view("Exposure to radon can put a person at risk for lung cancer, too.\n"))
    assert _pairs(rows) == {("exposure to radon", "lung cancer", "risk_factor")}
    rows = cause_rows(view("What causes glaucoma? In addition to age, eye pressure is a risk factor.\n"))
    assert _pairs(rows) == {("eye pressure", "glaucoma", "risk_factor")}


def test_a_buildup_of_a_substance_is_a_condition(view):
    rows = cause_rows(view("Drinking too much alcohol can lead to a buildup of uric acid.\n"))
    assert {r["condition"] for r in rows} == {"buildup of uric acid"}


def test_a_number_of_medications_then_they_include(view):
    text = ("A number of medications may put people at risk for developing hyperuricemia and gout. They include "
            "diuretics, salicylate-containing drugs, and niacin.\n")
    causes = _causes(cause_rows(view(text)))
    assert "diuretics" in causes and not any(c.startswith("number of") for c in causes)


def test_a_right_hand_effect_runs_past_a_modal(view):
    text = ("What causes acromegaly? High levels of IGF-I also cause changes in glucose (sugar) and lipid (fat) "
            "metabolism and can lead to diabetes, high blood pressure, and heart disease.\n")
    assert {"diabetes", "heart disease"} <= {r["condition"] for r in cause_rows(view(text))}


def test_a_contraction_without_its_apostrophe_is_the_topic(view):
    text = "What causes cardiomyopathy? Its caused by a mutation or change in some of the genes in heart muscle proteins.\n"
    assert {r["condition"] for r in cause_rows(view(text))} == {"cardiomyopathy"}


def test_also_a_risk_factor_for(view):
    text = "Having a family history of diabetes is also a risk factor for gestational diabetes.\n"
    assert {(r["condition"], r["relation"]) for r in cause_rows(view(text))} == {("gestational diabetes", "risk_factor")}
