"""``pipeline status``: what changed since the last published run, and the review backlog.

The backlog includes the lines of ``reviews.jsonl`` that cannot be read (a full disk, a
hand edit, a byte that is not UTF-8): they hold decisions nobody's work should silently
lose, so they are listed with their line numbers until someone mends them.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.dataset.manifest import CHANGE_KINDS, diff_sources, read_manifest, source_hashes
from pipeline.ingest.decode import SourceError, sha256_bytes
from pipeline.ingest.document import discover_sources, read_source_bytes
from pipeline.review.decisions import load_decisions
from pipeline.review.queue import recorded_run
from pipeline.settings import Settings

#: Unreadable review lines listed one by one before "... and N more".
MAX_LINES_SHOWN = 5


@dataclass
class StatusReport:
    sources: Path
    output: Path
    last_run: str = ""
    changes: dict[str, list[str]] = field(default_factory=dict)
    queue_size: int | None = None
    queue_by_severity: dict[str, int] = field(default_factory=dict)
    stale_decisions: int = 0
    unreadable_decisions: list[str] = field(default_factory=list)

    def render(self) -> str:
        lines = [f"sources: {self.sources}", f"output:  {self.output}"]
        lines.append(f"last run: {self.last_run or 'none (no manifest.json yet)'}")
        for kind in CHANGE_KINDS:
            ids = self.changes.get(kind, [])
            shown = ", ".join(ids[:8]) + (" ..." if len(ids) > 8 else "")
            lines.append(f"  {kind:9s} {len(ids):5d}  {shown}")
        todo = sum(len(self.changes.get(k, [])) for k in ("added", "modified", "removed"))
        lines.append(f"next run would re-extract {todo - len(self.changes.get('removed', []))} sources"
                     if todo else "nothing changed since the last run")
        if self.queue_size is None:
            lines.append("review queue: none yet")
        else:
            by = ", ".join(f"{k} {v}" for k, v in sorted(self.queue_by_severity.items()))
            lines.append(f"review queue: {self.queue_size} pending flags" + (f" ({by})" if by else ""))
        if self.stale_decisions:
            lines.append(f"stale review decisions: {self.stale_decisions} (see manifest.json)")
        if self.unreadable_decisions:
            lines.append(f"unreadable review lines: {len(self.unreadable_decisions)} (not applied; mend or remove them)")
            lines.extend(f"  {p}" for p in self.unreadable_decisions[:MAX_LINES_SHOWN])
            if len(self.unreadable_decisions) > MAX_LINES_SHOWN:
                lines.append(f"  ... and {len(self.unreadable_decisions) - MAX_LINES_SHOWN} more")
        return "\n".join(lines)


def _unreadable(output: Path, manifest: dict, annotations: Path | None) -> list[str]:
    """Unreadable lines of reviews.jsonl: read now when the file is found, else as the run recorded them."""
    folder = annotations or recorded_run(output).annotations
    if folder is not None and (folder / "reviews.jsonl").exists():
        return list(load_decisions(folder / "reviews.jsonl").problems)
    recorded = [f"{Path(str(u.get('path', 'reviews.jsonl'))).name}:{u.get('line')}: {u.get('reason')}"
                for u in manifest.get("unreadable_decisions", []) if isinstance(u, dict)]
    return recorded or [str(p) for p in manifest.get("review_log_problems", [])]


def source_status(sources: Path, output: Path, annotations: Path | None = None) -> StatusReport:
    """What changed in ``sources`` since the run at ``output``, and its review backlog.

    Args:
        annotations: Folder of ``reviews.jsonl``; by default the one the run recorded.
    """
    report = StatusReport(sources, output)
    manifest = read_manifest(output) or {}
    report.last_run = manifest.get("finished_at", "") and f"{manifest.get('run_id')} at {manifest.get('finished_at')}"
    current: dict[str, str] = {}
    max_bytes = int((manifest.get("settings") or {}).get("max_bytes") or Settings().max_bytes)
    for source in discover_sources(sources):
        try:
            current[source.doc_id] = sha256_bytes(read_source_bytes(source, max_bytes))
        except SourceError:
            current[source.doc_id] = ""
    report.changes = diff_sources(source_hashes(manifest), current)
    queue = output / "review" / "queue.csv"
    if queue.exists():
        with queue.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        report.queue_size = len(rows)
        for row in rows:
            report.queue_by_severity[row["severity"]] = report.queue_by_severity.get(row["severity"], 0) + 1
    report.stale_decisions = len(manifest.get("stale_decisions", []))
    report.unreadable_decisions = _unreadable(output, manifest, annotations)
    return report
