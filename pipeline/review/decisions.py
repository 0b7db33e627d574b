"""Read review decisions and apply them to a run's flags and claims.

``annotations/reviews.jsonl`` is append-only human work: the pipeline reads it, never
rewrites it. The latest decision for a flag wins. A decision about the claims a flag
binds means: ``accept`` — they stand and are published; ``reject`` — they are withheld
from ``curated/``; ``correct`` — they are published with the reviewer's values. A
contradiction is settled with ``accept`` and a ``side``: ``this`` keeps the claims of
the flag's first side and withholds the other side's, ``other`` the reverse, ``both``
(or no side) keeps both; ``reject`` keeps neither. A decision whose flag no longer
exists is reported as stale (with its quote), never dropped and never applied to other
text. A line that cannot be read is reported with its line number, never skipped
silently, and never stops the other lines from being read.

An undo is a line too: a copy of the decision it withdraws with ``"undo": true`` added.
It takes back that reviewer's latest matching decision on the flag, so the decision
before it (or none: the flag is open again) stands; the file stays append-only.
"""
from __future__ import annotations

import fcntl
import json
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from pipeline.extract.doses import daily_amounts
from pipeline.review.corrections import CLAIM_ID, CLAIM_TABLES, CorrectionError, convert, validate_correction

#: The decisions a reviewer can make, and the review status each gives a flag: spelled
#: here once; the front ends, the import and the run all use it.
DECISION_STATUS = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}
#: How an ``accept`` settles a contradiction (which side's claims are published).
SIDES = ("this", "other", "both")
#: A claim bound by several flags takes the first of these its flags give it: pending
#: while any flag is open, rejected when any decision rejected it, else corrected when
#: any corrected it, else accepted (clean when no flag binds it).
STATUS_PRECEDENCE = ("pending", "rejected", "corrected", "accepted", "clean")
_RANK = {s: len(STATUS_PRECEDENCE) - i for i, s in enumerate(STATUS_PRECEDENCE)}
#: Characters of an unreadable line kept in its report, for a person to find it.
EXCERPT_CHARS = 80


@dataclass(frozen=True)
class Choice:
    """One decision as a reviewer sees it: labelled by its effect on the published claims.

    Attributes:
        name: Form value and Label Studio choice (``accept``, ``this``, ``neither``...).
        key: The terminal key.
        label: What the button or prompt says.
        decision: The ``decision`` written to ``reviews.jsonl``.
        side: The ``side`` written with it (contradictions only).
    """

    name: str
    key: str
    label: str
    decision: str
    side: str | None = None


#: Choices for a flag about claims of one source.
CLAIM_CHOICES = (
    Choice("accept", "p", "Publish the claim", "accept"),
    Choice("reject", "w", "Withhold the claim", "reject"),
    Choice("correct", "c", "Correct", "correct"),
)
#: Choices for a flag with two sides (a contradiction).
SIDE_CHOICES = (
    Choice("this", "t", "Keep this side", "accept", "this"),
    Choice("other", "o", "Keep the other side", "accept", "other"),
    Choice("both", "b", "Both hold", "accept", "both"),
    Choice("neither", "x", "Neither", "reject"),
)


@dataclass(frozen=True)
class Action:
    """A key that does something other than decide (note, skip, undo, move, quit).

    Attributes:
        name: What it does (``undo``...), the name front ends look it up by.
        key: The key, the same in the terminal and the browser.
        label: What the button or prompt says.
        also: Further keys the browser accepts for it (arrow keys).
    """

    name: str
    key: str
    label: str
    also: tuple[str, ...] = ()


#: Keys every front end offers besides the decisions (``quit`` is the terminal's own).
ACTIONS = (
    Action("note", "n", "Note"),
    Action("skip", "s", "Skip"),
    Action("undo", "u", "Undo my last decision"),
    Action("next", "j", "Next flag", ("ArrowDown", "ArrowRight")),
    Action("previous", "k", "Previous flag", ("ArrowUp", "ArrowLeft")),
    Action("quit", "q", "Quit"),
)
ACTION = {a.name: a for a in ACTIONS}


def has_sides(flag: Any) -> bool:
    """Whether a flag (a row or a dict) has a second side: a contradiction between two texts."""
    other = flag.get("other_doc_id") if isinstance(flag, dict) else getattr(flag, "other_doc_id", "")
    return isinstance(other, str) and bool(other)


def choices_for(flag: Any) -> tuple[Choice, ...]:
    return SIDE_CHOICES if has_sides(flag) else CLAIM_CHOICES


