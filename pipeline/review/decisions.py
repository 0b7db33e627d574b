"""Read review decisions and apply them to a run's flags and claims.

``annotations/reviews.jsonl`` is append-only human work: the pipeline reads it, never
rewrites it. The latest decision for a flag wins. A decision about a claim means:
``accept`` — the claim stands and is published; ``reject`` — it is wrong and stays out
of ``curated/``; ``correct`` — it is published with the reviewer's values. A decision
whose flag no longer exists is reported as stale (with its quote), never dropped and
never applied to other text.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError

from pipeline.dataset.schema import ID_COLUMN

DECISION_STATUS = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}
#: When several flags cover one claim, the most cautious status wins.
_STATUS_RANK = {"rejected": 4, "pending": 3, "corrected": 2, "accepted": 1, "clean": 0}


class Decision(BaseModel):
    """One line of ``reviews.jsonl`` (the contract's fields; extra keys are kept)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    flag_id: str
    decision: Literal["accept", "reject", "correct"]
    reviewer: str = ""
    at: str = ""
    note: str = ""
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    doc_sha256: str = ""
    correction: dict[str, Any] | None = None


@dataclass(frozen=True)
class DecisionLog:
    latest: dict[str, Decision]
    problems: tuple[str, ...]
    n_lines: int


def load_decisions(path: Path) -> DecisionLog:
    """Latest decision per flag; malformed lines are reported, not fatal."""
    latest: dict[str, Decision] = {}
    problems: list[str] = []
    n = 0
    if not path.exists():
        return DecisionLog({}, (), 0)
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        n += 1
        try:
            decision = Decision.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as exc:
            problems.append(f"{path.name}:{lineno}: ignored, not a valid decision ({str(exc).splitlines()[0]})")
            continue
        latest[decision.flag_id] = decision  # file order = time order: later lines win
    return DecisionLog(latest, tuple(problems), n)


def apply_reviews(
    tables: dict[str, pd.DataFrame], log: DecisionLog
) -> tuple[dict[str, pd.DataFrame], list[dict[str, Any]]]:
    """Set ``review_status`` on flags and the claims they cover; return new frames.

    Returns:
        (tables, stale): updated copies of the tables, and the decisions whose flag is
        not in this run (each with flag id, quote and reviewer, for a person to re-anchor).
    """
    out = dict(tables)
    flags = tables["flags"].copy()
    flag_ids = set(flags["flag_id"])
    stale = [
        {"flag_id": d.flag_id, "decision": d.decision, "quote": d.quote, "reviewer": d.reviewer, "at": d.at}
        for fid, d in sorted(log.latest.items()) if fid not in flag_ids
    ]
    statuses, reviewers, times, notes = [], [], [], []
    for fid in flags["flag_id"]:
        d = log.latest.get(fid)
        statuses.append(DECISION_STATUS[d.decision] if d else "pending")
        reviewers.append(d.reviewer if d else "")
        times.append(d.at if d else "")
        notes.append(d.note if d else "")
    flags["review_status"] = statuses
    flags["reviewer"] = reviewers
    flags["reviewed_at"] = times
    flags["note"] = notes
    out["flags"] = flags

    claim_status: dict[str, str] = {}
    corrections: dict[str, dict[str, Any]] = {}
    for fid, status, ids in zip(flags["flag_id"], flags["review_status"], flags["claim_ids"]):
        for cid in filter(None, str(ids).split(";")):
            if _STATUS_RANK[status] > _STATUS_RANK[claim_status.get(cid, "clean")]:
                claim_status[cid] = status
            d = log.latest.get(fid)
            if status == "corrected" and d is not None and d.correction:
                corrections.setdefault(cid, {}).update(d.correction)
    for table, id_col in ID_COLUMN.items():
        if table == "flags" or table not in tables:
            continue
        frame = tables[table].copy()
        frame["review_status"] = [claim_status.get(i, "clean") for i in frame[id_col]]
        for row_idx, cid in zip(frame.index, frame[id_col]):
            for column, value in corrections.get(cid, {}).items():
                if column in frame.columns and column not in (id_col, "doc_id", "review_status"):
                    frame.at[row_idx, column] = value
        out[table] = frame
    return out, stale
