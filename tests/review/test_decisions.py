from __future__ import annotations

import json
from pathlib import Path

from pipeline.dataset.schema import TABLES, to_frame
from pipeline.review.decisions import apply_reviews, load_decisions


def write(path: Path, *rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))


def tables():
    out = {name: to_frame(name, []) for name in TABLES}
    out["doses"] = to_frame("doses", [
        {"claim_id": "c1", "doc_id": "d", "amount": 7.5, "unit": "mg", "start": 0, "end": 1, "review_status": "clean"},
        {"claim_id": "c2", "doc_id": "d", "amount": 75, "unit": "mg", "start": 0, "end": 1, "review_status": "clean"},
        {"claim_id": "c3", "doc_id": "d", "amount": 1, "unit": "g", "start": 0, "end": 1, "review_status": "clean"},
        {"claim_id": "c4", "doc_id": "d", "amount": 2, "unit": "g", "start": 0, "end": 1, "review_status": "clean"},
    ])
    out["flags"] = to_frame("flags", [
        {"flag_id": "f1", "severity": "high", "claim_ids": "c1", "review_status": "pending"},
        {"flag_id": "f2", "severity": "low", "claim_ids": "c2", "review_status": "pending"},
        {"flag_id": "f3", "severity": "low", "claim_ids": "c3", "review_status": "pending"},
    ])
    return out


def test_latest_decision_wins_and_statuses_reach_claims(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    write(path,
          {"flag_id": "f1", "decision": "accept", "reviewer": "ann", "at": "2026-01-01T00:00:00Z"},
          {"flag_id": "f1", "decision": "reject", "reviewer": "bob", "at": "2026-01-02T00:00:00Z"},
          {"flag_id": "f2", "decision": "correct", "reviewer": "ann", "correction": {"amount": 7.5}},
          "not json",
          {"flag_id": "gone", "decision": "accept", "quote": "old text"})
    log = load_decisions(path)
    assert len(log.problems) == 1 and "not a valid decision" in log.problems[0]
    out, stale = apply_reviews(tables(), log)
    flags = out["flags"].set_index("flag_id")
    assert flags.loc["f1", "review_status"] == "rejected" and flags.loc["f1", "reviewer"] == "bob"
    assert flags.loc["f3", "review_status"] == "pending"
    doses = out["doses"].set_index("claim_id")
    assert doses.loc["c1", "review_status"] == "rejected"
    assert doses.loc["c2", "review_status"] == "corrected" and doses.loc["c2", "amount"] == 7.5
    assert doses.loc["c3", "review_status"] == "pending"
    assert doses.loc["c4", "review_status"] == "clean"
    assert stale == [{"flag_id": "gone", "decision": "accept", "quote": "old text", "reviewer": "", "at": ""}]


def test_inputs_are_not_mutated(tmp_path: Path):
    original = tables()
    before = original["doses"].copy()
    apply_reviews(original, load_decisions(tmp_path / "missing.jsonl"))
    assert original["doses"].equals(before)
