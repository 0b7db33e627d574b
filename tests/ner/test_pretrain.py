"""tok2vec pretraining on raw text, and a NER run that starts from its weights."""
from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from pipeline.ner.pretrain import pretrain_tok2vec, write_pretrain_jsonl
from pipeline.ner.train import DEV_FILE, TRAIN_FILE, train_ner

SMALL = {"components.tok2vec.model.encode.width": 16, "components.tok2vec.model.encode.depth": 1}


def test_long_texts_are_cut_at_line_breaks(tmp_path: Path) -> None:
    text = "\n".join(f"Line {i} has five words" for i in range(10))  # 50 words
    out = tmp_path / "raw.jsonl"
    counts = write_pretrain_jsonl([text, "", "Short one."], out, max_words=20)
    records = [json.loads(line)["text"] for line in out.read_text().splitlines()]
    assert counts == {"texts": 3, "records": 4, "words": 52}
    assert [len(r.split()) for r in records] == [20, 20, 10, 2]
    assert "\n".join(records[:3]) == text  # nothing lost or reordered


def test_pretrained_weights_start_a_ner_run(corpora: Path, tmp_path: Path, mini_pubtator: Path, caplog) -> None:
    record = pretrain_tok2vec(corpora, tmp_path / "pretrain", epochs=1, config_overrides=SMALL,
                              work_dir=tmp_path / "work")
    weights = Path(record["weights"])
    assert weights.name == "model0.bin" and weights.stat().st_size > 0
    assert record["text"]["texts"] >= 6
    corpus = tmp_path / "bc5cdr"
    corpus.mkdir()
    for name in (TRAIN_FILE, DEV_FILE):
        shutil.copy(mini_pubtator, corpus / name)
    with caplog.at_level(logging.INFO, logger="spacy"):
        metrics = train_ner(corpus, tmp_path / "model", max_steps=1, init_tok2vec=weights,
                            config_overrides=SMALL, work_dir=tmp_path / "ner-work")
    # spaCy skips the weights silently unless [pretraining] names their layer
    assert any("Loaded pretrained weights" in r.getMessage() for r in caplog.records)
    assert metrics["training"]["init_tok2vec"] == "model0.bin"
    assert "init_tok2vec = null" in (tmp_path / "model/config.cfg").read_text()
