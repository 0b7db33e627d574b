"""Dose records (amount, unit, frequency, route, form, duration, timing, indication,
population) linked to their drug.

A dose is anchored at an amount with a unit. Its fields are read from the stretch of the
sentence that belongs to that amount (up to the next amount), then from the sentence,
then — for frequency, duration and timing, which leaflets often state in a follow-up
sentence ("Injections are given once a day.") — from the next sentence of the same block
if that sentence has no dose of its own.

The drug is looked for where web pages put it, nearest first: what the amount is "of"
("75 mg of Diclofenac", "20 g of elderberry"), a drug attached to the amount, the same
sentence, the previous dose of the same paragraph, the rest of the paragraph, an
adjacent image caption, the section heading. Two different drugs
at the same distance is ambiguous: the dose keeps an empty drug (``drug_link=ambiguous``)
and the flagging stage raises it for review rather than guessing.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span

from pipeline.extract.context import DocumentView
from pipeline.extract.dose_grammar import Amount, FieldMatch, find_amounts, find_fields
from pipeline.ids import normalise_quote, stable_id
from pipeline.ingest.document import CONTENT_KINDS
from pipeline.ingest.structure import Block
from pipeline.nlp.entity_resolver import CONDITION, DRUG, is_generic
from pipeline.nlp.mentions import Mention, doc_mentions

#: Characters between an amount and a drug name for the drug to count as attached to it.
ATTACHED_GAP = 30
_SUBSTANCE = re.compile(r"^\s+of\s+(?:the\s+)?(?P<name>[A-Za-z][A-Za-z-]{2,})")


@dataclass
class _Link:
    drug: Mention | None
    name: str
    text: str
    how: str


def _first(matches: list[FieldMatch]) -> FieldMatch | None:
    return matches[0] if matches else None


class _DoseFinder:
    def __init__(self, view: DocumentView) -> None:
        self.view = view
        mentions = [m for m in doc_mentions(view.doc) if view.is_content(m.start, m.end)]
        self.drugs = [m for m in mentions if m.label == DRUG and not m.negated]
        self.conditions = [m for m in mentions if m.label == CONDITION]
        self.blocks = view.source.blocks

    def drugs_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.drugs if start <= m.start and m.end <= end]

    def _single(self, mentions: list[Mention], how: str) -> _Link | None:
        names = {m.name for m in mentions}
        if len(names) == 1:
            m = mentions[0]
            return _Link(m, m.name, self.view.text[m.start : m.end], how)
        return None

    def _adjacent_caption(self, block: Block) -> list[Mention]:
        """Drugs in the captions right before or after the block (web images sit there)."""
        for k in (block.index + 1, block.index - 1):
            if 0 <= k < len(self.blocks) and self.blocks[k].kind == "caption":
                found = self.drugs_in(self.blocks[k].start, self.blocks[k].end)
                if found:
                    return found
        return []

    def link(self, amount: Amount, sent: tuple[int, int], block: Block,
             sentences: list[tuple[int, int]], previous: _Link | None) -> _Link:
        text = self.view.text
        in_sentence = self.drugs_in(*sent)
        substance = _SUBSTANCE.match(text[amount.end : sent[1]])
        if substance:
            # "75 mg of Diclofenac", "20 g of elderberry": what follows "of" is the dosed thing
            at = amount.end + substance.start("name")
            named = [m for m in in_sentence if m.start == at]
            if named:
                m = named[0]
                return _Link(m, m.name, text[m.start : m.end], "attached")
            if not is_generic(substance.group("name")):
                name = substance.group("name")
                return _Link(None, name.lower(), name, "substance")
        attached = [m for m in in_sentence
                    if 0 <= m.start - amount.end <= ATTACHED_GAP or 0 <= amount.start - m.end <= ATTACHED_GAP]
        ambiguous = False
        for candidates, how in ((attached, "attached"), (in_sentence, "sentence")):
            if candidates:
                found = self._single(sorted(candidates, key=lambda m: abs(m.start - amount.start)), how)
                if found:
                    return found
                nearest = sorted(candidates, key=lambda m: min(abs(m.start - amount.end), abs(amount.start - m.end)))
                gaps = [min(abs(m.start - amount.end), abs(amount.start - m.end)) for m in nearest]
                if how == "attached" and (len(gaps) == 1 or gaps[0] < gaps[1]):
                    m = nearest[0]
                    return _Link(m, m.name, text[m.start : m.end], how)
                ambiguous = True
        if ambiguous:
            return _Link(None, "", "", "ambiguous")
        if previous is not None and previous.name:
            # a follow-up sentence of the same paragraph continues the previous dose's drug
            return _Link(previous.drug, previous.name, previous.text, "previous_dose")
        # the rest of the paragraph, nearest sentence first
        k = sentences.index(sent)
        by_distance: dict[int, list[Mention]] = {}
        for j, other in enumerate(sentences):
            if j != k:
                found = self.drugs_in(*other)
                if found:
                    by_distance.setdefault(abs(j - k), []).extend(found)
        if by_distance:
            nearest = by_distance[min(by_distance)]
            found = self._single(nearest, "paragraph")
            if found:
                return found
            return _Link(None, "", "", "ambiguous")
        for candidates, how in ((self._adjacent_caption(block), "caption"), (self._heading_drugs(block), "heading")):
            if candidates:
                return self._single(candidates, how) or _Link(None, "", "", "ambiguous")
        return _Link(None, "", "", "none")

    def _heading_drugs(self, block: Block) -> list[Mention]:
        heading = self.view.heading_of(block)
        return self.drugs_in(heading.start, heading.end) if heading is not None and heading is not block else []

    def context_route_form(self, link: _Link, block: Block) -> tuple[FieldMatch | None, FieldMatch | None]:
        """Route and form stated where the drug was named (its caption or heading)."""
        if link.drug is None:
            return None, None
        where = self.view.block_at(link.drug.start)
        if where is None or where.index == block.index:
            return None, None
        text = self.view.text[where.start : where.end]
        return _first(find_fields("route", text)), _first(find_fields("form", text))

    def nearby_field(self, kind: str, sentences: list[tuple[int, int]], k: int) -> FieldMatch | None:
        """A field stated in a neighbouring sentence of the paragraph, nearest (earlier) first."""
        for d in range(1, len(sentences)):
            for j in (k - d, k + d):
                if 0 <= j < len(sentences):
                    found = _first(find_fields(kind, self.view.text[sentences[j][0] : sentences[j][1]]))
                    if found:
                        return found
        return None

    def indication(self, window: str, start: int, end: int) -> str:
        purpose = _first(find_fields("indication", window))
        conditions = [m for m in self.conditions if start <= m.start and m.end <= end and not m.negated]
        label = purpose.value if purpose else ""
        if conditions:
            label = f"{label}: {conditions[0].name}" if label else conditions[0].name
        return label


def dose_rows(view: DocumentView) -> list[dict[str, Any]]:
    """Rows for ``doses``: one per amount with a unit in the document's content."""
    finder = _DoseFinder(view)
    text = view.text
    rows: list[dict[str, Any]] = []
    seen: Counter[tuple[str, str]] = Counter()
    for block in view.source.blocks:
        if block.kind not in CONTENT_KINDS:
            continue
        sentences = view.block_sentences(block)
        previous: _Link | None = None
        for k, sent in enumerate(sentences):
            sent_text = text[sent[0] : sent[1]]
            amounts = [a for a in find_amounts(sent_text)
                       if view.is_content(sent[0] + a.start, sent[0] + a.end)]
            next_text = ""
            if k + 1 < len(sentences):
                candidate = text[sentences[k + 1][0] : sentences[k + 1][1]]
                if not find_amounts(candidate):
                    next_text = candidate
            for i, a in enumerate(amounts):
                lo = amounts[i - 1].end if i else 0
                hi = amounts[i + 1].start if i + 1 < len(amounts) else len(sent_text)
                window = sent_text[lo:hi]
                absolute = Amount(sent[0] + a.start, sent[0] + a.end, a.amount, a.amount_max, a.unit, a.text)

                def field(kind, follow_up=False):
                    return (_first(find_fields(kind, window)) or _first(find_fields(kind, sent_text))
                            or (_first(find_fields(kind, next_text)) if follow_up else None))

                link = finder.link(absolute, sent, block, sentences, previous)
                ctx_route, ctx_form = finder.context_route_form(link, block)
                route = field("route") or ctx_route or finder.nearby_field("route", sentences, k)
                form = field("form") or ctx_form or finder.nearby_field("form", sentences, k)
                freq = field("frequency", follow_up=True)
                duration = field("duration", follow_up=True)
                timing = field("timing", follow_up=True)
                population = field("population")
                if a.unit == "tablet" and form is None:
                    form = FieldMatch(a.start, a.end, "tablet", a.text, "unit.tablets")
                key = (normalise_quote(sent_text), normalise_quote(a.text))
                nth = seen[key]
                seen[key] += 1
                rows.append({
                    "claim_id": stable_id("d", view.source.doc_id, *key, nth),
                    "doc_id": view.source.doc_id,
                    "drug": link.name, "drug_text": link.text,
                    "amount": a.amount, "amount_max": a.amount_max, "unit": a.unit,
                    "frequency_per_day": freq.per_day if freq else None,
                    "frequency_text": freq.text if freq else "",
                    "route": route.value if route else "",
                    "form": form.value if form else "",
                    "duration_text": duration.text if duration else "",
                    "dose_kind": "regimen",
                    "start": sent[0], "end": sent[1], "evidence": sent_text,
                    "review_status": "clean",
                    "timing": timing.value if timing else "",
                    "indication": finder.indication(window, sent[0] + lo, sent[0] + hi),
                    "population": population.value if population else "",
                    "drug_link": link.how, "extractor": "dose_grammar",
                })
                previous = link if link.name else previous
    return rows
