"""The one place that owns the dataset's tables: names, columns, types, checks.

Each table is a pandera ``DataFrameModel``: its columns in order, with their types and
checks. Columns the contract (``CONTRACT.md``, schema version 2) requires are declared
with :func:`contract` and come first, in the contract's order; the rest are this
project's additions, which the contract allows. Every extracted table is validated here
before anything is written (a curated table is a row subset of its validated extracted
table, and only the edited curated doses are validated again); ``TABLES`` and
``CONTRACT_COLUMNS`` are read off the models.
"""
from __future__ import annotations

import sys
import types
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import pandas as pd


def _pandera_without_dask_typing() -> None:
    """Keep pandera from importing Dask when it builds a model's schema.

    Building a ``DataFrameModel``'s schema asks which dataframe libraries are installed by
    importing each one's typing module; ``pandera.typing.dask`` imports ``dask.dataframe``
    (and ``dask.array``): about 1.2 CPU-seconds in every process that publishes, i.e. most
    of a rerun's table work, for types no table here uses (Dask is installed only for
    ``--runner dask``, whose workers exchange plain Python rows, never Dask frames). Until
    Dask's dataframe is imported anyway, pandera's Dask typing is marked absent.
    """
    if "dask.dataframe" not in sys.modules and "pandera.typing.dask" not in sys.modules:
        absent = types.ModuleType("pandera.typing.dask", "Dask typing, marked absent by pipeline.dataset.schema")
        absent.DASK_INSTALLED = False  # type: ignore[attr-defined]
        sys.modules["pandera.typing.dask"] = absent


_pandera_without_dask_typing()

import pandera.pandas as pa  # noqa: E402  (after the Dask typing is settled)
from pandera.typing import Series  # noqa: E402

from pipeline.dataset.tables import SCHEMA_VERSION, TABLE_NAMES  # noqa: E402,F401  (SCHEMA_VERSION re-exported)

REVIEW_STATUSES = ("clean", "pending", "accepted", "rejected", "corrected")
PUBLISHABLE = ("clean", "accepted", "corrected")
DOCUMENT_STATUSES = ("ok", "error")
SOURCE_FORMATS = ("text", "markdown", "html", "pdf")
#: What a dose row states: a dose to take, a stated maximum, a one-off dose, a stated total.
DOSE_KINDS = ("regimen", "max", "single", "cumulative")
#: Kinds of flag the flaggers raise (a new kind is added here, where the dataset's
#: description and validation read it).
FLAG_KINDS = ("dubious", "contradiction", "unknown_drug", "dose_unlinked", "dose_out_of_range", "course_too_long")
#: Flag severities from least to most severe: the only copy of this order.
SEVERITIES = ("low", "medium", "high")

def contract(**checks: Any) -> Any:
    """A column the contract requires (marked so ``CONTRACT_COLUMNS`` can list it)."""
    return pa.Field(metadata={"contract": True}, **checks)


def field(**checks: Any) -> Any:
    """A column this project adds."""
    return pa.Field(**checks)


class _Table(pa.DataFrameModel):
    class Config:
        strict = True
        ordered = True
        coerce = True


class Documents(_Table):
    """``documents``."""

    doc_id: Series[str] = contract()
    source_path: Series[str] = contract()
    title: Series[str] = contract()
    sha256: Series[str] = contract()
    n_chars: Series[int] = contract()
    source_kind: Series[str] = contract()
    credibility: Series[float] = contract(in_range={'min_value': 0.0, 'max_value': 1.0}, nullable=True)
    status: Series[str] = contract(isin=DOCUMENT_STATUSES)
    error: Series[str] = contract()
    # additions of this project
    encoding: Series[str] = field()
    warnings: Series[str] = field()
    credibility_rule: Series[str] = field()
    n_words: Series[int] = field()
    source_format: Series[str] = field(isin=SOURCE_FORMATS)
    offsets_refer_to: Series[str] = field(isin=("source", "extracted"))
    text_path: Series[str] = field()
    text_sha256: Series[str] = field()
    text_extractor: Series[str] = field()
    author: Series[str] = field()
    site_name: Series[str] = field()
    published: Series[str] = field()
    doi: Series[str] = field()
    journal: Series[str] = field()
    canonical_url: Series[str] = field()

    class Config:
        name = 'documents'
        unique = ['doc_id']


