"""Dose records linked to their drug."""
from __future__ import annotations

from typing import Any

from pipeline.extract.context import DocumentView


def dose_rows(view: DocumentView) -> list[dict[str, Any]]:
    """Rows for ``doses``. First pass: none yet (dose patterns land next)."""
    return []
