"""Train the embedded DISEASE/CHEMICAL NER on the BioCreative V CDR corpus.

One function, :func:`train_ner`: convert the PubTator training and development sets to
DocBins, train with spaCy's own training loop from the packaged ``ner.cfg`` (development
set for model selection), copy the best model to ``output_dir``, score it on the
development set with :mod:`pipeline.ner.evaluate` (character offsets, exact and
overlap), and record the scores and the corpus attribution in the model directory.
"""
from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from datetime import date
from importlib.resources import as_file, files
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from thinc.api import Config

from pipeline.ner.evaluate import evaluate_pubtator, format_report, spacy_predictor
from pipeline.ner.pubtator import convert_pubtator, load_label_map, make_tokenizer_nlp

logger = logging.getLogger(__name__)

#: File names inside the BC5CDR corpus folder (the test set is deliberately absent).
TRAIN_FILE = "CDR_TrainingSet.PubTator.txt"
DEV_FILE = "CDR_DevelopmentSet.PubTator.txt"
MODEL_NAME = "ner_bc5cdr"

ATTRIBUTION = """\
Trained on the BioCreative V CDR corpus (training set; development set for model
selection). Cite: Li J, Sun Y, Johnson RJ, Sciaky D, Wei CH, Leaman R, Davis AP,
Mattingly CJ, Wiegers TC, Lu Z. BioCreative V CDR task corpus: a resource for chemical
disease relation extraction. Database (Oxford). 2016;2016:baw068. doi:10.1093/database/baw068

PUBLIC DOMAIN NOTICE (National Center for Biotechnology Information): the corpus is a
"United States Government Work" under the terms of the United States Copyright Act and
is freely available to the public for use; the NLM and the U.S. Government have not
placed any restriction on its use or reproduction. The NLM and the U.S. Government do
not and cannot warrant the performance or results that may be obtained by using it and
disclaim all warranties, express or implied, including warranties of performance,
merchantability or fitness for any particular purpose.
"""


def _config_overrides(
    train: Path, dev: Path, seed: int, max_steps: int | None, progress_bar: bool
) -> dict[str, Any]:
    overrides: dict[str, Any] = {
        "paths.train": str(train),
        "paths.dev": str(dev),
        "system.seed": seed,
        "training.logger.progress_bar": progress_bar,
    }
    if max_steps is not None:
        overrides["training.max_steps"] = max_steps
        # Evaluate at least once before stopping, and not more often than needed.
        overrides["training.eval_frequency"] = max(1, min(250, max_steps))
    return overrides


def alignment_ceiling(path: Path, label_map: dict[str, str]) -> dict[str, Any]:
    """Score the token-aligned gold itself: the best any model on our tokenizer can do.

    Mentions that end inside a token (``nicotine`` in ``[3H]nicotine``) are expanded
    to whole tokens for training, so even a perfect model misses them under exact match.
    """
    from pipeline.ner.pubtator import document_to_doc, read_pubtator

    nlp = make_tokenizer_nlp()
    aligned = {d.text: document_to_doc(d, nlp, label_map) for d in read_pubtator(path)}
    return evaluate_pubtator(
        lambda texts: [[(e.start_char, e.end_char, e.label_) for e in aligned[t].ents] for t in texts],
        path,
        label_map,
    )


def _write_model_card(model_dir: Path, metrics: dict[str, Any], seed: int, seconds: float) -> None:
    """Record provenance and development scores in ``meta.json`` and a README."""
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    exact = metrics["pubtator_dev"]["exact"]
    overlap = metrics["pubtator_dev"]["overlap"]
    ceiling = metrics["alignment_ceiling"]["exact"]
    meta.update(
        {
            "name": MODEL_NAME,
            "version": "0.1.0",
            "description": "DISEASE and CHEMICAL NER (CPU CNN, no vectors) trained on BioCreative V CDR; "
            "labels compatible with scispaCy en_ner_bc5cdr_md. Needs `import pipeline.nlp` "
            "(registers the tokenizer) before spacy.load.",
            "license": "MIT (model); corpus: NCBI public-domain notice",
            "sources": [
                {
                    "name": "BioCreative V CDR corpus (training + development sets)",
                    "url": "https://biocreative.bioinformatics.udel.edu/tasks/biocreative-v/track-3-cdr/",
                    "license": "NCBI public-domain notice",
                    "author": "Li et al., Database 2016:baw068",
                }
            ],
            "training": {"seed": seed, "seconds": round(seconds, 1), "date": date.today().isoformat()},
            "pubtator_dev_scores": {"exact": exact, "overlap": overlap, "exact_ceiling": ceiling},
        }
    )
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    lines = [
        f"# {MODEL_NAME}",
        "",
        "spaCy pipeline (tok2vec + ner) recognising DISEASE and CHEMICAL mentions, the labels",
        "of scispaCy's `en_ner_bc5cdr_md`. Built by `pipeline train-ner`",
        "(`pipeline.ner.train.train_ner`, config `pipeline/ner/ner.cfg`); load with",
        "`import pipeline.nlp; spacy.load(pipeline.models.embedded_ner_path())`.",
        "",
        "## BC5CDR development set (character offsets, `pipeline.ner.evaluate`)",
        "",
        "| match | label | P | R | F1 |",
        "|---|---|---|---|---|",
    ]
    for mode, table in (("exact", exact), ("overlap", overlap), ("exact, ceiling", ceiling)):
        for label, m in table.items():
            lines.append(f"| {mode} | {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |")
    spacy_f = metrics["spacy_dev"].get("ents_f")
    lines += [
        "",
        "The development set was used for model selection (early stopping), so these",
        "scores are optimistic. A mention that ends inside a token cannot be predicted",
        "exactly: the *ceiling* rows score the token-aligned gold itself, the best any",
        "model on this tokenizer can reach (`pipeline.scispacy_tokenizer.v2` splits",
        "`cocaine-induced`; what is left is mostly `[3H]nicotine` and `Na(+)`)."
        + (f" spaCy's own token-level dev F1 (against the aligned gold) is {spacy_f:.3f}." if spacy_f else ""),
        "",
        "## Data and attribution",
        "",
        ATTRIBUTION,
    ]
    (model_dir / "README.md").write_text("\n".join(lines), encoding="utf-8")


