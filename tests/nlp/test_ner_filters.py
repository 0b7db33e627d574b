"""Name shapes (pipeline.nlp.ner_filters) that make an unknown NER span plausible."""
from __future__ import annotations

import pytest

from pipeline.nlp.ner_filters import NerFilters


@pytest.fixture(scope="module")
def filters() -> NerFilters:
    return NerFilters.load()


@pytest.mark.parametrize("text", ["Frobnitz syndrome", "kidney failure", "spondylosis", "chronic gastritis"])
def test_condition_shaped(filters: NerFilters, text: str) -> None:
    assert filters.looks_like_condition(text)


@pytest.mark.parametrize("text", ["hardening", "fitness", "helps", "", "123"])
def test_not_condition_shaped(filters: NerFilters, text: str) -> None:
    assert not filters.looks_like_condition(text)


def test_drug_stems_and_procedures(filters: NerFilters) -> None:
    assert filters.looks_like_drug_name("Zorvimab")
    assert filters.looks_like_drug_name("dexibuPROFEN")
    assert not filters.looks_like_drug_name("Zorvexa")
    assert filters.looks_like_procedure("knee surgery")
    assert filters.looks_like_procedure("Physiotherapy")
    assert not filters.looks_like_procedure("ibuprofen")


def test_inheritance_modifiers(filters: NerFilters) -> None:
    assert filters.is_condition_modifier("hereditary")
    assert filters.is_condition_modifier("Sporadic")
    assert filters.is_condition_modifier("X-linked")
    assert not filters.is_condition_modifier("severe")
    assert not filters.is_condition_modifier("hereditarys")


@pytest.mark.parametrize("short, name", [("5-FU", "fluorouracil"), ("MTX", "methotrexate"), ("MMF", "mycophenolate mofetil")])
def test_standard_short_forms_name_their_drug(filters: NerFilters, short: str, name: str) -> None:
    """'cis-platin (80-120 mg/m2BSA) and 5-FU (1000 mg/m2BSA daily ...)': an undefined
    standard short form names its drug, so a dose row says fluorouracil, not "5-fu"."""
    assert filters.short_form_of(short) == name


@pytest.mark.parametrize("text", ["mtx", "5-fu", "ADR", "ASA", "fluorouracil", ""])
def test_other_text_is_no_short_form(filters: NerFilters, text: str) -> None:
    assert filters.short_form_of(text) is None


def test_a_short_form_normalises_an_ner_span_to_its_drug() -> None:
    from pipeline.nlp.drug_context import DrugContext
    from pipeline.nlp.labels import GenericWords
    from pipeline.nlp.ner_mentions import NerMentions

    ner = NerMentions({"CHEMICAL": "DRUG"}, DrugContext.load(), NerFilters.load(), GenericWords.load(), use_fuzzy=False)
    concept = ner.normalise("5-FU", "drug")
    assert concept is not None and concept.name == "fluorouracil"
