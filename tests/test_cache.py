from __future__ import annotations

import errno
import json
import logging
import os
import time
from pathlib import Path

import pytest

from pipeline.cache import ExtractionCache

SHA_A = "a" * 64
SHA_B = "b" * 64


def rows(doc_id: str, n: int = 1) -> dict:
    return {"documents": [{"doc_id": doc_id, "status": "ok"}],
            "conditions": [{"doc_id": doc_id, "name": f"condition {i}"} for i in range(n)]}


def entry_path(cache: ExtractionCache, doc_id: str, sha: str) -> Path:
    cache.put(doc_id, sha, rows(doc_id))
    [path] = cache.root.rglob(f"{sha}-*.json")
    return path


def test_a_hit_needs_the_same_content_fingerprint_and_doc_id(tmp_path: Path):
    cache = ExtractionCache(tmp_path, "fp1")
    cache.put("doc", SHA_A, rows("doc", 2))
    assert cache.get("doc", SHA_A) == rows("doc", 2)
    assert cache.get("doc", SHA_B) is None  # the source changed
    assert ExtractionCache(tmp_path, "fp2").get("doc", SHA_A) is None  # rules or model changed
    assert cache.get("other", SHA_A) is None  # same bytes under another name: its ids differ


@pytest.mark.parametrize("content", [
    b"[]", b'"rows"', b"{}", b'{"rows": []}', b'{"rows": {"documents": "x"}}',
    b'{"rows": {"documents": [1, 2]}}', b'{"rows": {"documents": []}}',
    b'{"doc_id": "doc", "sha256": "' + SHA_A.encode() + b'", "fingerprint": "fp", "rows": {"docu',  # truncated
    b"\xff\xfe not utf-8",
])
def test_a_bad_entry_is_discarded_logged_and_re_extracted(tmp_path: Path, content: bytes, caplog):
    cache = ExtractionCache(tmp_path, "fp")
    path = entry_path(cache, "doc", SHA_A)
    path.write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="pipeline.cache"):
        assert cache.get("doc", SHA_A) is None
    assert "unusable" in caplog.text and "re-extracting" in caplog.text
    assert not path.exists()
    cache.put("doc", SHA_A, rows("doc"))  # the re-extracted rows replace it
    assert cache.get("doc", SHA_A) == rows("doc")


def test_an_entry_of_another_document_under_this_key_is_refused(tmp_path: Path):
    cache = ExtractionCache(tmp_path, "fp")
    path = entry_path(cache, "doc", SHA_A)
    entry = json.loads(path.read_text())
    entry["rows"] = rows("someone_else")
    path.write_text(json.dumps(entry))
    assert cache.get("doc", SHA_A) is None


def test_a_full_disk_is_a_warning_not_a_failure(tmp_path: Path, monkeypatch, caplog):
    cache = ExtractionCache(tmp_path, "fp")

    real_replace = os.replace

    def full(src, dst, *args, **kwargs):  # the disk holding the cache is full
        if str(dst).startswith(str(tmp_path)):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full)
    with caplog.at_level(logging.WARNING, logger="pipeline.cache"):
        assert cache.put("doc", SHA_A, rows("doc")) is False
        assert cache.put("doc2", SHA_B, rows("doc2")) is False
    assert "No space left on device" in caplog.text
    assert caplog.text.count("could not write") == 1  # one warning, not one per document
    assert not list(tmp_path.rglob("*.tmp"))  # no half-written file left
    assert cache.get("doc", SHA_A) is None


def test_a_cache_folder_that_cannot_be_created_is_a_warning(tmp_path: Path, caplog):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    cache = ExtractionCache(blocker, "fp")
    with caplog.at_level(logging.WARNING, logger="pipeline.cache"):
        assert cache.put("doc", SHA_A, rows("doc")) is False
        assert cache.get("doc", SHA_A) is None
        assert cache.prune() == 0
    assert "could not write the cache entry for doc" in caplog.text


def test_another_sources_folder_does_not_prune_the_first_folders_entries(tmp_path: Path):
    """#13: a run on a second folder emptied the cache of the first."""
    first = ExtractionCache(tmp_path, "fp")
    for i in range(3):
        first.put(f"seed{i}", f"{i}" * 64, rows(f"seed{i}"))
    second = ExtractionCache(tmp_path, "fp")
    second.put("other", SHA_B, rows("other"))
    assert second.prune() == 0
    assert all(first.get(f"seed{i}", f"{i}" * 64) is not None for i in range(3))


