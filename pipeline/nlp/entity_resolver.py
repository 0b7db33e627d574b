"""Conditions and drugs: vocabulary matches, statistical NER and product patterns, resolved.

Sources of mentions, in order of trust:
1. vocabulary terms (HPO, Orphanet/OMIM, ICD-10-CM, drug names and brands), longest match;
2. the statistical NER (``DISEASE``/``CHEMICAL``), where no vocabulary term overlaps it,
   normalised by exact lookup and then by the fuzzy linker;
3. product patterns ("the drug X", "75 mg of X") for drug names no vocabulary knows;
4. abbreviations whose long form is a mention ("autosomal dominant osteopetrosis (ADO)").

A substance that is a drug only in context (calcium, vitamin D) needs a drug cue in its
sentence and no non-drug head after it ("calcium deposits"). Generic words alone
("the disease", "patients") are never mentions. The result is ``doc.ents`` labelled
``CONDITION``/``DRUG`` with the concept on span extensions.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.mentions import Mention, ensure_doc_extension
from pipeline.nlp.sentences import SentenceIndex, doc_text
from pipeline.nlp.term_index import TermIndex, fold
from pipeline.rules import Rule, load_jsonl
from pipeline.vocab.lexicon import Concept, iter_terms, lookup

CONDITION = "CONDITION"
DRUG = "DRUG"
KIND_LABEL = {"condition": CONDITION, "drug": DRUG}


class DrugContextRule(Rule):
    kind: Literal["cue", "non_drug_head"]
    pattern: str


class DrugPattern(Rule):
    pattern: str
    requires: str | None = None


class GenericWord(Rule):
    word: str
    group: str


class NerFilter(Rule):
    kind: Literal["suffix", "head", "not_drug", "drug_stem"]
    pattern: str


@dataclass(frozen=True)
class DrugContext:
    cues: tuple[re.Pattern[str], ...]
    non_drug_heads: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def drug_context() -> DrugContext:
    rules = load_jsonl("drug_context.jsonl", DrugContextRule)
    return DrugContext(
        tuple(re.compile(r.pattern) for r in rules if r.kind == "cue"),
        tuple(re.compile(r.pattern) for r in rules if r.kind == "non_drug_head"),
    )


@lru_cache(maxsize=1)
def drug_patterns() -> tuple[tuple[re.Pattern[str], re.Pattern[str] | None, str], ...]:
    return tuple(
        (re.compile(r.pattern), re.compile(r.requires) if r.requires else None, r.id)
        for r in load_jsonl("drug_patterns.jsonl", DrugPattern)
    )


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    return frozenset(r.word for r in load_jsonl("generic_words.jsonl", GenericWord))


@lru_cache(maxsize=1)
def ner_filters() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((r.kind, re.compile(r.pattern, re.I)) for r in load_jsonl("ner_filters.jsonl", NerFilter))


def looks_like_condition(text: str) -> bool:
    """An unknown NER condition is kept only if its last word is a pathology head noun or
    has a pathology suffix ("kidney failure", "spondylosis"; not "hardening", "fitness")."""
    words = re.findall(r"[A-Za-z]+", text)
    if not words:
        return False
    last = words[-1]
    return any(p.search(last) for kind, p in ner_filters() if kind in ("suffix", "head"))


def looks_like_drug_name(text: str) -> bool:
    """An unknown name built like a drug's (an INN stem: -mab, -profen, -olol ...)."""
    words = re.findall(r"[A-Za-z]+", text)
    return bool(words) and any(p.search(words[-1].lower()) for kind, p in ner_filters() if kind == "drug_stem")


def looks_like_procedure(text: str) -> bool:
    words = re.findall(r"[A-Za-z]+", text)
    return bool(words) and any(p.search(words[-1]) for kind, p in ner_filters() if kind == "not_drug")


@lru_cache(maxsize=1)
def term_index() -> TermIndex:
    """The vocabulary index, built once per process (about a second)."""
    entries = [(term, concept) for kind in ("condition", "drug") for term, concept in iter_terms(kind)]
    return TermIndex(entries)


def has_drug_cue(sentence: str) -> bool:
    return any(p.search(sentence) for p in drug_context().cues)


def followed_by_non_drug_head(text: str, end_char: int) -> bool:
    after = text[end_char : end_char + 40].lstrip(" ")
    return any(p.match(after) for p in drug_context().non_drug_heads)


def is_generic(text: str) -> bool:
    words = re.findall(r"[\w'-]+", fold(text))
    return not words or all(w in generic_words() for w in words)


def _pick(concepts: tuple[object, ...]) -> Concept:
    ranked = sorted(concepts, key=lambda c: (c.kind != "condition", c.needs_context, c.concept_id))  # type: ignore[attr-defined]
    return ranked[0]  # type: ignore[return-value]


