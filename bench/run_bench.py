"""Speed and memory benchmarks of the curate flow: what ``make bench`` runs.

Everything is measured in one invocation so the ratios compare like with like: bare
``spacy.blank("en")`` tokenisation, the NLP stack alone, an empty Prefect flow, and a
first run, a no-op rerun and a rerun after one edited source of the real ``curate`` flow
on the seeds and on MedQuAD answers (1,000 and 10,000 by default); the flow runs and the
empty flow are measured twice, each run with its temporary Prefect server (what
``pipeline run`` does without a server) and against one running ``prefect server``
(``make server``, #19). Every flow run is its own child process
(``python bench/run_bench.py --one-run SPEC``), so its peak RSS is its own and its wall time
includes interpreter start-up, imports and Prefect's local server, as ``pipeline run`` does.

The MedQuAD answers are read from ``../shared/corpora/medquad/answers.jsonl`` and written
as ``.txt`` sources into a temporary folder (the corpus is never copied into the project).
The corpora are nested prefixes of one seeded shuffle, so 1,000 ⊂ 10,000 and both mix every
NIH site rather than taking the first (all Cancer.gov) answers.

Results: ``bench/results.json`` and ``bench/README.md`` (the Markdown table, also printed).
Speed is reported, never asserted: the smoke test only checks the shape of the results.

It lives outside the installed package, beside its results: it is a tool of this
repository, run by ``make bench``, not part of what ``pip install`` ships.
"""
from __future__ import annotations

import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import typer
from typing_extensions import Annotated

from pipeline.cli_typer import CliTyper

#: Corpus sizes (MedQuAD answers) measured by default, and the one ``--quick`` uses.
DEFAULT_SIZES: tuple[int, ...] = (1000, 10000)
QUICK_SIZE = 200
#: Documents of the baseline texts (blank tokenisation, NLP stack): the 1,000 corpus.
BASELINE_DOCS = 1000
#: Documents run through the NLP stack before timing it (lazy indexes get built).
WARMUP_DOCS = 20
#: Documents of the per-stage breakdown (a second pass; kept short).
STAGE_DOCS = 250
#: Batch size of the bare-tokenisation baseline.
BLANK_BATCH_SIZE = 256
#: How the issue counts words: ``\w+`` tokens of the source texts.
WORD = re.compile(r"\w+")
#: File names of the written corpus: anything else in an answer id becomes ``_``.
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
#: The flow's progress log line (``pipeline.flows.curate``), echoed while a child runs.
_PROGRESS = re.compile(r"processed (\d+)/(\d+) sources")
#: Targets the issues set, shown beside the measured ratios.
TARGET_NLP_WORDS_PER_CORE = 10_000
TARGET_RSS_RATIO = 1.3
TARGET_NOOP_RATIO = 1.2
TARGET_EDIT_RATIO = 1.5
#: Versions recorded with the results.
PACKAGES = ("pipeline", "spacy", "scispacy", "thinc", "prefect", "pydantic", "pandas", "pyarrow", "numpy")
SCHEMA_VERSION = 1
MB = 1024 * 1024


# --------------------------------------------------------------------------- corpora


@dataclass(frozen=True)
class Answer:
    """One MedQuAD answer: its id (for the file name) and its text."""

    id: str
    text: str


@dataclass(frozen=True)
class CorpusInfo:
    """A written corpus: where it is and how big it is (words as the issue counts them)."""

    name: str
    folder: Path
    docs: int
    words: int
    chars: int
    bytes: int


def count_words(texts: Iterable[str]) -> int:
    return sum(len(WORD.findall(text)) for text in texts)


def sample_answers(path: Path, n: int, seed: int = 0) -> list[Answer]:
    """The first ``n`` non-blank answers of a seeded shuffle of ``answers.jsonl``.

    Shuffling once and taking prefixes makes smaller corpora subsets of larger ones, and
    spreads every size over all NIH sites (the file is grouped by site).
    """
    answers = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                if row.get("answer", "").strip():
                    answers.append(Answer(str(row["id"]), row["answer"]))
    if n > len(answers):
        raise ValueError(f"asked for {n} answers; {path} has only {len(answers)} non-blank ones")
    random.Random(seed).shuffle(answers)
    return answers[:n]


def safe_name(answer_id: str) -> str:
    """A file stem from an answer id (``1_CancerGov_QA/0000001_1/0000001_1-1``)."""
    return _UNSAFE.sub("_", answer_id.replace("/", "__")) or "answer"


def write_corpus(name: str, answers: Iterable[Answer], folder: Path) -> CorpusInfo:
    """Write each answer as ``<safe id>.txt``; repeated ids (MedQuAD has some) get ``-2``, ``-3``."""
    folder.mkdir(parents=True, exist_ok=True)
    used: dict[str, int] = {}
    docs = words = chars = size = 0
    for answer in answers:
        stem = safe_name(answer.id)
        used[stem] = used.get(stem, 0) + 1
        if used[stem] > 1:
            stem = f"{stem}-{used[stem]}"
        data = answer.text.encode("utf-8")
        (folder / f"{stem}.txt").write_bytes(data)
        docs += 1
        words += len(WORD.findall(answer.text))
        chars += len(answer.text)
        size += len(data)
    return CorpusInfo(name, folder, docs, words, chars, size)


def copy_corpus(name: str, source: Path, folder: Path) -> CorpusInfo:
    """Copy a folder of sources (the seeds) so a run never touches the original."""
    shutil.copytree(source, folder, dirs_exist_ok=True)
    texts = [p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()]
    decoded = [t.decode("utf-8", errors="replace") for t in texts]
    return CorpusInfo(name, folder, len(texts), count_words(decoded), sum(map(len, decoded)), sum(map(len, texts)))


def read_texts(folder: Path) -> list[str]:
    """The texts of a written corpus, in file-name order."""
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


