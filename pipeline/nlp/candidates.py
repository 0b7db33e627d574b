"""Candidate mentions that each source component leaves on a Doc for the resolver.

The vocabulary, product patterns, the NER and abbreviations each propose mentions; the
``mention_resolver`` keeps the most trusted of overlapping ones. Candidates live on
``doc._.mention_candidates`` (one list per source) only until the resolver has run; they
are never written to ``doc.ents`` earlier, because the NER treats preset entities as
constraints and the vocabulary component runs before it.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.vocab.lexicon import Concept

#: Sources, most trusted first: overlaps are resolved in this order, and an abbreviation
#: takes the first candidate in this order that contains its long form.
TRUST_ORDER = ("vocab", "ner", "pattern", "abbreviation")

_EXTENSION = "mention_candidates"


@dataclass
class Candidate:
    """A proposed mention: exact character offsets, label and concept (None: unknown)."""

    start: int
    end: int
    label: str
    concept: Concept | None
    name: str
    source: str


def _ensure_extension() -> None:
    if not Doc.has_extension(_EXTENSION):
        Doc.set_extension(_EXTENSION, default=None)


def put_candidates(doc: Doc, source: str, found: list[Candidate]) -> None:
    """Record ``source``'s candidates on ``doc`` (replacing any earlier ones of it)."""
    if source not in TRUST_ORDER:
        raise ValueError(f"unknown mention source {source!r}; expected one of {TRUST_ORDER}")
    _ensure_extension()
    by_source = doc._.get(_EXTENSION) or {}
    by_source[source] = found
    doc._.set(_EXTENSION, by_source)


def get_candidates(doc: Doc, sources: tuple[str, ...] = TRUST_ORDER) -> list[Candidate]:
    """Candidates of ``sources`` on ``doc``, source by source in trust order."""
    _ensure_extension()
    by_source = doc._.get(_EXTENSION) or {}
    return [c for source in TRUST_ORDER if source in sources for c in by_source.get(source, ())]


def drop_candidates(doc: Doc) -> None:
    """Forget the candidates once resolved (they hold concepts, not needed afterwards)."""
    _ensure_extension()
    doc._.set(_EXTENSION, None)


class Containment:
    """The first candidate, in list order, that contains a character span.

    A linear scan per abbreviation made a page of definitions quadratic; mentions are
    short, so the candidates are those starting at most the longest mention's length
    before the span.
    """

    def __init__(self, found: list[Candidate]) -> None:
        self._order = sorted(range(len(found)), key=lambda k: found[k].start)
        self._starts = [found[k].start for k in self._order]
        self._found = found
        self._longest = max((c.end - c.start for c in found), default=0)

    def first(self, start: int, end: int) -> Candidate | None:
        hi = bisect.bisect_right(self._starts, start)
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hits = [k for k in self._order[lo:hi] if end <= self._found[k].end]
        return self._found[min(hits)] if hits else None
