"""The watcher's decisions (pipeline.flows.watch) without Prefect: what counts as a change,
when a run is due, what a failed run leaves pending, and the real file watcher's debounce."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from pipeline import hash_memory, stages
from pipeline.flows import watch as w
from pipeline.ingest.decode import sha256_bytes
from pipeline.ingest.document import discover_sources
from pipeline.settings import Settings


def test_decide_counts_added_changed_removed_against_the_reference():
    d = w.decide({"a": "1", "b": "2", "c": "3"}, {"a": "1", "b": "X", "d": "4", "e": "5"}, "change")
    assert (d.added, d.changed, d.removed) == (("d", "e"), ("b",), ("c",))
    assert d.run and d.describe() == "change detected: 2 added, 1 changed, 1 removed"
    same = w.decide({"a": "1"}, {"a": "1"}, "change")
    assert not same.run and same.describe() == "no change"


def test_no_reference_means_every_source_is_added_and_a_reason_forces_a_run():
    d = w.decide(None, {"a": "1"}, "start", forced="no published dataset yet: first run")
    assert d.added == ("a",) and d.run
    assert d.describe() == "no published dataset yet: first run (change detected: 1 added, 0 changed, 0 removed)"
    empty = w.decide({}, {}, "schedule", forced="scheduled run (every 60 s)")
    assert empty.run and empty.describe() == "scheduled run (every 60 s)"


def test_published_reference_compares_the_other_inputs_of_the_run():
    inputs = {"fingerprint": "f1", "code": "c1", "reviews_sha256": "", "max_bytes": 10, "follow_links": False}
    manifest = {"sources": [{"doc_id": "a", "sha256": "1"}], "inputs": dict(inputs)}
    assert w.published_reference(None, inputs) == (None, "no published dataset yet: first run")
    assert w.published_reference(manifest, inputs) == ({"a": "1"}, "")
    hashes, reason = w.published_reference(manifest, {**inputs, "reviews_sha256": "r2"})
    assert hashes == {"a": "1"} and reason == "the published dataset was made from other reviews_sha256: rerun"
    assert w.published_reference({**manifest, "inputs": {}}, inputs)[1].endswith(": rerun")  # an older dataset
    assert w.published_reference(manifest, None)[1].startswith("cannot tell")


def test_scanner_hashes_like_the_run_and_rereads_only_files_whose_stat_changed(tmp_path: Path, monkeypatch):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Aspirin causes nausea.\n")
    (tmp_path / "sub" / "a.txt").write_text("Ibuprofen.\n")
    (tmp_path / ".hidden.md").write_text("not a source\n")
    monkeypatch.setattr(hash_memory, "RACY_SECONDS", 0)  # files just written may be remembered
    scanner = w.SourceScanner(tmp_path)
    reads: list[str] = []
    real = stages.read_source_bytes
    monkeypatch.setattr(stages, "read_source_bytes", lambda s, n: reads.append(s.rel_path) or real(s, n))

    first = scanner.scan()
    assert first == {s.doc_id: sha256_bytes(s.path.read_bytes()) for s in discover_sources(tmp_path)}
    assert sorted(first) == ["a", "sub__a__txt"] and len(reads) == 2
    assert scanner.scan() == first and len(reads) == 2  # nothing re-read
    os.utime(tmp_path / "a.txt", ns=(1, 1))  # touched, same bytes: re-read, same hash
    assert scanner.scan() == first and reads[2:] == ["a.txt"]
    (tmp_path / "sub" / "a.txt").write_text("Ibuprofen 400 mg.\n")
    assert scanner.scan()["sub__a__txt"] != first["sub__a__txt"]


def test_scanner_gives_an_unreadable_source_the_hash_a_run_records(tmp_path: Path):
    (tmp_path / "big.txt").write_bytes(b"x" * 100)
    (tmp_path / "empty.md").write_bytes(b"")
    hashes = w.SourceScanner(tmp_path, max_bytes=10).scan()
    assert set(hashes) == {"big", "empty"}  # still sources: their error rows are in the dataset


@pytest.mark.parametrize("rel, wakes", [
    ("a.md", True), ("sub/b.TXT", True), ("page.html", True), ("paper.pdf", True), ("sub", True),
    (".a.md.swp", False), ("sub/.#a.md", False), (".git/index", False), ("notes.md~", False),
    ("a.md.tmp", False), ("data.csv", False),
])
def test_the_filter_wakes_for_sources_and_folders_only(tmp_path: Path, rel: str, wakes: bool):
    (tmp_path / "sub").mkdir()
    assert w.SourceFilter(tmp_path)(None, str(tmp_path / rel)) is wakes


class Sources:
    """A scan function over a dict the test edits, and a run function that records calls."""

    def __init__(self, hashes: dict[str, str], results: list[bool] | None = None) -> None:
        self.hashes = hashes
        self.results = list(results or [])
        self.runs: list[w.Decision] = []
        self.said: list[str] = []

    def scan(self) -> dict[str, str]:
        return dict(self.hashes)

    def run(self, decision: w.Decision) -> bool:
        self.runs.append(decision)
        return self.results.pop(0) if self.results else True


def loop(src: Sources, batches, **kwargs) -> None:
    w.watch_loop(batches, src.scan, src.run, say=src.said.append, **kwargs)


def test_an_up_to_date_dataset_and_edits_that_change_nothing_cause_no_run():
    src = Sources({"a": "1"})
    loop(src, [set(), {("modified", "a.md")}, set()], reference={"a": "1"})
    assert src.runs == [] and src.said == ["no change", "no change"]


def test_a_change_runs_once_and_becomes_the_reference():
    src = Sources({"a": "1"})

    def batches():
        yield set()  # the watcher is listening
        src.hashes["b"] = "2"
        yield {("added", "b.md")}
        yield {("modified", "b.md")}  # a second event for the same bytes

    loop(src, batches(), reference={"a": "1"})
    assert [(d.trigger, d.added) for d in src.runs] == [("change", ("b",))]
    assert src.said == ["no change", "change detected: 1 added, 0 changed, 0 removed", "no change"]


def test_a_failed_run_keeps_its_changes_pending_until_a_run_succeeds():
    src = Sources({"a": "1"}, results=[False, True])

    def batches():
        yield set()
        src.hashes["a"] = "X"
        yield {("modified", "a.md")}  # this run fails
        yield {("modified", "a.md")}  # same bytes, but the change is still unpublished
        yield {("modified", "a.md")}  # now published: nothing to do

    loop(src, batches(), reference={"a": "1"})
    assert [d.changed for d in src.runs] == [("a",), ("a",)]
    assert "nothing published (the dataset is as it was); retrying on the next change" in src.said
    assert src.said[-1] == "no change"


def test_no_published_dataset_runs_at_start():
    src = Sources({"a": "1"})
    loop(src, [set()], reference=None, start_reason="no published dataset yet: first run")
    assert [(d.trigger, d.added) for d in src.runs] == [("start", ("a",))]


def test_the_schedule_runs_without_a_change_and_only_when_due():
    now = [0.0]
    src = Sources({"a": "1"})

    def ticks():
        for t in (0, 4, 9, 10, 12, 19, 21):
            now[0] = t
            yield set()

    loop(src, ticks(), reference={"a": "1"}, interval=10, clock=lambda: now[0])
    assert [d.trigger for d in src.runs] == ["schedule", "schedule"]  # at 10 and at 21
    assert src.said[1] == "scheduled run (every 10 s)"


def test_a_run_for_a_change_puts_the_next_scheduled_run_off():
    now = [0.0]
    src = Sources({"a": "1"})

    def events():
        for t, batch in ((0, set()), (8, {("added", "b.md")}), (10, set()), (17, set()), (18, set())):
            now[0] = t
            if batch:
                src.hashes["b"] = "2"
            yield batch

    loop(src, events(), reference={"a": "1"}, interval=10, clock=lambda: now[0])
    assert [d.trigger for d in src.runs] == ["change", "schedule"]  # at 8, then at 18 (not 10)


def test_a_sources_folder_that_vanished_is_told_and_runs_nothing():
    def scan():
        raise FileNotFoundError("source folder not found: /gone")

    said: list[str] = []
    w.watch_loop([set(), {("deleted", "/gone")}], scan, lambda d: pytest.fail("ran"), reference={}, say=said.append)
    assert said and all(line.startswith("cannot read the sources") for line in said)


def test_the_file_watcher_debounces_a_burst_into_one_run_and_ignores_a_touch(tmp_path: Path):
    """The real watchfiles watcher on a folder, with a run function that records: a burst
    of three files copied within the quiet period is one run; a touch is no run."""
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text("Aspirin.\n")
    settings = Settings(sources=sources, output=tmp_path / "output", annotations=tmp_path / "annotations",
                        cache_dir=tmp_path / "cache")
    runs: list[w.Decision] = []
    said: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=w.watch_sources, daemon=True,
                              args=(settings, lambda d: runs.append(d) or True),
                              kwargs={"debounce": 0.4, "say": said.append, "stop_event": stop})
    thread.start()

    def wait_for(n_lines: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while len(said) < n_lines:
            assert time.monotonic() < deadline, said
            time.sleep(0.05)

    try:
        wait_for(1)  # the first run: no dataset yet
        assert [(d.trigger, d.added) for d in runs] == [("start", ("a",))]
        for name in ("b", "c", "d"):
            (sources / f"{name}.md").write_text(f"{name}\n")
            time.sleep(0.1)
        (sources / ".b.md.swp").write_text("editor state")
        wait_for(2)
        time.sleep(1.0)  # a second, later batch would show up here
        assert said[1:] == ["change detected: 3 added, 0 changed, 0 removed"]
        assert runs[1].added == ("b", "c", "d")
        os.utime(sources / "a.txt")
        wait_for(3)
        assert said[2] == "no change" and len(runs) == 2
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


def test_the_file_watcher_keeps_the_schedule_without_any_change(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Aspirin.\n")
    settings = Settings(sources=tmp_path, output=tmp_path.parent / f"{tmp_path.name}-out")
    runs: list[w.Decision] = []
    stop = threading.Event()
    thread = threading.Thread(target=w.watch_sources, daemon=True, args=(settings, lambda d: runs.append(d) or True),
                              kwargs={"interval": 1.0, "say": lambda line: None, "stop_event": stop})
    thread.start()
    deadline = time.monotonic() + 20
    while len(runs) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(10)
    assert [d.trigger for d in runs[:3]] == ["start", "schedule", "schedule"]
    assert not runs[1].sources_changed  # nothing changed: it ran because it was due
