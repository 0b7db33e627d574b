"""Per-document extraction cache: what makes a rerun redo only what changed.

An entry is keyed by the source's content (SHA-256), the run fingerprint (pipeline
version, rules, NLP config, model) and the ``doc_id`` its rows carry. A hit returns the
rows extracted last time; anything else (new bytes, new rules, new model) is a miss.
Entries do not belong to a sources folder: a run on another folder adds its own entries
and leaves the first folder's alone. The cache is bounded by size instead, least recently
used entries first (:meth:`ExtractionCache.prune`).

The cache only ever saves work, so it never fails a run: an entry of the wrong shape
(truncated, hand-edited, from an older format) is discarded and the source re-extracted;
a folder that cannot be written (read-only, disk full) costs a warning, not the run.
Entries are written atomically, one file a document, so a crash mid-run leaves every
finished entry usable.

Beside the entries, :class:`FrameStore` keeps one file per sources folder: every usable
document's rows of that folder's last run, as one table per kind. A rerun reads that one
file for the documents whose bytes did not change instead of one entry per document
(10,000 small files cost a no-op rerun minutes, #19); the entries stay the fallback for
a document the store lacks. Stores count towards the same size bound.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import tempfile
import threading
import time
import zipfile
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd  # imported where frames are made: a no-op rerun never needs it


DocumentRows = dict[str, list[dict[str, Any]]]

#: Default bound of the entries' total size: 1 GiB. Entries take about six times their
#: sources' size (the seeds: 68 KB of text, 0.4 MB of entries), so ~170 MB of sources fit.
DEFAULT_MAX_BYTES = 1 << 30
#: Entries live below ``root/ENTRIES``; ``root`` also holds other caches (the linker's index).
ENTRIES = "entries"
#: Stores (one file per sources folder) live below ``root/STORES``.
STORES = "consolidated"
#: Version of the store's layout; a store of another version is a miss.
STORE_FORMAT = 1
#: Where the first format kept one entry per doc_id; removed on the first prune.
_LEGACY = "docs"
#: A temporary file older than this is left over from a killed run.
_STALE_TMP_SECONDS = 3600

_log = logging.getLogger(__name__)


class BadEntry(ValueError):
    """A cache file that is not an entry this version wrote."""


def _check_entry(entry: Any, doc_id: str) -> DocumentRows:
    """The entry's rows, or :class:`BadEntry` saying what is wrong with its shape."""
    if not isinstance(entry, dict):
        raise BadEntry(f"an entry is a JSON object, not {type(entry).__name__}")
    rows = entry.get("rows")
    if not isinstance(rows, dict):
        raise BadEntry(f"'rows' is {type(rows).__name__}, not an object of tables")
    for table, table_rows in rows.items():
        if not isinstance(table_rows, list) or not all(isinstance(r, dict) for r in table_rows):
            raise BadEntry(f"table {table!r} is not a list of rows")
    documents = rows.get("documents")
    if not documents or len(documents) != 1 or documents[0].get("doc_id") != doc_id:
        raise BadEntry("its 'documents' table does not hold exactly this document's row")
    return rows