def label_of(decision: str, side: str | None, sided: bool) -> str:
    """The label of the choice a recorded decision came from ("Keep this side")."""
    for choice in SIDE_CHOICES if sided else CLAIM_CHOICES:
        if choice.decision == decision and (choice.side == side or (side is None and choice.side in (None, "both"))):
            return choice.label
    return decision


class Decision(BaseModel):
    """One line of ``reviews.jsonl`` (the contract's fields; extra keys are kept)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    flag_id: str
    decision: str
    reviewer: str = ""
    at: str = ""
    note: str = ""
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    doc_sha256: str = ""
    correction: dict[str, Any] | None = None
    side: str | None = None

    @field_validator("flag_id")
    @classmethod
    def _flag_id(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("flag_id is empty")
        return value

    @field_validator("decision")
    @classmethod
    def _decision(cls, value: str) -> str:
        if value not in DECISION_STATUS:
            raise ValueError(f"decision must be one of {', '.join(DECISION_STATUS)}, not {value!r}")
        return value

    @field_validator("side")
    @classmethod
    def _side(cls, value: str | None) -> str | None:
        if value is not None and value not in SIDES:
            raise ValueError(f"side must be one of {', '.join(SIDES)}, not {value!r}")
        return value

    @model_validator(mode="after")
    def _side_with_accept(self) -> "Decision":
        if self.side is not None and self.decision != "accept":
            raise ValueError(f"side goes with accept only (reject keeps neither side), not with {self.decision}")
        return self

    def effect(self) -> str:
        """What the decision does, for comparing reviewers (accept without side = both)."""
        return f"{self.decision} {self.side}" if self.side in ("this", "other") else self.decision

    def to_line(self) -> str:
        """The decision as one JSON line (``side`` only when given, as the contract says)."""
        data = self.model_dump(mode="json")
        if data.get("side") is None:
            data.pop("side", None)
        return json.dumps(data, ensure_ascii=False, allow_nan=False) + "\n"


@dataclass(frozen=True)
class UnreadableLine:
    """A line of ``reviews.jsonl`` that holds no readable decision.

    Attributes:
        line: 1-based line number in the file.
        reason: Why, in plain words.
        excerpt: The line's start (undecodable bytes shown as U+FFFD), to find it.
        recovered: A complete decision was found after a cut-off one on the same line
            (an append glued to a truncated line) and was kept.
    """

    line: int
    reason: str
    excerpt: str
    recovered: bool = False


@dataclass(frozen=True)
class DecisionLog:
    """Decisions read from ``reviews.jsonl``.

    Attributes:
        latest: The latest decision per flag (file order is time order).
        unreadable: Lines that hold no readable decision, in file order.
        n_lines: Non-empty lines read.
        conflicts: Flags on which reviewers disagree, with each one's decision. Both
            decisions are kept; the flag stays open until a third reviewer decides.
        decisions: Every readable decision, in file order (undo lines included).
        path: The file read.
        withdrawn: Positions in ``decisions`` of the decisions an undo took back.
    """

    latest: dict[str, Decision]
    unreadable: tuple[UnreadableLine, ...]
    n_lines: int
    conflicts: dict[str, dict[str, str]] = field(default_factory=dict)
    decisions: tuple[Decision, ...] = ()
    path: str = "reviews.jsonl"
    withdrawn: frozenset[int] = frozenset()

    @property
    def problems(self) -> tuple[str, ...]:
        """The unreadable lines in plain words (``reviews.jsonl:7: ...``)."""
        name = Path(self.path).name
        return tuple(f"{name}:{u.line}: {u.reason}" for u in self.unreadable)

    def unreadable_report(self) -> list[dict[str, Any]]:
        """The unreadable lines as JSON-ready records, for ``manifest.json``."""
        return [{"path": self.path, "line": u.line, "reason": u.reason, "excerpt": u.excerpt,
                 "recovered": u.recovered} for u in self.unreadable]


def is_undo(decision: Decision) -> bool:
    """Whether a line takes back an earlier decision (an undo) rather than deciding."""
    return getattr(decision, "undo", None) is True


def _undone(history: list[int], decisions: list[Decision], undo: Decision) -> int | None:
    """Position in ``history`` of the decision ``undo`` takes back: the same reviewer's
    latest decision on the flag with the same decision and side (None: nothing matches)."""
    for pos in range(len(history) - 1, -1, -1):
        d = decisions[history[pos]]
        if (d.reviewer, d.decision, d.side) == (undo.reviewer, undo.decision, undo.side):
            return pos
    return None


def last_undoable(log: DecisionLog, reviewer: str) -> tuple[Decision, ...]:
    """What an undo by ``reviewer`` takes back: their last decision still in force, with
    the other lines of its batch when it was one of a bulk decision (empty: nothing)."""
    live = [(i, d) for i, d in enumerate(log.decisions)
            if d.reviewer == reviewer and not is_undo(d) and i not in log.withdrawn]
    if not live:
        return ()
    last = live[-1][1]
    batch = getattr(last, "batch", None)
    if not isinstance(batch, str) or not batch:
        return (last,)
    return tuple(d for _, d in live if getattr(d, "batch", None) == batch)


def _conflict(history: list[Decision]) -> dict[str, str] | None:
    """Disagreement left open by a flag's decisions, in order.

    Reviewers' latest decisions are compared by effect (keeping this side and keeping
    the other side disagree); once they disagree, only a reviewer who took no part in
    the disagreement settles it (and their decision then stands).
    """
    current: dict[str, Decision] = {}
    parties: set[str] | None = None
    for d in history:
        if parties is not None and d.reviewer not in parties:
            current, parties = {d.reviewer: d}, None  # a third person settled it
            continue
        current[d.reviewer] = d
        if parties is None and len({x.effect() for x in current.values()}) > 1:
            parties = set(current)
        elif parties is not None:
            parties.add(d.reviewer)
            if len({x.effect() for x in current.values()}) == 1:
                parties = None  # the disagreeing reviewers came to agree
    if parties is None:
        return None
    return {r: current[r].effect() for r in sorted(current)}


def why_invalid(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(x) for x in err.get("loc", ())) or "line"
    return f"{where}: {err.get('msg', 'invalid')}".replace("Value error, ", "")


def parse_line(text: str) -> tuple[Decision | None, str, bool]:
    """One line as a decision: (decision, reason it is unreadable, recovered).

    A line on which an append was glued to a cut-off decision (written by an older
    version after a full disk) yields the complete decision after the cut, recovered.
    """
    try:
        return Decision.model_validate(json.loads(text)), "", False
    except json.JSONDecodeError as exc:
        reason = f"not JSON ({exc.msg} at column {exc.colno})"
    except ValidationError as exc:
        return None, f"not a decision ({why_invalid(exc)})", False
    start = text.find("{", 1)
    while start > 0:
        try:
            return Decision.model_validate(json.loads(text[start:])), (
                f"a cut-off decision ({reason}) with a complete decision glued after it at column "
                f"{start + 1}; that decision was kept"), True
        except (json.JSONDecodeError, ValidationError):
            start = text.find("{", start + 1)
    return None, reason, False


def load_decisions(path: Path) -> DecisionLog:
    """Every readable decision, the latest per flag and open conflicts.

    Each line is decoded on its own: a byte that is not UTF-8, a line cut off by a full
    disk or anything else unreadable is reported (line number and reason) and the other
    lines are kept. Reads under a shared lock, so an append in progress is never seen
    half written.
    """
    if not path.exists():
        return DecisionLog({}, (), 0, {}, (), str(path))
    with open(path, "rb") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_SH)
        try:
            data = fh.read()
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
    decisions: list[Decision] = []
    linenos: list[int] = []
    unreadable: list[UnreadableLine] = []
    n = 0
    raw_lines = data.split(b"\n")
    for lineno, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            continue
        n += 1
        excerpt = raw[: EXCERPT_CHARS * 4].decode("utf-8", "replace")[:EXCERPT_CHARS]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            unreadable.append(UnreadableLine(lineno, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column "
                                                     f"{exc.start + 1})", excerpt))
            continue
        decision, reason, recovered = parse_line(text)
        if reason and lineno == len(raw_lines) and not recovered:
            reason += "; the file ends in the middle of this line (cut off by a full disk or a crash?)"
        if reason:
            unreadable.append(UnreadableLine(lineno, reason, excerpt, recovered))
        if decision is not None:
            decisions.append(decision)
            linenos.append(lineno)
    history: dict[str, list[int]] = {}  # positions in decisions still in force, per flag
    withdrawn: set[int] = set()
    for i, decision in enumerate(decisions):  # file order = time order: later lines win
        flag_history = history.setdefault(decision.flag_id, [])
        if not is_undo(decision):
            flag_history.append(i)
            continue
        pos = _undone(flag_history, decisions, decision)
        if pos is None:
            raw = raw_lines[linenos[i] - 1]
            unreadable.append(UnreadableLine(
                linenos[i], f"an undo by {decision.reviewer or 'nobody'} of a {decision.decision} on "
                f"{decision.flag_id} that no earlier line made; nothing was undone",
                raw[: EXCERPT_CHARS * 4].decode("utf-8", "replace")[:EXCERPT_CHARS]))
            continue
        withdrawn.add(flag_history.pop(pos))
    unreadable.sort(key=lambda u: u.line)
    latest = {fid: decisions[h[-1]] for fid, h in history.items() if h}
    conflicts = {fid: c for fid, h in history.items() if (c := _conflict([decisions[i] for i in h])) is not None}
    return DecisionLog(latest, tuple(unreadable), n, conflicts, tuple(decisions), str(path), frozenset(withdrawn))


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


def _reattach(
    flags: pd.DataFrame, log: DecisionLog, text_of: Callable[[str], str | None] | None
) -> tuple[DecisionLog, list[dict[str, Any]]]:
    """Move decisions whose flag id is gone to the flag that now carries their quote."""
    flag_ids = set(flags["flag_id"])
    latest = dict(log.latest)
    conflicts = dict(log.conflicts)
    outcome: list[dict[str, Any]] = []
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
            outcome.append({**item, "status": "reanchored", "new_flag_id": target})
        else:
            outcome.append({**item, "status": "stale"})
    return replace(log, latest=latest, conflicts=conflicts), outcome


@dataclass(frozen=True)
class _Claim:
    """Where a bound claim's row lives and what its evidence is."""

    tables: tuple[str, ...]
    doc_id: str
    start: int | None
    end: int | None


