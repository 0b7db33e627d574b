from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.dataset import publish as publish_mod
from pipeline.dataset.publish import CURRENT, RUNS, publish, recover, write_dataset
from pipeline.dataset.schema import TABLES, to_frame
from pipeline.status import source_status


def tables(n_docs: int = 1) -> dict[str, pd.DataFrame]:
    out = {name: to_frame(name, []) for name in TABLES}
    out["documents"] = to_frame("documents", [
        {"doc_id": f"d{i}", "status": "ok", "credibility": 0.5, "n_chars": 1, "n_words": 1,
         "source_format": "text", "offsets_refer_to": "source"} for i in range(n_docs)
    ])
    out["flags"] = to_frame("flags", [
        {"flag_id": "f_low", "kind": "dubious", "severity": "low", "doc_id": "d0", "start": 5, "review_status": "pending"},
        {"flag_id": "f_high", "kind": "dubious", "severity": "high", "doc_id": "d0", "start": 9, "review_status": "pending"},
        {"flag_id": "f_done", "kind": "dubious", "severity": "high", "doc_id": "d0", "start": 1, "review_status": "accepted"},
    ][: 3 if n_docs == 1 else 2])
    return out


def manifest(run_id: str) -> dict:
    return {"run_id": run_id, "schema_version": 2, "finished_at": f"time of {run_id}"}


def visible(output: Path) -> dict[str, bytes]:
    """Every file a reader finds at the contract's paths (links followed, .runs hidden)."""
    found = {}
    for root, dirs, files in os.walk(output, followlinks=True):
        rel = Path(root).relative_to(output)
        dirs[:] = [d for d in dirs if not d.startswith(".") and (rel != Path(".") or d != CURRENT)]
        for name in files:
            if not name.startswith("."):
                found[str(rel / name)] = (Path(root) / name).read_bytes()
    return found


def test_publish_writes_every_layer(tmp_path: Path):
    out = publish(tmp_path / "output", tables(), manifest("r1"))
    for name in TABLES:
        assert (out / "extracted" / f"{name}.parquet").exists()
        assert (out / "extracted" / f"{name}.csv").exists()
    assert (out / "curated" / "flags.parquet").exists()
    assert not (out / "curated" / "blocks.parquet").exists()
    queue = pd.read_csv(out / "review" / "queue.csv")
    assert list(queue["flag_id"]) == ["f_high", "f_low"]  # pending only, most severe first
    assert json.loads((out / "manifest.json").read_text())["run_id"] == "r1"
    curated_flags = pd.read_parquet(out / "curated" / "flags.parquet")
    assert list(curated_flags["flag_id"]) == ["f_done"]


def test_the_layout_is_one_run_folder_behind_relative_links(tmp_path: Path):
    out = publish(tmp_path / "output", tables(), manifest("r1"))
    publish(out, tables(2), manifest("r2"))
    assert os.readlink(out / CURRENT) == f"{RUNS}/r2"
    assert sorted(p.name for p in (out / RUNS).iterdir()) == ["r2"]  # the previous run is gone
    for name in ("extracted", "curated", "review", "manifest.json", "README.md", "datapackage.json"):
        assert os.readlink(out / name) == f"{CURRENT}/{name}", name
    assert sorted(p.name for p in out.iterdir() if not p.is_symlink()) == [RUNS]
    # relative links: the folder can be moved or mounted elsewhere and still read
    moved = tmp_path / "moved"
    out.rename(moved)
    assert json.loads((moved / "manifest.json").read_text())["run_id"] == "r2"
    assert len(pd.read_parquet(moved / "extracted" / "documents.parquet")) == 2


def test_failure_mid_write_leaves_the_previous_dataset(tmp_path: Path, monkeypatch):
    output = tmp_path / "output"
    publish(output, tables(), manifest("r1"))
    before = visible(output)
    calls = {"n": 0}
    real = publish_mod._write_table

    def failing(folder, name, *frame_or_table):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(folder, name, *frame_or_table)

    monkeypatch.setattr(publish_mod, "_write_table", failing)
    with pytest.raises(OSError, match="disk full"):
        publish(output, tables(2), manifest("r2"))
    assert visible(output) == before
    assert [p.name for p in (output / RUNS).iterdir()] == ["r1"]


def test_a_first_run_that_fails_leaves_the_folder_empty(tmp_path: Path, monkeypatch):
    """An empty folder is one the output guard accepts next time."""
    def boom(folder, name, *frame_or_table):
        raise OSError("disk full")

    monkeypatch.setattr(publish_mod, "_write_table", boom)
    with pytest.raises(OSError):
        publish(tmp_path / "output", tables(), manifest("r1"))
    assert list((tmp_path / "output").iterdir()) == []


