"""Every table for a folder of sources in-process, without Prefect: the run's own stages.

Evaluation and tests that need tables but not a flow run (no server, no cache, no
publishing, no review decisions) call :mod:`pipeline.stages` here, in the flow's order.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from spacy.language import Language

from pipeline import stages
from pipeline.ingest.document import discover_sources


def extract_tables(sources: Path, nlp: Language, max_bytes: int = 20 * 1024 * 1024) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """(tables, texts): every table for the sources, and each document's decoded text."""
    tables, texts = stages.extract_sources(discover_sources(sources), nlp, max_bytes)
    return stages.cross_document(tables).tables, texts
