"""Sentence lookup by character offset, computed once per Doc.

``span.sent`` walks the tokens on every call; components that ask for the sentence of
every mention use this index instead (one pass over ``doc.sents``, then bisection).
"""
from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span


class SentenceIndex:
    def __init__(self, doc: Doc) -> None:
        self.spans: list[Span] = list(doc.sents)
        self.starts = [s.start_char for s in self.spans]
        text = doc.text
        self._texts = [text[s.start_char : s.end_char] for s in self.spans]

    def at(self, offset: int) -> Span:
        """The sentence containing character ``offset`` (the previous one in whitespace)."""
        k = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.spans[k]

    def text_at(self, offset: int) -> str:
        """Text of the sentence containing ``offset`` (Span.text re-joins tokens each call)."""
        return self._texts[max(0, bisect.bisect_right(self.starts, offset) - 1)]
