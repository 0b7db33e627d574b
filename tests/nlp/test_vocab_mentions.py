"""Vocabulary mentions (pipeline.nlp.vocab_mentions): longest term match, drug context."""
from __future__ import annotations

import pytest
import spacy

import pipeline.nlp.vocab_mentions  # noqa: F401  (factory)
from pipeline.nlp.candidates import get_candidates


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("vocab_mentions")
    return nlp


def found(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(text[c.start:c.end], c.label, c.name) for c in get_candidates(nlp(text))]


def test_conditions_and_drugs_with_their_concepts(nlp) -> None:
    assert found(nlp, "She takes ibuprofen for osteoporosis.") == [
        ("ibuprofen", "DRUG", "ibuprofen"), ("osteoporosis", "CONDITION", "osteoporosis")]


def test_longest_term_wins(nlp) -> None:
    spans = [s for s, _, _ in found(nlp, "Calcium deposits were seen in the kidney.")]
    assert spans == ["Calcium deposits"]


def test_a_substance_is_a_drug_only_with_a_drug_cue(nlp) -> None:
    assert found(nlp, "Calcium is found in milk.") == []
    assert found(nlp, "Take 500 mg of calcium daily.") == [("calcium", "DRUG", "calcium")]


def test_candidates_are_not_entities_yet(nlp) -> None:
    doc = nlp("She takes ibuprofen.")
    assert doc.ents == () and get_candidates(doc)[0].source == "vocab"
