"""Abbreviations whose long form is a mention: "autosomal dominant osteopetrosis (ADO)".

Reads the pairs of scispaCy's abbreviation detector (``doc._.abbreviations``). A short
form takes the label and concept of the first candidate, in trust order, that contains
its long form, or of the concept its long form names exactly; both forms become
candidates. Runs on the whole Doc: a term defined once is used anywhere.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.candidates import Candidate, Containment, get_candidates, put_candidates
from pipeline.nlp.labels import KIND_LABEL
from pipeline.vocab.lexicon import lookup

SOURCE = "abbreviation"
#: The sources a long form is looked up in (everything proposed before abbreviations).
BASES = ("vocab", "ner", "pattern")


@Language.factory("abbreviation_mentions")
def make_abbreviation_mentions(nlp: Language, name: str) -> AbbreviationMentions:
    return AbbreviationMentions()


class AbbreviationMentions:
    """Propose both forms of every abbreviation whose long form names a concept.

    Runs after the other mention sources and the abbreviation detector; without the
    detector it proposes nothing.
    """

    whole_document = True

    def __call__(self, doc: Doc) -> Doc:
        found: list[Candidate] = []
        if Doc.has_extension("abbreviations"):
            containing = Containment(get_candidates(doc, BASES))
            for short in doc._.abbreviations:
                long_form = short._.long_form
                base = containing.first(long_form.start_char, long_form.end_char)
                if base is None:
                    concept = lookup(long_form.text, "condition") or lookup(long_form.text, "drug")
                    if concept is None:
                        continue
                    base = Candidate(long_form.start_char, long_form.end_char, KIND_LABEL[concept.kind],
                                     concept, concept.name, SOURCE)
                    found.append(base)
                found.append(Candidate(short.start_char, short.end_char, base.label, base.concept, base.name,
                                       SOURCE))
        put_candidates(doc, SOURCE, found)
        return doc
