"""Whether a name no vocabulary knows is built like a condition, a drug or a procedure.

The statistical NER proposes names the vocabularies miss; ``ner_filters.jsonl`` holds
the word shapes that make one plausible: pathology suffixes and head nouns
("spondylosis", "kidney failure"), INN drug stems (-mab, -profen) and procedure words
that are never drugs. Each test looks at the last word of the name; ``modifier`` rules
name the words before a condition that are part of its name ("hereditary breast cancer").
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
    kind: Literal["suffix", "head", "not_drug", "drug_stem", "modifier"]
    pattern: str


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

    @classmethod
    def load(cls, ref: str = NER_FILTERS_FILE) -> NerFilters:
        """From a rule file: a name under ``pipeline/rules/`` or an absolute path."""
        rules = [(r.kind, re.compile(r.pattern, re.I)) for r in load_rule_file(ref, NerFilter)]
        return cls(
            tuple(p for kind, p in rules if kind in ("suffix", "head")),
            tuple(p for kind, p in rules if kind == "not_drug"),
            tuple(p for kind, p in rules if kind == "drug_stem"),
            tuple(p for kind, p in rules if kind == "modifier"),
        )

    def looks_like_condition(self, text: str) -> bool:
        """Last word is a pathology head noun or has a pathology suffix ("kidney failure",
        "spondylosis"; not "hardening", "fitness")."""
        last = _last_word(text)
        return last is not None and any(p.search(last) for p in self.pathology)

    def looks_like_drug_name(self, text: str) -> bool:
        """Last word is built like a drug's name (an INN stem: -mab, -profen, -olol ...)."""
        last = _last_word(text)
        return last is not None and any(p.search(last.lower()) for p in self.drug_stems)

    def is_condition_modifier(self, word: str) -> bool:
        """A word before a condition that belongs to its name ("hereditary", "sporadic")."""
        return any(p.fullmatch(word) for p in self.modifiers)

    def looks_like_procedure(self, text: str) -> bool:
        """Last word names a procedure, not a drug ("physiotherapy", "gastrectomy")."""
        last = _last_word(text)
        return last is not None and any(p.search(last) for p in self.not_drug)
