"""``pipeline run`` as a process, stopped from outside: by a signal, or by ``kill -9``.

Each test starts the installed command on a corpus large enough to still be extracting
when the signal lands, with its own PREFECT_HOME, so it starts (and must stop) its own
temporary Prefect server.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from pipeline import runtime
from pipeline.dataset.publish import RUNS
from pipeline.settings import Settings

pytestmark = pytest.mark.flow

COPIES = 20  # 5 seeds x 20 = 100 sources, batches of 2: a run that is still extracting


def visible(output: Path) -> dict[str, bytes]:
    """Every file a reader finds at the contract's paths (links followed, .runs hidden)."""
    found = {}
    for root, dirs, files in os.walk(output, followlinks=True):
        rel = Path(root).relative_to(output)
        dirs[:] = [d for d in dirs if not d.startswith(".") and (rel != Path(".") or d != "current")]
        found.update({str(rel / f): (Path(root) / f).read_bytes() for f in files})
    return found


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path, prefect_harness) -> dict[str, Path]:
    """A previous dataset (published in-process) and a large corpus to start a run on."""
    from pipeline.flows.curate import curate

    small = tmp_path / "small"
    small.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt"))[:2]:
        shutil.copy(seed, small / seed.name)
    paths = {"output": tmp_path / "output", "annotations": tmp_path / "annotations", "cache": tmp_path / "cache",
             "home": tmp_path / "prefect", "large": tmp_path / "large", "small": small}
    paths["annotations"].mkdir()
    curate(Settings(sources=small, output=paths["output"], annotations=paths["annotations"],
                    cache_dir=paths["cache"], ner_model="none"))
    paths["large"].mkdir()
    for seed in seeds_dir.glob("*.txt"):
        for k in range(COPIES):
            shutil.copy(seed, paths["large"] / f"{seed.stem}_{k}.txt")
    return paths


class Run:
    """``pipeline run`` in a process of its own, its output in a log file."""

    def __init__(self, paths: dict[str, Path], sources: Path, log: Path) -> None:
        env = {**os.environ, "PREFECT_HOME": str(paths["home"])}
        env.pop("PREFECT_API_URL", None)
        self.log = log
        with log.open("w") as fh:
            self.proc = subprocess.Popen(
                [str(Path(sys.executable).with_name("pipeline")), "run", "--sources", str(sources),
                 "--output", str(paths["output"]), "--annotations", str(paths["annotations"]),
                 "--cache-dir", str(paths["cache"]), "--batch-size", "2", "--ner-model", "none"],
                stdout=fh, stderr=subprocess.STDOUT, env=env)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, needle: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            assert self.proc.poll() is None, f"run ended before {needle!r}:\n{self.text()}"
            assert time.monotonic() < deadline, f"no {needle!r} after {timeout} s:\n{self.text()}"
            time.sleep(0.1)

    def servers(self) -> list[psutil.Process]:
        return [p for p in psutil.Process(self.proc.pid).children(recursive=True)
                if runtime._SERVER_APP in p.cmdline()]


def alive(process: psutil.Process) -> bool:
    return process.is_running() and process.status() != psutil.STATUS_ZOMBIE


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_run_at_once_and_leaves_everything_as_it_was(corpus, tmp_path: Path, sig):
    before = visible(corpus["output"])
    run = Run(corpus, corpus["large"], tmp_path / "run.log")
    try:
        run.wait_for(f"processed 2/{5 * COPIES} sources")
        [server] = run.servers()
        sent = time.monotonic()
        run.proc.send_signal(sig)
        code = run.proc.wait(30)
        took = time.monotonic() - sent
    finally:
        if run.proc.poll() is None:
            run.proc.kill()
    assert code == 128 + sig, run.text()
    assert took < 8, f"took {took:.1f} s to stop"
    assert f"stopped by {signal.Signals(sig).name}: the run stopped; {corpus['output']} still holds the previous dataset" in run.text()
    time.sleep(0.5)
    assert not alive(server), "the temporary Prefect server outlived its run"
    assert visible(corpus["output"]) == before
    assert len(list((corpus["output"] / RUNS).iterdir())) == 1
    assert not list((corpus["home"] / runtime.SERVER_RECORDS).glob("*.json"))


def test_a_server_left_by_kill_9_is_stopped_by_the_next_run(corpus, tmp_path: Path):
    before = visible(corpus["output"])
    run = Run(corpus, corpus["large"], tmp_path / "killed.log")
    server = None
    try:
        run.wait_for(f"processed 2/{5 * COPIES} sources")
        [server] = run.servers()
        run.proc.kill()
        run.proc.wait(30)
        time.sleep(1)
        assert alive(server), "nothing left to clean: the test proves nothing"
        assert visible(corpus["output"]) == before  # kill -9 mid-run: the previous dataset is whole

        again = Run(corpus, corpus["small"], tmp_path / "next.log")
        assert again.proc.wait(300) == 0, again.text()
        assert f"stopped 1 temporary Prefect server(s) left by killed runs (pid {server.pid})" in again.text()
        assert not alive(server)
        assert len(list((corpus["output"] / RUNS).iterdir())) == 1
    finally:
        if run.proc.poll() is None:
            run.proc.kill()
        if server is not None and alive(server):
            server.kill()


SERVER_ROUND_TRIP = textwrap.dedent("""
    import json, sys, urllib.request
    from pathlib import Path
    from pipeline.runtime import SERVER_RECORDS, PrefectServer
    from prefect import flow

    @flow(name="server-round-trip")
    def answer() -> int:
        return 42

    server = PrefectServer().launch()
    records = sorted(p.name for p in (server.home / SERVER_RECORDS).glob("*.json"))
    with server:
        healthy = urllib.request.urlopen(server.url + "/health", timeout=5).status
        result = answer()
    print(json.dumps({"pid": server.pid, "records": records, "healthy": healthy, "result": result,
                      "server_imported": "prefect.server.api.server" in sys.modules,
                      "left": sorted(p.name for p in (server.home / SERVER_RECORDS).glob("*.json"))}))
""")


@pytest.mark.flow
def test_the_temporary_server_is_started_out_of_process_recorded_used_and_stopped(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    done = subprocess.run([sys.executable, "-c", SERVER_ROUND_TRIP], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["records"] == [f"{report['pid']}.json"]  # recorded before it was even ready
    assert report["healthy"] == 200 and report["result"] == 42
    assert not report["server_imported"]  # Prefect's server package never loaded in the run
    assert report["left"] == []
    assert not psutil.pid_exists(report["pid"]) or psutil.Process(report["pid"]).status() == psutil.STATUS_ZOMBIE
