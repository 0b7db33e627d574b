"""Curated rule files: every row says why, and the filters do what the rows say."""
from __future__ import annotations

import re

import pytest

from pipeline.vocab.curation import (
    drug_classes,
    needs_context_reason,
    needs_context_rules,
    stop_terms,
    stoplist,
    usable_term,
)


def test_every_stoplist_row_has_a_reason() -> None:
    rows = stop_terms()
    assert rows
    assert all(r.reason.strip() and r.term.strip() for r in rows)


def test_every_needs_context_rule_has_reason_and_source() -> None:
    assert all(r.reason.strip() and r.source.strip() for r in needs_context_rules())


def test_drug_classes_cite_an_atc_code() -> None:
    for name, row in drug_classes().items():
        assert re.fullmatch(r"[A-Z]\d\d[A-Z]{0,2}\d{0,2}", row.atc), name
        assert row.atc in row.source and row.drug_class, name


def test_icd_description_stoplist_rejects_coder_titles() -> None:
    icd = stoplist("icd10cm_description")
    assert icd.rejects("other injury of unspecified body region")
    assert icd.rejects("osteoporosis with current pathological fracture")
    assert not icd.rejects("osteoporosis")


def test_needs_context_rules_by_name_tree_and_provenance() -> None:
    assert needs_context_reason("vitamin k", (), frozenset()) == "nc.name.vitamin"
    assert needs_context_reason("zinc", ("D01.268.556.940",), frozenset()) == "nc.tree.elements"
    assert needs_context_reason("acetoin", (), frozenset({"mesh_only"})) == "nc.prov.mesh_only"
    assert needs_context_reason("meloxicam", ("D02.886.665.275",), frozenset()) is None


def test_structural_filters() -> None:
    assert not usable_term("x" * 81, "drug")
    assert not usable_term("5-ht", "drug")  # fewer than three letters
    assert usable_term("vitamin b12", "drug")


@pytest.mark.parametrize("term, scope, usable", [
    ("vitamin a", "drug", True),  # DrugBank DB00162: its letter is no determiner
    ("vitamin", "drug", False),
    ("water", "drug", False),  # a generic word alone
    ("the disease", "condition", False),
])
def test_a_letter_after_a_generic_word_names_a_term(term, scope, usable) -> None:
    assert usable_term(term, scope) is usable