class Conditions(_Table):
    """``conditions``."""

    mention_id: Series[str] = contract()
    doc_id: Series[str] = contract()
    name: Series[str] = contract()
    concept_id: Series[str] = contract()
    text: Series[str] = contract()
    start: Series[int] = contract(ge=0)
    end: Series[int] = contract(ge=0)
    sentence: Series[str] = contract()
    negated: Series[bool] = contract()
    hypothetical: Series[bool] = contract()
    # additions of this project
    extractor: Series[str] = field()
    section: Series[str] = field()
    review_status: Series[str] = field(isin=REVIEW_STATUSES)

    class Config:
        name = 'conditions'
        unique = ['mention_id']


class Drugs(_Table):
    """``drugs``."""

    mention_id: Series[str] = contract()
    doc_id: Series[str] = contract()
    name: Series[str] = contract()
    text: Series[str] = contract()
    concept_id: Series[str] = contract()
    drug_class: Series[str] = contract()
    known: Series[bool] = contract()
    start: Series[int] = contract(ge=0)
    end: Series[int] = contract(ge=0)
    sentence: Series[str] = contract()
    # additions of this project
    negated: Series[bool] = field()
    hypothetical: Series[bool] = field()
    extractor: Series[str] = field()
    section: Series[str] = field()
    review_status: Series[str] = field(isin=REVIEW_STATUSES)

    class Config:
        name = 'drugs'
        unique = ['mention_id']


class Causes(_Table):
    """``causes``."""

    claim_id: Series[str] = contract()
    doc_id: Series[str] = contract()
    cause: Series[str] = contract()
    cause_concept_id: Series[str] = contract()
    condition: Series[str] = contract()
    condition_concept_id: Series[str] = contract()
    relation: Series[str] = contract()
    negated: Series[bool] = contract()
    hedged: Series[bool] = contract()
    start: Series[int] = contract(ge=0)
    end: Series[int] = contract(ge=0)
    evidence: Series[str] = contract()
    review_status: Series[str] = contract(isin=REVIEW_STATUSES)
    frequency_band: Series[str] = contract()
    # additions of this project
    cause_text: Series[str] = field()
    condition_text: Series[str] = field()
    extractor: Series[str] = field()

    class Config:
        name = 'causes'
        unique = ['claim_id']


class Doses(_Table):
    """``doses``."""

    claim_id: Series[str] = contract()
    doc_id: Series[str] = contract()
    drug: Series[str] = contract()
    drug_text: Series[str] = contract()
    drug_mention_id: Series[str] = contract()
    amount: Series[float] = contract(nullable=True)
    amount_max: Series[float] = contract(nullable=True)
    unit: Series[str] = contract()
    frequency_per_day: Series[float] = contract(nullable=True)
    frequency_per_day_max: Series[float] = contract(nullable=True)
    frequency_text: Series[str] = contract()
    route: Series[str] = contract()
    form: Series[str] = contract()
    duration_text: Series[str] = contract()
    dose_kind: Series[str] = contract(isin=DOSE_KINDS)
    population: Series[str] = contract()
    start: Series[int] = contract(ge=0)
    end: Series[int] = contract(ge=0)
    evidence: Series[str] = contract()
    review_status: Series[str] = contract(isin=REVIEW_STATUSES)
    # additions of this project
    timing: Series[str] = field()
    indication: Series[str] = field()
    drug_link: Series[str] = field()
    extractor: Series[str] = field()
    daily_amount: Series[float] = field(nullable=True)
    daily_amount_max: Series[float] = field(nullable=True)
    duration_days: Series[float] = field(nullable=True)
    duration_is_limit: Series[bool] = field()
    purpose: Series[str] = field()
    drug_mention_note: Series[str] = field()

    class Config:
        name = 'doses'
        unique = ['claim_id']


