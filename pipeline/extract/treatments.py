"""Treatment and efficacy claims: "X treats / relieves / prevents / cures / improves Y".

These are the claims efficacy, folk-remedy and absolute-language flags question ("this
decoction cures arthritis", "a complete cure can only be achieved through surgery"),
and the claims a harm-versus-recommendation contradiction compares. Sentence patterns
(``rules/treatment_patterns.jsonl``) give a treatment side and a condition side; both
are clipped at clause boundaries like cause arguments. The condition is a condition
mention on its side, else (a pronoun, or no side at all) the paragraph's or document's
topic; the treatment is the drug mention on its side, else the phrase itself, with a
kind from ``rules/treatment_kinds.jsonl`` (drug, procedure, remedy, lifestyle, other).
Negation between the two sides makes the claim's polarity false ("X does not cure Y").
"""
from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from typing import Any, Literal

from pipeline.extract.causes import _Arg, _trim, cause_modifiers, clip_left, clip_right, is_hedged, split_items
from pipeline.extract.context import DocumentView
from pipeline.extract.subject import Link, Spans, document_subject
from pipeline.extract.topics import ANAPHOR, TopicResolver
from pipeline.ids import normalise_quote, stable_id
from pipeline.ingest.structure import Block
from pipeline.nlp.labels import CONDITION, DRUG, is_generic
from pipeline.nlp.mentions import Mention
from pipeline.rules import Rule, load_jsonl, read_text
from pipeline.vocab.knowledge import knowledge
from pipeline.vocab.lexicon import Concept, lookup

Predicate = Literal["treats", "cures", "relieves", "prevents", "improves"]
#: A treatment phrase longer than this many words is a clause, not an argument.
MAX_TREATMENT_WORDS = 10
#: Words a named condition side may have before its condition ("the most severe anaemia").
MAX_CONDITION_LEAD_WORDS = 3
#: A use's lead ending in a colon says at most this much after its verb ("to treat adults
#: with:", "for the following inflammatory diseases:"); more is a condition side of its own.
MAX_LIST_LEAD_WORDS = 8
#: Where a listed use's head ends: its gloss after a comma, a bracket, a dash or a colon.
_ANNOUNCES_LIST = re.compile(r"\bfollowing\b|\b(?:with|for|in|of)$", re.I)
_ITEM_HEAD_END = re.compile(r",|;|\(|\s[-–—]\s|:")


class TreatmentPattern(Rule):
    predicate: Predicate
    pattern: str
    #: Where a claim without a condition side finds its condition: the last condition
    #: before it in the paragraph (``antecedent``), or what the section or document is
    #: about (``topic``: "Treatments may include ..." lists treatments of the topic, not of
    #: the symptom the sentence before named).
    condition_from: Literal["antecedent", "topic"] = "antecedent"
    #: The condition side must name a condition (or be a pronoun): "severe anaemia may
    #: require a transfusion" is a claim, "the test requires a blood sample" is not.
    condition_named: bool = False
    #: The treatment side must name a drug or a drug class ("morphine (MS Contin), which is
    #: used to treat severe pain"), not any phrase ("skeletal muscles, which are used for").
    treatment_drug: bool = False
    #: Every match in the sentence is a claim, besides what the first matching pattern
    #: read: a flattened list of "X (brand), which is prescribed for Y - Z (brand), which
    #: is used to relieve W" items.
    every_match: bool = False


class TreatmentKind(Rule):
    kind: Literal["procedure", "remedy", "lifestyle"]
    pattern: str


@lru_cache(maxsize=1)
def treatment_patterns() -> tuple[tuple[TreatmentPattern, re.Pattern[str]], ...]:
    return tuple((r, re.compile(r.pattern, re.I)) for r in load_jsonl("treatment_patterns.jsonl", TreatmentPattern))


@lru_cache(maxsize=1)
def treatment_kinds() -> tuple[tuple[TreatmentKind, re.Pattern[str]], ...]:
    return tuple((r, re.compile(r.pattern, re.I)) for r in load_jsonl("treatment_kinds.jsonl", TreatmentKind))


