"""Where a character offset sits in a document: its block, section heading and sentence."""
from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from pipeline.ingest.document import CONTENT_KINDS, IngestedDocument
from pipeline.ingest.structure import Block


@dataclass(frozen=True)
class DocumentView:
    """An ingested document together with its spaCy Doc, with offset lookups."""

    source: IngestedDocument
    doc: Doc

    @property
    def text(self) -> str:
        return self.source.text

    def block_at(self, offset: int) -> Block | None:
        blocks = self.source.blocks
        starts = [b.start for b in blocks]
        k = bisect.bisect_right(starts, offset) - 1
        if k >= 0 and blocks[k].start <= offset < max(blocks[k].end, blocks[k].start + 1):
            return blocks[k]
        return None

    def is_content(self, start: int, end: int) -> bool:
        """False inside boilerplate or metadata (blocks or spans)."""
        block = self.block_at(start)
        if block is None or block.kind not in CONTENT_KINDS:
            return False
        return not any(s.start < end and start < s.end for s in self.source.boilerplate_spans)

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
        out = []
        for sent in span.sents:
            start, end = max(sent.start_char, block.start), min(sent.end_char, block.end)
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
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span.sent if span is not None else None
