"""Condition and drug mention rows from the NLP pipeline's mention records."""
from __future__ import annotations

from collections import Counter
from typing import Any

from pipeline.extract.context import DocumentView
from pipeline.ids import normalise_quote, stable_id
from pipeline.nlp.labels import CONDITION, DRUG
from pipeline.nlp.mentions import doc_mentions


def mention_rows(view: DocumentView) -> dict[str, list[dict[str, Any]]]:
    """Rows for ``conditions`` and ``drugs``; mentions in boilerplate are left out.

    The id hashes document, label, extractor, the sentence and the quote (with the
    occurrence number of that quote within that sentence, and of that sentence within
    the document), so it is stable when text elsewhere moves.
    """
    conditions: list[dict[str, Any]] = []
    drugs: list[dict[str, Any]] = []
    sentence_seen: Counter[str] = Counter()
    quote_seen: Counter[tuple[str, int, str]] = Counter()
    sentence_occurrence: dict[int, int] = {}
    # one string object per sentence and per section, shared by all their mentions:
    # on large corpora these two columns are most of the tables' memory
    sentence_text: dict[int, str] = {}
    section_text: dict[int, str] = {}
    for m in doc_mentions(view.doc):
        view.check_deadline()
        if not view.is_content(m.start, m.end):
            continue
        sent = view.sentence(m.start, m.end)
        sent_key = sent.start_char if sent is not None else m.start
        if sent_key not in sentence_text:
            sentence_text[sent_key] = sent.text.strip() if sent is not None else view.text[m.start : m.end]
        sent_text = sentence_text[sent_key]
        if sent_key not in sentence_occurrence:
            norm = normalise_quote(sent_text)
            sentence_occurrence[sent_key] = sentence_seen[norm]
            sentence_seen[norm] += 1
        heading = view.heading_of(view.block_at(m.start))
        section_key = heading.index if heading is not None else -1
        if section_key not in section_text:
            section_text[section_key] = view.text[heading.start : heading.end] if heading is not None else ""
        quote = view.text[m.start : m.end]
        qkey = (normalise_quote(sent_text), sentence_occurrence[sent_key], normalise_quote(quote))
        nth = quote_seen[qkey]
        quote_seen[qkey] += 1
        mention_id = stable_id("m", view.source.doc_id, m.label, m.source, *qkey, nth)
        row = {
            "mention_id": mention_id, "doc_id": view.source.doc_id, "name": m.name,
            "concept_id": m.concept_id, "text": quote, "start": m.start, "end": m.end,
            "sentence": sent_text, "negated": m.negated, "hypothetical": m.hypothetical,
            "extractor": m.source, "section": section_text[section_key],
            "review_status": "clean",
        }
        if m.label == CONDITION:
            conditions.append(row)
        elif m.label == DRUG:
            row.update(drug_class=m.drug_class, known=m.known)
            drugs.append(row)
    return {"conditions": conditions, "drugs": drugs}
