"""Statements about curability, reversibility, surgery and prognosis of a condition.

These are the claims contradiction detection compares ("X is incurable" against "a
complete cure can be achieved through surgery"). Patterns are data
(``rules/statement_patterns.jsonl``); the subject is the sentence's condition, or the
topic a pronoun stands for (an earlier condition of the paragraph, or the condition a
title or heading names; a body's most frequent condition is no subject).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from pipeline.extract.causes import is_hedged
from pipeline.extract.context import DocumentView
from pipeline.extract.topics import TopicResolver
from pipeline.ids import normalise_quote, stable_id
from pipeline.rules import Rule, load_jsonl



class StatementPattern(Rule):
    predicate: str
    polarity: bool
    pattern: str


@lru_cache(maxsize=1)
def statement_patterns() -> tuple[tuple[StatementPattern, re.Pattern[str]], ...]:
    return tuple((r, re.compile(r.pattern, re.I)) for r in load_jsonl("statement_patterns.jsonl", StatementPattern))


def statement_rows(view: DocumentView) -> list[dict[str, Any]]:
    """Rows for ``statements``: one per (sentence, predicate); the first rule of a
    predicate that matches decides its polarity."""
    topics = TopicResolver(view)
    text = view.text
    # a topic only the body's most frequent condition names (no title or heading names
    # one) is too weak a subject for a sentence that names none: "Treatment is
    # symptomatic" on a page about an unrecognised disease is not about the risk factor
    # the page mentions most
    headed = any(topics.conditions_in(b.start, b.end) for b in view.source.blocks if b.kind in ("title", "heading"))
    rows: list[dict[str, Any]] = []
    seen: Counter[tuple[str, ...]] = Counter()
    for block, start, end in view.sentences():
        view.check_deadline()
        sentence = text[start:end]
        decided: set[str] = set()
        for rule, pattern in statement_patterns():
            if rule.predicate in decided:
                continue
            m = pattern.search(sentence)
            if not m:
                continue
            subject = topics.subject_of(start, end, block)
            if subject is None or (not headed and not block.start <= subject.start < end):
                continue
            decided.add(rule.predicate)
            key = (rule.predicate, str(rule.polarity), subject.name, normalise_quote(sentence))
            nth = seen[key]
            seen[key] += 1
            rows.append({
                "claim_id": stable_id("s", view.source.doc_id, *key, nth),
                "doc_id": view.source.doc_id, "subject": subject.name,
                "subject_concept_id": subject.concept_id, "predicate": rule.predicate,
                "polarity": rule.polarity, "hedged": is_hedged(sentence),
                "start": start, "end": end, "evidence": sentence, "cue": m.group(),
                "review_status": "clean", "rule_id": rule.id,
            })
    return rows
