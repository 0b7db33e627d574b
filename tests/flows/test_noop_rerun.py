"""Fast reruns through the real flow (#19): a rerun that finds nothing changed publishes
the same dataset without extracting, a review decision still changes curated/, and an
edited source is the only one extracted again, its neighbours' rows coming from the
consolidated store; the result is row for row what a full run gives.
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

EDITED = "004_3dcbd09f3d3d5118"
REMOVED = "000_9a5e9d7d0e1438ab"


@pytest.fixture
def workspace(tmp_path: Path, seeds_dir: Path, prefect_harness) -> Settings:
    shutil.copytree(seeds_dir, tmp_path / "sources")
    (tmp_path / "annotations").mkdir()
    return Settings(sources=tmp_path / "sources", output=tmp_path / "output", annotations=tmp_path / "annotations",
                    cache_dir=tmp_path / "cache")


def run(settings: Settings, **changes):
    from pipeline.flows.curate import curate

    return curate(settings.model_copy(update=changes))


def tables(output: Path, layer: str = "extracted") -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(output / layer / f"{t}.parquet") for t in TABLES if (output / layer / f"{t}.parquet").exists()}


def test_reruns_extract_only_what_changed_and_publish_what_a_full_run_publishes(workspace, tmp_path):
    from pipeline.review.store import append_decision, make_decision

    first = run(workspace)
    published = tables(workspace.output)
    doc_ids = sorted(published["documents"]["doc_id"])

    noop = run(workspace)
    assert noop.extracted == [] and noop.manifest["run_id"] != first.manifest["run_id"]
    on_disk = json.loads((workspace.output / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk["run_id"] == noop.manifest["run_id"]
    assert on_disk["changes"]["unchanged"] == doc_ids and on_disk["from_cache"] == doc_ids
    for name, frame in tables(workspace.output).items():
        pd.testing.assert_frame_equal(frame, published[name], obj=name)

    # a decision appended to the review log changes curated/ although no source changed
    flags = published["flags"]
    unknown = flags[flags["kind"] == "unknown_drug"].iloc[0].to_dict()
    assert unknown["text"] in set(tables(workspace.output, "extracted")["drugs"]["text"])
    append_decision(workspace.reviews_path, make_decision(flag=unknown, source_text=None, decision="reject",
                                                          reviewer="tester"))
    reviewed = run(workspace)
    assert reviewed.extracted == [] and sorted(reviewed.manifest["from_cache"]) == doc_ids
    drugs = tables(workspace.output)["drugs"].set_index("mention_id")
    rejected = [c for c in str(unknown["claim_ids"]).split(";") if c]
    assert set(drugs.loc[rejected, "review_status"]) == {"rejected"}
    assert not set(rejected) & set(tables(workspace.output, "curated")["drugs"]["mention_id"])

    # one source edited, one removed; without the per-document entries, the unchanged
    # sources' rows can only come from the consolidated store
    edited = workspace.sources / f"{EDITED}.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nGout is caused by uric acid crystals.\n", encoding="utf-8")
    (workspace.sources / f"{REMOVED}.txt").unlink()
    shutil.rmtree(workspace.cache_dir / "entries")
    third = run(workspace)
    assert third.extracted == [EDITED]
    assert third.manifest["changes"]["modified"] == [EDITED] and third.manifest["changes"]["removed"] == [REMOVED]
    assert sorted(third.manifest["from_cache"]) == sorted(set(doc_ids) - {EDITED, REMOVED})
    now = tables(workspace.output)
    assert all(REMOVED not in set(frame["doc_id"]) for frame in now.values())

    full = run(workspace, output=tmp_path / "full-output", cache_dir=tmp_path / "full-cache", full=True)
    assert sorted(full.extracted) == sorted(set(doc_ids) - {REMOVED})
    for name, frame in tables(tmp_path / "full-output").items():
        pd.testing.assert_frame_equal(now[name], frame, obj=name)
