"""Per-Doc text and sentence lookups, computed once per Doc and shared by components.

``Doc.text`` re-joins every token on each read and ``span.sent`` walks the tokens on every
call. Components that need the text, or the sentence of every mention, use
:func:`doc_text` and :meth:`SentenceIndex.of` instead: one pass per Doc, kept while the
Doc lives (a weak reference, so nothing outlives it and nothing is serialised with it).
Nothing cached may refer back to its Doc (a Span does): a value that holds its key keeps
a WeakKeyDictionary entry alive forever, and every Doc of a run with it.
"""
from __future__ import annotations

import bisect
from weakref import WeakKeyDictionary, ref

from spacy.tokens import Doc, Span

_TEXTS: WeakKeyDictionary[Doc, str] = WeakKeyDictionary()
_INDEXES: WeakKeyDictionary[Doc, SentenceIndex] = WeakKeyDictionary()


def remember_text(doc: Doc, text: str) -> None:
    """Record the text ``doc`` was made from (the tokenizer knows it; see doc_text)."""
    _TEXTS[doc] = text


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per Doc (tokens never change the text they cover)."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


class SentenceIndex:
    """Sentence boundaries of one Doc: token and character offsets, and sentence texts."""

    def __init__(self, doc: Doc) -> None:
        self._doc = ref(doc)  # weak: the index is cached per Doc and must not keep it alive
        sents = list(doc.sents)
        self.tokens = [(s.start, s.end) for s in sents]
        self._token_starts = [start for start, _ in self.tokens]
        #: (start_char, end_char) of each sentence, in order.
        self.bounds = [(s.start_char, s.end_char) for s in sents]
        self.starts = [start for start, _ in self.bounds]
        text = doc_text(doc)
        self._texts = [text[start:end] for start, end in self.bounds]

    @classmethod
    def of(cls, doc: Doc) -> SentenceIndex:
        """The index of ``doc``, built on first use. Call it once sentences are final."""
        index = _INDEXES.get(doc)
        if index is None:
            index = _INDEXES[doc] = cls(doc)
        return index

    def number_at(self, offset: int) -> int:
        """Index of the sentence containing character ``offset`` (the previous one in whitespace)."""
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def number_of_token(self, i: int) -> int:
        """Index of the sentence containing token ``i``."""
        return max(0, bisect.bisect_right(self._token_starts, i) - 1)

    def span(self, number: int) -> Span:
        """Sentence ``number`` as a Span of the Doc."""
        doc = self._doc()
        if doc is None:
            raise ReferenceError("the Doc of this SentenceIndex no longer exists")
        start, end = self.tokens[number]
        return doc[start:end]

    def at(self, offset: int) -> Span:
        """The sentence containing character ``offset``, as a Span."""
        return self.span(self.number_at(offset))

    def text_at(self, offset: int) -> str:
        """Text of the sentence containing ``offset`` (Span.text re-joins tokens each call)."""
        return self._texts[self.number_at(offset)]
