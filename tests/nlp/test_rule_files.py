"""Rule files named in a config: packaged names or absolute paths, always validated."""
from __future__ import annotations

import pytest

from pipeline.nlp.drug_context import DrugContextRule
from pipeline.nlp.rule_files import load_rule_file
from pipeline.rules import RuleFileError


def test_a_packaged_name_loads_the_packaged_file() -> None:
    rows = load_rule_file("drug_context.jsonl", DrugContextRule)
    assert {r.kind for r in rows} == {"cue", "non_drug_head", "drug_head", "drug_lead", "given_head", "given_lead"}


def test_an_absolute_path_loads_that_file(tmp_path) -> None:
    path = tmp_path / "ctx.jsonl"
    path.write_text('// a comment\n{"id": "c.1", "kind": "cue", "pattern": "\\\\bswallow\\\\b"}\n')
    (row,) = load_rule_file(str(path), DrugContextRule)
    assert row.id == "c.1"


def test_a_missing_file_is_named(tmp_path) -> None:
    with pytest.raises(RuleFileError, match="nope.jsonl"):
        load_rule_file(str(tmp_path / "nope.jsonl"), DrugContextRule)
    with pytest.raises(RuleFileError, match="nope.jsonl"):
        load_rule_file("nope.jsonl", DrugContextRule)


def test_a_row_with_an_unknown_key_is_refused(tmp_path) -> None:
    path = tmp_path / "ctx.jsonl"
    path.write_text('{"id": "c.1", "kind": "cue", "pattern": "x", "weight": 2}\n')
    with pytest.raises(RuleFileError, match="ctx.jsonl:1"):
        load_rule_file(str(path), DrugContextRule)