@lru_cache(maxsize=1)
def _arg_words() -> tuple[re.Pattern[str], frozenset[str], re.Pattern[str], frozenset[str]]:
    data = json.loads(read_text("treatment_args.json"))
    trailing = "|".join(sorted((re.escape(w) for w in data["trailing_words"]), key=len, reverse=True))
    return (re.compile(rf"(?<!\S)(?:{trailing})$", re.I), frozenset(data["not_treatment_last_words"]),
            re.compile(data["not_treatment_pattern"], re.I), frozenset(data["not_treatment_first_words"]))


@lru_cache(maxsize=1)
def _dosage_forms() -> frozenset[str]:
    return frozenset(json.loads(read_text("treatment_args.json"))["dosage_form_words"])


def drug_in_dosage_form(phrase: str) -> Concept | None:
    """The drug a "<drug> <dosage form>" phrase names ("capsaicin cream" → capsaicin)."""
    words = phrase.lower().split()
    if len(words) < 2 or words[-1] not in _dosage_forms():
        return None
    return lookup(" ".join(words[:-1]), "drug")


_WORD_PAIR = re.compile(r"[A-Za-z][\w-]*\s+[a-z]+")


def dosage_form_mentions(text: str, arg: _Arg) -> list[Mention]:
    """"<drug> <dosage form>" phrases inside an argument as drug mentions, so that a list
    of them splits into items ("capsaicin cream and lidocaine patches")."""
    out = []
    for m in _WORD_PAIR.finditer(text, arg.start, arg.end):
        concept = drug_in_dosage_form(m.group())
        if concept is not None:
            out.append(Mention(m.start(), m.end(), DRUG, concept.concept_id, concept.name, "", True, "dosage_form"))
    return out


@lru_cache(maxsize=1)
def _targeted() -> re.Pattern[str]:
    """A verb right before a drug name that makes it the target ("medications that block
    dopamine"), not the treatment."""
    words = "|".join(re.escape(w) for w in json.loads(read_text("treatment_args.json"))["target_verbs"])
    return re.compile(rf"\b(?:{words})\s+(?:the\s+)?(?:effects?\s+of\s+)?$", re.I)


@lru_cache(maxsize=1)
def _target_after() -> re.Pattern[str]:
    """A word right after a drug name that makes the name a target inside a class name
    ("serotonin reuptake inhibitors", "calcium channel blockers"), not the treatment."""
    words = "|".join(re.escape(w) for w in json.loads(read_text("treatment_args.json"))["target_words_after"])
    return re.compile(rf"[\s-]*(?:(?:specific|selective|type|sensitive)[\s-]+)?(?:{words})\b", re.I)


@lru_cache(maxsize=1)
def _subject_pronoun() -> re.Pattern[str]:
    """A treatment side that stands for the leaflet's own medicine ("It is used to treat ...")."""
    return re.compile(json.loads(read_text("treatment_args.json"))["subject_pronoun_pattern"], re.I)


@lru_cache(maxsize=1)
def _naming() -> re.Pattern[str]:
    return re.compile(json.loads(read_text("treatment_args.json"))["naming_pattern"], re.I)


def named_by_parenthesis(text: str, arg: _Arg) -> _Arg | None:
    """The name a parenthesis or an apposition inside the argument gives it ("medications
    that are used to treat epilepsy (called antiepileptic drugs)" → "antiepileptic drugs";
    "These medicines, called antiarrhythmics," → "antiarrhythmics"), if any."""
    m = _naming().search(text, arg.start, arg.end)
    if m is None:
        return None
    group = "name" if m.group("name") is not None else "name2"
    return _Arg(m.start(group), m.end(group))


_COPULAS = frozenset({"is", "are", "was", "were", "be"})


