"""Whether a name no vocabulary knows is built like a condition, a drug or a procedure.

The statistical NER proposes names the vocabularies miss; ``ner_filters.jsonl`` holds
the word shapes that make one plausible: pathology suffixes and head nouns
("spondylosis", "kidney failure"), INN drug stems (-mab, -profen) and procedure words
that are never drugs. Each test looks at the last word of the name; ``modifier`` rules
name the words before a condition that are part of its name ("hereditary breast cancer"),
and ``name_shape`` rules the shape of a whole chemical name no word list can hold (code
names such as "FK506" or "MK-801", systematic names such as "1,2-DMH", plant extracts);
``short_form`` rules name the drug a standard short form stands for where abstracts use it
without defining it ("5-FU" → fluorouracil).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pipeline.nlp.rule_files import load_rule_file
from pipeline.rules import Rule

NER_FILTERS_FILE = "ner_filters.jsonl"

_LETTERS = re.compile(r"[A-Za-z]+")


class NerFilter(Rule):
    kind: Literal["suffix", "head", "not_drug", "drug_stem", "drug_shape", "modifier", "name_shape", "salt",
                  "short_form"]
    pattern: str
    #: ``short_form`` only: the drug's name (INN) the short form stands for
    name: str | None = None
    source: str | None = None


def _last_word(text: str) -> str | None:
    words = _LETTERS.findall(text)
    return words[-1] if words else None


@dataclass(frozen=True)
class NerFilters:
    """Compiled ``ner_filters.jsonl`` patterns (case-insensitive), by what they test."""

    pathology: tuple[re.Pattern[str], ...]
    not_drug: tuple[re.Pattern[str], ...]
    drug_stems: tuple[re.Pattern[str], ...]
    modifiers: tuple[re.Pattern[str], ...] = ()
    name_shapes: tuple[re.Pattern[str], ...] = ()
    salts: tuple[re.Pattern[str], ...] = ()
    drug_shapes: tuple[re.Pattern[str], ...] = ()
    short_forms: tuple[tuple[str, str], ...] = ()

    @classmethod
    def load(cls, ref: str = NER_FILTERS_FILE) -> NerFilters:
        """From a rule file: a name under ``pipeline/rules/`` or an absolute path."""
        loaded = load_rule_file(ref, NerFilter)
        # a shape is case-sensitive ("MK-801" is a code name, "day-14" is not); the rest are not
        rules = [(r.kind, re.compile(r.pattern, 0 if r.kind in ("name_shape", "drug_shape") else re.I))
                 for r in loaded if r.kind != "short_form"]
        return cls(
            tuple(p for kind, p in rules if kind in ("suffix", "head")),
            tuple(p for kind, p in rules if kind == "not_drug"),
            tuple(p for kind, p in rules if kind == "drug_stem"),
            tuple(p for kind, p in rules if kind == "modifier"),
            tuple(p for kind, p in rules if kind == "name_shape"),
            tuple(p for kind, p in rules if kind == "salt"),
            tuple(p for kind, p in rules if kind == "drug_shape"),
            tuple((r.pattern, r.name) for r in loaded if r.kind == "short_form" and r.name),
        )

    def looks_like_condition(self, text: str) -> bool:
        """Last word is a pathology head noun or has a pathology suffix ("kidney failure",
        "spondylosis"; not "hardening", "fitness")."""
        last = _last_word(text)
        return last is not None and any(p.search(last) for p in self.pathology)

    def looks_like_drug_name(self, text: str) -> bool:
        """Last word is built like a drug's name (an INN stem: -mab, -profen, -olol ...), or
        the whole name has a ``drug_shape`` (case-sensitive: "A-86929")."""
        last = _last_word(text)
        if last is not None and any(p.search(last.lower()) for p in self.drug_stems):
            return True
        return any(p.fullmatch(text.strip()) for p in self.drug_shapes)

    def has_chemical_shape(self, text: str) -> bool:
        """The whole name is shaped like a chemical's ("FK506", "MK-801", "GR 55562",
        "1,2-DMH", "grape seed proanthocyanidin extract"): a ``name_shape`` rule matches it
        entirely."""
        text = text.strip()
        return any(p.fullmatch(text) for p in self.name_shapes)

    def short_form_of(self, text: str) -> str | None:
        """The drug a standard short form names ("5-FU" → "fluorouracil"), matched exactly
        as written (case matters: "MTX", not "mtx"); None for any other text."""
        text = text.strip()
        return next((name for short, name in self.short_forms if short == text), None)

    def is_salt(self, word: str) -> bool:
        """A word that names the salt or ester a drug is given as ("calcium", "HCl",
        "sulfate", "maleate"): ``salt`` rules, matched against the whole word."""
        return any(p.fullmatch(word) for p in self.salts)

    def salt_variants(self, name: str) -> list[str]:
        """The drug a salt form names, as the vocabularies may spell it: without its salt
        words before or after ("leucovorin calcium", "desipramine HCl", "calcium
        levofolinate" -> "levofolinate"), and an anion "-ate" as its acid ("levofolinate"
        -> "levofolinic acid", "valproate" -> "valproic acid"), the way INN and USAN
        name salts of an "-ic acid". Empty when ``name`` has no salt word."""
        words = name.split()
        if not self.salts or len(words) < 2:
            return []
        lo, hi = 0, len(words)
        while lo < hi and self.is_salt(words[lo]):
            lo += 1
        while hi > lo and self.is_salt(words[hi - 1]):
            hi -= 1
        if (lo, hi) == (0, len(words)) or lo == hi:
            return []
        rest = " ".join(words[lo:hi])
        variants = [rest]
        if rest.lower().endswith("ate") and len(rest) > 6:
            variants.append(rest[:-3] + "ic acid")
        return variants

    def is_condition_modifier(self, word: str) -> bool:
        """A word before a condition that belongs to its name ("hereditary", "sporadic")."""
        return any(p.fullmatch(word) for p in self.modifiers)

    def looks_like_procedure(self, text: str) -> bool:
        """Last word names a procedure, not a drug ("physiotherapy", "gastrectomy")."""
        last = _last_word(text)
        return last is not None and any(p.search(last) for p in self.not_drug)
