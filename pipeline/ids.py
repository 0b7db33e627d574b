"""Deterministic identifiers from content, never from run order.

An id hashes what the row *is* (document, kind, extractor, normalised quote and the
sentence around it), so it survives reruns and edits elsewhere in the file, and changes
only when the quoted text itself changes.
"""
from __future__ import annotations

import hashlib
import re

_SPACE = re.compile(r"\s+")


def normalise_quote(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def stable_id(prefix: str, *parts: object) -> str:
    h = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}_{h}"
