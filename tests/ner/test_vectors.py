"""In-domain floret vectors: raw text only, the NER's tokenization, a loadable table."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from pipeline.ner.vectors import FloretSettings, iter_texts, source_files, train_vectors, write_training_text

TINY = FloretSettings(dim=8, bucket=500, epoch=2, min_count=1)


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


def test_ner_trained_with_vectors_carries_them(corpora: Path, tmp_path: Path, mini_pubtator: Path) -> None:
    import shutil

    from pipeline.ner.train import DEV_FILE, TRAIN_FILE, train_ner

    train_vectors(corpora, tmp_path / "vectors", settings=TINY, work_dir=tmp_path / "work")
    corpus = tmp_path / "bc5cdr"
    corpus.mkdir()
    for name in (TRAIN_FILE, DEV_FILE):
        shutil.copy(mini_pubtator, corpus / name)
    metrics = train_ner(corpus, tmp_path / "model", max_steps=1, vectors=tmp_path / "vectors",
                        config_overrides={"components.tok2vec.model.encode.width": 16},
                        work_dir=tmp_path / "ner-work")
    assert metrics["training"]["vectors"]["settings"]["bucket"] == 500
    shutil.rmtree(tmp_path / "vectors")  # the model must not need the vectors folder any more
    nlp = spacy.load(tmp_path / "model")
    assert nlp.vocab.vectors.mode == "floret" and nlp.vocab.vectors.shape == (500, 8)
    assert "include_static_vectors = true" in (tmp_path / "model/config.cfg").read_text()
    nlp("Clonidine-induced hypotension.")
    assert "floret vectors" in (tmp_path / "model/README.md").read_text()