@dataclass
class _Mention:
    start: int
    end: int
    label: str
    concept: Concept | None
    name: str
    source: str
    priority: int


class _CueLookup:
    """Whether the sentence at an offset has a drug cue, searched once per sentence."""

    def __init__(self, sents: SentenceIndex) -> None:
        self._sents = sents
        self._found: dict[int, bool] = {}

    def __call__(self, offset: int) -> bool:
        number = self._sents.number_at(offset)
        if number not in self._found:
            self._found[number] = has_drug_cue(self._sents.text_at(offset))
        return self._found[number]


class _Containment:
    """The first mention, in list order, that contains a character span.

    A linear scan per abbreviation made a page of definitions quadratic; mentions are
    short, so the candidates are those starting at most the longest mention's length
    before the span.
    """

    def __init__(self, mentions: list[_Mention]) -> None:
        self._order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
        self._starts = [mentions[k].start for k in self._order]
        self._mentions = mentions
        self._longest = max((m.end - m.start for m in mentions), default=0)

    def first(self, start: int, end: int) -> _Mention | None:
        hi = bisect.bisect_right(self._starts, start)
        lo = bisect.bisect_left(self._starts, start - self._longest)
        found = [k for k in self._order[lo:hi] if end <= self._mentions[k].end]
        return self._mentions[min(found)] if found else None


@Language.factory(
    "entity_resolver",
    default_config={
        "label_map": {"DISEASE": CONDITION, "CHEMICAL": DRUG},
        "use_fuzzy": True,
        "fuzzy_threshold": 0.9,
        "fuzzy_backend": "ngram",
        "fuzzy_cache_dir": ".cache/pipeline/linker",
    },
)
def make_entity_resolver(
    nlp: Language, name: str, label_map: dict[str, str], use_fuzzy: bool,
    fuzzy_threshold: float, fuzzy_backend: str, fuzzy_cache_dir: str,
) -> "EntityResolver":
    return EntityResolver(label_map, use_fuzzy, fuzzy_threshold, fuzzy_cache_dir, fuzzy_backend)


