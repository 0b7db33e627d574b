"""The mention resolver (pipeline.nlp.mention_resolver): overlaps settled by trust."""
from __future__ import annotations

import pytest
import spacy

import pipeline.nlp.mention_resolver  # noqa: F401  (factory)
from pipeline.nlp.candidates import Candidate, get_candidates, put_candidates
from pipeline.nlp.mentions import doc_mentions
from pipeline.vocab.lexicon import lookup


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("mention_resolver")
    return nlp


def candidate(text: str, phrase: str, label: str, source: str, kind: str | None = None) -> Candidate:
    start = text.index(phrase)
    concept = lookup(phrase, kind) if kind else None
    return Candidate(start, start + len(phrase), label, concept, concept.name if concept else phrase.lower(), source)


def test_the_more_trusted_of_overlapping_candidates_wins(nlp) -> None:
    text = "She took vitamin D tablets for rickets."
    doc = nlp.make_doc(text)
    put_candidates(doc, "pattern", [candidate(text, "vitamin D tablets", "DRUG", "pattern")])
    put_candidates(doc, "vocab", [candidate(text, "vitamin D", "DRUG", "vocab", "drug"),
                                  candidate(text, "rickets", "CONDITION", "vocab", "condition")])
    doc = nlp.get_pipe("mention_resolver")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("vitamin D", "DRUG"), ("rickets", "CONDITION")]
    assert [(m.source, m.known) for m in doc_mentions(doc)] == [("vocab", True), ("vocab", True)]
    assert get_candidates(doc) == []  # candidates are dropped once resolved


def test_mentions_keep_exact_characters_when_entities_expand_to_tokens(nlp) -> None:
    text = "Her osteoporosis2 flared."
    doc = nlp.make_doc(text)
    put_candidates(doc, "ner", [Candidate(4, 16, "CONDITION", lookup("osteoporosis", "condition"), "osteoporosis", "ner")])
    doc = nlp.get_pipe("mention_resolver")(doc)
    (mention,) = doc_mentions(doc)
    assert (text[mention.start:mention.end], mention.concept_id) == ("osteoporosis", "HP:0000939")
    assert doc.ents[0].text == "osteoporosis2"


def test_among_equally_trusted_candidates_the_earlier_then_longer_wins(nlp) -> None:
    text = "Chronic kidney disease is common."
    doc = nlp.make_doc(text)
    put_candidates(doc, "vocab", [candidate(text, "kidney disease", "CONDITION", "vocab"),
                                  candidate(text, "Chronic kidney", "CONDITION", "vocab"),
                                  candidate(text, "Chronic kidney disease", "CONDITION", "vocab"),
                                  candidate(text, "kidney disease is common", "CONDITION", "vocab")])
    doc = nlp.get_pipe("mention_resolver")(doc)
    assert [e.text for e in doc.ents] == ["Chronic kidney disease"]


def test_an_unknown_source_is_refused() -> None:
    doc = spacy.blank("en")("text")
    with pytest.raises(ValueError, match="unknown mention source"):
        put_candidates(doc, "guess", [])