# ------------------------------------------------------------------ NLP throughput


def pipe_throughput(nlp: Any, texts: list[str], batch_size: int | None = None) -> dict[str, Any]:
    """Words/s of ``nlp.pipe`` over ``texts`` (wall and per CPU-second of this process).

    ``cores_used`` is CPU time over wall time: 1.0 means one busy core.
    """
    words = count_words(texts)
    cpu0, t0 = time.process_time(), time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    return {
        "docs": len(texts),
        "words": words,
        "tokens": tokens,
        "batch_size": batch_size or nlp.batch_size,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "cores_used": round(cpu / seconds, 2) if seconds else None,
        "words_per_s": round(words / seconds) if seconds else None,
        "words_per_cpu_s": round(words / cpu) if cpu else None,
        "docs_per_s": round(len(texts) / seconds, 1) if seconds else None,
    }


def blank_tokenisation(texts: list[str], batch_size: int = BLANK_BATCH_SIZE) -> dict[str, Any]:
    """The floor every pipeline pays: spaCy's bare English tokenizer."""
    import spacy

    return pipe_throughput(spacy.blank("en"), texts, batch_size)


def load_stack(cache_dir: Path, ner_model: str | None = None, fresh: bool = False) -> tuple[Any, float]:
    """The configured NLP pipeline, as the flow loads it, and the seconds loading took.

    ``fresh`` bypasses ``load_nlp``'s per-process cache: components memoise what they
    resolved (the entity resolver does), so a second pass over the same texts on the same
    instance would be faster than a first.
    """
    from pipeline.nlp.loader import load_nlp

    load = load_nlp.__wrapped__ if fresh else load_nlp
    t0 = time.perf_counter()
    nlp = load(None, ner_model, cache_dir)
    return nlp, time.perf_counter() - t0


def nlp_stack(texts: list[str], cache_dir: Path, ner_model: str | None = None) -> dict[str, Any]:
    """Throughput of the full NLP stack alone (no Prefect, no rows, no cache).

    The first :data:`WARMUP_DOCS` documents are run once before timing: they pay for
    lazily built indexes (the fuzzy linker's), a once-per-process cost reported apart.
    """
    nlp, load_seconds = load_stack(cache_dir, ner_model)
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts[:WARMUP_DOCS]):
        pass
    warmup_seconds = time.perf_counter() - t0
    result = pipe_throughput(nlp, texts)
    result["load_seconds"] = round(load_seconds, 2)
    result["warmup_seconds"] = round(warmup_seconds, 2)
    result["pipe_names"] = list(nlp.pipe_names)
    return result


