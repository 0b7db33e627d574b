"""The pipeline's stages, in order, as plain functions: the one place the order lives.

    discover → hash → [nothing changed: republish] → reuse (unchanged documents' rows
    from one consolidated store) → ingest → extract (per document, cached; only what
    changed) → cross_document (flags → review decisions → claims) → manifest → publish
    → save the store

The Prefect flow (:mod:`pipeline.flows.curate`) wraps each stage as a task and only
sequences them; the gold evaluation and the benchmark call the same functions without
Prefect. Per-document work (ingest, extract) reads one source and returns its rows;
the cross-document stage only compares rows and never re-reads a source's text, except
to re-anchor a review decision whose flag moved.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any


import pipeline
from pipeline.cache import ExtractionCache, FrameStore
from pipeline.dataset.manifest import build_manifest, read_manifest, unchanged_manifest
from pipeline.dataset.publish import RUNS, dataset_folder, recover, swap
from pipeline.dataset.publish import publish as publish_folder
from pipeline.dataset.tables import TABLE_NAMES
from pipeline.fingerprints import nlp_fingerprint
from pipeline.hash_memory import HashMemory, stat_key
from pipeline.ingest.decode import SourceError, sha256_bytes
from pipeline.ingest.document import (IngestedDocument, SourceFile, discover_sources, document_text,
                                      ingest_bytes, ingest_fingerprint, locate_source, read_source_bytes)
from pipeline.models import cid_relations_path
from pipeline.rules import rules_fingerprint
from pipeline.settings import Settings
from pipeline.text_store import TextStore

if TYPE_CHECKING:
    import pandas as pd
    from spacy.language import Language

    from pipeline.dataset.rows import DocumentRows

# What only extraction and the cross-document stage need (spaCy, the extractors, the
# flaggers, pandera's schemas) is imported in the functions that need it: every run starts
# with the stages of a no-op rerun (fingerprints, hashes, republish), which then cost no
# more than those imports of its own.

_log = logging.getLogger(__name__)

#: Seconds one document may take for NLP and extraction together, unless a run says otherwise.
DEFAULT_BUDGET_S = 300.0


@dataclass
class Ingested:
    """A source after ingestion: either cached rows or a document to extract."""

    source: SourceFile
    document: IngestedDocument
    cached: DocumentRows | None = None


@dataclass(frozen=True)
class SourceOutcome:
    """What happened to one source, kept for the run summary (the rows go to tables)."""

    doc_id: str
    cached: bool
    ok: bool
    error: str
    warnings: tuple[str, ...]
    #: The NLP pipeline failed or ran over its time budget: worth trying again next run
    #: (an unreadable or undecodable source fails the same way until its bytes change).
    transient: bool = False


@dataclass
class Reviewed:
    """The run's tables after the cross-document stage, and what review decisions did."""

    tables: dict[str, pd.DataFrame]
    stale: list[dict[str, Any]] = field(default_factory=list)
    problems: tuple[str, ...] = ()
    unreadable: list[dict[str, Any]] = field(default_factory=list)


# ------------------------------------------------------------------ fingerprint, discover


def run_fingerprint(settings: Settings) -> dict[str, str]:
    """Everything besides a source's bytes that decides what extraction produces."""
    nlp = nlp_fingerprint(settings.nlp_config, settings.ner_model)
    parts = {"pipeline": pipeline.__version__, "rules": rules_fingerprint(), **nlp, **ingest_fingerprint(),
             # a retrained relation model (pipeline train-relations) reads other harms
             "relations": _file_hash(cid_relations_path() / "model.npz")}
    parts["combined"] = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return parts


def _file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes, or ``""`` when it is missing."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def keep_snapshots(settings: Settings) -> None:
    """Built vocabulary indexes and knowledge are kept below the run's cache folder
    (:mod:`pipeline.vocab.snapshot`), whichever stage asks for them first."""
    from pipeline.vocab.snapshot import keep_below

    keep_below(settings.cache_dir)


def discover(settings: Settings) -> list[SourceFile]:
    """Every source file below the sources folder, in a stable order, with unique ids."""
    return discover_sources(settings.sources, follow_links=settings.follow_links)


def batches(sources: list[SourceFile], size: int) -> list[list[SourceFile]]:
    """Consecutive batches of ``size`` sources: one ingest and one extract task each."""
    return [sources[i : i + size] for i in range(0, len(sources), size)]


# ------------------------------------------------------------------ what changed since the last run


@dataclass(frozen=True)
class SourceState:
    """A source's bytes as this run found them: their SHA-256, or why they cannot be read."""

    doc_id: str
    source_path: str
    sha256: str
    readable: bool = True
    error: str = ""