def test_prune_keeps_the_most_recently_used_entries_within_the_size_bound(tmp_path: Path):
    probe = ExtractionCache(tmp_path / "probe", "fp")
    probe.put("doc0", "0" * 64, rows("doc0", 50))
    size = probe.size()
    cache = ExtractionCache(tmp_path, "fp", max_bytes=int(size * 2.5))
    now = time.time()
    for i in range(4):
        cache.put(f"doc{i}", f"{i}" * 64, rows(f"doc{i}", 50))
        [path] = cache.root.rglob(f"{i}" * 64 + "-*.json")
        os.utime(path, (now - 1000 + i, now - 1000 + i))  # doc0 oldest ... doc3 newest
    assert cache.get("doc0", "0" * 64) is not None  # a hit makes doc0 the most recent
    assert cache.prune() == 2
    assert cache.size() <= cache.max_bytes
    kept = {d for d in ("doc0", "doc1", "doc2", "doc3") if cache.get(d, d[-1] * 64) is not None}
    assert kept == {"doc0", "doc3"}


def test_prune_removes_the_first_formats_entries_and_stale_temporary_files(tmp_path: Path):
    legacy = tmp_path / "docs"
    legacy.mkdir()
    (legacy / "seed.json").write_text(json.dumps({"doc_id": "seed", "rows": {}}))
    cache = ExtractionCache(tmp_path, "fp")
    cache.put("doc", SHA_A, rows("doc"))
    stale = next(cache.root.rglob("*.json")).with_name("x.tmp")
    stale.write_text("half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    fresh = stale.with_name("y.tmp")
    fresh.write_text("being written by a run right now")
    assert cache.prune() == 1
    assert not (legacy / "seed.json").exists() and not stale.exists() and fresh.exists()
    assert cache.get("doc", SHA_A) is not None


# ------------------------------------------------------------------ the consolidated store

import pandas as pd  # noqa: E402

from pipeline.cache import FrameStore  # noqa: E402


def frames(*doc_ids: str) -> dict[str, pd.DataFrame]:
    return {"documents": pd.DataFrame({"doc_id": list(doc_ids), "status": ["ok"] * len(doc_ids)}),
            "conditions": pd.DataFrame({"doc_id": [d for d in doc_ids for _ in range(2)],
                                        "start": pd.array([i for d in doc_ids for i in (0, 7)], dtype="Int64")})}


def test_the_store_serves_the_rows_of_the_documents_asked_for_in_their_order(tmp_path: Path):
    store = FrameStore(tmp_path, tmp_path / "sources", "fp")
    assert store.index() == {} and store.frames(["a"]) is None  # nothing stored yet
    index = {"a": (SHA_A, "a.txt"), "b": (SHA_B, "b.txt")}
    assert store.save(index, frames("a", "b"))
    assert store.index() == index
    got = store.frames(["b"])
    pd.testing.assert_frame_equal(got["conditions"], frames("b")["conditions"])
    assert list(got["documents"]["doc_id"]) == ["b"]
    assert got["conditions"]["start"].dtype == "Int64"  # types survive the file


def test_a_prefetched_store_is_handed_to_the_next_read_once(tmp_path: Path, monkeypatch):
    """What the warm-up read while the server started is what frames() serves, without
    reading the file again; the copy is not kept after."""
    from pipeline import cache

    store = FrameStore(tmp_path, tmp_path / "sources", "fp")
    assert not store.prefetch()  # nothing stored yet
    store.save({"a": (SHA_A, "a.txt"), "b": (SHA_B, "b.txt")}, frames("a", "b"))
    assert store.prefetch()
    reads = []
    real_read = FrameStore._read
    monkeypatch.setattr(FrameStore, "_read", lambda self: reads.append(1) or real_read(self))
    got = store.frames(["b"])
    assert reads == [] and list(got["documents"]["doc_id"]) == ["b"]
    pd.testing.assert_frame_equal(got["conditions"], frames("b")["conditions"])
    assert cache._PREFETCHED == {}
    assert list(store.frames(["a"])["documents"]["doc_id"]) == ["a"] and reads == [1]  # read from the file


def test_a_prefetch_of_a_store_replaced_since_is_not_served(tmp_path: Path):
    store = FrameStore(tmp_path, tmp_path / "sources", "fp")
    store.save({"a": (SHA_A, "a.txt")}, frames("a"))
    assert store.prefetch()
    store.save({"a": (SHA_A, "a.txt"), "b": (SHA_B, "b.txt")}, frames("a", "b"))
    assert list(store.frames(["a", "b"])["documents"]["doc_id"]) == ["a", "b"]


def test_a_store_belongs_to_one_sources_folder_and_one_fingerprint(tmp_path: Path):
    FrameStore(tmp_path, tmp_path / "sources", "fp").save({"a": (SHA_A, "a.txt")}, frames("a"))
    assert FrameStore(tmp_path, tmp_path / "sources", "fp2").index() == {}  # rules or model changed
    assert FrameStore(tmp_path, tmp_path / "other", "fp").index() == {}
    assert FrameStore(tmp_path, tmp_path / "sources", "fp").index() == {"a": (SHA_A, "a.txt")}


def replace_member(path: Path, name: str, data: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members[name] = data
    with zipfile.ZipFile(path, "w") as archive:
        for n, content in members.items():
            archive.writestr(n, content)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "index"])
