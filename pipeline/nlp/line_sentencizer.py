"""Sentence boundaries at line breaks.

Saved web pages put headings, list items and captions on lines of their own without a
full stop, so a punctuation-only sentencizer glues a heading to the next paragraph. This
component runs first and marks the token after every line break as a sentence start;
spaCy's ``sentencizer`` then adds the punctuation boundaries without overwriting these.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("line_sentencizer")
def line_sentencizer(doc: Doc) -> Doc:
    for i, token in enumerate(doc):
        if i == 0:
            token.is_sent_start = True
        elif doc[i - 1].is_space and "\n" in doc[i - 1].text:
            token.is_sent_start = True
        elif "\n" in doc[i - 1].whitespace_:
            token.is_sent_start = True
    return doc
