"""The review queue as reviewers see it: open flags with their evidence in context.

Reads the published dataset (``output/extracted``) and the decisions file, so the
terminal and the browser show the same thing: pending flags most severe first, each with
its source's credibility, the sentence in its surrounding text, both sides of a
contradiction, conflicts between reviewers, and stale decisions whose text is gone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.dataset.publish import EXTRACTED
from pipeline.ingest.decode import SourceError, read_source
from pipeline.review.decisions import DecisionLog, apply_reviews, load_decisions

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
#: Characters of context shown on each side of a flag's evidence.
CONTEXT_CHARS = 300


@dataclass(frozen=True)
class Evidence:
    """A span of a source with the text around it, for display."""

    doc_id: str
    start: int | None
    end: int | None
    before: str
    text: str
    after: str


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
    _texts: dict[str, str | None] = field(default_factory=dict)

    def pending(self, kind: str | None = None, severity: str | None = None, doc_id: str | None = None) -> pd.DataFrame:
        """Open flags (pending, including conflicts), most severe first."""
        f = self.flags[self.flags["review_status"] == "pending"]
        if kind:
            f = f[f["kind"] == kind]
        if severity:
            f = f[f["severity"] == severity]
        if doc_id:
            f = f[(f["doc_id"] == doc_id) | (f["other_doc_id"] == doc_id)]
        cred = self.documents.set_index("doc_id")["credibility"]
        f = f.assign(_sev=f["severity"].map(SEVERITY_ORDER), _cred=f["doc_id"].map(cred).fillna(0.5))
        f = f.sort_values(["_sev", "_cred", "doc_id", "start", "flag_id"], ascending=[True, False, True, True, True],
                          kind="stable")
        return f.drop(columns=["_sev", "_cred"]).reset_index(drop=True)

    def flag(self, flag_id: str) -> dict[str, Any]:
        rows = self.flags[self.flags["flag_id"] == flag_id]
        if rows.empty:
            raise KeyError(flag_id)
        return rows.iloc[0].to_dict()

    def document(self, doc_id: str) -> dict[str, Any]:
        rows = self.documents[self.documents["doc_id"] == doc_id]
        return rows.iloc[0].to_dict() if not rows.empty else {"doc_id": doc_id}

    def source_text(self, doc_id: str) -> str | None:
        """The decoded source (None when it is gone or unreadable)."""
        if doc_id not in self._texts:
            doc = self.document(doc_id)
            path = self.sources / str(doc.get("source_path", f"{doc_id}.txt"))
            try:
                self._texts[doc_id] = read_source(path, 1 << 30).text
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


def load_review_state(output: Path, sources: Path, annotations: Path) -> ReviewState:
    """The published flags with the current decisions applied (decisions may be newer
    than the last run: what a reviewer decided a minute ago is not shown again)."""
    flags_path = output / EXTRACTED / "flags.parquet"
    if not flags_path.exists():
        raise FileNotFoundError(f"no dataset at {output}: run 'pipeline run' first")
    flags = pd.read_parquet(flags_path)
    documents = pd.read_parquet(output / EXTRACTED / "documents.parquet")
    reviews_path = annotations / "reviews.jsonl"
    log = load_decisions(reviews_path)
    state = ReviewState(output=output, sources=sources, reviews_path=reviews_path, flags=flags,
                        documents=documents, log=log, stale=[])
    # Re-attach decisions as the run does, with the sources' text around each quote, so a
    # decision the run moved to a new flag id is not shown here as stale.
    reviewed, outcome = apply_reviews({"flags": flags}, log, state.source_text)
    state.flags = reviewed["flags"]
    state.stale = [s for s in outcome if s["status"] == "stale"]
    return state
