"""The review queue as reviewers see it: open flags with their evidence in context.

Reads the published dataset (``output/extracted``) and the decisions file, so the
terminal, the browser and the Label Studio export show the same thing: pending flags in
the one queue order (:mod:`pipeline.dataset.queue`), each with its source's credibility,
the sentence in its surrounding text, both sides of a contradiction, the claims it
binds, conflicts between reviewers, stale decisions whose text is gone, and the lines
of ``reviews.jsonl`` that could not be read.
"""
from __future__ import annotations

import hashlib

from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd

from pipeline.dataset.manifest import read_manifest
from pipeline.dataset.publish import EXTRACTED
from pipeline.dataset.queue import SEVERITY_ORDER, order_flags
from pipeline.ingest.decode import SourceError, read_source
from pipeline.ingest.document import locate_source
from pipeline.review.corrections import CLAIM_ID, CLAIM_TABLES, correctable_fields, fields_for, kind_name
from pipeline.review.decisions import (
    Decision, DecisionLog, apply_reviews, bound_ids, claim_index, has_sides, load_decisions, side_of,
)
from pipeline.review.store import append_decision, make_decision
from pipeline.settings import Settings

__all__ = ["SEVERITY_ORDER", "CONTEXT_CHARS", "SNIPPET_CHARS", "SHAPE", "Evidence", "BoundClaim", "Filters",
           "RecordedRun", "ReviewState", "load_review_state", "recorded_run", "shown_value"]

#: Characters of context shown on each side of a flag's evidence.
CONTEXT_CHARS = 300
#: Characters of context on each side of the evidence in a queue row's snippet.
SNIPPET_CHARS = 60
#: What a bound claim says, in the columns of the published ``claims`` layer.
SHAPE = ("subject", "predicate", "object", "polarity", "hedged")
#: Where a claim or mention without a ``claims`` row keeps its shape: the first of these
#: columns its table has (a cause's ``cause`` is its subject, a mention's ``name``).
_SHAPE_COLUMNS = {
    "subject": ("subject", "cause", "treatment", "drug", "name"),
    "predicate": ("predicate", "relation", "category"),
    "object": ("object", "condition", "indication"),
}
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
    shape: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return kind_name(self.table)

    @property
    def details(self) -> dict[str, Any]:
        """The current values that are not part of its shape (a dose's amount, unit...), empty ones left out."""
        shown = {self.shape.get(k) for k in ("subject", "predicate", "object")}
        return {k: v for k, v in self.values.items() if _given(v) and not isinstance(v, bool)
                and k not in SHAPE and not k.endswith("concept_id") and str(v) not in shown}

    def summary(self) -> str:
        """One line: ``statement: gout not curable (hedged)``, ``dose: zyxoprofen dose; amount=500 unit=mg``."""
        words = [str(self.shape.get("subject") or "?")]
        if self.shape.get("polarity") is False:
            words.append("not")
        words += [str(self.shape[k]) for k in ("predicate", "object") if _given(self.shape.get(k))]
        hedge = " (hedged)" if self.shape.get("hedged") is True else ""
        details = " ".join(f"{k}={shown_value(v)}" for k, v in self.details.items())
        return f"{self.kind}: {' '.join(words)}{hedge}" + (f"; {details}" if details else "")


def _given(value: Any) -> bool:
    return value is not None and value == value and value != ""


