"""Cues of dubious health claims, matched in the sentences of one document.

Cues (``rules/dubious_cues.jsonl``) come from health-misinformation criteria (FDA
health-fraud tip-offs, DISCERN, HONcode); each has a category, a severity, a reason and
its source. Matching reads the document's own sentences (the spaCy Doc's), so it is
per-document work, cached with the document's other rows; the flagging stage only turns
the matches into flags weighed by the source's credibility.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any, Literal

from pipeline.extract.causes import is_hedged
from pipeline.extract.context import DocumentView
from pipeline.extract.topics import TopicResolver
from pipeline.ids import normalise_quote, stable_id
from pipeline.rules import Rule, load_jsonl


class DubiousCue(Rule):
    """One cue: a pattern searched in a content sentence, and what it means.

    Attributes:
        category: What kind of dubious claim it marks (``miracle_cure``, ``folk_remedy``...).
        severity: Before weighing by the source's credibility.
        pattern: Case-insensitive regular expression searched in the sentence.
        reason: The sentence a reviewer reads.
        source: Where the criterion comes from.
        requires_section: Only in sections whose heading matches this (case-sensitive).
        unless: Not when the sentence also matches this (case-insensitive).
    """

    category: str
    severity: Literal["low", "medium", "high"]
    pattern: str
    reason: str
    source: str
    requires_section: str | None = None
    unless: str | None = None


@lru_cache(maxsize=1)
def dubious_cues() -> tuple[tuple[DubiousCue, re.Pattern[str], re.Pattern[str] | None, re.Pattern[str] | None], ...]:
    return tuple(
        (c, re.compile(c.pattern, re.I), re.compile(c.requires_section) if c.requires_section else None,
         re.compile(c.unless, re.I) if c.unless else None)
        for c in load_jsonl("dubious_cues.jsonl", DubiousCue)
    )


def cue_rows(view: DocumentView) -> list[dict[str, Any]]:
    """Rows for ``cues``: one per (content sentence, category) whose sentence matches a cue;
    the first cue of a category that matches decides.

    Each row is also a claim (kind ``assertion`` in the claims layer): what the sentence
    asserts about its subject (its condition, else the paragraph's or page's topic), which
    a reviewer publishes or withholds when deciding the flag raised on it. Structured
    claims from the same sentence (treatments, causes, doses) are bound to that flag too.
    """
    topics = TopicResolver(view)
    text = view.text
    rows: list[dict[str, Any]] = []
    seen_ids: Counter[tuple[str, ...]] = Counter()
    for block, start, end in view.sentences():
        sentence = text[start:end]
        section = view.section_text(start)
        decided: set[str] = set()
        for cue, pattern, requires, unless in dubious_cues():
            if cue.category in decided or not pattern.search(sentence):
                continue
            if unless is not None and unless.search(sentence):
                continue
            if requires is not None and not requires.search(section):
                continue
            decided.add(cue.category)
            key = (cue.id, normalise_quote(sentence))
            nth = seen_ids[key]
            seen_ids[key] += 1
            subject = topics.subject_of(start, end, block)
            rows.append({
                "claim_id": stable_id("q", view.source.doc_id, *key, nth), "doc_id": view.source.doc_id,
                "rule_id": cue.id, "category": cue.category, "severity": cue.severity,
                "reason": cue.reason, "subject": subject.name if subject else "",
                "subject_concept_id": subject.concept_id if subject else "", "hedged": is_hedged(sentence),
                "start": start, "end": end, "text": sentence, "review_status": "clean",
            })
    return rows
