"""Sentence boundaries at line breaks.

Saved web pages put headings, list items and captions on lines of their own without a
full stop, so a punctuation-only sentencizer glues a heading to the next paragraph. This
component runs first and marks the token after every line break as a sentence start;
spaCy's ``sentencizer`` then adds the punctuation boundaries without overwriting these.

It works from the text's line breaks and the tokens' offsets, touching only the tokens it
marks: walking every token builds a Python object per token, which cost more than the
statistical NER's tagging of short documents.
"""
from __future__ import annotations

import bisect

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.sentences import doc_text


@Language.component("line_sentencizer")
def line_sentencizer(doc: Doc) -> Doc:
    if not len(doc):
        return doc
    doc[0].is_sent_start = True
    text = doc_text(doc)
    if "\n" not in text:
        return doc
    starts = doc.to_array(IDX).tolist()
    pos = text.find("\n")
    while pos != -1:
        # The line break lies in token k-1 (a whitespace token) or in the trailing space
        # before token k: either way token k, the first to start after it, opens a sentence.
        k = bisect.bisect_right(starts, pos)
        if k < len(starts):
            doc[k].is_sent_start = True
            # skip the rest of this whitespace run: its later breaks mark the same token
            pos = text.find("\n", starts[k])
        else:
            break
    return doc