def test_publishing_never_renames_the_output_folder(tmp_path: Path, monkeypatch):
    """A mount point cannot be renamed (EBUSY): the older two-rename swap failed every time."""
    output = (tmp_path / "mnt").resolve()
    output.mkdir()
    write_dataset(output, tables(), manifest("r0"))  # a dataset of the older layout, migrated too
    real_rename, real_replace = os.rename, os.replace

    def refuse(real):
        def call(src, dst, *args, **kwargs):
            if os.path.abspath(src) == str(output) or os.path.abspath(dst) == str(output):
                raise OSError(errno.EBUSY, "Device or resource busy", str(src))
            return real(src, dst, *args, **kwargs)
        return call

    monkeypatch.setattr(os, "rename", refuse(real_rename))
    monkeypatch.setattr(os, "replace", refuse(real_replace))
    with pytest.raises(OSError, match="busy"):
        os.rename(output, tmp_path / "elsewhere")  # the simulation does bite
    publish(output, tables(), manifest("r1"))
    publish(output, tables(2), manifest("r2"))
    assert json.loads((output / "manifest.json").read_text())["run_id"] == "r2"
    assert len(pd.read_parquet(output / "extracted" / "documents.parquet")) == 2


def test_same_run_id_twice_never_overwrites_the_current_run(tmp_path: Path):
    out = publish(tmp_path / "output", tables(), manifest("r1"))
    publish(out, tables(2), manifest("r1"))
    assert len(pd.read_parquet(out / "extracted" / "documents.parquet")) == 2
    assert len(list((out / RUNS).iterdir())) == 1


def test_recover_removes_what_a_killed_run_half_wrote(tmp_path: Path):
    out = publish(tmp_path / "output", tables(), manifest("r1"))
    before = visible(out)
    (out / RUNS / "r2" / "extracted").mkdir(parents=True)
    (out / RUNS / "r2" / "extracted" / "documents.parquet").write_bytes(b"half")
    os.symlink(f"{RUNS}/r2", out / f".{CURRENT}.link-tmp")
    (out / ".extracted.legacy").mkdir()
    assert recover(out)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [RUNS]
    assert [p.name for p in (out / RUNS).iterdir()] == ["r1"]
    assert visible(out) == before


def test_an_old_layout_folder_is_migrated_without_losing_it_until_the_swap(tmp_path: Path, monkeypatch):
    output = tmp_path / "output"
    write_dataset(output, tables(), manifest("r1"))  # what the older publish left: real folders
    old = visible(output)
    real_swap = publish_mod.swap
    seen = {}

    def checked_swap(out, name):
        seen["before swap"] = visible(out)
        real_swap(out, name)

    monkeypatch.setattr(publish_mod, "swap", checked_swap)
    publish(output, tables(2), manifest("r2"))
    assert seen["before swap"] == old
    assert json.loads((output / "manifest.json").read_text())["run_id"] == "r2"
    assert all((output / n).is_symlink() for n in ("extracted", "curated", "review", "manifest.json"))
    assert [p.name for p in (output / RUNS).iterdir()] == ["r2"]


def small_dataset(folder: Path, tables: dict, manifest: dict, texts=None) -> None:
    """A stand-in for write_dataset with the same top-level entries, written in
    milliseconds, so a publish can be killed at each of its steps in turn."""
    run = manifest["run_id"]
    for layer in ("extracted", "curated"):
        (folder / layer).mkdir(parents=True, exist_ok=True)
        for table in ("documents", "flags"):
            (folder / layer / f"{table}.csv").write_text(f"{table} of {run}\n", encoding="utf-8")
    (folder / "review").mkdir()
    (folder / "review" / "queue.csv").write_text(f"flag_id,severity\nf_{run},high\n", encoding="utf-8")
    (folder / "README.md").write_text("the dataset\n", encoding="utf-8")
    (folder / "datapackage.json").write_text("{}\n", encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


class Killed(BaseException):
    """The process died here: raised by every file operation from then on, so no clean-up runs."""


def kill_at(monkeypatch, step: int, on_step=None) -> dict[str, int]:
    """Count publish's file operations; the ``step``-th and all later ones raise Killed."""
    count = {"n": 0}

    def wrap(real):
        def call(*args, **kwargs):
            count["n"] += 1
            if on_step is not None:
                on_step()
            if count["n"] >= step:
                raise Killed
            return real(*args, **kwargs)
        return call

    for name in ("rename", "replace", "symlink", "unlink", "rmdir", "link", "mkdir"):
        monkeypatch.setattr(os, name, wrap(getattr(os, name)))
    monkeypatch.setattr(publish_mod, "_write_table", wrap(publish_mod._write_table))
    return count


@pytest.mark.parametrize("layout", ["runs", "older"])
def test_a_kill_at_any_step_leaves_a_complete_dataset_and_the_next_run_cleans_up(tmp_path: Path, layout,
                                                                                 monkeypatch):
    monkeypatch.setattr(publish_mod, "write_dataset", small_dataset)
    seed = tmp_path / "seed"
    if layout == "runs":
        publish(seed, {}, manifest("r1"))
    else:
        seed.mkdir()
        small_dataset(seed, {}, manifest("r1"))
    old = visible(seed)
    new_out = publish(tmp_path / "new", {}, manifest("r2"))
    new = visible(new_out)
    assert old != new
    step, outcomes = 1, set()
    while True:
        output = tmp_path / f"kill{step}"
        shutil.copytree(seed, output, symlinks=True)
        with pytest.MonkeyPatch.context() as mp:
            count = kill_at(mp, step)
            try:
                publish(output, {}, manifest("r2"))
                killed = False
            except Killed:
                killed = True
        now = visible(output)
        assert now in (old, new), f"killed at step {step}: a reader sees neither dataset whole"
        outcomes.add("old" if now == old else "new")
        publish(output, {}, manifest("r3"))  # the next run repairs and publishes
        assert sorted(p.name for p in output.iterdir() if p.name.startswith(".")) == [RUNS]
        assert [p.name for p in (output / RUNS).iterdir()] == ["r3"]
        assert json.loads((output / "manifest.json").read_text())["run_id"] == "r3"
        shutil.rmtree(output)
        if not killed:
            break
        step += 1
    assert step > 20 and outcomes == {"old", "new"}, (step, count, outcomes)


def test_status_never_sees_a_missing_dataset_during_publish(tmp_path: Path, monkeypatch):
    """The older publish had a moment between two renames where ``pipeline status`` said
    "review queue: none yet"; status is asked at every file operation of a publish here."""
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "d0.txt").write_text("Gout is a form of arthritis.\n", encoding="utf-8")
    monkeypatch.setattr(publish_mod, "write_dataset", small_dataset)
    output = tmp_path / "output"
    output.mkdir()
    small_dataset(output, {}, manifest("r1"))  # the older layout: the migration is covered too
    seen = []

    def ask_status():
        report = source_status(sources, output)
        seen.append((report.last_run, report.queue_size))

    with pytest.MonkeyPatch.context() as mp:
        kill_at(mp, step=10**9, on_step=ask_status)
        publish(output, {}, manifest("r2"))
    assert len(seen) > 20
    assert {run for run, _ in seen} == {"r1 at time of r1", "r2 at time of r2"}
    assert all(size is not None for _, size in seen), "status saw no review queue"


