"""Commands for the CID relation model: ``pipeline train-relations`` and ``pipeline evaluate cid``.

Heavy imports (spaCy, scikit-learn) happen inside the commands, so ``pipeline --help`` stays instant.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from typing_extensions import Annotated

from pipeline.ner.cli import DEFAULT_CORPUS, resolve_project_path

_GOLD = Path("annotations/gold")


def _inputs(pubtator: Path, gold: Path) -> tuple[Path, Path]:
    """Both paths resolved against the cwd, then the project root; a clear error when
    either is missing (a missing gold folder would let gold documents into training)."""
    pubtator, gold = resolve_project_path(pubtator), resolve_project_path(gold)
    if not pubtator.is_file():
        raise typer.BadParameter(f"{pubtator} not found (the shared corpora: ../shared/corpora)", param_hint="--pubtator")
    if not gold.is_dir():
        raise typer.BadParameter(f"{gold} not found: its BC5CDR documents must be left out", param_hint="--gold")
    return pubtator, gold


def train(
    pubtator: Annotated[Path, typer.Option("--pubtator", help="BC5CDR training file (PubTator).")] = DEFAULT_CORPUS / "CDR_TrainingSet.PubTator.txt",
    gold: Annotated[Path, typer.Option("--gold", help="Gold folder: its BC5CDR documents are left out of training.")] = _GOLD,
    out: Annotated[Optional[Path], typer.Option("--out", help="Folder for model.npz (default: the packaged model's).")] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the training report as JSON.")] = None,
) -> None:
    """Train the chemical-induced-disease relation model on BC5CDR (threshold by cross-validation)."""
    from pipeline.evaluation.cid_relations import train as train_model
    from pipeline.extract.relation_model import model_path

    pubtator, gold = _inputs(pubtator, gold)
    report = train_model(pubtator, gold, out or model_path().parent)
    typer.echo(json.dumps({k: v for k, v in report.items() if k != "curve"}, indent=2))
    if json_out is not None:
        json_out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def evaluate(
    pubtator: Annotated[Path, typer.Option("--pubtator", help="BC5CDR file to score on (public held-out: the development set).")] = DEFAULT_CORPUS / "CDR_DevelopmentSet.PubTator.txt",
    gold: Annotated[Path, typer.Option("--gold", help="Gold folder: its BC5CDR documents are left out.")] = _GOLD,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Only the first N documents (in file order).")] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the scores as JSON.")] = None,
) -> None:
    """Document-level CID P/R/F1: the model on the corpus's own mentions, and the pipeline's
    cause rows (rules alone, rules + model) on our own mentions."""
    import tempfile

    from pipeline.evaluation.cid_relations import score_gold_mentions, score_pipeline, training_documents, write_documents
    from pipeline.evaluation.run import extract_tables
    from pipeline.extract.relation_model import shipped_model
    from pipeline.nlp.loader import load_nlp

    pubtator, gold = _inputs(pubtator, gold)
    docs = training_documents(pubtator, gold)[:limit]
    scores = {"documents": len(docs), "gold_mentions": score_gold_mentions(shipped_model(), docs)}
    typer.echo("Loading the pipeline ...", err=True)
    nlp = load_nlp(None, None, Path(".cache/pipeline"))
    with tempfile.TemporaryDirectory(prefix="cid-") as tmp:
        write_documents(docs, Path(tmp))
        tables, _ = extract_tables(Path(tmp), nlp)
    scores["our_mentions"] = score_pipeline(tables["causes"], docs)
    typer.echo(json.dumps(scores, indent=2))
    if json_out is not None:
        json_out.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
