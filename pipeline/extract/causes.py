"""Condition–cause claims (relation extraction)."""
from __future__ import annotations

from typing import Any

from pipeline.extract.context import DocumentView


def cause_rows(view: DocumentView) -> list[dict[str, Any]]:
    """Rows for ``causes``. First pass: none yet (relation patterns land next)."""
    return []