def claim_index(tables: dict[str, pd.DataFrame], ids: Collection[str] | None = None) -> dict[str, _Claim]:
    """Every claim or mention id of the claim tables (or only those of ``ids``): its
    tables (most specific first) and evidence."""
    index: dict[str, _Claim] = {}
    for table in CLAIM_TABLES:
        frame = tables.get(table)
        id_col = CLAIM_ID[table]
        if frame is None or frame.empty or id_col not in frame.columns:
            continue
        if ids is not None:
            frame = frame[frame[id_col].isin(ids)]
        for cid, doc, start, end in zip(frame[id_col], frame["doc_id"], frame["start"], frame["end"]):
            found = index.get(cid)
            if found is None:
                index[cid] = _Claim((table,), str(doc), None if pd.isna(start) else int(start),
                                    None if pd.isna(end) else int(end))
            elif table not in found.tables:
                index[cid] = replace(found, tables=found.tables + (table,))
    return index


def bound_ids(claim_ids: Any) -> list[str]:
    """The ids in a flag's ``claim_ids`` (``;``-separated; empty or missing: none)."""
    if not isinstance(claim_ids, str):
        return []
    return [c.strip() for c in claim_ids.split(";") if c.strip()]


def _overlaps(claim: _Claim, doc_id: Any, start: Any, end: Any) -> bool:
    if claim.doc_id != doc_id or claim.start is None or pd.isna(start) or pd.isna(end):
        return False
    return claim.start < int(end) and int(start) < (claim.end if claim.end is not None else claim.start + 1)


