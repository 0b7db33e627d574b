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
    assert log.problems == ("reviews.jsonl:4: not JSON (Expecting value at column 1)",)
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


# --- decisions are never lost (#11) -----------------------------------------------------

def test_a_byte_that_is_not_utf8_costs_only_its_own_line(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    path.write_bytes(b'{"flag_id": "f1", "decision": "reject", "reviewer": "ann"}\n'
                     b'{"flag_id": "f2", "decision": "accept", "note": "caf\xe9"}\n'
                     b'{"flag_id": "f3", "decision": "accept", "reviewer": "bob"}\n')
    log = load_decisions(path)
    assert set(log.latest) == {"f1", "f3"}
    (bad,) = log.unreadable
    assert bad.line == 2 and bad.reason == "not UTF-8 (byte 0xe9 at column 53)" and '"f2"' in bad.excerpt
    assert log.unreadable_report() == [{"path": str(path), "line": 2, "reason": bad.reason, "excerpt": bad.excerpt,
                                        "recovered": False}]


def test_a_cut_off_last_line_is_reported_and_the_next_append_starts_a_fresh_line(tmp_path: Path):
    from pipeline.review.decisions import Decision
    from pipeline.review.store import append_decision

    path = tmp_path / "reviews.jsonl"
    path.write_text('{"flag_id": "f1", "decision": "accept"}\n{"flag_id": "f2", "deci')  # a full disk
    log = load_decisions(path)
    assert [u.line for u in log.unreadable] == [2] and "ends in the middle of this line" in log.unreadable[0].reason
    append_decision(path, Decision(flag_id="f3", decision="reject", reviewer="ann"))
    log = load_decisions(path)
    assert set(log.latest) == {"f1", "f3"} and log.latest["f3"].decision == "reject"
    assert [u.line for u in log.unreadable] == [2] and not log.unreadable[0].recovered
    assert path.read_text().splitlines()[2] == '{"flag_id": "f3", "decision": "reject", "reviewer": "ann", "at": "", ' \
        '"note": "", "quote": "", "prefix": "", "suffix": "", "doc_sha256": "", "correction": null}'


def test_a_decision_glued_onto_a_cut_off_line_by_an_older_version_is_recovered(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    path.write_text('{"flag_id": "f2", "deci{"flag_id": "f3", "decision": "reject", "reviewer": "ann"}\n')
    log = load_decisions(path)
    assert log.latest["f3"].decision == "reject" and "f2" not in log.latest
    (glued,) = log.unreadable
    assert glued.line == 1 and glued.recovered and "complete decision glued after it at column 24" in glued.reason


def test_lines_that_are_json_but_not_decisions_say_why(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    write(path, {"flag_id": "f1", "decision": "maybe"}, {"flag_id": "f1", "decision": "reject", "side": "this"},
          ["a list"], {"decision": "accept"}, {"flag_id": "f1", "decision": "accept", "side": "this"})
    log = load_decisions(path)
    reasons = [u.reason for u in log.unreadable]
    assert [u.line for u in log.unreadable] == [1, 2, 3, 4]
    assert "decision must be one of accept, reject, correct, not 'maybe'" in reasons[0]
    assert "side goes with accept only" in reasons[1]
    assert log.latest["f1"].side == "this"


# --- contradiction sides and claims under several flags (#13) ----------------------------

def sided_tables():
    """A contradiction between doc a (claims a1, a2) and doc b (claim b1); a2 also under a dubious flag."""
    out = {name: to_frame(name, []) for name in TABLES}
    out["statements"] = to_frame("statements", [
        {"claim_id": "a1", "doc_id": "a", "subject": "gout", "predicate": "curable", "start": 10, "end": 30},
        {"claim_id": "a2", "doc_id": "a", "subject": "gout", "predicate": "incurable", "start": 25, "end": 40},
        {"claim_id": "b1", "doc_id": "b", "subject": "gout", "predicate": "curable", "start": 0, "end": 20},
        {"claim_id": "x9", "doc_id": "a", "subject": "gout", "predicate": "curable", "start": 100, "end": 120},
    ])
    out["flags"] = to_frame("flags", [
        {"flag_id": "fc", "kind": "contradiction", "severity": "high", "doc_id": "a", "start": 12, "end": 38,
         "other_doc_id": "b", "other_start": 2, "other_end": 18, "claim_ids": "a1;a2;b1", "review_status": "pending"},
        {"flag_id": "fd", "kind": "dubious", "severity": "low", "doc_id": "a", "start": 25, "end": 40,
         "claim_ids": "a2", "review_status": "pending"},
    ])
    return out


def statuses(path: Path, *lines) -> dict[str, str]:
    write(path, *lines)
    out, _ = apply_reviews(sided_tables(), load_decisions(path))
    return dict(zip(out["statements"]["claim_id"], out["statements"]["review_status"]))


def test_each_side_of_a_contradiction_decides_its_own_claims(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    dubious_ok = {"flag_id": "fd", "decision": "accept"}
    assert statuses(path, {"flag_id": "fc", "decision": "accept", "side": "this"}, dubious_ok) == \
        {"a1": "accepted", "a2": "accepted", "b1": "rejected", "x9": "clean"}
    assert statuses(path, {"flag_id": "fc", "decision": "accept", "side": "other"}, dubious_ok) == \
        {"a1": "rejected", "a2": "rejected", "b1": "accepted", "x9": "clean"}
    both = {"a1": "accepted", "a2": "accepted", "b1": "accepted", "x9": "clean"}
    assert statuses(path, {"flag_id": "fc", "decision": "accept", "side": "both"}, dubious_ok) == both
    assert statuses(path, {"flag_id": "fc", "decision": "accept"}, dubious_ok) == both  # no side means both
    assert statuses(path, {"flag_id": "fc", "decision": "reject"}, dubious_ok) == \
        {"a1": "rejected", "a2": "rejected", "b1": "rejected", "x9": "clean"}


def test_a_claim_under_two_flags_is_published_only_when_both_are_decided_and_neither_rejects(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    this = {"flag_id": "fc", "decision": "accept", "side": "this"}
    # the dubious flag on a2 is still open: a2 waits, however the contradiction was settled
    assert statuses(path, this) == {"a1": "accepted", "a2": "pending", "b1": "rejected", "x9": "clean"}
    # rejected by the dubious flag although its side was kept
    assert statuses(path, this, {"flag_id": "fd", "decision": "reject"})["a2"] == "rejected"
    # pending beats rejected: under an open flag a claim is pending even if another flag rejected it
    assert statuses(path, {"flag_id": "fd", "decision": "reject"})["a2"] == "pending"
    corrected = statuses(path, this, {"flag_id": "fd", "decision": "correct", "correction": {"predicate": "curable"}})
    assert corrected["a2"] == "corrected"


def test_keeping_different_sides_is_a_conflict_between_reviewers(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    write(path, {"flag_id": "fc", "decision": "accept", "side": "this", "reviewer": "ann"},
          {"flag_id": "fc", "decision": "accept", "side": "other", "reviewer": "bob"})
    log = load_decisions(path)
    assert log.conflicts == {"fc": {"ann": "accept this", "bob": "accept other"}}
    write(path, {"flag_id": "fc", "decision": "accept", "side": "both", "reviewer": "ann"},
          {"flag_id": "fc", "decision": "accept", "reviewer": "bob"})
    assert load_decisions(path).conflicts == {}  # both, said two ways


# --- one set of rules for corrections, also when the run applies them --------------------

def test_a_stored_correction_that_breaks_the_rules_is_not_applied_and_the_flag_opens_again(tmp_path: Path):
    path = tmp_path / "reviews.jsonl"
    write(path,
          {"flag_id": "f1", "decision": "correct", "correction": {"start": 0, "end": 1}},       # offsets
          {"flag_id": "f2", "decision": "correct", "correction": {"evidence": "HACKED"}},       # evidence
          {"flag_id": "f3", "decision": "correct", "correction": {"condition": "gout"}})       # a cause's field
    out, _ = apply_reviews(tables(), load_decisions(path))
    flags = out["flags"].set_index("flag_id")
    assert list(flags["review_status"]) == ["pending", "pending", "pending"]
    assert flags.loc["f1", "note"].startswith("correction not applied: 'start' is evidence or an identifier")
    assert "'condition' is not a field of a dose" in flags.loc["f3", "note"]
    doses = out["doses"].set_index("claim_id")
    assert list(doses.loc[["c1", "c2", "c3"], "review_status"]) == ["pending"] * 3
    assert (doses.loc["c1", "start"], doses.loc["c2", "evidence"]) == (0, "")


def test_a_drug_mentions_corrected_name_reaches_the_doses_linked_to_it(tmp_path: Path):
    frames = tables()
    frames["drugs"] = to_frame("drugs", [{"mention_id": "m1", "doc_id": "d", "name": "ossin", "text": "Ossin",
                                          "start": 5, "end": 10}])
    frames["doses"] = frames["doses"].assign(drug="ossin", drug_mention_id=["m1", "m1", "", "m2"])
    frames["flags"] = to_frame("flags", [{"flag_id": "fu", "kind": "unknown_drug", "severity": "medium",
                                          "claim_ids": "m1", "review_status": "pending"}])
    path = tmp_path / "reviews.jsonl"
    write(path, {"flag_id": "fu", "decision": "correct", "correction": {"name": "alendronic acid"}})
    out, _ = apply_reviews(frames, load_decisions(path))
    assert out["drugs"].loc[0, "name"] == "alendronic acid" and out["drugs"].loc[0, "review_status"] == "corrected"
    assert list(out["doses"]["drug"]) == ["alendronic acid", "alendronic acid", "ossin", "ossin"]
