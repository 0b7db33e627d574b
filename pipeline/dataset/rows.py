"""The one function that turns a processed document into rows of every per-document table."""
from __future__ import annotations

import re
from typing import Any

import pandas as pd
from spacy.tokens import Doc

from pipeline.extract.causes import cause_rows
from pipeline.extract.context import DocumentView
from pipeline.extract.doses import dose_rows
from pipeline.extract.mentions import mention_rows
from pipeline.extract.statements import statement_rows
from pipeline.dataset.schema import DOC_TABLES, to_frame
from pipeline.ingest.document import IngestedDocument

_WORDS = re.compile(r"\w+")

DocumentRows = dict[str, list[dict[str, Any]]]


def document_row(doc: IngestedDocument) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id, "source_path": doc.source_path, "title": doc.title,
        "sha256": doc.sha256, "n_chars": doc.n_chars, "source_kind": doc.source_kind,
        "credibility": doc.credibility, "status": doc.status, "error": doc.error,
        "encoding": doc.encoding, "warnings": "; ".join(doc.warnings),
        "credibility_rule": doc.credibility_rule, "n_words": len(_WORDS.findall(doc.text)),
    }


def block_rows(doc: IngestedDocument) -> list[dict[str, Any]]:
    rows = []
    for b in (*doc.blocks, *doc.boilerplate_spans):
        rows.append({
            "doc_id": doc.doc_id, "block": b.index, "kind": b.kind, "category": b.category,
            "rule_id": b.rule_id, "start": b.start, "end": b.end, "section": b.section,
            "text": doc.text[b.start : b.end],
        })
    return rows


def rows_for_document(doc: IngestedDocument, nlp_doc: Doc | None) -> DocumentRows:
    """All rows one source contributes: its ``documents`` row plus per-document tables.

    A source that failed ingestion contributes only its ``documents`` row (status error).
    """
    rows: DocumentRows = {"documents": [document_row(doc)], "blocks": block_rows(doc)}
    if nlp_doc is None or not doc.ok:
        return rows
    view = DocumentView(doc, nlp_doc)
    rows.update(mention_rows(view))
    rows["causes"] = cause_rows(view)
    rows["doses"] = dose_rows(view)
    rows["statements"] = statement_rows(view)
    return rows


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
