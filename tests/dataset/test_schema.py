"""Every table of ../shared/CONTRACT.md exists with the contract's columns."""
from __future__ import annotations

import re

import pandas as pd
import pandera.errors
import pytest

from pipeline.dataset.schema import CONTRACT_COLUMNS, TABLES, table_schema, to_frame, validate


def contract_tables(shared_dir) -> dict[str, list[str]]:
    text = (shared_dir / "CONTRACT.md").read_text(encoding="utf-8")
    found = {}
    for name, cols in re.findall(r"^\*\*(\w+)\*\* — [^`\n]*`([^`]+)`", text, flags=re.M):
        found[name] = [c.strip() for c in cols.split(",")]
    return found


def test_contract_parses_to_the_six_tables(shared_dir):
    assert set(contract_tables(shared_dir)) == {"documents", "conditions", "drugs", "causes", "doses", "flags"}


def test_schema_has_every_contract_column_in_order(shared_dir):
    for name, cols in contract_tables(shared_dir).items():
        assert name in TABLES, name
        assert list(CONTRACT_COLUMNS[name]) == cols, name
        assert list(TABLES[name])[: len(cols)] == cols, name


def test_empty_tables_validate():
    for name in TABLES:
        assert list(validate(name, to_frame(name, [])).columns) == list(TABLES[name])


def test_validation_rejects_bad_values():
    bad = to_frame("flags", [{"flag_id": "f1", "severity": "urgent", "review_status": "pending"}])
    # (flags' offsets are nullable, so a partial row is a valid frame apart from severity)
    with pytest.raises(pandera.errors.SchemaErrors):
        validate("flags", bad)
    dup = to_frame("conditions", [{"mention_id": "m", "start": 0, "end": 1, "review_status": "clean"}] * 2)
    with pytest.raises(pandera.errors.SchemaErrors):
        validate("conditions", dup)
    extra = to_frame("documents", []).assign(surprise=pd.Series(dtype=object))
    with pytest.raises(pandera.errors.SchemaErrors):
        table_schema("documents").validate(extra, lazy=True)


def test_text_columns_are_checked_and_coerced_as_pandera_would():
    frame = to_frame("blocks", [{"doc_id": "d", "block": 0, "kind": "heading", "start": 0, "end": 4, "section": 1,
                                 "text": "Dose"}])
    assert validate("blocks", frame).loc[0, "text"] == "Dose"
    as_number = frame.assign(text=pd.Series([5], dtype=object))
    assert validate("blocks", as_number).loc[0, "text"] == "5"
    with pytest.raises(pandera.errors.SchemaErrors):
        validate("blocks", frame.assign(text=pd.Series([None], dtype=object)))