def shown_value(value: Any) -> str:
    """A value as a reviewer reads and types it: 500.0 as 500, True as yes, NaN as nothing."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "" if value != value else f"{value:g}"
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Filters:
    """What part of the queue a reviewer works on; empty strings mean any."""

    kind: str = ""
    severity: str = ""
    doc: str = ""
    rule: str = ""

    def query(self) -> dict[str, str]:
        """The filters that are set, as URL query parameters."""
        return {k: v for k, v in (("kind", self.kind), ("severity", self.severity), ("doc", self.doc),
                                  ("rule", self.rule)) if v}


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
    #: The flags as published, before the decisions were applied (to apply newer ones).
    _published: pd.DataFrame | None = None
    _claim_rows: dict[str, tuple[str, dict[str, Any]]] | None = None
    _layer_rows: dict[str, dict[str, Any]] | None = None
    #: Made once per dataset and shared by :meth:`with_decisions`: where each claim is (to
    #: apply decisions without the claim tables) and each flag's place in the queue order.
    _index: dict[str, Any] | None = None
    _rank: dict[str, int] | None = None

    def matching(self, filters: Filters = Filters()) -> pd.DataFrame:
        """Every flag (decided or not) the filters select; a source matches either side."""
        f = self.flags
        if filters.kind:
            f = f[f["kind"] == filters.kind]
        if filters.severity:
            f = f[f["severity"] == filters.severity]
        if filters.doc:
            f = f[(f["doc_id"] == filters.doc) | (f["other_doc_id"] == filters.doc)]
        if filters.rule:
            f = f[f["rule_id"] == filters.rule]
        return f

    def pending(self, kind: str | None = None, severity: str | None = None, doc_id: str | None = None,
                rule: str | None = None) -> pd.DataFrame:
        """Open flags (pending, including conflicts) in the queue order of ``pipeline.dataset.queue``."""
        f = self.matching(Filters(kind or "", severity or "", doc_id or "", rule or ""))
        return order_flags(f[f["review_status"] == "pending"], self.documents)

    def open_ids(self, filters: Filters = Filters()) -> list[str]:
        """Ids of the open flags the filters select, in queue order.

        The order of all flags is made once (:func:`pipeline.dataset.queue.order_flags`);
        a decision changes which flags are open, never their order.
        """
        if self._rank is None:
            self._rank = {fid: i for i, fid in enumerate(order_flags(self.flags, self.documents)["flag_id"])}
        f = self.matching(filters)
        return sorted(f.loc[f["review_status"] == "pending", "flag_id"], key=self._rank.__getitem__)

    def progress(self, filters: Filters = Filters()) -> tuple[int, int]:
        """(decided, all) flags the filters select: "decided N of M"."""
        f = self.matching(filters)
        return int((f["review_status"] != "pending").sum()), len(f)

    def neighbours(self, flag_id: str, filters: Filters = Filters()) -> tuple[str | None, str | None]:
        """The open flags before and after ``flag_id`` in queue order (a flag that is not
        open, decided or filtered out: no previous one, and the first open flag next)."""
        ids = self.open_ids(filters)
        if flag_id not in ids:
            return None, ids[0] if ids else None
        at = ids.index(flag_id)
        return ids[at - 1] if at else None, ids[at + 1] if at + 1 < len(ids) else None

    def decided(self, filters: Filters = Filters(), reviewer: str = "", decision: str = "") -> list[dict[str, Any]]:
        """Decided flags the filters select, latest decision first, each with that decision.

        Args:
            reviewer: Only flags whose latest decision is this reviewer's (empty: anyone's).
            decision: Only flags whose latest decision is this one (``accept``...).
        """
        out = []
        for row in self.matching(filters).to_dict("records"):
            d = self.log.latest.get(row["flag_id"])
            if row["review_status"] == "pending" or d is None:
                continue
            if (reviewer and d.reviewer != reviewer) or (decision and d.decision != decision):
                continue
            out.append({**row, "decision": d})
        return sorted(out, key=lambda r: r["decision"].at, reverse=True)

    def rules(self) -> list[str]:
        """The rules that raised a flag (``flag.testimonial``...), for the rule filter."""
        return sorted({r for r in self.flags["rule_id"] if isinstance(r, str) and r})

    def flag(self, flag_id: str) -> dict[str, Any]:
        rows = self.flags[self.flags["flag_id"] == flag_id]
        if rows.empty:
            raise KeyError(flag_id)
        return rows.iloc[0].to_dict()

    def document(self, doc_id: str) -> dict[str, Any]:
        rows = self.documents[self.documents["doc_id"] == doc_id]
        return rows.iloc[0].to_dict() if not rows.empty else {"doc_id": doc_id}

    def source_text(self, doc_id: str) -> str | None:
        """The text the document's offsets refer to (None when it is gone or unreadable):
        the published extracted text of a web page or PDF (``texts/DOC_ID.txt``, checked
        against its hash), else the decoded source, read as the run read it."""
        if doc_id not in self._texts:
            doc = self.document(doc_id)
            text_path = str(doc.get("text_path") or "")
            if text_path:
                self._texts[doc_id] = _published_text(self.output / text_path, str(doc.get("text_sha256") or ""))
                return self._texts[doc_id]
            path = locate_source(self.sources, str(doc.get("source_path", f"{doc_id}.txt")))
            try:
                self._texts[doc_id] = read_source(path, self.max_bytes, root=self.sources,
                                                  follow_links=self.follow_links).text
            except SourceError:
                self._texts[doc_id] = None
        return self._texts[doc_id]

    def evidence(self, doc_id: str, start: Any, end: Any, fallback: str = "", context: int = CONTEXT_CHARS) -> Evidence:
        text = self.source_text(doc_id) if doc_id else None
        if text is None or pd.isna(start) or pd.isna(end):
            return Evidence(doc_id, None, None, "", fallback, "")
        s, e = int(start), int(end)
        return Evidence(doc_id, s, e, text[max(0, s - context) : s], text[s:e], text[e : e + context])

    def sides(self, flag: dict[str, Any], context: int = CONTEXT_CHARS) -> list[Evidence]:
        """The evidence of a flag: one side, or both sides of a contradiction."""
        out = [self.evidence(flag["doc_id"], flag["start"], flag["end"], flag["text"], context)]
        if flag.get("other_doc_id"):
            out.append(self.evidence(flag["other_doc_id"], flag["other_start"], flag["other_end"], flag["other_text"],
                                     context))
        return out

    def _claim_tables(self) -> dict[str, pd.DataFrame]:
        if self._claims is None:
            self._claims = {}
            for table in CLAIM_TABLES:
                path = self.output / EXTRACTED / f"{table}.parquet"
                if path.exists():
                    self._claims[table] = pd.read_parquet(path)
        return self._claims

    def _rows_by_id(self) -> dict[str, tuple[str, dict[str, Any]]]:
        """Claim or mention id -> (its most specific table, its row), built once."""
        if self._claim_rows is None:
            rows: dict[str, tuple[str, dict[str, Any]]] = {}
            for table, frame in self._claim_tables().items():
                id_col = CLAIM_ID[table]
                if id_col not in frame.columns:
                    continue
                for row in frame.to_dict("records"):
                    rows.setdefault(row[id_col], (table, row))  # CLAIM_TABLES: most specific first
            layer = self._claim_tables().get("claims")
            self._layer_rows = {} if layer is None else {r["claim_id"]: r for r in layer.to_dict("records")}
            self._claim_rows = rows
        return self._claim_rows

    def bound_claims(self, flag: dict[str, Any]) -> list[BoundClaim]:
        """The published claims and mentions a flag binds, each from its most specific table,
        with its shape from the ``claims`` layer (or its own columns when it has no row there)."""
        index, layer = self._rows_by_id(), self._layer_rows or {}
        out: list[BoundClaim] = []
        for cid in dict.fromkeys(bound_ids(flag.get("claim_ids"))):
            if cid not in index:
                continue
            table, row = index[cid]
            out.append(BoundClaim(table, cid, {k: row.get(k) for k in correctable_fields(table) if k in row},
                                  _shape(layer.get(cid, row), table)))
        return out

    def claim_side(self, flag: dict[str, Any], claim_id: str) -> str | None:
        """``this`` or ``other``: the side of a contradiction a bound claim lies on (what
        keeping this side or the other publishes); None for a flag with one side."""
        if not has_sides(flag) or self._index is None or claim_id not in self._index:
            return None
        return side_of(self._index[claim_id], SimpleNamespace(**flag))

    def correctable(self, flag: dict[str, Any]) -> dict[str, str]:
        """Fields a correction of this flag may set (those of the kinds of claims it binds)."""
        return fields_for(c.table for c in self.bound_claims(flag))

    def current_values(self, flag: dict[str, Any]) -> dict[str, str]:
        """Each field a correction may set, with the value it has now, as a reviewer types it.

        A field several bound claims have shows the first claim's value (a correction sets
        it on all of them); a correction in force shows its value instead.
        """
        claims = self.bound_claims(flag)
        corrected = self.correction_in_force(flag)
        out: dict[str, str] = {}
        for name in fields_for(c.table for c in claims):
            value = next((c.values[name] for c in claims if name in c.values and _given(c.values[name])), None)
            out[name] = shown_value(corrected.get(name, value))
        return out

    def correction_in_force(self, flag: dict[str, Any]) -> dict[str, Any]:
        """The values the flag's latest decision publishes instead of the extracted ones
        (empty unless that decision is a correction that was applied)."""
        d = self.log.latest.get(str(flag.get("flag_id")))
        if d is None or d.decision != "correct" or flag.get("review_status") != "corrected":
            return {}
        return dict(d.correction or {})

    def with_decisions(self) -> "ReviewState":
        """This state with ``reviews.jsonl`` read and applied again, the dataset not reread:
        what a front end does after each decision."""
        return _applied(replace(self, log=load_decisions(self.reviews_path)))

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
    if "rule_id" not in flags.columns:
        flags = flags.assign(rule_id="")
    state = ReviewState(output=output, sources=sources, reviews_path=reviews_path, flags=flags,
                        documents=documents, log=log, stale=[],
                        max_bytes=max_bytes if max_bytes is not None else run.max_bytes,
                        follow_links=run.follow_links, _published=flags)
    state = _applied(state)
    state.open_ids()  # the queue order, made once and shared by every later state
    state._rows_by_id()
    return state


def _applied(state: ReviewState) -> ReviewState:
    """``state`` with its decisions applied to the published flags.

    Decisions are re-attached as the run does, with the sources' text around each quote,
    so a decision the run moved to a new flag id is not shown here as stale; the claims
    the flags bind decide whether a correction on file is valid.
    """
    published = state._published if state._published is not None else state.flags
    if state._index is None:
        state._index = claim_index(state._claim_tables())
    reviewed, outcome = apply_reviews({"flags": published}, state.log, state.source_text, index=state._index)
    state.flags = reviewed["flags"]
    state.stale = [s for s in outcome if s["status"] == "stale"]
    return state


def _shape(row: dict[str, Any], table: str) -> dict[str, Any]:
    """Subject, predicate, object, polarity and hedge of a claim's row."""
    out: dict[str, Any] = {}
    for part, columns in _SHAPE_COLUMNS.items():
        out[part] = next((row[c] for c in columns if _given(row.get(c))), "")
    if table == "doses" and not _given(row.get("predicate")):
        out["predicate"] = "dose"
    polarity = row.get("polarity")
    out["polarity"] = bool(polarity) if isinstance(polarity, bool) else (
        not row["negated"] if isinstance(row.get("negated"), bool) else None)
    hedged = row.get("hedged", row.get("hypothetical"))
    out["hedged"] = bool(hedged) if isinstance(hedged, bool) else None
    return out


def _published_text(path: Path, sha256: str) -> str | None:
    """A published extracted text, when it is there and its hash matches."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if sha256 and hashlib.sha256(data).hexdigest() != sha256:
        return None
    return data.decode("utf-8", errors="replace")
