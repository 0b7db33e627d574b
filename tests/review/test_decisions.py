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
          {"flag_id": "f1", "decision": "reject", "reviewer": "ann", "at": "2026-01-02T00:00:00Z", "note": "changed my mind"},
          {"flag_id": "f2", "decision": "correct", "reviewer": "ann", "correction": {"amount": 7.5}},
          "not json",
          {"flag_id": "gone", "decision": "accept", "quote": "old text"})
    log = load_decisions(path)
    assert len(log.problems) == 1 and "not a valid decision" in log.problems[0]
    out, stale = apply_reviews(tables(), log)
    flags = out["flags"].set_index("flag_id")
    assert flags.loc["f1", "review_status"] == "rejected" and flags.loc["f1", "note"] == "changed my mind"
    assert flags.loc["f3", "review_status"] == "pending"
    doses = out["doses"].set_index("claim_id")
    assert doses.loc["c1", "review_status"] == "rejected"
    assert doses.loc["c2", "review_status"] == "corrected" and doses.loc["c2", "amount"] == 7.5
    assert doses.loc["c3", "review_status"] == "pending"
    assert doses.loc["c4", "review_status"] == "clean"
    assert stale == [{"flag_id": "gone", "decision": "accept", "quote": "old text", "reviewer": "", "at": "",
                      "status": "stale"}]


def test_inputs_are_not_mutated(tmp_path: Path):
    original = tables()
    before = original["doses"].copy()
    apply_reviews(original, load_decisions(tmp_path / "missing.jsonl"))
    assert original["doses"].equals(before)


def test_two_reviewers_disagreeing_is_a_conflict_until_a_third_decides(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    write(path,
          {"flag_id": "f1", "decision": "accept", "reviewer": "ann"},
          {"flag_id": "f1", "decision": "reject", "reviewer": "bob"})
    log = load_decisions(path)
    assert log.conflicts == {"f1": {"ann": "accept", "bob": "reject"}}
    out, _ = apply_reviews(tables(), log)
    flag = out["flags"].set_index("flag_id").loc["f1"]
    assert flag["review_status"] == "pending" and flag["note"].startswith("conflict: ann accept; bob reject")
    assert out["doses"].set_index("claim_id").loc["c1", "review_status"] == "pending"

    with path.open("a") as fh:
        fh.write(json.dumps({"flag_id": "f1", "decision": "reject", "reviewer": "cat"}) + "\n")
    log = load_decisions(path)
    assert log.conflicts == {}
    out, _ = apply_reviews(tables(), log)
    assert out["flags"].set_index("flag_id").loc["f1", "review_status"] == "rejected"


def test_concurrent_appends_never_interleave(tmp_path: Path):
    import multiprocessing as mp

    from pipeline.review.decisions import Decision
    from pipeline.review.store import append_decision

    path = tmp_path / "reviews.jsonl"

    def worker(name: str) -> None:
        for i in range(200):
            append_decision(path, Decision(flag_id=f"f{i}", decision="accept", reviewer=name, note="x" * 500))

    procs = [mp.Process(target=worker, args=(name,)) for name in ("ann", "bob", "cat")]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    lines = path.read_text().splitlines()
    assert len(lines) == 600
    assert all(json.loads(line)["note"] == "x" * 500 for line in lines)


def test_a_decision_follows_its_quote_to_a_new_flag_id(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    frames = tables()
    frames["flags"] = to_frame("flags", [
        {"flag_id": "new1", "severity": "high", "doc_id": "d", "start": 10, "end": 20, "text": "Take 75 mg.",
         "claim_ids": "c1", "review_status": "pending"},
        {"flag_id": "new2", "severity": "low", "doc_id": "d", "start": 40, "end": 50, "text": "Take 75 mg.",
         "claim_ids": "c2", "review_status": "pending"},
    ])
    text = "x" * 10 + "Take 75 mg." + "y" * 19 + "Take 75 mg." + "z" * 10
    frames["flags"].loc[0, ["start", "end"]] = [10, 21]
    frames["flags"].loc[1, ["start", "end"]] = [40, 51]
    write(path, {"flag_id": "old", "decision": "reject", "reviewer": "ann", "quote": "Take 75 mg.",
                 "prefix": "y" * 19, "suffix": "z" * 10, "doc_id": "d"})
    out, outcome = apply_reviews(frames, load_decisions(path), lambda doc_id: text)
    assert outcome[0]["status"] == "reanchored" and outcome[0]["new_flag_id"] == "new2"
    flags = out["flags"].set_index("flag_id")
    assert flags.loc["new2", "review_status"] == "rejected" and flags.loc["new1", "review_status"] == "pending"
    # without context to tell the two apart, the decision stays stale rather than guess
    out, outcome = apply_reviews(frames, load_decisions(path), None)
    assert outcome[0]["status"] == "stale"
    assert set(out["flags"]["review_status"]) == {"pending"}


def test_corrections_take_the_columns_type_and_bad_values_are_not_applied(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    write(path,
          {"flag_id": "f2", "decision": "correct", "reviewer": "ann", "correction": {"amount": "7.5", "unit": "mcg"}},
          {"flag_id": "f3", "decision": "correct", "reviewer": "ann", "correction": {"amount": "a lot"}})
    out, _ = apply_reviews(tables(), load_decisions(path))
    doses = out["doses"].set_index("claim_id")
    assert doses.loc["c2", "amount"] == 7.5 and doses.loc["c2", "unit"] == "mcg"
    assert doses.loc["c3", "amount"] == 1.0  # not applied
    assert out["doses"]["amount"].dtype == float


def test_an_open_conflict_follows_its_flag_to_a_new_id(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    frames = tables()
    frames["flags"] = to_frame("flags", [
        {"flag_id": "new", "severity": "high", "doc_id": "d", "start": 0, "end": 11, "text": "Take 75 mg.",
         "claim_ids": "c1", "review_status": "pending"},
    ])
    write(path,
          {"flag_id": "old", "decision": "accept", "reviewer": "ann", "quote": "Take 75 mg.", "doc_id": "d"},
          {"flag_id": "old", "decision": "reject", "reviewer": "bob", "quote": "Take 75 mg.", "doc_id": "d"})
    out, outcome = apply_reviews(frames, load_decisions(path), lambda doc_id: "Take 75 mg.")
    assert outcome[0]["status"] == "reanchored" and outcome[0]["new_flag_id"] == "new"
    flag = out["flags"].set_index("flag_id").loc["new"]
    assert flag["review_status"] == "pending" and flag["note"].startswith("conflict: ann accept; bob reject")
