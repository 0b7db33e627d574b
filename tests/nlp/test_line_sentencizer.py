"""Sentence starts the punctuation sentencizer misses: line breaks, a letter that ends a sentence."""
from __future__ import annotations

import spacy

from pipeline.nlp import line_sentencizer  # noqa: F401  (registers the factory)
from pipeline.nlp import tokenizer  # noqa: F401  (registers the project's tokenizer)


def _sentences(text: str) -> list[str]:
    nlp = spacy.blank("en")
    nlp.tokenizer = spacy.registry.tokenizers.get("pipeline.scispacy_tokenizer.v3")()(nlp)
    nlp.add_pipe("line_sentencizer")
    nlp.add_pipe("sentencizer", config={"overwrite": False})
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_a_heading_on_its_own_line_is_a_sentence():
    assert _sentences("Causes\nRickets is caused by a lack of sunlight.") == [
        "Causes", "Rickets is caused by a lack of sunlight."]


def test_a_letter_after_a_lower_case_word_ends_its_sentence():
    assert _sentences("Rickets is caused by a lack of vitamin D. It is common in type A. Then B.") == [
        "Rickets is caused by a lack of vitamin D.", "It is common in type A.", "Then B."]


def test_initials_after_a_name_do_not_end_a_sentence():
    assert _sentences("John F. Kennedy was treated. Smith J. Kennedy described it.") == [
        "John F. Kennedy was treated.", "Smith J. Kennedy described it."]
