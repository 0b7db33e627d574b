"""What a document, a section or a pronoun is about: the condition it discusses.

Consumer pages rarely repeat the condition's name: "It can be caused by...", "The main
causes of the problem are...". The topic is the title's condition, else the condition
named most often in the headings, else in the whole text; a section's topic is its
heading's condition; a pronoun refers to the last condition named earlier in its
paragraph, else to the section's or document's topic.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter

from pipeline.extract.context import DocumentView
from pipeline.ingest.structure import Block
from pipeline.nlp.labels import CONDITION
from pipeline.nlp.mentions import Mention, doc_mentions

#: Pronouns and anaphoric noun phrases that stand for the condition under discussion.
ANAPHOR = re.compile(
    r"^(?:(?:this|that|these|the|such)\s+)?(?:disease|condition|disorder|pathology|problem|syndrome|form|"
    r"ailment|illness|violation|process)s?$|^(?:it|this|they|these|those|its|it's|it’s)$|"
    # "Some cases are inherited in an autosomal dominant manner", "Most cases are caused by …": cases of the topic
    r"^(?:(?:some|most|many|other|a few|rare|these|all|the remaining)\s+)?cases$",
    re.I,
)


class MentionIndex:
    """Mentions by start offset: the ones inside a range, in their original order.

    Extractors ask once per sentence or argument; a scan of every mention each time was
    quadratic in the length of a document (#11).
    """

    def __init__(self, mentions: list[Mention]) -> None:
        self._order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
        self._starts = [mentions[k].start for k in self._order]
        self._mentions = mentions

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions with ``start <= m.start`` and ``m.end <= end``, in list order."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_right(self._starts, end)
        found = sorted(k for k in self._order[lo:hi] if self._mentions[k].end <= end)
        return [self._mentions[k] for k in found]


class TopicResolver:
    """Condition mentions of one document and the topic lookups built on them."""

    def __init__(self, view: DocumentView) -> None:
        self.view = view
        self.mentions = [m for m in doc_mentions(view.doc) if view.is_content(m.start, m.end)]
        # every condition mention, hypothetical ones included ("may lead to gout" is a claim)
        self.all_conditions = [m for m in self.mentions if m.label == CONDITION]
        # what a text is about is what it asserts, so topics use non-hypothetical mentions
        self.conditions = [m for m in self.all_conditions if not m.hypothetical]
        self._mentions_index = MentionIndex(self.mentions)
        self._all_conditions_index = MentionIndex(self.all_conditions)
        self._conditions_index = MentionIndex(self.conditions)
        self._listed_headings = self._headings_in_lists()
        self.topic = self._topic()

    def _headings_in_lists(self) -> frozenset[int]:
        """Starts of the short lines a converter took for headings that are the items of a
        list after a lead ending in ':' ("Examples of lung infections that can lead to
        bronchiectasis include:" / "Severe pneumonia" / "Tuberculosis"): no section's name."""
        text, out = self.view.text, set()
        blocks = self.view.source.blocks
        for before, block in zip(blocks, blocks[1:]):
            if block.kind == "heading" and (before.start in out or text[before.start : before.end].rstrip().endswith(":")):
                out.add(block.start)
        return frozenset(out)

    def is_list_heading(self, block: Block | None) -> bool:
        """Whether ``block`` is a list item the converter took for a heading."""
        return block is not None and block.start in self._listed_headings

    def conditions_in(self, start: int, end: int) -> list[Mention]:
        return self._all_conditions_index.within(start, end)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return self._mentions_index.within(start, end)

    def _topic(self) -> Mention | None:
        blocks = self.view.source.blocks
        title = next((b for b in blocks if b.kind in ("title", "heading") and not self.is_list_heading(b)), None)
        if title is not None:
            inside = self.conditions_in(title.start, title.end)
            if inside:
                return inside[0]
        in_headings = [m for b in blocks if b.kind in ("title", "heading") and not self.is_list_heading(b)
                       for m in self.conditions_in(b.start, b.end)]
        pool = in_headings or self.conditions
        counts = Counter(m.name for m in pool)
        if not counts:
            return None
        name = counts.most_common(1)[0][0]
        return next(m for m in pool if m.name == name)

    def section_topic(self, block: Block) -> Mention | None:
        heading = self.view.heading_of(block)
        if heading is not None and not self.is_list_heading(heading):
            found = self.conditions_in(heading.start, heading.end)
            if found:
                return found[0]
        return self.topic

    def antecedent(self, before: int, block: Block) -> Mention | None:
        earlier = self._conditions_index.within(block.start, before)
        return earlier[-1] if earlier else self.section_topic(block)

    def subject_of(self, start: int, end: int, block: Block) -> Mention | None:
        """The condition a sentence is about: its first condition, else the antecedent."""
        inside = self.conditions_in(start, end)
        return inside[0] if inside else self.antecedent(start, block)
