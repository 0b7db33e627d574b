"""Remembered source hashes (pipeline.hash_memory): a source is read again exactly when
its lstat says it may have changed, and the memory never outlives the settings it was made under."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline import hash_memory, stages
from pipeline.ingest.decode import sha256_bytes
from pipeline.ingest.document import discover_sources
from pipeline.hash_memory import HashMemory


@pytest.fixture
def folder(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(hash_memory, "RACY_SECONDS", 0)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Aspirin causes nausea.\n")
    (src / "b.md").write_text("# Gout\n\nGout is caused by uric acid.\n")
    return src


def _scan(folder: Path, cache: Path, monkeypatch, **kw) -> tuple[dict[str, str], list[str]]:
    reads: list[str] = []
    real = stages.read_source_bytes
    monkeypatch.setattr(stages, "read_source_bytes", lambda s, n: reads.append(s.rel_path) or real(s, n))
    known = HashMemory(cache, folder, max_bytes=kw.pop("max_bytes", 1000), follow_links=False, **kw)
    states = stages.hash_sources(discover_sources(folder), 1000, known)
    return {s.doc_id: s.sha256 for s in states}, reads


def test_a_rerun_reads_only_sources_whose_stat_changed(folder: Path, tmp_path: Path, monkeypatch):
    cache = tmp_path / "cache"
    first, reads = _scan(folder, cache, monkeypatch)
    assert first == {"a": sha256_bytes((folder / "a.txt").read_bytes()), "b": sha256_bytes((folder / "b.md").read_bytes())}
    assert sorted(reads) == ["a.txt", "b.md"]
    again, reads = _scan(folder, cache, monkeypatch)  # a new process: the memory is on disk
    assert again == first and reads == []
    (folder / "b.md").write_text("# Gout\n\nGout is caused by urate.\n")
    changed, reads = _scan(folder, cache, monkeypatch)
    assert reads == ["b.md"] and changed["b"] == sha256_bytes((folder / "b.md").read_bytes()) != first["b"]
    os.utime(folder / "a.txt", ns=(1, 1))  # touched: read again, same hash
    touched, reads = _scan(folder, cache, monkeypatch)
    assert reads == ["a.txt"] and touched["a"] == first["a"]


def test_a_replaced_file_with_the_same_size_and_times_is_read_again(folder: Path, tmp_path: Path, monkeypatch):
    cache = tmp_path / "cache"
    _scan(folder, cache, monkeypatch)
    st = os.stat(folder / "a.txt")
    (folder / "new").write_text("Aspirin causes vomits.\n")  # same length, another inode
    os.utime(folder / "new", ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(folder / "new", folder / "a.txt")
    hashes, reads = _scan(folder, cache, monkeypatch)
    assert reads == ["a.txt"] and hashes["a"] == sha256_bytes(b"Aspirin causes vomits.\n")


def test_files_just_written_are_not_remembered(tmp_path: Path, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("fresh\n")
    monkeypatch.setattr(hash_memory, "RACY_SECONDS", 3600)  # every file is "just written"
    known = HashMemory(tmp_path / "cache", src, max_bytes=1000, follow_links=False)
    stages.hash_sources(discover_sources(src), 1000, known)
    assert not (tmp_path / "cache").exists() or json.loads(next((tmp_path / "cache").rglob("*.json")).read_text())["files"] == {}


def test_links_and_unreadable_files_are_read_every_time(folder: Path, tmp_path: Path, monkeypatch):
    (folder / "link.txt").symlink_to(folder / "a.txt")
    (folder / "big.txt").write_text("x" * 2000)  # over max_bytes: an error row, every time
    cache = tmp_path / "cache"
    _scan(folder, cache, monkeypatch)
    _, reads = _scan(folder, cache, monkeypatch)
    assert sorted(reads) == ["big.txt", "link.txt"]


@pytest.mark.parametrize("change", [
    {"max_bytes": 999},  # another size limit: a remembered size may now be too large
    {"trust": False},  # --full
])
def test_the_memory_is_not_used_under_other_settings(folder: Path, tmp_path: Path, monkeypatch, change):
    cache = tmp_path / "cache"
    _scan(folder, cache, monkeypatch)
    _, reads = _scan(folder, cache, monkeypatch, **change)
    assert sorted(reads) == ["a.txt", "b.md"]


@pytest.mark.parametrize("content", ["not json", '{"format": 1, "settings": {"max_bytes": 1000, "follow_links": false}, "files": {"a.txt": [1, 2]}}'])
def test_a_damaged_memory_is_ignored(folder: Path, tmp_path: Path, monkeypatch, content):
    cache = tmp_path / "cache"
    _scan(folder, cache, monkeypatch)
    (path,) = (cache / hash_memory.HASHES).glob("*.json")
    path.write_text(content)
    hashes, reads = _scan(folder, cache, monkeypatch)
    assert sorted(reads) == ["a.txt", "b.md"] and set(hashes) == {"a", "b"}


def test_a_cache_folder_that_cannot_be_written_costs_a_warning_not_the_run(folder: Path, tmp_path: Path,
                                                                          monkeypatch, caplog):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    hashes, _ = _scan(folder, blocked, monkeypatch)
    assert set(hashes) == {"a", "b"} and "could not remember the source hashes" in caplog.text
