"""An upper bound on sentence length, in tokens.

Every per-sentence step after the sentencizers (trigger regexes, cause and statement
patterns, ConText scopes, a mention's sentence) costs more than linear time in the length
of its sentence. Real sentences are short (the longest of 78,000 in the shared corpora is
585 tokens, 99.9% are under 250), but a page without full stops — a 60 KB line, a run of
"1-1-1-…" — is one sentence, and those steps turn quadratic. This component runs after the
sentencizers and cuts any sentence longer than ``max_tokens``: after the last punctuation
token (other than an opening bracket) in the second half of the allowed stretch, else
exactly at the bound. Sentences within the bound are untouched.
"""
from __future__ import annotations

import numpy
from spacy.attrs import IS_LEFT_PUNCT, IS_PUNCT, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

#: The default bound; see the module docstring for how it was chosen.
MAX_SENTENCE_TOKENS = 256


@Language.factory("sentence_bound", default_config={"max_tokens": MAX_SENTENCE_TOKENS})
def make_sentence_bound(nlp: Language, name: str, max_tokens: int) -> "SentenceBound":
    return SentenceBound(max_tokens)


class SentenceBound:
    """Cut sentences longer than ``max_tokens`` tokens (default 256; at least 2)."""

    def __init__(self, max_tokens: int = MAX_SENTENCE_TOKENS) -> None:
        if max_tokens < 2:
            raise ValueError("sentence_bound: max_tokens must be at least 2")
        self.max_tokens = max_tokens

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n <= self.max_tokens:
            return doc
        arr = doc.to_array([SENT_START, IS_PUNCT, IS_LEFT_PUNCT]).astype(numpy.int64)
        marks = arr[:, 0].copy()
        marks[0] = 1
        starts = numpy.flatnonzero(marks == 1).tolist() + [n]
        # tokens after which a cut reads naturally: punctuation that closes or separates
        cut_after = numpy.flatnonzero((arr[:, 1] != 0) & (arr[:, 2] == 0))
        changed = False
        for start, end in zip(starts, starts[1:]):
            pos = start
            while end - pos > self.max_tokens:
                limit = pos + self.max_tokens
                # the last good token t in [pos + max/2, limit) ends the sentence: cut at t+1
                k = numpy.searchsorted(cut_after, limit - 1, side="right") - 1
                cut = limit
                if k >= 0 and cut_after[k] + 1 > pos + self.max_tokens // 2:
                    cut = int(cut_after[k]) + 1
                marks[cut] = 1
                pos = cut
                changed = True
        if changed:
            doc.from_array([SENT_START], marks.astype(numpy.uint64))
        return doc
