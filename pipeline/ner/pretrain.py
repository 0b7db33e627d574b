"""Pretrain the NER's tok2vec layer on the corpora's raw text (``spacy pretrain``).

The BC5CDR training set is 500 abstracts; the raw text in ``../shared/corpora/`` is some
fifty times more. spaCy's pretraining teaches the tok2vec layer to predict the first and
last characters of each word from its context (``spacy.PretrainCharacters.v1``), which
needs no labels; :func:`pipeline.ner.train.train_ner` then starts from those weights
(``init_tok2vec``). The architecture comes from the packaged ``ner.cfg`` with the same
settings the NER run will use (static vectors or not), or the weights would not fit.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Mapping
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from pipeline.ner.vectors import DEFAULT_SOURCES, iter_texts

logger = logging.getLogger(__name__)


def write_pretrain_jsonl(texts: Iterable[str], output: Path, *, max_words: int = 300) -> dict[str, int]:
    """Write ``{"text": ...}`` lines for spaCy's JSONL corpus, each at most ``max_words``.

    spaCy's pretraining corpus drops documents longer than its ``max_length`` (500
    tokens), and MedQuAD answers often are; texts are cut at line breaks into pieces of
    about ``max_words`` whitespace words instead (a single longer line is kept whole and
    left to the corpus reader).
    """
    counts = {"texts": 0, "records": 0, "words": 0}
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as out:
        for text in texts:
            counts["texts"] += 1
            piece: list[str] = []
            size = 0
            for line in text.splitlines():
                n = len(line.split())
                if not n:
                    continue
                if piece and size + n > max_words:
                    out.write(json.dumps({"text": "\n".join(piece)}) + "\n")
                    counts["records"] += 1
                    piece, size = [], 0
                piece.append(line)
                size += n
                counts["words"] += n
            if piece:
                out.write(json.dumps({"text": "\n".join(piece)}) + "\n")
                counts["records"] += 1
    return counts


def pretrain_tok2vec(
    corpus_root: Path,
    output_dir: Path,
    *,
    epochs: int = 2,
    seed: int = 0,
    vectors: Path | None = None,
    sources: Mapping[str, tuple[str, str]] = DEFAULT_SOURCES,
    config_overrides: Mapping[str, Any] | None = None,
    work_dir: Path | None = None,
) -> dict[str, Any]:
    """Pretrain the tok2vec of ``ner.cfg`` for ``epochs`` passes over the raw text.

    Args:
        corpus_root: the shared corpora folder (``../shared/corpora``).
        output_dir: where spaCy writes ``model{epoch}.bin`` (give the last one to
            ``pipeline train-ner --init-tok2vec``) and its ``log.jsonl``.
        epochs: passes over the text.
        seed: random seed.
        vectors: the folder of ``pipeline train-vectors`` when the NER will use static
            vectors (the layer's shape depends on it).
        sources: raw texts to read (see :data:`pipeline.ner.vectors.DEFAULT_SOURCES`).
        config_overrides: further dotted ``ner.cfg`` settings; must match the NER run's.
        work_dir: where the JSONL text goes; defaults to ``output_dir``'s parent.

    Returns:
        ``{"weights": path of the last epoch's weights, "epochs", "seed", "text": counts,
        "seconds", "cpu_seconds"}``, also written to ``output_dir/pretrain.json``.
    """
    from spacy import util
    from spacy.language import DEFAULT_CONFIG_PRETRAIN_PATH
    from spacy.training.pretrain import pretrain

    import pipeline.nlp  # noqa: F401  (registers the tokenizer the config names)

    corpus_root, output_dir = Path(corpus_root), Path(output_dir)
    work = Path(work_dir) if work_dir is not None else output_dir.parent
    raw = work / "pretrain-text.jsonl"
    counts = write_pretrain_jsonl(iter_texts(corpus_root, sources), raw)
    overrides: dict[str, Any] = {"paths.raw_text": str(raw), "system.seed": seed,
                                 "pretraining.max_epochs": epochs}
    if vectors is not None:
        overrides["paths.vectors"] = str(vectors)
        overrides["components.tok2vec.model.embed.include_static_vectors"] = True
    overrides.update(config_overrides or {})
    with as_file(files("pipeline.ner") / "ner.cfg") as config_path:
        base = util.load_config(config_path, interpolate=False)
    config = util.load_config(DEFAULT_CONFIG_PRETRAIN_PATH).merge(base)
    config = util.load_config_from_str(config.to_str(), overrides=overrides, interpolate=False)
    output_dir.mkdir(parents=True, exist_ok=True)
    started, cpu_started = time.monotonic(), time.process_time()
    pretrain(config.interpolate(), output_dir, silent=False)
    record = {
        "weights": str(output_dir / f"model{epochs - 1}.bin"),
        "epochs": epochs,
        "seed": seed,
        "vectors": str(vectors) if vectors is not None else None,
        "config_overrides": dict(config_overrides or {}),
        "text": counts,
        "seconds": round(time.monotonic() - started, 1),
        "cpu_seconds": round(time.process_time() - cpu_started, 1),
    }
    (output_dir / "pretrain.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record
