"""Train the embedded DISEASE/CHEMICAL NER on the BioCreative V CDR corpus.

One function, :func:`train_ner`: hold out a seeded slice of the PubTator training set
for early stopping, convert both parts to DocBins, train with spaCy's own training loop
from the packaged ``ner.cfg``, copy the best model to ``output_dir``, score it once on
the development set with :mod:`pipeline.ner.evaluate` (character offsets, exact and
overlap), and record the scores, the settings and the corpus attribution in the model
directory. The development set never steers training, so its score is not optimistic.
"""
from __future__ import annotations

import json
import logging
import random
import shutil
import tempfile
import time
from datetime import date
from importlib.resources import files
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from thinc.api import Config

from pipeline.ner.evaluate import evaluate_pubtator, format_report, spacy_predictor
from pipeline.ner.pubtator import Document, load_label_map, make_tokenizer_nlp, read_pubtator, to_docbin

logger = logging.getLogger(__name__)

#: File names inside the BC5CDR corpus folder (the test set is deliberately absent).
TRAIN_FILE = "CDR_TrainingSet.PubTator.txt"
DEV_FILE = "CDR_DevelopmentSet.PubTator.txt"
MODEL_NAME = "ner_bc5cdr"
#: Share of the training documents held out for early stopping (model selection).
HOLDOUT_FRACTION = 0.1
#: Heading of the hand-written section of the model README that retraining keeps.
VARIANTS_HEADING = "## Variants"