def hostile_inputs(nlp: Any) -> dict[str, Any]:
    """Each hostile shape of ``bench/hostile.py`` (60 KB) timed against ordinary text of
    the same size, through ingestion, the NLP stack and row extraction (#11: ≤ 2.5×)."""
    import importlib.util

    path = Path(__file__).resolve().parent / "hostile.py"
    spec = importlib.util.spec_from_file_location("bench_hostile", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_hostile"] = module
    spec.loader.exec_module(module)
    return module.measure(nlp)


def stage_seconds(nlp: Any, folder: Path, limit: int = STAGE_DOCS) -> dict[str, Any]:
    """Seconds per stage of per-document work, as the flow's tasks do it, without Prefect.

    Ingestion (read, decode, structure), the tokenizer and each NLP component in order,
    then the extractors (``rows_for_document``) over the first ``limit`` sources of
    ``folder``. It says where a document's time goes. Give it a pipeline that has not seen
    these texts (``load_stack(..., fresh=True)``); it is warmed up on the sources after
    the first ``limit``, so lazily built indexes are not counted.
    """
    from pipeline.extract.document import rows_for_document
    from pipeline.ingest.decode import decode_bytes, read_bytes
    from pipeline.ingest.document import discover_sources, structure

    sources = discover_sources(folder)
    for _ in nlp.pipe(s.path.read_text(encoding="utf-8") for s in sources[limit : limit + WARMUP_DOCS]):
        pass
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    docs = [structure(s, decode_bytes(read_bytes(s.path, 1 << 30))) for s in sources[:limit]]
    seconds["ingest"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    nlp_docs = [nlp.make_doc(doc.text) for doc in docs]
    seconds["tokenizer"] = time.perf_counter() - t0
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        if hasattr(proc, "pipe"):
            nlp_docs = list(proc.pipe(nlp_docs, batch_size=nlp.batch_size))
        else:
            nlp_docs = [proc(d) for d in nlp_docs]
        seconds[name] = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows = [rows_for_document(doc, nlp_doc) for doc, nlp_doc in zip(docs, nlp_docs)]
    seconds["extractors"] = time.perf_counter() - t0
    return {
        "docs": len(docs),
        "words": count_words(doc.text for doc in docs),
        "rows": sum(len(table) for r in rows for table in r.values()),
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
    }


# ------------------------------------------------------------------ child processes


def _maxrss_mb() -> float:
    """Peak RSS of this process so far, in MB.

    Linux's ``VmHWM`` (the high-water mark of this process's own memory map) is used where
    it exists: ``ru_maxrss`` survives ``exec``, so a child spawned by a big parent reports
    at least the parent's RSS at spawn time, which would hide a child's real peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    return round(peak / (MB if sys.platform == "darwin" else 1024), 1)


class _ChildrenPeak:
    """Peak summed RSS of this process's children (Prefect's local server), sampled.

    ``ru_maxrss`` covers only the flow's own process; the server is a separate process
    whose memory a user also pays for. Sampling needs psutil (a Prefect dependency).
    """

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> _ChildrenPeak:
        try:
            import psutil
        except ImportError:
            return self
        me = psutil.Process()

        def sample() -> None:
            while not self._stop.is_set():
                total = 0
                for child in me.children(recursive=True):
                    try:
                        total += child.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
                self._stop.wait(self.interval)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    @property
    def peak_mb(self) -> float | None:
        return round(self.peak / MB, 1) if self._thread is not None else None


def child_one_run(spec_path: Path) -> None:
    """Child process: one ``pipeline run`` from a JSON spec, through the command line's own
    code (in this process, so its imports, the temporary server it launches and its
    warm-up are measured as a user meets them); figures go to ``spec['result']``."""
    t_import = time.perf_counter()
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    from pipeline.cli import app

    settings = spec["settings"]
    args = ["run", "--sources", settings["sources"], "--output", settings["output"],
            "--annotations", settings["annotations"], "--cache-dir", settings["cache_dir"]]
    if settings.get("ner_model"):
        args += ["--ner-model", settings["ner_model"]]
    import_seconds = time.perf_counter() - t_import
    rss_before = _maxrss_mb()
    with _ChildrenPeak() as server:
        cpu0, t0 = time.process_time(), time.perf_counter()
        app(args, standalone_mode=False)
        flow_seconds = time.perf_counter() - t0
        cpu = time.process_time() - cpu0
    manifest = json.loads((Path(settings["output"]) / "manifest.json").read_text(encoding="utf-8"))
    report = {
        "entry_point": "pipeline run (pipeline.cli.run)",
        "flow_seconds": round(flow_seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "import_seconds": round(import_seconds, 2),
        "rss_before_flow_mb": rss_before,
        "peak_rss_mb": _maxrss_mb(),
        "server_peak_rss_mb": server.peak_mb,
        "sources": len(manifest["sources"]),
        "extracted": len(manifest["extracted"]),
        "from_cache": len(manifest["from_cache"]),
        "errors": sum(1 for s in manifest["sources"] if s.get("status") != "ok"),
        "row_counts": manifest["row_counts"],
    }
    Path(spec["result"]).write_text(json.dumps(report, indent=2), encoding="utf-8")


def child_empty_flow(result_path: Path) -> None:
    """Child process: a flow with one trivial task, the fixed cost of any Prefect run."""
    t_import = time.perf_counter()
    from prefect import flow, task

    @task(name="bench-noop")
    def noop() -> int:
        return 1

    @flow(name="bench-empty")
    def empty() -> int:
        return noop()

    import_seconds = time.perf_counter() - t_import
    t0 = time.perf_counter()
    empty()
    report = {
        "flow_seconds": round(time.perf_counter() - t0, 2),
        "import_seconds": round(import_seconds, 2),
        "peak_rss_mb": _maxrss_mb(),
    }
    result_path.write_text(json.dumps(report, indent=2), encoding="utf-8")


def prefect_env(prefect_home: Path) -> dict[str, str]:
    """The environment of a child: its own, existing PREFECT_HOME and an offline server."""
    # Prefect's local server cannot create its database in a missing folder and then only
    # reports a start-up time-out.
    prefect_home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env["PREFECT_HOME"] = str(prefect_home)
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    env.setdefault("DO_NOT_TRACK", "1")
    env.setdefault("PREFECT_LOGGING_COLORS", "false")
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


#: How the flow runs reach Prefect: a temporary server per run, or one running server.
MODES = ("temporary", "server")
#: The empty flow's baseline of each mode.
EMPTY_KEY = {"temporary": "empty_flow", "server": "empty_flow_server"}
#: Seconds a running server may take to answer its health check.
SERVER_STARTUP_S = 180


class RunningServer:
    """A ``prefect server start`` for the server mode, on a free port, stopped on exit.

    The bench starts its own (in its own PREFECT_HOME) rather than using a ``make server``
    at 127.0.0.1:4200, so its database holds only the bench's runs.
    """

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env, self.log_path = env, log_path
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def __enter__(self) -> RunningServer:
        import socket
        import urllib.request

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/api"
        log = self.log_path.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + SERVER_STARTUP_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ChildFailed(f"prefect server exited with {self.proc.returncode}; log {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.5)
        self.__exit__()
        raise ChildFailed(f"prefect server did not answer within {SERVER_STARTUP_S} s; log {self.log_path}")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            import signal

            os.killpg(self.proc.pid, signal.SIGTERM)  # the server and the uvicorn it started
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def edit_one_source(folder: Path, n: int) -> str:
    """Append a sentence to the middle source of ``folder`` (a different one each call
    ``n``): what a one-edit rerun re-extracts. Returns the file's name."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix == ".txt")
    target = files[len(files) // 2]
    with target.open("a", encoding="utf-8") as fh:
        fh.write(f"\nGout is caused by uric acid crystals (edit {n}).\n")
    return target.name


class ChildFailed(RuntimeError):
    """A child run exited non-zero; the message ends with the tail of its log."""


def run_child(args: list[str], env: dict[str, str], log_path: Path, result_path: Path,
              progress: Callable[[str], None]) -> dict[str, Any]:
    """Run ``python bench/run_bench.py ARGS``; its report plus the process's wall time.

    The child's output goes to ``log_path``; the flow's progress lines are echoed.
    """
    t0 = time.perf_counter()
    with log_path.open("w", encoding="utf-8", buffering=1) as log, subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), *args], env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, errors="replace",
    ) as proc:
        assert proc.stdout is not None
        last = 0.0
        for line in proc.stdout:
            log.write(line)
            match = _PROGRESS.search(line)
            now = time.perf_counter()
            if match and (now - last > 15 or match.group(1) == match.group(2)):
                last = now
                progress(f"    {match.group(1)}/{match.group(2)} sources ({now - t0:.0f} s)")
        code = proc.wait()
    wall = time.perf_counter() - t0
    if code != 0 or not result_path.exists():
        tail = "".join(log_path.read_text(encoding="utf-8", errors="replace").splitlines(True)[-30:])
        raise ChildFailed(f"child {args} exited with {code}; log {log_path}:\n{tail}")
    report = json.loads(result_path.read_text(encoding="utf-8"))
    report["process_seconds"] = round(wall, 2)
    return report


