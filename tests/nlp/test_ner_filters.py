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
