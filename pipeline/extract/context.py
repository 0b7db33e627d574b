"""Where a character offset sits in a document: its block, section heading and sentence.

Extractors ask these questions once per mention or sentence, so each is a binary search
over lists built once per view, never a scan of the document (#11: a page of 10,000 list
items made every lookup walk every block).
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

from spacy.tokens import Doc, Span

from pipeline.ingest.document import CONTENT_KINDS, IngestedDocument
from pipeline.ingest.structure import Block
from pipeline.nlp.deadline import check_deadline
from pipeline.nlp.sentences import SentenceIndex


@dataclass(frozen=True)
class DocumentView:
    """An ingested document together with its spaCy Doc, with offset lookups."""

    source: IngestedDocument
    doc: Doc

    @property
    def text(self) -> str:
        return self.source.text

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.start for b in self.source.blocks]

    @cached_property
    def _boilerplate_spans(self) -> tuple[list[int], list[int]]:
        """Starts of the boilerplate spans in order, and the furthest end up to each."""
        spans = sorted(self.source.boilerplate_spans, key=lambda s: s.start)
        return [s.start for s in spans], list(accumulate((s.end for s in spans), max))

    @property
    def sentence_index(self) -> SentenceIndex:
        return SentenceIndex.of(self.doc)

    def check_deadline(self) -> None:
        """Raise DocumentTooSlow once the document's time budget is spent (see nlp.process)."""
        check_deadline(self.doc)

    def block_at(self, offset: int) -> Block | None:
        blocks = self.source.blocks
        k = bisect.bisect_right(self._block_starts, offset) - 1
        if k >= 0 and blocks[k].start <= offset < max(blocks[k].end, blocks[k].start + 1):
            return blocks[k]
        return None

    def is_content(self, start: int, end: int) -> bool:
        """False inside boilerplate or metadata (blocks or spans)."""
        block = self.block_at(start)
        if block is None or block.kind not in CONTENT_KINDS:
            return False
        starts, reach = self._boilerplate_spans
        k = bisect.bisect_left(starts, end)  # spans starting before ``end``
        return not (k and reach[k - 1] > start)

    def heading_of(self, block: Block | None) -> Block | None:
        if block is None:
            return None
        if block.kind in ("heading", "title"):
            return block
        return self.source.blocks[block.section] if block.section >= 0 else None

    def section_text(self, offset: int) -> str:
        heading = self.heading_of(self.block_at(offset))
        return self.text[heading.start : heading.end] if heading else ""

    def block_sentences(self, block: Block) -> list[tuple[int, int]]:
        """Sentence spans of a block, clipped to it and trimmed of whitespace."""
        span = self.doc.char_span(block.start, block.end, alignment_mode="expand")
        if span is None:
            return [(block.start, block.end)]
        index = self.sentence_index
        out = []
        # the sentences ``span.sents`` gives: every one that shares a token with the span
        for number in range(index.number_of_token(span.start), index.number_of_token(span.end - 1) + 1):
            sent_start, sent_end = index.bounds[number]
            start, end = max(sent_start, block.start), min(sent_end, block.end)
            piece = self.text[start:end]
            start += len(piece) - len(piece.lstrip())
            end = start + len(piece.strip())
            if end > start:
                out.append((start, end))
        return out or [(block.start, block.end)]

    def sentences(self, kinds: tuple[str, ...] = CONTENT_KINDS) -> Iterator[tuple[Block, int, int]]:
        """(block, start, end) of every sentence in the blocks of the given kinds."""
        for block in self.source.blocks:
            if block.kind in kinds:
                for start, end in self.block_sentences(block):
                    yield block, start, end

    def sentence(self, start: int, end: int) -> Span | None:
        """The sentence of the first token of ``start:end`` (as ``Span.sent``, without
        walking the tokens to find its ends)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        index = self.sentence_index
        return index.span(index.number_of_token(span.start))