class Flags(_Table):
    """``flags``."""

    flag_id: Series[str] = contract()
    kind: Series[str] = contract(isin=FLAG_KINDS)
    category: Series[str] = contract()
    severity: Series[str] = contract(isin=SEVERITIES)
    reason: Series[str] = contract()
    doc_id: Series[str] = contract()
    start: Series[pd.Int64Dtype] = contract(nullable=True)
    end: Series[pd.Int64Dtype] = contract(nullable=True)
    text: Series[str] = contract()
    other_doc_id: Series[str] = contract()
    other_start: Series[pd.Int64Dtype] = contract(nullable=True)
    other_end: Series[pd.Int64Dtype] = contract(nullable=True)
    other_text: Series[str] = contract()
    claim_ids: Series[str] = contract()
    review_status: Series[str] = contract(isin=REVIEW_STATUSES)
    reviewer: Series[str] = contract()
    reviewed_at: Series[str] = contract()
    # additions of this project
    rule_id: Series[str] = field()
    note: Series[str] = field()
    unbound_reason: Series[str] = field()

    class Config:
        name = 'flags'
        unique = ['flag_id']


class Statements(_Table):
    """``statements``."""

    claim_id: Series[str] = field()
    doc_id: Series[str] = field()
    subject: Series[str] = field()
    subject_concept_id: Series[str] = field()
    predicate: Series[str] = field()
    polarity: Series[bool] = field()
    hedged: Series[bool] = field()
    start: Series[int] = field(ge=0)
    end: Series[int] = field(ge=0)
    evidence: Series[str] = field()
    cue: Series[str] = field()
    review_status: Series[str] = field(isin=REVIEW_STATUSES)
    rule_id: Series[str] = field()

    class Config:
        name = 'statements'
        unique = ['claim_id']


class Treatments(_Table):
    """``treatments``."""

    claim_id: Series[str] = field()
    doc_id: Series[str] = field()
    treatment: Series[str] = field()
    treatment_concept_id: Series[str] = field()
    treatment_kind: Series[str] = field()
    predicate: Series[str] = field()
    condition: Series[str] = field()
    condition_concept_id: Series[str] = field()
    polarity: Series[bool] = field()
    hedged: Series[bool] = field()
    start: Series[int] = field(ge=0)
    end: Series[int] = field(ge=0)
    evidence: Series[str] = field()
    review_status: Series[str] = field(isin=REVIEW_STATUSES)
    treatment_text: Series[str] = field()
    condition_text: Series[str] = field()
    extractor: Series[str] = field()

    class Config:
        name = 'treatments'
        unique = ['claim_id']


class Claims(_Table):
    """``claims``."""

    claim_id: Series[str] = field()
    doc_id: Series[str] = field()
    kind: Series[str] = field()
    subject: Series[str] = field()
    subject_concept_id: Series[str] = field()
    predicate: Series[str] = field()
    object: Series[str] = field()
    object_concept_id: Series[str] = field()
    polarity: Series[bool] = field()
    hedged: Series[bool] = field()
    population: Series[str] = field()
    indication: Series[str] = field()
    dose: Series[str] = field()
    route: Series[str] = field()
    credibility: Series[float] = field(nullable=True)
    start: Series[int] = field(ge=0)
    end: Series[int] = field(ge=0)
    evidence: Series[str] = field()
    review_status: Series[str] = field(isin=REVIEW_STATUSES)

    class Config:
        name = 'claims'
        unique = ['claim_id']


