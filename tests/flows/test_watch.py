"""``pipeline watch`` as a user runs it: the installed command on a folder, changed from
outside, its dataset read back, then stopped with Ctrl-C.

One process (one temporary Prefect server, ~15 s) carries the whole story: a first run,
an added source published, a touch that is no run, a failed run that leaves the dataset
as it was and is retried on the next change, and a clean stop.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from pipeline.dataset.manifest import read_manifest

pytestmark = pytest.mark.flow


class Watch:
    """``pipeline watch`` in a process of its own, its output in a log file."""

    def __init__(self, tmp: Path, sources: Path) -> None:
        self.output, self.annotations = tmp / "output", tmp / "annotations"
        env = {**os.environ, "PREFECT_HOME": str(tmp / "prefect")}
        env.pop("PREFECT_API_URL", None)  # its own temporary server, stopped with it
        self.log = tmp / "watch.log"
        with self.log.open("w") as fh:
            self.proc = subprocess.Popen(
                [str(Path(sys.executable).with_name("pipeline")), "watch", "--sources", str(sources),
                 "--output", str(self.output), "--annotations", str(self.annotations),
                 "--cache-dir", str(tmp / "cache"), "--ner-model", "none", "--debounce", "0.3"],
                stdout=fh, stderr=subprocess.STDOUT, env=env)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def lines(self, marker: str = " watch: ") -> list[str]:
        """The watcher's own lines (its decisions), without the time stamps."""
        return [line.split(marker, 1)[1] for line in self.text().splitlines() if marker in line]

    def wait_for_lines(self, n: int, timeout: float = 240) -> list[str]:
        deadline = time.monotonic() + timeout
        while len(self.lines()) < n:
            assert self.proc.poll() is None, f"watch ended:\n{self.text()}"
            assert time.monotonic() < deadline, f"waited {timeout} s for {n} lines:\n{self.text()}"
            time.sleep(0.2)
        return self.lines()

    def published(self) -> tuple[str, list[str]]:
        manifest = read_manifest(self.output) or {}
        return manifest.get("run_id", ""), sorted(s["doc_id"] for s in manifest.get("sources", []))

    def flow_runs(self) -> int:
        return self.text().count("for flow 'curate'")


def test_watch_publishes_changes_skips_no_ops_retries_failures_and_stops_cleanly(tmp_path: Path, seeds_dir: Path):
    seeds = sorted(seeds_dir.glob("*.txt"))
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(seeds[0], sources / "first.txt")
    w = Watch(tmp_path, sources)
    try:
        said = w.wait_for_lines(3)  # watching, first run decided, published
        assert said[1] == "no published dataset yet: first run (change detected: 1 added, 0 changed, 0 removed)"
        assert said[2].startswith("published ")
        first_run, docs = w.published()
        assert docs == ["first"]

        shutil.copy(seeds[1], sources / "second.txt")  # a new source: a run publishes it
        said = w.wait_for_lines(5)
        assert said[3] == "change detected: 1 added, 0 changed, 0 removed" and said[4].startswith("published ")
        second_run, docs = w.published()
        assert second_run != first_run and docs == ["first", "second"]

        time.sleep(3)  # nothing edited: no run
        os.utime(sources / "first.txt")  # touched, same bytes: an event, and no run
        said = w.wait_for_lines(6)
        assert said[5] == "no change"
        assert w.flow_runs() == 2 and w.published()[0] == second_run

        (w.annotations / "reviews.jsonl").mkdir(parents=True)  # the review log cannot be read: runs fail
        shutil.copy(seeds[2], sources / "third.txt")
        said = w.wait_for_lines(8)
        assert said[6] == "change detected: 1 added, 0 changed, 0 removed"
        assert said[7].startswith("run failed")
        said = w.wait_for_lines(9)
        assert said[8] == "nothing published (the dataset is as it was); retrying on the next change"
        assert w.published() == (second_run, ["first", "second"])

        (w.annotations / "reviews.jsonl").rmdir()
        os.utime(sources / "first.txt")  # the next change, itself a no-op, retries the failed one
        said = w.wait_for_lines(11)
        assert said[9] == "change detected: 1 added, 0 changed, 0 removed" and said[10].startswith("published ")
        assert w.published()[1] == ["first", "second", "third"]
    finally:
        before_stop = len(w.text())
        server_pids = [int(line.split("pid ")[1].split(";")[0]) for line in w.text().splitlines()
                       if "(temporary, pid " in line]
        w.proc.send_signal(signal.SIGINT)
        code = w.proc.wait(60)
    tail = w.text()[before_stop:]
    assert code == 128 + signal.SIGINT, w.text()
    assert "stopped by SIGINT" in tail and "Traceback" not in tail
    assert server_pids and not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
                                   for pid in server_pids)
    assert not list((tmp_path / "prefect" / "pipeline-servers").glob("*.json"))