def test_a_damaged_store_is_discarded_and_logged(tmp_path: Path, damage: str, caplog):
    store = FrameStore(tmp_path, tmp_path / "sources", "fp")
    store.save({"a": (SHA_A, "a.txt")}, frames("a"))
    data = store.path.read_bytes()
    if damage == "truncate":
        store.path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        store.path.write_bytes(b"\xff" * 100)
    else:
        replace_member(store.path, "index.json", b'{"format": 1, "fingerprint": "fp", "documents": {"a": "x"}}')
    with caplog.at_level(logging.WARNING, logger="pipeline.cache"):
        assert store.index() == {}
    assert "unusable" in caplog.text
    assert not store.path.exists()


def test_a_store_whose_table_is_damaged_serves_nothing(tmp_path: Path, caplog):
    store = FrameStore(tmp_path, tmp_path / "sources", "fp")
    store.save({"a": (SHA_A, "a.txt")}, frames("a"))
    replace_member(store.path, "conditions.parquet", b"not parquet")
    with caplog.at_level(logging.WARNING, logger="pipeline.cache"):
        assert store.frames(["a"]) is None
    assert not store.path.exists()


def test_stores_count_towards_the_size_bound(tmp_path: Path):
    store = FrameStore(tmp_path, tmp_path / "sources", "fp")
    store.save({"a": (SHA_A, "a.txt")}, frames("a"))
    cache = ExtractionCache(tmp_path, "fp", max_bytes=1)
    assert cache.size() == store.path.stat().st_size
    assert cache.prune() == 1
    assert not store.path.exists()


def test_a_store_saved_after_a_prefetch_drops_the_copy_read_ahead(tmp_path: Path):
    """A run that never asked for the prefetched rows (nothing to reuse) does not keep them."""
    from pipeline import cache

    store = FrameStore(tmp_path, tmp_path / "sources", "fp")
    store.save({"a": (SHA_A, "a.txt")}, frames("a"))
    assert store.prefetch() and cache._PREFETCHED
    store.save({"b": (SHA_B, "b.txt")}, frames("b"))
    assert cache._PREFETCHED == {}


def test_a_retrained_relation_model_changes_the_run_fingerprint(tmp_path: Path, monkeypatch):
    """'pipeline train-relations' writes a new model: cached rows read with the old one are stale."""
    from pipeline import stages
    from pipeline.settings import Settings

    settings = Settings(sources=tmp_path / "s", output=tmp_path / "o", annotations=tmp_path / "a")
    model = tmp_path / "cid_relations"
    model.mkdir()
    (model / "model.npz").write_bytes(b"one")
    monkeypatch.setattr(stages, "cid_relations_path", lambda: model)
    before = stages.run_fingerprint(settings)
    (model / "model.npz").write_bytes(b"two")
    after = stages.run_fingerprint(settings)
    assert before["relations"] != after["relations"] and before["combined"] != after["combined"]
