"""The project tokenizer: scispaCy's rules, plus words joined by hyphens or slashes split."""
from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import spacy

import pipeline.nlp  # noqa: F401  (registers the tokenizers)
from pipeline.nlp.sentences import doc_text


def _blank(version: str) -> spacy.language.Language:
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": f"pipeline.scispacy_tokenizer.{version}"}}})


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return _blank("v2")


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("cocaine-induced", ["cocaine", "-", "induced"]),
        ("nausea/vomiting", ["nausea", "/", "vomiting"]),
        ("IL-6 and 5-fluorouracil", ["IL", "-", "6", "and", "5", "-", "fluorouracil"]),
        ("10 mg/kg/day", ["10", "mg", "/", "kg", "/", "day"]),
        # scispaCy's own rules still hold: abbreviations keep their period, ranges split
        ("e.g. Dr. Smith, 2-3 times", ["e.g.", "Dr.", "Smith", ",", "2", "-", "3", "times"]),
    ],
)
def test_v2_splits_words_joined_by_hyphens_and_slashes(nlp, text: str, tokens: list[str]) -> None:
    assert [t.text for t in nlp(text)] == tokens


def test_v1_is_scispacy_unchanged() -> None:
    assert [t.text for t in _blank("v1")("cocaine-induced nausea/vomiting")] == ["cocaine-induced", "nausea/vomiting"]


def test_text_is_recorded_and_survives_saving_and_pickling(nlp, tmp_path: Path) -> None:
    text = "Aspirin-induced  asthma\n(see x-ray)."
    doc = nlp(text)
    assert doc_text(doc) == doc.text == text
    nlp.to_disk(tmp_path / "model")
    for restored in (spacy.load(tmp_path / "model"), pickle.loads(pickle.dumps(nlp))):
        again = restored(text)
        assert [t.text for t in again] == [t.text for t in doc]
        assert doc_text(again) == text


def test_doc_text_falls_back_for_docs_the_tokenizer_did_not_make(nlp) -> None:
    doc = spacy.tokens.Doc(nlp.vocab, words=["a", "b"], spaces=[True, False])
    assert doc_text(doc) == "a b"
