"""Negated and hypothetical mentions, with ConText/NegEx-style rules kept as data.

Each rule in ``rules/context_rules.jsonl`` is a trigger phrase with a category, a
direction and a scope in words. Within a sentence, triggers are matched longest first
(so the pseudo-trigger "not only" wins over "not"); every entity whose first word lies
in a trigger's scope, before a terminating cue, takes the trigger's category.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.mentions import Mention, doc_mentions, ensure_doc_extension
from pipeline.nlp.sentences import SentenceIndex
from pipeline.rules import Rule, load_jsonl

class ContextRule(Rule):
    category: Literal["negated", "hypothetical", "terminate", "pseudo"]
    direction: Literal["forward", "backward", "bidirectional"]
    max_scope: int
    literal: str | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class _Triggers:
    rules: tuple[ContextRule, ...]
    regex: re.Pattern[str]
    pseudo: re.Pattern[str] | None


def _inner(rule: ContextRule) -> str:
    if (rule.literal is None) == (rule.pattern is None):
        raise ValueError(f"context rule {rule.id}: give exactly one of literal or pattern")
    if rule.literal is not None:
        return r"\s+".join(re.escape(w) for w in rule.literal.split())
    inner = (rule.pattern or "").removeprefix("(?i)").removeprefix("^").removesuffix("$")
    return inner.replace(" ", r"\s+")


def _n_words(rule: ContextRule) -> int:
    return (rule.literal or rule.pattern or "").count(" ") + 1


@lru_cache(maxsize=1)
def context_triggers() -> _Triggers:
    """All triggers as one regex, longer triggers first so at any position the most
    specific phrase wins, as ConText prescribes; pseudo-triggers as a second regex."""
    loaded = load_jsonl("context_rules.jsonl", ContextRule)
    rules = sorted((r for r in loaded if r.category != "pseudo"), key=lambda r: (-_n_words(r), r.id))
    pseudo = [r for r in loaded if r.category == "pseudo"]
    alternatives = "|".join(f"(?P<r{k}>{_inner(rule)})" for k, rule in enumerate(rules))
    pseudo_alt = "|".join(f"(?:{_inner(rule)})" for rule in pseudo)
    bounded = r"(?i)(?<![\w'])(?:{})(?![\w'])"
    return _Triggers(
        tuple(rules),
        re.compile(bounded.format(alternatives)),
        re.compile(bounded.format(pseudo_alt)) if pseudo else None,
    )


def assert_context(sent: Span, ents: list[Span]) -> dict[int, set[str]]:
    """Categories for each entity (keyed by entity start token) within one sentence."""
    triggers = context_triggers()
    text = sent.text
    base = sent.start_char
    words = [t for t in sent if not t.is_space]
    word_at = {}
    for k, t in enumerate(words):
        for c in range(t.idx - base, t.idx - base + len(t.text)):
            word_at[c] = k
    found: list[tuple[int, int, ContextRule]] = []  # (first word, last word, rule)
    # Pseudo-triggers ("not only") silence any trigger that overlaps them ("is not").
    masked = [(m.start(), m.end()) for m in triggers.pseudo.finditer(text)] if triggers.pseudo else []
    for m in triggers.regex.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in masked):
            continue
        rule = triggers.rules[int(m.lastgroup[1:])]  # type: ignore[index]
        first, last = word_at.get(m.start()), word_at.get(m.end() - 1)
        if first is not None and last is not None:
            found.append((first, last, rule))
    terminators = [first for first, _, rule in found if rule.category == "terminate"]
    index_of = {t.i: k for k, t in enumerate(words)}
    result: dict[int, set[str]] = {e.start: set() for e in ents}
    for ent in ents:
        epos = next((index_of[t.i] for t in ent if t.i in index_of), None)
        if epos is None:
            continue
        for first, last, rule in found:
            if rule.category not in ("negated", "hypothetical"):
                continue
            forward = rule.direction in ("forward", "bidirectional")
            backward = rule.direction in ("backward", "bidirectional")
            if forward and last < epos <= last + rule.max_scope:
                if not any(last < t < epos for t in terminators):
                    result[ent.start].add(rule.category)
            if backward and first - rule.max_scope <= epos < first:
                if not any(epos < t < first for t in terminators):
                    result[ent.start].add(rule.category)
    return result


@Language.factory("clinical_context", default_config={})
def make_clinical_context(nlp: Language, name: str) -> "ClinicalContext":
    return ClinicalContext()


class ClinicalContext:
    """Sets ``negated`` and ``hypothetical`` on the mention records of ``doc._.mentions``.

    The records are made on the whole Doc (``whole_document``), so this runs there too.
    """

    whole_document = True

    def __init__(self) -> None:
        ensure_doc_extension()

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc_mentions(doc)
        if not mentions:
            return doc
        sents = SentenceIndex.of(doc)
        by_sent: dict[int, list[tuple[Span, Mention]]] = {}
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None:
                by_sent.setdefault(sents.number_at(span.start_char), []).append((span, mention))
        for number, pairs in by_sent.items():
            spans = [span for span, _ in pairs]
            cats = assert_context(sents.span(number), spans)
            for span, mention in pairs:
                found = cats.get(span.start, set())
                mention.negated = "negated" in found
                mention.hypothetical = "hypothetical" in found
        return doc
