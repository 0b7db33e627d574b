"""Decide a source's kind and prior credibility from signals in its own text.

The rule (``rules/credibility.jsonl``) is ordered: journal metadata makes a
``peer_reviewed`` source; otherwise prices, testimonials, sign-up offers or ratings make
it ``commercial``; otherwise the usual consumer-health sections make it
``health_information``; otherwise ``unknown``. The credibility number is the kind's prior.

Signals come from the text (boilerplate categories, ``heading:``/``text:`` words in the
content, ``page:`` words anywhere on the page, furniture included: a "Buy now" button is
furniture but still says the page sells) and, for saved pages and PDFs, from the
metadata they carry (``meta:doi``, ``meta:journal``, ``meta:price``, ``meta:type:product``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.ingest.structure import Block
from pipeline.rules import Rule, load_jsonl


class CredibilityRule(Rule):
    source_kind: str
    credibility: float
    min_signals: int
    signals: list[str]
    reason: str


@dataclass(frozen=True)
class Credibility:
    source_kind: str
    credibility: float
    rule_id: str
    signals: tuple[str, ...]


@lru_cache(maxsize=1)
def credibility_rules() -> tuple[CredibilityRule, ...]:
    return load_jsonl("credibility.jsonl", CredibilityRule)


def document_signals(text: str, blocks: list[Block], spans: list[Block]) -> set[str]:
    """Signals a document shows: boilerplate categories, heading words and body words."""
    signals = {b.category for b in (*blocks, *spans) if b.category}
    wanted = {s for rule in credibility_rules() for s in rule.signals if ":" in s}
    headings = [text[b.start : b.end].lower() for b in blocks if b.kind in ("heading", "title")]
    body = " ".join(text[b.start : b.end].lower() for b in blocks if b.kind in ("paragraph", "list_item"))
    page: str | None = None
    for signal in wanted:
        where, _, phrase = signal.partition(":")
        pattern = re.compile(rf"\b{re.escape(phrase)}\b")
        if where == "heading" and any(pattern.search(h) for h in headings):
            signals.add(signal)
        elif where == "text" and pattern.search(body):
            signals.add(signal)
        elif where == "page":
            if page is None:
                page = "\n".join(text[b.start : b.end].lower() for b in blocks)
            if pattern.search(page):
                signals.add(signal)
    return signals


def assess_credibility(text: str, blocks: list[Block], spans: list[Block],
                       extra_signals: Iterable[str] = ()) -> Credibility:
    """The first rule whose signals the document shows often enough.

    Args:
        extra_signals: Signals known from outside the text, such as the ``meta:``
            signals of a page's or PDF's metadata.
    """
    signals = document_signals(text, blocks, spans) | set(extra_signals)
    for rule in credibility_rules():
        hits = tuple(sorted(signals.intersection(rule.signals)))
        if len(hits) >= rule.min_signals:
            return Credibility(rule.source_kind, rule.credibility, rule.id, hits)
    raise AssertionError("credibility.jsonl must end with a catch-all rule (min_signals 0)")
