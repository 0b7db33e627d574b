"""The statistical NER's conditions and drugs, filtered and normalised to concepts.

The NER (``DISEASE``/``CHEMICAL``) finds names the vocabularies miss but also tags
generic words and everyday nouns in consumer text. A span is normalised by exact lookup,
then by the fuzzy linker; one no vocabulary knows is kept only if it is built like a
condition or a drug (``ner_filters.jsonl``), and a drug only where it is used as one
(``drug_context.jsonl``).
"""
from __future__ import annotations

import bisect
import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.candidates import Candidate, get_candidates, put_candidates
from pipeline.nlp.drug_context import DRUG_CONTEXT_FILE, CueLookup, DrugContext
from pipeline.nlp.labels import CONDITION, DRUG, GENERIC_WORDS_FILE, GenericWords
from pipeline.nlp.ner_filters import NER_FILTERS_FILE, NerFilters
from pipeline.nlp.sentences import SentenceIndex, doc_text
from pipeline.nlp.term_index import fold
from pipeline.vocab.lexicon import Concept, lookup

SOURCE = "ner"
_WORD = re.compile(r"\w+")
#: The word right before a mention, one space between (hyphenated: "X-linked").
_WORD_BEFORE = re.compile(r"(?<![\w-])([A-Za-z][\w-]*) $")


@Language.factory(
    "ner_mentions",
    default_config={
        "label_map": {"DISEASE": CONDITION, "CHEMICAL": DRUG},
        "use_fuzzy": True,
        "fuzzy_threshold": 0.9,
        "fuzzy_backend": "ngram",
        "fuzzy_cache_dir": ".cache/pipeline/linker",
        "drug_context": DRUG_CONTEXT_FILE,
        "ner_filters": NER_FILTERS_FILE,
        "generic_words": GENERIC_WORDS_FILE,
        "widen_vocabulary": True,
    },
)
def make_ner_mentions(
    nlp: Language, name: str, label_map: dict[str, str], use_fuzzy: bool, fuzzy_threshold: float,
    fuzzy_backend: str, fuzzy_cache_dir: str, drug_context: str, ner_filters: str, generic_words: str,
    widen_vocabulary: bool,
) -> NerMentions:
    return NerMentions(
        label_map, DrugContext.load(drug_context), NerFilters.load(ner_filters), GenericWords.load(generic_words),
        use_fuzzy=use_fuzzy, fuzzy_threshold=fuzzy_threshold, fuzzy_cache_dir=fuzzy_cache_dir,
        fuzzy_backend=fuzzy_backend, widen_vocabulary=widen_vocabulary,
    )


