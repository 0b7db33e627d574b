"""What a document is about when it is about one medicine: its subject drug.

A leaflet or monograph names its medicine in its title and headings ("How to take X",
"X contains the active substance Y") and rarely in the sentences that give a dose or
list side effects. Dose and side-effect extractors both link such sentences to the
subject found here; the patterns are the ``subject`` rules of ``rules/doses.jsonl``.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pipeline.extract.context import DocumentView
from pipeline.extract.dose_grammar import dose_rules, sentence_not_dose_reasons
from pipeline.ingest.document import CONTENT_KINDS
from pipeline.nlp.mentions import Mention
from pipeline.rules import Rule, load_jsonl


#: How far after "<brand> contains <X>" an excipient note is looked for.
EXCIPIENT_NOTE_CHARS = 160
#: a salt or form in brackets after a substance ("indacaterol (as acetate)")
_SALT = re.compile(r"\s*\([^()]{0,40}\)")
#: what joins the substances of a combination ("X, Y and Z", "X and Y")
_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")
#: what separates the substances of a combination's name: "/" as the subject writes it,
#: or the words of a combination named as one concept ("emtricitabine and tenofovir",
#: "abacavir, dolutegravir, and lamivudine")
_PARTS = re.compile(r"\s*/\s*|" + _JOIN.pattern)


def _substances(name: str) -> list[str]:
    return [part for part in _PARTS.split(name) if part]


def _combination(names: Any) -> str:
    """The subject's name: its substances joined by "/", a combination concept split into its
    substances ("amlodipine" + "valsartan and hydrochlorothiazide" → amlodipine/valsartan/
    hydrochlorothiazide)."""
    return "/".join(dict.fromkeys(part for name in names for part in _substances(name)))


def is_subject(name: str, subject: str) -> bool:
    """Whether a drug name names the document's subject or substances of it: the subject
    of a combination is written "a/b", while a sentence names "a and b", "a" or "b"
    (review R2: comparing names for equality took the leaflet's own substances for another
    medicine, which lost their doses' frequency)."""
    if not name or not subject:
        return False
    return name == subject or set(_substances(name)) <= set(_substances(subject))


class SubjectRule(Rule):
    kind: Literal["brand_contains"]
    pattern: str


@lru_cache(maxsize=1)
def brand_rules() -> tuple[SubjectRule, ...]:
    return load_jsonl("side_effect_subject.jsonl", SubjectRule)


def _brand_generic(view: DocumentView, drugs: Spans, brand: str) -> tuple[str, ...] | tuple[()]:
    """The drugs a "<brand> contains <substance>" sentence names; only its first match
    counts, and a substance the NER missed there counts when it is tagged elsewhere."""
    for rule in brand_rules():
        pattern = re.compile(rule.pattern.replace("{NAME}", re.escape(brand)), re.IGNORECASE)
        # "Enyglid contains sodium" heads the leaflet's excipient note ("This medicine contains
        # less than 1 mmol sodium"): that names an excipient, not the active substance
        m = next((found for found in pattern.finditer(view.text)
                  if "excipient" not in sentence_not_dose_reasons(
                      view.text[found.start("generic") : found.start("generic") + EXCIPIENT_NOTE_CHARS])),
                 None)
        if m is None:
            continue
        found = drugs.within(m.start("generic"), m.end("generic"))
        if not found:  # the NER may miss the substance there yet tag it further on
            words = f" {' '.join(re.findall(r'[a-z0-9-]+', m.group('generic').lower()))} "
            found = [d for d in drugs.items if f" {view.text[d.start : d.end].lower()} " in words]
        if found:
            return tuple(dict.fromkeys(d.name for d in found))
        return ()
    return ()


@dataclass
class Link:
    """A drug a row is linked to: its mention (if any), generic name, surface text, and
    how it was found (``sentence``, ``caption``, ``subject``...)."""

    drug: Mention | None
    name: str
    text: str
    how: str


class Spans:
    """Mentions (or blocks) sorted by start, for range queries by bisection."""

    def __init__(self, items: list[Any]) -> None:
        self.items = sorted(items, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.items]

        self._reach: list[int] = []  # the furthest end among items[:i + 1]
        for m in self.items:
            self._reach.append(max(m.end, self._reach[-1]) if self._reach else m.end)

    def within(self, start: int, end: int) -> list[Any]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [m for m in self.items[lo:hi] if m.end <= end]

    def overlapping(self, start: int, end: int) -> list[Any]:
        """Items that overlap ``[start, end)``; walks back only while one can still reach it."""
        out = []
        j = bisect.bisect_left(self.starts, end) - 1
        while j >= 0 and self._reach[j] > start:
            if self.items[j].end > start:
                out.append(self.items[j])
            j -= 1
        return out


def _joined_substances(text: str, drugs: Spans, first: Any, limit: int) -> list[Any]:
    """The substances coordinated after ``first`` up to ``limit``, each with its bracketed
    salt skipped: "indacaterol (as acetate), glycopyrronium (as bromide) and mometasone
    furoate" (a combination's substances, which the generic pattern stops at the bracket)."""
    out, pos = [], first.end
    while True:
        salt = _SALT.match(text, pos, limit)
        join = _JOIN.match(text, salt.end() if salt else pos, limit)
        if join is None:
            return out
        nxt = [d for d in drugs.within(join.end(), limit) if d.start == join.end()]
        if not nxt:
            return out
        out.append(nxt[0])
        pos = nxt[0].end


def _listed_substances(view: DocumentView, drugs: Spans, blocks: list[Any], i: int) -> list[Any]:
    """The first drug of each list item right after block ``i`` ("contains the three active
    substances:" then "- beclometasone dipropionate," "- formoterol ..." "- glycopyrronium.")."""
    out = []
    for block in blocks[i + 1 :]:
        if block.kind != "list_item":
            break
        found = drugs.within(block.start, block.end)
        if not found:
            break
        out.append(found[0])
    return out


def document_subject(view: DocumentView, drugs: Spans, text_of: Any) -> Link | None:
    """The medicine a leaflet or monograph is about, when it names one the way they do.

    Its active substance ("X contains the active substance Y", "The active substances are
    Y and Z") gives the generic name and the drug mention; without one, the product named
    in its headings ("How to take X", "What X is and what it is used for") is looked up
    among the drug mentions, after a "<product> contains <substance>" sentence
    (``rules/side_effect_subject.jsonl``) when the leaflet words it so. Web pages that
    name no subject this way get none.
    """
    rules = dose_rules().get("subject", ())
    generics: Counter[tuple[str, ...]] = Counter()
    first_mention: dict[tuple[str, ...], Mention] = {}
    brands: Counter[str] = Counter()
    brand_text: dict[str, str] = {}
    blocks = [b for b in view.source.blocks if b.kind in CONTENT_KINDS]
    for bi, block in enumerate(blocks):
        block_text = text_of(block)
        for _rule, pattern in rules:
            for m in pattern.finditer(block_text):
                groups = m.groupdict()
                if groups.get("generic"):
                    found = drugs.within(block.start + m.start("generic"), block.start + m.end("generic"))
                    if found:
                        found = found + _joined_substances(view.text, drugs, found[-1], block.end)
                    elif block_text.rstrip().endswith(":") and not block_text[m.end("generic"):].strip():
                        found = _listed_substances(view, drugs, blocks, bi)
                    names = tuple(dict.fromkeys(d.name for d in found))
                    if names:
                        generics[names] += 1
                        first_mention.setdefault(names, found[0])
                if groups.get("name"):
                    key = groups["name"].lower()
                    brands[key] += 1
                    brand_text.setdefault(key, groups["name"])
    if generics:
        names = generics.most_common(1)[0][0]
        m = first_mention[names]
        brand = brand_text[brands.most_common(1)[0][0]] if brands else view.text[m.start : m.end]
        return Link(m, _combination(names), brand, "subject")
    if brands:
        key = brands.most_common(1)[0][0]
        generic = _brand_generic(view, drugs, brand_text[key])
        if generic:
            first = next(d for d in drugs.items if d.name == generic[0])
            return Link(first, _combination(generic), brand_text[key], "subject")
        named = [d for d in drugs.items if view.text[d.start : d.end].lower() == key]
        if named:
            return Link(named[0], _combination([named[0].name]), brand_text[key], "subject")
        return Link(None, key, brand_text[key], "subject")
    return None
