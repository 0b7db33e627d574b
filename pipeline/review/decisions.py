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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal

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
    """Decisions read from ``reviews.jsonl``.

    Attributes:
        latest: The latest decision per flag (file order is time order).
        conflicts: Flags on which reviewers disagree, with each one's decision. Both
            decisions are kept; the flag stays open until a third reviewer decides.
        problems: Lines that could not be read, in plain words.
        n_lines: Non-empty lines read.
    """

    latest: dict[str, Decision]
    problems: tuple[str, ...]
    n_lines: int
    conflicts: dict[str, dict[str, str]] = field(default_factory=dict)


def _conflict(history: list[Decision]) -> dict[str, str] | None:
    """Disagreement left open by a flag's decisions, in order.

    Reviewers' latest decisions are compared; once they disagree, only a reviewer who
    took no part in the disagreement settles it (and their decision then stands).
    """
    current: dict[str, Decision] = {}
    parties: set[str] | None = None
    for d in history:
        if parties is not None and d.reviewer not in parties:
            current, parties = {d.reviewer: d}, None  # a third person settled it
            continue
        current[d.reviewer] = d
        if parties is None and len({x.decision for x in current.values()}) > 1:
            parties = set(current)
        elif parties is not None:
            parties.add(d.reviewer)
            if len({x.decision for x in current.values()}) == 1:
                parties = None  # the disagreeing reviewers came to agree
    if parties is None:
        return None
    return {r: current[r].decision for r in sorted(current)}


def load_decisions(path: Path) -> DecisionLog:
    """Latest decision per flag and open conflicts; malformed lines are reported, not fatal."""
    latest: dict[str, Decision] = {}
    history: dict[str, list[Decision]] = {}
    problems: list[str] = []
    n = 0
    if not path.exists():
        return DecisionLog({}, (), 0, {})
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
        history.setdefault(decision.flag_id, []).append(decision)
    conflicts = {fid: c for fid, h in history.items() if (c := _conflict(h)) is not None}
    return DecisionLog(latest, tuple(problems), n, conflicts)


def _reanchor(
    decision: Decision, flags: pd.DataFrame, text_of: Callable[[str], str | None] | None
) -> str | None:
    """The current flag a decision belongs to when its id changed but its quote did not.

    Candidates are flags of the same document whose evidence is exactly the quote; when
    several remain, the one whose surrounding text matches the decision's prefix and
    suffix wins. No unique match: None (the decision is stale, never applied elsewhere).
    """
    if not decision.quote:
        return None
    doc_id = getattr(decision, "doc_id", None) or ""
    same = flags[(flags["text"] == decision.quote) | (flags["other_text"] == decision.quote)]
    if doc_id:
        same = same[(same["doc_id"] == doc_id) | (same["other_doc_id"] == doc_id)]
    if len(same) == 1:
        return str(same.iloc[0]["flag_id"])
    if len(same) > 1 and text_of is not None and (decision.prefix or decision.suffix):
        hits = []
        for row in same.itertuples(index=False):
            text = text_of(row.doc_id)
            if text is None or pd.isna(row.start):
                continue
            s, e = int(row.start), int(row.end)
            if text[max(0, s - len(decision.prefix)) : s] == decision.prefix and text[e : e + len(decision.suffix)] == decision.suffix:
                hits.append(str(row.flag_id))
        if len(hits) == 1:
            return hits[0]
    return None


_INVALID = object()


def coerce(value: Any, dtype: Any) -> Any:
    """A reviewer's correction (often typed as text) in the column's type, or _INVALID.

    "7.5" becomes 7.5 in a float column, "true" True in a bool column; a value that does
    not fit (text in a number column) is not applied, so a typo cannot break publishing.
    """
    kind = getattr(dtype, "kind", "O")
    try:
        if kind == "f":
            return float(value) if value not in ("", None) else float("nan")
        if kind in "iu":
            return int(value)
        if kind == "b":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("true", "1", "yes"):
                return True
            if text in ("false", "0", "no"):
                return False
            return _INVALID
        return "" if value is None else str(value)
    except (TypeError, ValueError):
        return _INVALID


def apply_reviews(
    tables: dict[str, pd.DataFrame], log: DecisionLog,
    text_of: Callable[[str], str | None] | None = None,
) -> tuple[dict[str, pd.DataFrame], list[dict[str, Any]]]:
    """Set ``review_status`` on flags and the claims they cover; return new frames.

    A decision whose flag id is gone is re-attached to the flag that now carries its
    exact quote (disambiguated by prefix/suffix through ``text_of``), else reported stale.

    Returns:
        (tables, stale): updated copies of the tables, and the decisions not applied
        (each with flag id, quote and reviewer, for a person to re-anchor) plus, marked
        ``status=reanchored``, those applied to a flag under a new id.
    """
    out = dict(tables)
    flags = tables["flags"].copy()
    flag_ids = set(flags["flag_id"])
    latest = dict(log.latest)
    conflicts = dict(log.conflicts)
    stale: list[dict[str, Any]] = []
    for fid, d in sorted(log.latest.items()):
        if fid in flag_ids:
            continue
        target = _reanchor(d, flags, text_of)
        item = {"flag_id": d.flag_id, "decision": d.decision, "quote": d.quote, "reviewer": d.reviewer, "at": d.at}
        if target is not None and target not in latest:
            # The decision moves to the new id with everything known about it: an open
            # conflict between reviewers stays open there.
            latest[target] = latest.pop(fid)
            if fid in conflicts:
                conflicts[target] = conflicts.pop(fid)
            stale.append({**item, "status": "reanchored", "new_flag_id": target})
        else:
            stale.append({**item, "status": "stale"})
    log = DecisionLog(latest, log.problems, log.n_lines, conflicts)
    statuses, reviewers, times, notes = [], [], [], []
    for fid in flags["flag_id"]:
        d = log.latest.get(fid)
        conflict = log.conflicts.get(fid)
        if conflict:
            statuses.append("pending")
            reviewers.append(", ".join(conflict))
            times.append(d.at if d else "")
            notes.append("conflict: " + "; ".join(f"{r} {v}" for r, v in conflict.items())
                         + " - a third reviewer decides")
            continue
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
            if status == "corrected" and fid not in log.conflicts and d is not None and d.correction:
                corrections.setdefault(cid, {}).update(d.correction)
    for table, id_col in ID_COLUMN.items():
        if table == "flags" or table not in tables:
            continue
        frame = tables[table].copy()
        frame["review_status"] = [claim_status.get(i, "clean") for i in frame[id_col]]
        for row_idx, cid in zip(frame.index, frame[id_col]):
            for column, value in corrections.get(cid, {}).items():
                if column in frame.columns and column not in (id_col, "doc_id", "review_status"):
                    typed = coerce(value, frame[column].dtype)
                    if typed is not _INVALID:
                        frame.at[row_idx, column] = typed
        out[table] = frame
    return out, stale