class NerMentions:
    """Turn ``doc.ents`` of the NER into candidate mentions (the NER must run before).

    Args:
        label_map: NER label → our label; NER labels not in the map are ignored.
        drug_context: Drug cues and non-drug heads (config: ``drug_context.jsonl``).
        filters: Name shapes of unknown conditions and drugs (config: ``ner_filters.jsonl``).
        generic: Words that are no mention alone (config: ``generic_words.jsonl``).
        use_fuzzy: Normalise NER mentions that exact lookup misses with the fuzzy linker.
        fuzzy_threshold: Minimum linker similarity (0..1) to accept a concept.
        fuzzy_cache_dir: Where the linker keeps its index between runs.
        fuzzy_backend: ``ngram`` (pure Python, builds in ~2 s) or ``scispacy`` (scispaCy's
            TF-IDF + ANN candidate generator; ~1-2 min to build its index once).
        widen_vocabulary: A vocabulary condition inside the NER's span takes the NER's
            offsets (see :func:`widen_vocabulary_terms`).

    In the config, rule files are names under ``pipeline/rules/`` or absolute paths.
    """

    whole_document = True

    def __init__(self, label_map: dict[str, str], drug_context: DrugContext, filters: NerFilters,
                 generic: GenericWords, *, use_fuzzy: bool = True, fuzzy_threshold: float = 0.9,
                 fuzzy_cache_dir: str = ".cache/pipeline/linker", fuzzy_backend: str = "ngram",
                 widen_vocabulary: bool = True) -> None:
        self.label_map = dict(label_map)
        self.drug_context = drug_context
        self.filters = filters
        self.generic = generic
        self.use_fuzzy = use_fuzzy
        self.fuzzy_threshold = fuzzy_threshold
        self.fuzzy_cache_dir = fuzzy_cache_dir
        self.fuzzy_backend = fuzzy_backend
        self.widen_vocabulary = widen_vocabulary
        self._linker = None
        self._memo: dict[tuple[str, str], Concept | None] = {}

    def _fuzzy(self, text: str, kind: str) -> Concept | None:
        if not self.use_fuzzy:
            return None
        if self._linker is None:
            from pipeline.vocab.linker import FuzzyLinker

            self._linker = FuzzyLinker(Path(self.fuzzy_cache_dir), backend=self.fuzzy_backend)
        found = self._linker.link(text, kind, threshold=self.fuzzy_threshold)
        if not found:
            return None
        concept = found[0]
        # A misspelling or inflection keeps the number of words; a longer or shorter term
        # is a different concept ("gastrointestinal tract" is not a GI tract tumour).
        n_words = len(_WORD.findall(text))
        if not any(len(_WORD.findall(t)) == n_words for t in (concept.name, *concept.synonyms)):
            return None
        return concept

    def normalise(self, text: str, kind: str) -> Concept | None:
        """Exact lookup, else a drug's salt form without its salt words (``salt_variants``),
        else the drug a standard short form stands for (``short_form_of``), else the fuzzy
        linker (memoised: NER repeats its mentions)."""
        key = (text, kind)
        if key not in self._memo:
            concept = lookup(text, kind)
            if concept is None and kind == "drug":
                # a salt form names its drug ("leucovorin calcium", "calcium levofolinate")
                concept = next(filter(None, (lookup(v, kind) for v in self.filters.salt_variants(text))), None)
            if concept is None and kind == "drug" and (full := self.filters.short_form_of(text)):
                # a standard short form used undefined ("5-FU 1000 mg/m2") names its drug
                concept = lookup(full, kind)
            if concept is None and (kind == "drug" or self.filters.looks_like_condition(text)):
                concept = self._fuzzy(text, kind)
            if len(self._memo) > 100_000:
                self._memo.clear()
            self._memo[key] = concept
        return self._memo[key]

    def unknown_drug(self, text: str, start: int, end: int, has_cue: CueLookup) -> bool:
        """Whether a CHEMICAL span no vocabulary knows is kept as a drug.

        Named like a procedure, never. Shaped like a chemical as a whole (a code name
        "MK-801", a systematic name "1,2-DMH", an extract: ``name_shape`` rules), kept
        with or without a drug cue, as no everyday word has such a shape, unless it is a
        piece of a hyphenated word ("glucose-6-phosphate") or names an enzyme, gene or
        receptor ("4-hydroxyphenylpyruvate dioxygenase": ``non_drug_head``). Given as a drug
        by the words next to it (``given_head``/``given_lead`` of ``drug_context.jsonl``: "THP
        (15 mg/kg i.p.)", "treatment with Kengrexal"), kept. Otherwise it must be named like a drug
        (an INN stem) and used like one (a drug cue).
        """
        name = text[start:end]
        if self.filters.looks_like_procedure(name):
            return False
        if self.filters.has_chemical_shape(name):
            # "FK 506-induced", "MK-801-treated" are the code name's uses, not pieces of a word
            fragment = (start > 0 and text[start - 1] == "-") or (
                text[end:end + 1] == "-" and not self.drug_context.followed_by_drug_head(text, end))
            return not fragment and not self.drug_context.followed_by_non_drug_head(text, end)
        if self.drug_context.given_here(text, start, end):
            return True
        return self.filters.looks_like_drug_name(name) and has_cue(start)

    def __call__(self, doc: Doc) -> Doc:
        found = []
        text = doc_text(doc)
        has_cue = self.drug_context.cue_lookup(SentenceIndex.of(doc))
        #: unknown drugs not kept where they stand, by name: kept if kept elsewhere in the Doc
        pending: dict[str, list[Candidate]] = {}
        kept_unknown: set[str] = set()
        for ent in doc.ents:
            label = self.label_map.get(ent.label_)
            if label is None or self.generic.cover(ent.text):
                continue
            concept = self.normalise(ent.text, "condition" if label == CONDITION else "drug")
            held = False
            if label == DRUG:
                if concept is None:
                    held = not self.unknown_drug(text, ent.start_char, ent.end_char, has_cue)
                if concept is not None and concept.needs_context and (
                    self.drug_context.followed_by_non_drug_head(text, ent.end_char)
                    or not (has_cue(ent.start_char) or self.drug_context.marked_as_drug(text, ent.start_char, ent.end_char))
                ):
                    continue
            if label == CONDITION and concept is None and not self.filters.looks_like_condition(ent.text):
                continue
            start, end = ent.start_char, ent.end_char
            while end > start and text[end - 1].isspace():
                end -= 1  # the NER may swallow a trailing line break
            name = concept.name if concept else fold(text[start:end]).strip()
            candidate = Candidate(start, end, label, concept, name, SOURCE)
            if held:
                pending.setdefault(name, []).append(candidate)
                continue
            if label == DRUG and concept is None:
                kept_unknown.add(name)
            found.append(candidate)
        found += self._kept_elsewhere(text, pending, kept_unknown)
        if self.widen_vocabulary:
            widen_vocabulary_terms(doc, text, found)
            take_salt_forms(doc, text, found, self.filters)
        if self.filters.modifiers:
            found = self._take_modifiers(doc, text, found)
        put_candidates(doc, SOURCE, found)
        return doc

    def _kept_elsewhere(self, text: str, pending: dict[str, list[Candidate]], kept: set[str]) -> list[Candidate]:
        """Unknown drugs kept because the same name is kept elsewhere in the Doc.

        An abstract gives an investigational compound's dose once ("thioperamide (15 mg/kg
        i.p.)", "Flestolol ... infusion") and names it bare everywhere else ("Flestolol
        effectively reduced heart rate"): one name keeps one sense within a document, as the
        NER tagged it there too. A name shaped like a procedure or followed by a non-drug
        head ("X receptor") stays out.
        """
        return [c for name, held in pending.items() if name in kept for c in held
                if not self.drug_context.followed_by_non_drug_head(text, c.end)]

    def _take_modifiers(self, doc: Doc, text: str, found: list[Candidate]) -> list[Candidate]:
        """A condition (of the vocabulary or the NER) takes the modifier right before it
        that is part of its name (``modifier`` rules of ``ner_filters.jsonl``: "hereditary",
        "sporadic", "X-linked" breast cancer), as BC5CDR, NCBI disease and our gold annotate
        it; the concept stays the one of the term."""
        vocab = get_candidates(doc, ("vocab",))
        taken = {c.end for c in vocab} | {c.end for c in found}  # a modifier no other mention ends on
        changed = False

        def extend(c: Candidate) -> Candidate:
            nonlocal changed
            if c.label != CONDITION:
                return c
            m = _WORD_BEFORE.search(text, max(0, c.start - 40), c.start)
            if m is None or m.end(1) in taken or not self.filters.is_condition_modifier(m.group(1)):
                return c
            changed = True
            # named by what the text says ("hereditary breast cancer"), linked to the term's concept
            return Candidate(m.start(1), c.end, c.label, c.concept, fold(text[m.start(1):c.end]).strip(), c.source)

        vocab_extended = [extend(c) for c in vocab]
        if changed:
            put_candidates(doc, "vocab", vocab_extended)
        return [extend(c) for c in found]