def test_curated_doses_never_point_at_an_unpublished_drug():
    from pipeline.dataset.publish import unlink_unpublished_drugs
    from pipeline.dataset.schema import to_frame

    doses = to_frame("doses", [
        {"claim_id": "d1", "drug": "ossin", "drug_mention_id": "m1", "start": 0, "end": 5},
        {"claim_id": "d2", "drug": "meloxicam", "drug_mention_id": "m2", "start": 6, "end": 9},
        {"claim_id": "d3", "drug": "", "drug_mention_id": "", "start": 10, "end": 12},
    ])
    drugs = to_frame("drugs", [{"mention_id": "m2", "start": 0, "end": 3}])
    out = unlink_unpublished_drugs(doses, drugs).set_index("claim_id")
    assert out.loc["d1", "drug_mention_id"] == "" and "not published" in out.loc["d1", "drug_mention_note"]
    assert out.loc["d2", "drug_mention_id"] == "m2" and out.loc["d2", "drug_mention_note"] == ""
    assert out.loc["d3", "drug_mention_note"] == ""


def test_the_csv_holds_the_parquet_rows_as_a_csv_reader_expects(tmp_path: Path):
    """CSV and Parquet are written from one Arrow table; the CSV keeps pandas' spelling of
    booleans and floats, so a reader that infers types reads the same values and types."""
    frame = to_frame("doses", [
        {"claim_id": "c1", "doc_id": "d0", "drug": "naproxen", "amount": 500.0, "unit": "mg",
         "frequency_per_day": 2.0, "duration_is_limit": True, "start": 3, "end": 9,
         "evidence": 'Take 500 mg, "twice" a day\nwith food', "review_status": "clean"},
        {"claim_id": "c2", "doc_id": "d0", "drug": "aspirin", "amount": 0.25, "unit": "g",
         "frequency_per_day": float("nan"), "duration_is_limit": False, "start": 10, "end": 20,
         "evidence": "", "review_status": "clean"},
    ])
    publish_mod._write_table(tmp_path, "doses", frame)
    parquet = pd.read_parquet(tmp_path / "doses.parquet")
    pd.testing.assert_frame_equal(parquet, frame)
    csv = pd.read_csv(tmp_path / "doses.csv", keep_default_na=False, na_values=[""])
    assert list(csv.columns) == list(frame.columns)
    assert csv["amount"].dtype == "float64" and list(csv["amount"]) == [500.0, 0.25]
    assert csv["frequency_per_day"].iloc[0] == 2.0 and pd.isna(csv["frequency_per_day"].iloc[1])
    assert list(csv["duration_is_limit"]) == [True, False]
    assert csv["evidence"].iloc[0] == 'Take 500 mg, "twice" a day\nwith food'
    text = (tmp_path / "doses.csv").read_text(encoding="utf-8")
    assert '"500.0"' in text and '"True"' in text and "false" not in text  # strings are quoted


def test_nullable_integers_are_empty_in_the_csv(tmp_path: Path):
    frame = tables()["flags"]
    publish_mod._write_table(tmp_path, "flags", frame)
    csv = pd.read_csv(tmp_path / "flags.csv")
    assert list(csv["start"]) == [5, 9, 1]
    assert csv["other_start"].isna().all()
