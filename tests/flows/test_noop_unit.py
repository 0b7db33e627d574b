"""What a rerun decides before any Prefect task runs: what changed, what the consolidated
store serves, and that reused and fresh rows make the tables a full run makes.

Plain functions of :mod:`pipeline.stages` on the seeds (real rows from the real NLP
pipeline, no Prefect): the flow only sequences them (tests/flows/test_noop_rerun.py).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline import stages
from pipeline.cache import FrameStore
from pipeline.dataset.manifest import build_manifest, read_manifest, unchanged_manifest
from pipeline.ingest.document import discover_sources
from pipeline.settings import Settings
from pipeline.text_store import TextStore


@pytest.fixture(scope="module")
def seeds_tables(nlp, seeds_dir: Path) -> dict[str, pd.DataFrame]:
    """The seeds' per-document tables, as a full run computes them."""
    tables, _ = stages.extract_sources(discover_sources(seeds_dir), nlp)
    return tables


@pytest.fixture
def workspace(tmp_path: Path, seeds_dir: Path) -> Settings:
    shutil.copytree(seeds_dir, tmp_path / "sources")
    (tmp_path / "annotations").mkdir()
    return Settings(sources=tmp_path / "sources", output=tmp_path / "output", annotations=tmp_path / "annotations",
                    cache_dir=tmp_path / "cache")


def fingerprints() -> dict[str, str]:
    return {"pipeline": "test", "combined": "c" * 64}


def manifest_of(settings: Settings, tables: dict[str, pd.DataFrame], previous=None, retry=()) -> dict:
    return build_manifest(run_id="r1", started_at="a", finished_at="b", fingerprints=fingerprints(), tables=tables,
                          previous=previous, extracted=list(tables["documents"]["doc_id"]), from_cache=[], stale=[],
                          review_problems=(), settings={}, inputs=stages.run_inputs(settings, fingerprints()),
                          retry=list(retry))


def published(settings: Settings, seeds_tables, retry=()) -> dict:
    """Publish the seeds' dataset as a run would; its manifest."""
    reviewed = stages.cross_document(seeds_tables, settings.reviews_path).tables
    manifest = manifest_of(settings, reviewed, retry=retry)
    stages.publish(reviewed, manifest, settings)
    return manifest


def states(settings: Settings) -> list[stages.SourceState]:
    return stages.hash_sources(stages.discover(settings), settings.max_bytes)


# ------------------------------------------------------------------ nothing changed?


def test_the_same_sources_and_inputs_are_nothing_changed(workspace, seeds_tables):
    previous = published(workspace, seeds_tables)
    inputs = stages.run_inputs(workspace, fingerprints())
    assert stages.nothing_changed(previous, states(workspace), inputs)


def test_an_edited_added_or_removed_source_is_a_change(workspace, seeds_tables):
    previous = published(workspace, seeds_tables)
    inputs = stages.run_inputs(workspace, fingerprints())
    source = sorted(workspace.sources.glob("*.txt"))[0]
    text = source.read_bytes()
    source.write_bytes(text + b"\nGout is caused by uric acid.\n")
    assert not stages.nothing_changed(previous, states(workspace), inputs)
    source.write_bytes(text)
    assert stages.nothing_changed(previous, states(workspace), inputs)  # edited back: the same bytes
    (workspace.sources / "new.txt").write_text("Aspirin relieves pain.\n", encoding="utf-8")
    assert not stages.nothing_changed(previous, states(workspace), inputs)
    (workspace.sources / "new.txt").unlink()
    source.unlink()
    assert not stages.nothing_changed(previous, states(workspace), inputs)


def test_a_new_review_decision_code_or_fingerprint_is_a_change(workspace, seeds_tables):
    previous = published(workspace, seeds_tables)
    before = stages.run_inputs(workspace, fingerprints())
    with workspace.reviews_path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"flag_id": "f1", "decision": "accept"}) + "\n")
    after = stages.run_inputs(workspace, fingerprints())
    assert after["reviews_sha256"] != before["reviews_sha256"]
    assert not stages.nothing_changed(previous, states(workspace), after)
    assert not stages.nothing_changed(previous, states(workspace), {**before, "code": "0" * 64})
    assert not stages.nothing_changed(previous, states(workspace), {**before, "fingerprint": "0" * 64})
    assert not stages.nothing_changed(previous, states(workspace), {**before, "max_bytes": 10})
    assert not stages.nothing_changed(None, states(workspace), before)  # nothing published yet


def test_a_source_whose_extraction_failed_is_tried_again(workspace, seeds_tables):
    first = seeds_tables["documents"]["doc_id"].iloc[0]
    previous = published(workspace, seeds_tables, retry=[first])
    assert not stages.nothing_changed(previous, states(workspace), stages.run_inputs(workspace, fingerprints()))


def test_an_unreadable_source_is_unchanged_only_while_it_fails_the_same_way(workspace, seeds_tables):
    (workspace.sources / "big.txt").write_bytes(b"x" * 200_000)
    settings = workspace.model_copy(update={"max_bytes": 100_000})  # the seeds are smaller
    previous = published(settings, seeds_tables)
    [error] = [i.document for i in stages.ingest(stages.discover(settings), settings.max_bytes, None)
               if not i.document.ok]  # the error row a run records for it
    previous["sources"].append({"doc_id": error.doc_id, "source_path": error.source_path, "sha256": error.sha256,
                                "status": "error", "error": error.error})
    inputs = stages.run_inputs(settings, fingerprints())
    found = states(settings)
    assert [s.readable for s in found if s.doc_id == error.doc_id] == [False]
    assert stages.nothing_changed(previous, found, inputs)
    (workspace.sources / "big.txt").unlink()
    (workspace.sources / "big.txt").symlink_to("/nonexistent")  # fails another way now
    assert not stages.nothing_changed(previous, states(settings), inputs)
    (workspace.sources / "big.txt").unlink()
    (workspace.sources / "big.txt").write_bytes(b"small now\n")  # readable now
    assert not stages.nothing_changed(previous, states(settings), inputs)


