"""The run's manifest: built here from what the stages did, read back on the next run."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

import pipeline
from pipeline.dataset.tables import SCHEMA_VERSION, TABLE_NAMES

if TYPE_CHECKING:
    import pandas as pd  # imported where frames are made: a no-op rerun never needs it

CHANGE_KINDS = ("added", "modified", "removed", "unchanged")


def read_manifest(output: Path) -> dict[str, Any] | None:
    try:
        return json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def source_hashes(manifest: dict[str, Any] | None) -> dict[str, str]:
    return {s["doc_id"]: s["sha256"] for s in (manifest or {}).get("sources", [])}


def diff_sources(before: dict[str, str], current: dict[str, str]) -> dict[str, list[str]]:
    """doc_ids added, modified, removed and unchanged between two {doc_id: sha256} maps."""
    return {
        "added": sorted(d for d in current if d not in before),
        "modified": sorted(d for d in current if d in before and before[d] != current[d]),
        "removed": sorted(d for d in before if d not in current),
        "unchanged": sorted(d for d in current if d in before and before[d] == current[d]),
    }


class SourceRecord(BaseModel):
    """One source of the run, as the contract lists it."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str
    source_path: str
    sha256: str
    status: str
    error: str
    text_path: str = ""
    text_sha256: str = ""


class ReviewSummary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    flags: int
    pending: int
    decided: int


class Manifest(BaseModel):
    """``manifest.json``: the contract's fields, typed, and this project's additions.

    Unknown keys are allowed (a later version may add some; readers ignore them), but
    every key the contract names must be present with its type.
    """

    model_config = ConfigDict(extra="allow")

    schema_version: int
    pipeline_version: str
    run_id: str
    started_at: str
    finished_at: str
    fingerprints: dict[str, str]
    sources: list[SourceRecord]
    row_counts: dict[str, int]
    changes: dict[str, list[str]]
    extracted: list[str]
    from_cache: list[str]
    stale_decisions: list[dict[str, Any]]
    reanchored_decisions: list[dict[str, Any]]
    review_log_problems: list[str]
    unreadable_decisions: list[dict[str, Any]]
    review_summary: ReviewSummary
    settings: dict[str, Any]
    #: What besides the sources decided this dataset (fingerprint, code, review log,
    #: limits): a rerun that finds these and every source unchanged publishes it again.
    inputs: dict[str, Any] = {}
    #: Sources whose extraction failed or ran out of time: the next run tries them again.
    retry: list[str] = []


def build_manifest(
    *, run_id: str, started_at: str, finished_at: str, fingerprints: dict[str, str],
    tables: dict[str, pd.DataFrame], previous: dict[str, Any] | None, extracted: list[str],
    from_cache: list[str], stale: list[dict[str, Any]], review_problems: tuple[str, ...],
    settings: dict[str, Any], unreadable_decisions: list[dict[str, Any]] = (),
    inputs: dict[str, Any] | None = None, retry: list[str] = (),
) -> dict[str, Any]:
    """The manifest of a run, as the contract lists it, plus what this project adds.

    ``changes`` compares the sources with the previous dataset's; ``stale_decisions`` are
    review decisions whose text is gone (kept, never applied); ``review_log_problems`` are
    lines of ``reviews.jsonl`` that could not be read (``unreadable_decisions`` the same with
    line number, reason and an excerpt, so a person can mend them).
    """
    docs = tables["documents"]
    return Manifest.model_validate({
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": pipeline.__version__,
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": finished_at,
        "fingerprints": {k: v for k, v in fingerprints.items() if k != "combined"},
        "sources": [
            {"doc_id": r.doc_id, "source_path": r.source_path, "sha256": r.sha256, "status": r.status, "error": r.error,
             "text_path": r.text_path, "text_sha256": r.text_sha256}
            for r in docs.itertuples(index=False)
        ],
        "row_counts": {name: int(len(tables[name])) for name in TABLE_NAMES},
        "changes": diff_sources(source_hashes(previous), {r.doc_id: r.sha256 for r in docs.itertuples(index=False)}),
        "extracted": sorted(extracted),
        "from_cache": sorted(from_cache),
        "stale_decisions": [s for s in stale if s["status"] == "stale"],
        "reanchored_decisions": [s for s in stale if s["status"] == "reanchored"],
        "review_log_problems": list(review_problems),
        "unreadable_decisions": list(unreadable_decisions),
        "review_summary": review_summary(tables["flags"]),
        "settings": settings,
        "inputs": inputs or {},
        "retry": sorted(retry),
    }).model_dump()


def unchanged_manifest(previous: dict[str, Any], *, run_id: str, started_at: str, finished_at: str,
                       settings: dict[str, Any]) -> dict[str, Any]:
    """The manifest of a run that found nothing changed since ``previous``.

    Its dataset is the previous one, so everything about the data (sources, row counts,
    review summary and decisions) is carried over; ``changes`` lists every source as
    unchanged, nothing was extracted and every usable document came from the previous run.
    """
    hashes = source_hashes(previous)
    return Manifest.model_validate({
        **previous,
        "run_id": run_id,
        "started_at": started_at,
        "finished_at": finished_at,
        "changes": diff_sources(hashes, hashes),
        "extracted": [],
        "from_cache": sorted(s["doc_id"] for s in previous["sources"] if s["status"] == "ok"),
        "settings": settings,
    }).model_dump()


def review_summary(flags: pd.DataFrame) -> dict[str, int]:
    """How many flags a reviewer has decided and how many wait, by status."""
    counts = flags["review_status"].value_counts()
    return {"flags": int(len(flags)), "pending": int(counts.get("pending", 0)),
            "decided": int(len(flags) - counts.get("pending", 0))}
