"""The one function that turns a processed document into rows of every per-document table.

Everything here reads one document (its text, blocks and spaCy Doc) and nothing else, so
its rows can be cached with the document and reused until the source or the rules change.
"""
from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc

from pipeline.cache import DocumentRows
from pipeline.extract.causes import cause_rows
from pipeline.extract.context import DocumentView
from pipeline.extract.cues import cue_rows
from pipeline.extract.doses import dose_rows
from pipeline.extract.mentions import mention_rows
from pipeline.extract.relation_model import relation_rows
from pipeline.extract.side_effects import side_effect_rows
from pipeline.extract.statements import statement_rows
from pipeline.extract.study_harms import study_harm_rows
from pipeline.extract.treatments import treatment_rows
from pipeline.ingest.document import IngestedDocument

_WORDS = re.compile(r"\w+")


def document_row(doc: IngestedDocument) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id, "source_path": doc.source_path, "title": doc.title,
        "sha256": doc.sha256, "n_chars": doc.n_chars, "source_kind": doc.source_kind,
        "credibility": doc.credibility, "status": doc.status, "error": doc.error,
        "encoding": doc.encoding, "warnings": "; ".join(doc.warnings),
        "credibility_rule": doc.credibility_rule, "n_words": len(_WORDS.findall(doc.text)),
        "source_format": doc.source_format, "offsets_refer_to": doc.offsets_refer_to,
        "text_path": doc.text_path, "text_sha256": doc.text_sha256, "text_extractor": doc.extractor,
        "author": doc.author, "site_name": doc.site_name, "published": doc.published, "doi": doc.doi,
        "journal": doc.journal, "canonical_url": doc.canonical_url,
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
    # a medicine's harm can be read both as a cause sentence and as a side-effect
    # statement; the same claim (same id) is kept once
    causes = list({r["claim_id"]: r for r in reversed(cause_rows(view) + side_effect_rows(view))}.values())[::-1]
    # harms the rules do not read, in wordings a model learned from BC5CDR's relations
    causes += relation_rows(view, causes)
    # harms a study reports of its title's drug in sentences that name no drug
    rows["causes"] = causes + study_harm_rows(view, causes)
    rows["doses"] = dose_rows(view, rows["drugs"])
    rows["statements"] = statement_rows(view)
    rows["treatments"] = treatment_rows(view)
    rows["cues"] = cue_rows(view)
    return rows
