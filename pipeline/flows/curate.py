"""The ``curate`` flow: sources → ingest → extract → flag → apply reviews → publish.

Sources are processed in batches (one ingest and one extract task per batch), so memory
is bounded by the batch, not the corpus, and the NLP model is loaded once per worker
process. Unchanged sources come from the extraction cache; cross-document stages (flags,
review decisions) always rerun over all per-document results. Only the I/O tasks retry.
"""
from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

import pipeline
from pipeline.cache import ExtractionCache
from pipeline.dataset.guard import check_output
from pipeline.dataset.manifest import diff_sources, read_manifest, source_hashes
from pipeline.dataset.publish import publish, recover
from pipeline.dataset.rows import DocumentRows, assemble_tables, concat_tables, rows_for_document
from pipeline.dataset.schema import SCHEMA_VERSION, TABLES, to_frame
from pipeline.flagging.claims import claim_rows
from pipeline.flagging.flags import flag_rows
from pipeline.ingest.decode import SourceError, decode_bytes, read_bytes, sha256_bytes
from pipeline.ingest.document import IngestedDocument, SourceFile, discover_sources, structure
from pipeline.nlp.loader import load_nlp, nlp_fingerprint
from pipeline.review.decisions import apply_reviews, load_decisions
from pipeline.rules import rules_fingerprint
from pipeline.settings import Settings


@dataclass
class Ingested:
    """A source after ingestion: either cached rows or a document to extract."""

    source: SourceFile
    document: IngestedDocument
    cached: DocumentRows | None = None


@dataclass
class RunResult:
    """What a run did, for the CLI summary and for tests."""

    output: Path
    manifest: dict[str, Any]
    extracted: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def run_fingerprint(settings: Settings) -> dict[str, str]:
    """Everything besides a source's bytes that decides what extraction produces."""
    nlp = nlp_fingerprint(settings.nlp_config, settings.ner_model)
    parts = {"pipeline": pipeline.__version__, "rules": rules_fingerprint(), **nlp}
    parts["combined"] = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return parts