ATTRIBUTION = """\
Trained on the BioCreative V CDR corpus (training set; a seeded tenth of it held out
for model selection; development set for scoring only). Cite: Li J, Sun Y, Johnson RJ, Sciaky D, Wei CH, Leaman R, Davis AP,
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


def split_holdout(
    documents: list[Document], fraction: float, seed: int = 0
) -> tuple[list[Document], list[Document]]:
    """Split training documents into (train, held out) by a seeded draw of PMIDs.

    The draw is over the sorted PMIDs, so it does not depend on the file's order, and at
    least one document is held out when ``fraction`` > 0 (a tiny corpus still trains).
    Order within each part follows the file.
    """
    if not 0 <= fraction < 1:
        raise ValueError(f"holdout fraction must be in [0, 1), got {fraction}")
    if fraction == 0:
        return list(documents), []
    pmids = sorted({d.pmid for d in documents})
    n = min(len(pmids) - 1, max(1, round(fraction * len(pmids))))
    held = set(random.Random(seed).sample(pmids, n))
    return [d for d in documents if d.pmid not in held], [d for d in documents if d.pmid in held]


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


def _variants_section(readme: Path) -> str:
    """The hand-written ``## Variants`` section of an existing model README, if any.

    The comparison of training variants is measured across several runs, so one run
    cannot regenerate it; retraining keeps it instead of wiping it.
    """
    if not readme.is_file():
        return ""
    text = readme.read_text(encoding="utf-8")
    start = text.find(VARIANTS_HEADING + "\n")
    if start < 0:
        return ""
    end = text.find("\n## ", start + len(VARIANTS_HEADING))
    return text[start : end if end >= 0 else len(text)].rstrip() + "\n"


def _write_model_card(
    model_dir: Path, metrics: dict[str, Any], training: dict[str, Any], variants: str = ""
) -> None:
    """Record provenance, settings and development scores in ``meta.json`` and a README."""
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    exact = metrics["pubtator_dev"]["exact"]
    overlap = metrics["pubtator_dev"]["overlap"]
    ceiling = metrics["alignment_ceiling"]["exact"]
    has_vectors = bool(training.get("vectors"))
    meta.update(
        {
            "name": MODEL_NAME,
            "version": "0.2.0",
            "description": "DISEASE and CHEMICAL NER (CPU CNN"
            + (", in-domain floret vectors" if has_vectors else ", no vectors")
            + ") trained on BioCreative V CDR; labels compatible with scispaCy en_ner_bc5cdr_md. "
            "Needs `import pipeline.nlp` (registers the tokenizer) before spacy.load.",
            "license": "MIT (model); corpus: NCBI public-domain notice",
            "sources": [
                {
                    "name": "BioCreative V CDR corpus (training set; development set for scoring only)",
                    "url": "https://biocreative.bioinformatics.udel.edu/tasks/biocreative-v/track-3-cdr/",
                    "license": "NCBI public-domain notice",
                    "author": "Li et al., Database 2016:baw068",
                }
            ],
            "training": {**training, "date": date.today().isoformat()},
            "pubtator_dev_scores": {"exact": exact, "overlap": overlap, "exact_ceiling": ceiling},
        }
    )
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    lines = [
        f"# {MODEL_NAME}",
        "",
        "spaCy pipeline (tok2vec + ner) recognising DISEASE and CHEMICAL mentions, the labels",
        "of scispaCy's `en_ner_bc5cdr_md`. Built by `pipeline train-ner`",
        "(`pipeline.ner.train.train_ner`, config `pipeline/ner/ner.cfg`; the settings of this",
        "run are in `config.cfg` and `meta.json` → `training`); load with",
        "`import pipeline.nlp; spacy.load(pipeline.models.embedded_ner_path())`.",
    ]
    if has_vectors:
        vec = training["vectors"]
        lines += [
            "",
            "The tok2vec layer also reads static floret vectors (`vocab/vectors`) trained by",
            "`pipeline train-vectors` on in-domain raw text: "
            + ", ".join(vec.get("sources", [])) + f" ({vec.get('tokens', '?'):,} tokens; "
            f"{vec.get('rows', '?'):,} hashed rows × {vec.get('dim', '?')} dimensions; settings in "
            "`meta.json` → `training.vectors`).",
        ]
    lines += [
        "",
        "## BC5CDR development set, scored once (character offsets, `pipeline.ner.evaluate`)",
        "",
        "| match | label | P | R | F1 |",
        "|---|---|---|---|---|",
    ]
    for mode, table in (("exact", exact), ("overlap", overlap), ("exact, ceiling", ceiling)):
        for label, m in table.items():
            lines.append(f"| {mode} | {label} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} |")
    selection = metrics["spacy_selection"].get("ents_f")
    held = training.get("holdout_documents", 0)
    lines += [
        "",
        (
            f"Early stopping used {held} training documents held out from training (seed "
            f"{training.get('holdout_seed')}); their token-level F1 was {selection:.3f}. The development"
            " set was scored once, after training."
            if held and selection is not None
            else "The development set was used for model selection (early stopping), so these scores"
            " are optimistic."
        ),
        "A mention that ends inside a token cannot be predicted exactly: the *ceiling* rows",
        "score the token-aligned gold itself, the best any model on this tokenizer can reach",
        "(`pipeline.scispacy_tokenizer.v2` splits `cocaine-induced`; what is left is mostly",
        "`[3H]nicotine` and `Na(+)`).",
        "",
    ]
    if variants:
        lines += [variants]
    lines += ["## Data and attribution", "", ATTRIBUTION]
    if has_vectors:
        lines += [
            "The static vectors were also trained on raw text (no labels) of MedQuAD (CC BY 4.0;",
            "Ben Abacha & Demner-Fushman, \"A question-entailment approach to question answering\",",
            "BMC Bioinformatics 2019), EMA package leaflets (source: European Medicines Agency),",
            "and the NCBI Disease corpus (Doğan, Leaman & Lu, J Biomed Inform 2014; NCBI",
            "public-domain notice) besides the BC5CDR abstracts.",
            "",
        ]
    (model_dir / "README.md").write_text("\n".join(lines), encoding="utf-8")


def _training_config(work: Path, *, with_pretraining: bool) -> Path:
    """The packaged ``ner.cfg``, with spaCy's default ``[pretraining]`` block if asked.

    spaCy loads ``init_tok2vec`` weights only when the config's ``[pretraining]`` block
    names the layer they belong to; with the empty block of ``ner.cfg`` it would skip
    them without a word.
    """
    text = (files("pipeline.ner") / "ner.cfg").read_text(encoding="utf-8")
    if with_pretraining:
        from spacy import util
        from spacy.language import DEFAULT_CONFIG_PRETRAIN_PATH

        merged = util.load_config(DEFAULT_CONFIG_PRETRAIN_PATH).merge(util.load_config_from_str(text, interpolate=False))
        text = merged.to_str()
    path = work / "ner.cfg"
    path.write_text(text, encoding="utf-8")
    return path


def _vectors_record(vectors: Path) -> dict[str, Any]:
    """What the vectors pipeline says about itself (written by ``pipeline train-vectors``)."""
    meta_path = Path(vectors) / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    record = dict(meta.get("floret", {}))
    record.setdefault("name", meta.get("vectors", {}).get("name"))
    return record


def train_ner(
    corpus_dir: Path,
    output_dir: Path,
    *,
    max_steps: int | None = None,
    seed: int = 0,
    holdout_fraction: float = HOLDOUT_FRACTION,
    holdout_seed: int = 0,
    vectors: Path | None = None,
    init_tok2vec: Path | None = None,
    work_dir: Path | None = None,
    progress_bar: bool = False,
    config_overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Train the NER and install the best model in ``output_dir`` (replacing it).

    Args:
        corpus_dir: folder holding the BC5CDR PubTator training and development files.
        output_dir: model directory to (re)create, e.g. ``pipeline/models/ner_bc5cdr``.
        max_steps: stop after this many updates; ``None`` keeps the config's limit.
        seed: training seed; with the same seed, corpus and machine the model is the same.
        holdout_fraction: share of the training documents held out for early stopping
            (default 0.1). 0 falls back to selecting on the development set, which makes
            its score optimistic.
        holdout_seed: seed of the held-out draw; kept apart from ``seed`` so that runs
            with different training seeds select on the same documents.
        vectors: a spaCy pipeline folder whose vocab holds static vectors (the output of
            :func:`pipeline.ner.vectors.train_vectors`); turns on
            ``include_static_vectors`` and ships the vectors inside the model.
        init_tok2vec: weights from ``spacy pretrain`` for the tok2vec layer.
        work_dir: where the DocBins and training checkpoints go (never the repository's
            package); defaults to a temporary directory removed afterwards.
        progress_bar: show spaCy's progress bar between evaluations (for terminals).
        config_overrides: dotted ``ner.cfg`` settings to change for this run, e.g.
            ``{"components.tok2vec.model.encode.width": 96}`` (for experiments; the
            shipped model is trained from ``ner.cfg`` as it is).

    Returns:
        ``{"spacy_selection": spaCy's token-level scores on the documents used for
        model selection, "pubtator_dev": the metrics of evaluate_pubtator on the dev file,
        "alignment_ceiling": the same for the token-aligned gold (the exact-match upper
        bound on this tokenizer), "conversion": alignment counts, "seconds": training
        wall time, "cpu_seconds": training CPU time, "model_dir": str, "training": the
        settings recorded in meta.json}``.
    """
    import spacy
    from spacy.cli.train import train as spacy_train

    import pipeline.nlp  # noqa: F401  (registers the tokenizer the config names)

    corpus_dir, output_dir = Path(corpus_dir), Path(output_dir)
    train_file, dev_file = corpus_dir / TRAIN_FILE, corpus_dir / DEV_FILE
    for f in (train_file, dev_file):
        if not f.is_file():
            raise FileNotFoundError(f"BC5CDR file not found: {f}")
    for label, path in (("vectors", vectors), ("init_tok2vec", init_tok2vec)):
        if path is not None and not Path(path).exists():
            raise FileNotFoundError(f"{label} not found: {path}")
    variants = _variants_section(output_dir / "README.md")
    train_docs, held_docs = split_holdout(read_pubtator(train_file), holdout_fraction, holdout_seed)
    with tempfile.TemporaryDirectory(prefix="ner-train-") as tmp:
        work = Path(work_dir) if work_dir is not None else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        nlp_tok, label_map = make_tokenizer_nlp(), load_label_map()
        selection = held_docs if held_docs else read_pubtator(dev_file)
        conversion = {}
        for name, docs in (("train", train_docs), ("selection", selection)):
            db, stats = to_docbin(docs, nlp_tok, label_map)
            db.to_disk(work / f"{name}.spacy")
            conversion[name] = vars(stats)
            logger.info("converted %s: %s", name, stats.summary())
        checkpoints = work / "training"
        overrides = _config_overrides(
            work / "train.spacy", work / "selection.spacy", seed, max_steps, progress_bar
        )
        if vectors is not None:
            overrides["paths.vectors"] = str(vectors)
            overrides["components.tok2vec.model.embed.include_static_vectors"] = True
        if init_tok2vec is not None:
            overrides["paths.init_tok2vec"] = str(init_tok2vec)
        overrides.update(config_overrides or {})
        started, cpu_started = time.monotonic(), time.process_time()
        config_path = _training_config(work, with_pretraining=init_tok2vec is not None)
        spacy_train(config_path, checkpoints, use_gpu=-1, overrides=overrides)
        seconds, cpu_seconds = time.monotonic() - started, time.process_time() - cpu_started
        best = checkpoints / "model-best"
        if output_dir.exists():
            shutil.rmtree(output_dir)
        shutil.copytree(best, output_dir)

    # The saved config would otherwise point at (possibly temporary) scratch files; the
    # vectors and pretrained weights are already inside the model.
    config = Config().from_disk(output_dir / "config.cfg", interpolate=False)
    for key in ("train", "dev", "vectors", "init_tok2vec"):
        config["paths"][key] = None
    config.to_disk(output_dir / "config.cfg")
    nlp = spacy.load(output_dir)
    meta = json.loads((output_dir / "meta.json").read_text(encoding="utf-8"))
    training = {
        "seed": seed,
        "holdout_fraction": holdout_fraction,
        "holdout_seed": holdout_seed,
        "holdout_documents": len(held_docs),
        "train_documents": len({d.pmid for d in train_docs}),
        "max_steps": max_steps,
        "config_overrides": dict(config_overrides or {}),
        "vectors": _vectors_record(Path(vectors)) if vectors is not None else None,
        "init_tok2vec": Path(init_tok2vec).name if init_tok2vec is not None else None,
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu_seconds, 1),
    }
    metrics: dict[str, Any] = {
        "spacy_selection": meta.get("performance", {}),
        "pubtator_dev": evaluate_pubtator(spacy_predictor(nlp), dev_file, label_map),
        "alignment_ceiling": alignment_ceiling(dev_file, label_map),
        "conversion": conversion,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "model_dir": str(output_dir),
        "training": training,
    }
    _write_model_card(output_dir, metrics, training, variants)
    logger.info("dev scores:\n%s", format_report(metrics["pubtator_dev"]))
    return metrics
