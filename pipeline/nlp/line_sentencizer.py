"""Sentence boundaries at line breaks, and after a letter that ends a sentence.

Saved web pages put headings, list items and captions on lines of their own without a
full stop, so a punctuation-only sentencizer glues a heading to the next paragraph. This
component runs first and marks the token after every line break as a sentence start;
spaCy's ``sentencizer`` then adds the punctuation boundaries without overwriting these.

It works from the text's line breaks and the tokens' offsets and writes all marks in one
array: walking every token builds a Python object per token, and setting
``Token.is_sent_start`` one token at a time checks the whole Doc for a parse on each call
(10,000 one-line list items took minutes).

The tokenizer keeps a capital letter and its full stop together ("D." as in "J. Smith"),
so the punctuation sentencizer never ends a sentence there, and "Rickets is caused by a
lack of vitamin D. It is common." was one sentence. A letter after a lower-case word
("vitamin D.", "hepatitis B.", "type A.") is a name's last word, not an initial: when a
capitalised word follows, it opens a sentence. Initials follow a capitalised name
("John F. Kennedy", "Smith J. The ...") and are left alone.
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.sentences import doc_text

_BREAK = re.compile("\n")
# "vitamin D. It": the end of the letter's full stop, when a capitalised word follows
_LETTER_END = re.compile(r"\b[a-z]{2,} [A-Z]\.(?=[ \t]+[A-Z])")


@Language.component("line_sentencizer")
def line_sentencizer(doc: Doc) -> Doc:
    if not len(doc):
        return doc
    text = doc_text(doc)
    marks = doc.to_array(SENT_START).astype(numpy.int64)
    marks[0] = 1
    idx = doc.to_array(IDX).astype(numpy.int64)
    if "\n" in text:
        breaks = numpy.fromiter((m.start() for m in _BREAK.finditer(text)), dtype=numpy.int64)
        # The line break lies in token k-1 (a whitespace token) or in the trailing space
        # before token k: either way token k, the first to start after it, opens a sentence.
        after = numpy.searchsorted(idx, breaks, side="right")
        marks[after[after < len(doc)]] = 1
    ends = numpy.fromiter((m.end() - 1 for m in _LETTER_END.finditer(text)), dtype=numpy.int64)
    if len(ends):
        # the first token to start after the letter's full stop opens a sentence
        after = numpy.searchsorted(idx, ends, side="right")
        marks[after[after < len(doc)]] = 1
    doc.from_array([SENT_START], marks.astype(numpy.uint64))
    return doc
