"""Write a complete dataset beside ``output/`` and swap it in, or change nothing.

The new dataset is written to a staging folder next to the output folder, validated,
and only then swapped in with two renames; the previous dataset is removed last. If a
run dies between the renames, the next run finds the backup and restores it before
doing anything else, so readers never see a half-written or mixed dataset.
"""
from __future__ import annotations

import json
import shutil
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.dataset.queue import QUEUE_COLUMNS, review_queue  # noqa: F401 (QUEUE_COLUMNS re-exported)
from pipeline.dataset.describe import CURATED_TABLES, data_dictionary, datapackage, layers
from pipeline.dataset.schema import PUBLISHABLE, REVIEWED_TABLES, TABLES, validate

EXTRACTED = "extracted"
CURATED = "curated"
#: Tables published under curated/ (blocks are reviewer material, not downstream data).


def _staging(output: Path, run_id: str) -> Path:
    return output.parent / f".{output.name}.staging-{run_id}"


def _backup(output: Path) -> Path:
    return output.parent / f".{output.name}.previous"


def recover(output: Path) -> bool:
    """Restore the previous dataset if a crash hit between the two renames of a swap."""
    backup = _backup(output)
    if backup.is_dir() and not output.exists():
        backup.rename(output)
        return True
    if backup.is_dir() and output.exists():
        shutil.rmtree(backup)
    for stale in output.parent.glob(f".{output.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    return False


def curated_frame(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    if table in REVIEWED_TABLES:
        return frame[frame["review_status"].isin(PUBLISHABLE)].reset_index(drop=True)
    if table == "documents":
        return frame[frame["status"] == "ok"].reset_index(drop=True)
    return frame


def _write_table(folder: Path, name: str, frame: pd.DataFrame) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(folder / f"{name}.parquet", index=False, engine="pyarrow")
    frame.to_csv(folder / f"{name}.csv", index=False)


def output_readme() -> str:
    """The dataset's README: what the output folder holds, then the data dictionary."""
    intro = (files("pipeline.dataset") / "OUTPUT_README.md").read_text(encoding="utf-8")
    return intro.rstrip("\n") + "\n\n" + data_dictionary(layers()) + "\n"


def package_descriptor(manifest: dict[str, Any]) -> dict[str, Any]:
    """``datapackage.json``: every table of both layers with types, keys and value lists."""
    sources = [{"title": s["doc_id"], "path": s.get("source_path", ""), "sha256": s.get("sha256", "")}
               for s in manifest.get("sources", [])]
    return datapackage(layers(), sources)


def write_dataset(folder: Path, tables: dict[str, pd.DataFrame], manifest: dict[str, Any]) -> None:
    """Write every table (extracted + curated), the review queue, manifest, README and
    the Frictionless descriptor ``datapackage.json``."""
    for name in TABLES:
        frame = validate(name, tables[name])
        _write_table(folder / EXTRACTED, name, frame)
        if name in CURATED_TABLES:
            _write_table(folder / CURATED, name, curated_frame(name, frame))
    (folder / "review").mkdir(parents=True, exist_ok=True)
    review_queue(tables["flags"], tables["documents"]).to_csv(folder / "review" / "queue.csv", index=False)
    (folder / "README.md").write_text(output_readme(), encoding="utf-8")
    (folder / "datapackage.json").write_text(json.dumps(package_descriptor(manifest), indent=2) + "\n",
                                             encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")


def publish(output: Path, tables: dict[str, pd.DataFrame], manifest: dict[str, Any]) -> Path:
    """Write the dataset aside, then swap it in. The previous dataset survives any failure."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    recover(output)
    staging = _staging(output, str(manifest["run_id"]))
    if staging.exists():
        shutil.rmtree(staging)
    try:
        write_dataset(staging, tables, manifest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    backup = _backup(output)
    if output.exists():
        output.rename(backup)
    staging.rename(output)
    shutil.rmtree(backup, ignore_errors=True)
    return output
