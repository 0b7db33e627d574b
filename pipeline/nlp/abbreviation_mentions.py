"""Abbreviations whose long form is a mention: "autosomal dominant osteopetrosis (ADO)".

Reads the pairs of scispaCy's abbreviation detector (``doc._.abbreviations``). A short
form takes the label and concept of the first candidate, in trust order, that contains
its long form, or of the concept its long form names exactly; both forms become
candidates. Runs on the whole Doc: a term defined once is used anywhere.

scispaCy's detector works on tokens and misses definitions that a drug's short form is
written in most often in abstracts: the bracket glued to what follows ("doxorubicin
(DOX)-induced" is one token) and a bracket that goes on with a dose ("diethylstilbestrol
(DES, 8-10 mg)"). :func:`bracket_definitions` finds those on the characters: a short form
right after a drug mention, whose letters the mention spells in order (Schwartz & Hearst's
test); every later use of the short form then names that drug.

Abstracts also use a few standard short forms without defining them ("cis-platin (80-120
mg/m2BSA) and 5-FU (1000 mg/m2BSA daily ...)"), where the NER may miss them: such a short
form (``short_form`` rules of ``ner_filters.jsonl``) that no other source took becomes its
drug's mention where the words next to it say it was given or its sentence has a drug cue
(``drug_context.jsonl``), as the NER's unknown drugs must.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.candidates import Candidate, Containment, get_candidates, put_candidates
from pipeline.nlp.drug_context import DRUG_CONTEXT_FILE, DrugContext
from pipeline.nlp.labels import DRUG, KIND_LABEL
from pipeline.nlp.ner_filters import NER_FILTERS_FILE, NerFilters
from pipeline.nlp.sentences import SentenceIndex, doc_text
from pipeline.vocab.lexicon import lookup

SOURCE = "abbreviation"
#: The sources a long form is looked up in (everything proposed before abbreviations).
BASES = ("vocab", "ner", "pattern")


#: "(" + a short form + ")", "," or ";": up to 10 letters, digits and hyphens, starting with a
#: letter or digit and holding a letter ("(DOX)-induced", "(DES, 8-10 mg)", "(5-FU)").
_BRACKET_SHORT = re.compile(r"\(\s?(?P<short>[A-Za-z0-9](?:[A-Za-z0-9-]{0,8}[A-Za-z0-9])?)\s?[),;]")
_HAS_LETTER = re.compile(r"[A-Za-z]")


def spells(short: str, long: str) -> bool:
    """Whether ``long`` spells ``short``'s letters and digits in order (Schwartz & Hearst
    2003, as scispaCy's ``find_abbreviation``), the first being ``long``'s first: DOX in
    doxorubicin, 5-FU in 5-fluorouracil, atorva in atorvastatin, not "alone" in
    "methotrexate (alone)"; a one-letter short form ("prednisone (P)") is too weak to
    carry the name to every later "P"."""
    chars = [c.lower() for c in short if c.isalnum()]
    if len(chars) < 2 or len(long) <= len(short) or chars[0] != long[:1].lower():
        return False
    lower = long.lower()
    li = len(lower) - 1
    for k in range(len(chars) - 1, -1, -1):
        c = chars[k]
        while li >= 0 and (lower[li] != c or (k == 0 and li > 0 and lower[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        li -= 1
    return True


def bracket_definitions(text: str, drugs: list[Candidate]) -> dict[str, Candidate]:
    """Short form -> the drug mention it abbreviates, for "<drug> (<short>" in ``text``.

    The drug mention must end right before the bracket (a space between at most), and the
    short form must be shorter than the mention and spelled by it in order (:func:`spells`).
    The first definition of a short form wins. One pass over the brackets of the text.
    """
    by_end: dict[int, Candidate] = {}
    for c in drugs:
        by_end.setdefault(c.end, c)
    found: dict[str, Candidate] = {}
    for m in _BRACKET_SHORT.finditer(text):
        short = m.group("short")
        if short in found or not _HAS_LETTER.search(short):
            continue
        start = m.start()
        base = by_end.get(start) or by_end.get(start - 1 if start and text[start - 1] == " " else -1)
        if base is not None and spells(short, text[base.start:base.end]):
            found[short] = base
    return found


#: Most tokens a short form spans ("5-FU" is three: 5, -, FU).
_MAX_SHORT_TOKENS = 5


def _uses(doc: Doc, text: str, shorts: dict[str, Candidate]) -> list[tuple[int, int, Candidate]]:
    """Every occurrence of a short form as whole tokens, neither glued to a word before it by a
    hyphen ("anti-DOX") nor to a letter after it; one dictionary lookup per token window, so
    the time is linear in the Doc however many short forms it defines."""
    if not shorts:
        return []
    longest = max(len(s) for s in shorts)
    found = []
    n = len(doc)
    for i in range(n):
        start = doc[i].idx
        if start and (text[start - 1].isalnum() or text[start - 1] == "-"):
            continue
        for j in range(i, min(n, i + _MAX_SHORT_TOKENS)):
            end = doc[j].idx + len(doc[j])
            if end - start > longest:
                break
            base = shorts.get(text[start:end])
            if base is not None and not text[end:end + 1].isalnum():
                found.append((start, end, base))
                break
    return found


def _name_unknown_ner_spans(doc: Doc, found: list[Candidate]) -> None:
    """A short form the NER read but no vocabulary knows ("atorva 30 mg/kg", "ZDV") takes
    the concept its definition gives it ("atorvastatin (atorva)"): the NER, more trusted
    than abbreviations, would otherwise name the dose's drug "atorva"."""
    known = {(c.start, c.end): c for c in found if c.concept is not None}
    if not known:
        return
    ner = get_candidates(doc, ("ner",))
    named = [known.get((c.start, c.end), c) if c.concept is None and c.label == known.get((c.start, c.end), c).label
             else c for c in ner]
    if any(a is not b for a, b in zip(named, ner)):
        put_candidates(doc, "ner", [Candidate(c.start, c.end, c.label, c.concept, c.name, "ner") for c in named])