def hash_sources(sources: Sequence[SourceFile], max_bytes: int, known: HashMemory | None = None
                 ) -> list[SourceState]:
    """Every source's bytes hashed (read once, never decoded): what decides what changed.

    With ``known``, a source whose ``lstat`` is as when it was last hashed is not read
    again (:mod:`pipeline.hash_memory`); the memory is saved for the next scan.
    """
    out = []
    for source in sources:
        key = None if source.problem else stat_key(source.path)
        digest = known.known(source.rel_path, key) if known is not None else None
        if digest is not None:
            out.append(SourceState(source.doc_id, source.rel_path, digest))
            continue
        try:
            digest = sha256_bytes(read_source_bytes(source, max_bytes))
        except SourceError as exc:
            out.append(SourceState(source.doc_id, source.rel_path, exc.sha256, readable=False, error=str(exc)))
            continue
        if known is not None:
            known.remember(source.rel_path, key, digest)
        out.append(SourceState(source.doc_id, source.rel_path, digest))
    if known is not None:
        known.save()
    return out


def hash_memory(settings: Settings) -> HashMemory:
    """The remembered hashes of the sources folder (``--full`` reads every source)."""
    return HashMemory(settings.cache_dir, settings.sources, max_bytes=settings.max_bytes,
                        follow_links=settings.follow_links, trust=not settings.full)


