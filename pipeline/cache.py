"""Per-document extraction cache: what makes a rerun redo only what changed.

An entry is keyed by the source's SHA-256 and the run fingerprint (pipeline version,
rules, NLP config, model). A hit returns the rows extracted last time; anything else
(new bytes, new rules, new model) is a miss. Entries are written atomically, one file a
document, so a crash mid-run leaves every finished entry usable.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

_SAFE = re.compile(r"[^A-Za-z0-9._-]")

DocumentRows = dict[str, list[dict[str, Any]]]


class ExtractionCache:
    """Cached rows per ``doc_id`` under ``root/docs``, valid for one fingerprint."""

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.root = root / "docs"
        self.fingerprint = fingerprint

    def _path(self, doc_id: str) -> Path:
        safe = _SAFE.sub("_", doc_id)
        return self.root / f"{safe}.json"

    def get(self, doc_id: str, sha256: str) -> DocumentRows | None:
        path = self._path(doc_id)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if entry.get("sha256") != sha256 or entry.get("fingerprint") != self.fingerprint:
            return None
        if entry.get("doc_id") != doc_id:
            return None
        return entry["rows"]

    def put(self, doc_id: str, sha256: str, rows: DocumentRows) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        entry = {"doc_id": doc_id, "sha256": sha256, "fingerprint": self.fingerprint, "rows": rows}
        fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entry, fh, ensure_ascii=False)
            os.replace(tmp, self._path(doc_id))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def prune(self, keep: set[str]) -> int:
        """Remove entries of documents no longer among the sources."""
        if not self.root.is_dir():
            return 0
        wanted = {self._path(d).name for d in keep}
        removed = 0
        for path in self.root.glob("*.json"):
            if path.name not in wanted:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