class ExtractionCache:
    """Cached rows per source content under ``root/entries``, valid for one fingerprint.

    Args:
        root: The cache folder (``--cache-dir``).
        fingerprint: The run fingerprint; entries of other fingerprints are misses.
        max_bytes: Bound of the entries' total size that :meth:`prune` enforces.
    """

    def __init__(self, root: Path, fingerprint: str, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = root / ENTRIES
        self.stores = root / STORES
        self.legacy = root / _LEGACY
        self.fingerprint = fingerprint
        self.max_bytes = max_bytes
        self.write_failures = 0

    def _path(self, doc_id: str, sha256: str) -> Path:
        # The rows carry the doc_id (and ids derived from it), so it is part of the key:
        # the same bytes under another name are extracted again, not mislabelled.
        key = hashlib.sha256(f"{self.fingerprint}\0{doc_id}".encode("utf-8")).hexdigest()[:16]
        return self.root / sha256[:2] / f"{sha256}-{key}.json"

    def get(self, doc_id: str, sha256: str) -> DocumentRows | None:
        """The cached rows of this content, or None (a miss, or a bad entry discarded)."""
        path = self._path(doc_id, sha256)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            entry = json.loads(data.decode("utf-8"))
            rows = _check_entry(entry, doc_id)
            if (entry.get("sha256"), entry.get("fingerprint"), entry.get("doc_id")) != (sha256, self.fingerprint, doc_id):
                raise BadEntry("its key fields do not match its file name")
        except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, BadEntry
            _log.warning("cache entry %s for %s is unusable (%s); discarding it and re-extracting",
                         path, doc_id, exc)
            path.unlink(missing_ok=True)
            return None
        try:
            os.utime(path)  # recently used: the size bound evicts it last
        except OSError:
            pass
        return rows

    def put(self, doc_id: str, sha256: str, rows: DocumentRows) -> bool:
        """Store the rows; False (and a warning) when the cache cannot be written."""
        path = self._path(doc_id, sha256)
        entry = {"doc_id": doc_id, "sha256": sha256, "fingerprint": self.fingerprint, "rows": rows}
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entry, fh, ensure_ascii=False)
            os.replace(tmp, path)
            return True
        except OSError as exc:
            self.write_failures += 1
            if self.write_failures == 1:  # one warning, not one per document of a full disk
                _log.warning("could not write the cache entry for %s (%s); the run goes on, and the "
                             "next run extracts this source again", doc_id, exc)
            return False
        finally:
            if tmp is not None and os.path.exists(tmp):
                Path(tmp).unlink(missing_ok=True)

    def size(self) -> int:
        """Total bytes of the entries."""
        return sum(size for _, _, size in self._entries())

    def _entries(self) -> list[tuple[float, Path, int]]:
        found = []
        for folder, pattern in ((self.root, "*.json"), (self.legacy, "*.json"), (self.stores, "*.zip")):
            for path in folder.rglob(pattern) if folder.is_dir() else ():
                try:
                    st = path.stat()
                except OSError:
                    continue
                found.append((st.st_mtime, path, st.st_size))
        return found

    def prune(self) -> int:
        """Remove least recently used entries until the total size fits ``max_bytes``.

        Entries of the first format (one file per doc_id, under ``docs/``) are never read
        again and go first; so do temporary files a killed run left behind.
        """
        removed = 0
        now = time.time()
        for path in [p for folder in (self.root, self.stores) if folder.is_dir() for p in folder.rglob("*.tmp")]:
            try:
                if now - path.stat().st_mtime > _STALE_TMP_SECONDS:
                    path.unlink()
            except OSError:
                pass
        kept, full = 0, False
        for _, path, size in sorted(self._entries(), key=lambda e: (e[1].parent != self.legacy, e[0]),
                                    reverse=True):
            full = full or path.parent == self.legacy or kept + size > self.max_bytes
            if not full:
                kept += size
                continue
            try:
                path.unlink()
                removed += 1
            except OSError as exc:
                _log.warning("could not remove the old cache entry %s (%s); the cache stays over its "
                             "size bound", path, exc)
                break
        return removed


#: A store read ahead by :meth:`FrameStore.prefetch`, under its file's (path, mtime, size).
_PREFETCHED: dict[tuple[str, int, int], dict[str, pd.DataFrame]] = {}
_PREFETCH_LOCK = threading.Lock()


