"""``pipeline watch``: rerun the curate flow when the sources change, and on a schedule.

A file event only wakes the watcher; what decides a run is the sources' content. Each
wake-up re-reads the sources folder as a run would (same discovery, same ``doc_id``s,
same SHA-256 of the bytes) and compares it with what the last successful run read, or,
at start, with the published manifest (and its other inputs: rules, model, code, review
log). So a file touched or saved unchanged, an editor's swap file or a file added and
deleted again costs no run ("no change"), while an event that the filter missed is still
caught by the next scan. A failed run does not move that reference: its changes stay
pending and the next wake-up runs them again.

Everything here but :func:`curate_runner` and :func:`watch_sources` is plain Python, so
the decisions are tested without Prefect or a file watcher.
"""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from pipeline.dataset.manifest import diff_sources, source_hashes
from pipeline.ingest.document import discover_sources
from pipeline.settings import SOURCE_SUFFIXES, Settings
from pipeline.hash_memory import HashMemory
from pipeline.stages import hash_sources

#: {doc_id: sha256 of the source's bytes}: what a run reads, as the manifest records it.
SourceHashes = Mapping[str, str]
#: Tells the user what the watcher decided (one line each).
Say = Callable[[str], None]

#: Seconds between the watcher's wake-ups when no file changes, to keep a schedule.
TICK_S = 1.0
#: A burst of changes that never pauses still starts a run after this many quiet periods.
MAX_DEBOUNCE_FACTOR = 20


