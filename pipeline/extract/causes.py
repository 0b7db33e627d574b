"""Condition–cause claims from sentences and from cue lines followed by lists.

Sentence patterns (``rules/cause_patterns.jsonl``) split a sentence into an effect side,
which must hold a condition mention (or a pronoun that resolves to the topic), and a cause
side, which may be any phrase; both sides are clipped at clause boundaries and the cause
side is split into its list items. Direction comes from the pattern, so "A causes B" and
"B causes A" give different claims. Cue lines (``rules/cause_cues.jsonl``: "The causes of
X include:") make every following list item a cause of X, or of the section's or
document's topic when the cue names no condition. Hedges, negation and beliefs the text
reports as outdated come from ``rules/cause_modifiers.jsonl``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pipeline.extract.context import DocumentView
from pipeline.extract.topics import ANAPHOR, TopicResolver
from pipeline.ids import normalise_quote, stable_id
from pipeline.ingest.structure import Block
from pipeline.nlp.entity_resolver import CONDITION, DRUG, is_generic
from pipeline.nlp.mentions import Mention
from pipeline.rules import Rule, load_jsonl
from pipeline.vocab.lexicon import lookup

Relation = Literal["causes", "risk_factor", "complication_of"]

#: Clause boundaries: a right-hand argument ends at the first, a left-hand one starts after the last.
_RIGHT_END = re.compile(r"[.;!?]|\s[-–—]\s|,?\s+(?:but|which|because|so that|whereas|while|although|though|so|then)\b|\s+\((?!.*\))")
_LEFT_START = re.compile(r"[;:!?]|\s[-–—]\s|,|\b(?:but|that|which|whereas|while|although|though|when|if|since|because|and then|is|are|was|were|be|been)\s")
_LIST_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_LEADING = re.compile(r"^(?:(?:the|a|an|also|even|often|usually|mainly|mostly|most often|in most cases|especially|particularly|such as|e\.g\.|including|various|different|certain|some|other|as part of)\s+)+", re.I)
#: A list item starting with a verb is the rest of a clause ("..., can develop"), not a cause.
_VERB_START = re.compile(r"^(?:can|may|might|will|would|should|must|is|are|was|were|has|have|had|do|does|did)\b", re.I)
#: A gene symbol as written (TSC2, FLCN, HESX1): "mutations in the TSC1 gene or TSC2 gene" is two causes.
_GENE = re.compile(r"\b(?=[A-Z0-9-]*[A-Z]{2})[A-Z][A-Z0-9-]*[0-9A-Z]\b(?=\s+genes?\b|\s*[,)]|\s+(?:and|or)\b)")
#: A cause phrase longer than this many words is a clause, not an argument.
MAX_CAUSE_WORDS = 14


class CausePattern(Rule):
    relation: Relation
    pattern: str


class CauseModifier(Rule):
    kind: Literal["hedge", "negated", "superseded"]
    pattern: str


@lru_cache(maxsize=1)
def cause_patterns() -> tuple[tuple[CausePattern, re.Pattern[str]], ...]:
    return tuple((r, re.compile(r.pattern, re.I)) for r in load_jsonl("cause_patterns.jsonl", CausePattern))


@lru_cache(maxsize=1)
def cause_cues() -> tuple[tuple[CausePattern, re.Pattern[str]], ...]:
    return tuple((r, re.compile(r.pattern, re.I)) for r in load_jsonl("cause_cues.jsonl", CausePattern))


@lru_cache(maxsize=1)
def cause_modifiers() -> dict[str, tuple[re.Pattern[str], ...]]:
    out: dict[str, list[re.Pattern[str]]] = {}
    for r in load_jsonl("cause_modifiers.jsonl", CauseModifier):
        out.setdefault(r.kind, []).append(re.compile(r.pattern, re.I))
    return {k: tuple(v) for k, v in out.items()}


def _has(kind: str, text: str) -> bool:
    return any(p.search(text) for p in cause_modifiers().get(kind, ()))


def is_hedged(text: str) -> bool:
    """True when the text qualifies its claim (may, can, usually, it is believed...)."""
    return _has("hedge", text)


@dataclass(frozen=True)
class _Arg:
    start: int
    end: int


def clip_right(text: str, start: int, end: int) -> _Arg:
    m = _RIGHT_END.search(text, start, end)
    return _Arg(start, m.start() if m else end)


def clip_left(text: str, start: int, end: int) -> _Arg:
    last = None
    for m in _LEFT_START.finditer(text, start, end):
        last = m
    return _Arg(last.end() if last else start, end)


def _trim(text: str, arg: _Arg) -> _Arg:
    s, e = arg.start, arg.end
    while s < e and not text[s].isalnum():
        s += 1
    while e > s and not text[e - 1].isalnum() and text[e - 1] != ")":
        e -= 1
    lead = _LEADING.match(text[s:e])
    if lead:
        s += lead.end()
    return _Arg(s, e)


def split_items(text: str, arg: _Arg, mentions: list[Mention]) -> list[_Arg]:
    """List items of a cause phrase: commas always split; a lone 'and'/'or' splits only
    when both halves hold a mention ("smoking and alcohol" vs "bone and joint pain")."""
    chunk = text[arg.start : arg.end]
    has_comma = "," in chunk
    parts: list[_Arg] = []
    pos = arg.start
    for m in _LIST_SPLIT.finditer(chunk):
        sep_start, sep_end = arg.start + m.start(), arg.start + m.end()
        if not has_comma and not (
            any(pos <= x.start and x.end <= sep_start for x in mentions)
            and any(sep_end <= x.start and x.end <= arg.end for x in mentions)
        ) and not (_GENE.search(text, pos, sep_start) and _GENE.search(text, sep_end, arg.end)):
            continue
        parts.append(_Arg(pos, sep_start))
        pos = sep_end
    parts.append(_Arg(pos, arg.end))
    items = [p for p in (_trim(text, q) for q in parts) if p.end > p.start]
    return [p for p in items if not _VERB_START.match(text[p.start : p.end])]


def _distinct(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.name not in seen:
            seen.add(m.name)
            out.append(m)
    return out


class _CauseFinder(TopicResolver):
    def row(self, *, relation: str, cause: _Arg, effect: Mention, start: int, end: int,
            negated: bool, hedged: bool, extractor: str) -> dict[str, Any] | None:
        text = self.view.text
        cause_text = text[cause.start : cause.end]
        if not cause_text or is_generic(cause_text) or len(cause_text.split()) > MAX_CAUSE_WORDS:
            return None
        inside = self.mentions_in(cause.start, cause.end)
        head = max(inside, key=lambda m: m.end - m.start) if inside else None
        # English noun phrases put the head first before "of"/"in" modifiers:
        # "osteosclerosis of the endplates" is osteosclerosis
        leading = next((m for m in inside if m.start == cause.start
                        and re.match(r"\s+(?:of|in|with)\b", text[m.end : cause.end])), None)
        if leading is not None:
            cause_name, cause_id = leading.name, leading.concept_id
        elif head is not None and (head.end - head.start) >= 0.6 * len(cause_text):
            cause_name, cause_id = head.name, head.concept_id
        else:
            cause_name, cause_id = normalise_quote(cause_text), ""
        if cause_name == effect.name:
            return None
        source = leading if leading is not None else head if cause_id else None
        if relation == "causes" and source is not None and source.label == DRUG:
            # a medicine that causes a condition: its side effect, as the contract names it
            relation = "adverse_effect"
        return {
            "doc_id": self.view.source.doc_id, "cause": cause_name, "cause_concept_id": cause_id,
            "condition": effect.name, "condition_concept_id": effect.concept_id,
            "relation": relation, "negated": negated, "hedged": hedged,
            "start": start, "end": end, "evidence": text[start:end], "review_status": "clean",
            "cause_text": cause_text, "condition_text": text[effect.start : effect.end],
            "extractor": extractor,
        }

    def from_sentence(self, block: Block, start: int, end: int) -> list[dict[str, Any]]:
        """Claims of a sentence. A sentence may make several ("X is caused by A, while Y is
        caused by B"): after the first pattern that gives claims, the rest of the sentence
        after its arguments is read again."""
        rows: list[dict[str, Any]] = []
        pos = start
        while pos < end:
            found, stop = self._claims(block, start, pos, end)
            if not found or stop <= pos:
                break
            rows.extend(found)
            pos = stop
        return rows

    def _claims(self, block: Block, start: int, pos: int, end: int) -> tuple[list[dict[str, Any]], int]:
        """Rows of the first pattern that gives claims in ``text[pos:end]`` (of the sentence
        ``text[start:end]``), and where its arguments end."""
        text = self.view.text
        sentence = text[start:end]
        for rule, pattern in cause_patterns():
            m = pattern.search(text[pos:end])
            if not m:
                continue
            e_start, e_end = pos + m.start("effect"), pos + m.end("effect")
            c_start, c_end = pos + m.start("cause"), pos + m.end("cause")
            effect_left = e_start < c_start
            effect_arg = clip_left(text, e_start, e_end) if effect_left else clip_right(text, e_start, e_end)
            cause_arg = clip_right(text, c_start, c_end) if effect_left else clip_left(text, c_start, c_end)
            effect_arg, cause_arg = _trim(text, effect_arg), _trim(text, cause_arg)
            effects = self.conditions_in(effect_arg.start, effect_arg.end)
            if effects:
                # a left-hand effect is the condition nearest the trigger; a right-hand list
                # of conditions ("leads to infections and inflammations") gives one claim each
                targets = [effects[-1]] if effect_left else _distinct(effects)
            elif e_start == e_end or ANAPHOR.match(text[effect_arg.start : effect_arg.end].strip()):
                # an empty effect group ("risk factors include …") is the topic, as a pronoun is
                antecedent = self.antecedent(start, block)
                if antecedent is None:
                    continue
                targets = [antecedent]
            else:
                continue
            between = text[
                (effect_arg.end if effect_left else cause_arg.end) : (cause_arg.start if effect_left else effect_arg.start)
            ]
            superseded = _has("superseded", sentence)
            negated = _has("negated", between) or superseded
            hedged = _has("hedge", between) or _has("hedge", text[pos:min(effect_arg.start, cause_arg.start)]) or superseded
            rows = []
            for item in split_items(text, cause_arg, self.mentions_in(cause_arg.start, cause_arg.end)):
                for effect in targets:
                    row = self.row(relation=rule.relation, cause=item, effect=effect, start=start, end=end,
                                   negated=negated, hedged=hedged, extractor=rule.id)
                    if row:
                        rows.append(row)
            if rows:
                return rows, max(effect_arg.end, cause_arg.end)  # first matching pattern wins
        return [], end

    def from_lists(self) -> list[dict[str, Any]]:
        """Cue line + following list items: each item is a cause of the cue's condition."""
        blocks = self.view.source.blocks
        text = self.view.text
        rows: list[dict[str, Any]] = []
        for k, cue in enumerate(blocks):
            if cue.kind not in ("paragraph", "heading", "caption", "title"):
                continue
            items = []
            for b in blocks[k + 1 :]:
                if b.kind != "list_item":
                    break
                items.append(b)
            if not items:
                continue
            cue_text = text[cue.start : cue.end]
            last_sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z])", cue_text)[-1]
            offset = cue.end - len(last_sentence)
            for rule, pattern in cause_cues():
                m = pattern.search(last_sentence)
                if not m:
                    continue
                effect = None
                if "effect" in pattern.groupindex and m.group("effect"):
                    e_arg = _trim(text, _Arg(offset + m.start("effect"), offset + m.end("effect")))
                    found = self.conditions_in(e_arg.start, e_arg.end)
                    phrase = text[e_arg.start : e_arg.end]
                    if found:
                        effect = found[0]
                    elif phrase and not ANAPHOR.match(phrase) and not is_generic(phrase):
                        # the cue names its condition, though no vocabulary knows it
                        effect = Mention(e_arg.start, e_arg.end, CONDITION, "", normalise_quote(phrase),
                                         "", False, "cue")
                if effect is None:
                    effect = self.antecedent(cue.end, cue)
                if effect is None:
                    break
                for item in items:
                    arg = _trim(text, clip_right(text, item.start, item.end))
                    row = self.row(relation=rule.relation, cause=arg, effect=effect, start=item.start,
                                   end=item.end, negated=False,
                                   hedged=_has("hedge", text[item.start:item.end]), extractor=rule.id)
                    if row:
                        rows.append(row)
                break
        return rows


