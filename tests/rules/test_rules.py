"""Rule files are validated data: unknown keys, duplicate ids and bad JSON fail loudly."""
from __future__ import annotations

import json

import pytest

from pipeline import rules
from pipeline.rules import Rule, RuleFileError, load_jsonl, rules_fingerprint


class Pattern(Rule):
    pattern: str


@pytest.fixture
def rule_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(rules, "rules_root", lambda: tmp_path)
    rules_fingerprint.cache_clear()
    yield tmp_path
    rules_fingerprint.cache_clear()


def test_comments_and_blank_lines_are_skipped(rule_dir):
    (rule_dir / "p.jsonl").write_text('// a comment\n\n{"id": "a", "pattern": "x"}\n', encoding="utf-8")
    assert load_jsonl("p.jsonl", Pattern) == (Pattern(id="a", pattern="x"),)


@pytest.mark.parametrize("line, words", [
    ('{"id": "a", "pattern": "x", "patern": "typo"}', "patern"),
    ('{"pattern": "x"}', "id"),
    ('{"id": "a", "pattern": ', "p.jsonl:1"),
])
def test_a_malformed_rule_names_its_file_and_line(rule_dir, line, words):
    (rule_dir / "p.jsonl").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=words):
        load_jsonl("p.jsonl", Pattern)


def test_duplicate_ids_are_refused(rule_dir):
    rows = [json.dumps({"id": "a", "pattern": p}) for p in ("x", "y")]
    (rule_dir / "p.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="duplicate id 'a'"):
        load_jsonl("p.jsonl", Pattern)


def test_the_fingerprint_changes_with_any_rule_file(rule_dir):
    (rule_dir / "p.jsonl").write_text('{"id": "a", "pattern": "x"}\n', encoding="utf-8")
    before = rules_fingerprint()
    rules_fingerprint.cache_clear()
    (rule_dir / "p.jsonl").write_text('{"id": "a", "pattern": "y"}\n', encoding="utf-8")
    assert rules_fingerprint() != before


def test_every_packaged_rule_file_loads():
    from pipeline.extract.cues import dubious_cues
    from pipeline.extract.treatments import treatment_kinds, treatment_patterns

    assert dubious_cues() and treatment_patterns() and treatment_kinds()