class Cues(_Table):
    """``cues``."""

    claim_id: Series[str] = field()
    doc_id: Series[str] = field()
    rule_id: Series[str] = field()
    category: Series[str] = field()
    severity: Series[str] = field(isin=SEVERITIES)
    reason: Series[str] = field()
    subject: Series[str] = field()
    subject_concept_id: Series[str] = field()
    hedged: Series[bool] = field()
    start: Series[int] = field(ge=0)
    end: Series[int] = field(ge=0)
    text: Series[str] = field()
    review_status: Series[str] = field(isin=REVIEW_STATUSES)

    class Config:
        name = 'cues'
        unique = ['claim_id']


class Blocks(_Table):
    """``blocks``."""

    doc_id: Series[str] = field()
    block: Series[int] = field()
    kind: Series[str] = field()
    category: Series[str] = field()
    rule_id: Series[str] = field()
    start: Series[int] = field(ge=0)
    end: Series[int] = field(ge=0)
    section: Series[int] = field()
    text: Series[str] = field()

    class Config:
        name = 'blocks'


MODELS: dict[str, type[pa.DataFrameModel]] = {
    "documents": Documents, "conditions": Conditions, "drugs": Drugs, "causes": Causes, "doses": Doses,
    "flags": Flags, "statements": Statements, "treatments": Treatments, "claims": Claims, "cues": Cues,
    "blocks": Blocks,
}
_DTYPE_CODE = {"str": "str", "int64": "int", "Int64": "Int64", "float64": "float", "bool": "bool"}


def _columns(model: type[pa.DataFrameModel]) -> dict[str, str]:
    return {name: _DTYPE_CODE[str(col.dtype)] for name, col in model.to_schema().columns.items()}


#: Every table's columns in order, with their type ("str", "int", "Int64" nullable int,
#: "float", "bool"), read off the models.
TABLES: dict[str, dict[str, str]] = {name: _columns(model) for name, model in MODELS.items()}
assert tuple(TABLES) == TABLE_NAMES, "pipeline/dataset/tables.py lists the tables the models define"
#: Columns the contract requires, per table, in its order.
CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(c for c, col in model.to_schema().columns.items() if (col.metadata or {}).get("contract"))
    for name, model in MODELS.items() if name in ("documents", "conditions", "drugs", "causes", "doses", "flags")
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


def table_schema(table: str) -> pa.DataFrameSchema:
    return MODELS[table].to_schema()


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
    """``frame`` checked against the table's model (every error at once, as
    :class:`pandera.errors.SchemaErrors`) and coerced to its types.

    Text columns are checked and coerced here, in one vectorised pass each, and pandera
    checks everything else: pandera 0.35 tests a text column element by element and
    formats a failure report even when it passes (most of a publish's validation time, at
    every size). The result is the same: values that are not text become text as
    pandera's coercion would make them, missing values fail the columns' non-null check.
    """
    texts = {name: _as_text(frame[name]) for name, kind in TABLES[table].items()
             if kind == "str" and name in frame.columns}
    changed = {name: series for name, series in texts.items() if series is not frame[name]}
    if changed:
        frame = frame.assign(**changed)
    return _schema_without_text_types(table).validate(frame, lazy=True)


def prepare_schemas() -> None:
    """Build every table's validation schema now (pandera copies each model's schema,
    about half a second for all of them at a process's first publish); the warm-up
    calls it while Prefect's temporary server starts."""
    for table in TABLES:
        _schema_without_text_types(table)


@lru_cache(maxsize=None)
def _schema_without_text_types(table: str) -> pa.DataFrameSchema:
    """The table's schema with no dtype on its text columns (:func:`validate` checks them)."""
    schema = MODELS[table].to_schema()
    return schema.update_columns({name: {"dtype": None} for name, kind in TABLES[table].items() if kind == "str"})


def _as_text(series: pd.Series) -> pd.Series:
    """``series`` itself when every present value is a ``str``; else an object series with
    each present value made a ``str`` (as pandera coerces), missing values kept."""
    if series.dtype == object and pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
        return series
    values = series.astype(object)
    return values.where(values.isna(), values.astype(str))