@Language.factory(
    "abbreviation_mentions",
    default_config={"ner_filters": NER_FILTERS_FILE, "drug_context": DRUG_CONTEXT_FILE},
)
def make_abbreviation_mentions(nlp: Language, name: str, ner_filters: str, drug_context: str) -> AbbreviationMentions:
    return AbbreviationMentions(NerFilters.load(ner_filters), DrugContext.load(drug_context))


class AbbreviationMentions:
    """Propose both forms of every abbreviation whose long form names a concept, and the
    standard short forms a text uses undefined.

    Runs after the other mention sources and the abbreviation detector; without the
    detector it proposes no defined abbreviation.

    Args:
        filters: ``short_form`` rules (config ``ner_filters``, default ``ner_filters.jsonl``);
            None proposes no undefined short form.
        drug_context: drug cues and given-here words (config ``drug_context``, default
            ``drug_context.jsonl``).
    """

    whole_document = True

    def __init__(self, filters: NerFilters | None = None, drug_context: DrugContext | None = None) -> None:
        self.filters = filters
        self.drug_context = drug_context

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
        found += self._bracket_uses(doc, found)
        found += self._standard_short_forms(doc, found)
        put_candidates(doc, SOURCE, found)
        _name_unknown_ner_spans(doc, found)
        return doc

    @staticmethod
    def _bracket_uses(doc: Doc, found: list[Candidate]) -> list[Candidate]:
        """Uses of drug short forms scispaCy did not pair (see :func:`bracket_definitions`),
        where they fall on token boundaries and no abbreviation mention is already."""
        text = doc_text(doc)
        if "(" not in text:
            return []
        drugs = [c for c in get_candidates(doc, BASES) if c.label == DRUG]
        shorts = bracket_definitions(text, drugs)
        taken = {(c.start, c.end) for c in found}
        paired = {a.text for a in doc._.abbreviations} if Doc.has_extension("abbreviations") else set()
        added = []
        for start, end, base in _uses(doc, text, {s: b for s, b in shorts.items() if s not in paired}):
            if (start, end) in taken:
                continue
            added.append(Candidate(start, end, base.label, base.concept, base.name, SOURCE))
        return added

    def _standard_short_forms(self, doc: Doc, found: list[Candidate]) -> list[Candidate]:
        """Undefined uses of standard drug short forms ("5-FU" → fluorouracil) that no source
        took, where the words next to them say they were given or the sentence has a drug cue.
        A short form the text defines itself (scispaCy's pairs, a bracket) is left to that
        definition."""
        if self.filters is None or self.drug_context is None or not self.filters.short_forms:
            return []
        text = doc_text(doc)
        shorts: dict[str, Candidate] = {}
        for short, name in self.filters.short_forms:
            if short not in text:
                continue
            concept = lookup(name, "drug")
            if concept is not None:
                shorts[short] = Candidate(0, 0, DRUG, concept, concept.name, SOURCE)
        if not shorts:
            return []
        defined = {a.text for a in doc._.abbreviations} if Doc.has_extension("abbreviations") else set()
        others = get_candidates(doc, (*BASES, SOURCE)) + found
        has_cue = self.drug_context.cue_lookup(SentenceIndex.of(doc))
        added = []
        for start, end, base in _uses(doc, text, {s: c for s, c in shorts.items() if s not in defined}):
            if any(c.start < end and start < c.end for c in others):
                continue  # another source read these characters (uses are few: a scan is enough)
            if self.drug_context.given_here(text, start, end) or has_cue(start):
                added.append(Candidate(start, end, DRUG, base.concept, base.name, SOURCE))
        return added
