"""The curate flow end to end, under one shared Prefect test harness.

Each test copies the seeds to a temporary folder and runs the real flow (real tasks,
real NLP pipeline). The NLP model is loaded once per process, so a run costs a few seconds.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.dataset.schema import TABLES
from pipeline.settings import Settings

pytestmark = pytest.mark.flow


@pytest.fixture
def workspace(tmp_path: Path, seeds_dir: Path, prefect_harness) -> Settings:
    sources = tmp_path / "sources"
    shutil.copytree(seeds_dir, sources)
    (tmp_path / "annotations").mkdir()
    return Settings(sources=sources, output=tmp_path / "output", annotations=tmp_path / "annotations",
                    cache_dir=tmp_path / "cache")


def run(settings: Settings, **changes):
    from pipeline.flows.curate import curate

    return curate(settings.model_copy(update=changes))


def read(settings: Settings, layer: str, table: str) -> pd.DataFrame:
    return pd.read_parquet(settings.output / layer / f"{table}.parquet")


def test_first_run_publishes_every_table_and_a_manifest(workspace):
    result = run(workspace)
    out = workspace.output
    for table in TABLES:
        parquet = read(workspace, "extracted", table)
        csv = pd.read_csv(out / "extracted" / f"{table}.csv", keep_default_na=False)
        assert len(parquet) == len(csv), table
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["schema_version"] == 2
    assert sorted(manifest["changes"]["added"]) == sorted(p.stem for p in workspace.sources.glob("*.txt"))
    assert {"config", "rules", "model", "pipeline"} <= set(manifest["fingerprints"])
    assert all(s["status"] == "ok" and len(s["sha256"]) == 64 for s in manifest["sources"])
    assert result.extracted == sorted(manifest["changes"]["added"])
    docs = read(workspace, "extracted", "documents").set_index("doc_id")
    assert docs.loc["001_16ac0cf8b1518de5", "source_kind"] == "peer_reviewed"
    assert docs.loc["002_5ad86a8f0a88f18a", "source_kind"] == "commercial"
    conditions = read(workspace, "extracted", "conditions")
    assert len(conditions) > 50
    # offsets are exact: the quoted text is the source's text at [start:end]
    texts = {p.stem: p.read_text(encoding="utf-8") for p in workspace.sources.glob("*.txt")}
    for row in conditions.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    assert (out / "review" / "queue.csv").exists()


def test_reruns_redo_only_what_changed(workspace, monkeypatch, tmp_path):
    run(workspace)
    again = run(workspace)
    assert again.extracted == []
    assert sorted(again.manifest["changes"]["unchanged"]) == sorted(again.manifest["from_cache"])

    edited = workspace.sources / "004_3dcbd09f3d3d5118.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nGout is caused by uric acid crystals.\n", encoding="utf-8")
    (workspace.sources / "000_9a5e9d7d0e1438ab.txt").unlink()
    third = run(workspace)
    assert third.extracted == ["004_3dcbd09f3d3d5118"]
    assert third.manifest["changes"]["modified"] == ["004_3dcbd09f3d3d5118"]
    assert third.manifest["changes"]["removed"] == ["000_9a5e9d7d0e1438ab"]
    docs = read(workspace, "extracted", "documents")
    assert "000_9a5e9d7d0e1438ab" not in set(docs["doc_id"])
    assert "000_9a5e9d7d0e1438ab" not in set(read(workspace, "extracted", "conditions")["doc_id"])

    # a changed rule file re-extracts everything
    import pipeline.rules as rules

    copy = tmp_path / "rules"
    shutil.copytree(Path(str(rules.rules_root())), copy)
    with (copy / "generic_words.jsonl").open("a") as fh:
        fh.write('{"id": "gen.test.extra", "word": "thingamajig", "group": "condition"}\n')
    monkeypatch.setattr(rules, "rules_root", lambda: copy)
    rules.rules_fingerprint.cache_clear()
    try:
        fourth = run(workspace)
    finally:
        rules.rules_fingerprint.cache_clear()
    assert len(fourth.extracted) == len(list(workspace.sources.glob("*.txt")))


def test_two_runs_give_identical_tables(workspace, tmp_path):
    run(workspace)
    first = {t: read(workspace, "extracted", t) for t in TABLES}
    run(workspace, output=tmp_path / "output2", cache_dir=tmp_path / "cache2", full=True)
    for table, frame in first.items():
        other = pd.read_parquet(tmp_path / "output2" / "extracted" / f"{table}.parquet")
        pd.testing.assert_frame_equal(frame, other, check_like=False, obj=table)


def test_an_exception_mid_run_leaves_the_previous_dataset(workspace, monkeypatch):
    run(workspace)
    manifest = (workspace.output / "manifest.json").read_text()
    from pipeline.dataset import publish as publish_mod

    def boom(folder, name, *frame_or_table):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(publish_mod, "_write_table", boom)
    (workspace.sources / "new.txt").write_text("Gout is a form of arthritis.\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="injected failure"):
        run(workspace)
    assert (workspace.output / "manifest.json").read_text() == manifest
    assert len(list((workspace.output / ".runs").iterdir())) == 1  # the failed run's folder is gone


def test_a_second_run_on_the_same_output_is_refused_while_the_first_holds_it(workspace):
    """Two runs on one output deleted each other's half-written datasets; now the second stops."""
    import threading

    from pipeline.runtime import OutputBusyError, output_lock

    run(workspace, ner_model="none")
    manifest = (workspace.output / "manifest.json").read_bytes()
    holding, done = threading.Event(), threading.Event()

    def first_run():  # another run, in another thread, between its start and its publish
        with output_lock(workspace.output):
            holding.set()
            done.wait(60)

    thread = threading.Thread(target=first_run)
    thread.start()
    try:
        assert holding.wait(10)
        with pytest.raises(OutputBusyError, match="is publishing to"):
            run(workspace, ner_model="none", full=True)
    finally:
        done.set()
        thread.join()
    assert (workspace.output / "manifest.json").read_bytes() == manifest


