"""Command-line entry points for training and evaluating the embedded NER.

Plain functions with typer-annotated parameters, meant to be mounted in the main app
(``app.command("train-ner")(train)``, ``app.command("train-vectors")(train_vectors)``,
``app.command("evaluate-ner")(evaluate)``). Run standalone with
``python -m pipeline.ner.cli train|train-vectors|evaluate|stack-diff``. Heavy imports (spaCy,
training) happen inside the commands so ``--help`` stays fast.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from typing_extensions import Annotated

#: Where the corpora live, relative to the project root (see ../shared/corpora/README.md).
DEFAULT_CORPUS = Path("../shared/corpora/bc5cdr")
#: The shared corpora folder, relative to the project root (raw text for the vectors).
DEFAULT_CORPORA = Path("../shared/corpora")
#: Where `train-vectors` writes by default, inside the (gitignored) scratch folder.
DEFAULT_VECTORS = Path("corpus-work/vectors/floret")
#: Scratch folder for DocBins and checkpoints, relative to the project root (gitignored).
DEFAULT_WORK_DIR = Path("corpus-work")


def _project_root() -> Path:
    """The nearest folder at or above the cwd holding ``pyproject.toml`` (else the cwd)."""
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return cwd


def resolve_project_path(path: Path) -> Path:
    """Resolve a relative path against the cwd first, then the project root."""
    if path.is_absolute() or path.exists():
        return path
    return _project_root() / path


def _model_label_map(pairs: list[str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs or []:
        source, sep, target = pair.partition("=")
        if not sep or not source or not target:
            raise typer.BadParameter(f"expected MODEL_LABEL=LABEL, got {pair!r}", param_hint="--model-label")
        mapping[source] = target
    return mapping


def _parse_overrides(items: list[str]) -> dict[str, Any]:
    """``["a.b=96", "c=\"x\""]`` -> ``{"a.b": 96, "c": "x"}``; a bad item is a usage error."""
    overrides: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--set")
        try:
            overrides[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            overrides[key.strip()] = value
    return overrides


def train(
    corpus: Annotated[
        Path,
        typer.Option(
            help="Folder with the BC5CDR PubTator files (CDR_TrainingSet/CDR_DevelopmentSet"
            ".PubTator.txt). Relative paths are tried from the cwd, then the project root.",
        ),
    ] = DEFAULT_CORPUS,
    output: Annotated[
        Optional[Path],
        typer.Option(
            help="Model directory to (re)create. Default: the shipped model, "
            "pipeline/models/ner_bc5cdr.",
        ),
    ] = None,
    max_steps: Annotated[
        Optional[int],
        typer.Option(min=1, help="Stop after this many updates (default: the limit in pipeline/ner/ner.cfg)."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed; same seed and data give the same model.")] = 0,
    holdout_fraction: Annotated[
        float,
        typer.Option(
            min=0.0, max=0.9,
            help="Share of the training documents held out for early stopping, so the "
            "development set is scored once, after training. 0 selects on the development set "
            "(its score is then optimistic).",
        ),
    ] = 0.1,
    holdout_seed: Annotated[
        int, typer.Option(help="Seed of the held-out draw (kept apart from --seed so seeds share it).")
    ] = 0,
    vectors: Annotated[
        Optional[Path],
        typer.Option(
            help="Static vectors to include: the folder written by `pipeline train-vectors` "
            "(relative: cwd, then project root). Default: corpus-work/vectors/floret, the "
            "train-vectors default, as the shipped model was trained.",
        ),
    ] = None,
    no_vectors: Annotated[
        bool, typer.Option("--no-vectors", help="Train without static vectors (the baseline variant).")
    ] = False,
    init_tok2vec: Annotated[
        Optional[Path],
        typer.Option(help="Pretrained tok2vec weights (a model*.bin of `spacy pretrain`)."),
    ] = None,
    work_dir: Annotated[
        Path,
        typer.Option(help="Scratch folder for DocBins and training checkpoints (relative: to the project root)."),
    ] = DEFAULT_WORK_DIR,
    set_: Annotated[
        Optional[list[str]],
        typer.Option(
            "--set",
            metavar="KEY=VALUE",
            help="Change one setting of pipeline/ner/ner.cfg for this run (repeatable), e.g. "
            "--set components.tok2vec.model.encode.width=96. VALUE is read as JSON when it parses.",
        ),
    ] = None,
) -> None:
    """Train the DISEASE/CHEMICAL NER on BioCreative V CDR and install the best model."""
    from pipeline.models import embedded_ner_path
    from pipeline.ner.evaluate import format_report
    from pipeline.ner.pubtator import PubTatorFormatError
    from pipeline.ner.train import DEV_FILE, TRAIN_FILE, train_ner

    corpus_dir = resolve_project_path(corpus)
    missing = [name for name in (TRAIN_FILE, DEV_FILE) if not (corpus_dir / name).is_file()]
    if missing:
        raise typer.BadParameter(
            f"{corpus_dir} does not hold {', '.join(missing)}; point --corpus at the BC5CDR folder.",
            param_hint="--corpus",
        )
    overrides = _parse_overrides(set_ or [])
    if no_vectors and vectors is not None:
        raise typer.BadParameter("give --vectors or --no-vectors, not both", param_hint="--no-vectors")
    if not no_vectors and vectors is None:
        vectors = DEFAULT_VECTORS
        if not resolve_project_path(vectors).exists():
            raise typer.BadParameter(
                f"no vectors at {vectors}: run `pipeline train-vectors` first, or train without "
                "them with --no-vectors.",
                param_hint="--vectors",
            )
    extras: dict[str, Path] = {}
    for hint, path in (("--vectors", vectors), ("--init-tok2vec", init_tok2vec)):
        if path is not None:
            resolved = resolve_project_path(path)
            if not resolved.exists():
                raise typer.BadParameter(f"not found: {path}", param_hint=hint)
            extras[hint.strip("-").replace("-", "_")] = resolved
    work = work_dir if work_dir.is_absolute() else _project_root() / work_dir
    target = output if output is not None else embedded_ner_path()
    typer.echo(
        f"Training on {corpus_dir} -> {target} (scratch: {work}); spaCy reports the scores of the "
        "held-out training documents as it goes; the development set is scored at the end."
    )
    try:
        metrics = train_ner(
            corpus_dir, target, max_steps=max_steps, seed=seed, holdout_fraction=holdout_fraction,
            holdout_seed=holdout_seed, work_dir=work, progress_bar=True, config_overrides=overrides,
            **extras,
        )
    except PubTatorFormatError as err:
        raise typer.BadParameter(str(err), param_hint="--corpus") from err
    typer.echo(format_report(metrics["pubtator_dev"]))
    typer.echo(f"Trained in {metrics['seconds'] / 60:.1f} min; model saved to {target}")


def train_vectors(
    corpora: Annotated[
        Path,
        typer.Option(
            help="The shared corpora folder (MedQuAD, EMA leaflets, BC5CDR, NCBI disease). "
            "Relative paths are tried from the cwd, then the project root.",
        ),
    ] = DEFAULT_CORPORA,
    output: Annotated[
        Path,
        typer.Option(help="Folder to write (a spaCy pipeline holding only the vectors); "
                     "give it to `train-ner --vectors`. Relative: to the project root."),
    ] = DEFAULT_VECTORS,
    dim: Annotated[int, typer.Option(min=4, help="Vector width.")] = 100,
    bucket: Annotated[
        int, typer.Option(min=100, help="Rows of the hashed table; the table takes bucket × dim × 4 bytes.")
    ] = 50000,
    epoch: Annotated[int, typer.Option(min=1, help="Passes over the text.")] = 5,
    min_count: Annotated[int, typer.Option(min=1, help="Rarer words get n-gram vectors only.")] = 3,
) -> None:
    """Train in-domain floret vectors on the corpora's raw text (no labels) for the NER."""
    from pipeline.ner.vectors import FloretSettings, source_files
    from pipeline.ner.vectors import train_vectors as run

    root = resolve_project_path(corpora)
    try:
        source_files(root)
    except FileNotFoundError as err:
        raise typer.BadParameter(str(err), param_hint="--corpora") from err
    target = output if output.is_absolute() else _project_root() / output
    settings = FloretSettings(dim=dim, bucket=bucket, epoch=epoch, min_count=min_count)
    typer.echo(f"Tokenizing the raw text of {root} and training floret vectors -> {target}")
    record = run(root, target, settings=settings, work_dir=target.parent)
    typer.echo(
        f"{record['tokens']:,} tokens, {record['words_in_dictionary']:,} words; table "
        f"{record['rows']:,} × {record['dim']} in {record['train_seconds'] / 60:.1f} min. "
        f"Use: pipeline train-ner --vectors {target}"
    )