def side_of(claim: _Claim, flag: Any) -> str | None:
    """``this`` or ``other``: the side of a contradiction a bound claim lies on.

    A claim lies on the side whose evidence it overlaps; when it overlaps neither (or
    both), the side of its document if only one side is in that document; else None.
    """
    on_this = _overlaps(claim, flag.doc_id, flag.start, flag.end)
    on_other = _overlaps(claim, flag.other_doc_id, flag.other_start, flag.other_end)
    if on_this != on_other:
        return "this" if on_this else "other"
    if (claim.doc_id == flag.doc_id) != (claim.doc_id == flag.other_doc_id):
        return "this" if claim.doc_id == flag.doc_id else "other"
    return None


def _claim_status(d: Decision, flag: Any, claim: _Claim | None) -> str:
    """What one decided flag makes of one claim it binds."""
    if d.decision != "accept" or d.side in (None, "both") or not has_sides(flag):
        return DECISION_STATUS[d.decision]
    side = side_of(claim, flag) if claim is not None else None
    return "accepted" if side == d.side else "rejected"  # a claim on no known side is withheld


def _typed(value: Any, dtype: Any) -> Any:
    kind = getattr(dtype, "kind", "O")
    name = {"f": "float", "i": "int", "u": "int", "b": "bool"}.get(kind, "str")
    return convert("value", value, name)


