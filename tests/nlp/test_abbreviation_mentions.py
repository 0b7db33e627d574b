"""Abbreviation mentions (pipeline.nlp.abbreviation_mentions): short forms of mentions."""
from __future__ import annotations

import pytest
import spacy

import pipeline.nlp.abbreviation_mentions  # noqa: F401  (factory)
import pipeline.nlp.abbreviations  # noqa: F401  (bounded_abbreviation_detector)
import pipeline.nlp.vocab_mentions  # noqa: F401  (factory)
from pipeline.nlp.candidates import get_candidates


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("bounded_abbreviation_detector", config={"make_serializable": False})
    nlp.add_pipe("vocab_mentions")
    nlp.add_pipe("abbreviation_mentions")
    return nlp


def abbreviations(doc) -> list[tuple[str, str, str]]:
    return [(doc.text[c.start:c.end], c.label, c.name) for c in get_candidates(doc, ("abbreviation",))]


def test_a_short_form_takes_the_concept_of_the_mention_around_its_long_form(nlp) -> None:
    doc = nlp("Patients took acetylsalicylic acid (ASA) daily. ASA thins the blood.")
    assert abbreviations(doc) == [("ASA", "DRUG", "aspirin"), ("ASA", "DRUG", "aspirin")]


def test_a_long_form_no_source_found_is_looked_up_whole(nlp) -> None:
    doc = nlp("Patients with osteo porosis (OP) fall.")
    assert get_candidates(doc, ("vocab",)) == []
    assert abbreviations(doc) == [("osteo porosis", "CONDITION", "osteoporosis"), ("OP", "CONDITION", "osteoporosis")]


def test_a_short_form_of_nothing_known_is_no_mention(nlp) -> None:
    assert abbreviations(nlp("The World Health Organization (WHO) met.")) == []
