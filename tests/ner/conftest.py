"""Shared fixtures for the NER tests: the tiny PubTator file and loaded pipelines."""
from __future__ import annotations

import json
import shutil
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


@pytest.fixture()
def corpora(tmp_path: Path, mini_pubtator: Path) -> Path:
    """A corpora folder shaped like ../shared/corpora, each part a few real-format lines."""
    root = tmp_path / "corpora"
    for folder in ("medquad", "epi_leaflets", "bc5cdr", "ncbi_disease"):
        (root / folder).mkdir(parents=True)
    answers = [
        {"id": "a1", "answer": "Metformin lowers blood sugar in type 2 diabetes."},
        {"id": "a2", "answer": ""},
        {"id": "a3", "answer": "Amoxicillin treats otitis media.\nTake it with water."},
    ]
    (root / "medquad/answers.jsonl").write_text("\n".join(json.dumps(a) for a in answers) + "\n")
    (root / "epi_leaflets/x.txt").write_text("1. What Xylocard is\n\nXylocard contains lidocaine.\n")
    shutil.copy(mini_pubtator, root / "bc5cdr/CDR_TrainingSet.PubTator.txt")
    shutil.copy(mini_pubtator, root / "ncbi_disease/NCBItrainset_corpus.txt")
    return root
