"""The ``curate`` flow: the stages of :mod:`pipeline.stages` as Prefect tasks, in order.

Every source is hashed first. When the sources, the review log and every other input
are as the previous run found them, the previous dataset is published again under a new
manifest and nothing else runs (a no-op rerun costs little more than an empty flow).
Otherwise the unchanged documents' rows come from one consolidated store in one task,
and only new or changed sources are processed, in batches (one ingest and one extract
task per batch), so memory is bounded by the batch and the NLP model is loaded once per
worker process; the cross-document stages (flags, review decisions, claims) then run
over every document's rows. Only the I/O tasks retry. The flow body only sequences
tasks and logs; every stage's logic lives in :mod:`pipeline.stages`.
"""
from __future__ import annotations

import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from pipeline import stages
from pipeline.cache import ExtractionCache, FrameStore
from pipeline.dataset.guard import check_output
from pipeline.ingest.document import SourceFile
from pipeline.runtime import output_lock
from pipeline.settings import Settings
from pipeline.stages import Ingested, Reviewed, RunRecord, SourceOutcome, SourceState

if TYPE_CHECKING:
    import pandas as pd  # imported where frames are made: a no-op rerun never needs it


class RunResult:
    """What a run did, for the CLI summary and for tests.

    Deliberately not a dataclass: Prefect walks a flow's return value looking for futures
    to resolve, through lists, dicts, dataclasses and pydantic models, and the manifest's
    10,000 sources made that walk a second of every run at that size (a no-op rerun
    against a running server: 190,000 visits). An object of a plain class is not entered.
    """

    __slots__ = ("output", "manifest", "extracted", "errors")

    def __init__(self, output: Path, manifest: dict[str, Any], extracted: list[str] | None = None,
                 errors: dict[str, str] | None = None) -> None:
        self.output = output
        self.manifest = manifest
        self.extracted = list(extracted or [])
        self.errors = dict(errors or {})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RunResult) and all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    def __repr__(self) -> str:
        return (f"RunResult(output={self.output!r}, sources={len(self.manifest.get('sources', []))}, "
                f"extracted={len(self.extracted)}, errors={len(self.errors)})")


def _cache(settings: Settings, fingerprint: str) -> ExtractionCache:
    return ExtractionCache(settings.cache_dir, fingerprint, max_bytes=settings.cache_max_bytes)


def _store(settings: Settings, fingerprint: str) -> FrameStore:
    return FrameStore(settings.cache_dir, settings.sources, fingerprint)