class FrameStore:
    """Every usable document's rows of one sources folder's last run, in one file.

    The file (``root/consolidated/<folder key>.zip``) holds an index ``{doc_id: [sha256,
    source_path]}``, the run fingerprint it is valid for and one Parquet table per kind of
    row, each with a ``doc_id`` column. It is replaced whole and atomically at the end of
    a run that changed anything, so it always describes one complete run. Like the entries
    it only ever saves work: a missing, foreign or damaged store is a miss (the entries
    and the NLP pipeline serve those documents), never a failed run.

    Args:
        root: The cache folder (``--cache-dir``).
        sources: The sources folder the store belongs to (its resolved path is the key).
        fingerprint: The run fingerprint; a store of another fingerprint is a miss.
    """

    def __init__(self, root: Path, sources: Path, fingerprint: str) -> None:
        key = hashlib.sha256(str(Path(sources).resolve()).encode("utf-8")).hexdigest()[:16]
        self.path = root / STORES / f"{key}.zip"
        self.fingerprint = fingerprint

    def _discard(self, exc: Exception) -> None:
        _log.warning("the consolidated cache %s is unusable (%s); discarding it (its documents come "
                     "from the per-document cache)", self.path, exc)
        self.path.unlink(missing_ok=True)

    def index(self) -> dict[str, tuple[str, str]]:
        """``{doc_id: (sha256, source_path)}`` of the documents the store holds, or ``{}``."""
        try:
            with zipfile.ZipFile(self.path) as archive:
                head = json.loads(archive.read("index.json").decode("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            self._discard(exc)
            return {}
        if not isinstance(head, dict) or head.get("format") != STORE_FORMAT:
            self._discard(BadEntry("not a store of this version"))
            return {}
        if head.get("fingerprint") != self.fingerprint:
            return {}  # rules, model or code changed: every document is extracted again
        documents = head.get("documents")
        if not isinstance(documents, dict) or not all(
                isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v) for v in documents.values()):
            self._discard(BadEntry("its index is not {doc_id: [sha256, source_path]}"))
            return {}
        return {doc_id: (sha, path) for doc_id, (sha, path) in documents.items()}

    def _file_key(self) -> tuple[str, int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return str(self.path), st.st_mtime_ns, st.st_size

    def _read(self) -> dict[str, pd.DataFrame]:
        import pandas as pd

        out = {}
        with zipfile.ZipFile(self.path) as archive:
            head = json.loads(archive.read("index.json").decode("utf-8"))
            for name in head["tables"]:
                out[name] = pd.read_parquet(io.BytesIO(archive.read(f"{name}.parquet")), engine="pyarrow")
        return out

    def prefetch(self) -> bool:
        """Read the whole store now, for the next :meth:`frames` call of this process
        (the warm-up reads it while Prefect's server starts). True when it was read."""
        with _PREFETCH_LOCK:
            key = self._file_key()
            if key is None:
                return False
            try:
                tables = self._read()
            except Exception:  # noqa: BLE001 (frames() reads it again and reports what is wrong)
                return False
            _PREFETCHED.clear()
            _PREFETCHED[key] = tables
            return True

    def frames(self, doc_ids: Collection[str]) -> dict[str, pd.DataFrame] | None:
        """Every table's rows of ``doc_ids`` (in the stored order), or None when unusable."""
        wanted = set(doc_ids)
        out = {}
        try:
            with _PREFETCH_LOCK:  # a prefetch in progress is waited for, not read twice
                tables = _PREFETCHED.pop(self._file_key(), None)
                _PREFETCHED.clear()  # handed over once: a stale one is not kept in memory
            for name, frame in (tables if tables is not None else self._read()).items():
                if "doc_id" not in frame.columns:
                    raise BadEntry(f"table {name!r} has no doc_id column")
                out[name] = frame[frame["doc_id"].isin(wanted)].reset_index(drop=True)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
            # ValueError covers pyarrow's ArrowInvalid (a damaged table) and BadEntry
            self._discard(exc)
            return None
        try:
            os.utime(self.path)  # recently used: the size bound evicts it last
        except OSError:
            pass
        return out

    def save(self, index: dict[str, tuple[str, str]], frames: dict[str, pd.DataFrame]) -> bool:
        """Replace the store with these documents' rows; False (and a warning) on failure."""
        with _PREFETCH_LOCK:
            _PREFETCHED.clear()  # a copy read ahead is of the store being replaced
        head = {"format": STORE_FORMAT, "fingerprint": self.fingerprint, "tables": list(frames),
                "documents": {doc_id: list(v) for doc_id, v in index.items()}}
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_STORED) as archive:
                archive.writestr("index.json", json.dumps(head, ensure_ascii=False))
                for name, frame in frames.items():
                    buffer = io.BytesIO()
                    frame.to_parquet(buffer, index=False, engine="pyarrow")
                    archive.writestr(f"{name}.parquet", buffer.getvalue())
            os.replace(tmp, self.path)
            return True
        except OSError as exc:
            _log.warning("could not write the consolidated cache %s (%s); the next run reads the "
                         "per-document cache instead", self.path, exc)
            return False
        finally:
            if tmp is not None and os.path.exists(tmp):
                Path(tmp).unlink(missing_ok=True)
