"""Extract every table from a folder of sources in-process, without Prefect.

The same functions the ``curate`` flow's tasks call, in the same order, for evaluation
and tests that need tables but not a flow run (no server, no publishing).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from spacy.language import Language

from pipeline.dataset.rows import assemble_tables, rows_for_document
from pipeline.dataset.schema import to_frame
from pipeline.flagging.flags import flag_rows
from pipeline.ingest.document import discover_sources, ingest


def extract_tables(sources: Path, nlp: Language, max_bytes: int = 20 * 1024 * 1024) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """(tables, texts): every table for the sources, and each document's decoded text."""
    docs = [ingest(s, max_bytes) for s in discover_sources(sources)]
    ok = [d for d in docs if d.ok]
    nlp_docs = dict(zip((d.doc_id for d in ok), nlp.pipe(d.text for d in ok)))
    tables = assemble_tables([rows_for_document(d, nlp_docs.get(d.doc_id)) for d in docs])
    tables["flags"] = to_frame("flags", flag_rows(tables))
    return tables, {d.doc_id: d.text for d in ok}