@dataclass(frozen=True)
class Decision:
    """Whether to run curate now, and why.

    Attributes:
        trigger: ``start``, ``change`` (a file event) or ``schedule`` (``--interval``).
        added: doc_ids that are new since the reference.
        changed: doc_ids whose bytes differ from the reference.
        removed: doc_ids that are gone since the reference.
        forced: Why a run is due whatever the sources say (no published dataset, other
            rules or model, a scheduled run); empty when only the sources decide.
    """

    trigger: str
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    forced: str = ""

    @property
    def sources_changed(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    @property
    def run(self) -> bool:
        return bool(self.forced) or self.sources_changed

    def describe(self) -> str:
        """The log line: ``change detected: 1 added, 0 changed, 0 removed`` or ``no change``."""
        counts = (f"change detected: {len(self.added)} added, {len(self.changed)} changed, "
                  f"{len(self.removed)} removed") if self.sources_changed else ""
        if self.forced:
            return self.forced + (f" ({counts})" if counts else "")
        return counts or "no change"


def decide(reference: SourceHashes | None, current: SourceHashes, trigger: str, forced: str = "") -> Decision:
    """Compare the sources now with what the last good run read (None: nothing was read)."""
    diff = diff_sources(dict(reference or {}), dict(current))
    return Decision(trigger, tuple(diff["added"]), tuple(diff["modified"]), tuple(diff["removed"]), forced)


def published_reference(manifest: Mapping[str, Any] | None, inputs: Mapping[str, Any] | None
                        ) -> tuple[SourceHashes | None, str]:
    """What the published dataset was made from, and why it must be rebuilt anyway.

    Args:
        manifest: The published ``manifest.json`` (None if there is none).
        inputs: :func:`pipeline.stages.run_inputs` of this watcher's settings, compared
            with the manifest's: a dataset made with other rules, model, code, review
            decisions or limits is out of date even if no source changed (None: they
            could not be read, so a run finds out).

    Returns:
        The source hashes the dataset was made from (None without a dataset), and the
        reason a first run is due regardless of them ('' if none).
    """
    if not manifest:
        return None, "no published dataset yet: first run"
    hashes = source_hashes(dict(manifest))
    if inputs is None:
        return hashes, "cannot tell what the published dataset was made from: rerun"
    recorded = dict(manifest.get("inputs") or {})
    if recorded != dict(inputs):
        differ = sorted(k for k in inputs.keys() | recorded.keys() if inputs.get(k) != recorded.get(k))
        return hashes, f"the published dataset was made from other {', '.join(differ)}: rerun"
    return hashes, ""


class SourceScanner:
    """Reads the sources folder as a run does, hashing only files whose stat changed
    (the run's own :func:`pipeline.stages.hash_sources`, with a memory kept in this
    process: :class:`pipeline.hash_memory.HashMemory`).

    Args:
        folder: The sources folder.
        follow_links: As the run's ``--follow-links``: the same files are readable.
        max_bytes: As the run's ``--max-bytes``: a file over it is an error either way.
    """

    def __init__(self, folder: Path, *, follow_links: bool = False, max_bytes: int = Settings().max_bytes) -> None:
        self.folder = folder
        self.follow_links = follow_links
        self.max_bytes = max_bytes
        self._known = HashMemory(None, folder, max_bytes=max_bytes, follow_links=follow_links)

    def scan(self) -> dict[str, str]:
        """{doc_id: sha256} of every source now; an unreadable one has the hash a run records.

        Raises:
            FileNotFoundError: The sources folder is gone.
            OSError: The sources folder cannot be listed.
        """
        sources = discover_sources(self.folder, follow_links=self.follow_links)
        return {s.doc_id: s.sha256 for s in hash_sources(sources, self.max_bytes, self._known)}


class SourceFilter:
    """Which file events wake the watcher (a ``watchfiles`` filter): sources and folders,
    not hidden names (discovery skips them: ``.git/``, ``.#notes.md``, ``.a.md.swp``)
    nor other files (``notes.md~``, ``4913``-style editor probes with a suffix).

    A folder removed or renamed has no suffix, so names without one pass.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.abspath(root))

    def __call__(self, change: object, path: str) -> bool:
        p = PurePath(os.path.abspath(path))
        try:
            parts = p.relative_to(self.root).parts
        except ValueError:
            parts = p.parts
        if any(part.startswith(".") for part in parts):
            return False
        suffix = p.suffix.lower()
        return suffix in SOURCE_SUFFIXES or suffix == "" or os.path.isdir(p)


def watch_loop(batches: Iterable[set], scan: Callable[[], SourceHashes], run: Callable[[Decision], bool], *,
               reference: SourceHashes | None, start_reason: str = "", interval: float | None = None,
               clock: Callable[[], float] = time.monotonic, say: Say = print) -> None:
    """Decide and run, until ``batches`` ends (or Ctrl-C ends it).

    Args:
        batches: Sets of file events, one per debounced burst; an empty set is a tick
            (no event) that only lets the schedule be kept. The first one only says the
            watcher is listening: the sources are compared with ``reference`` then.
        scan: The sources now (see :class:`SourceScanner`).
        run: Runs curate for a decision; True if it published. A failed run keeps the
            reference, so its changes are pending until the next run succeeds.
        reference: What the published dataset was made from (see
            :func:`published_reference`).
        start_reason: Why a first run is due whatever the sources say ('' for none).
        interval: Seconds from one run to the next scheduled one (which runs even
            without a change); None for none.
        clock: Monotonic seconds (a test's own clock).
        say: Where the decisions are told.
    """
    due: float | None = None  # when the next scheduled run is due: `interval` after the last run

    def attempt(trigger: str, forced: str = "") -> None:
        nonlocal reference, due
        try:
            now = scan()
        except OSError as exc:
            say(f"cannot read the sources ({exc}); waiting for the next change")
            return
        decision = decide(reference, now, trigger, forced)
        say(decision.describe())
        if not decision.run:
            return
        if run(decision):
            reference = now
        else:
            say("nothing published (the dataset is as it was); retrying on the next change"
                + (" or scheduled run" if interval else ""))
        if interval:
            due = clock() + interval

    started = False
    for batch in batches:
        if not started:  # the watcher is listening now: no change after this scan is missed
            started = True
            due = clock() + interval if interval else None
            attempt("start", start_reason)
        elif batch:
            attempt("change")
        if due is not None and clock() >= due:
            attempt("schedule", f"scheduled run (every {interval:g} s)")


def curate_runner(settings: Settings, say: Say) -> Callable[[Decision], bool]:
    """Run the ``curate`` flow for a decision: a real Prefect flow run with the settings
    as its parameters, tagged ``pipeline-watch`` and its trigger. True if it published.

    Each run takes the output folder's lock, waiting while a ``pipeline run`` publishes
    there. Any error is told and turns into False; Ctrl-C and SIGTERM pass through.
    """
    from prefect import tags

    from pipeline.flows.curate import run_curate
    from pipeline.runtime import output_lock

    def run(decision: Decision) -> bool:
        try:
            with output_lock(settings.output, wait=True, on_wait=lambda pid: say(
                    f"waiting for another run (pid {pid or '?'}) publishing to {settings.output} ...")):
                with tags("pipeline-watch", f"trigger:{decision.trigger}"):
                    result = run_curate(settings)
        except Exception as exc:  # noqa: BLE001 - a failed run must not end the watch
            say(f"run failed: {type(exc).__name__}: {exc}")
            return False
        m = result.manifest
        say(f"published {m['run_id']} to {result.output}: {len(m['sources'])} sources "
            f"({len(result.extracted)} extracted, {len(m.get('from_cache', []))} from cache, {len(result.errors)} errors)")
        return True

    return run


def watch_sources(settings: Settings, run: Callable[[Decision], bool], *, interval: float | None = None,
                  debounce: float = 1.0, say: Say = print, stop_event: Any = None) -> None:
    """Watch ``settings.sources`` and run curate on each change (and every ``interval`` s).

    Args:
        run: Runs curate for a decision (see :func:`curate_runner`).
        interval: Seconds between scheduled runs; None for none.
        debounce: Seconds the folder must stay quiet before a run starts, so copying
            many files is one run (a burst that never pauses runs after
            ``MAX_DEBOUNCE_FACTOR`` times this).
        stop_event: A ``threading.Event`` that ends the watch (for embedding and tests).
    """
    import watchfiles

    from pipeline.dataset.manifest import read_manifest

    manifest = read_manifest(settings.output)
    inputs: dict[str, Any] | None = {}
    if manifest:
        from pipeline.stages import run_fingerprint, run_inputs  # spaCy: only with a dataset to compare

        try:
            inputs = run_inputs(settings, run_fingerprint(settings))
        except OSError:  # e.g. an unreadable review log: the run reports it
            inputs = None
    reference, reason = published_reference(manifest, inputs)
    scanner = SourceScanner(settings.sources, follow_links=settings.follow_links, max_bytes=settings.max_bytes)
    quiet_ms = max(1, round(debounce * 1000))
    batches = watchfiles.watch(settings.sources, watch_filter=SourceFilter(settings.sources), step=quiet_ms,
                               debounce=quiet_ms * MAX_DEBOUNCE_FACTOR, rust_timeout=round(TICK_S * 1000),
                               yield_on_timeout=True, stop_event=stop_event, raise_interrupt=True)
    watch_loop(batches, scanner.scan, run, reference=reference, start_reason=reason, interval=interval, say=say)
