"""Undo: a line that takes a decision back, the log staying append-only."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.review.decisions import ACTIONS, CLAIM_CHOICES, SIDE_CHOICES, Decision, last_undoable, load_decisions
from pipeline.review.store import DecisionRefused, append_decision, append_decisions, make_undo


def decide(path: Path, flag_id: str, decision: str, reviewer: str = "ann", **extra) -> Decision:
    d = Decision(flag_id=flag_id, decision=decision, reviewer=reviewer, at="2026-01-01T00:00:00+00:00", **extra)
    append_decision(path, d)
    return d


def test_an_undo_opens_the_flag_again_and_keeps_every_line(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    first = decide(path, "f1", "reject")
    append_decision(path, make_undo(first, "ann"))
    log = load_decisions(path)
    assert "f1" not in log.latest and log.withdrawn == {0} and log.problems == ()
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    assert len(lines) == 2 and lines[0] == json.loads(first.to_line())  # nothing rewritten
    assert lines[1]["undo"] is True and lines[1]["decision"] == "reject" and lines[1]["flag_id"] == "f1"


def test_an_undo_brings_back_the_decision_before_it_and_undoing_again_walks_further_back(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    decide(path, "f1", "accept")
    decide(path, "f2", "accept", side="this")
    decide(path, "f1", "reject")
    log = load_decisions(path)
    (last,) = last_undoable(log, "ann")
    assert (last.flag_id, last.decision) == ("f1", "reject")
    append_decision(path, make_undo(last, "ann"))
    log = load_decisions(path)
    assert log.latest["f1"].decision == "accept"  # the earlier decision stands again
    (last,) = last_undoable(log, "ann")
    assert (last.flag_id, last.side) == ("f2", "this")
    append_decision(path, make_undo(last, "ann"))
    log = load_decisions(path)
    assert set(log.latest) == {"f1"}
    append_decision(path, make_undo(last_undoable(log, "ann")[0], "ann"))
    log = load_decisions(path)
    assert log.latest == {} and last_undoable(log, "ann") == ()


def test_undoing_ones_side_of_a_disagreement_ends_the_conflict(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    decide(path, "f1", "accept", reviewer="ann")
    bob = decide(path, "f1", "reject", reviewer="bob")
    assert load_decisions(path).conflicts == {"f1": {"ann": "accept", "bob": "reject"}}
    assert last_undoable(load_decisions(path), "ann")[0].decision == "accept"  # ann's own, not bob's
    with pytest.raises(DecisionRefused, match="bob's, not ann's"):
        make_undo(bob, "ann")
    append_decision(path, make_undo(bob, "bob"))
    log = load_decisions(path)
    assert log.conflicts == {} and log.latest["f1"].reviewer == "ann"


def test_a_bulk_decision_is_undone_as_one(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    decide(path, "f0", "accept")
    batch = [Decision(flag_id=f, decision="reject", reviewer="ann", batch="b1") for f in ("f1", "f2", "f3")]
    append_decisions(path, batch)
    undo = last_undoable(load_decisions(path), "ann")
    assert [d.flag_id for d in undo] == ["f1", "f2", "f3"]
    append_decisions(path, [make_undo(d, "ann") for d in undo])
    log = load_decisions(path)
    assert set(log.latest) == {"f0"} and len(path.read_text().splitlines()) == 7


def test_an_undo_that_matches_no_decision_is_reported_and_changes_nothing(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    decide(path, "f1", "accept")
    path.write_text(path.read_text() + json.dumps({"flag_id": "f1", "decision": "reject", "reviewer": "ann",
                                                   "undo": True}) + "\n")
    log = load_decisions(path)
    assert log.latest["f1"].decision == "accept"
    assert log.problems == ("reviews.jsonl:2: an undo by ann of a reject on f1 that no earlier line made; "
                            "nothing was undone",)
    with pytest.raises(DecisionRefused, match="cannot be undone"):
        make_undo(log.decisions[1], "ann")


def test_every_key_is_spelled_once_and_no_two_actions_share_one():
    for choices in (CLAIM_CHOICES, SIDE_CHOICES):
        keys = [c.key for c in choices] + [a.key for a in ACTIONS]
        assert len(keys) == len(set(keys)), keys
    also = [k for a in ACTIONS for k in a.also]
    assert len(also) == len(set(also))