# ------------------------------------------------------------------ results


def per_second(count: int, seconds: float | None) -> float | None:
    return round(count / seconds, 1) if seconds else None


def corpus_entry(info: CorpusInfo, first: dict[str, Any], noop: dict[str, Any],
                 edit: dict[str, Any] | None = None) -> dict[str, Any]:
    """One corpus's figures in one mode; throughput is end to end (process wall time of
    the first run)."""
    entry = {
        "name": info.name,
        "docs": info.docs,
        "words": info.words,
        "chars": info.chars,
        "bytes": info.bytes,
        "first_run": {
            **first,
            "docs_per_s": per_second(info.docs, first["process_seconds"]),
            "words_per_s": per_second(info.words, first["process_seconds"]),
            "flow_docs_per_s": per_second(info.docs, first["flow_seconds"]),
            "flow_words_per_s": per_second(info.words, first["flow_seconds"]),
            "all_extracted": first["extracted"] == info.docs and first["errors"] == 0,
        },
        # over every repeat: a repeat that re-extracted is usually the slow one, not the median
        "noop_rerun": {**noop, "nothing_extracted": all(n == 0 for n in noop.get("repeat_extracted", [noop["extracted"]]))},
    }
    if edit is not None:
        entry["edit_rerun"] = {**edit, "one_extracted": all(n == 1 for n in edit.get("repeat_extracted", [edit["extracted"]]))}
    return entry


