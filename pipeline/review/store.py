"""Making and appending review decisions: one complete line each, confirmed on disk.

Several reviewers (terminal sessions, the web app, an import) may append at the same
time. Each append takes an exclusive ``flock`` on the file, starts on a fresh line (a
full disk or a crash may have left the last line cut off: the new decision must not be
glued onto it), writes, fsyncs and reads the bytes back before the lock is released. A
decision counts as recorded only then; if anything fails, the file is cut back to what
it was and :class:`DecisionNotSaved` says why, so a front end never says "recorded"
about a decision that is not on disk. The file is otherwise only ever appended to.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

from pipeline.review.corrections import CorrectionError, validate_correction
from pipeline.review.decisions import SIDES, Decision, has_sides, is_undo, why_invalid

#: Characters of context kept before and after a quote, to re-anchor it after edits.
ANCHOR_CHARS = 40


class DecisionNotSaved(OSError):
    """The decision could not be written durably (full disk, permissions...); nothing was kept."""


class DecisionRefused(ValueError):
    """A decision that breaks the rules (a bad correction, a side on a one-sided flag)."""


class _Refused(DecisionRefused, CorrectionError):
    """A correction refused while making a decision (catchable as either)."""


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _offsets(flag: dict[str, Any]) -> tuple[int, int] | None:
    start, end = flag.get("start"), flag.get("end")
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    return int(start), int(end)


def make_decision(
    *, flag: dict[str, Any], source_text: str | None, decision: str, reviewer: str,
    note: str = "", correction: dict[str, Any] | None = None, doc_sha256: str = "",
    side: str | None = None, claim_tables: Sequence[str] = (),
) -> Decision:
    """The one way a decision is made, for every entry point (terminal, browser, import).

    The quote is anchored by the text around it, but only when the source still holds
    the flagged text at the flag's offsets: a source edited since the run would
    otherwise anchor the decision on whatever text moved there, so the flag's own text
    is quoted instead. A correction is checked and typed by
    :func:`pipeline.review.corrections.validate_correction` against ``claim_tables``
    (the tables of the claims the flag binds).

    Raises:
        DecisionRefused: an unknown decision, a side on a flag without two sides or with
            anything but accept, or a correction that breaks the rules (the message says
            which; :class:`CorrectionError` is one).
    """
    quote = str(flag.get("text", ""))
    prefix = suffix = ""
    span = _offsets(flag)
    if source_text is not None and span is not None and source_text[span[0] : span[1]] == quote:
        start, end = span
        prefix = source_text[max(0, start - ANCHOR_CHARS) : start]
        suffix = source_text[end : end + ANCHOR_CHARS]
    if side is not None:
        if side not in SIDES:
            raise DecisionRefused(f"side must be one of {', '.join(SIDES)}, not {side!r}")
        if not has_sides(flag):
            raise DecisionRefused(f"flag {flag['flag_id']} has one side; 'side' settles a contradiction only")
        if decision != "accept":
            raise DecisionRefused("a side goes with accept only (reject keeps neither side)")
    typed = None
    if decision == "correct":
        try:
            typed = validate_correction(correction, claim_tables)
        except CorrectionError as exc:
            raise _Refused(str(exc)) from None
    try:
        return Decision(
            flag_id=str(flag["flag_id"]), decision=decision, reviewer=reviewer, at=now_iso(), note=note,
            quote=quote, prefix=prefix, suffix=suffix, doc_sha256=doc_sha256, correction=typed, side=side,
            doc_id=str(flag.get("doc_id", "") or ""),
        )
    except ValidationError as exc:  # an unknown decision
        raise DecisionRefused(why_invalid(exc)) from None


def make_undo(decision: Decision, reviewer: str) -> Decision:
    """The line that takes ``decision`` back: a copy of it marked ``"undo": true``.

    It carries the decision's flag, choice and anchors, so it is matched to the line it
    undoes and follows that flag to a new id as the decision would. A reviewer undoes
    only their own decisions: another's is changed by deciding again.

    Raises:
        DecisionRefused: the decision is someone else's, or is itself an undo.
    """
    if is_undo(decision):
        raise DecisionRefused("an undo cannot be undone: decide the flag again instead")
    if decision.reviewer != reviewer:
        raise DecisionRefused(f"that decision is {decision.reviewer or 'nobody'}'s, not {reviewer}'s: "
                              "decide the flag again to change it")
    return Decision(
        flag_id=decision.flag_id, decision=decision.decision, reviewer=reviewer, at=now_iso(),
        note=f"undoes the decision of {decision.at}", quote=decision.quote, prefix=decision.prefix,
        suffix=decision.suffix, doc_sha256=decision.doc_sha256, correction=decision.correction,
        side=decision.side, doc_id=str(getattr(decision, "doc_id", "") or ""), undo=True,
    )


def append_decisions(path: Path, decisions: Iterable[Decision]) -> None:
    """Append decisions, all or none, under an exclusive lock, confirmed on disk.

    Raises:
        DecisionNotSaved: the write, fsync or read-back failed; the file is as before.
    """
    data = "".join(d.to_line() for d in decisions).encode("utf-8")
    if not data:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DecisionNotSaved(f"cannot open {path} to record the decision: {exc.strerror or exc}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            data = b"\n" + data  # the last line was cut off: never glue onto it
        try:
            written = 0
            while written < len(data):
                written += os.write(fd, data[written:])
            os.fsync(fd)
            if os.pread(fd, len(data), size) != data:
                raise OSError("the decision read back differs from what was written")
        except OSError as exc:
            try:
                os.ftruncate(fd, size)
                os.fsync(fd)
            except OSError:
                pass  # the cut line is reported when read, and the next append starts afresh
            raise DecisionNotSaved(f"the decision was NOT recorded in {path}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)  # closing releases the lock


def append_decision(path: Path, decision: Decision) -> None:
    """Append one decision as one line (see :func:`append_decisions`)."""
    append_decisions(path, [decision])
