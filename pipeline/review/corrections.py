"""The one set of rules for a reviewer's correction, whichever way it arrives.

The browser, the terminal, a Label Studio import and the run that applies decisions all
call :func:`validate_correction`, so a correction one of them refuses is refused by all.
A correction may change only what the machine *extracted* for the claims a flag binds —
a dose's amount, a cause's condition, a drug mention's name — and only the fields that
kind of claim has. It never changes the evidence (``text``, ``evidence``, ``sentence``,
``start``/``end``, surface forms) or an identifier: evidence that is wrong is a reason
to withhold the claim, not to rewrite the quote downstream users trust.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from pipeline.dataset.schema import ID_COLUMN, REVIEWED_TABLES, TABLES

#: Tables whose rows a flag can bind (every reviewed table but the flags), most specific
#: first: a claim id found in ``doses`` and in the derived ``claims`` table is a dose.
CLAIM_TABLES = tuple(t for t in REVIEWED_TABLES if t not in ("flags", "claims")) + ("claims",)
#: The id column of each claim table.
CLAIM_ID = {t: ID_COLUMN[t] for t in CLAIM_TABLES}


def kind_name(table: str) -> str:
    """What a reviewer calls a row of ``table``: "dose", "drug mention"..."""
    noun = table[:-1] if table.endswith("s") else table
    return f"{noun} mention" if CLAIM_ID.get(table) == "mention_id" else noun
#: Columns no correction may set: the evidence and where it lies, identifiers,
#: provenance, and what the pipeline concluded about the source rather than read from
#: it. Besides these, any column ending in ``_text`` is the source's own words (a surface
#: form) and any ending in ``_id`` is an identifier or a link (``drug_mention_id``);
#: ``*concept_id`` columns are extracted values and may be corrected.
PROTECTED = frozenset({
    "doc_id", "claim_id", "mention_id", "flag_id", "cue_id", "review_status", "reviewer", "reviewed_at",
    "start", "end", "text", "evidence", "sentence", "section", "block", "cue",
    "extractor", "rule_id", "drug_link", "kind", "known", "credibility", "category", "severity", "reason",
    "other_doc_id", "other_start", "other_end", "other_text", "claim_ids",
})
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}


class CorrectionError(ValueError):
    """A correction that cannot be applied; the message says why, for the reviewer."""


def is_protected(column: str) -> bool:
    return (column in PROTECTED or column.endswith("_text")
            or (column.endswith("_id") and not column.endswith("concept_id")))


def correctable_fields(table: str) -> dict[str, str]:
    """Field -> dtype name a correction may set on a row of ``table``."""
    return {c: t for c, t in TABLES.get(table, {}).items() if not is_protected(c)}


def fields_for(tables: Iterable[str]) -> dict[str, str]:
    """Fields a correction may set on claims of these tables (the first table's dtype wins)."""
    out: dict[str, str] = {}
    for table in tables:
        for column, dtype in correctable_fields(table).items():
            out.setdefault(column, dtype)
    return out


def convert(field: str, value: Any, dtype: str) -> Any:
    """``value`` in the column's type; a form's text ("7.5", "yes") becomes 7.5, True.

    An empty value clears a text or number field (a number becomes NaN, "not stated").

    Raises:
        CorrectionError: the value does not fit the column, or is not a finite number.
    """
    if isinstance(value, (dict, list, tuple, set)):
        raise CorrectionError(f"{field!r} needs a single value, not {type(value).__name__} {value!r}")
    text = "" if value is None else str(value).strip()
    if dtype == "str":
        if isinstance(value, bool):
            raise CorrectionError(f"{field!r} needs text, not {value!r}")
        return text
    if dtype == "bool":
        if isinstance(value, bool):
            return value
        if text.lower() in _TRUE | _FALSE:
            return text.lower() in _TRUE
        raise CorrectionError(f"{field!r} needs yes or no, not {value!r}")
    if dtype == "float":
        if text == "":
            return float("nan")
        if isinstance(value, bool):
            raise CorrectionError(f"{field!r} needs a number, not {value!r}")
        try:
            number = float(text)
        except ValueError:
            raise CorrectionError(f"{field!r} needs a number, not {value!r}") from None
        if not math.isfinite(number):
            raise CorrectionError(f"{field!r} needs a finite number, not {value!r}")
        return number
    if dtype in ("int", "Int64"):
        try:
            number = float(text)
        except ValueError:
            raise CorrectionError(f"{field!r} needs a whole number, not {value!r}") from None
        if isinstance(value, bool) or not math.isfinite(number) or number != int(number):
            raise CorrectionError(f"{field!r} needs a whole number, not {value!r}")
        return int(number)
    raise CorrectionError(f"{field!r} has a type ({dtype}) a correction cannot set")


def validate_correction(correction: Mapping[str, Any] | None, tables: Iterable[str]) -> dict[str, Any]:
    """The correction with every value in its column's type, or a clear refusal.

    Args:
        correction: Field -> value, as a reviewer gave it (text from a form or a note).
        tables: The tables of the claims the flag binds (see :data:`CLAIM_TABLES`).

    Raises:
        CorrectionError: empty; the flag binds no claim; a field is evidence or an id, or
            not a field of the bound claims' kind; a value does not fit its column.
    """
    tables = [t for t in dict.fromkeys(tables) if t in CLAIM_TABLES]
    if not isinstance(correction, Mapping) or not correction:
        raise CorrectionError("a correction needs at least one field and its value")
    if not tables:
        raise CorrectionError("this flag binds no claim, so a correction would change nothing: "
                              "publish or withhold instead")
    allowed = fields_for(tables)
    kinds = " or ".join(kind_name(t) for t in tables)
    out: dict[str, Any] = {}
    for field, value in correction.items():
        if not isinstance(field, str) or not field.strip():
            raise CorrectionError(f"a correction's field name must be text, not {field!r}")
        field = field.strip()
        if is_protected(field):
            raise CorrectionError(f"{field!r} is evidence or an identifier and is never corrected; "
                                  "withhold the claim if its evidence is wrong")
        if field not in allowed:
            raise CorrectionError(f"{field!r} is not a field of a {kinds} (fields: {', '.join(sorted(allowed))})")
        out[field] = convert(field, value, allowed[field])
    return out


def parse_pairs(lines: Iterable[str]) -> dict[str, str]:
    """``field=value`` lines (terminal prompts, a Label Studio note) as a dict of text.

    Raises:
        CorrectionError: a non-empty line without ``=`` or without a field name.
    """
    out: dict[str, str] = {}
    for line in lines:
        if not line.strip():
            continue
        field, sep, value = line.partition("=")
        if not sep or not field.strip():
            raise CorrectionError(f"{line.strip()!r} is not field=value (for example amount=7.5)")
        out[field.strip()] = value.strip()
    return out
