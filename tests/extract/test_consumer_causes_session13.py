"""Issue #17, session 13: constructions of consumer "causes" pages read from the misses of the
session-11 fresh batch and the dev part, each checked on 607 non-gold MedQuAD causes answers:
lists whose items semicolons part, a page's bulleted list glued into one run of words, "It is
unclear how an increase in A and B causes …", "Several theories have been proposed, including
…", "A woman's chances of developing X increase with age", "It may be due to X" (a modal verb
group before "due to"). Examples are invented, written the way these pages write."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows


def _pairs(rows):
    return {(r["cause_text"].lower(), r["condition"].lower(), r["relation"]) for r in rows}


def test_a_list_parted_by_semicolons_gives_every_item(view):
    text = ("What causes chronic snoring? Many factors can contribute. For example, common triggers for snoring "
            "include alcohol; nasal congestion; sleeping pills; and/or being overweight.\n")
    rows = cause_rows(view(text))
    causes = {r["cause_text"] for r in rows if r["relation"] == "causes"}
    assert {"alcohol", "nasal congestion", "sleeping pills", "being overweight"} <= causes
    assert all(r["relation"] == "causes" for r in rows)  # a medicine in a list of causes is a cause
    text = ("What causes Quill disease? The cause is unknown. Other possible risk factors for Quill disease include "
            "diabetes mellitus; obesity; exposure to high heat (such as a fever) in early pregnancy; and smoking.\n")
    causes = {r["cause_text"] for r in cause_rows(view(text)) if r["relation"] == "risk_factor"}
    assert {"diabetes mellitus", "obesity", "smoking"} <= causes


def test_semicolons_between_clauses_make_no_list(view):
    text = ("What causes Quill disease? Quill disease is caused by a toxin; it is found in soil; people "
            "breathe it in.\n")
    causes = {r["cause_text"] for r in cause_rows(view(text))}
    assert "it is found in soil" not in causes and "people breathe it in" not in causes


def test_a_list_glued_into_one_run_of_words_names_no_cause(view):
    text = ("What causes chronic yawning? Chronic yawning can also be associated with a variety of health problems "
            "including: Stroke and other conditions that irritate the brainstem Heart abnormalities (i.e. "
            "arrhythmias, infarction) Metabolic disorders Psychological problems such as anxiety, fear, and "
            "personality disorders Liver abnormalities For a comprehensive listing of factors that can cause "
            "chronic yawning, please click here.\n")
    rows = cause_rows(view(text))
    assert not [r for r in rows if "Metabolic disorders" in r["cause_text"] or r["cause_text"] in ("fear", "anxiety")]


def test_a_list_of_proper_names_is_no_glued_list(view):
    text = ("What causes pilomatrixoma? Rarely, pilomatrixomas occur in people with certain genetic syndromes "
            "such as Gardner syndrome, myotonic dystrophy, and Rubinstein-Taybi syndrome.\n")
    causes = {r["cause_text"] for r in cause_rows(view(text))}
    assert {"Gardner syndrome", "Rubinstein-Taybi syndrome"} <= causes


def test_unclear_how_an_increase_in_two_substances_causes(view):
    text = ("What causes Quill disease? It is unclear how an increase in GABA and GHB causes seizures, "
            "developmental delay, and other signs and symptoms of Quill disease.\n")
    rows = cause_rows(view(text))
    pairs = _pairs(rows)
    assert ("increase in gaba", "seizure", "causes") in pairs
    assert ("increase in ghb", "seizure", "causes") in pairs
    assert all(r["relation"] == "causes" for r in rows)  # the body's own GHB is no medicine given


def test_theories_of_an_unknown_cause(view):
    text = ("What causes Quill disease? The cause of Quill disease is unknown. Several theories have been "
            "proposed, including chronic inflammation, trauma (injury to the joint), and infection.\n")
    rows = cause_rows(view(text))
    assert {"chronic inflammation", "infection"} <= {r["cause_text"] for r in rows}
    assert all(r["hedged"] and r["condition"] == "quill disease" for r in rows)


def test_chances_increase_with_age(view):
    text = ("What causes a rectocele? A womans chances of developing a rectocele increase with age, possibly "
            "because of weakening muscles from aging.\n")
    rows = cause_rows(view(text))
    assert [r["cause"] for r in rows if r["relation"] == "risk_factor"] == ["older age"]
    text = "What causes atrial fibrillation? The risk of atrial fibrillation increases as you age.\n"
    assert [r["cause"] for r in cause_rows(view(text))] == ["older age"]


def test_it_may_be_due_to(view):
    text = "What causes Quill disease? Scientists suspect that it may be due to reduced blood flow to the bone.\n"
    rows = cause_rows(view(text))
    assert [(r["cause_text"], r["condition"]) for r in rows] == [("reduced blood flow to the bone", "quill disease")]
    assert rows[0]["hedged"]


def test_a_pronoun_after_an_opening_clause_is_about_that_clause(view):
    text = ("Leaking urine can happen for many reasons. Short periods of leaking urine can happen because of "
            "constipation. When leaking urine lasts longer, it may be due to weak bladder muscles.\n")
    rows = cause_rows(view(text))
    assert not [r for r in rows if r["cause_text"] == "weak bladder muscles" and r["condition"] == "constipation"]


def test_a_relative_clause_verb_is_no_claim_of_the_sentence(view):
    text = ("What causes Quill chondromatosis? Secondary Quill chondromatosis often occurs when there is "
            "pre-existent osteoarthritis, neuropathic osteoarthropathy (which often occurs in diabetic "
            "individuals), or tuberculosis.\n")
    rows = cause_rows(view(text))
    assert not [r for r in rows if r["condition"] == "neuropathic osteoarthropathy"]


def test_a_verb_of_happening_is_no_cause(view):
    text = ("What causes Quill anemia? This condition can also be caused by or occur with another disorder, or "
            "rarely, occur following the use of certain drugs.\n")
    causes = {r["cause_text"].lower() for r in cause_rows(view(text))}
    assert not [c for c in causes if c.startswith("occur")]


def test_a_gloss_between_commas_is_no_list(view):
    # "A mutation, or change, in the JAK2 gene", "caused by mutations, or changes, in a single gene" (NIH pages)
    text = "What causes Quill diabetes? Quill diabetes is caused by mutations, or changes, in a single gene.\n"
    assert [r["cause"] for r in cause_rows(view(text))] == ["mutations in a single gene"]
    text = ("What causes Quill vera? Quill vera (QV) is rare. A mutation, or change, in the QV1 gene is the main "
            "cause of QV.\n")
    assert [r["cause"] for r in cause_rows(view(text))] == ["mutation in the QV1 gene"]


def test_a_predicate_joined_to_the_verb_group_keeps_the_subject(view):
    text = ("What causes juvenile Quill sclerosis? Juvenile Quill sclerosis is often genetic and may be caused by "
            "mutations in the QS2 gene.\n")
    rows = cause_rows(view(text))
    assert [(r["cause"], r["condition"]) for r in rows] == [("mutations in the QS2 gene", "juvenile quill sclerosis")]


def test_a_predisposing_factor(view):
    text = ("What causes Quill sarcoma? The cause of Quill sarcoma is unknown but an injury to the affected skin may "
            "be a predisposing factor.\n")
    rows = cause_rows(view(text))
    assert [(r["cause_text"], r["relation"], r["hedged"]) for r in rows] == [("injury to the affected skin", "risk_factor", True)]
    text = "What causes Quill sarcoma? No predisposing factors for Quill sarcoma have been identified.\n"
    assert not cause_rows(view(text))


def test_the_risk_of_a_group_with_something(view):
    text = "What causes Quill cataract? People with diabetes are also at increased risk for Quill cataract and glaucoma.\n"
    pairs = _pairs(cause_rows(view(text)))
    assert {("diabetes", "quill cataract", "risk_factor"), ("diabetes", "glaucoma", "risk_factor")} <= pairs
    text = ("What causes heart failure? People who have had a heart attack are at high risk of developing heart "
            "failure.\n")
    assert {r["relation"] for r in cause_rows(view(text))} == {"risk_factor"}
    text = ("What causes nighttime enuresis? Children with ADHD are three times more likely to have nighttime "
            "enuresis than children without ADHD.\n")
    assert ("adhd", "nighttime enuresis", "risk_factor") in _pairs(cause_rows(view(text)))


def test_the_risk_of_a_group_itself(view):
    text = "What causes heart failure? African Americans are more likely to have heart failure than people of other races.\n"
    assert ("african americans", "heart failure", "risk_factor") in _pairs(cause_rows(view(text)))
    text = ("What causes Quill diabetes? People who develop Quill diabetes are more likely to have the following "
            "characteristics: obesity.\n")
    assert not [r for r in cause_rows(view(text)) if r["condition"] == "obesity"]


def test_what_makes_a_person_more_likely_to_develop(view):
    text = ("What causes primary biliary cirrhosis? Heavy alcohol use over several years can make a person more "
            "likely to develop primary biliary cirrhosis.\n")
    rows = cause_rows(view(text))
    assert [(r["cause_text"], r["relation"]) for r in rows] == [("Heavy alcohol use over several years", "risk_factor")]


def test_susceptibility_stated_of_a_cause(view):
    text = ("What causes Quill diabetes? Studies have shown that variants of the QD7 gene increase susceptibility "
            "to Quill diabetes.\n")
    assert ("variants of the qd7 gene", "quill diabetes", "risk_factor") in _pairs(cause_rows(view(text)))
    text = ("What causes Quill disease? First, it is believed that abnormalities of the immune system make some "
            "people susceptible to the disease.\n")
    rows = cause_rows(view(text))
    assert [(r["cause_text"], r["relation"], r["hedged"]) for r in rows] == [
        ("abnormalities of the immune system", "risk_factor", True)]
    text = ("What causes Quill diabetes? Heredity plays an important part in determining who is likely to develop "
            "Quill diabetes.\n")
    assert ("heredity", "quill diabetes", "risk_factor") in _pairs(cause_rows(view(text)))
    text = "What causes Quill disease? No genes have been shown to increase susceptibility to Quill disease.\n"
    assert not cause_rows(view(text))


def test_may_be_a_trigger_of(view):
    text = ("What causes Quill diabetes? Recent research suggests insulin itself may be a key trigger of Quill "
            "diabetes.\n")
    rows = cause_rows(view(text))
    assert [(r["cause_text"], r["relation"], r["hedged"]) for r in rows] == [("insulin", "causes", True)]


def test_triggers_and_contributing_factors_include(view):
    text = ("What causes Quill cutis? Factors that may contribute include genetic factors; teratogens such as "
            "methimazole and valproic acid; compromised vasculature to the skin; and trauma.\n")
    rows = cause_rows(view(text))
    assert {"genetic factors", "compromised vasculature to the skin", "trauma"} <= {r["cause_text"] for r in rows}
    assert all(r["condition"] == "quill cutis" and r["hedged"] for r in rows)
    text = "What causes Quill disease? Environmental triggers: suspected triggers may include infections; injury; and stress.\n"
    assert {"infections", "injury", "stress"} <= {r["cause_text"] for r in cause_rows(view(text))}
    text = ("What causes psoriasis? Factors that may trigger psoriasis or make it worse include cold weather, "
            "injury to the skin, and infections.\n")
    assert ("cold weather", "psoriasis", "causes") in _pairs(cause_rows(view(text)))


def test_proposed_as_possible_contributors(view):
    text = ("What causes Quill sclerosis? Over the years, various types of environmental exposures have been "
            "proposed as possible contributors to the cause of Quill sclerosis, including mercury, manganese, and "
            "physical trauma.\n")
    rows = cause_rows(view(text))
    assert {"mercury", "manganese", "physical trauma"} <= {r["cause_text"] for r in rows}
    assert all(r["hedged"] for r in rows)


def test_an_abbreviation_with_a_type_number(view):
    text = ("What causes mucopolysaccharidosis I (MPS I)? Mutations in the QUA gene cause MPS I. The QUA gene provides "
            "instructions for producing an enzyme that is involved in the breakdown of large sugar molecules called "
            "glycosaminoglycans (GAGs). Mutations in the QUA gene reduce or completely eliminate the function of the "
            "QUA enzyme. The lack of QUA enzyme activity leads to the accumulation of GAGs within cells, specifically "
            "inside the lysosomes. Lysosomes are compartments in the cell that digest and recycle molecules.\n")
    rows = cause_rows(view(text))
    assert ("Mutations in the QUA gene", "mucopolysaccharidosis") in {(r["cause_text"], r["condition"]) for r in rows}


def test_the_noun_a_relative_clause_makes_a_claim_of(view):
    text = ("What causes kidney disease? Another hereditary disease is Alport syndrome, which is caused by "
            "mutations in the QP5 gene. It affects the kidneys and the ears of affected people.\n")
    assert ("mutations in the QP5 gene", "alport syndrome") in {(r["cause"], r["condition"]) for r in cause_rows(view(text))}


def test_medicines_known_to_cause_include(view):
    text = ("What causes pulmonary fibrosis? Medicines that are known to cause pulmonary fibrosis in some people "
            "include nitrofurantoin, amiodarone, and methotrexate.\n")
    rows = cause_rows(view(text))
    assert {("nitrofurantoin", "causes"), ("amiodarone", "causes")} <= {(r["cause_text"], r["relation"]) for r in rows}


# --- review (session 13): what the page patterns must not read ---------------------------------

def test_a_leaflets_warning_to_its_reader_is_no_group_at_risk(view):
    from .conftest import LEAFLET_HEAD, LEAFLET_TAIL

    warning = ("Check your skin regularly for new skin cancer, as you may be at greater risk of developing skin "
               "cancers when taking Brufex. People with diabetes are at increased risk of developing kidney disease.\n")
    dosing = "3. How to take Brufex\n\nThe recommended dose is one tablet a day.\n\n"
    rows = cause_rows(view(LEAFLET_HEAD + dosing + warning + LEAFLET_TAIL))
    assert not any(r["cause_text"].lower().startswith(("as you", "you")) for r in rows)
    assert not any(r["extractor"].startswith("page.") for r in rows)  # a leaflet is no consumer page
    rows = cause_rows(view("What causes kidney disease? " + warning))
    assert not any(r["cause_text"].lower().startswith(("as you", "you")) for r in rows)


def test_who_knows_why_is_no_cause(view):
    text = ("What causes Quill disease? Doctors do not know why diabetes makes people more likely to get Quill "
            "disease. Your baby is more likely to have jaundice if born early.\n")
    rows = cause_rows(view(text))
    assert not any(r["cause_text"].lower() in ("doctors", "your baby") for r in rows)


def test_where_a_disease_can_occur_is_no_cause(view):
    text = ("What causes soft tissue sarcoma? Soft tissue sarcoma is a cancer. It can occur in muscles, blood "
            "vessels or fat tissue. It may be due to radiation therapy.\n")
    causes = {r["cause_text"].lower() for r in cause_rows(view(text))}
    assert not causes & {"muscles", "blood vessels", "fat tissue"}
    assert "radiation therapy" in causes
