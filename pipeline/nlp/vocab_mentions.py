"""Conditions and drugs the vocabularies name: longest term match over the text.

The most trusted source of mentions (HPO, Orphanet/OMIM, ICD-10-CM, drug names and
brands). A term of several concepts names the condition first, then the concept that
needs no context. A substance that is a drug only in context (calcium, vitamin D) needs
the drug context of ``drug_context.jsonl`` (see :mod:`pipeline.nlp.drug_context`).
"""
from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.candidates import Candidate, put_candidates
from pipeline.nlp.drug_context import DRUG_CONTEXT_FILE, DrugContext
from pipeline.nlp.labels import KIND_LABEL
from pipeline.nlp.sentences import SentenceIndex, doc_text
from pipeline.nlp.term_index import TermIndex
from pipeline.vocab.lexicon import Concept, iter_terms
from pipeline.vocab.snapshot import snapshot

SOURCE = "vocab"


@lru_cache(maxsize=1)
def term_index() -> TermIndex:
    """The vocabulary index, once per process: from its snapshot on disk, or built (see
    :mod:`pipeline.vocab.snapshot`)."""
    def build() -> TermIndex:
        return TermIndex([(term, concept) for kind in ("condition", "drug") for term, concept in iter_terms(kind)])

    return snapshot("term_index", build, (__name__, "pipeline.nlp.term_index", "pipeline.vocab.lexicon",
                                          "pipeline.vocab.terms", "pipeline.vocab.curation", "pipeline.rules"))


def pick(concepts: tuple[object, ...]) -> Concept:
    """The concept a term names when several share it: a condition, then one needing no
    context, then the lowest id (so the choice is stable)."""
    ranked = sorted(concepts, key=lambda c: (c.kind != "condition", c.needs_context, c.concept_id))  # type: ignore[attr-defined]
    return ranked[0]  # type: ignore[return-value]


@Language.factory("vocab_mentions", default_config={"drug_context": DRUG_CONTEXT_FILE})
def make_vocab_mentions(nlp: Language, name: str, drug_context: str) -> VocabMentions:
    return VocabMentions(DrugContext.load(drug_context))


class VocabMentions:
    """Propose every vocabulary term in the text as a candidate mention.

    Args:
        drug_context: Drug cues and non-drug heads; in the config, the rule file's name
            under ``pipeline/rules/`` or an absolute path (default ``drug_context.jsonl``).
    """

    whole_document = True

    def __init__(self, drug_context: DrugContext) -> None:
        self.drug_context = drug_context

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        has_cue = self.drug_context.cue_lookup(SentenceIndex.of(doc))
        found = []
        for hit in term_index().find(text):
            concept = pick(hit.payloads)
            if concept.kind == "drug" and concept.needs_context:
                if self.drug_context.followed_by_non_drug_head(text, hit.end) or not (
                        has_cue(hit.start) or self.drug_context.marked_as_drug(text, hit.start, hit.end)):
                    continue
            found.append(Candidate(hit.start, hit.end, KIND_LABEL[concept.kind], concept, concept.name, SOURCE))
        put_candidates(doc, SOURCE, found)
        return doc
