"""Shared fixtures for the NER tests: the tiny PubTator file and loaded pipelines."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def mini_pubtator() -> Path:
    """Three short documents: BC5CDR-style (with a CID line), NCBI-style, no abstract."""
    return FIXTURES / "mini_pubtator.txt"


@pytest.fixture(scope="session")
def tokenizer_nlp() -> Language:
    from pipeline.ner.pubtator import make_tokenizer_nlp

    return make_tokenizer_nlp()


@pytest.fixture(scope="session")
def embedded_ner() -> Language:
    import pipeline.nlp  # noqa: F401  (registers the tokenizer the model names)
    from pipeline.models import embedded_ner_path

    return spacy.load(embedded_ner_path())