def test_a_bad_cache_entry_is_re_extracted_and_a_full_cache_disk_is_only_a_warning(workspace, monkeypatch, caplog):
    import errno
    import logging
    import os

    run(workspace)
    doc = "004_3dcbd09f3d3d5118"
    sha = next(s["sha256"] for s in json.loads((workspace.output / "manifest.json").read_text())["sources"]
               if s["doc_id"] == doc)
    [entry] = (workspace.cache_dir / "entries").rglob(f"{sha}-*.json")
    entry.write_text("[]")  # the wrong shape: it failed every run until removed by hand
    for store in (workspace.cache_dir / "consolidated").glob("*.zip"):
        store.unlink()  # without the consolidated store, the entries serve the unchanged sources
    (workspace.sources / "new.txt").write_text("Gout is a form of arthritis.\n", encoding="utf-8")
    again = run(workspace)
    assert sorted(again.extracted) == sorted([doc, "new"])

    real_replace = os.replace

    def full(src, dst, *args, **kwargs):  # the disk holding the cache is full
        if str(dst).startswith(str(workspace.cache_dir / "entries")):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full)
    edited = workspace.sources / f"{doc}.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nGout is caused by uric acid crystals.\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="pipeline.cache"):
        third = run(workspace)
    assert third.extracted == [doc] and "No space left on device" in caplog.text
    published = json.loads((workspace.output / "manifest.json").read_text())
    assert published["run_id"] == third.manifest["run_id"]  # published all the same
    assert next(s["sha256"] for s in published["sources"] if s["doc_id"] == doc) != sha
    assert not list((workspace.cache_dir / "entries").rglob("*.tmp"))


def test_a_run_on_another_sources_folder_keeps_the_first_folders_cache(workspace, tmp_path):
    """#13: after a run on another folder, the next run on the seeds re-extracted every seed."""
    run(workspace)
    other = tmp_path / "other-sources"
    other.mkdir()
    (other / "gout.txt").write_text("Gout\n\nGout is a painful form of arthritis.\n", encoding="utf-8")
    elsewhere = run(workspace, sources=other, output=tmp_path / "other-output")
    assert elsewhere.extracted == ["gout"]
    back = run(workspace)
    assert back.extracted == []
    assert sorted(back.manifest["from_cache"]) == sorted(p.stem for p in workspace.sources.glob("*.txt"))


