"""The one place that owns the dataset's tables: names, columns, types, checks.

Required columns come from ``CONTRACT.md`` (schema version 2); the extra columns after
them are this project's additions, which the contract allows. Every published table is
validated here with pandera before anything is written.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import pandera.pandas as pa

SCHEMA_VERSION = 2

REVIEW_STATUSES = ("clean", "pending", "accepted", "rejected", "corrected")
PUBLISHABLE = ("clean", "accepted", "corrected")
#: Kinds of flag the flaggers raise (a new kind is added here, where the dataset's
#: description and validation read it).
FLAG_KINDS = ("dubious", "contradiction", "unknown_drug", "dose_unlinked", "dose_out_of_range", "course_too_long")
#: Flag severities from least to most severe: the only copy of this order.
SEVERITIES = ("low", "medium", "high")

# dtype names: "str", "int", "Int64" (nullable int), "float", "bool"
_DOCUMENTS = {
    "doc_id": "str", "source_path": "str", "title": "str", "sha256": "str", "n_chars": "int",
    "source_kind": "str", "credibility": "float", "status": "str", "error": "str",
    # additions
    "encoding": "str", "warnings": "str", "credibility_rule": "str", "n_words": "int",
}
_CONDITIONS = {
    "mention_id": "str", "doc_id": "str", "name": "str", "concept_id": "str", "text": "str",
    "start": "int", "end": "int", "sentence": "str", "negated": "bool", "hypothetical": "bool",
    # additions
    "extractor": "str", "section": "str", "review_status": "str",
}
_DRUGS = {
    "mention_id": "str", "doc_id": "str", "name": "str", "text": "str", "concept_id": "str",
    "drug_class": "str", "known": "bool", "start": "int", "end": "int", "sentence": "str",
    # additions
    "negated": "bool", "hypothetical": "bool", "extractor": "str", "section": "str",
    "review_status": "str",
}
_CAUSES = {
    "claim_id": "str", "doc_id": "str", "cause": "str", "cause_concept_id": "str",
    "condition": "str", "condition_concept_id": "str", "relation": "str", "negated": "bool",
    "hedged": "bool", "start": "int", "end": "int", "evidence": "str", "review_status": "str",
    "frequency_band": "str",
    # additions
    "cause_text": "str", "condition_text": "str", "extractor": "str",
}
_DOSES = {
    "claim_id": "str", "doc_id": "str", "drug": "str", "drug_text": "str", "drug_mention_id": "str",
    "amount": "float", "amount_max": "float", "unit": "str", "frequency_per_day": "float",
    "frequency_per_day_max": "float", "frequency_text": "str", "route": "str", "form": "str",
    "duration_text": "str", "dose_kind": "str", "population": "str", "start": "int", "end": "int",
    "evidence": "str", "review_status": "str",
    # additions
    "timing": "str", "indication": "str", "drug_link": "str", "extractor": "str",
}
_FLAGS = {
    "flag_id": "str", "kind": "str", "category": "str", "severity": "str", "reason": "str",
    "doc_id": "str", "start": "Int64", "end": "Int64", "text": "str", "other_doc_id": "str",
    "other_start": "Int64", "other_end": "Int64", "other_text": "str", "claim_ids": "str",
    "review_status": "str", "reviewer": "str", "reviewed_at": "str",
    # additions
    "rule_id": "str", "note": "str", "unbound_reason": "str",
}
_STATEMENTS = {
    "claim_id": "str", "doc_id": "str", "subject": "str", "subject_concept_id": "str",
    "predicate": "str", "polarity": "bool", "hedged": "bool", "start": "int", "end": "int",
    "evidence": "str", "cue": "str", "review_status": "str", "rule_id": "str",
}
_TREATMENTS = {
    "claim_id": "str", "doc_id": "str", "treatment": "str", "treatment_concept_id": "str",
    "treatment_kind": "str", "predicate": "str", "condition": "str", "condition_concept_id": "str",
    "polarity": "bool", "hedged": "bool", "start": "int", "end": "int", "evidence": "str",
    "review_status": "str", "treatment_text": "str", "condition_text": "str", "extractor": "str",
}
_CLAIMS = {
    "claim_id": "str", "doc_id": "str", "kind": "str", "subject": "str", "subject_concept_id": "str",
    "predicate": "str", "object": "str", "object_concept_id": "str", "polarity": "bool", "hedged": "bool",
    "population": "str", "indication": "str", "dose": "str", "route": "str", "credibility": "float",
    "start": "int", "end": "int", "evidence": "str", "review_status": "str",
}
_CUES = {
    "claim_id": "str", "doc_id": "str", "rule_id": "str", "category": "str", "severity": "str",
    "reason": "str", "subject": "str", "subject_concept_id": "str", "hedged": "bool",
    "start": "int", "end": "int", "text": "str", "review_status": "str",
}
_BLOCKS = {
    "doc_id": "str", "block": "int", "kind": "str", "category": "str", "rule_id": "str",
    "start": "int", "end": "int", "section": "int", "text": "str",
}

TABLES: dict[str, dict[str, str]] = {
    "documents": _DOCUMENTS,
    "conditions": _CONDITIONS,
    "drugs": _DRUGS,
    "causes": _CAUSES,
    "doses": _DOSES,
    "flags": _FLAGS,
    "statements": _STATEMENTS,
    "treatments": _TREATMENTS,
    "claims": _CLAIMS,
    "cues": _CUES,
    "blocks": _BLOCKS,
}
#: Columns the contract (schema version 2) requires, per table, in its order; every
#: other column of a table is this project's addition and comes after them.
CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "source_path", "title", "sha256", "n_chars", "source_kind", "credibility",
                  "status", "error"),
    "conditions": ("mention_id", "doc_id", "name", "concept_id", "text", "start", "end", "sentence",
                   "negated", "hypothetical"),
    "drugs": ("mention_id", "doc_id", "name", "text", "concept_id", "drug_class", "known", "start", "end",
              "sentence"),
    "causes": ("claim_id", "doc_id", "cause", "cause_concept_id", "condition", "condition_concept_id",
               "relation", "negated", "hedged", "start", "end", "evidence", "review_status", "frequency_band"),
    "doses": ("claim_id", "doc_id", "drug", "drug_text", "drug_mention_id", "amount", "amount_max", "unit",
              "frequency_per_day", "frequency_per_day_max", "frequency_text", "route", "form", "duration_text",
              "dose_kind", "population", "start", "end", "evidence", "review_status"),
    "flags": ("flag_id", "kind", "category", "severity", "reason", "doc_id", "start", "end", "text",
              "other_doc_id", "other_start", "other_end", "other_text", "claim_ids", "review_status",
              "reviewer", "reviewed_at"),
}
#: Per-document tables (cached per source) and the id column of each.
DOC_TABLES = ("conditions", "drugs", "causes", "doses", "statements", "treatments", "cues", "blocks")
ID_COLUMN = {"conditions": "mention_id", "drugs": "mention_id", "causes": "claim_id",
             "doses": "claim_id", "statements": "claim_id", "treatments": "claim_id", "claims": "claim_id",
             "flags": "flag_id", "cues": "claim_id"}
#: Tables whose rows carry a review status and are filtered into curated/.
REVIEWED_TABLES = ("conditions", "drugs", "causes", "doses", "statements", "treatments", "cues", "claims",
                   "flags")

_PANDAS_DTYPE = {"str": "object", "int": "int64", "Int64": "Int64", "float": "float64", "bool": "bool"}
_FILL = {"str": "", "bool": False}


def _column(table: str, name: str, dtype: str) -> pa.Column:
    checks: list[pa.Check] = []
    if name == "review_status":
        checks.append(pa.Check.isin(REVIEW_STATUSES))
    if table == "flags" and name == "kind":
        checks.append(pa.Check.isin(FLAG_KINDS))
    if table in ("flags", "cues") and name == "severity":
        checks.append(pa.Check.isin(SEVERITIES))
    if table == "documents" and name == "credibility":
        checks.append(pa.Check.in_range(0.0, 1.0))
    if table == "documents" and name == "status":
        checks.append(pa.Check.isin(("ok", "error")))
    if name in ("start", "end") and dtype == "int":
        checks.append(pa.Check.ge(0))
    if dtype == "str":
        return pa.Column(str, checks=checks, nullable=False)
    if dtype == "Int64":
        return pa.Column("Int64", checks=checks, nullable=True)
    if dtype == "float":
        return pa.Column(float, checks=checks, nullable=True)
    return pa.Column(_PANDAS_DTYPE[dtype], checks=checks, nullable=False)


def table_schema(table: str) -> pa.DataFrameSchema:
    cols = TABLES[table]
    unique = [ID_COLUMN[table]] if table in ID_COLUMN else (["doc_id"] if table == "documents" else None)
    return pa.DataFrameSchema(
        {name: _column(table, name, dtype) for name, dtype in cols.items()},
        strict=True, ordered=True, unique=unique, name=table,
    )


def to_frame(table: str, rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Rows as a typed DataFrame with the table's columns in order (missing → defaults)."""
    cols = TABLES[table]
    frame = pd.DataFrame(list(rows), columns=list(cols))
    out = {}
    for name, dtype in cols.items():
        series = frame[name]
        if dtype in _FILL:
            values = series.to_numpy(dtype=object)
            values[pd.isna(values)] = _FILL[dtype]
            series = pd.Series(values, index=series.index, dtype=object)
        if dtype == "str":
            series = series.astype(str)
        out[name] = series.astype(_PANDAS_DTYPE[dtype])
    return pd.DataFrame(out, columns=list(cols))


def validate(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    return table_schema(table).validate(frame, lazy=True)
