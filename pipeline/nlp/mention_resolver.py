"""Overlapping candidate mentions resolved into ``doc.ents`` and ``doc._.mentions``.

Each source component (vocabulary, NER, product patterns, abbreviations) leaves its
candidates on the Doc; this keeps, among overlapping ones, the most trusted source's,
then the earliest, then the longest. Generic words alone ("the disease", "patients")
never reach it. The result is ``doc.ents`` labelled ``CONDITION``/``DRUG`` and one
:class:`~pipeline.nlp.mentions.Mention` record per entity with exact offsets.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.candidates import TRUST_ORDER, Candidate, drop_candidates, get_candidates
from pipeline.nlp.mentions import Mention, ensure_doc_extension


@Language.factory("mention_resolver")
def make_mention_resolver(nlp: Language, name: str) -> MentionResolver:
    return MentionResolver()


def _record(c: Candidate) -> Mention:
    return Mention(
        start=c.start, end=c.end, label=c.label,
        concept_id=c.concept.concept_id if c.concept else "",
        name=c.name,
        drug_class=(c.concept.drug_class or "") if c.concept else "",
        known=c.concept is not None,
        source=c.source,
    )


class MentionResolver:
    """Keep the most trusted of overlapping candidates (trust: ``candidates.TRUST_ORDER``).

    Runs once every source component has run, on the whole Doc.
    """

    whole_document = True

    def __init__(self) -> None:
        ensure_doc_extension()

    def __call__(self, doc: Doc) -> Doc:
        trust = {source: rank for rank, source in enumerate(TRUST_ORDER)}
        found = get_candidates(doc)
        drop_candidates(doc)
        # Most trusted source first, then longest; spaCy's filter keeps the first of overlaps
        # among equally long spans, so sort by trust before handing over.
        spans: list[Span] = []
        by_key: dict[tuple[int, int], Candidate] = {}
        taken = bytearray(len(doc))  # tokens of the spans kept so far
        for c in sorted(found, key=lambda c: (trust[c.source], c.start, -(c.end - c.start))):
            span = doc.char_span(c.start, c.end, label=c.label, alignment_mode="expand")
            if span is None or (span.start, span.end) in by_key:
                continue
            if 1 in taken[span.start : span.end]:
                continue  # overlaps a more trusted mention
            taken[span.start : span.end] = b"\x01" * (span.end - span.start)
            spans.append(span)
            by_key[(span.start, span.end)] = c
        doc.ents = filter_spans(spans)
        doc._.mentions = [_record(by_key[(ent.start, ent.end)]) for ent in doc.ents]
        return doc
