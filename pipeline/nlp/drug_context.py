"""Whether a substance is used as a drug where it is mentioned, from ``drug_context.jsonl``.

Calcium or vitamin D is a drug only with a drug cue in its sentence ("take", "mg",
"supplement") or a drug head right after it ("lithium therapy", "magnesium
administration") or a drug lead right before it ("administration of calcium"), and no
non-drug head right after it ("calcium deposits"). A chemical no vocabulary knows is given
as a drug only by the narrower ``given_head``/``given_lead`` rules (a dose next to it,
"treatment with" before it). Shared by the
vocabulary and NER mention components, each given its rule file through its config.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pipeline.nlp.rule_files import load_rule_file
from pipeline.nlp.sentences import SentenceIndex
from pipeline.rules import Rule

DRUG_CONTEXT_FILE = "drug_context.jsonl"


class DrugContextRule(Rule):
    kind: Literal["cue", "non_drug_head", "drug_head", "drug_lead", "given_head", "given_lead"]
    pattern: str


@dataclass(frozen=True)
class DrugContext:
    """Drug cues (searched in a sentence) and non-drug heads (matched after a mention)."""

    cues: tuple[re.Pattern[str], ...]
    non_drug_heads: tuple[re.Pattern[str], ...]
    drug_heads: tuple[re.Pattern[str], ...] = ()
    drug_leads: tuple[re.Pattern[str], ...] = ()
    given_heads: tuple[re.Pattern[str], ...] = ()
    given_leads: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def load(cls, ref: str = DRUG_CONTEXT_FILE) -> DrugContext:
        """From a rule file: a name under ``pipeline/rules/`` or an absolute path."""
        rules = load_rule_file(ref, DrugContextRule)
        return cls(
            tuple(re.compile(r.pattern) for r in rules if r.kind == "cue"),
            tuple(re.compile(r.pattern) for r in rules if r.kind == "non_drug_head"),
            tuple(re.compile(r.pattern) for r in rules if r.kind == "drug_head"),
            tuple(re.compile(r.pattern) for r in rules if r.kind == "drug_lead"),
            tuple(re.compile(r.pattern) for r in rules if r.kind == "given_head"),
            tuple(re.compile(r.pattern) for r in rules if r.kind == "given_lead"),
        )

    def has_cue(self, sentence: str) -> bool:
        return any(p.search(sentence) for p in self.cues)

    def followed_by_non_drug_head(self, text: str, end_char: int) -> bool:
        after = text[end_char : end_char + 40].lstrip(" ")
        return any(p.match(after) for p in self.non_drug_heads)

    def followed_by_drug_head(self, text: str, end_char: int) -> bool:
        """A drug head right after the name ("FK 506-induced", "Li-treated")."""
        after = text[end_char : end_char + 40]
        return any(p.match(after) for p in self.drug_heads)

    def marked_as_drug(self, text: str, start_char: int, end_char: int) -> bool:
        """A drug head right after a known substance ("lithium therapy", "magnesium
        administration") or a drug lead right before it ("receiving lithium"), or it is
        :meth:`given_here`."""
        return (self.given_here(text, start_char, end_char)
                or self._marked(text, start_char, end_char, self.drug_heads, self.drug_leads))

    def given_here(self, text: str, start_char: int, end_char: int) -> bool:
        """Words right next to the name that say it was given, whatever the name: a dose
        after it ("THP (15 mg/kg i.p.)") or before it ("20 mg of fucoidan"), "treatment
        with" before it (``given_head``/``given_lead``)."""
        return self._marked(text, start_char, end_char, self.given_heads, self.given_leads)

    @staticmethod
    def _marked(text: str, start_char: int, end_char: int, heads, leads) -> bool:
        after = text[end_char : end_char + 40]
        if any(p.match(after) for p in heads):
            return True
        before = text[max(0, start_char - 40) : start_char]
        return any(p.search(before) for p in leads)

    def cue_lookup(self, sents: SentenceIndex) -> CueLookup:
        return CueLookup(self, sents)


class CueLookup:
    """Whether the sentence at an offset has a drug cue, searched once per sentence."""

    def __init__(self, context: DrugContext, sents: SentenceIndex) -> None:
        self._context = context
        self._sents = sents
        self._found: dict[int, bool] = {}

    def __call__(self, offset: int) -> bool:
        number = self._sents.number_at(offset)
        if number not in self._found:
            self._found[number] = self._context.has_cue(self._sents.text_at(offset))
        return self._found[number]
