"""Reruns as ``pipeline watch`` makes them: the curate flow called again in one process.

``pipeline watch`` runs the flow in its own process, so after its first run the NLP
pipeline is loaded and Prefect's server is up; this measures what a no-op rerun and a
rerun after one edited source then cost, against an empty flow called in the same process.

    PREFECT_HOME=/tmp/w/prefect .venv/bin/python bench/watch_reruns.py SOURCES WORK_DIR

SOURCES is a folder of sources it edits (one sentence appended to one source per edit:
use a copy); WORK_DIR receives output, annotations and cache. Prints one line per run and
a JSON summary (medians of three).
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from prefect import flow, task

from pipeline.flows.curate import run_curate
from pipeline.hash_memory import RACY_SECONDS
from pipeline.settings import Settings

REPEATS = 3


@task
def _one() -> int:
    return 1


@flow
def _empty() -> int:
    return _one()


def _timed(call, label: str) -> float:
    t = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - t
    extracted = f", extracted {len(result.extracted)}" if hasattr(result, "extracted") else ""
    print(f"{label}: {seconds:.2f} s{extracted}", flush=True)
    return seconds


def main(sources: Path, work: Path) -> dict[str, float]:
    settings = Settings(sources=sources, output=work / "output", annotations=work / "annotations",
                        cache_dir=work / "cache")
    settings.annotations.mkdir(parents=True, exist_ok=True)
    run = lambda: run_curate(settings)  # noqa: E731
    _timed(run, "first run in this process")
    noops = [_timed(run, f"no-op rerun {k + 1}") for k in range(REPEATS)]
    files = sorted(sources.rglob("*.txt"))
    victim = files[len(files) // 2]
    edits = []
    for k in range(REPEATS):
        with victim.open("a", encoding="utf-8") as fh:
            fh.write(f"\nGout is caused by uric acid crystals (watch edit {k + 1}).\n")
        time.sleep(RACY_SECONDS + 0.1)  # as the watcher's debounce lets a write settle
        edits.append(_timed(run, f"rerun after one edit {k + 1} ({victim.name})"))
    _empty()
    empty = statistics.median(_timed(_empty, f"empty flow {k + 1}") for k in range(REPEATS))
    summary = {"empty_flow_s": round(empty, 2), "noop_s": round(statistics.median(noops), 2),
               "edit_s": round(statistics.median(edits), 2)}
    summary.update(noop_ratio=round(summary["noop_s"] / empty, 2), edit_ratio=round(summary["edit_s"] / empty, 2))
    print(json.dumps(summary))
    return summary


if __name__ == "__main__":
    if len(sys.argv) != 3 or not Path(sys.argv[1]).is_dir():
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