def test_bad_sources_become_error_rows_and_the_run_goes_on(workspace, monkeypatch):
    src = workspace.sources
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (src / "latin1.txt").write_bytes("Ostéoporose: les fractures du col du fémur sont fréquentes. " .encode("cp1252") * 4)
    (src / "big.txt").write_text("word " * 12_000, encoding="utf-8")
    (src / "folder.txt").mkdir()
    (src / "with space é.txt").write_text("Osteoporosis weakens bones.\n", encoding="utf-8")
    (src / "broken.txt").symlink_to(src / "nowhere.txt")

    from pipeline import stages

    real = stages.discover_sources

    def vanishing(folder, **options):
        found = real(folder, **options)
        found.append(stages.SourceFile(path=folder / "vanished.txt", doc_id="vanished", rel_path="vanished.txt"))
        return found

    monkeypatch.setattr(stages, "discover_sources", vanishing)
    result = run(workspace, max_bytes=50_000)
    docs = read(workspace, "extracted", "documents").set_index("doc_id")
    expect = {
        "empty": "empty", "binary": "binary", "big": "too large", "folder": "folder",
        "broken": "broken link", "vanished": "disappeared",
    }
    for doc_id, words in expect.items():
        assert docs.loc[doc_id, "status"] == "error", doc_id
        assert words in docs.loc[doc_id, "error"], (doc_id, docs.loc[doc_id, "error"])
    assert docs.loc["latin1", "status"] == "ok" and "not UTF-8" in docs.loc["latin1", "warnings"]
    assert docs.loc["with space é", "status"] == "ok"
    assert set(result.errors) == set(expect)
    curated = read(workspace, "curated", "documents")
    assert not set(expect) & set(curated["doc_id"])
    assert docs.loc["002_5ad86a8f0a88f18a", "status"] == "ok"


def test_review_decisions_shape_the_next_run(workspace, monkeypatch):
    from pipeline.review.store import append_decision, make_decision
    from pipeline.vocab import snapshot

    run(workspace)
    flags = read(workspace, "extracted", "flags").set_index("flag_id", drop=False)
    unknown = flags[flags["kind"] == "unknown_drug"]
    by_text = {r.text: r for r in unknown.itertuples(index=False)}
    dose_flag = flags[flags["kind"] == "dose_unlinked"].iloc[0]
    reviews = workspace.annotations / "reviews.jsonl"

    def decide(row, decision, correction=None):
        append_decision(reviews, make_decision(flag=dict(row._asdict() if hasattr(row, "_asdict") else row),
                                               source_text=None, decision=decision, reviewer="tester",
                                               correction=correction, claim_tables=["doses"] if correction else None))

    decide(by_text["Mukartrin"], "reject")
    decide(by_text["Inoltra"], "accept")
    decide(dose_flag.to_dict(), "correct", {"drug": "salmon calcitonin"})

    # the source loses the quote of one decided flag: that decision must go stale
    src = workspace.sources / "003_0953716f3ac3655b.txt"
    src.write_text(src.read_text(encoding="utf-8").replace("“Inoltra”", "“Artra”"), encoding="utf-8")
    # the NLP is loaded once per process: only the run itself says where its snapshots live
    monkeypatch.setattr(snapshot, "_folder", None)
    result = run(workspace)
    assert snapshot._folder == (workspace.cache_dir / snapshot.SNAPSHOT_FOLDER).resolve()

    curated_drugs = read(workspace, "curated", "drugs")
    extracted_drugs = read(workspace, "extracted", "drugs").set_index("text")
    assert "Mukartrin" not in set(curated_drugs["text"])
    assert extracted_drugs.loc["Mukartrin", "review_status"] == "rejected"
    ossin = curated_drugs.set_index("text").loc["Ossin"]  # a known brand of sodium fluoride: never flagged
    assert (ossin["name"], ossin["review_status"]) == ("sodium fluoride", "clean")
    dose_id = dose_flag["claim_ids"]
    curated_doses = read(workspace, "curated", "doses").set_index("claim_id")
    assert curated_doses.loc[dose_id, "drug"] == "salmon calcitonin"
    assert curated_doses.loc[dose_id, "review_status"] == "corrected"
    # pending flags keep their claims out of curated/ (e.g. the new unknown drug "Artra")
    assert "Artra" not in set(curated_drugs["text"])
    stale = result.manifest["stale_decisions"]
    assert [s["quote"] for s in stale] == ["Inoltra"]
    queue = pd.read_csv(workspace.output / "review" / "queue.csv")
    assert by_text["Mukartrin"].flag_id not in set(queue["flag_id"])


def test_a_local_dask_cluster_gives_the_same_dataset(workspace, tmp_path):
    from pipeline.flows.curate import run_curate

    run_curate(workspace.model_copy(update={"batch_size": 2}))
    run_curate(workspace.model_copy(update={
        "batch_size": 2, "runner": "dask", "dask_workers": 2,
        "output": tmp_path / "dask-output", "cache_dir": tmp_path / "dask-cache",
    }))
    for table in TABLES:
        default = read(workspace, "extracted", table)
        dask = pd.read_parquet(tmp_path / "dask-output" / "extracted" / f"{table}.parquet")
        pd.testing.assert_frame_equal(default, dask, obj=table)
