"""Product patterns (pipeline.nlp.product_mentions): drug names no vocabulary knows."""
from __future__ import annotations

import pytest
import spacy

import pipeline.nlp.product_mentions  # noqa: F401  (factory)
from pipeline.nlp.candidates import get_candidates


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("product_mentions")
    return nlp


def found(nlp, text: str) -> list[tuple[str, str, bool]]:
    return [(text[c.start:c.end], c.name, c.concept is not None) for c in get_candidates(nlp(text))]


def test_introduced_products_are_drugs(nlp) -> None:
    assert found(nlp, "The drug Zorvexa is taken daily.") == [("Zorvexa", "zorvexa", False)]
    assert found(nlp, "Patients were given 20 mg of Frobnitol twice a day.") == [("Frobnitol", "frobnitol", False)]


def test_a_known_drug_gets_its_concept(nlp) -> None:
    assert found(nlp, "The drug Ibuprofen is taken daily.") == [("Ibuprofen", "ibuprofen", True)]


@pytest.mark.parametrize("text", ["The drug SPECT was used.", "The medication Physiotherapy helps.",
                                  "The product Osteoporosis is common."])
def test_acronyms_procedures_and_conditions_are_not_products(nlp, text: str) -> None:
    assert found(nlp, text) == []
