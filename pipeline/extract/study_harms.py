"""Harms a study reports of its own treatment in sentences that name no drug.

A trial or case report names its drug in the title ("Phase I trial of ifosfamide ...",
"Telmisartan plus amlodipine in hypertension") and then tells what happened to its
patients without naming it again: "Four patients developed transient microscopic
hematuria", "Grade 3-4 neutropenia occurred in 39.9% of patients", "The most common side
effect was dry mouth". The cause rules and the relation model read a sentence's own drug
and condition; these sentences have no drug, so their harms were never read (on the
case-report development gold about half of the missed adverse-effect pairs). Each effect
such a sentence reports becomes an ``adverse_effect`` row of each drug the title names,
with the sentence as evidence and the title's mention as the cause's text.

Only reports of research (the relation model's register, ``research_report.jsonl``), never
a leaflet (section 4 is :mod:`pipeline.extract.side_effects`'s); only when the title names
between one and :data:`MAX_STUDY_DRUGS` drugs; never a sentence that names a drug itself (the
other extractors read those), says what the treatment lowered or achieved, or tells the
patients' history or a control arm; never a condition the document names as the patients'
disease or what they were treated for. Shapes and exclusions are data
(``rules/study_harms.jsonl``).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal

from pipeline.extract.causes import is_hedged
from pipeline.extract.context import DocumentView
from pipeline.extract.dose_grammar import leaflet_zones
from pipeline.extract.relation_model import adverse_effect_row, reports_research
from pipeline.nlp.labels import CONDITION, DRUG
from pipeline.nlp.mentions import Mention, doc_mentions
from pipeline.rules import Rule, load_jsonl

#: What the rows this module adds are marked with (``causes.extractor``).
EXTRACTOR = "cause.study_subject"
#: A title naming more drugs than this is a review or a comparison of many, not one study's treatment.
MAX_STUDY_DRUGS = 3
#: How far before a condition an indication cue may end ("patients with metastatic ...").
_INDICATION_WINDOW = 80
#: A negation between the event's cue and the condition, or before the experiencer.
_NEGATION = re.compile(r"\b(?:no|not|none|neither|nor|without|never|absence\s+of|free\s+of)\b", re.I)


class StudyHarmRule(Rule):
    """One shape of ``rules/study_harms.jsonl``."""

    kind: Literal["event_after", "event_before", "not_event", "not_effect", "indication", "title_harm", "title_cause",
                  "not_disease_word"]
    pattern: str
    source: str


@lru_cache(maxsize=1)
def _rules() -> dict[str, tuple[re.Pattern[str], ...]]:
    out: dict[str, list[re.Pattern[str]]] = {}
    for rule in load_jsonl("study_harms.jsonl", StudyHarmRule):
        out.setdefault(rule.kind, []).append(re.compile(rule.pattern, re.I))
    return {kind: tuple(patterns) for kind, patterns in out.items()}


def _any(kind: str, text: str) -> bool:
    """Whether a ``kind`` shape is in ``text`` (``indication`` and ``title_harm`` shapes end
    with ``$``: they match the words right before a condition; ``title_cause`` shapes start
    with ``^``: the words right after a drug)."""
    return any(p.search(text) for p in _rules().get(kind, ()))


def _indications(view: DocumentView, conditions: Sequence[Mention], title: tuple[int, int]) -> set[str]:
    """Names of the conditions the document gives as the patients' disease or what the
    drug is given for; in the title, every condition but one the title names as a harm."""
    out = set()
    for m in conditions:
        before = view.text[max(0, m.start - _INDICATION_WINDOW) : m.start]
        in_title = title[0] <= m.start < title[1]
        if _any("indication", before) or (in_title and not _any("title_harm", before)):
            out.add(m.name)
    return out


#: A content word of a condition's name ("adenovirus" of "adenovirus infection").
_CONTENT_WORD = re.compile(r"[a-z][a-z-]{4,}")


def _words(name: str) -> set[str]:
    """The words of a condition's name that can tie it to the disease studied."""
    return {w for w in _CONTENT_WORD.findall(name.lower()) if not _any("not_disease_word", w)}