# ------------------------------------------------------------------ the consolidated store


def test_plan_reuses_only_the_same_bytes_at_the_same_path():
    found = [stages.SourceState("a", "a.txt", "1" * 64), stages.SourceState("b", "b.txt", "2" * 64),
             stages.SourceState("c", "c.txt", "3" * 64), stages.SourceState("d", "d.txt", "", readable=False),
             stages.SourceState("e", "sub/e.txt", "5" * 64)]
    stored = {"a": ("1" * 64, "a.txt"), "b": ("9" * 64, "b.txt"), "d": ("", "d.txt"), "e": ("5" * 64, "e.txt"),
              "gone": ("7" * 64, "gone.txt")}
    assert stages.plan(found, stored) == (["a"], ["b", "c", "d", "e"])


def test_reused_and_fresh_rows_make_the_tables_of_a_full_run(tmp_path: Path, seeds_tables):
    index, frames = stages.store_contents(seeds_tables)
    store = FrameStore(tmp_path, tmp_path / "sources", "fp")
    assert store.save(index, frames)
    doc_ids = list(seeds_tables["documents"]["doc_id"])
    edited = doc_ids[1]
    reused, missing = stages.reuse(store, [d for d in doc_ids if d != edited], TextStore(tmp_path))
    assert missing == []
    fresh = {name: frame[frame["doc_id"] == edited] for name, frame in seeds_tables.items()}
    joined = stages.in_source_order(stages.tables_of([reused, fresh]), doc_ids)
    for name, frame in seeds_tables.items():
        pd.testing.assert_frame_equal(joined[name], frame.reset_index(drop=True), obj=name)
    assert len(joined["conditions"]) > 50


def test_a_document_whose_extracted_text_is_gone_is_not_reused(tmp_path: Path, seeds_tables):
    docs = seeds_tables["documents"].copy()
    gone = docs["doc_id"].iloc[0]
    docs.loc[0, ["text_path", "text_sha256"]] = ["texts/x.txt", "f" * 64]
    store = FrameStore(tmp_path, tmp_path / "sources", "fp")
    store.save(*stages.store_contents({**seeds_tables, "documents": docs}))
    ids = list(docs["doc_id"])
    reused, missing = stages.reuse(store, ids, TextStore(tmp_path))
    assert missing == [gone]
    assert gone not in set(reused["conditions"]["doc_id"]) and gone not in set(reused["documents"]["doc_id"])
    assert set(reused["documents"]["doc_id"]) == set(ids) - {gone}


def test_a_store_of_another_layout_serves_nothing(tmp_path: Path, seeds_tables):
    index, frames = stages.store_contents(seeds_tables)
    store = FrameStore(tmp_path, tmp_path / "sources", "fp")
    store.save(index, {**frames, "conditions": frames["conditions"].drop(columns=["start"])})
    ids = list(index)
    reused, missing = stages.reuse(store, ids)
    assert missing == ids and all(len(f) == 0 for f in reused.values())


def test_the_store_keeps_only_usable_documents(seeds_tables):
    docs = seeds_tables["documents"].copy()
    failed = docs["doc_id"].iloc[2]
    docs.loc[2, ["status", "error"]] = ["error", "extraction took longer than 1 s"]
    index, frames = stages.store_contents({**seeds_tables, "documents": docs})
    assert failed not in index and len(index) == len(docs) - 1
    assert all(failed not in set(f["doc_id"]) for f in frames.values())
    row = docs.iloc[0]
    assert index[row["doc_id"]] == (row["sha256"], row["source_path"])


# ------------------------------------------------------------------ publishing the same dataset again


def test_republishing_keeps_every_file_and_writes_a_new_manifest(workspace, seeds_tables):
    previous = published(workspace, seeds_tables)
    out = workspace.output
    old_run = (out / "current").resolve()
    before = {p.relative_to(old_run).as_posix(): p.read_bytes() for p in old_run.rglob("*") if p.is_file()}
    manifest = unchanged_manifest(previous, run_id="r2", started_at="c", finished_at="d", settings={"x": 1})
    stages.republish(workspace, manifest)
    after = {p.relative_to((out / "current").resolve()).as_posix(): p.read_bytes()
             for p in (out / "current").resolve().rglob("*") if p.is_file()}
    assert not old_run.exists() and (out / "current").resolve().name == "r2"
    assert set(after) == set(before)
    assert all(after[k] == before[k] for k in after if k != "manifest.json")
    now = read_manifest(out)
    assert now["run_id"] == "r2" and now["settings"] == {"x": 1}
    docs = sorted(seeds_tables["documents"]["doc_id"])
    assert now["changes"] == {"added": [], "modified": [], "removed": [], "unchanged": docs}
    assert now["extracted"] == [] and now["from_cache"] == docs
    assert now["row_counts"] == previous["row_counts"] and now["inputs"] == previous["inputs"]
    assert (out / "curated" / "conditions.parquet").read_bytes() == before["curated/conditions.parquet"]


def test_a_dataset_damaged_by_hand_is_written_again(workspace, seeds_tables):
    previous = published(workspace, seeds_tables)
    inputs = stages.run_inputs(workspace, fingerprints())
    folder = stages.published_run(workspace)
    assert stages.nothing_changed(previous, states(workspace), inputs, folder)
    (folder / "extracted" / "doses.parquet").unlink()
    assert not stages.nothing_changed(previous, states(workspace), inputs, folder)