#: Files of the package the code fingerprint covers; rules and models have fingerprints of their own.
_CODE_SUFFIXES = (".py", ".md", ".cfg")
_NOT_CODE = ("rules", "models", "__pycache__")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the package's code and templates.

    The extraction cache trusts the pipeline's version for its code, but a no-op rerun
    also skips the cross-document stages and publishing, which until now ran every time:
    an edited flagging rule or data dictionary must not wait for a source to change.
    """
    root = Path(pipeline.__file__).parent
    h = hashlib.sha256()
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _NOT_CODE)
        for name in sorted(names):
            if name.endswith(_CODE_SUFFIXES):
                path = Path(folder) / name
                h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _file_sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


def run_inputs(settings: Settings, fingerprints: dict[str, str]) -> dict[str, Any]:
    """Everything besides the sources' bytes that decides a published dataset.

    Recorded in the manifest (``inputs``): when these and every source are as the
    previous run found them, the previous dataset is this run's dataset. The review log
    is part of it, so a decision appended to ``reviews.jsonl`` changes ``curated/`` on the
    next run although no source changed.
    """
    return {"fingerprint": fingerprints["combined"], "code": code_fingerprint(),
            "reviews_sha256": _file_sha256(settings.reviews_path), "max_bytes": settings.max_bytes,
            "follow_links": settings.follow_links}


def nothing_changed(previous: dict[str, Any] | None, states: Sequence[SourceState],
                    inputs: dict[str, Any], published: Path | None = None) -> bool:
    """True when the previous run saw the same sources (ids, paths, bytes, read errors)
    and the same inputs, and left no document to try again: its dataset stands as is.

    With ``published`` (the previous run's folder), its tables must also all be there: a
    dataset someone damaged by hand is written again, not published again.
    """
    if not previous or previous.get("inputs") != inputs or previous.get("retry"):
        return False
    if published is not None and not all((published / "extracted" / f"{t}.parquet").is_file() for t in TABLE_NAMES):
        return False
    before = {s.get("doc_id"): s for s in previous.get("sources", [])}
    if len(before) != len(states):
        return False
    for state in states:
        prev = before.get(state.doc_id)
        if prev is None or (prev.get("source_path"), prev.get("sha256")) != (state.source_path, state.sha256):
            return False
        if not state.readable and (prev.get("status"), prev.get("error")) != ("error", state.error):
            return False
    return True


def plan(states: Sequence[SourceState], stored: dict[str, tuple[str, str]]) -> tuple[list[str], list[str]]:
    """The doc_ids whose rows the consolidated store holds (same bytes at the same path)
    and the rest, which go through ingestion and extraction; both in source order."""
    reuse: list[str] = []
    todo: list[str] = []
    for state in states:
        same = state.readable and stored.get(state.doc_id) == (state.sha256, state.source_path)
        (reuse if same else todo).append(state.doc_id)
    return reuse, todo


def _conforms(frames: dict[str, pd.DataFrame]) -> bool:
    """The stored frames are this version's per-document tables, column for column."""
    from pipeline.dataset.schema import DOC_TABLES, to_frame

    if set(frames) != {"documents", *DOC_TABLES}:
        return False
    for name, frame in frames.items():
        template = to_frame(name, [])
        if list(frame.columns) != list(template.columns) or not frame.dtypes.equals(template.dtypes):
            return False
    return True


def _without(frames: dict[str, pd.DataFrame], doc_ids: set[str]) -> dict[str, pd.DataFrame]:
    return {name: frame[~frame["doc_id"].isin(doc_ids)].reset_index(drop=True) for name, frame in frames.items()}


def reuse(store: FrameStore, doc_ids: Sequence[str], texts: TextStore | None = None
          ) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """The stored rows of ``doc_ids`` as the run's typed frames, and the doc_ids the store
    could not serve after all (a damaged store, or a web page's extracted text gone from
    the text store), which are then ingested and extracted like changed sources."""
    empty = tables_of([])
    if not doc_ids:
        return empty, []
    frames = store.frames(doc_ids)
    if frames is None or not _conforms(frames):
        if frames is not None:
            _log.warning("the consolidated cache %s has other tables or columns than this version's; "
                         "not using it", store.path)
        return empty, list(doc_ids)
    docs = frames["documents"]
    served = set(docs["doc_id"])
    lost = {d for d, sha in zip(docs["doc_id"], docs["text_sha256"])
            if sha and (texts is None or not texts.path(sha).is_file())}
    missing = [d for d in doc_ids if d not in served or d in lost]
    return (_without(frames, set(missing)) if missing else frames), missing


def in_source_order(tables: dict[str, pd.DataFrame], doc_ids: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Rows ordered by their document's place among the sources, each document's rows
    in their own order: reused and fresh rows give the tables a full run gives."""
    import numpy as np
    import pandas as pd

    rank = pd.Series(np.arange(len(doc_ids)), index=pd.Index(doc_ids))
    out = {}
    for name, frame in tables.items():
        order = np.argsort(frame["doc_id"].map(rank).to_numpy(dtype=float), kind="stable")
        out[name] = frame.iloc[order].reset_index(drop=True)
    return out


def store_contents(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, tuple[str, str]], dict[str, pd.DataFrame]]:
    """What the consolidated store keeps of a run: the usable documents' rows (a source
    that failed is tried again next run) and their ``(sha256, source_path)``."""
    docs = tables["documents"]
    ok = docs[docs["status"] == "ok"]
    index = {d: (sha, path) for d, sha, path in zip(ok["doc_id"], ok["sha256"], ok["source_path"])}
    failed = set(docs["doc_id"]) - set(index)
    return index, (_without(tables, failed) if failed else tables)


# ------------------------------------------------------------------ per document


def ingest(sources: list[SourceFile], max_bytes: int, cache: ExtractionCache | None,
           texts: TextStore | None = None) -> list[Ingested]:
    """Read, hash and (on a cache miss) decode and structure each source of a batch.

    ``cache=None`` ingests every source afresh (``--full``, evaluation). The extracted
    text of a web page or PDF (what its offsets refer to) goes into ``texts`` for the
    publisher.
    """
    out = []
    for source in sources:
        try:
            data = read_source_bytes(source, max_bytes)
            digest = sha256_bytes(data)
            cached = cache.get(source.doc_id, digest) if cache is not None else None
            if cached is not None:
                text_sha = (cached.get("documents") or [{}])[0].get("text_sha256", "")
                if text_sha and texts is not None and not texts.path(text_sha).is_file():
                    # the published text of a page or PDF is gone from the store: extract it again
                    doc = ingest_bytes(source, data)
                else:
                    doc = IngestedDocument(doc_id=source.doc_id, source_path=source.rel_path, sha256=digest)
                out.append(Ingested(source, doc, cached))
            else:
                doc = ingest_bytes(source, data)
                out.append(Ingested(source, doc))
            if texts is not None and doc.text_path and doc.text:
                texts.put(doc.text)
        except SourceError as exc:
            doc = IngestedDocument(doc_id=source.doc_id, source_path=source.rel_path,
                                   sha256=exc.sha256, status="error", error=str(exc))
            out.append(Ingested(source, doc))
    return out


def extract(batch: list[Ingested], nlp: Callable[[], Language], cache: ExtractionCache | None,
            budget_s: float = DEFAULT_BUDGET_S) -> tuple[dict[str, pd.DataFrame], list[SourceOutcome]]:
    """Rows of every source of a batch, as typed frames, and one outcome per source.

    New or changed documents go through the NLP pipeline (``nlp`` is called only when
    one needs it, so a batch served from the cache loads no model) and their rows are
    cached; the rest come from the cache. Long texts are processed in pieces, and each
    document has ``budget_s`` seconds for NLP and extraction together: a document that
    fails or runs over becomes an error row ("extraction took longer than N s") and the
    batch goes on. Frames are compact, unlike dicts, and no text or spaCy Doc outlives
    the batch.
    """
    from pipeline.dataset.rows import assemble_tables
    from pipeline.extract.document import rows_for_document
    from pipeline.nlp.deadline import DocumentError
    from pipeline.nlp.process import process_texts

    todo = [item for item in batch if item.cached is None and item.document.ok]
    fresh: dict[str, DocumentRows] = {}
    failed: dict[str, IngestedDocument] = {}
    if todo:
        results = process_texts(nlp(), (item.document.text for item in todo), budget_s=budget_s)
        for item, result in zip(todo, results):
            doc_id = item.source.doc_id
            try:
                if isinstance(result, DocumentError):
                    raise result
                rows = rows_for_document(item.document, result)
            except DocumentError as exc:
                failed[doc_id] = replace(item.document, status="error", error=str(exc))
                continue
            if cache is not None:
                cache.put(doc_id, item.document.sha256, rows)
            fresh[doc_id] = rows
    rows = []
    for item in batch:
        doc_id = item.source.doc_id
        if item.cached is not None:
            rows.append(item.cached)
        elif doc_id in fresh:
            rows.append(fresh[doc_id])
        else:
            rows.append(rows_for_document(failed.get(doc_id, item.document), None))
    outcomes = []
    for i in batch:
        doc = failed.get(i.source.doc_id, i.document)
        outcomes.append(SourceOutcome(i.source.doc_id, i.cached is not None, doc.ok, doc.error, doc.warnings,
                                      transient=i.source.doc_id in failed))
    return assemble_tables(rows), outcomes


def extract_sources(sources: Iterable[SourceFile], nlp: Language, max_bytes: int = 20 * 1024 * 1024
                    ) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Per-document stages over ``sources`` in one go, without a cache: (tables, texts).

    What evaluation and tests use when they need the tables but no run; ``texts`` maps
    each usable document to its decoded text.
    """
    ingested = ingest(list(sources), max_bytes, cache=None)
    frames, _ = extract(ingested, lambda: nlp, cache=None)
    return frames, {i.source.doc_id: i.document.text for i in ingested if i.document.ok}


# ------------------------------------------------------------------ across documents


def flag(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Cross-document flags over every document's rows (cached or new)."""
    from pipeline.dataset.schema import to_frame
    from pipeline.flagging import flag_rows

    return to_frame("flags", flag_rows(tables))


def review(tables: dict[str, pd.DataFrame], reviews_path: Path, text_of: Callable[[str], str | None]
           ) -> Reviewed:
    """Apply the decisions in ``reviews_path`` to flags and the claims they bind."""
    from pipeline.review.decisions import apply_reviews, load_decisions

    log = load_decisions(reviews_path)
    reviewed, stale = apply_reviews(tables, log, text_of)
    return Reviewed(reviewed, list(stale), tuple(log.problems), list(log.unreadable_report()))


def claims(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The claims layer: every extracted statement as subject–predicate–object."""
    from pipeline.dataset.claims import claim_rows
    from pipeline.dataset.schema import to_frame

    return to_frame("claims", claim_rows(tables))


def cross_document(tables: dict[str, pd.DataFrame], reviews_path: Path | None = None,
                   text_of: Callable[[str], str | None] = lambda doc_id: None) -> Reviewed:
    """Flags → review decisions → claims, over the run's per-document tables.

    Without ``reviews_path`` no decision is applied (every flag stays pending), as the
    gold evaluation wants.
    """
    tables = {**tables, "flags": flag(tables)}
    reviewed = review(tables, reviews_path, text_of) if reviews_path is not None else Reviewed(tables)
    reviewed.tables["claims"] = claims(reviewed.tables)
    return reviewed


def source_reader(settings: Settings, documents: pd.DataFrame) -> Callable[[str], str | None]:
    """Decoded source text by doc_id, read only when a decision needs re-anchoring."""
    paths = dict(zip(documents["doc_id"], documents["source_path"]))

    def text_of(doc_id: str) -> str | None:
        try:
            path = locate_source(settings.sources, paths[doc_id])
            source = SourceFile(path=path, doc_id=doc_id, rel_path=paths[doc_id], root=settings.sources,
                                follow_links=settings.follow_links)
            return document_text(source, settings.max_bytes)
        except (KeyError, SourceError):
            return None

    return text_of


def tables_of(parts: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Per-batch frames joined into the run's per-document tables."""
    from pipeline.dataset.rows import concat_tables

    return concat_tables(parts)


# ------------------------------------------------------------------ manifest


@dataclass(frozen=True)
class RunRecord:
    """What a run knows of itself before it publishes: its id and start, the fingerprints
    and inputs it read, the dataset it replaces, and the settings it ran with."""

    run_id: str
    started_at: str
    fingerprints: dict[str, str]
    inputs: dict[str, Any]
    previous: dict[str, Any] | None
    settings: dict[str, Any]


def settings_record(settings: Settings) -> dict[str, Any]:
    """The settings a manifest records (what a person needs to rerun the same way)."""
    return {"sources": str(settings.sources), "output": str(settings.output),
            "annotations": str(settings.annotations), "full": settings.full,
            "ner_model": settings.ner_model or "", "max_bytes": settings.max_bytes,
            "follow_links": settings.follow_links, "time_budget": settings.time_budget}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


def run_manifest(run: RunRecord, tables: dict[str, pd.DataFrame], reviewed: Reviewed,
                 outcomes: Sequence[SourceOutcome], reused: Sequence[str]) -> dict[str, Any]:
    """The manifest of a run that extracted ``outcomes`` and took ``reused`` documents'
    rows from the consolidated store."""
    return build_manifest(
        run_id=run.run_id, started_at=run.started_at, finished_at=_now(),
        fingerprints=run.fingerprints, tables=tables, previous=run.previous,
        extracted=[o.doc_id for o in outcomes if not o.cached and o.ok],
        from_cache=[*reused, *(o.doc_id for o in outcomes if o.cached)], stale=reviewed.stale,
        review_problems=reviewed.problems, settings=run.settings,
        unreadable_decisions=reviewed.unreadable, inputs=run.inputs,
        retry=[o.doc_id for o in outcomes if o.transient],
    )


def unchanged_run_manifest(run: RunRecord) -> dict[str, Any]:
    """The manifest of a run that found nothing changed: the previous dataset's, as this run's."""
    assert run.previous is not None
    return unchanged_manifest(run.previous, run_id=run.run_id, started_at=run.started_at,
                              finished_at=_now(), settings=run.settings)


# ------------------------------------------------------------------ publish


def previous_manifest(settings: Settings) -> dict[str, Any] | None:
    """The manifest of the dataset the run will replace (after repairing a crashed swap)."""
    recover(settings.output.resolve())
    return read_manifest(settings.output)


def publish(tables: dict[str, pd.DataFrame], manifest: dict[str, Any], settings: Settings) -> Path:
    """Write the complete dataset aside, then swap it in; the previous one survives failures."""
    return publish_folder(settings.output, tables, manifest, text_store(settings))


def published_run(settings: Settings) -> Path | None:
    """The folder of the dataset published in ``settings.output``, if any."""
    output = settings.output.resolve()
    folder = dataset_folder(output)
    return folder if folder != output and (folder / "manifest.json").is_file() else None


def republish(settings: Settings, manifest: dict[str, Any]) -> Path:
    """Publish the previous dataset again under a new manifest, without rewriting it.

    What a run that found nothing changed does: the previous run's files are hard-linked
    (copied where links are refused) into the new run's folder, the new manifest is
    written last and ``current`` swapped to it, as :func:`publish` does. Every run still
    leaves its own manifest (its ``changes`` say nothing changed), in milliseconds.
    """
    output = settings.output.resolve()
    previous = published_run(settings)
    if previous is None:
        raise FileNotFoundError(f"{output} holds no published run to publish again")
    name = base = str(manifest["run_id"])
    n = 1
    while (output / RUNS / name).exists():
        n += 1
        name = f"{base}-{n}"
    run = output / RUNS / name
    try:
        for folder, _, names in os.walk(previous):
            target = run / Path(folder).relative_to(previous)
            target.mkdir(parents=True, exist_ok=True)
            for file in names:
                if folder == str(previous) and file == "manifest.json":
                    continue
                try:
                    os.link(Path(folder) / file, target / file)
                except OSError:
                    target.joinpath(file).write_bytes((Path(folder) / file).read_bytes())
        (run / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(run, ignore_errors=True)
        raise
    swap(output, name)
    recover(output)  # links every entry through current, removes the previous run
    return output


def text_store(settings: Settings) -> TextStore:
    """Where ingestion keeps the extracted texts of web pages and PDFs for publishing."""
    return TextStore(settings.cache_dir)


def load_pipeline(settings: Settings) -> Callable[[], Language]:
    """The NLP pipeline the settings ask for, loaded on first use (once per process)."""
    def load() -> Language:
        from pipeline.nlp.loader import shared_nlp

        return shared_nlp(settings.nlp_config, settings.ner_model, settings.cache_dir)

    return load