@task(name="discover-sources", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def discover(settings: Settings) -> list[SourceFile]:
    sources = stages.discover(settings)
    get_run_logger().info("found %d source files in %s", len(sources), settings.sources)
    return sources


@task(name="hash-sources", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def hash_sources(sources: list[SourceFile], settings: Settings) -> list[SourceState]:
    """Every source's SHA-256 (or why it cannot be read): what decides what changed.
    Sources whose ``lstat`` is as when they were last hashed are not read again."""
    return stages.hash_sources(sources, settings.max_bytes, stages.hash_memory(settings))


@task(name="reuse-unchanged", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def reuse_unchanged(states: list[SourceState], settings: Settings, fingerprint: str
                    ) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """The rows of every source the consolidated store holds unchanged, from that one
    file; and the doc_ids left to ingest and extract."""
    store = _store(settings, fingerprint)
    reused, todo = stages.plan(states, {} if settings.full else store.index())
    frames, missing = stages.reuse(store, reused, stages.text_store(settings))
    left = {*todo, *missing}
    return frames, [s.doc_id for s in states if s.doc_id in left]


@task(name="save-store", cache_policy=NO_CACHE)
def save_store(tables: dict[str, pd.DataFrame], settings: Settings, fingerprint: str) -> None:
    """Replace the consolidated store with this run's documents, for the next run."""
    index, frames = stages.store_contents(tables)
    store = _store(settings, fingerprint)
    if store.index() != index:
        store.save(index, frames)


@task(name="republish", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def republish(run: RunRecord, settings: Settings) -> tuple[Path, dict[str, Any]]:
    """The previous dataset published again under this run's manifest."""
    manifest = stages.unchanged_run_manifest(run)
    path = stages.republish(settings, manifest)
    get_run_logger().info("published the unchanged dataset again to %s (run %s)", path, manifest["run_id"])
    return path, manifest


@task(name="ingest", cache_policy=NO_CACHE)
def ingest_batch(sources: list[SourceFile], settings: Settings, fingerprint: str) -> list[Ingested]:
    """Read, hash and (on a cache miss) decode and structure each source of a batch."""
    return stages.ingest(sources, settings.max_bytes, None if settings.full else _cache(settings, fingerprint),
                         stages.text_store(settings))


@task(name="extract", cache_policy=NO_CACHE)
def extract_batch(batch: list[Ingested], settings: Settings, fingerprint: str
                  ) -> tuple[dict[str, pd.DataFrame], list[SourceOutcome]]:
    """Rows of the batch's sources: new or changed ones through the NLP pipeline (and cached)."""
    return stages.extract(batch, stages.load_pipeline(settings), _cache(settings, fingerprint), settings.time_budget)


@task(name="flag", cache_policy=NO_CACHE)
def flag(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Cross-document flags over every document's rows (cached or new)."""
    flags = stages.flag(tables)
    get_run_logger().info("raised %d flags", len(flags))
    return flags


@task(name="apply-reviews", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def review(tables: dict[str, pd.DataFrame], settings: Settings) -> Reviewed:
    reviewed = stages.review(tables, settings.reviews_path, stages.source_reader(settings, tables["documents"]))
    logger = get_run_logger()
    for problem in reviewed.problems:
        logger.warning(problem)
    for item in reviewed.stale:
        if item["status"] == "reanchored":
            logger.info("review decision for flag %s re-attached to %s (same quote)", item["flag_id"], item["new_flag_id"])
        else:
            logger.warning("stale review decision for flag %s (quote %r): its text is gone after a "
                           "source changed; kept in reviews.jsonl, not applied", item["flag_id"], item["quote"])
    return reviewed


@task(name="claims", cache_policy=NO_CACHE)
def claims(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return stages.claims(tables)


@task(name="publish", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def publish_dataset(tables: dict[str, pd.DataFrame], run: RunRecord, reviewed: Reviewed,
                    outcomes: list[SourceOutcome], reused: list[str], settings: Settings
                    ) -> tuple[Path, dict[str, Any]]:
    """The run's manifest, then the complete dataset written aside and swapped in."""
    manifest = stages.run_manifest(run, tables, reviewed, outcomes, reused)
    path = stages.publish(tables, manifest, settings)
    get_run_logger().info("published dataset to %s", path)
    return path, manifest


def task_runner(settings: Settings):
    """The task runner a run uses: Prefect's thread pool with one worker (batches run in
    order, one NLP model in memory), or a Dask cluster (an existing one at
    ``dask_address``, else a local cluster of ``dask_workers`` processes)."""
    if settings.runner == "dask":
        from prefect_dask import DaskTaskRunner

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": settings.dask_workers, "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": None})
    return ThreadPoolTaskRunner(max_workers=1)


def run_curate(settings: Settings) -> RunResult:
    """Run the ``curate`` flow with the task runner the settings ask for."""
    return curate.with_options(task_runner=task_runner(settings))(settings)


@flow(name="curate", log_prints=True, task_runner=ThreadPoolTaskRunner(max_workers=1))
def curate(settings: Settings) -> RunResult:
    """Curate the sources in ``settings.sources`` into a dataset at ``settings.output``.

    The whole run holds the output folder's lock: a second run on the same folder fails
    with :class:`pipeline.runtime.OutputBusyError` instead of deleting this one's work.
    """
    check_output(settings.output, sources=settings.sources, annotations=settings.annotations,
                 cache_dir=settings.cache_dir)
    with output_lock(settings.output):
        return _curate(settings)


def _curate(settings: Settings) -> RunResult:
    logger = get_run_logger()
    started = datetime.now(timezone.utc)
    stages.keep_snapshots(settings)
    fingerprints = stages.run_fingerprint(settings)
    run = RunRecord(run_id=started.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8],
                    started_at=started.isoformat(), fingerprints=fingerprints,
                    inputs=stages.run_inputs(settings, fingerprints),  # before anything reads the review log
                    previous=stages.previous_manifest(settings), settings=stages.settings_record(settings))
    previous = run.previous
    sources = discover(settings)
    # quote(): Prefect would visit every element of a large argument looking for futures
    # (half a second for 10,000 sources); these are plain values, never futures.
    states = hash_sources(quote(sources), settings)
    published = stages.published_run(settings)
    if not settings.full and published is not None and stages.nothing_changed(previous, states, run.inputs, published):
        logger.info("nothing changed since run %s (same %d sources, review log, rules, model and code)",
                    previous["run_id"], len(sources))
        path, manifest = republish(quote(run), settings)
        errors = {s["doc_id"]: s["error"] for s in manifest["sources"] if s["status"] != "ok"}
        return RunResult(output=path, manifest=manifest, extracted=[], errors=errors)

    reused, todo_ids = reuse_unchanged(quote(states), settings, fingerprints["combined"])
    logger.info("%d of %d sources unchanged (rows from the consolidated cache), %d to process",
                len(reused["documents"]), len(sources), len(todo_ids))
    todo = set(todo_ids)
    batches = stages.batches([s for s in sources if s.doc_id in todo], settings.batch_size)
    # Every batch is submitted to the task runner, ingest then extract, batch after batch:
    # in order in this process by default, in parallel on Dask workers with --runner dask.
    futures = [extract_batch.submit(ingest_batch.submit(batch, settings, fingerprints["combined"]),
                                    settings, fingerprints["combined"]) for batch in batches]
    parts: list[dict[str, pd.DataFrame]] = [reused]
    outcomes: list[SourceOutcome] = []
    t0 = time.perf_counter()
    for k in range(len(futures)):
        frames, batch_outcomes = futures[k].result()
        futures[k] = None  # let the batch's results go: memory stays bounded by the batch
        parts.append(frames)
        outcomes.extend(batch_outcomes)
        logger.info("processed %d/%d sources (%.1f s)", len(outcomes), len(todo), time.perf_counter() - t0)
    if futures:
        cache = _cache(settings, fingerprints["combined"])
        removed = cache.prune()  # by size, least recently used first: other folders' entries stay
        if removed:
            logger.info("cache: removed %d least recently used entries to stay within %d MB",
                        removed, cache.max_bytes >> 20)

    per_document = stages.in_source_order(stages.tables_of(parts), [s.doc_id for s in sources])
    tables = dict(per_document)
    tables["flags"] = flag(quote(tables))
    reviewed = review(quote(tables), settings)
    tables = reviewed.tables
    tables["claims"] = claims(quote(tables))
    errors = {o.doc_id: o.error for o in outcomes if not o.ok}
    for doc_id, message in errors.items():
        logger.warning("source %s not used: %s", doc_id, message)
    for o in outcomes:
        for warning in o.warnings:
            logger.warning("source %s: %s", o.doc_id, warning)
    path, manifest = publish_dataset(quote(tables), quote(run), quote(reviewed), quote(outcomes),
                                     quote(list(reused["documents"]["doc_id"])), settings)
    save_store(quote(per_document), settings, fingerprints["combined"])
    extracted = manifest["extracted"]
    logger.info(
        "run %s: %d sources (%d extracted, %d from cache, %d errors); %s",
        run.run_id, len(sources), len(extracted), len(manifest["from_cache"]), len(errors),
        ", ".join(f"{k} {v}" for k, v in manifest["row_counts"].items()),
    )
    return RunResult(output=path, manifest=manifest, extracted=sorted(extracted), errors=errors)
