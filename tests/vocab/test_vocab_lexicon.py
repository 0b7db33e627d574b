"""Runtime lexicon: normalisation, exact and variant lookup, supplement rows."""
from __future__ import annotations

from collections import Counter

import pytest

from pipeline.vocab.lexicon import (
    KINDS,
    Concept,
    fold_term,
    iter_terms,
    load_concepts,
    lookup,
    merge_supplement,
    normalise_term,
    read_compiled,
    read_supplement,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Paget\u2019s disease", "paget disease"),
        ("  Osteo\u2013arthritis. ", "osteo-arthritis"),
        ("\u201cMobic\u201d", "mobic"),
        ("Vitamin D (D3)", "vitamin d (d3)"),
        ("(osteoporosis", "osteoporosis"),
        ("calcific \n  tendinitis", "calcific tendinitis"),
    ],
)
def test_normalise_term(text: str, expected: str) -> None:
    assert normalise_term(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("allergies", "allergy"),
        ("osteophytes", "osteophyte"),
        ("anaemia", "anemia"),
        ("oedema", "edema"),
        ("osteo-arthritis", "osteo arthritis"),
        ("bruises", "bruise"),
    ],
)
def test_fold_term_makes_variants_meet(a: str, b: str) -> None:
    assert fold_term(normalise_term(a)) == fold_term(normalise_term(b))


@pytest.mark.parametrize(
    ("text", "generic"),
    [("Movalis", "meloxicam"), ("Mobic", "meloxicam"), ("ibuprofen", "ibuprofen"), ("Naproxen", "naproxen"),
     ("Voltaren", "diclofenac"), ("Mydocalm", "tolperisone"), ("Forteo", "teriparatide"),
     ("paracetamol", "acetaminophen")],
)
def test_brand_and_generic_resolve_to_generic(text: str, generic: str) -> None:
    concept = lookup(text, "drug")
    assert concept is not None and concept.name == generic and concept.kind == "drug"


def test_drug_concepts_carry_class_and_context_flag() -> None:
    meloxicam = lookup("Movalis", "drug")
    calcium = lookup("calcium", "drug")
    assert meloxicam is not None and meloxicam.drug_class == "nsaid" and not meloxicam.needs_context
    assert meloxicam.concept_id == "DRUGBANK:DB00814"
    assert calcium is not None and calcium.needs_context
    assert lookup("vitamin D", "drug").needs_context  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "concept_id"),
    [
        ("osteoporosis", "HP:0000939"),
        ("Osteoporosis", "HP:0000939"),
        ("cataracts", "HP:0000518"),  # plural -s
        ("allergies", "HP:0012393"),  # plural -ies
        ("anaemia", "HP:0001903"),  # British -ae-
        ("oedema", "HP:0000969"),  # British -oe-
        ("haemarthrosis", "ICD10CM:M25.0"),
        ("osteo-arthritis", "HP:0002758"),  # hyphen
        ("osteo arthritis", "HP:0002758"),  # space
        ("Paget's disease of bone", "HP:0034159"),  # possessive
    ],
)
def test_condition_lookup_with_variants(text: str, concept_id: str) -> None:
    concept = lookup(text, "condition")
    assert concept is not None and concept.concept_id == concept_id


@pytest.mark.parametrize("word", ["disease", "disorder", "syndrome", "patients", "condition", "diseases", "drug"])
def test_generic_words_are_not_concepts(word: str) -> None:
    assert lookup(word, "condition") is None
    assert lookup(word, "drug") is None


def test_pain_is_a_symptom_concept() -> None:
    pain = lookup("pain", "condition")
    assert pain is not None and pain.concept_id == "HP:0012531"


def test_every_term_has_exactly_one_concept_per_kind() -> None:
    for kind in KINDS:
        counts = Counter(term for term, _ in iter_terms(kind))
        assert [t for t, n in counts.items() if n > 1] == []


def test_concepts_are_frozen_and_hashable() -> None:
    concept = load_concepts("drug")[0]
    assert isinstance(concept, Concept)
    assert {concept: 1}[concept] == 1
    with pytest.raises(AttributeError):
        concept.name = "x"  # type: ignore[misc]


def test_every_supplement_row_has_a_source_and_a_real_target() -> None:
    rows = read_supplement()
    assert rows
    compiled_ids = {c.concept_id for kind in KINDS for c in read_compiled(kind)}
    for row in rows:
        assert row.source.strip(), row
        assert row.kind in KINDS
        if row.concept_id.startswith("MESH:") and row.concept_id not in compiled_ids:
            # A new concept under its MeSH descriptor id: the source must cite that descriptor.
            assert row.concept_id.split(":")[1] in row.source, row
        elif not row.concept_id.startswith("SUPP:"):
            # A row with another vocabulary id extends that concept: the id must exist.
            assert row.concept_id in compiled_ids, row.concept_id


def test_supplement_rows_resolve() -> None:
    assert lookup("Revmoxicam", "drug").name == "meloxicam"  # type: ignore[union-attr]
    assert lookup("Miacalcic", "drug").name == "salmon calcitonin"  # type: ignore[union-attr]
    assert lookup("Finalgon", "drug").concept_id == "SUPP:nonivamide-nicoboxil"  # type: ignore[union-attr]
    assert lookup("Engelmann disease", "condition").concept_id == "ORPHA:1328"  # type: ignore[union-attr]
    assert lookup("frozen shoulder", "condition").concept_id == "ICD10CM:M75.0"  # type: ignore[union-attr]


def test_supplement_row_missing_source_is_refused() -> None:
    text = "concept_id,name,synonyms,kind,drug_class,source\nSUPP:x,xyzzy,,drug,,\n"
    with pytest.raises(ValueError, match="source"):
        read_supplement(text)


def test_merge_supplement_extends_existing_and_adds_new() -> None:
    base = (Concept("X:1", "alpha", ("alfa",), "X", "drug"),)
    rows = read_supplement(
        "concept_id,name,synonyms,kind,drug_class,source\n"
        "X:1,alpha,alphamax|alfa,drug,nsaid,label A\n"
        ",beta,betamax,drug,,label B\n"
    )
    merged = merge_supplement(base, rows, "drug", frozenset({"beta"}))
    alpha, beta = merged
    assert alpha.synonyms == ("alfa", "alphamax") and alpha.drug_class == "nsaid"
    assert beta.concept_id == "SUPP:beta" and beta.synonyms == ("betamax",) and beta.needs_context


def test_withheld_food_names_are_not_drugs_but_their_brands_are() -> None:
    for food in ("rice", "tuna", "oats", "lobster"):
        assert lookup(food, "drug") is None, food
    novocaine = lookup("novocaine", "drug")
    assert novocaine is not None and novocaine.name == "procaine" and not novocaine.name_is_term
    assert "procaine" not in novocaine.terms


def test_context_bound_substances_resolve_with_the_flag() -> None:
    for text, name in (("alcohol", "ethanol"), ("caffeine", "caffeine"), ("magnesium", "magnesium"),
                       ("fluoride", "fluoride"), ("salt", "sodium chloride, dietary")):
        concept = lookup(text, "drug")
        assert concept is not None and concept.name == name and concept.needs_context, text