@task(name="discover-sources", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def discover(settings: Settings) -> list[SourceFile]:
    sources = discover_sources(settings.sources)
    get_run_logger().info("found %d source files in %s", len(sources), settings.sources)
    return sources


@task(name="ingest", cache_policy=NO_CACHE)
def ingest_batch(sources: list[SourceFile], settings: Settings, fingerprint: str) -> list[Ingested]:
    """Read, hash and (on a cache miss) decode and structure each source of a batch."""
    cache = ExtractionCache(settings.cache_dir, fingerprint)
    out = []
    for source in sources:
        try:
            data = read_bytes(source.path, settings.max_bytes)
            digest = sha256_bytes(data)
            cached = None if settings.full else cache.get(source.doc_id, digest)
            if cached is not None:
                doc = IngestedDocument(doc_id=source.doc_id, source_path=source.rel_path, sha256=digest)
                out.append(Ingested(source, doc, cached))
                continue
            decoded = decode_bytes(data)
            out.append(Ingested(source, structure(source, decoded)))
        except SourceError as exc:
            doc = IngestedDocument(doc_id=source.doc_id, source_path=source.rel_path,
                                   sha256=exc.sha256, status="error", error=str(exc))
            out.append(Ingested(source, doc))
    return out


@dataclass(frozen=True)
class SourceOutcome:
    """What happened to one source, kept for the run summary (the rows go to tables)."""

    doc_id: str
    cached: bool
    ok: bool
    error: str
    warnings: tuple[str, ...]


@task(name="extract", cache_policy=NO_CACHE)
def extract_batch(batch: list[Ingested], settings: Settings, fingerprint: str) -> tuple[dict[str, pd.DataFrame], list[SourceOutcome]]:
    """Run the NLP pipeline over the batch's new or changed documents; cache their rows.

    Returns the batch's rows as typed frames (compact, unlike dicts) and one outcome per
    source, so the flow keeps neither texts nor spaCy Docs between batches.
    """
    return assemble_tables(_extract_rows(batch, settings, fingerprint)), [
        SourceOutcome(i.source.doc_id, i.cached is not None, i.document.ok, i.document.error, i.document.warnings)
        for i in batch
    ]


def _extract_rows(batch: list[Ingested], settings: Settings, fingerprint: str) -> list[DocumentRows]:
    """Rows of every source of a batch: from the cache, or extracted now (and cached)."""
    cache = ExtractionCache(settings.cache_dir, fingerprint)
    todo = [item for item in batch if item.cached is None and item.document.ok]
    docs = {}
    if todo:
        nlp = load_nlp(settings.nlp_config, settings.ner_model, settings.cache_dir)
        for item, nlp_doc in zip(todo, nlp.pipe(item.document.text for item in todo)):
            rows = rows_for_document(item.document, nlp_doc)
            cache.put(item.source.doc_id, item.document.sha256, rows)
            docs[item.source.doc_id] = rows
    out = []
    for item in batch:
        if item.cached is not None:
            out.append(item.cached)
        elif item.document.ok:
            out.append(docs[item.source.doc_id])
        else:
            out.append(rows_for_document(item.document, None))
    return out


@task(name="flag", cache_policy=NO_CACHE)
def flag(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Cross-document flags over every document's rows (cached or new)."""
    flags = to_frame("flags", flag_rows(tables))
    get_run_logger().info("raised %d flags", len(flags))
    return flags


@task(name="apply-reviews", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def review(tables: dict[str, pd.DataFrame], settings: Settings) -> tuple[dict[str, pd.DataFrame], list[dict[str, Any]]]:
    log = load_decisions(settings.reviews_path)
    logger = get_run_logger()
    for problem in log.problems:
        logger.warning(problem)
    reviewed, stale = apply_reviews(tables, log, _source_reader(settings, tables["documents"]))
    for item in stale:
        if item["status"] == "reanchored":
            logger.info("review decision for flag %s re-attached to %s (same quote)", item["flag_id"], item["new_flag_id"])
        else:
            logger.warning("stale review decision for flag %s (quote %r): its text is gone after a "
                           "source changed; kept in reviews.jsonl, not applied", item["flag_id"], item["quote"])
    return reviewed, stale


def _source_reader(settings: Settings, documents: pd.DataFrame):
    """Decoded source text by doc_id, read only when a decision needs re-anchoring."""
    paths = dict(zip(documents["doc_id"], documents["source_path"]))

    def text_of(doc_id: str) -> str | None:
        try:
            return decode_bytes(read_bytes(settings.sources / paths[doc_id], settings.max_bytes)).text
        except (KeyError, SourceError):
            return None

    return text_of


@task(name="publish", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE)
def publish_dataset(tables: dict[str, pd.DataFrame], manifest: dict[str, Any], settings: Settings) -> Path:
    path = publish(settings.output, tables, manifest)
    get_run_logger().info("published dataset to %s", path)
    return path


def _previous_manifest(settings: Settings) -> dict[str, Any] | None:
    recover(settings.output.resolve())
    return read_manifest(settings.output)


def task_runner(settings: Settings):
    """The task runner a run uses: Prefect's thread pool with one worker (batches run in
    order, one NLP model in memory; also the flow's own default, so calling ``curate``
    directly is as safe), or a Dask cluster (an existing one at
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
    """Curate the sources in ``settings.sources`` into a dataset at ``settings.output``."""
    logger = get_run_logger()
    check_output(settings.output, sources=settings.sources, annotations=settings.annotations,
                 cache_dir=settings.cache_dir)
    started = datetime.now(timezone.utc)
    run_id = started.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    fingerprints = run_fingerprint(settings)
    previous = _previous_manifest(settings)
    sources = discover(settings)
    batches = [sources[i : i + settings.batch_size] for i in range(0, len(sources), settings.batch_size)]
    parts: list[dict[str, pd.DataFrame]] = []
    outcomes: list[SourceOutcome] = []
    t0 = time.perf_counter()
    # Every batch is submitted to the task runner, ingest then extract, batch after batch:
    # in order in this process by default, in parallel on Dask workers with --runner dask.
    futures = []
    for batch in batches:
        ingested_future = ingest_batch.submit(batch, settings, fingerprints["combined"])
        futures.append(extract_batch.submit(ingested_future, settings, fingerprints["combined"]))
    done = 0
    for k in range(len(futures)):
        frames, batch_outcomes = futures[k].result()
        futures[k] = None  # let the batch's results go: memory stays bounded by the batch
        parts.append(frames)
        outcomes.extend(batch_outcomes)
        done += len(batches[k])
        logger.info("processed %d/%d sources (%.1f s)", done, len(sources), time.perf_counter() - t0)
    ExtractionCache(settings.cache_dir, fingerprints["combined"]).prune({s.doc_id for s in sources})

    tables = concat_tables(parts)
    tables["flags"] = flag(tables)
    tables, stale = review(tables, settings)
    tables["claims"] = to_frame("claims", claim_rows(tables))
    extracted = sorted(o.doc_id for o in outcomes if not o.cached and o.ok)
    errors = {o.doc_id: o.error for o in outcomes if not o.ok}
    for doc_id, message in errors.items():
        logger.warning("source %s not used: %s", doc_id, message)
    for o in outcomes:
        for warning in o.warnings:
            logger.warning("source %s: %s", o.doc_id, warning)
    docs = tables["documents"]
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": pipeline.__version__,
        "run_id": run_id,
        "started_at": started.isoformat(),
        "finished_at": None,
        "fingerprints": {k: v for k, v in fingerprints.items() if k != "combined"},
        "sources": [
            {"doc_id": r.doc_id, "source_path": r.source_path, "sha256": r.sha256, "status": r.status, "error": r.error}
            for r in docs.itertuples(index=False)
        ],
        "row_counts": {name: int(len(tables[name])) for name in TABLES},
        "changes": diff_sources(source_hashes(previous), {r.doc_id: r.sha256 for r in docs.itertuples(index=False)}),
        "extracted": extracted,
        "from_cache": sorted(o.doc_id for o in outcomes if o.cached),
        "stale_decisions": [s for s in stale if s["status"] == "stale"],
        "reanchored_decisions": [s for s in stale if s["status"] == "reanchored"],
        "settings": {"sources": str(settings.sources), "output": str(settings.output),
                     "annotations": str(settings.annotations), "full": settings.full,
                     "ner_model": settings.ner_model or "", "max_bytes": settings.max_bytes},
    }
    manifest["finished_at"] = datetime.now(timezone.utc).isoformat()
    path = publish_dataset(tables, manifest, settings)
    logger.info(
        "run %s: %d sources (%d extracted, %d from cache, %d errors); %s",
        run_id, len(sources), len(extracted), len(manifest["from_cache"]), len(errors),
        ", ".join(f"{k} {v}" for k, v in manifest["row_counts"].items()),
    )
    return RunResult(output=path, manifest=manifest, extracted=extracted, errors=errors)