def _effects(sentence: str, offset: int, conditions: Sequence[Mention]) -> list[Mention]:
    """The sentence's conditions one of its event shapes reports, each once, in order."""
    found: dict[int, Mention] = {}
    for pattern in _rules().get("event_after", ()):
        for m in pattern.finditer(sentence):
            if _NEGATION.search(sentence[max(0, m.start() - 25) : m.start()]):
                continue  # "no patient developed", "none of the subjects experienced"
            for c in conditions:
                at = c.start - offset
                if at >= m.end() and not _NEGATION.search(sentence[m.end() : at]):
                    found.setdefault(c.start, c)
    for pattern in _rules().get("event_before", ()):
        for m in pattern.finditer(sentence):
            for c in conditions:
                if c.end - offset <= m.start() and not _NEGATION.search(sentence[: m.start()]):
                    found.setdefault(c.start, c)
    return [found[k] for k in sorted(found)]


def study_harm_rows(view: DocumentView, known_rows: Sequence[dict[str, Any]] = ()) -> list[dict[str, Any]]:
    """``adverse_effect`` rows of the title's drugs for the effects that sentences naming
    no drug report of the study's patients; pairs ``known_rows`` already give are left
    out (the document states them elsewhere)."""
    if leaflet_zones(view.text) or not reports_research(view.text):
        return []
    index = view.sentence_index
    if not index.bounds:
        return []
    mentions = [m for m in doc_mentions(view.doc) if m.name and view.is_content(m.start, m.end)]
    title = index.bounds[0]
    study: dict[str, Mention] = {}
    for m in mentions:
        if m.label == DRUG and title[0] <= m.start < title[1]:
            study.setdefault(m.name, m)
    # "mesna to prevent ifosfamide-induced cystitis": the drug whose harm the title names is the cause
    causing = {n: m for n, m in study.items() if _any("title_cause", view.text[m.end : m.end + 20])}
    study = causing or study
    if not study or len(study) > MAX_STUDY_DRUGS:
        return []
    conditions = [m for m in mentions if m.label == CONDITION]
    indications = _indications(view, conditions, title)
    # the disease studied, under another name ("adenovirus pneumonia" in a study of adenovirus infection)
    disease_words = set().union(*(_words(n) for n in indications)) if indications else set()
    known = {(r["cause"], r["condition"]) for r in known_rows}
    drug_sentences = {index.number_at(m.start) for m in mentions if m.label == DRUG}
    by_sentence: dict[int, list[Mention]] = {}
    for m in conditions:
        if (not m.negated and m.name not in indications and m.name not in study
                and not _words(m.name) & disease_words and not _any("not_effect", m.name)):
            by_sentence.setdefault(index.number_at(m.start), []).append(m)
    rows: list[dict[str, Any]] = []
    nth: Counter[tuple[str, ...]] = Counter()
    for number in sorted(by_sentence):
        if number == 0 or number in drug_sentences:
            continue
        view.check_deadline()
        start, end = index.bounds[number]
        piece = view.text[start:end]
        start, end = start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())
        sentence = view.text[start:end]
        if _any("not_event", sentence):
            continue
        # a condition another cause's row already explains in this sentence ("complications of
        # diabetes include nephropathy") is no harm of the study's drug
        pinned = {r["condition"] for r in known_rows if r.get("start", -1) < end and start < r.get("end", -1)}
        for cond in _effects(sentence, start, [c for c in by_sentence[number] if c.name not in pinned]):
            for drug in study.values():
                key = (drug.name, cond.name)
                if key in known:
                    continue
                rows.append(adverse_effect_row(view, drug, cond, start, end, nth, extractor=EXTRACTOR, negated=False,
                                               hedged=cond.hypothetical or is_hedged(sentence)))
    return rows
