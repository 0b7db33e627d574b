"""The hand-curated rule files the vocabulary build applies on top of its sources.

Each file is data in ``pipeline/rules/`` with a stable id and a reason or source per
row (see the files' header comments); this module only loads and applies them.

- ``vocab_stoplist.jsonl``: surface terms that would be false positives in running
  text, and the words that make an ICD-10-CM description unusable as a surface term.
- ``vocab_needs_context.jsonl``: which drug-vocabulary substances count as drugs only in
  a drug/dose context, by name, name prefix, MeSH tree branch or provenance.
- ``vocab_drug_classes.jsonl``: drug class by generic name, with its WHO ATC code.
- ``generic_words.jsonl`` (shared with the entity resolver): words that never make a
  mention alone; a term made only of them is dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pipeline.rules import Rule, load_jsonl
from pipeline.vocab.terms import normalise_term

STOPLIST_FILE = "vocab_stoplist.jsonl"
NEEDS_CONTEXT_FILE = "vocab_needs_context.jsonl"
DRUG_CLASSES_FILE = "vocab_drug_classes.jsonl"
GENERIC_WORDS_FILE = "generic_words.jsonl"

#: Shortest surface term kept (the brief: terms of two characters or fewer are noise).
MIN_TERM_CHARS = 3
#: Longest surface term kept: longer ones (IUPAC names, MedlinePlus titles) are never
#: written the same way twice and only bloat the matchers.
MAX_TERM_CHARS = 80


class StopTerm(Rule):
    """A surface term (or pattern) dropped from one kind of vocabulary, with why."""

    scope: Literal["condition", "drug", "any", "icd10cm_description"]
    match: Literal["exact", "prefix", "contains", "word"]
    term: str
    reason: str


class NeedsContextRule(Rule):
    """Marks drug-vocabulary concepts that are drugs only in a drug/dose context."""

    match: Literal["name", "name_prefix", "mesh_tree_prefix", "provenance"]
    value: str
    reason: str
    source: str


class DrugClass(Rule):
    """Drug class of one generic, from its WHO ATC code."""

    name: str
    atc: str
    drug_class: str
    source: str


class GenericWord(Rule):
    """Row of the shared ``generic_words.jsonl`` (owned by the entity resolver)."""

    word: str
    group: str


def only_generic(words: list[str], generic: frozenset[str]) -> bool:
    """Whether a phrase of ``words`` (folded) is made only of ``generic`` words. A single
    letter after a word is part of a name, not the determiner "a": "vitamin a", "hepatitis a",
    "type a" (the NER's "vitamin A" and DrugBank's "Vitamin A" were dropped as generic)."""
    if len(words) > 1 and len(words[-1]) == 1:
        return False
    return all(w in generic for w in words)


@dataclass(frozen=True)
class Stoplist:
    """Compiled stoplist for one scope: exact terms, prefixes, substrings, whole words."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]
    contains: tuple[str, ...]
    words: re.Pattern[str] | None
    generic: frozenset[str]

    def rejects(self, term: str) -> bool:
        """True when ``term`` (already normalised) must not be a surface term."""
        if term in self.exact or term.startswith(self.prefixes):
            return True
        if any(c in term for c in self.contains):
            return True
        if self.words is not None and self.words.search(term):
            return True
        tokens = re.findall(r"[\w'-]+", term)
        return not tokens or only_generic(tokens, self.generic)


@lru_cache(maxsize=1)
def stop_terms() -> tuple[StopTerm, ...]:
    return load_jsonl(STOPLIST_FILE, StopTerm)


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    return frozenset(normalise_term(r.word) for r in load_jsonl(GENERIC_WORDS_FILE, GenericWord))


@lru_cache(maxsize=None)
def stoplist(scope: str) -> Stoplist:
    """The stoplist for ``scope`` (rows of that scope plus rows scoped ``any``)."""
    rows = [r for r in stop_terms() if r.scope in (scope, "any")]
    terms = {m: [normalise_term(r.term) if m != "contains" else r.term.lower() for r in rows if r.match == m]
             for m in ("exact", "prefix", "contains", "word")}
    words = (
        re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(terms["word"])) + r")\b")
        if terms["word"] else None
    )
    generic = generic_words() if scope != "icd10cm_description" else frozenset()
    return Stoplist(frozenset(terms["exact"]), tuple(sorted(terms["prefix"])), tuple(sorted(terms["contains"])),
                    words, generic)


_NON_TERM = re.compile(r"[\W\d_]+")


def usable_term(term: str, scope: str) -> bool:
    """Whether a normalised term may be a surface term of ``scope``.

    Structural filters (length, no letters) and the curated stoplist; the reasons for
    each stoplist row are in the data file.
    """
    if not MIN_TERM_CHARS <= len(term) <= MAX_TERM_CHARS:
        return False
    if _NON_TERM.fullmatch(term) or sum(ch.isalpha() for ch in term) < MIN_TERM_CHARS:
        return False
    return not stoplist(scope).rejects(term)


@lru_cache(maxsize=1)
def needs_context_rules() -> tuple[NeedsContextRule, ...]:
    return load_jsonl(NEEDS_CONTEXT_FILE, NeedsContextRule)


def needs_context_names() -> frozenset[str]:
    """Names marked by ``match: name`` rules (used for supplement rows too)."""
    return frozenset(normalise_term(r.value) for r in needs_context_rules() if r.match == "name")


def needs_context_reason(name: str, mesh_trees: tuple[str, ...], provenance: frozenset[str]) -> str | None:
    """Id of the first rule saying this substance needs a drug context, else ``None``."""
    for rule in needs_context_rules():
        value = rule.value
        if rule.match == "name" and name == normalise_term(value):
            return rule.id
        if rule.match == "name_prefix" and name.startswith(normalise_term(value)):
            return rule.id
        if rule.match == "mesh_tree_prefix" and any(t == value or t.startswith(value + ".") for t in mesh_trees):
            return rule.id
        if rule.match == "provenance" and value in provenance:
            return rule.id
    return None


@lru_cache(maxsize=1)
def drug_classes() -> dict[str, DrugClass]:
    """Drug class rows keyed by normalised generic name."""
    return {normalise_term(r.name): r for r in load_jsonl(DRUG_CLASSES_FILE, DrugClass)}
