"""Issue #17, session 11: causes on consumer health pages written the way MedQuAD "What causes
X?" answers write them, checked on pages in no gold. Sentences from the corpus."""
from __future__ import annotations

from pipeline.extract.causes import cause_rows


def _pairs(rows):
    return {(r["cause"].lower(), r["condition"].lower(), r["relation"]) for r in rows}


def test_members_of_a_vague_class_named_after_the_condition(view):
    # NEI dry eye page: the class ("Many factors") is no cause, its members after the condition are
    rows = cause_rows(view("What causes dry eye? Many factors can lead to dry eye, including aging, medications, "
                           "problems with eyelid function, disease, some types of surgery, environmental factors, and allergies."))
    examples = [r for r in rows if r["extractor"] == "cause.class_examples"]
    assert {"aging", "problems with eyelid function", "environmental factors"} <= {r["cause"].lower() for r in examples}
    assert {r["condition"] for r in examples} == {"dry eye"}
    assert all(r["hedged"] for r in examples)  # the class "can lead to"
    assert not any("many factors" in r["cause"].lower() for r in rows)


def test_a_right_hand_list_of_effects_no_vocabulary_knows(view):
    rows = cause_rows(view("What causes Whipple disease? Whipple disease is caused by the bacterium Tropheryma whipplei. "
                           "T. whipplei infection can cause internal sores, also called lesions, and thickening of tissues "
                           "in the small intestine."))
    conditions = {r["condition"].lower() for r in rows if "whipplei infection" in r["cause"].lower()}
    assert "internal sores" in conditions
    assert "thickening of tissues in the small intestine" in conditions
    assert not any(c.startswith(("also called", "lesions")) for c in conditions)  # the apposition renames


def test_infections_as_a_kind_of_cause(view):
    # NHLBI pages list "Infections" as a heading and then say what they do
    rows = cause_rows(view("What causes ARDS? Infections can inflame the lungs."))
    assert any(r["cause"].lower() == "infections" and "lung" in r["condition"].lower() for r in rows)


def test_what_people_with_the_condition_carry_in_their_genes(view):
    rows = cause_rows(view("What causes cherubism? About 80 percent of people with cherubism have a mutation in the SH3BP2 gene."))
    assert ("mutation in the sh3bp2 gene", "cherubism", "causes") in _pairs(rows)
    rows = cause_rows(view("Not all people with cherubism have a mutation in the SH3BP2 gene."))
    assert not any(r["extractor"] == "page.people_with_have_mutation" for r in rows)


def test_people_who_do_not_have_a_mutation(view):
    # GARD juvenile retinoschisis page: of some, only that they lack the mutation
    rows = cause_rows(view("What causes juvenile retinoschisis? Some individuals with juvenile retinoschisis do not have "
                           "a mutation in the RS1 gene."))
    assert not any(r["extractor"] == "page.people_with_have_mutation" for r in rows)


def test_a_class_of_medicines_before_its_examples_is_a_cause(view):
    # NIDDK and NHLBI pages: "Some medications, such as A and B, can impair beta cells"; the
    # class is a cause with its examples (GUIDELINES_genres.md: class row plus one per example)
    rows = cause_rows(view("What causes diabetes? Some medications, such as nicotinic acid and certain types of diuretics, "
                           "anti-seizure drugs, psychiatric drugs, and drugs to treat human immunodeficiency virus (HIV), can impair "
                           "beta cells or disrupt insulin action."))
    causes = {r["cause"].lower() for r in rows}
    assert {"medications", "nicotinic acid", "psychiatric drugs"} <= causes
    rows = cause_rows(view("Restless legs syndrome (RLS) is a disorder. Certain substances, such as alcohol and tobacco, also can "
                           "trigger or worsen RLS symptoms."))
    assert {"substances", "alcohol", "tobacco"} <= {r["cause"].lower() for r in rows}


def test_a_generic_class_without_examples_stays_no_cause(view):
    rows = cause_rows(view("What causes diabetes? Some medications can impair beta cells."))
    assert not any(r["cause"].lower() in ("medications", "some medications") for r in rows)


def test_two_genes_joined_by_and_or_or_are_two_causes(view):
    # GARD pages: "mutations in the SLCO1B1 and SLCO1B3 genes", "in either the WNK1 or WNK4 genes"
    # (GUIDELINES_genres.md: a coordinated gene list gives one row per gene)
    rows = cause_rows(view("What causes Rotor syndrome? Rotor syndrome is caused by mutations in the SLCO1B1 and SLCO1B3 genes."))
    causes = {r["cause"] for r in rows if r["condition"].lower() == "rotor syndrome"}
    assert any("SLCO1B1" in c and "SLCO1B3" not in c for c in causes)
    assert any("SLCO1B3" in c and "SLCO1B1" not in c for c in causes)
    rows = cause_rows(view("What causes schwannomatosis? Schwannomatosis is caused by changes (mutations) in the SMARCB1 or LZTR1 genes."))
    assert sum(1 for r in rows if "LZTR1" in r["cause"] and "SMARCB1" not in r["cause"]) == 1