def evaluate(
    pubtator: Annotated[
        Path,
        typer.Option(
            help="Gold PubTator file to score against, e.g. "
            "../shared/corpora/ncbi_disease/NCBIdevelopset_corpus.txt.",
        ),
    ],
    model: Annotated[
        Optional[str],
        typer.Option(
            help="spaCy model to evaluate: a directory or an installed package name "
            "(e.g. en_ner_bc5cdr_md). Default: the shipped embedded model. The model's NER is "
            "sourced into the pipeline by pipeline.nlp.loader, as a run uses it.",
        ),
    ] = None,
    label_map: Annotated[
        Optional[Path],
        typer.Option(
            help="JSON object mapping PubTator mention types to labels (default: the packaged "
            "pipeline/ner/label_map.json: Disease-like types -> DISEASE, Chemical -> CHEMICAL).",
        ),
    ] = None,
    model_label: Annotated[
        Optional[list[str]],
        typer.Option(
            help="Rename a model label before scoring, as MODEL_LABEL=LABEL (repeatable); "
            "for models whose labels differ from DISEASE/CHEMICAL.",
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per nlp.pipe batch.")] = 32,
    json_out: Annotated[
        Optional[Path], typer.Option("--json", help="Also write the metrics as JSON to this file.")
    ] = None,
) -> None:
    """Score a spaCy NER model against a PubTator file (exact and overlap P/R/F1).

    The model is loaded the way a run loads it (``pipeline.nlp.loader``: our tokenizer, the
    NER sourced with its static vectors) and only its ``ner`` runs, so the score is the
    model's as the pipeline sees it: a loader that lost the vectors would show here.
    """
    from pipeline.models import embedded_ner_path
    from pipeline.ner.evaluate import evaluate_pubtator, format_report, spacy_predictor
    from pipeline.ner.pubtator import PubTatorFormatError, load_label_map, read_pubtator
    from pipeline.nlp.loader import ModelLoadError, load_nlp

    gold_path = resolve_project_path(pubtator)
    if not gold_path.is_file():
        raise typer.BadParameter(f"file not found: {pubtator}", param_hint="--pubtator")
    try:
        types = load_label_map(resolve_project_path(label_map) if label_map is not None else None)
    except (OSError, ValueError) as err:
        raise typer.BadParameter(f"cannot read label map: {err}", param_hint="--label-map") from err
    renames = _model_label_map(model_label)
    try:
        read_pubtator(gold_path)  # fail on a malformed file before loading a model
    except PubTatorFormatError as err:
        raise typer.BadParameter(str(err), param_hint="--pubtator") from err
    name: Any = model if model is not None else embedded_ner_path()
    if isinstance(name, str) and Path(name).exists():
        name = Path(name)
    typer.echo(f"Loading {name} through the pipeline's loader ...", err=True)
    try:
        nlp = load_nlp(None, str(name))
    except (ModelLoadError, OSError, ValueError) as err:
        raise typer.BadParameter(f"cannot load spaCy model {name}: {err}", param_hint="--model") from err
    if "ner" not in nlp.pipe_names:
        raise typer.BadParameter(f"{name} gave the pipeline no NER", param_hint="--model")
    predict_all = spacy_predictor(nlp, renames, batch_size=batch_size)

    def predict(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        out: list[list[tuple[int, int, str]]] = []
        with typer.progressbar(length=len(texts), label="Annotating", file=sys.stderr) as bar:
            for i in range(0, len(texts), batch_size):
                chunk = texts[i : i + batch_size]
                out.extend(predict_all(chunk))
                bar.update(len(chunk))
        return out

    try:
        with nlp.select_pipes(enable=["ner"]):  # the cached pipeline gets its components back
            metrics = evaluate_pubtator(predict, gold_path, types)
    except PubTatorFormatError as err:
        raise typer.BadParameter(str(err), param_hint="--pubtator") from err
    metrics["model"] = str(name)
    typer.echo(format_report(metrics))
    if json_out is not None:
        json_out.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
        typer.echo(f"Metrics written to {json_out}", err=True)


def pretrain(
    corpora: Annotated[
        Path, typer.Option(help="The shared corpora folder (raw text; relative: cwd, then project root).")
    ] = DEFAULT_CORPORA,
    output: Annotated[
        Path, typer.Option(help="Folder for model{epoch}.bin (relative: to the project root).")
    ] = Path("corpus-work/pretrain"),
    epochs: Annotated[int, typer.Option(min=1, help="Passes over the raw text.")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    vectors: Annotated[
        Optional[Path],
        typer.Option(help="The train-vectors folder, when the NER will use it (the shapes must match)."),
    ] = None,
) -> None:
    """Pretrain the NER's tok2vec on the corpora's raw text (spacy pretrain, characters objective)."""
    from pipeline.ner.pretrain import pretrain_tok2vec
    from pipeline.ner.vectors import source_files

    root = resolve_project_path(corpora)
    try:
        source_files(root)
    except FileNotFoundError as err:
        raise typer.BadParameter(str(err), param_hint="--corpora") from err
    target = output if output.is_absolute() else _project_root() / output
    vec = resolve_project_path(vectors) if vectors is not None else None
    record = pretrain_tok2vec(root, target, epochs=epochs, seed=seed, vectors=vec, work_dir=target.parent)
    typer.echo(f"Pretrained in {record['seconds'] / 60:.1f} min. Use: pipeline train-ner --init-tok2vec "
               f"{record['weights']}" + (f" --vectors {vec}" if vec else ""))


def compare(
    variants: Annotated[
        list[str],
        typer.Argument(metavar="NAME=MODEL_DIR...", help="Trained variants (folders written by train-ner)."),
    ],
    medquad: Annotated[
        Path, typer.Option(help="MedQuAD answers.jsonl; a seeded sample of it times each model.")
    ] = DEFAULT_CORPORA / "medquad/answers.jsonl",
    sample: Annotated[int, typer.Option(min=1, help="Answers in the timing sample.")] = 300,
    json_out: Annotated[
        Optional[Path], typer.Option("--json", help="Also write every figure as JSON to this file.")
    ] = None,
) -> None:
    """Table of trained variants: dev F1 (from each meta.json, not re-scored), speed, size."""
    from pipeline.ner.compare import medquad_sample, variant_row, variants_table

    pairs = []
    for item in variants:
        name, sep, folder = item.partition("=")
        if not sep or not (resolve_project_path(Path(folder)) / "meta.json").is_file():
            raise typer.BadParameter(f"expected NAME=MODEL_DIR with a meta.json, got {item!r}")
        pairs.append((name, resolve_project_path(Path(folder))))
    texts = medquad_sample(resolve_project_path(medquad), sample)
    rows = [variant_row(name, folder, texts) for name, folder in pairs]
    typer.echo(variants_table(rows))
    if json_out is not None:
        json_out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


def stack_diff(
    pubtator: Annotated[
        Path, typer.Option(help="Gold PubTator file, e.g. ../shared/corpora/bc5cdr/CDR_DevelopmentSet.PubTator.txt.")
    ],
    examples: Annotated[int, typer.Option(min=0, help="Examples shown per cause.")] = 5,
    json_out: Annotated[
        Optional[Path], typer.Option("--json", help="Also write the counts and examples as JSON to this file.")
    ] = None,
) -> None:
    """What the full stack loses of what its NER finds: causes with counts (issue #15)."""
    from pipeline.ner.pubtator import PubTatorFormatError, load_label_map
    from pipeline.ner.stack_diff import format_diff
    from pipeline.ner.stack_diff import stack_diff as run
    from pipeline.nlp.loader import load_nlp

    gold_path = resolve_project_path(pubtator)
    if not gold_path.is_file():
        raise typer.BadParameter(f"file not found: {pubtator}", param_hint="--pubtator")
    typer.echo("Loading the pipeline ...", err=True)
    nlp = load_nlp(None, None, _project_root() / ".cache" / "pipeline")
    if "ner" not in nlp.pipe_names:
        raise typer.BadParameter("the configured pipeline has no NER to compare with", param_hint="--pubtator")
    try:
        diff = run(nlp, gold_path, load_label_map(None), {"CONDITION": "DISEASE", "DRUG": "CHEMICAL"},
                   examples=examples)
    except PubTatorFormatError as err:
        raise typer.BadParameter(str(err), param_hint="--pubtator") from err
    typer.echo(format_diff(diff))
    if json_out is not None:
        json_out.write_text(json.dumps(diff.as_dict(), indent=2) + "\n", encoding="utf-8")


def _standalone_app() -> typer.Typer:
    app = typer.Typer(help="Train and evaluate the embedded DISEASE/CHEMICAL NER.", no_args_is_help=True)
    app.command("train")(train)
    app.command("train-vectors")(train_vectors)
    app.command("pretrain")(pretrain)
    app.command("compare")(compare)
    app.command("evaluate")(evaluate)
    app.command("stack-diff")(stack_diff)
    return app


if __name__ == "__main__":
    _standalone_app()()
