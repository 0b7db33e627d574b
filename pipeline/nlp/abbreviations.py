"""scispaCy's abbreviation detector, in time linear in the Doc.

scispaCy's ``AbbreviationDetector`` finds "( … )" with a token Matcher pattern
``( + )``, which keeps a partial match open for every "(" until the end of the Doc and
returns every pair of "(" and a later ")": a run of 8,000 "(" took seconds, 100,000 more
than five minutes. Its filter then drops every pair with more than 8 tokens inside, so
this component lists only those pairs, in the Matcher's order (by end, then by start
from the right), and hands them to scispaCy's own filter and Schwartz & Hearst matching.
The second pass, which finds every later use of a detected short form, is a dictionary
lookup instead of a Matcher with one pattern per abbreviation. A Doc without "(" has no
definition to find and is skipped. The result (``doc._.abbreviations``, each short form's
``._.long_form``) is the same as scispaCy's.
"""
from __future__ import annotations

from collections import defaultdict

import numpy
from scispacy.abbreviation import AbbreviationDetector, filter_matches, find_abbreviation
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.sentences import doc_text

#: scispaCy's filter ignores "( … )" with more than this many tokens inside.
MAX_INSIDE = 8


@Language.factory("bounded_abbreviation_detector", default_config={"make_serializable": False})
def make_bounded_abbreviation_detector(nlp: Language, name: str, make_serializable: bool) -> "BoundedAbbreviationDetector":
    return BoundedAbbreviationDetector(nlp, name, make_serializable)


def parenthesis_pairs(doc: Doc) -> list[tuple[int, int, int]]:
    """``(match_id, start, end)`` of every "(" … ")" with 1 to 8 tokens inside, brackets
    excluded, in the order scispaCy's Matcher reports them (end ascending, then start
    descending), so scispaCy's first-come dedup picks the same definitions."""
    orth = doc.to_array(ORTH)
    strings = doc.vocab.strings
    opens = numpy.flatnonzero(orth == strings["("])
    if not len(opens):
        return []
    closes = numpy.flatnonzero(orth == strings[")"])
    pairs = []
    for close in closes.tolist():
        lo = numpy.searchsorted(opens, close - MAX_INSIDE - 1)
        hi = numpy.searchsorted(opens, close - 1)  # at least one token inside
        for start in reversed(opens[lo:hi].tolist()):
            pairs.append((0, start + 1, close))
    return pairs


class BoundedAbbreviationDetector(AbbreviationDetector):
    """scispaCy's ``abbreviation_detector`` with linear candidate search (same output).

    Args:
        nlp: The pipeline (for its vocab).
        name: Component name.
        make_serializable: As scispaCy's: store plain dicts instead of Spans.
    """

    #: Finds every later use of a short form in the whole Doc: run it on the joined Doc,
    #: not on the pieces of a long text (see ``pipeline.nlp.process``).
    whole_document = True

    def __call__(self, doc: Doc) -> Doc:
        if "(" not in doc_text(doc):
            return doc
        filtered = filter_matches(parenthesis_pairs(doc), doc)
        for long_form, short_forms in self.find_matches_for(filtered, doc):
            for short in short_forms:
                short._.long_form = long_form
                doc._.abbreviations.append(short)
        if self.make_serializable:
            doc._.abbreviations = [self.make_short_form_serializable(a) for a in doc._.abbreviations]
        return doc

    def find_matches_for(self, filtered: list[tuple[Span, Span]], doc: Doc) -> list[tuple[Span, set[Span]]]:
        """scispaCy's definition matching, then every occurrence of each short form."""
        all_occurrences: dict[Span, set[Span]] = defaultdict(set)
        by_short: dict[tuple[int, ...], list[Span]] = {}
        seen_long: set[str] = set()
        seen_short: set[str] = set()
        for long_candidate, short_candidate in filtered:
            short, long = find_abbreviation(long_candidate, short_candidate)
            if long is None or long.text in seen_long or short.text in seen_short:
                continue
            seen_long.add(long.text)
            seen_short.add(short.text)
            all_occurrences[long].add(short)
            by_short.setdefault(tuple(t.orth for t in short), []).append(long)
        if by_short:
            orth = doc.to_array(ORTH)
            firsts = numpy.array(sorted({key[0] for key in by_short}), dtype=orth.dtype)
            lengths = sorted({len(key) for key in by_short})
            for i in numpy.flatnonzero(numpy.isin(orth, firsts)).tolist():
                for n in lengths:
                    longs = by_short.get(tuple(orth[i : i + n].tolist()))
                    for long in longs or ():
                        all_occurrences[long].add(doc[i : i + n])
        return list(all_occurrences.items())
