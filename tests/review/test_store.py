"""Making a decision (the checks every entry point shares) and appending it durably."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from pipeline.review import store
from pipeline.review.corrections import CorrectionError
from pipeline.review.decisions import Decision, load_decisions
from pipeline.review.store import DecisionNotSaved, DecisionRefused, append_decision, append_decisions, make_decision

TEXT = "Intro. Take 500 mg of Zyxoprofen daily. End."
FLAG = {"flag_id": "f1", "doc_id": "a", "start": 7, "end": 39, "text": "Take 500 mg of Zyxoprofen daily."}
CONTRA = {**FLAG, "flag_id": "fc", "other_doc_id": "b", "other_start": 0, "other_end": 5, "other_text": "Never"}


def test_the_quote_is_anchored_only_where_the_source_still_holds_the_flagged_text():
    d = make_decision(flag=FLAG, source_text=TEXT, decision="accept", reviewer="ann")
    assert (d.quote, d.prefix, d.suffix) == (FLAG["text"], "Intro. ", " End.")
    moved = "Intro. More text first. Take 500 mg of Zyxoprofen daily. End."
    d = make_decision(flag=FLAG, source_text=moved, decision="accept", reviewer="ann")
    assert (d.quote, d.prefix, d.suffix) == (FLAG["text"], "", "")  # never what moved under the offsets


def test_every_decision_passes_the_same_checks():
    ok = make_decision(flag=FLAG, source_text=TEXT, decision="correct", reviewer="ann",
                       correction={"amount": "250"}, claim_tables=["doses"])
    assert ok.correction == {"amount": 250.0}
    with pytest.raises(CorrectionError, match="'start' is evidence"):
        make_decision(flag=FLAG, source_text=TEXT, decision="correct", reviewer="ann",
                      correction={"start": "0"}, claim_tables=["doses"])
    with pytest.raises(DecisionRefused, match="settles a contradiction only"):
        make_decision(flag=FLAG, source_text=TEXT, decision="accept", reviewer="ann", side="this")
    with pytest.raises(DecisionRefused, match="accept only"):
        make_decision(flag=CONTRA, source_text=TEXT, decision="reject", reviewer="ann", side="other")
    with pytest.raises(DecisionRefused, match="one of accept, reject, correct"):
        make_decision(flag=FLAG, source_text=TEXT, decision="maybe", reviewer="ann")
    side = make_decision(flag=CONTRA, source_text=TEXT, decision="accept", reviewer="ann", side="other")
    assert side.side == "other" and '"side": "other"' in side.to_line()
    assert '"side"' not in ok.to_line()  # absent unless given, as the contract says


def test_a_failed_write_leaves_the_file_as_it_was_and_says_so(tmp_path: Path, monkeypatch):
    path = tmp_path / "reviews.jsonl"
    append_decision(path, Decision(flag_id="f0", decision="accept"))
    before = path.read_bytes()
    real_write = os.write

    def disk_full(fd, data):
        real_write(fd, data[: len(data) // 2])  # half a line reaches the disk, then ENOSPC
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store.os, "write", disk_full)
    with pytest.raises(DecisionNotSaved, match="NOT recorded.*No space left"):
        append_decisions(path, [Decision(flag_id="f1", decision="reject"), Decision(flag_id="f2", decision="reject")])
    assert path.read_bytes() == before  # all or nothing
    monkeypatch.undo()
    append_decision(path, Decision(flag_id="f3", decision="reject"))
    assert set(load_decisions(path).latest) == {"f0", "f3"} and not load_decisions(path).unreadable


def test_a_decision_that_does_not_read_back_is_not_confirmed(tmp_path: Path, monkeypatch):
    path = tmp_path / "reviews.jsonl"
    monkeypatch.setattr(store.os, "pread", lambda fd, n, offset: b"\0" * n)
    with pytest.raises(DecisionNotSaved, match="read back differs"):
        append_decision(path, Decision(flag_id="f1", decision="reject"))
    assert path.read_bytes() == b""


def test_an_unwritable_file_is_a_clear_refusal(tmp_path: Path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "reviews.jsonl").mkdir()  # cannot be opened as a file, even by root
    with pytest.raises(DecisionNotSaved, match="cannot open"):
        append_decision(folder / "reviews.jsonl", Decision(flag_id="f1", decision="reject"))
