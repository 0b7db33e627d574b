"""Issue #17, session 14: constructions of consumer "causes" pages found by reading 60 non-gold
MedQuAD causes answers drawn across their sources (GARD, NIDDK, NHLBI, NIHSeniorHealth,
CancerGov) and checked on all 599 non-gold causes answers: a cause whose role names no
condition ("Hormones appear to play a role"), "X is more common in people who have Y", a list
announced by "These diseases and conditions include:", and cause arguments that name no cause
(indirect questions, pointers, predicate adjectives). Examples are invented, written the way
these pages write."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows


def _pairs(rows):
    return {(r["cause_text"].lower(), r["condition"].lower(), r["relation"], r["hedged"]) for r in rows}


def test_a_role_that_names_no_condition_is_a_cause_of_the_topic(view):
    text = ("What causes Quill disease? The cause of Quill disease is not known. It has also been suggested that "
            "folate deficiency during pregnancy might play a role, because the condition is related to spina bifida.\n")
    assert ("folate deficiency during pregnancy", "quill disease", "causes", True) in _pairs(cause_rows(view(text)))
    text = "What causes Quill disease? The cause is unknown. Genetics may also play a part.\n"
    assert ("genetics", "quill disease", "causes", True) in _pairs(cause_rows(view(text)))


def test_no_role_when_the_sentence_denies_or_asks(view):
    text = "What causes Quill disease? No one knows whether genes play a role.\n"
    assert cause_rows(view(text)) == []
    text = ("What causes Quill disease? In addition, some have suggested that overexpression of a growth factor, "
            "which is found in the stomach lining, the superficial gastric epithelium, might play a role.\n")
    assert not [r for r in cause_rows(view(text)) if "epithelium" in r["cause_text"]]


def test_more_common_in_people_who_have(view):
    text = ("What causes Quill syndrome? Doctors are not sure. Although it is more common in women who have "
            "preeclampsia or pregnancy induced hypertension (high blood pressure), many women get it without signs of "
            "preeclampsia.\n")
    pairs = _pairs(cause_rows(view(text)))
    assert ("preeclampsia", "quill syndrome", "risk_factor", False) in pairs
    text = "Primary biliary cirrhosis is more common in people who have a parent or sibling with the disease.\n"
    rows = cause_rows(view(text))
    assert [(r["relation"], r["condition"]) for r in rows] == [("risk_factor", "primary biliary cirrhosis")]
    text = "What causes Quill disease? Quill disease usually occurs in people who are otherwise healthy.\n"
    assert cause_rows(view(text)) == []


def test_a_list_announced_by_these_diseases_and_conditions_include(view):
    text = ("Some diseases and conditions can disrupt the body's normal blood clotting process and lead to "
            "disseminated intravascular coagulation (DIC). These diseases and conditions include:\n\n"
            "Sepsis (an infection in the bloodstream)\n\nSurgery and trauma\n\nCancer\n\n"
            "The two types of DIC are acute and chronic.\n")
    listed = {r["cause_text"] for r in cause_rows(view(text)) if r["extractor"] == "cause.listed_after_claim"}
    assert {"Sepsis", "Surgery", "trauma", "Cancer"} <= listed


def test_cause_arguments_that_name_no_cause(view):
    for text in ("What causes Quill syndrome? Doctors are still unclear on what exactly causes Quill syndrome.\n",
                 "What causes Quill disease? Scientists are unsure about what causes Quill disease.\n",
                 "What causes Quill disease? The underlying causes of Quill disease are multiple and diverse.\n",
                 "What causes skin cancer? Learn more about the causes and risk factors for skin cancer.\n"):
        assert cause_rows(view(text)) == [], text


def test_more_likely_with_a_factor_and_infected_with(view):
    text = ("What causes cirrhosis? People infected with chronic hepatitis B and chronic hepatitis D are more likely to "
            "develop cirrhosis than people infected with chronic hepatitis B alone.\n")
    pairs = {(r["cause_text"].lower(), r["condition"], r["relation"]) for r in cause_rows(view(text))}
    assert ("chronic hepatitis d", "cirrhosis", "risk_factor") in pairs
    text = "What causes Quill disease? Children with asthma are three times more likely to have Quill disease.\n"
    pairs = {(r["cause_text"].lower(), r["condition"], r["relation"]) for r in cause_rows(view(text))}
    assert ("asthma", "quill disease", "risk_factor") in pairs


def test_a_list_glued_after_its_colon_gives_one_cause_per_item(view):
    text = ("What causes Quill disease? Risk factors for Quill disease include: Hypertension Smoking "
            "Hypercholesterolemia Heart disease Diabetes mellitus\n")
    rows = cause_rows(view(text))
    assert {r["cause_text"] for r in rows} == {"Hypertension", "Smoking", "Hypercholesterolemia", "Heart disease",
                                              "Diabetes mellitus"}
    assert {r["relation"] for r in rows} == {"risk_factor"}
    text = ("What causes Quill disease? Risk factors include: A personal or family history of Quill disease A history "
            "of liver disease A multiple gestation pregnancy Approximately 15% of women with Quill disease have a "
            "mutation in the ABCB11 gene.\n")
    causes = {r["cause_text"] for r in cause_rows(view(text)) if r["relation"] == "risk_factor"}
    assert {"history of liver disease", "multiple gestation pregnancy"} <= causes
    assert not [c for c in causes if "Approximately" in c or "women" in c]


def test_a_glued_list_keeps_its_brackets_and_stops_at_pointers(view):
    text = ("What causes Quill disease? Other causes may include: Head trauma (e.g. boxing and varied injuries, "
            "Birth trauma) Malnutrition Cranial radiation\n")
    causes = {r["cause_text"] for r in cause_rows(view(text))}
    assert {"Head trauma", "Malnutrition", "Cranial radiation"} <= causes
    assert all(r["hedged"] for r in cause_rows(view(text)))  # "may include"
    text = ("What causes Quill disease? The cause is unknown. The following online resources provide more information "
            "on the cause of Quill disease: American Academy of Otolaryngology Medscape Reference Congenital "
            "Malformations of the Larynx\n")
    assert cause_rows(view(text)) == []


def test_a_verb_left_over_from_a_relative_clause_is_no_cause(view):
    text = ("What causes Quill colitis? Some scientists believe that viral infections that cause inflammation in the "
            "GI tract may play a role in causing Quill colitis.\n")
    assert not [r for r in cause_rows(view(text)) if r["cause_text"].lower().startswith("cause")]
    text = ("Researchers have also found that key signals come from fat cells, which produce substances that cause "
            "inflammation and insulin resistance.\n")
    assert not [r for r in cause_rows(view(text)) if r["cause_text"].startswith("produce")]


def test_second_most_common_and_likely_the_major_cause(view):
    text = "What causes cirrhosis? Alcoholism is the second most common cause of cirrhosis in the United States.\n"
    assert [(r["cause_text"], r["condition"], r["hedged"]) for r in cause_rows(view(text))] == [("Alcoholism", "cirrhosis", False)]
    text = "What causes cirrhosis? For these reasons, hepatitis B is likely the major cause of cirrhosis worldwide.\n"
    assert [(r["cause_text"], r["condition"], r["hedged"]) for r in cause_rows(view(text))] == [("hepatitis B", "cirrhosis", True)]


def test_who_or_where_a_condition_occurs_is_no_cause(view):
    for text in ("What causes UPJ obstruction? UPJ obstruction usually occurs in only one kidney.\n",
                 "What causes prune belly syndrome? Prune belly syndrome usually occurs in boys.\n",
                 "What causes type 2 diabetes? Type 2 diabetes occurs more frequently in African Americans, Alaska "
                 "Natives, American Indians, and Hispanics/Latinos.\n"):
        assert not [r for r in cause_rows(view(text)) if r["relation"] == "causes"], text
    text = "What causes osteosclerosis? Secondary osteosclerosis occurs in renal insufficiency.\n"
    assert [r["cause_text"] for r in cause_rows(view(text))] == ["renal insufficiency"]


def test_a_cause_held_open_by_whether_is_hedged_and_named_alone(view):
    text = ("What causes periodontitis? But so far, it has not been determined whether periodontal disease is the cause "
            "of heart disease.\n")
    assert [(r["cause_text"], r["hedged"]) for r in cause_rows(view(text))] == [("periodontal disease", True)]


def test_nothing_and_leftover_verbs_are_no_causes(view):
    text = ("What causes 47,XYY syndrome? Importantly, there is nothing either parent can do (or not do) to cause or "
            "prevent 47,XYY syndrome.\n")
    assert cause_rows(view(text)) == []
    text = "What causes osteoarthritis? Osteoarthritis occurs when the cartilage begins to fray, wear away, and decay.\n"
    assert "wear away" not in {r["cause_text"] for r in cause_rows(view(text))}


def test_a_sentence_that_ends_at_the_cause(view):
    text = "What causes pleurisy? Many conditions can cause pleurisy. Viral infections are likely the most common cause.\n"
    assert ("viral infections", "pleurisy", "causes", True) in _pairs(cause_rows(view(text)))
    text = ("What causes Quill syndrome? In less than 1 percent of cases, a mutation in the NOTCH2 gene is the cause.\n")
    assert ("mutation in the notch2 gene", "quill syndrome", "causes", False) in _pairs(cause_rows(view(text)))
    text = "What causes Quill disease? Stress is not the cause.\n"
    assert not [r for r in cause_rows(view(text)) if not r["negated"]]


def test_an_illness_no_vocabulary_knows_and_a_quantified_abbreviation(view):
    text = "Foodborne illnesses are infections of the GI tract. Many types of bacteria cause foodborne illnesses.\n"
    assert {r["condition"] for r in cause_rows(view(text))} == {"foodborne illnesses"}
    text = ("A urinary tract infection (UTI) is an infection in the urinary tract. The bacterium Escherichia coli "
            "causes most UTIs.\n")
    assert {r["condition"] for r in cause_rows(view(text))} == {"urinary tract infection"}


def test_examples_inside_an_items_gloss_are_not_causes(view):
    text = ("Foodborne illnesses are infections of the GI tract. Many types of bacteria cause foodborne illnesses, "
            "including\n- Salmonella, a bacterium found in many foods, including raw and undercooked meat, poultry, "
            "dairy products, and seafood\n- Toxins, such as pesticides, arsenic, and benzene\n")
    causes = {r["cause_text"] for r in cause_rows(view(text))}
    assert {"Salmonella", "Toxins", "arsenic"} <= causes
    assert not causes & {"poultry", "seafood", "dairy products", "bacterium found in many foods"}


def test_a_glossed_list_item_is_its_name(view):
    text = ("What causes cirrhosis? Inherited diseases can cause cirrhosis. Examples include\n"
            "- cystic fibrosis, an inherited disease of the lungs, intestines, pancreas, and bile ducts\n"
            "- Wilson disease, a condition in which copper builds up in the body\n")
    causes = {r["cause_text"] for r in cause_rows(view(text))}
    assert "cystic fibrosis" in causes
    assert not causes & {"intestines", "pancreas", "bile ducts", "inherited disease of the lungs"}


def test_remnants_of_a_quantifier_name_no_cause(view):
    text = ("What causes anemia of inflammation? Some of the chronic diseases that lead to anemia of inflammation "
            "include infectious and inflammatory diseases, kidney disease, and cancer.\n")
    assert not [r for r in cause_rows(view(text)) if r["cause_text"].startswith("of ")]
    text = "What causes orthostatic hypotension? Some of these factors also can cause orthostatic hypotension.\n"
    assert cause_rows(view(text)) == []


def test_members_a_class_sentence_lists_cause_what_the_class_causes(view):
    text = ("What causes anemia of inflammation? Some of the chronic diseases that lead to anemia of inflammation "
            "include inflammatory diseases, kidney disease, and cancer.\n")
    pairs = {(r["cause_text"], r["condition"]) for r in cause_rows(view(text))}
    assert {("kidney disease", "anemia of inflammation"), ("cancer", "anemia of inflammation")} <= pairs
    text = ("What causes proctitis? Common STD infections that can cause proctitis include gonorrhea, chlamydia, "
            "syphilis, and herpes.\n")
    rows = cause_rows(view(text))
    assert {r["cause_text"] for r in rows} >= {"gonorrhea", "chlamydia", "syphilis", "herpes"}
    assert {r["condition"] for r in rows} == {"proctitis"}  # not "STD infections cause gonorrhea"


def test_what_medicines_are_for_is_no_cause_of_their_harm(view):
    text = ("What causes dry mouth? As an example, medicines for urinary incontinence, allergies, high blood pressure, "
            "and depression often cause dry mouth.\n")
    assert not [r for r in cause_rows(view(text)) if r["cause_text"] in ("depression", "allergies")]
    text = ("What causes dry mouth? Some medicines, such as antidepressants and antihistamines, can cause dry mouth. "
            "Other causes are radiation therapy for head and neck cancers, smoking, and some surgeries.\n")
    causes = {r["cause_text"] for r in cause_rows(view(text))}
    assert {"antidepressants", "antihistamines", "smoking"} <= causes