def clean_treatment(text: str, arg: _Arg) -> _Arg | None:
    """The treatment argument without trailing grammar words, or None when what is left
    is not a treatment (an adjective, a person, a study)."""
    trailing, not_last, not_treatment, not_first = _arg_words()
    start, end = arg.start, arg.end
    stripped: list[str] = []
    while end > start:
        m = trailing.search(text, start, end)
        if not m:
            break
        stripped.append(m.group().lower())
        end = start + len(text[start : m.start()].rstrip())
    if any(w in _COPULAS for w in stripped[1:]) and stripped[0] == "to":
        return None  # "the aim of therapy is to relieve pain": a purpose, not a treatment
    phrase = text[start:end]
    words = phrase.lower().split()
    if not words or words[-1] in not_last or words[0] in not_first or not_treatment.search(phrase):
        return None
    return _Arg(start, end)


def treatment_kind(phrase: str) -> str:
    """``procedure``, ``remedy`` or ``lifestyle`` by the phrase's words, else ``other``."""
    return next((rule.kind for rule, pattern in treatment_kinds() if pattern.search(phrase)), "other")


def _negated(text: str) -> bool:
    return any(p.search(text) for p in cause_modifiers().get("negated", ()))


#: Where a left-hand treatment argument starts: after the last clause boundary before the
#: verb. Unlike a cause's left argument it does not stop at commas, which separate the
#: items of a list of treatments ("NSAIDs, stretching and physical therapy can be used"),
#: but it does at "however," ("Surgery is the first choice, however, chemotherapy ... may
#: also be used").
_TREATMENT_LEFT = re.compile(r"[;:!?]|\s[-–—]\s|\b(?:but|that|which|whereas|while|although|though|when|if|since|because|then)\s"
                             r"|\bhowever,\s", re.I)


def clip_treatment_left(text: str, start: int, end: int) -> _Arg:
    last = None
    for m in _TREATMENT_LEFT.finditer(text, start, end):
        last = m
    return _Arg(last.end() if last else start, end)


#: A comma and a subordinate clause end a right-hand treatment list ("controlled with
#: thyroxine, as long as the dose is taken every day").
_CLAUSE_AFTER_COMMA = re.compile(r",\s*(?:as\s+long\s+as|provided|if|unless|when|whenever|although|though|but|because|since|so\s+that|which|who|where|while)\b", re.I)


#: What stands between two coordinated conditions: a comma, "and", "or" (and a few
#: words qualifying the next one: "and other heart conditions", "or pain").
_COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+|and/or\s+)?|\s(?:and|or|and/or)\s+)(?:(?:other|some|severe|chronic|mild|moderate|acute)\s+)?", re.I)


def _clip_clause(text: str, arg: _Arg) -> _Arg:
    m = _CLAUSE_AFTER_COMMA.search(text, arg.start, arg.end)
    return _Arg(arg.start, m.start()) if m else arg


@lru_cache(maxsize=1)
def _number_words() -> frozenset[str]:
    return frozenset(k for k in json.loads(read_text("number_words.json")) if not k.startswith("_"))


def _is_count(phrase: str) -> bool:
    """A side that only counts people ("eight were treated with X", "all 12"): no condition."""
    words = re.findall(r"[\w-]+", phrase.lower())
    return bool(words) and all(w.isdigit() or w in _number_words() or w in ("all", "of", "them", "these", "those")
                               for w in words)