def empty_flow_summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "runs": runs,
        "process_seconds": round(statistics.median(r["process_seconds"] for r in runs), 2),
        "flow_seconds": round(statistics.median(r["flow_seconds"] for r in runs), 2),
    }


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median process time among repeats (the upper median of an even count, not
    the mean of the middle two the empty flow's summary takes: a run's other figures stay
    one run's), with every repeat's seconds and extracted counts beside it."""
    ranked = sorted(runs, key=lambda r: r["process_seconds"])
    chosen = dict(ranked[len(ranked) // 2])
    if len(runs) > 1:
        chosen["repeat_seconds"] = [r["process_seconds"] for r in runs]
        chosen["repeat_extracted"] = [r["extracted"] for r in runs]
    return chosen


def _ratio(a: float | None, b: float | None, digits: int = 2) -> float | None:
    return round(a / b, digits) if a is not None and b else None


def compute_ratios(corpora: list[dict[str, Any]], baselines: dict[str, Any]) -> dict[str, Any]:
    """The ratios the issues ask about, from the largest and smallest MedQuAD corpora."""
    medquad = sorted((c for c in corpora if c["name"].startswith("medquad")), key=lambda c: c["docs"])
    empty = baselines["empty_flow"]
    out: dict[str, Any] = {
        "noop_over_empty_flow": {
            c["name"]: {
                "process": _ratio(c["noop_rerun"]["process_seconds"], empty["process_seconds"]),
                "flow": _ratio(c["noop_rerun"]["flow_seconds"], empty["flow_seconds"]),
            }
            for c in corpora if "noop_rerun" in c
        },
        # process seconds over the empty flow's in the same mode: {corpus: {mode: {run: ratio}}}
        "over_empty_flow": {
            c["name"]: {
                mode: {run: _ratio(runs[run]["process_seconds"], baselines[EMPTY_KEY[mode]]["process_seconds"])
                       for run in ("first_run", "noop_rerun", "edit_rerun") if run in runs}
                for mode, runs in ((m, c if c.get("mode", "temporary") == m else c.get(m, {})) for m in MODES)
                if EMPTY_KEY[mode] in baselines and "noop_rerun" in runs
            }
            for c in corpora
        },
    }
    if "nlp_stack" in baselines:
        blank, stack = baselines["blank_tokenisation"], baselines["nlp_stack"]
        out["nlp_stack_over_blank_words_per_s"] = _ratio(stack["words_per_s"], blank["words_per_s"], 4)
        out["nlp_stack_words_per_cpu_s"] = stack["words_per_cpu_s"]
        out["nlp_stack_meets_10k_words_per_core"] = (stack["words_per_cpu_s"] or 0) >= TARGET_NLP_WORDS_PER_CORE
    if "hostile" in baselines:
        out["hostile_over_ordinary"] = baselines["hostile"]["ratio"]
    if len(medquad) >= 2 and all("first_run" in c for c in (medquad[0], medquad[-1])):
        small, big = medquad[0], medquad[-1]
        t_small, t_big = small["first_run"]["process_seconds"], big["first_run"]["process_seconds"]
        fixed = empty["process_seconds"]
        out["scaling"] = {
            "small": small["name"],
            "big": big["name"],
            "docs_ratio": _ratio(big["docs"], small["docs"]),
            "words_ratio": _ratio(big["words"], small["words"]),
            "peak_rss_ratio": _ratio(big["first_run"]["peak_rss_mb"], small["first_run"]["peak_rss_mb"]),
            "peak_rss_meets_1_3": (_ratio(big["first_run"]["peak_rss_mb"], small["first_run"]["peak_rss_mb"]) or 0)
            <= TARGET_RSS_RATIO,
            "first_run_time_ratio": _ratio(t_big, t_small),
            # 1.0 = linear in words once the fixed cost of a Prefect run is taken off.
            "seconds_per_word_ratio_net_of_empty_flow": _ratio(
                (t_big - fixed) / big["words"], (t_small - fixed) / small["words"]
            ),
            "noop_time_ratio": _ratio(big["noop_rerun"]["process_seconds"], small["noop_rerun"]["process_seconds"]),
        }
    return out


def _fmt(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def _mode_runs(c: dict[str, Any], mode: str) -> dict[str, Any] | None:
    """A corpus's runs in one mode (the main mode's sit at the top of its entry)."""
    return c if c.get("mode", "temporary") == mode else c.get(mode)


def render_markdown(results: dict[str, Any]) -> str:
    """The tables for README.md: per corpus, reruns against the empty flow, baselines, ratios."""
    machine = results["machine"]
    base = results["baselines"]
    empty = base["empty_flow"]
    stack = base.get("nlp_stack")
    lines = [
        f"Measured {results['timestamp'][:16].replace('T', ' ')} UTC on {machine['cpu_count']} cores "
        f"({machine['cpu_model']}), Python {machine['python']}, spaCy {machine['versions'].get('spacy')}, "
        f"Prefect {machine['versions'].get('prefect')}; load average at start "
        f"{', '.join(f'{x:.1f}' for x in machine['loadavg_start'])}"
        + (f". NLP pipeline: {', '.join(stack['pipe_names'])}" if stack else "")
        + f". Code: commit {(results['code'].get('commit') or 'unknown')[:12]}"
        f"{'' if not results['code'].get('modified_files') else ' + %d modified files' % results['code']['modified_files']}. "
        f"Bench took {results['duration_seconds'] / 60:.1f} min.",
        "",
        *([results["note"], ""] if results.get("note") else []),
        "| corpus | docs | words | first run (s) | docs/s | words/s | no-op rerun (s) | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for c in results["corpora"]:
        first, noop = c["first_run"], c["noop_rerun"]
        flag = "" if noop["nothing_extracted"] else f" ⚠ {noop['extracted']} re-extracted"
        lines.append(
            f"| {c['name']} | {c['docs']:,} | {c['words']:,} | {_fmt(first['process_seconds'], 1)} | "
            f"{_fmt(first['docs_per_s'], 1)} | {_fmt(first['words_per_s'])} | "
            f"{_fmt(noop['process_seconds'], 1)}{flag} | {_fmt(first['peak_rss_mb'])} |"
        )
    lines += [
        "",
        "Times are whole processes, as `pipeline run` (interpreter, imports, Prefect's local "
        "server, flow); peak RSS is the flow process's own (Prefect's server process comes on top: "
        + ", ".join(f"{c['name']} {_fmt(c['first_run']['server_peak_rss_mb'])} MB" for c in results["corpora"])
        + ").",
        "",
    ]
    over = results["ratios"].get("over_empty_flow", {})
    modes = [m for m in MODES if EMPTY_KEY[m] in base]
    if over and modes:
        lines += [
            "Each run against the empty flow measured in the same mode: with a **temporary** Prefect "
            "server per run (`pipeline run` without a server) and against one **running** server "
            "(`make server`). Seconds of the whole process, ratio to the empty flow in brackets; "
            f"targets (#19): no-op ≤ {TARGET_NOOP_RATIO}, one edit ≤ {TARGET_EDIT_RATIO}.",
            "",
            "| corpus | mode | empty flow (s) | first run | no-op rerun | one-edit rerun |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for c in results["corpora"]:
            for mode in modes:
                runs = _mode_runs(c, mode)
                if not runs:
                    continue
                ratio = over.get(c["name"], {}).get(mode, {})

                def cell(run: str, target: float | None = None) -> str:
                    if run not in runs:
                        return "–"
                    value = ratio.get(run)
                    mark = "" if target is None or value is None else (" ✔" if value <= target else " ✘")
                    note = ""
                    if run == "noop_rerun" and runs[run]["extracted"]:
                        note = f" ⚠ {runs[run]['extracted']} re-extracted"
                    if run == "edit_rerun" and runs[run]["extracted"] != 1:
                        note = f" ⚠ {runs[run]['extracted']} extracted"
                    return f"{_fmt(runs[run]['process_seconds'], 1)} ({_fmt(value, 2)}{mark}){note}"

                lines.append(f"| {c['name']} | {'running' if mode == 'server' else 'temporary'} | "
                             f"{_fmt(base[EMPTY_KEY[mode]]['process_seconds'], 1)} | {cell('first_run')} | "
                             f"{cell('noop_rerun', TARGET_NOOP_RATIO)} | {cell('edit_rerun', TARGET_EDIT_RATIO)} |")
        lines.append("")
    lines += ["| baseline | figure |", "|---|---|"]
    if stack:
        blank = base["blank_tokenisation"]
        lines += [
            f"| bare `spacy.blank(\"en\")` tokenisation ({blank['docs']:,} docs, batch {blank['batch_size']}) | "
            f"{_fmt(blank['words_per_s'])} words/s |",
            f"| NLP stack alone (`load_nlp`, `nlp.pipe`, batch {stack['batch_size']}, 1 process, "
            f"{stack['cores_used']} cores busy) | {_fmt(stack['words_per_s'])} words/s, "
            f"{_fmt(stack['words_per_cpu_s'])} words per CPU-second (load {stack['load_seconds']} s, "
            f"first {WARMUP_DOCS} docs {stack['warmup_seconds']} s) |",
        ]
    for mode in modes:
        e = base[EMPTY_KEY[mode]]
        lines.append(f"| empty Prefect flow, one trivial task, {'running' if mode == 'server' else 'temporary'} "
                     f"server (median of {len(e['runs'])}) | {_fmt(e['process_seconds'], 1)} s process, "
                     f"{_fmt(e['flow_seconds'], 1)} s in the flow call |")
    lines.append("")
    if "stages" in base:
        stages = base["stages"]
        lines += [
            f"Seconds per stage over {stages['docs']} of these documents ({stages['words']:,} words; ingestion, "
            "each NLP component, the extractors of `rows_for_document`; no Prefect): "
            + ", ".join(f"{k} {v:.1f}" for k, v in stages["seconds"].items()) + ".",
            "",
        ]
    r = results["ratios"]
    lines += ["| ratio | value | target |", "|---|---:|---|"]
    for name, pair in r["noop_over_empty_flow"].items():
        lines.append(f"| no-op rerun / empty flow, {name} | {_fmt(pair['process'], 2)} | ≤ {TARGET_NOOP_RATIO} |")
    if "nlp_stack_words_per_cpu_s" in r:
        ok = "✔" if r["nlp_stack_meets_10k_words_per_core"] else "✘"
        lines += [
            f"| NLP stack / bare tokenisation, words/s | {_fmt(r['nlp_stack_over_blank_words_per_s'], 3)} | – |",
            f"| NLP stack words per CPU-second | {_fmt(r['nlp_stack_words_per_cpu_s'])} | ≥ 10,000 {ok} |",
        ]
    if "hostile_over_ordinary" in r:
        lines.append(f"| hostile inputs / ordinary text of the same size (60 KB each; worst shape "
                     f"{max(base['hostile']['shapes'].items(), key=lambda kv: kv[1]['ratio'])[0]} "
                     f"×{max(v['ratio'] for v in base['hostile']['shapes'].values())}) | "
                     f"{_fmt(r['hostile_over_ordinary'], 2)} | ≤ 2.5 |")
    if "scaling" in r:
        s = r["scaling"]
        label = f"{s['big']} / {s['small']}"
        ok = "✔" if s["peak_rss_meets_1_3"] else "✘"
        lines += [
            f"| peak RSS, {label} | {_fmt(s['peak_rss_ratio'], 2)} | ≤ 1.3 {ok} |",
            f"| first-run time, {label} (docs ×{_fmt(s['docs_ratio'], 1)}, words ×{_fmt(s['words_ratio'], 2)}) | "
            f"{_fmt(s['first_run_time_ratio'], 2)} | linear |",
            f"| seconds per word net of the empty flow, {label} | "
            f"{_fmt(s['seconds_per_word_ratio_net_of_empty_flow'], 2)} | 1.0 = linear |",
        ]
    return "\n".join(lines) + "\n"


def render_readme(results: dict[str, Any]) -> str:
    return (
        "# Benchmarks\n\n"
        "Written by `make bench` (`python bench/run_bench.py`; `--help` for options); figures in "
        "`results.json`. Corpora: the seeds and MedQuAD answers from "
        "`../shared/corpora/medquad/answers.jsonl` (CC BY 4.0, Ben Abacha & Demner-Fushman 2019), "
        "a seeded shuffle written as `.txt` sources to a temporary folder. Words are `\\w+` tokens "
        "of the sources. Each flow run is its own process; the no-op rerun reuses the first run's "
        "cache and output, the one-edit rerun follows it after one source got a sentence more. "
        "Reruns are repeated like the empty flow (`--rerun-repeats`) and the run of median time "
        "reported; each edit appends one more sentence to the same source.\n\n"
        + render_markdown(results)
    )


def machine_info() -> dict[str, Any]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    cpu_model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    except (ValueError, OSError, AttributeError):
        memory = None
    return {
        "cpu_count": os.cpu_count(),
        "cpu_affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": cpu_model,
        "memory_gb": round(memory, 1) if memory else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
        "loadavg_start": list(os.getloadavg()),
    }


def code_version() -> dict[str, Any]:
    """The commit measured and how many tracked files differed from it."""
    import pipeline

    info: dict[str, Any] = {"package": str(Path(pipeline.__file__).parent), "commit": None, "modified_files": None}
    try:
        run = lambda *args: subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout  # noqa: E731
        info["commit"] = run("rev-parse", "HEAD").strip()
        info["modified_files"] = len(run("status", "--porcelain", "--untracked-files=no").splitlines())
    except (OSError, subprocess.CalledProcessError):
        pass
    return info


def write_results(results: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "README.md").write_text(render_readme(results), encoding="utf-8")


# ------------------------------------------------------------------ the benchmark


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise typer.BadParameter("give positive sizes, e.g. 1000,10000", param_hint="--sizes")
    return sizes


def run_bench(
    sizes: list[int], medquad: Path, seeds: Path, work: Path, prefect_home: Path,
    ner_model: str | None = None, seed: int = 0, empty_repeats: int = 3,
    progress: Callable[[str], None] = print, note: str = "",
    modes: tuple[str, ...] = MODES, with_baselines: bool = True, first_run_modes: tuple[str, ...] = MODES,
    rerun_repeats: int = 3,
) -> dict[str, Any]:
    """Every measurement, in order: corpora, baselines, empty flow, then each corpus's runs."""
    from pipeline.nlp.loader import nlp_fingerprint
    from pipeline.settings import Settings

    started = datetime.now(timezone.utc)
    t_start = time.perf_counter()
    machine = machine_info()
    code = code_version()
    model_before = nlp_fingerprint(None, ner_model)["model"]

    def say(message: str) -> None:
        progress(f"[{time.perf_counter() - t_start:6.0f} s] {message}")

    for stale in ("corpora", "runs"):  # a reused --work-dir: start from clean corpora and runs
        shutil.rmtree(work / stale, ignore_errors=True)
    say(f"sampling {max(sizes):,} answers from {medquad}")
    answers = sample_answers(medquad, max(sizes), seed)
    infos = [copy_corpus("seeds", seeds, work / "corpora" / "seeds")]
    for n in sizes:
        infos.append(write_corpus(f"medquad-{n}", answers[:n], work / "corpora" / f"medquad-{n}"))
        say(f"wrote medquad-{n}: {infos[-1].docs:,} docs, {infos[-1].words:,} words")

    baselines: dict[str, Any] = {}
    baseline_n = min(BASELINE_DOCS, max(sizes))
    if with_baselines:
        # The baselines run over the texts of the 1,000 corpus (or of the largest, if smaller).
        base_folder = work / "corpora" / f"medquad-{baseline_n}"
        if baseline_n not in sizes:
            base_folder = write_corpus("baseline", answers[:baseline_n], work / "corpora" / "baseline").folder
        texts = read_texts(base_folder)
        say(f"baseline: bare tokenisation over {len(texts):,} docs")
        blank = blank_tokenisation(texts)
        say(f"  {blank['words_per_s']:,} words/s")
        say("baseline: NLP stack alone (loading the model)")
        stack = nlp_stack(texts, work / "nlp-cache", ner_model)
        say(f"  {stack['words_per_s']:,} words/s ({stack['words_per_cpu_s']:,} per CPU-s); {stack['pipe_names']}")
        say(f"baseline: seconds per stage over {min(STAGE_DOCS, len(texts))} docs, without Prefect")
        stages = stage_seconds(load_stack(work / "nlp-cache", ner_model, fresh=True)[0], base_folder)
        say("  " + ", ".join(f"{k} {v:.1f} s" for k, v in stages["seconds"].items()))
        say("hostile inputs (#11): each shape against ordinary text of the same size")
        hostile = hostile_inputs(load_stack(work / "nlp-cache", ner_model)[0])
        say(f"  hostile corpus / ordinary text: {hostile['ratio']}")
        baselines.update({"blank_tokenisation": blank, "nlp_stack": stack, "stages": stages, "hostile": hostile})

    env = prefect_env(prefect_home)
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    runs: dict[str, dict[str, dict[str, Any]]] = {info.name: {} for info in infos}
    edits = 0
    for mode in modes:
        server = RunningServer(env, logs / "prefect-server.log") if mode == "server" else None
        if server is not None:
            say("starting a Prefect server for the server mode")
            server.__enter__()
        try:
            menv = {**env, "PREFECT_API_URL": server.url} if server is not None else env

            def empty_flow(tag: str) -> dict[str, Any]:
                result = work / f"empty-{mode}-{tag}.json"
                return run_child(["--empty-flow", str(result)], menv, logs / f"empty-{mode}-{tag}.log", result, say)

            say(f"[{mode}] empty Prefect flow: warm-up (creates the Prefect database)")
            empty_flow("warmup")
            empties = []
            for k in range(empty_repeats):
                empties.append(empty_flow(str(k)))
                say(f"  empty flow {k + 1}/{empty_repeats}: {empties[-1]['process_seconds']:.1f} s")
            baselines[EMPTY_KEY[mode]] = empty_flow_summary(empties)

            for info in infos:
                # without a first run of its own, a mode reruns the previous mode's dataset
                fresh = mode in first_run_modes or mode == modes[0]
                run_dir = work / "runs" / info.name / (mode if fresh else modes[0])
                (run_dir / "annotations").mkdir(parents=True, exist_ok=True)
                settings = {"sources": str(info.folder), "output": str(run_dir / "output"),
                            "annotations": str(run_dir / "annotations"), "cache_dir": str(run_dir / "cache"),
                            "ner_model": ner_model}
                # reruns are repeated like the empty flow and their median kept: one sample
                # of a ten-second process moves by a second or two with the machine's load
                kinds = [("first", 0)] if fresh else []
                kinds += [(kind, k) for kind in ("noop", "edit") for k in range(rerun_repeats)]
                reps: dict[str, list[dict[str, Any]]] = {}
                for kind, k in kinds:
                    label = {"first": "first run", "noop": "no-op rerun", "edit": "rerun after one edit"}[kind]
                    if kind != "first" and rerun_repeats > 1:
                        label += f" {k + 1}/{rerun_repeats}"
                    if kind == "edit":
                        edits += 1
                        label += f" ({edit_one_source(info.folder, edits)})"
                    tag = kind if k == 0 else f"{kind}-{k}"
                    result = run_dir / f"{mode}-{tag}.json"
                    spec = run_dir / f"{mode}-{tag}-spec.json"
                    spec.write_text(json.dumps({"settings": settings, "result": str(result)}), encoding="utf-8")
                    say(f"[{mode}] {info.name}: {label} ({info.docs:,} docs)")
                    rep = run_child(["--one-run", str(spec)], menv, logs / f"{info.name}-{mode}-{tag}.log", result, say)
                    reps.setdefault(kind, []).append(rep)
                    say(f"  {rep['process_seconds']:.1f} s, {rep['extracted']:,} extracted, "
                        f"peak RSS {rep['peak_rss_mb']:,.0f} MB")
                    if kind == "noop" and rep["extracted"]:
                        say(f"  WARNING: the no-op rerun re-extracted {rep['extracted']} documents")
                runs[info.name].setdefault(mode, {}).update({kind: median_run(r) for kind, r in reps.items()})
        finally:
            if server is not None:
                server.__exit__()

    corpora = []
    for info in infos:
        by_mode = runs[info.name]
        main_mode = next(m for m in modes if m in by_mode)
        r = by_mode[main_mode]
        entry = {**corpus_entry(info, r["first"], r["noop"], r["edit"]), "mode": main_mode}
        for mode, r in by_mode.items():
            if mode != main_mode:
                other = corpus_entry(info, r.get("first", r["noop"]), r["noop"], r["edit"])
                entry[mode] = {k: other[k] for k in ("first_run", "noop_rerun", "edit_rerun") if k != "first_run" or "first" in r}
        corpora.append(entry)

    baselines.setdefault("empty_flow", baselines.get(EMPTY_KEY[modes[0]]))
    machine["loadavg_end"] = list(os.getloadavg())
    model_after = nlp_fingerprint(None, ner_model)["model"]
    return {
        "schema_version": SCHEMA_VERSION,
        "timestamp": started.isoformat(timespec="seconds"),
        "duration_seconds": round(time.perf_counter() - t_start, 1),
        "command": " ".join(["python bench/run_bench.py", *sys.argv[1:]]),
        "note": note,
        "code": code,
        "machine": machine,
        "settings": {
            "sizes": sizes,
            "sample_seed": seed,
            "baseline_docs": baseline_n if with_baselines else None,
            "modes": list(modes),
            "first_run_modes": [m for m in modes if m in first_run_modes or m == modes[0]],
            "medquad": str(medquad),
            "ner_model": ner_model or "config default",
            "ner_model_fingerprint": model_before,
            "ner_model_changed_during_bench": model_before != model_after,
            "batch_size": Settings.model_fields["batch_size"].default,
        },
        "baselines": baselines,
        "corpora": corpora,
        "ratios": compute_ratios(corpora, baselines),
    }