#: "cocaine-induced myocardial infarction", "heparin-associated thrombocytopenia": a
#: condition named with what brought it on, as abstracts and case reports write it.
_INDUCED = re.compile(r"^(?P<cause>[A-Za-z][\w-]*?(?:\s+(?:and|or)\s+[A-Za-z][\w-]*?)?)-(?:induced|associated|"
                      r"related|provoked|triggered|mediated)\s+(?P<effect>\S.*)$", re.I)


def induced_causes(finder: _CauseFinder) -> list[dict[str, Any]]:
    """A cause row for each condition mention named "X-induced Y": X (a drug when a
    vocabulary knows it, then an adverse effect) causes Y, with the mention's sentence as
    evidence."""
    view, rows = finder.view, []
    for m in finder.all_conditions:
        match = _INDUCED.match(view.text[m.start : m.end])
        if not match:
            continue
        block = view.block_at(m.start)
        spans = view.block_sentences(block) if block is not None else []
        start, end = next(((s, e) for s, e in spans if s <= m.start < e), (m.start, m.end))
        for cause_text in re.split(r"\s+(?:and|or)\s+", match.group("cause")):
            drug = lookup(cause_text, "drug")
            effect_text = match.group("effect")
            condition = lookup(effect_text, "condition")
            rows.append({
                "doc_id": view.source.doc_id, "cause": drug.name if drug else normalise_quote(cause_text),
                "cause_concept_id": drug.concept_id if drug else "",
                "condition": condition.name if condition else normalise_quote(effect_text),
                "condition_concept_id": condition.concept_id if condition else "",
                "relation": "adverse_effect" if drug else "causes", "negated": m.negated, "hedged": m.hypothetical,
                "start": start, "end": end, "evidence": view.text[start:end], "review_status": "clean",
                "cause_text": cause_text, "condition_text": effect_text, "extractor": "cause.x_induced_y",
            })
    return rows


def cause_rows(view: DocumentView) -> list[dict[str, Any]]:
    """Rows for ``causes``; ids hash document, relation, cause, condition and evidence."""
    finder = _CauseFinder(view)
    rows = finder.from_lists() + induced_causes(finder)
    for block, start, end in view.sentences():
        rows.extend(finder.from_sentence(block, start, end))
    seen: Counter[tuple[str, ...]] = Counter()
    unique: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = (row["relation"], row["cause"], row["condition"], normalise_quote(row["evidence"]))
        nth = seen[key]
        seen[key] += 1
        claim_id = stable_id("c", view.source.doc_id, *key, nth)
        unique.setdefault(claim_id, {"claim_id": claim_id, **row})
    return list(unique.values())