class EntityResolver:
    """Merge every source of mentions into normalised ``doc.ents``.

    Runs on a whole Doc (abbreviations defined in one place are used anywhere), so a long
    text processed in pieces meets it once joined (``whole_document``).

    Args:
        label_map: NER label → our label; NER labels not in the map are ignored.
        use_fuzzy: Normalise NER mentions that exact lookup misses with the fuzzy linker.
        fuzzy_threshold: Minimum linker similarity (0..1) to accept a concept.
        fuzzy_cache_dir: Where the linker keeps its index between runs.
        fuzzy_backend: ``ngram`` (pure Python, builds in ~2 s) or ``scispacy`` (scispaCy's
            TF-IDF + ANN candidate generator; ~1-2 min to build its index once).
    """

    whole_document = True

    def __init__(self, label_map: dict[str, str], use_fuzzy: bool = True,
                 fuzzy_threshold: float = 0.85, fuzzy_cache_dir: str = ".cache/pipeline/linker",
                 fuzzy_backend: str = "ngram") -> None:
        self.label_map = dict(label_map)
        self.use_fuzzy = use_fuzzy
        self.fuzzy_threshold = fuzzy_threshold
        self.fuzzy_cache_dir = fuzzy_cache_dir
        self.fuzzy_backend = fuzzy_backend
        self._linker = None
        self._memo: dict[tuple[str, str], Concept | None] = {}
        ensure_doc_extension()

    def _fuzzy(self, text: str, kind: str) -> Concept | None:
        if not self.use_fuzzy:
            return None
        if self._linker is None:
            from pathlib import Path

            from pipeline.vocab.linker import FuzzyLinker

            self._linker = FuzzyLinker(Path(self.fuzzy_cache_dir), backend=self.fuzzy_backend)
        found = self._linker.link(text, kind, threshold=self.fuzzy_threshold)
        if not found:
            return None
        concept = found[0]
        # A misspelling or inflection keeps the number of words; a longer or shorter term
        # is a different concept ("gastrointestinal tract" is not a GI tract tumour).
        n_words = len(re.findall(r"\w+", text))
        terms = (concept.name, *concept.synonyms)
        if not any(len(re.findall(r"\w+", t)) == n_words for t in terms):
            return None
        return concept

    def _vocab_mentions(self, doc: Doc, sents: SentenceIndex) -> list[_Mention]:
        out = []
        text = doc_text(doc)
        has_cue = _CueLookup(sents)
        for hit in term_index().find(text):
            concept = _pick(hit.payloads)
            if concept.kind == "drug" and concept.needs_context:
                if followed_by_non_drug_head(text, hit.end) or not has_cue(hit.start):
                    continue
            out.append(_Mention(hit.start, hit.end, KIND_LABEL[concept.kind], concept, concept.name, "vocab", 0))
        return out

    def _normalise(self, text: str, kind: str) -> Concept | None:
        """Exact lookup, else the fuzzy linker (memoised: NER repeats its mentions)."""
        key = (text, kind)
        if key not in self._memo:
            concept = lookup(text, kind)
            if concept is None and (kind == "drug" or looks_like_condition(text)):
                concept = self._fuzzy(text, kind)
            if len(self._memo) > 100_000:
                self._memo.clear()
            self._memo[key] = concept
        return self._memo[key]

    def _ner_mentions(self, doc: Doc, sents: SentenceIndex) -> list[_Mention]:
        out = []
        text = doc_text(doc)
        has_cue = _CueLookup(sents)
        for ent in doc.ents:
            label = self.label_map.get(ent.label_)
            if label is None or is_generic(ent.text):
                continue
            kind = "condition" if label == CONDITION else "drug"
            concept = self._normalise(ent.text, kind)
            if label == DRUG:
                if concept is None and (looks_like_procedure(ent.text) or not has_cue(ent.start_char)
                                        or not looks_like_drug_name(ent.text)):
                    continue  # an unknown chemical must be named like a drug and used like one
                if concept is not None and concept.needs_context and (
                    followed_by_non_drug_head(text, ent.end_char) or not has_cue(ent.start_char)
                ):
                    continue
            if label == CONDITION and concept is None and not looks_like_condition(ent.text):
                continue
            start, end = ent.start_char, ent.end_char
            while end > start and text[end - 1].isspace():
                end -= 1  # the NER may swallow a trailing line break
            name = concept.name if concept else fold(text[start:end]).strip()
            out.append(_Mention(start, end, label, concept, name, "ner", 1))
        return out

    def _pattern_mentions(self, doc: Doc, sents: SentenceIndex) -> list[_Mention]:
        out = []
        text_of_doc = doc_text(doc)
        for sent_start, sent_end in sents.bounds:
            sent_text = text_of_doc[sent_start:sent_end]
            for pattern, requires, _rule_id in drug_patterns():
                if requires is not None and not requires.search(sent_text):
                    continue
                for m in pattern.finditer(sent_text):
                    start, end = sent_start + m.start("name"), sent_start + m.end("name")
                    text = text_of_doc[start:end]
                    if is_generic(text) or text.isupper() or looks_like_procedure(text):
                        continue
                    concept = lookup(text, "drug")
                    if concept is None and lookup(text, "condition") is not None:
                        continue
                    name = concept.name if concept else fold(text)
                    out.append(_Mention(start, end, DRUG, concept, name, "pattern", 2))
        return out

    def _abbreviation_mentions(self, doc: Doc, found: list[_Mention]) -> list[_Mention]:
        if not Doc.has_extension("abbreviations"):
            return []
        out = []
        containing = _Containment(found)
        for short in doc._.abbreviations:
            long_form = short._.long_form
            base = containing.first(long_form.start_char, long_form.end_char)
            if base is None:
                concept = lookup(long_form.text, "condition") or lookup(long_form.text, "drug")
                if concept is None:
                    continue
                base = _Mention(long_form.start_char, long_form.end_char, KIND_LABEL[concept.kind],
                                concept, concept.name, "abbreviation", 3)
                out.append(base)
            out.append(_Mention(short.start_char, short.end_char, base.label, base.concept, base.name,
                                "abbreviation", 3))
        return out

    def __call__(self, doc: Doc) -> Doc:
        sents = SentenceIndex.of(doc)
        mentions = self._vocab_mentions(doc, sents) + self._ner_mentions(doc, sents) + self._pattern_mentions(doc, sents)
        mentions += self._abbreviation_mentions(doc, mentions)
        # Most trusted source first, then longest; spaCy's filter keeps the first of overlaps
        # among equally long spans, so sort by priority before handing over.
        spans: list[Span] = []
        by_key: dict[tuple[int, int], _Mention] = {}
        taken = bytearray(len(doc))  # tokens of the spans kept so far
        for m in sorted(mentions, key=lambda m: (m.priority, m.start, -(m.end - m.start))):
            span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
            if span is None or (span.start, span.end) in by_key:
                continue
            if 1 in taken[span.start : span.end]:
                continue  # overlaps a more trusted mention
            taken[span.start : span.end] = b"\x01" * (span.end - span.start)
            spans.append(span)
            by_key[(span.start, span.end)] = m
        doc.ents = filter_spans(spans)
        records = []
        for ent in doc.ents:
            m = by_key[(ent.start, ent.end)]
            records.append(Mention(
                start=m.start, end=m.end, label=m.label,
                concept_id=m.concept.concept_id if m.concept else "",
                name=m.name,
                drug_class=(m.concept.drug_class or "") if m.concept else "",
                known=m.concept is not None,
                source=m.source,
            ))
        doc._.mentions = records
        return doc
