"""Mention labels and generic words: what extractors need from NLP without a component.

``CONDITION`` and ``DRUG`` are the labels of ``doc.ents`` and of the mention records;
:func:`is_generic` says whether a phrase is made only of words that never name a
condition or drug alone ("the disease", "patients"), from ``rules/generic_words.jsonl``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.nlp.rule_files import load_rule_file
from pipeline.nlp.term_index import fold
from pipeline.vocab.curation import GENERIC_WORDS_FILE, GenericWord, only_generic

CONDITION = "CONDITION"
DRUG = "DRUG"
#: Concept kind (``Concept.kind``) → mention label.
KIND_LABEL = {"condition": CONDITION, "drug": DRUG}

_WORDS = re.compile(r"[\w'-]+")


@dataclass(frozen=True)
class GenericWords:
    """Words that never make a mention alone (a component may be given its own file)."""

    words: frozenset[str]

    @classmethod
    def load(cls, ref: str = GENERIC_WORDS_FILE) -> GenericWords:
        """From a rule file: a name under ``pipeline/rules/`` or an absolute path."""
        return cls(frozenset(r.word for r in load_rule_file(ref, GenericWord)))

    def cover(self, text: str) -> bool:
        """True when ``text`` has no word, or only generic ones (:func:`only_generic`)."""
        words = _WORDS.findall(fold(text))
        return not words or only_generic(words, self.words)


@lru_cache(maxsize=1)
def default_generic_words() -> GenericWords:
    return GenericWords.load()


def is_generic(text: str) -> bool:
    """Whether ``text`` is only generic words, by the packaged ``generic_words.jsonl``."""
    return default_generic_words().cover(text)
