"""Drug names no vocabulary knows, from how texts introduce products.

``drug_patterns.jsonl`` holds regexes with a ``name`` group ("the drug X", "75 mg of
X"), each optionally gated by a regex its sentence must contain. A name caught this way
is kept unless it is generic, an all-capital acronym (CD34, SPECT), a procedure, or a
condition the vocabulary knows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.candidates import Candidate, put_candidates
from pipeline.nlp.labels import DRUG, GENERIC_WORDS_FILE, GenericWords
from pipeline.nlp.ner_filters import NER_FILTERS_FILE, NerFilters
from pipeline.nlp.rule_files import load_rule_file
from pipeline.nlp.sentences import SentenceIndex, doc_text
from pipeline.nlp.term_index import fold
from pipeline.rules import Rule
from pipeline.vocab.lexicon import lookup

SOURCE = "pattern"
DRUG_PATTERNS_FILE = "drug_patterns.jsonl"


class DrugPatternRule(Rule):
    pattern: str
    requires: str | None = None


@dataclass(frozen=True)
class DrugPattern:
    """A compiled product pattern and the regex its sentence must contain, if any."""

    pattern: re.Pattern[str]
    requires: re.Pattern[str] | None
    id: str


def load_drug_patterns(ref: str = DRUG_PATTERNS_FILE) -> tuple[DrugPattern, ...]:
    """From a rule file: a name under ``pipeline/rules/`` or an absolute path."""
    return tuple(
        DrugPattern(re.compile(r.pattern), re.compile(r.requires) if r.requires else None, r.id)
        for r in load_rule_file(ref, DrugPatternRule)
    )


@Language.factory(
    "product_mentions",
    default_config={
        "drug_patterns": DRUG_PATTERNS_FILE,
        "ner_filters": NER_FILTERS_FILE,
        "generic_words": GENERIC_WORDS_FILE,
    },
)
def make_product_mentions(
    nlp: Language, name: str, drug_patterns: str, ner_filters: str, generic_words: str,
) -> ProductMentions:
    return ProductMentions(load_drug_patterns(drug_patterns), NerFilters.load(ner_filters),
                           GenericWords.load(generic_words))


class ProductMentions:
    """Propose the names product patterns catch as candidate drug mentions.

    Args (config: rule file names under ``pipeline/rules/`` or absolute paths):
        drug_patterns: The patterns (default ``drug_patterns.jsonl``).
        ner_filters: Procedure words a product name must not end in (``ner_filters.jsonl``).
        generic_words: Words that are no name alone (``generic_words.jsonl``).
    """

    whole_document = True

    def __init__(self, patterns: tuple[DrugPattern, ...], filters: NerFilters, generic: GenericWords) -> None:
        self.patterns = patterns
        self.filters = filters
        self.generic = generic

    def __call__(self, doc: Doc) -> Doc:
        found = []
        text_of_doc = doc_text(doc)
        for sent_start, sent_end in SentenceIndex.of(doc).bounds:
            sent_text = text_of_doc[sent_start:sent_end]
            for rule in self.patterns:
                if rule.requires is not None and not rule.requires.search(sent_text):
                    continue
                for m in rule.pattern.finditer(sent_text):
                    start, end = sent_start + m.start("name"), sent_start + m.end("name")
                    text = text_of_doc[start:end]
                    if self.generic.cover(text) or text.isupper() or self.filters.looks_like_procedure(text):
                        continue
                    concept = lookup(text, "drug")
                    if concept is None and lookup(text, "condition") is not None:
                        continue
                    name = concept.name if concept else fold(text)
                    found.append(Candidate(start, end, DRUG, concept, name, SOURCE))
        put_candidates(doc, SOURCE, found)
        return doc