class _TreatmentFinder(TopicResolver):
    _subject: Link | None | bool = False

    def subject(self) -> Link | None:
        """The leaflet's medicine (looked up once, when a treatment needs it): its product
        name in a sentence ("Qutenza is used to relieve pain") names its substance."""
        if self._subject is False:
            drugs = Spans([m for m in self.mentions if m.label == DRUG])
            self._subject = document_subject(self.view, drugs, lambda b: self.view.text[b.start : b.end])
        return self._subject or None

    def _condition(self, arg: _Arg | None, sentence_start: int, block: Block, named: bool = False) -> Mention | None:
        """What the treatment acts on: a condition mention on its side; the topic for a
        pronoun or no side; else the phrase itself ("bone tissue", "blood circulation"), which
        efficacy claims often name instead of a condition. A ``named`` side must open with a
        condition mention."""
        if arg is None or arg.end <= arg.start:
            return self.antecedent(sentence_start, block)
        found = self.conditions_in(arg.start, arg.end)
        if named:
            # the side is the condition itself ("severe anaemia may require ..."), not
            # something about it ("the care of patients with X requires ...") or a pronoun
            lead = self.view.text[arg.start : found[0].start].split() if found else None
            return found[0] if lead is not None and len(lead) <= MAX_CONDITION_LEAD_WORDS else None
        if found:
            return found[0]
        phrase = self.view.text[arg.start : arg.end].strip()
        words = phrase.split()
        # "this condition in a small number of patients": the anaphor opens the side
        if not phrase or any(ANAPHOR.match(" ".join(words[:n])) for n in (1, 2, 3)):
            return self.antecedent(sentence_start, block)
        if is_generic(phrase) or len(phrase.split()) > MAX_TREATMENT_WORDS or _is_count(phrase):
            return None
        return Mention(arg.start, arg.end, CONDITION, "", normalise_quote(phrase), "", False, "phrase")

    def _treatment(self, arg: _Arg) -> tuple[str, str, str, str] | None:
        """(name, concept_id, kind, surface text) of the treatment side, or None."""
        cleaned = clean_treatment(self.view.text, arg)
        if cleaned is None:
            return None
        arg = cleaned
        text = self.view.text[arg.start : arg.end]
        if not text or is_generic(text) or ANAPHOR.match(text) or len(text.split()) > MAX_TREATMENT_WORDS:
            return None
        named = [m for m in self.mentions_in(arg.start, arg.end) if m.label == DRUG]
        drugs = [m for m in named if not _targeted().search(self.view.text, arg.start, m.start)
                 and not _target_after().match(self.view.text, m.end, arg.end)]
        if named and not drugs:
            if any(_target_after().match(self.view.text, m.end, arg.end) for m in named) and knowledge().classes_named(text):
                return normalise_quote(text), "", "drug", text  # "calcium channel blockers": the class
            return None  # "medications that block dopamine": a mechanism, the drugs come after it
        if drugs:
            drug = drugs[0]
            return drug.name, drug.concept_id, "drug", text
        in_form = drug_in_dosage_form(text)
        if in_form is not None:
            return in_form.name, in_form.concept_id, "drug", text
        subject = self.subject()
        if subject is not None and subject.text and normalise_quote(text) == normalise_quote(subject.text):
            return subject.name, subject.drug.concept_id if subject.drug is not None else "", "drug", text
        if self.conditions_in(arg.start, arg.end) and treatment_kind(text) == "other":
            return None  # "osteoporosis improves ..." names a condition, not a treatment
        return normalise_quote(text), "", treatment_kind(text), text

    def from_sentence(self, block: Block, start: int, end: int) -> list[dict[str, Any]]:
        sentence = self.view.text[start:end]
        rows: list[dict[str, Any]] = []
        for rule, pattern in treatment_patterns():
            if rule.every_match:
                continue
            m = pattern.search(sentence)
            rows = self._from_match(rule, pattern, m, block, start, end) if m else []
            if rows:
                break
        # the items of a flattened list each make their claim, whichever pattern read the sentence
        seen = {(r["treatment"], r["condition"]) for r in rows}
        for rule, pattern in treatment_patterns():
            if not rule.every_match:
                continue
            for m in pattern.finditer(sentence):
                for row in self._from_match(rule, pattern, m, block, start, end):
                    if (row["treatment"], row["condition"]) not in seen:
                        seen.add((row["treatment"], row["condition"]))
                        rows.append(row)
        return rows

    def _from_match(self, rule: TreatmentPattern, pattern: re.Pattern[str], m: re.Match[str], block: Block,
                    start: int, end: int) -> list[dict[str, Any]]:
        """The claims one pattern match makes: a row per treatment item and condition."""
        text = self.view.text
        t_start, t_end = start + m.start("treatment"), start + m.end("treatment")
        has_condition = "condition" in pattern.groupindex and m.group("condition") is not None
        # without a condition side the treatment is on the left when it opens the sentence
        treatment_left = (t_start < start + m.start("condition")) if has_condition else m.start("treatment") == 0
        treatment_arg = _trim(text, clip_treatment_left(text, t_start, t_end) if treatment_left
                              else _clip_clause(text, clip_right(text, t_start, t_end)))
        named = named_by_parenthesis(text, treatment_arg)
        if named is not None:
            treatment_arg = named
        condition_arg = None
        if has_condition:
            c_start, c_end = start + m.start("condition"), start + m.end("condition")
            condition_arg = _trim(text, clip_right(text, c_start, c_end) if treatment_left
                                  else clip_left(text, c_start, c_end))
        listed = self._listed_conditions(block, condition_arg, end) if has_condition else None
        if has_condition and not listed and not text[c_start:c_end].strip(" :-"):
            return []  # "X is used to treat:" with no list after it says nothing
        if listed:
            condition = listed[0]
        else:
            condition = (self.section_topic(block) if condition_arg is None and rule.condition_from == "topic"
                         else self._condition(condition_arg, start, block, rule.condition_named))
        cleaned = clean_treatment(text, treatment_arg)
        if condition is not None and cleaned is None:
            if listed:  # "It is used to treat:" and its list
                owns = [self._own_medicine(rule, treatment_arg, c, _Arg(c.start, c.end), start, c.end, end)
                        for c in listed]
                return [o for o in owns if o is not None]
            own = self._own_medicine(rule, treatment_arg, condition, condition_arg, start, end)
            if own is not None:
                return [own]
        if condition is None or cleaned is None:
            return []
        lo = min(cleaned.end, condition_arg.end if condition_arg else cleaned.start)
        hi = max(cleaned.start, condition_arg.start if condition_arg else cleaned.start)
        between = text[lo:hi] if hi > lo else text[start : cleaned.start]
        if rule.treatment_drug and m.start() > 0:
            # a claim read inside a sentence about something else: its lead may deny it
            # ("Do not take medicines such as paracetamol to treat a hangover")
            between = text[start : start + m.start()] + " " + between
        conditions = listed or self._coordinated(condition, condition_arg)
        rows = []
        found = self.mentions_in(cleaned.start, cleaned.end) + dosage_form_mentions(text, cleaned)
        for item in split_items(text, cleaned, found):
            treatment = self._treatment(item)
            if treatment is None:
                continue
            if rule.treatment_drug and treatment[2] != "drug" and not knowledge().classes_named(treatment[3]):
                continue
            for c in conditions:
                if treatment[0] != c.name:
                    if listed:  # the evidence runs from the lead to the listed condition
                        rows.append(self._row(rule, treatment, c, _Arg(c.start, c.end), between, start, c.end))
                    else:
                        rows.append(self._row(rule, treatment, c, condition_arg, between, start, end))
        return rows

    def _listed_conditions(self, block: Block, arg: _Arg | None, end: int) -> list[Mention]:
        """The conditions a lead ending in a colon lists in the list items right after it
        ("Olanzapine is used to treat the following conditions:" / "- Schizophrenia, a
        disease with ..." / "- Moderate to severe manic episodes, ..."; "X is used in adults
        for:", "It is used to treat adults with:"), as package leaflets state a medicine's
        uses: each item's head (before its first comma, bracket or dash) when it opens with
        a condition. Empty when the sentence is not such a lead."""
        text = self.view.text
        if arg is None or not text[:end].rstrip().endswith(":") or block.end > end + 1:
            return []
        side = text[arg.start : arg.end].strip(" :-")
        # the side announces the list ("the following types of cancer", "adults with"),
        # or names nothing the items would repeat
        if len(side.split()) > MAX_LIST_LEAD_WORDS or (self.conditions_in(arg.start, arg.end)
                                                       and not _ANNOUNCES_LIST.search(side)):
            return []
        out: list[Mention] = []
        for item in self.view.source.blocks[block.index + 1 :]:
            if item.kind != "list_item":
                break
            head = _ITEM_HEAD_END.search(text, item.start, item.end)
            head_end = head.start() if head else item.end
            found = self.conditions_in(item.start, head_end)
            if found and len(text[item.start : found[0].start].split()) <= MAX_CONDITION_LEAD_WORDS:
                out.append(found[0])
        return out

    def _coordinated(self, condition: Mention, arg: _Arg | None) -> list[Mention]:
        """The condition and the conditions coordinated with it on its side ("to cope with
        musculoskeletal abnormalities or pain", "used to treat hypertension, angina and
        other heart conditions"): each is treated, not only the first named."""
        if arg is None or not (arg.start <= condition.start < arg.end):
            return [condition]
        out = [condition]
        for m in self.conditions_in(condition.end, arg.end):
            if m.start < out[-1].end:
                continue
            if not _COORDINATION.fullmatch(self.view.text[out[-1].end : m.start]):
                break
            out.append(m)
        return out

    def _own_medicine(self, rule: TreatmentPattern, arg: _Arg, condition: Mention, condition_arg: _Arg | None,
                      start: int, end: int, lead_end: int | None = None) -> dict[str, Any] | None:
        """A leaflet's "It is used to treat ..." / "This medicine is used for ...": the
        pronoun is the leaflet's medicine, when the document has one."""
        text = self.view.text
        if not _subject_pronoun().fullmatch(text[arg.start : arg.end].strip()):
            return None
        subject = self.subject()
        if subject is None or not subject.name:
            return None
        concept_id = subject.drug.concept_id if subject.drug is not None else ""
        lo = arg.end
        hi = condition_arg.start if condition_arg is not None and condition_arg.start > lo else lo
        if lead_end is not None:  # a listed use: what the lead says, not the items before it
            hi = max(lo, lead_end)
        return self._row(rule, (subject.name, concept_id, "drug", text[arg.start : arg.end]), condition,
                         condition_arg, text[lo:hi], start, end)

    def _row(self, rule: TreatmentPattern, treatment: tuple[str, str, str, str], condition: Mention,
             condition_arg: _Arg | None, between: str, start: int, end: int) -> dict[str, Any]:
            text = self.view.text
            sentence = text[start:end]
            name, concept_id, kind, surface = treatment
            return {
                "doc_id": self.view.source.doc_id, "treatment": name, "treatment_concept_id": concept_id,
                "treatment_kind": kind, "predicate": rule.predicate,
                "condition": condition.name, "condition_concept_id": condition.concept_id,
                "polarity": not _negated(between), "hedged": is_hedged(sentence),
                "start": start, "end": end, "evidence": sentence, "review_status": "clean",
                "treatment_text": surface,
                "condition_text": text[condition.start : condition.end] if condition_arg is not None
                and condition_arg.start <= condition.start < condition_arg.end else "",
                "extractor": rule.id,
            }


def treatment_rows(view: DocumentView) -> list[dict[str, Any]]:
    """Rows for ``treatments``: the claims of the first pattern that reads a content sentence, and of
    the patterns that read every match (``every_match``)."""
    finder = _TreatmentFinder(view)
    rows: list[dict[str, Any]] = []
    seen: Counter[tuple[str, ...]] = Counter()
    for block, start, end in view.sentences():
        for row in finder.from_sentence(block, start, end):
            key = (row["predicate"], row["treatment"], row["condition"], normalise_quote(row["evidence"]))
            nth = seen[key]
            seen[key] += 1
            rows.append({"claim_id": stable_id("t", view.source.doc_id, *key, nth), **row})
    return rows
