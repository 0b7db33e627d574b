from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.dataset import publish as publish_mod
from pipeline.dataset.publish import publish, recover
from pipeline.dataset.schema import TABLES, to_frame


def tables(n_docs: int = 1) -> dict[str, pd.DataFrame]:
    out = {name: to_frame(name, []) for name in TABLES}
    out["documents"] = to_frame("documents", [
        {"doc_id": f"d{i}", "status": "ok", "credibility": 0.5, "n_chars": 1, "n_words": 1} for i in range(n_docs)
    ])
    out["flags"] = to_frame("flags", [
        {"flag_id": "f_low", "severity": "low", "doc_id": "d0", "start": 5, "review_status": "pending"},
        {"flag_id": "f_high", "severity": "high", "doc_id": "d0", "start": 9, "review_status": "pending"},
        {"flag_id": "f_done", "severity": "high", "doc_id": "d0", "start": 1, "review_status": "accepted"},
    ])
    return out


def manifest(run_id: str) -> dict:
    return {"run_id": run_id, "schema_version": 1}


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


def test_failure_mid_write_leaves_the_previous_dataset(tmp_path: Path, monkeypatch):
    output = tmp_path / "output"
    publish(output, tables(), manifest("r1"))
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    calls = {"n": 0}
    real = publish_mod._write_table

    def failing(folder, name, frame):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        real(folder, name, frame)

    monkeypatch.setattr(publish_mod, "_write_table", failing)
    with pytest.raises(OSError, match="disk full"):
        publish(output, tables(2), manifest("r2"))
    after = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".output.staging-*"))


def test_recover_restores_a_dataset_caught_between_renames(tmp_path: Path):
    output = tmp_path / "output"
    publish(output, tables(), manifest("r1"))
    output.rename(tmp_path / ".output.previous")  # crash after the first rename
    assert recover(output)
    assert json.loads((output / "manifest.json").read_text())["run_id"] == "r1"


def test_committed_output_readme_matches_the_generated_one(project_root):
    assert (project_root / "output" / "README.md").read_text() == publish_mod.output_readme()