#: Most words a NER span may add around the vocabulary term it takes over (on BC5CDR and
#: NCBI dev, 1-4 added words were mostly the gold's span, 5 or more never).
MAX_WIDENING = 4


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count("[") == text.count("]")


def widen_vocabulary_terms(doc: Doc, text: str, found: list[Candidate]) -> None:
    """A vocabulary condition the NER read with its modifiers takes the NER's span.

    The vocabulary is the most trusted source, so its shorter term used to win inside the
    NER's span ("hereditary **breast cancer**", "hemorrhagic **cystitis**", "breast or
    **ovarian cancer**"). Both corpora (BC5CDR, NCBI disease) and our own gold annotate the
    whole noun phrase: when the NER's CONDITION span contains exactly one vocabulary
    candidate, a CONDITION strictly inside it, and no other, the mention keeps the NER's
    offsets and the vocabulary's concept, and is named by its own words (the vocabulary
    candidate is replaced). A span
    that also holds a drug ("halothane hepatitis") or two terms ("cancer pain"), or more
    than ``MAX_WIDENING`` words besides the term (a clause: "renal hamartomas showed loss",
    "somatic alterations of the DPC4 gene in human colorectal cancers"), is left to the
    vocabulary.
    """
    vocab = get_candidates(doc, ("vocab",))
    if not vocab or not found:
        return
    starts = sorted(range(len(vocab)), key=lambda k: vocab[k].start)
    keys = [vocab[k].start for k in starts]
    longest = max(c.end - c.start for c in vocab)
    replaced: dict[int, Candidate] = {}
    for k_ner, c in enumerate(found):
        if c.label != CONDITION:
            continue
        lo = bisect.bisect_left(keys, c.start - longest)
        hi = bisect.bisect_left(keys, c.end)
        inside = [starts[i] for i in range(lo, hi) if vocab[starts[i]].end > c.start]
        if len(inside) != 1:
            continue
        v = vocab[inside[0]]
        if (v.label != CONDITION or v.start < c.start or v.end > c.end or (v.start, v.end) == (c.start, c.end)
                or inside[0] in replaced or not _balanced(text[c.start:c.end])
                or len(_WORD.findall(text, c.start, v.start)) + len(_WORD.findall(text, v.end, c.end)) > MAX_WIDENING):
            continue
        # named by what the text says ("hemorrhagic cystitis"), linked to the term's concept
        replaced[inside[0]] = Candidate(c.start, c.end, CONDITION, v.concept, fold(text[c.start:c.end]).strip(), SOURCE)
        found[k_ner] = replaced[inside[0]]
    if replaced:
        put_candidates(doc, "vocab", [c for k, c in enumerate(vocab) if k not in replaced])


