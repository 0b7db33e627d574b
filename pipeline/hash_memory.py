"""Each source's SHA-256 as last read, remembered by what ``lstat`` says of the file.

Deciding what changed since the last run means hashing every source; on 10,000 sources
that was a second of every rerun, most of it reading files nobody touched. A source whose
device, inode, size, modification and change times are as they were when it was last
hashed has the same bytes (an edit, a replacement, a ``touch``, a ``chmod`` each move at
least one of them), so its remembered hash is used without reading it.

Only plain regular files are remembered: links are read every time (where they point, and
whether that is inside the sources folder, can change without the link's own ``lstat``
changing), and so are files that could not be read. A file whose times are less than
:data:`RACY_SECONDS` old when it is looked at is not remembered either: a write in the same
clock tick as that look would leave its times unchanged (git calls such entries "racy").

The memory lives in the cache folder, one JSON file per sources folder, and is valid only
for the reading settings it was made with (``max_bytes``, ``follow_links``). Like the other
caches it only ever saves work: a missing, damaged or foreign file is ignored, and a file
that cannot be written costs a warning.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Any

#: The memories live below ``cache_dir/HASHES``, one file per sources folder.
HASHES = "hashes"
#: Version of the file's layout; a file of another version is ignored.
HASHES_FORMAT = 1
#: Seconds a file's modification and change times must lie in the past to be remembered.
RACY_SECONDS = 2.0

StatKey = tuple[int, int, int, int, int]

_log = logging.getLogger(__name__)


def folder_key(sources: Path) -> str:
    """The name a sources folder's caches go by: a hash of its resolved path."""
    return hashlib.sha256(str(Path(sources).resolve()).encode("utf-8")).hexdigest()[:16]


def stat_key(path: Path) -> StatKey | None:
    """``(device, inode, size, mtime_ns, ctime_ns)`` of a plain regular file; None for a
    link, anything that is not a regular file, a file whose times are racy, or one that
    cannot be looked at."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_SECONDS * 1e9:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class HashMemory:
    """What :func:`stat_key` said of each source when it was last hashed, and its hash.

    Use :meth:`known` before reading a source, :meth:`remember` after hashing it (with the
    key taken *before* reading, so a write during the read shows next time), and
    :meth:`save` once every source was seen: sources not seen in this scan are forgotten.

    Args:
        cache_dir: The cache folder; ``None`` keeps the memory in this object only (the
            watcher, which scans again and again in one process).
        sources: The sources folder the memory belongs to.
        max_bytes: The run's size limit: a memory made under another limit is not used.
        follow_links: The run's links choice: likewise.
        trust: ``False`` reads every source (``--full``) and remembers them afresh.
    """

    def __init__(self, cache_dir: Path | None, sources: Path, *, max_bytes: int, follow_links: bool,
                 trust: bool = True) -> None:
        self.path = None if cache_dir is None else Path(cache_dir) / HASHES / f"{folder_key(sources)}.json"
        self._settings = {"max_bytes": max_bytes, "follow_links": follow_links}
        self._known: dict[str, list[Any]] = self._load() if trust else {}
        self._seen: dict[str, list[Any]] = {}

    def _load(self) -> dict[str, list[Any]]:
        if self.path is None:
            return {}
        try:
            head = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            _log.warning("ignoring the remembered source hashes %s (%s): every source is read", self.path, exc)
            return {}
        files = head.get("files") if isinstance(head, dict) else None
        if (not isinstance(head, dict) or head.get("format") != HASHES_FORMAT
                or head.get("settings") != self._settings or not isinstance(files, dict)):
            return {}
        return {rel: entry for rel, entry in files.items()
                if isinstance(entry, list) and len(entry) == 6
                and all(isinstance(x, int) for x in entry[:5]) and isinstance(entry[5], str)}

    def known(self, rel_path: str, key: StatKey | None) -> str | None:
        """The remembered SHA-256 of the source at ``rel_path`` when ``key`` (its
        :func:`stat_key` now) is the one it was hashed under; else None (read it)."""
        entry = self._known.get(rel_path)
        if key is None or entry is None or tuple(entry[:5]) != key:
            return None
        self._seen[rel_path] = entry
        return entry[5]

    def remember(self, rel_path: str, key: StatKey | None, sha256: str) -> None:
        """Remember a source just hashed (nothing is kept when ``key`` is None)."""
        if key is not None:
            self._seen[rel_path] = [*key, sha256]

    def save(self) -> None:
        """Keep this scan's memories for the next (written only when they changed)."""
        seen, self._seen = self._seen, {}
        unchanged, self._known = seen == self._known, seen
        if self.path is None or unchanged:
            return
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"format": HASHES_FORMAT, "settings": self._settings, "files": seen}, fh)
            os.replace(tmp, self.path)
        except OSError as exc:
            _log.warning("could not remember the source hashes in %s (%s); the next run reads every source",
                         self.path, exc)
        finally:
            if tmp is not None and os.path.exists(tmp):
                Path(tmp).unlink(missing_ok=True)