def apply_reviews(
    tables: dict[str, pd.DataFrame], log: DecisionLog,
    text_of: Callable[[str], str | None] | None = None, index: dict[str, _Claim] | None = None,
) -> tuple[dict[str, pd.DataFrame], list[dict[str, Any]]]:
    """Set ``review_status`` on flags and the claims they bind; return new frames.

    A decision whose flag id is gone is re-attached to the flag that now carries its
    exact quote (disambiguated by prefix/suffix through ``text_of``), else reported
    stale. A correction is checked by the same rules as at every entry point
    (:mod:`pipeline.review.corrections`); one that breaks them (written by hand, or by an
    older version) is not applied and its flag is open again, with the reason in its note.
    A correction of a drug mention's ``name`` also reaches the doses linked to that
    mention (``drug_mention_id``), when the doses carry the link.

    ``index`` is :func:`claim_index` of the claim tables, made once by a caller that
    applies decisions again and again (a review app after each decision): given it,
    ``tables`` may hold only the flags, and only the flags are returned updated.

    Returns:
        (tables, stale): updated copies of the tables, and the decisions not applied
        (each with flag id, quote and reviewer, for a person to re-anchor) plus, marked
        ``status=reanchored``, those applied to a flag under a new id.
    """
    out = dict(tables)
    flags = tables["flags"].copy()
    log, outcome = _reattach(flags, log, text_of)
    if index is None:  # only the claims some flag binds are looked up (10,000 sources: 1 s -> 0.05 s)
        index = claim_index(tables, {cid for ids in flags["claim_ids"] for cid in bound_ids(ids)})
    statuses, reviewers, times, notes = [], [], [], []
    claim_status: dict[str, str] = {}
    corrections: dict[str, dict[str, Any]] = {}
    for flag in flags.itertuples(index=False):
        ids = bound_ids(flag.claim_ids)
        d = log.latest.get(flag.flag_id)
        conflict = log.conflicts.get(flag.flag_id)
        status, note = "pending", ""
        if conflict:
            note = ("conflict: " + "; ".join(f"{r} {v}" for r, v in conflict.items())
                    + " - a third reviewer decides")
        elif d is not None:
            status, note = DECISION_STATUS[d.decision], d.note
            if d.decision == "correct":
                kinds = [t for cid in ids if cid in index for t in index[cid].tables]
                try:
                    correction = validate_correction(d.correction, kinds)
                except CorrectionError as exc:
                    status, note = "pending", f"correction not applied: {exc}; decide again"
                else:
                    for cid in ids:
                        corrections.setdefault(cid, {}).update(correction)
        statuses.append(status)
        reviewers.append(", ".join(conflict) if conflict else d.reviewer if d else "")
        times.append(d.at if d else "")
        notes.append(note)
        for cid in ids:
            given = status if status == "pending" else _claim_status(d, flag, index.get(cid))
            if _RANK[given] > _RANK[claim_status.get(cid, "clean")]:
                claim_status[cid] = given
    flags["review_status"] = statuses
    flags["reviewer"] = reviewers
    flags["reviewed_at"] = times
    flags["note"] = notes
    out["flags"] = flags
    renamed = {cid: c["name"] for cid, c in corrections.items()
               if "name" in c and claim_status.get(cid) == "corrected" and "drugs" in index.get(cid, _NOWHERE).tables}
    for table in CLAIM_TABLES:
        if table not in tables:
            continue
        frame = tables[table].copy()
        id_col = CLAIM_ID[table]
        if id_col not in frame.columns:
            continue
        frame["review_status"] = [claim_status.get(i, "clean") for i in frame[id_col]]
        for row_idx, cid in zip(frame.index, frame[id_col]):
            if claim_status.get(cid) != "corrected":
                continue  # rejected under another flag, or still open under one: not rewritten
            for column, value in corrections.get(cid, {}).items():
                if column in frame.columns:
                    try:
                        frame.at[row_idx, column] = _typed(value, frame[column].dtype)
                    except CorrectionError:
                        continue  # checked against the claim's own table; another table's type differs
        if table == "doses" and "daily_amount" in frame.columns:
            _recompute_daily(frame, [i for i, cid in zip(frame.index, frame[id_col]) if cid in corrections
                                     and claim_status.get(cid) == "corrected"])
        if table == "doses" and renamed and "drug_mention_id" in frame.columns:
            linked = frame["drug_mention_id"].map(renamed)
            frame["drug"] = linked.where(linked.notna(), frame["drug"])
        out[table] = frame
    return out, outcome


def _recompute_daily(doses: pd.DataFrame, rows: list[Any]) -> None:
    """Corrected doses get daily amounts from their corrected amount and frequency."""
    for i in rows:
        r = doses.loc[i]
        for column, value in daily_amounts(r["amount"], r["amount_max"], r["frequency_per_day"],
                                           r["frequency_per_day_max"]).items():
            doses.at[i, column] = value


_NOWHERE = _Claim((), "", None, None)