def take_salt_forms(doc: Doc, text: str, found: list[Candidate], filters: NerFilters) -> None:
    """A drug the NER read with its salt takes the vocabulary's words inside its span.

    The vocabulary matches "Leucovorin" and "calcium" in "Leucovorin calcium 200 mg/m2",
    and "calcium" alone in "calcium levofolinate 100 mg/m2", so a dose went to calcium.
    When the NER's DRUG span names a concept through its salt form (``salt_variants``:
    leucovorin, levoleucovorin) and every vocabulary drug strictly inside it is that
    concept or a salt word, the NER's span replaces them (BC5CDR annotates the salt form
    whole: "desipramine HCl", "gentamicin sulfate").
    """
    vocab = get_candidates(doc, ("vocab",))
    if not vocab:
        return
    dropped: set[int] = set()
    for c in found:
        if c.label != DRUG or c.concept is None or not filters.salt_variants(text[c.start:c.end]):
            continue  # only a span with a salt word at an edge ("Diazepam-" is none)
        inside = [k for k, v in enumerate(vocab) if v.start >= c.start and v.end <= c.end
                  and (v.start, v.end) != (c.start, c.end)]
        if not inside or any(vocab[k].label != DRUG for k in inside):
            continue
        if all(vocab[k].concept is not None and vocab[k].concept.concept_id == c.concept.concept_id
               or filters.is_salt(text[vocab[k].start:vocab[k].end]) for k in inside):
            dropped.update(inside)
    if dropped:
        put_candidates(doc, "vocab", [v for k, v in enumerate(vocab) if k not in dropped])