app = CliTyper(add_completion=False, rich_markup_mode="markdown")  # switches shown without "<bool>"


@app.command()
def main(
    sizes: Annotated[str, typer.Option("--sizes", help="Comma-separated numbers of MedQuAD answers, one corpus each.")] = ",".join(map(str, DEFAULT_SIZES)),
    quick: Annotated[bool, typer.Option("--quick", help=f"Smoke run: one corpus of {QUICK_SIZE} answers (overrides --sizes); writes no files unless --out is given.")] = False,
    medquad: Annotated[Path, typer.Option("--medquad", help="MedQuAD answers.jsonl (read only, never copied into the project).")] = Path("../shared/corpora/medquad/answers.jsonl"),
    seeds: Annotated[Path, typer.Option("--seeds", help="Seed sources, benchmarked as a corpus of their own.")] = Path("seeds"),
    out: Annotated[Optional[Path], typer.Option("--out", help="Folder for results.json and README.md (default: bench).")] = None,
    ner_model: Annotated[Optional[str], typer.Option("--ner-model", help="NER model, as for 'pipeline run --ner-model' (default: the config's).")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the shuffle that picks the answers.")] = 0,
    empty_repeats: Annotated[int, typer.Option("--empty-repeats", help="Empty-flow runs (the median is reported).", min=1)] = 3,
    rerun_repeats: Annotated[int, typer.Option("--rerun-repeats", help="No-op and one-edit reruns per corpus and mode (the median is reported, as for the empty flow).", min=1)] = 3,
    work_dir: Annotated[Optional[Path], typer.Option("--work-dir", help="Folder for corpora, caches, outputs and child logs (default: a new temporary folder, removed at the end unless --keep).")] = None,
    keep: Annotated[bool, typer.Option("--keep", help="Keep the work folder (child logs, outputs).")] = False,
    note: Annotated[str, typer.Option("--note", help="A remark stored with the results and shown above the table (what else ran, which snapshot).")] = "",
    modes: Annotated[str, typer.Option("--modes", help="How flow runs reach Prefect, comma-separated: 'temporary' (a temporary server per run, as `pipeline run` without a server) and/or 'server' (one running `prefect server start`, as with `make server`).")] = ",".join(MODES),
    first_run_modes: Annotated[str, typer.Option("--first-run-modes", help="Modes that measure a first run of their own (fresh output and cache); the others rerun the first mode's dataset (a first run of 10,000 documents takes minutes).")] = ",".join(MODES),
    no_baselines: Annotated[bool, typer.Option("--no-baselines", help="Skip the NLP baselines (bare tokenisation, NLP stack, stages, hostile inputs): only the flow runs and the empty flow.")] = False,
    prefect_home: Annotated[Optional[Path], typer.Option("--prefect-home", help="PREFECT_HOME of every flow run (default: a fresh folder in the work folder, so no one else's runs share its database).")] = None,
    one_run: Annotated[Optional[Path], typer.Option("--one-run", hidden=True, help="Child: one curate run from a JSON spec.")] = None,
    empty_flow: Annotated[Optional[Path], typer.Option("--empty-flow", hidden=True, help="Child: the empty flow; report to this file.")] = None,
) -> None:
    """Benchmark the curate flow: speed (documents/s, words/s) and peak memory.

    Measures, in one run: bare spaCy tokenisation and the NLP stack alone over the 1,000-answer
    texts; an empty Prefect flow; and for the seeds and each MedQuAD corpus a first run (fresh
    output and cache), a no-op rerun and a rerun after one edited source, each in its own
    process; the empty flow and the runs once per mode (temporary server, running server). Writes results.json and a
    Markdown table (README.md) to --out and prints the table. Takes minutes: progress is shown.
    """
    if one_run is not None:
        child_one_run(one_run)
        return
    if empty_flow is not None:
        child_empty_flow(empty_flow)
        return
    size_list = [QUICK_SIZE] if quick else parse_sizes(sizes)
    mode_list = tuple(m.strip() for m in modes.split(",") if m.strip())
    if not mode_list or set(mode_list) - set(MODES):
        raise typer.BadParameter(f"choose from {', '.join(MODES)}", param_hint="--modes")
    if out is None and not quick:
        out = Path("bench")
    if not medquad.is_file():
        raise typer.BadParameter(f"MedQuAD answers not found: {medquad} (is ../shared beside the project?)",
                                 param_hint="--medquad")
    if not seeds.is_dir():
        raise typer.BadParameter(f"seed folder not found: {seeds}", param_hint="--seeds")
    work = work_dir or Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    home = prefect_home or work / "prefect"

    def progress(message: str) -> None:
        typer.echo(message, err=True)

    progress(f"benchmark work folder: {work}")
    try:
        results = run_bench(size_list, medquad.resolve(), seeds.resolve(), work.resolve(), home.resolve(),
                            ner_model, seed, empty_repeats, progress, note, mode_list, not no_baselines,
                            tuple(m.strip() for m in first_run_modes.split(",") if m.strip()), rerun_repeats)
    except ChildFailed as exc:
        keep = True
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    finally:
        if keep:
            progress(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if out is not None:
        write_results(results, out)
        progress(f"wrote {out / 'results.json'} and {out / 'README.md'}")
    typer.echo(render_markdown(results))


if __name__ == "__main__":
    app()
