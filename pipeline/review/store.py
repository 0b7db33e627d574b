"""Appending review decisions safely: one complete line per decision, never interleaved.

Several reviewers (terminal sessions, the web app, an import) may append at the same
time. Each append takes an exclusive ``flock`` on the file, writes one whole line and
fsyncs before releasing it, so lines never interleave and a crash never leaves half a
line. The file is only ever appended to.
"""
from __future__ import annotations

import fcntl
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pipeline.review.decisions import Decision

#: Characters of context kept before and after a quote, to re-anchor it after edits.
ANCHOR_CHARS = 40


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def make_decision(
    *, flag: dict[str, Any], source_text: str | None, decision: str, reviewer: str,
    note: str = "", correction: dict[str, Any] | None = None, doc_sha256: str = "",
) -> Decision:
    """A decision about ``flag`` with its quote anchored by prefix and suffix."""
    quote = str(flag.get("text", ""))
    prefix = suffix = ""
    start, end = flag.get("start"), flag.get("end")
    if source_text is not None and start is not None and end is not None and str(start) != "<NA>":
        start, end = int(start), int(end)
        quote = source_text[start:end]
        prefix = source_text[max(0, start - ANCHOR_CHARS) : start]
        suffix = source_text[end : end + ANCHOR_CHARS]
    return Decision(
        flag_id=str(flag["flag_id"]), decision=decision, reviewer=reviewer, at=now_iso(), note=note,
        quote=quote, prefix=prefix, suffix=suffix, doc_sha256=doc_sha256,
        correction=correction if decision == "correct" else None, doc_id=str(flag.get("doc_id", "")),
    )


def append_decision(path: Path, decision: Decision) -> None:
    """Append one decision as one line, under an exclusive lock, durably."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(decision.model_dump(), ensure_ascii=False, sort_keys=False) + "\n"
    with open(path, "a", encoding="utf-8") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