def test_a_list_item_that_names_a_class_and_its_first_example(view):
    # "cysts such as Tarlov cysts" (GARD), "medical conditions such as chronic kidney disease, sleep
    # apnea, …" (NHLBI): the class and the example are both causes
    rows = cause_rows(view("What causes coccygodynia? Other less common causes include nerve damage, cysts such as "
                           "Tarlov cysts, obesity, and a bursitis like condition."))
    causes = {r["cause"].lower() for r in rows}
    assert {"cysts", "nerve damage", "obesity"} <= causes
    assert any(c.startswith("tarlov cyst") for c in causes)
    assert "bursitis like condition" in causes  # "like" is no "such as"


def test_examples_of_a_preposition_object_are_no_causes(view):
    rows = cause_rows(view("What causes straddle injuries? Straddle injuries result from falls onto objects such as metal bars, "
                           "pipes, or wooden rails."))
    assert not any(r["cause"].lower() in ("metal bars", "falls onto objects") for r in rows)


def test_a_list_in_a_bracket_names_examples_of_the_item_before_it(view):
    # GARD and NHLBI pages: "mutations in at least 5 genes (MLH1, MSH2, …)", "heart diseases
    # (atrial fibrillation, heart failure)"; the bracket's commas are not the sentence list's
    rows = cause_rows(view("What causes Lynch syndrome? Lynch syndrome is caused by mutations in at least 5 genes "
                           "(MLH1, MSH2, MSH6, PMS2 or  EPCAM)."))
    causes = {r["cause"] for r in rows}
    assert {"MLH1", "MSH2", "EPCAM"} <= causes
    assert not any("(" in c or ")" in c for c in causes)
    rows = cause_rows(view("What causes stroke? Risk factors include high blood pressure (hypertension), diabetes and "
                           "heart diseases (atrial fibrillation, heart failure)."))
    causes = {r["cause"].lower() for r in rows}
    assert {"atrial fibrillation", "heart failure", "diabetes"} <= causes
    assert any(c.startswith("high blood pressure") for c in causes)  # a bracket with no list stays


def test_a_bracket_about_a_preposition_object_lists_no_causes(view):
    rows = cause_rows(view("What causes tularemia? Tularemia is caused by the bacterium Francisella tularensis found in "
                           "animals (especially rodents, rabbits, and hares)."))
    assert not any(r["cause"].lower() in ("rodents", "rabbits", "hares") for r in rows)


def test_only_the_way_is_unclear(view):
    # GARD pages: "It is unclear (exactly) how X leads to / causes Y" states the link
    rows = cause_rows(view("What causes CMT2F? It is unclear exactly how HSPB1 mutations lead to the axon abnormalities "
                           "characteristic of CMT2F."))
    assert any(r["cause"] == "HSPB1 mutations" and r["extractor"] == "page.unclear_how" for r in rows)
    rows = cause_rows(view("What causes pyridoxine-dependent epilepsy? It is unclear how a lack of pyridoxine causes the "
                           "seizures that are characteristic of this condition."))
    assert any(r["cause"] == "lack of pyridoxine" and "seizure" in r["condition"] for r in rows)


def test_these_genetic_changes_are_the_gene_named_before(view):
    rows = cause_rows(view("What causes Majeed syndrome? Majeed syndrome is caused by mutations in the LPIN2 gene. It is "
                           "unclear how these genetic changes lead to bone disease, anemia, and inflammation of the skin in "
                           "people with Majeed syndrome."))
    later = [r for r in rows if r["extractor"] == "page.unclear_how"]
    assert {r["cause"] for r in later} == {"mutations in the LPIN2 gene"}
    assert {"bone disease", "anemia"} <= {r["condition"] for r in later}
    assert "majeed syndrome" not in {r["condition"] for r in later}  # "in people with X" says who, not what
    rows = cause_rows(view("What causes CBAVD? CBAVD is caused by mutations in the CFTR gene. Mutations in this gene also "
                           "cause cystic fibrosis."))
    assert ("mutations in the CFTR gene", "cystic fibrosis") in {(r["cause"], r["condition"]) for r in rows}


def test_gene_changes_with_nothing_named_before_are_no_cause(view):
    rows = cause_rows(view("What causes X syndrome? These mutations lead to bone disease."))
    assert not rows


def test_these_genes_are_every_gene_of_the_sentence_before(view):
    rows = cause_rows(view("What causes PHA2? Pseudohypoaldosteronism type 2 is caused by mutations in either the WNK1 or "
                           "WNK4 genes. Mutations in these genes cause salt retention and impaired excretion of potassium."))
    causes = {r["cause"] for r in rows if r["condition"] == "salt retention"}
    assert len(causes) == 2 and any("WNK1" in c for c in causes) and any("WNK4" in c for c in causes)
    # the gene's own words, not the anaphor's ("Mutations in these genes")
    assert all("these" not in r["cause_text"] for r in rows if r["condition"] == "salt retention")


def test_a_restated_gene_link_is_no_new_row(view):
    # GARD Townes-Brocks page: the second sentence restates the link through an anaphor
    rows = cause_rows(view("What causes Townes-Brocks syndrome? Townes-Brocks syndrome is caused by mutations in the SALL1 "
                           "gene. It is unclear how these genetic changes disrupt normal development and cause the symptoms "
                           "associated with Townes-Brocks syndrome."))
    assert [r["extractor"] for r in rows if "SALL1" in r["cause"]] == ["cause.caused_by"]
