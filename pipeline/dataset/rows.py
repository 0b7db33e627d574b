"""Per-document rows as typed frames: per batch, then joined into the run's tables."""
from __future__ import annotations

import pandas as pd

from pipeline.cache import DocumentRows
from pipeline.dataset.schema import DOC_TABLES, to_frame

__all__ = ["DocumentRows", "assemble_tables", "concat_tables"]


def assemble_tables(doc_rows: list[DocumentRows]) -> dict[str, pd.DataFrame]:
    """Typed frames of every per-document table, concatenated over documents."""
    return {name: to_frame(name, [row for rows in doc_rows for row in rows.get(name, [])])
            for name in ("documents", *DOC_TABLES)}


def concat_tables(parts: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Per-batch frames joined into the run's tables (empty, typed frames when no batch)."""
    out = {}
    for name in ("documents", *DOC_TABLES):
        frames = [p[name] for p in parts if len(p[name])]
        out[name] = pd.concat(frames, ignore_index=True) if frames else to_frame(name, [])
    return out
