"""A web page's offsets refer to its extracted text, which is published beside the dataset."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline import stages
from pipeline.dataset.manifest import build_manifest
from pipeline.dataset.publish import write_dataset
from pipeline.ingest.document import discover_sources
from pipeline.text_store import TextStore

FIXTURES = Path(__file__).resolve().parents[1] / "ingest" / "fixtures"


@pytest.fixture
def page_dataset(tmp_path, nlp):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(FIXTURES / "saved_page.html", src / "saved_page.html")
    store = TextStore(tmp_path / "cache")
    ingested = stages.ingest(discover_sources(src), 1 << 20, cache=None, texts=store)
    frames, _ = stages.extract(ingested, lambda: nlp, cache=None)
    tables = stages.cross_document(frames).tables
    manifest = build_manifest(run_id="r", started_at="a", finished_at="b", fingerprints={}, tables=tables,
                              previous=None, extracted=[], from_cache=[], stale=[], review_problems=(),
                              settings={})
    out = tmp_path / "out"
    write_dataset(out, tables, manifest, store)
    return out, tables, manifest


def test_every_offset_of_a_page_indexes_its_published_text(page_dataset):
    out, tables, manifest = page_dataset
    doc = tables["documents"].iloc[0]
    assert doc["status"] == "ok" and doc["offsets_refer_to"] == "extracted"
    data = (out / doc["text_path"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == doc["text_sha256"] == manifest["sources"][0]["text_sha256"]
    text = data.decode("utf-8")
    for name in ("conditions", "drugs"):
        frame = tables[name]
        assert all(text[s:e] == t for s, e, t in zip(frame["start"], frame["end"], frame["text"]))
    for name in ("causes", "doses", "treatments"):
        frame = tables[name]
        assert all(text[s:e] == t for s, e, t in zip(frame["start"], frame["end"], frame["evidence"]))
    assert len(pd.concat([tables["conditions"], tables["drugs"]])) > 0


def test_a_missing_text_publishes_nothing(tmp_path, page_dataset):
    _, tables, manifest = page_dataset
    with pytest.raises(FileNotFoundError):
        write_dataset(tmp_path / "again", tables, manifest, TextStore(tmp_path / "empty-cache"))
