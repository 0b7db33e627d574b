"""Extracted texts of web pages and PDFs, kept by content until a run publishes them.

The offsets of an HTML or PDF source refer to the text extracted from it, which the run
publishes beside the dataset (``texts/DOC_ID.txt``). Ingestion puts each such text here,
named by its SHA-256, so publishing needs neither the source nor the text in memory: it
copies the file and checks its hash. Texts are small next to the extraction cache and
shared by identical documents.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

TEXTS = "texts"


class TextStore:
    """Texts under ``root/texts/<sha256>.txt``, written atomically, read back verified."""

    def __init__(self, root: Path) -> None:
        self.root = root / TEXTS

    def path(self, sha256: str) -> Path:
        return self.root / f"{sha256}.txt"

    def put(self, text: str) -> str:
        """Store ``text`` (UTF-8) and return its SHA-256; an existing copy is kept."""
        data = text.encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.is_file():
            return sha
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

    def read(self, sha256: str) -> bytes:
        """The stored bytes of a text, or ``FileNotFoundError``/``ValueError`` when missing or altered."""
        data = self.path(sha256).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ValueError(f"stored text {sha256[:12]}… does not match its hash")
        return data
