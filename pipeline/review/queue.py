"""The review queue as reviewers see it: open flags with their evidence in context.

Reads the published dataset (``output/extracted``) and the decisions file, so the
terminal, the browser and the Label Studio export show the same thing: pending flags in
the one queue order (:mod:`pipeline.dataset.queue`), each with its source's credibility,
the sentence in its surrounding text, both sides of a contradiction, the claims it
binds, conflicts between reviewers, stale decisions whose text is gone, and the lines
of ``reviews.jsonl`` that could not be read.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.dataset.manifest import read_manifest
from pipeline.dataset.publish import EXTRACTED
from pipeline.dataset.queue import SEVERITY_ORDER, order_flags
from pipeline.ingest.decode import SourceError, read_source
from pipeline.ingest.document import locate_source
from pipeline.review.corrections import CLAIM_ID, CLAIM_TABLES, correctable_fields, fields_for
from pipeline.review.decisions import Decision, DecisionLog, apply_reviews, bound_ids, load_decisions
from pipeline.review.store import append_decision, make_decision
from pipeline.settings import Settings

__all__ = ["SEVERITY_ORDER", "CONTEXT_CHARS", "Evidence", "BoundClaim", "RecordedRun", "ReviewState",
           "load_review_state", "recorded_run"]

#: Characters of context shown on each side of a flag's evidence.
CONTEXT_CHARS = 300
#: The size limit a run uses when its manifest does not record one.
DEFAULT_MAX_BYTES: int = Settings.model_fields["max_bytes"].default


@dataclass(frozen=True)
class RecordedRun:
    """What the last run recorded about where its inputs were (``output/manifest.json``).

    Attributes:
        sources: The sources folder the dataset was made from (None: not recorded).
        annotations: The annotations folder whose ``reviews.jsonl`` the run applied.
        max_bytes: The run's source size limit (the default when not recorded).
        follow_links: Whether the run followed links out of the sources folder.
    """

    sources: Path | None
    annotations: Path | None
    max_bytes: int
    follow_links: bool = False


def recorded_run(output: Path) -> RecordedRun:
    """The sources and annotations folders and size limit recorded by the run at ``output``.

    Review commands default to these, so reviewing a dataset made from another corpus
    shows its own sources and writes decisions into its own ``reviews.jsonl``. Paths are
    returned as recorded (a relative path is relative to where the run was started).
    """
    settings = (read_manifest(output) or {}).get("settings") or {}

    def folder(key: str) -> Path | None:
        value = settings.get(key)
        return Path(value) if isinstance(value, str) and value else None

    max_bytes = settings.get("max_bytes")
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
        max_bytes = DEFAULT_MAX_BYTES
    return RecordedRun(folder("sources"), folder("annotations"), max_bytes, settings.get("follow_links") is True)


@dataclass(frozen=True)
class Evidence:
    """A span of a source with the text around it, for display."""

    doc_id: str
    start: int | None
    end: int | None
    before: str
    text: str
    after: str


@dataclass(frozen=True)
class BoundClaim:
    """A claim or mention a flag binds, as published: what a correction would change.

    Attributes:
        table: The table it is a row of (its kind: ``doses``, ``causes``, ``drugs``...).
        claim_id: Its ``claim_id`` or ``mention_id``.
        values: Its current values of the fields a correction may set.
    """

    table: str
    claim_id: str
    values: dict[str, Any]


@dataclass
class ReviewState:
    """Everything a review front end needs, loaded once."""

    output: Path
    sources: Path
    reviews_path: Path
    flags: pd.DataFrame
    documents: pd.DataFrame
    log: DecisionLog
    stale: list[dict[str, Any]] = field(default_factory=list)
    max_bytes: int = DEFAULT_MAX_BYTES
    follow_links: bool = False
    _texts: dict[str, str | None] = field(default_factory=dict)
    _claims: dict[str, pd.DataFrame] | None = None

    def pending(self, kind: str | None = None, severity: str | None = None, doc_id: str | None = None) -> pd.DataFrame:
        """Open flags (pending, including conflicts) in the queue order of ``pipeline.dataset.queue``."""
        f = self.flags[self.flags["review_status"] == "pending"]
        if kind:
            f = f[f["kind"] == kind]
        if severity:
            f = f[f["severity"] == severity]
        if doc_id:
            f = f[(f["doc_id"] == doc_id) | (f["other_doc_id"] == doc_id)]
        return order_flags(f, self.documents)

    def flag(self, flag_id: str) -> dict[str, Any]:
        rows = self.flags[self.flags["flag_id"] == flag_id]
        if rows.empty:
            raise KeyError(flag_id)
        return rows.iloc[0].to_dict()

    def document(self, doc_id: str) -> dict[str, Any]:
        rows = self.documents[self.documents["doc_id"] == doc_id]
        return rows.iloc[0].to_dict() if not rows.empty else {"doc_id": doc_id}

    def source_text(self, doc_id: str) -> str | None:
        """The decoded source, read as the run read it (None when it is gone or unreadable)."""
        if doc_id not in self._texts:
            doc = self.document(doc_id)
            path = locate_source(self.sources, str(doc.get("source_path", f"{doc_id}.txt")))
            try:
                self._texts[doc_id] = read_source(path, self.max_bytes, root=self.sources,
                                                  follow_links=self.follow_links).text
            except SourceError:
                self._texts[doc_id] = None
        return self._texts[doc_id]

    def evidence(self, doc_id: str, start: Any, end: Any, fallback: str = "") -> Evidence:
        text = self.source_text(doc_id) if doc_id else None
        if text is None or pd.isna(start) or pd.isna(end):
            return Evidence(doc_id, None, None, "", fallback, "")
        s, e = int(start), int(end)
        return Evidence(doc_id, s, e, text[max(0, s - CONTEXT_CHARS) : s], text[s:e], text[e : e + CONTEXT_CHARS])

    def sides(self, flag: dict[str, Any]) -> list[Evidence]:
        """The evidence of a flag: one side, or both sides of a contradiction."""
        out = [self.evidence(flag["doc_id"], flag["start"], flag["end"], flag["text"])]
        if flag.get("other_doc_id"):
            out.append(self.evidence(flag["other_doc_id"], flag["other_start"], flag["other_end"], flag["other_text"]))
        return out

    def _claim_tables(self) -> dict[str, pd.DataFrame]:
        if self._claims is None:
            self._claims = {}
            for table in CLAIM_TABLES:
                path = self.output / EXTRACTED / f"{table}.parquet"
                if path.exists():
                    self._claims[table] = pd.read_parquet(path)
        return self._claims

    def bound_claims(self, flag: dict[str, Any]) -> list[BoundClaim]:
        """The published claims and mentions a flag binds, each from its most specific table."""
        tables = self._claim_tables()
        out: list[BoundClaim] = []
        for cid in bound_ids(flag.get("claim_ids")):
            for table in CLAIM_TABLES:
                frame, id_col = tables.get(table), CLAIM_ID[table]
                if frame is None or id_col not in frame.columns:
                    continue
                rows = frame[frame[id_col] == cid]
                if not rows.empty:
                    row = rows.iloc[0].to_dict()
                    out.append(BoundClaim(table, cid, {k: row.get(k) for k in correctable_fields(table) if k in row}))
                    break
        return out

    def correctable(self, flag: dict[str, Any]) -> dict[str, str]:
        """Fields a correction of this flag may set (those of the kinds of claims it binds)."""
        return fields_for(c.table for c in self.bound_claims(flag))

    def decide(
        self, flag_id: str, decision: str, reviewer: str, *, note: str = "",
        correction: dict[str, Any] | None = None, side: str | None = None,
    ) -> Decision:
        """A decision about a current flag, checked and anchored (not yet recorded).

        Raises:
            KeyError: no such flag. ValueError: the decision breaks the rules (see
            :func:`pipeline.review.store.make_decision`).
        """
        flag = self.flag(flag_id)
        doc_id = str(flag.get("doc_id") or "")
        return make_decision(
            flag=flag, source_text=self.source_text(doc_id) if doc_id else None, decision=decision,
            reviewer=reviewer, note=note, correction=correction, side=side,
            doc_sha256=str(self.document(doc_id).get("sha256", "") or ""),
            claim_tables=[c.table for c in self.bound_claims(flag)],
        )

    def record(self, decision: Decision) -> None:
        """Append a decision durably (raises ``DecisionNotSaved`` when it is not on disk)."""
        append_decision(self.reviews_path, decision)


def load_review_state(output: Path, sources: Path, annotations: Path, max_bytes: int | None = None) -> ReviewState:
    """The published flags with the current decisions applied (decisions may be newer
    than the last run: what a reviewer decided a minute ago is not shown again).

    Sources are read with ``max_bytes``, by default the limit the run recorded in
    ``manifest.json`` (and its choice about links), so evidence is shown from exactly the
    text the run extracted from.
    """
    flags_path = output / EXTRACTED / "flags.parquet"
    if not flags_path.exists():
        raise FileNotFoundError(f"no dataset at {output}: run 'pipeline run' first")
    flags = pd.read_parquet(flags_path)
    documents = pd.read_parquet(output / EXTRACTED / "documents.parquet")
    reviews_path = annotations / "reviews.jsonl"
    log = load_decisions(reviews_path)
    run = recorded_run(output)
    state = ReviewState(output=output, sources=sources, reviews_path=reviews_path, flags=flags,
                        documents=documents, log=log, stale=[],
                        max_bytes=max_bytes if max_bytes is not None else run.max_bytes,
                        follow_links=run.follow_links)
    # Re-attach decisions as the run does, with the sources' text around each quote, so a
    # decision the run moved to a new flag id is not shown here as stale; the claims the
    # flags bind decide whether a correction on file is valid.
    reviewed, outcome = apply_reviews({"flags": flags, **state._claim_tables()}, log, state.source_text)
    state.flags = reviewed["flags"]
    state.stale = [s for s in outcome if s["status"] == "stale"]
    return state