def train_ner(
    corpus_dir: Path,
    output_dir: Path,
    *,
    max_steps: int | None = None,
    seed: int = 0,
    work_dir: Path | None = None,
    progress_bar: bool = False,
    config_overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Train the NER and install the best model in ``output_dir`` (replacing it).

    Args:
        corpus_dir: folder holding the BC5CDR PubTator training and development files.
        output_dir: model directory to (re)create, e.g. ``pipeline/models/ner_bc5cdr``.
        max_steps: stop after this many updates; ``None`` keeps the config's limit.
        seed: random seed; with the same seed, corpus and machine the model is the same.
        work_dir: where the DocBins and training checkpoints go (never the repository's
            package); defaults to a temporary directory removed afterwards.
        progress_bar: show spaCy's progress bar between evaluations (for terminals).
        config_overrides: dotted ``ner.cfg`` settings to change for this run, e.g.
            ``{"components.tok2vec.model.encode.width": 96}`` (for experiments; the
            shipped model is trained from ``ner.cfg`` as it is).

    Returns:
        ``{"spacy_dev": spaCy's token-level dev scores, "pubtator_dev": the metrics of
        evaluate_pubtator on the dev file, "alignment_ceiling": the same for the
        token-aligned gold (the exact-match upper bound on this tokenizer),
        "conversion": alignment counts, "seconds": training wall time, "model_dir": str}``.
    """
    import spacy
    from spacy.cli.train import train as spacy_train

    import pipeline.nlp  # noqa: F401  (registers the tokenizer the config names)

    corpus_dir, output_dir = Path(corpus_dir), Path(output_dir)
    train_file, dev_file = corpus_dir / TRAIN_FILE, corpus_dir / DEV_FILE
    for f in (train_file, dev_file):
        if not f.is_file():
            raise FileNotFoundError(f"BC5CDR file not found: {f}")
    with tempfile.TemporaryDirectory(prefix="ner-train-") as tmp:
        work = Path(work_dir) if work_dir is not None else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        nlp_tok, label_map = make_tokenizer_nlp(), load_label_map()
        conversion = {}
        for name, src in (("train", train_file), ("dev", dev_file)):
            stats = convert_pubtator(src, work / f"{name}.spacy", nlp=nlp_tok, label_map=label_map)
            conversion[name] = vars(stats)
            logger.info("converted %s: %s", src.name, stats.summary())
        checkpoints = work / "training"
        overrides = _config_overrides(work / "train.spacy", work / "dev.spacy", seed, max_steps, progress_bar)
        overrides.update(config_overrides or {})
        started = time.monotonic()
        with as_file(files("pipeline.ner") / "ner.cfg") as config_path:
            spacy_train(config_path, checkpoints, use_gpu=-1, overrides=overrides)
        seconds = time.monotonic() - started
        best = checkpoints / "model-best"
        if output_dir.exists():
            shutil.rmtree(output_dir)
        shutil.copytree(best, output_dir)

    # The saved config would otherwise point at the (possibly temporary) DocBins.
    config = Config().from_disk(output_dir / "config.cfg", interpolate=False)
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    config.to_disk(output_dir / "config.cfg")
    nlp = spacy.load(output_dir)
    meta = json.loads((output_dir / "meta.json").read_text(encoding="utf-8"))
    metrics: dict[str, Any] = {
        "spacy_dev": meta.get("performance", {}),
        "pubtator_dev": evaluate_pubtator(spacy_predictor(nlp), dev_file, label_map),
        "alignment_ceiling": alignment_ceiling(dev_file, label_map),
        "conversion": conversion,
        "seconds": seconds,
        "model_dir": str(output_dir),
    }
    _write_model_card(output_dir, metrics, seed, seconds)
    logger.info("dev scores:\n%s", format_report(metrics["pubtator_dev"]))
    return metrics
