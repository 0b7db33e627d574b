"""In-domain floret vectors: raw text only, the NER's tokenization, a loadable table."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import spacy

from pipeline.ner.vectors import FloretSettings, iter_texts, source_files, train_vectors, write_training_text

TINY = FloretSettings(dim=8, bucket=500, epoch=2, min_count=1)


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


def test_reads_raw_text_only(corpora: Path, tmp_path: Path) -> None:
    texts = list(iter_texts(corpora))
    assert texts[0].startswith("Metformin") and "" not in texts  # blank answers skipped
    assert any(t.startswith("Naloxone reverses") and "naloxone." in t for t in texts)
    out = tmp_path / "text.txt"
    counts = write_training_text(texts, out)
    lines = out.read_text().splitlines()
    assert counts["lines"] == len(lines) and counts["tokens"] == sum(len(l.split()) for l in lines)
    joined = "\n".join(lines)
    assert "D009270" not in joined and "CID" not in joined  # mention and relation lines never read
    assert "Take it with water ." in lines  # a newline in a text ends a line
    assert "clonidine - induced" in joined  # the NER tokenizer splits "-induced" off


def test_missing_source_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="medquad"):
        source_files(tmp_path)


def test_trains_a_floret_table_spacy_loads(corpora: Path, tmp_path: Path) -> None:
    record = train_vectors(corpora, tmp_path / "vectors", settings=TINY, work_dir=tmp_path / "work")
    assert record["rows"] == 500 and record["dim"] == 8
    assert set(record["sources"]) == {"medquad", "epi_leaflets", "bc5cdr", "ncbi_disease"}
    nlp = spacy.load(tmp_path / "vectors")
    assert nlp.vocab.vectors.mode == "floret"
    doc = nlp("naloxone xylocardine")
    assert doc[0].has_vector and doc[1].has_vector  # an unseen word gets its n-grams' vector
    assert json.loads((tmp_path / "vectors/meta.json").read_text())["floret"]["settings"]["bucket"] == 500
