"""A medicine's side effects as ``causes`` rows with relation ``adverse_effect``.

Package leaflets state side effects in one recurring shape: section 4 ("Possible side
effects") lists them under frequency headings ("Common (may affect up to 1 in 10
people)"), as list items, run-on lines ("General side effects Nervousness, irregular heart
rate, …") or semicolon lists, in lay words with the medical name in brackets. Elsewhere
(sections 2 and 3, any monograph) they are sentences: "X may cause Y", "side effects of X
include Y", "Y is a rare side effect". Each named effect becomes one row: cause = the
medicine (the leaflet's own when the text does not name another), condition = the effect
normalised (lay-term table, vocabulary, condition mentions, else the phrase), band = the
heading or sentence it falls under. The patterns, bands and term tables are data in
``rules/side_effect_*.jsonl``.

Only documents about a medicine (a leaflet or monograph naming its subject the way
:func:`pipeline.extract.subject.document_subject` recognises) get rows: on a consumer page "X can
cause Y" is a cause claim that :mod:`pipeline.extract.causes` already makes.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, TypeVar

from pipeline.extract.context import DocumentView
from pipeline.extract.subject import Spans, document_subject, is_subject
from pipeline.ids import normalise_quote, stable_id
from pipeline.ingest.document import CONTENT_KINDS
from pipeline.nlp.labels import CONDITION, DRUG, is_generic
from pipeline.nlp.mentions import Mention, doc_mentions
from pipeline.rules import Rule, load_jsonl
from pipeline.vocab.lexicon import lookup

EXTRACTOR_LIST = "side_effect.list"
EXTRACTOR_SENTENCE = "side_effect.sentence"
#: A piece longer than this many words is a clause, not the name of an effect.
MAX_EFFECT_WORDS = 16
#: A condition mention names a piece when it covers at least this share of its characters.
MENTION_COVER = 0.5
#: At most this many words name a class of medicines a block opens with ("Vitamin K antagonists").
MAX_CLASS_WORDS = 5

PatternKind = Literal["section_start", "section_end", "section_cut", "label", "other_lead", "skip", "signs",
                      "clause", "location", "lead_verb", "effect_lead", "band_reset", "lead_cut", "comed_lead", "comed_fall", "comed_examples", "change", "site", "site_lead", "low", "high", "hedge", "negated",
                      "subject_ref", "statement", "continuation", "treatment_class", "listed_skip", "own_reaction", "signs_lead",
                      "comed_with", "qualifier", "signs_named", "signs_bracket", "clause_conj", "lay_frame"]


class BandRule(Rule):
    kind: Literal["marker", "sentence", "name", "item"]
    pattern: str
    band: str = ""


class SideEffectPattern(Rule):
    kind: PatternKind
    pattern: str
    scope: Literal["section", "after", "anywhere", "reaction"] = "section"


class LayTerm(Rule):
    lay: str
    name: str
    source: str


class NamedRule(Rule):
    pattern: str
    name: str
    source: str


R = TypeVar("R", bound=Rule)


class UnbornRule(Rule):
    kind: Literal["effect", "skip"]
    pattern: str
    name: str = ""


class LevelRule(Rule):
    substance: str
    name: str
    low: str
    high: str


def _by_kind(file: str, model: type[R]) -> dict[str, tuple[tuple[R, re.Pattern[str]], ...]]:
    """The rules of ``rules/<file>`` with their compiled patterns (case-insensitive), by kind."""
    out: dict[str, list[tuple[R, re.Pattern[str]]]] = {}
    for r in load_jsonl(file, model):
        out.setdefault(r.kind, []).append((r, re.compile(r.pattern, re.I)))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def band_rules() -> dict[str, tuple[tuple[BandRule, re.Pattern[str]], ...]]:
    return _by_kind("side_effect_bands.jsonl", BandRule)


@lru_cache(maxsize=1)
def unborn_rules() -> dict[str, tuple[tuple[UnbornRule, re.Pattern[str]], ...]]:
    """Harm to an unborn baby (``rules/side_effect_unborn.jsonl``), by kind."""
    return _by_kind("side_effect_unborn.jsonl", UnbornRule)


@lru_cache(maxsize=1)
def patterns() -> dict[str, tuple[tuple[SideEffectPattern, re.Pattern[str]], ...]]:
    return _by_kind("side_effect_patterns.jsonl", SideEffectPattern)


def _fold(phrase: str) -> str:
    """Lower case, single spaces, no leading article or possessive, no end punctuation."""
    p = re.sub(r"\s+", " ", phrase.lower()).strip(" .,;:-*–")
    p = re.sub(r"^(?:(?:a|an|the|your|some|any|also|other)\s+)+", "", p)
    return p


def _singular(phrase: str) -> str:
    words = phrase.split()
    if words and len(words[-1]) > 3 and words[-1].endswith("s") and not words[-1].endswith(("ss", "us", "is")):
        words[-1] = words[-1][:-1]
    return " ".join(words)


@lru_cache(maxsize=1)
def lay_terms() -> dict[str, str]:
    out: dict[str, str] = {}
    for r in load_jsonl("side_effect_terms.jsonl", LayTerm):
        for key in (_fold(r.lay), _singular(_fold(r.lay))):
            out.setdefault(key, r.name)
    return out


@lru_cache(maxsize=1)
def _lay_names() -> frozenset[str]:
    """Every medical name the lay-term table gives."""
    return frozenset(lay_terms().values())


def _site_terms(file: str) -> dict[str, str]:
    """Body-site words (as written and singular) → the medical name a lay phrase about that
    site means (``rules/<file>``: "pancreas" → pancreatitis, "lungs" → pulmonary haemorrhage)."""
    out: dict[str, str] = {}
    for r in load_jsonl(file, LayTerm):
        for site in r.lay.split("|"):
            for key in (_fold(site), _singular(_fold(site))):
                out.setdefault(key, r.name)
    return out


@lru_cache(maxsize=1)
def inflammation_terms() -> dict[str, str]:
    """Organ words → the -itis a leaflet means by "inflammation of the <organ>"."""
    return _site_terms("side_effect_inflammation.jsonl")


#: What may follow a lay effect phrase without being part of its site ("… often with severe pain").
_TRAILING_CLAUSE = r"(?:\s+(?:often|usually|sometimes|which|with|causing|that|leading)\b.*)?$"
#: "inflammation of the pancreas (often with severe pain)", "inflamed pancreas", "pancreas inflammation".
_INFLAMMATION = re.compile(r"^(?:(?:severe|acute|mild|sudden)\s+)?(?:inflammation\s+(?:of|in)\s+(?:the\s+|your\s+)?(?P<a>.+?)|"
                           r"inflamed\s+(?P<b>.+?)|(?P<c>.+?)\s+inflammation)" + _TRAILING_CLAUSE)


@lru_cache(maxsize=1)
def bleeding_terms() -> dict[str, str]:
    """Site words → the haemorrhage a leaflet means by "bleeding in/from the <site>"."""
    return _site_terms("side_effect_bleeding.jsonl")


_BLEEDING = re.compile(r"^(?:(?:severe|serious|sudden|unusual|heavy|internal|some|minor|small)\s+)?(?:bleeding|haemorrhage|hemorrhage)\s+"
                       r"(?:in|into|inside|from|of|within|at)\s+(?:the\s+|your\s+|a\s+)?(?P<site>.+?)" + _TRAILING_CLAUSE)


def _bled(folded: str) -> str:
    """The haemorrhage "bleeding in/into/from the <site>" names, or ``""``."""
    m = _BLEEDING.match(folded)
    if not m:
        return ""
    site = _fold(m.group("site"))
    return bleeding_terms().get(site) or bleeding_terms().get(_singular(site), "")


@lru_cache(maxsize=1)
def named_rules() -> tuple[tuple[NamedRule, re.Pattern[str]], ...]:
    return tuple((r, re.compile(r.pattern)) for r in load_jsonl("side_effect_named.jsonl", NamedRule))


def _described(folded: str) -> str:
    """The medical name of a lay description whose details vary ("swelling of the face,
    lips or tongue" is angioedema), or ``""``."""
    return next((r.name for r, p in named_rules() if p.match(folded)), "")


def _inflamed(folded: str) -> str:
    """The -itis "inflammation of the <organ>" names, or ``""``."""
    m = _INFLAMMATION.match(folded)
    if not m:
        return ""
    organ = _fold(m.group("a") or m.group("b") or m.group("c") or "")
    return inflammation_terms().get(organ) or inflammation_terms().get(_singular(organ), "")


@lru_cache(maxsize=1)
def site_terms() -> dict[str, str]:
    """Lay word of an effect at the injection/application site → its MedDRA word."""
    out: dict[str, str] = {}
    for r in load_jsonl("side_effect_site_terms.jsonl", LayTerm):
        out.setdefault(_fold(r.lay), r.name)
    return out


#: Degree words before an effect at a site ("mild pain at the site of injection").
_SITE_ADJECTIVE = re.compile(r"^(?:(?:mild|moderate|severe|slight|local|localised|localized|temporary)\s+)+")


@lru_cache(maxsize=1)
def level_rules() -> tuple[tuple[LevelRule, re.Pattern[str]], ...]:
    return tuple((r, re.compile(rf"\b(?:{r.substance})\b", re.I)) for r in load_jsonl("side_effect_levels.jsonl", LevelRule))


def _first(kind: str, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    for _r, p in patterns().get(kind, ()):
        m = p.search(text, pos, len(text) if endpos is None else endpos)
        if m:
            return m
    return None


def _has(kind: str, text: str) -> bool:
    return _first(kind, text) is not None


def band_name(text: str) -> str:
    """The contract's band for a band word or definition ("Uncommon", "up to 1 in 100")."""
    t = text.strip().lower()
    for rule, p in band_rules().get("name", ()):
        if p.search(t):
            return rule.band
    return ""


def item_band(text: str) -> tuple[str, int]:
    """The band a list item states for itself after its effects ("… (uncommon)", "… - this
    occurs rarely") and where that statement starts, or ``("", len(text))``."""
    for _rule, p in band_rules().get("item", ()):
        m = p.search(text)
        if m:
            return band_name(m.group("band")), m.start()
    return "", len(text)


def sentence_band(text: str) -> str:
    """The band a sentence states for its own effects, or ``""``."""
    for _rule, p in band_rules().get("sentence", ()):
        m = p.search(text)
        if m:
            return band_name(m.group("band"))
    return ""


@dataclass(frozen=True)
class Marker:
    """A band heading inside a block: ``[start, end)`` is the heading, ``band`` its band."""

    start: int
    end: int
    band: str


def band_markers(text: str, start: int = 0, end: int | None = None) -> list[Marker]:
    """Band headings in ``text[start:end]``, in order, each extended over its bracketed definition."""
    end = len(text) if end is None else end
    chunk = text[start:end]
    found: list[Marker] = []
    for _rule, p in band_rules().get("marker", ()):
        for m in p.finditer(chunk):
            band = band_name(m.group("band"))
            if not band:
                continue
            s, e = m.start(), m.end()
            word = chunk[m.start("band")]
            if s > 0 and word.islower() and not chunk[:s].rstrip().endswith(":"):
                continue  # "This is an uncommon side effect (may affect …)": a sentence, not a heading
            close = chunk.find(")", e, e + 90)
            if close >= 0 and "(" in chunk[s:close] and "\n" not in chunk[e:close]:
                e = close + 1
            else:
                tail = _DEFINITION_END.search(chunk, e, min(len(chunk), e + 90))
                if tail:
                    e = tail.end()
            while e < len(chunk) and chunk[e] in " :.-–":
                e += 1
            found.append(Marker(start + s, start + e, band))
    found.sort(key=lambda mk: (mk.start, -mk.end))
    out: list[Marker] = []
    for mk in found:
        if not out or mk.start >= out[-1].end:
            out.append(mk)
    return out


_DEFINITION_END = re.compile(r"\b(?:people|persons|users?|patients|data)\b\)?")


def _depths(chunk: str) -> list[int]:
    depth, out = 0, []
    for ch in chunk:
        if ch in ")]":
            depth = max(0, depth - 1)
        out.append(depth)
        if ch in "([":
            depth += 1
    return out


def _top_level(chunk: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Matches of ``pattern`` outside brackets."""
    depth = _depths(chunk)
    return [m for m in pattern.finditer(chunk) if m.end() > m.start() and depth[m.start()] == 0]


_SEMI = re.compile(r"\s*;\s*")
_WITH_OR_WITHOUT = re.compile(r"\s+with or without\b", re.I)
_BAND_WORDS = r"(?P<band>very common|common|uncommon|rare|very rare|(?:frequency )?not known)"
#: A band in brackets right after an effect ("sleeplessness (common), anxiety (uncommon)").
_BAND_AFTER = re.compile(r"\s*\(" + _BAND_WORDS + r"\)", re.I)
_BAND_ONLY = re.compile(_BAND_WORDS + r"$", re.I)
_BAND_AFTER_END = re.compile(r"\s*\(" + _BAND_WORDS + r"\)$", re.I)
_COMMA = re.compile(r"\s*,\s*(?:(?:and ?/ ?or|and|or)\s+)?")
_CONJ = re.compile(r"\s+(?:and ?/ ?or|and|or)\s+|(?<=[a-z])/(?=[a-z])")
_TRAILING_PAREN = re.compile(r"\(([^()]*)\)\s*[.;,:]?\s*$")
_PAREN_SKIP = re.compile(r"^(?:(?:very )?(?:common|uncommon|rare)\s*$|(?:frequency )?not known\s*$|see |may be |can be |which |this |these |in |at |on |if |especially|particularly|mainly|usually|often|sometimes|temporary|permanent|with or without|a |an |the )", re.I)
_WORDS = re.compile(r"[A-Za-z][\w'-]*")
#: A preposition that may introduce the body sites an effect is felt at.
_SITE_PREPOSITION = re.compile(r"\s+(?:of|in|on|around|at)\s+")
_CONJ_OR_COMMA = re.compile(r",|\b(?:and|or)\b")
_MODAL = re.compile(r"\b(?:may|might|can|could|will|would|should|must|is|are|was|were|has|have|had|do|does|did)\b")


@dataclass(frozen=True)
class Effect:
    """One named effect: ``[start, end)`` its words in the text, ``name``/``concept_id`` as normalised."""

    start: int
    end: int
    name: str
    concept_id: str


class _Namer:
    """Names effect phrases through the lay-term table, the vocabulary and the mentions."""

    def __init__(self, view: DocumentView, conditions: list[Mention]) -> None:
        self.text = view.text
        self.conditions = Spans(conditions)

    def _trim(self, s: int, e: int) -> tuple[int, int]:
        text = self.text
        while s < e and not (text[s].isalnum() or text[s] == "("):
            s += 1
        while e > s and not (text[e - 1].isalnum() or text[e - 1] == ")"):
            e -= 1
        band = _BAND_AFTER_END.search(text, s, e)
        if band and band.start() > s:
            e = band.start()  # "diabetes (common)": the band the sentence gives it, not its name
        for _ in range(2):
            lead = re.match(r"(?:(?:a|an|the|your|some|any|also)\s+)+", text[s:e], re.I) or \
                _union("lead_verb").match(text[s:e])
            if not lead or lead.end() >= e - s:
                break
            s += lead.end()
        return s, e

    def name(self, s: int, e: int, head: str = "", lead: str = "", rephrase: bool = True) -> tuple[str, str, bool] | None:
        """(name, concept id, known) of the phrase ``text[s:e]`` (plus a ``head`` it shares
        with the next piece, or a ``lead`` it shares with the piece before); ``known`` when
        a table, the vocabulary or a mention recognised it, not just its words."""
        s, e = self._trim(s, e)
        phrase = lead + self.text[s:e] + head
        if not phrase or len(_WORDS.findall(phrase)) > MAX_EFFECT_WORDS:
            return None
        folded = _fold(phrase)
        if not folded or (is_generic(folded) and folded not in lay_terms()):
            return None  # "sickness" is generic to the vocabulary, but the lay table names it
        known = known_name(folded, rephrase)
        if known is not None:
            return known[0], known[1], True
        inside = self.conditions.within(s, e) if not (head or lead) else []
        if inside:
            best = max(inside, key=lambda m: m.end - m.start)
            if (best.end - best.start) >= MENTION_COVER * (e - s):
                return best.name, best.concept_id, True
        core = self._without_site(s, e) if not (head or lead) else e
        if core < e:
            # "pain in the back| of the mouth and throat": a core that still places itself
            # somewhere is not turned round ("back pain")
            named = self.name(s, core, rephrase=not _SITE_PREPOSITION.search(self.text, s, core))
            if named is not None and named[2]:
                return named  # "tingling of the fingers and toes": tingling, wherever it is felt
        if _MODAL.search(folded):
            return None  # "changes may occur in your blood": a clause, not an effect's name
        core = known_core(folded) if not (head or lead) else None
        return (core[0], core[1], False) if core else (folded, "", False)

    def _without_site(self, s: int, e: int) -> int:
        """Where the body sites that end ``text[s:e]`` start ("numbness or tingling| of the
        fingers and toes"), or ``e`` when it does not end in a list of body sites (rule
        ``location``); one site names the effect ("inflammation of the breast" is mastitis)."""
        for m in _SITE_PREPOSITION.finditer(self.text, s, e):
            sites = self.text[m.end() : e].strip(" .;,")
            if m.start() > s and _CONJ_OR_COMMA.search(sites) and _union("location").match(sites):
                return m.start()
        return e

    def is_effect(self, s: int, e: int, head: str = "", lead: str = "") -> bool:
        named = self.name(s, e, head, lead)
        return named is not None and named[2]


#: Lay words a leaflet writes where the term tables and vocabularies have another word for
#: the same thing ("rapid heart beating" is what "rapid heartbeat" names).
_LAY_WORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(a), b) for a, b in (
    (r"\bheart ?beat(?:ing|s)?\b|\bbeating of (?:the |your )?heart\b", "heartbeat"),
    (r"\b(?:fast|faster|racing|quick|quickened)\b(?= heartbeat)", "rapid"),
    (r"\bslower\b(?= heartbeat)", "slow"),
    (r"\b(?:thumping|forceful|pounding|strong)\b(?= heartbeat)", "pounding"),
    (r"\bsleeping\b", "sleep"),
    (r"\bsex(?:ual)? (?:drive|desire)\b", "libido"),
    (r"\b(?:epileptic )?fits\b", "seizures"),
    (r"\b(?:passage|passing|discharge) of urine\b|\bpassing water\b", "urination"),
    (r"\bdifficult(?= urination\b)", "difficulty"),
    (r"\bwheeziness\b", "wheezing"),
    (r"\b(pale|dark|light)[- ]colou?red\b", r"\1"),
    # the corpus text lost its apostrophes: "Cushing s syndrome", "Parkinson s disease"
    (r"\b([a-z]+) s (syndrome|disease|palsy|sarcoma|lymphoma|phenomenon)\b", r"\1's \2"),
))
#: Lay frames around an effect's name that add nothing a vocabulary names: "feeling of",
#: "seeing", "presence of", "sudden", a cause or circumstance after it.
_LAY_FRAMES: tuple[re.Pattern[str], ...] = tuple(re.compile(x) for x in (
    r"^(?:a )?(?:feeling|sensation) of (?:being )?(.+)$",
    r"^feeling (.+)$",
    r"^seeing (.+)$",
    r"^(?:the )?presence of (.+)$",
    r"^(?:.+? )?(?:called|known as) (.+)$",
    r"^((?:severe |serious )?(?:allergic|hypersensitivity|anaphylactic) reactions?) to .+$",
    r"^(?:episodes?|bouts?|signs?|symptoms?) of (?:an? |the )?(.+)$",
    r"^(?:sudden|temporary|transient|generali[sz]ed|occasional|mild|slight|unusual|persistent) (.+)$",
    r"^(.+?),? (?:due to|caused by|because of|with or without|sometimes|especially|mainly|mostly|usually) .+$",
))
#: "loss of memory", "enlargement of breasts", "rapid beating of the heart": the noun after
#: the preposition comes first in the name ("memory loss", "breast enlargement").
_OF_PHRASE = re.compile(r"^(?P<adj>(?:(?:rapid|slow|severe|sudden|reduced|increased|decreased|abnormal)\s)?)"
                        r"(?P<head>[a-z-]+) (?:of|in) (?:the |your )?(?P<noun>[a-z-]+(?: [a-z-]+)?)$")
_DIRECTION_OF = re.compile(r"^(?P<dir>decrease|reduction|loss|fall|drop|lowering|increase|rise|elevation) (?:in|of) "
                           r"(?:the |your )?(?P<what>.+)$")
_PROBLEMS_WITH = re.compile(r"^(?:problems?|difficult(?:y|ies)|trouble) with (?:the |your )?(?P<what>.+)$")
_INNER_BRACKET = re.compile(r"\s*\([^()]*\)(?=\s+\w)")
#: How many rephrasings of one phrase are tried at most.
MAX_REPHRASINGS = 24


def _rephrasings(folded: str) -> list[str]:
    """Other wordings of a lay effect phrase, nearest first: lay words replaced, lay
    frames dropped, "X of Y" turned round, "decrease in X" as "decreased X", "increase in X"
    also as X itself (last: "increased X" first)."""
    out, seen, i = [folded], {folded}, 0
    while i < len(out) and len(out) < MAX_REPHRASINGS:
        q = out[i]
        i += 1
        cands = [p.sub(b, q) for p, b in _LAY_WORDS]
        cands.append(_INNER_BRACKET.sub("", q))  # "dark (tea coloured) urine"
        cands += [m.group(1) for p in _LAY_FRAMES if (m := p.match(q))]
        cands += [m.group("effect") for _r, p in patterns().get("lay_frame", ()) if (m := p.match(q))]
        for kind, word in (("low", "decreased"), ("high", "increased")):
            m = _union(kind).match(q)  # "reduced blood pressure" is what "decreased blood pressure" names
            if m and m.end() < len(q) and q[m.end()] == " ":
                cands.append(f"{word}{q[m.end():]}")
        m = _OF_PHRASE.match(q)
        if m:
            cands.append(f"{m.group('adj')}{_singular(m.group('noun'))} {m.group('head')}")
        m = _DIRECTION_OF.match(q)
        if m:
            word = "increased" if m.group("dir") in ("increase", "rise", "elevation") else "decreased"
            cands += [f"{word} {m.group('what')}", f"{m.group('what')} {word}"]
            if word == "decreased":
                cands.append(f"reduced {m.group('what')}")
            else:
                cands.append(m.group("what"))  # "an increase in bleeding": more of an effect is the effect
        m = _PROBLEMS_WITH.match(q)
        if m:
            cands += [f"{m.group('what')} problems", f"{m.group('what')} disorder"]
        for c in cands:
            c = re.sub(r"\s+", " ", c).strip()
            if c and c not in seen and not is_generic(c):
                seen.add(c)
                out.append(c)
    return out[1:]


def _known_directly(phrase: str) -> bool:
    """The phrase is a lay term or a vocabulary term as it stands (no rephrasing)."""
    folded = _fold(phrase)
    return bool(lay_terms().get(folded) or lay_terms().get(_singular(folded)) or lookup(folded, "condition"))


#: "worsening of psoriasis", "worsening of your asthma": the disease, aggravated.
_WORSENING = re.compile(r"^(?:(?:a )?worsening|aggravation|exacerbation|flare(?:-| )?ups?) of (?:your |the |an? )?(?:existing )?(?P<what>.+)$")


def _rephrased(folded: str, depth: int = 0) -> tuple[str, str] | None:
    """(name, concept id) of a lay effect phrase the tables and the vocabulary know only in
    other words (:func:`_rephrasings`), or ``None``."""
    if len(folded.split()) > 8:
        return None
    m = _WORSENING.match(folded)
    if m and depth == 0:
        what = m.group("what")
        known = lay_terms().get(what) or (lookup(what, "condition").name if lookup(what, "condition") else "") \
            or (_rephrased(what, 1) or ("",))[0]
        if known:
            concept = lookup(f"{known} aggravated", "condition")
            return f"{known} aggravated", concept.concept_id if concept else ""
    for q in _rephrasings(folded):
        lay = lay_terms().get(q) or lay_terms().get(_singular(q))
        if lay:
            concept = lookup(lay, "condition")
            return lay, concept.concept_id if concept else ""
        concept = lookup(q, "condition")
        if concept is not None and not is_generic(concept.name):
            return concept.name, concept.concept_id
    return None


def _changed(folded: str) -> str:
    """The lay name of a measure said to rise or fall ("blood pressure to increase" is
    what "increased blood pressure" names), or ``""``."""
    for rule, p in patterns().get("change", ()):
        m = p.match(folded)
        if m:
            word = "increased" if rule.id.endswith(".rise") else "decreased"
            what = _fold(m.group("what"))
            return lay_terms().get(f"{word} {what}", "") or _level_change(what, word == "increased")
    return ""


def _level_change(what: str, rise: bool) -> str:
    """The finding of a blood measure (``rules/side_effect_levels.jsonl``) said to rise or
    fall ("white blood cell count may become high": leukocytosis), or ``""``."""
    measure = re.sub(r"\s+(?:levels?|counts?)$", "", what)
    for rule, p in level_rules():
        if p.fullmatch(measure) or p.fullmatch(what):
            return (rule.high if rise else rule.low) or f"{rule.name} {'increased' if rise else 'decreased'}"
    return ""


def known_name(folded: str, rephrase: bool = True) -> tuple[str, str] | None:
    """(name, concept id) of a folded effect phrase the lay tables, the vocabulary or (with
    ``rephrase``) a rewording of it know, or ``None``."""
    lay = lay_terms().get(folded) or lay_terms().get(_singular(folded)) or _changed(folded) or _inflamed(folded) \
        or _described(folded)
    if lay:
        concept = lookup(lay, "condition")
        return lay, concept.concept_id if concept else ""
    concept = lookup(folded, "condition")
    if concept is not None:
        return concept.name, concept.concept_id
    bled = _bled(folded)  # after the vocabulary: "bleeding in the brain" is cerebral haemorrhage there
    if bled:
        concept = lookup(bled, "condition")
        return bled, concept.concept_id if concept else ""
    return _rephrased(folded) if rephrase else None


#: Where a qualifier after an effect's name starts: a time, circumstance or cause (not a place:
#: "pain in the upper right part of the stomach" is not just pain).
_QUALIFIER = re.compile(r"^(?:during|after|before|with|without|because|as|since|due|especially|particularly|"
                        r"mainly|mostly|usually|which|that|when|while|despite|following|upon|"
                        r"associated|related|caused|like|similar)\b")
#: At most this many words before an effect's name are dropped as its qualifiers.
MAX_QUALIFIER_WORDS = 2


def known_core(folded: str) -> tuple[str, str] | None:
    """(name, concept id) of the longest known effect a phrase no table names whole starts
    with before a qualifier of time, circumstance or cause ("headache| during or after the
    administration", "fever| at the initiation of treatment") or ends with after at most
    :data:`MAX_QUALIFIER_WORDS` words that only grade or time it (rule ``qualifier``:
    "harmless| reddish-brown discolouration of urine", "severe| itching of the skin"; not
    "loss of", "decreased", "history of"). ``None`` for a phrase of fewer than three words or
    with no such core."""
    words = folded.split()
    if len(words) < 3:
        return None
    for n in range(len(words) - 1, 0, -1):
        head = " ".join(words[:n]).strip(" ,;:")
        if _QUALIFIER.match(" ".join(words[n:]).lstrip(" ,(")) and not is_generic(head):
            known = known_name(head)
            if known is not None:
                return known
        lead, tail = words[: len(words) - n], " ".join(words[len(words) - n :])
        if len(lead) <= MAX_QUALIFIER_WORDS and all(_union("qualifier").match(w.strip(",;:()")) for w in lead) \
                and not is_generic(tail):
            known = known_name(tail)
            if known is not None:
                return known
    return None


#: "swelling or bleeding at the back of the eyes": two effects before one place.
_TWO_HEADS = re.compile(r"^(?P<h1>[a-z-]+(?: [a-z-]+)?) (?:and/or|or|and) (?P<h2>[a-z-]+(?: [a-z-]+)?) "
                        r"(?P<tail>(?:of|in|on|at|around|inside|from|to) .+)$")
#: "swelling of the liver or spleen", "pain in limbs, muscles, or joints": one effect, several places.
_HEAD_SITES = re.compile(r"^(?P<head>[a-z-]+(?: [a-z-]+){0,2}?) (?P<prep>of|in|inside|on|at|around|from) (?P<sites>.+)$")
_SITE_SEP = re.compile(r"\s*,\s*(?:(?:and/or|and|or)\s+)?|\s+(?:and/or|and|or)\s+")
_OWN_PREP = re.compile(r"^(?P<prep>of|in|inside|on|at|around|from) (?P<site>.+)$")
#: A distributed reading longer than this many words is no effect's name.
MAX_READING_WORDS = 7


def distributed_readings(folded: str) -> list[str]:
    """The effects a coordination shares words across, each read whole: "inflammation or
    scarring of the lungs" is inflammation of the lungs and scarring of the lungs; "swelling
    of the liver or spleen" is swelling of the liver and swelling of the spleen ("bleeding in
    the bowel or in the stomach": a place may repeat its preposition). ``[]`` when the phrase
    coordinates nothing."""
    m = _TWO_HEADS.match(folded)
    if m:
        return [f"{m.group('h1')} {m.group('tail')}", f"{m.group('h2')} {m.group('tail')}"]
    m = _HEAD_SITES.match(folded)
    if not m:
        return []
    sites = [x.strip() for x in _SITE_SEP.split(m.group("sites")) if x.strip()]
    if len(sites) < 2:
        return []
    out = []
    for site in sites:
        own = _OWN_PREP.match(site)
        prep, site = (own.group("prep"), own.group("site")) if own else (m.group("prep"), site)
        out.append(f"{m.group('head')} {prep} {site}")
    return out if all(len(r.split()) <= MAX_READING_WORDS for r in out) else []


@dataclass(frozen=True)
class _Piece:
    """A list piece ``[start, end)``; ``head`` is the words it shares with the next piece
    ("low" in "low or high blood sugar" is named as "low blood sugar")."""

    start: int
    end: int
    head: str = ""
    lead: str = ""


_LEVEL_WORDS = frozenset(
    "in the of blood level levels number count amount a an your low lower high higher decrease decreased decreases "
    "increase increased increases raised elevated reduced reduction rise fall drop too much many few little "
    "certain test tests showing shown seen body urine serum plasma and or rapid".split())
_DIRECTION = re.compile(r"\b(?:low(?:er)?|decreased?|reduced|fall|drop|high(?:er)?|increased?|raised|elevated|rise)\b", re.I)


@lru_cache(maxsize=None)
def _union(kind: str) -> re.Pattern[str]:
    parts = [p.pattern for _r, p in patterns().get(kind, ())]
    return re.compile("|".join(f"(?:{x})" for x in parts) if parts else r"(?!)", re.I)


_DETERMINERS = frozenset("a an the your some any".split())
_FUNCTION_WORDS = frozenset("the a an of to in on with that which this these it its your you is are be may can "
                            "make making makes stay appear appears like such as for from".split())


def _term_like(phrase: str) -> bool:
    """A medical term in brackets ("epiphyses premature fusion"), not a description."""
    words = [w.lower() for w in _WORDS.findall(phrase)]
    return 0 < len(words) <= 4 and not any(w in _FUNCTION_WORDS for w in words)


def _spans_between(s: int, chunk: str, seps: list[re.Match[str]]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in seps:
        out.append((s + pos, s + m.start()))
        pos = m.end()
    out.append((s + pos, s + len(chunk)))
    return [(a, b) for a, b in out if b > a]


class _Splitter:
    """Turns an item, a run-on line or a sentence's object into the effects it names."""

    def __init__(self, namer: _Namer) -> None:
        self.namer = namer
        self.text = namer.text

    def _effect(self, s: int, e: int, name: str) -> Effect:
        concept = lookup(name, "condition")
        return Effect(s, e, name, concept.concept_id if concept else "")

    # -- blood findings ------------------------------------------------------------
    def _substances(self, s: int, e: int) -> list[tuple[int, int, LevelRule]]:
        found = sorted(((m.start(), m.end(), r) for r, p in level_rules() for m in p.finditer(self.text, s, e)),
                       key=lambda f: (f[0], -(f[1] - f[0])))
        kept: list[tuple[int, int, LevelRule]] = []
        for f in found:
            if kept and f[0] < kept[-1][1]:
                continue
            if kept and not self.text[kept[-1][1] : f[0]].strip():
                kept[-1] = f  # "the liver enzyme alkaline phosphatase": the specific name
                continue
            kept.append(f)
        return kept

    def _only_levels(self, s: int, e: int, kept: list[tuple[int, int, LevelRule]]) -> bool:
        rest, pos = [], s
        for fs, fe, _r in kept:
            rest.append(self.text[pos:fs])
            pos = fe
        rest.append(self.text[pos:e])
        leftover = [w for w in _WORDS.findall(" ".join(rest).lower()) if w not in _LEVEL_WORDS]
        return len(leftover) <= 1

    def _level_word(self, s: int, e: int, kept: list[tuple[int, int, LevelRule]], direction: str) -> list[Effect]:
        """The one word besides the substances that a change names on its own ("an increase
        in weight and in levels of blood lipids and glucose": weight increased)."""
        rest, pos = [], s
        for fs, fe, _r in kept:
            rest.append((pos, fs))
            pos = fe
        rest.append((pos, e))
        for a, b in rest:
            for m in _WORDS.finditer(self.text, a, b):
                word = m.group(0).lower()
                if word in _LEVEL_WORDS:
                    continue
                lay = lay_terms().get(f"{'decreased' if direction == 'low' else 'increased'} {word}")
                if lay:
                    return [self._effect(m.start(), m.end(), lay)]
        return []

    def levels(self, s: int, e: int, direction: str = "") -> list[Effect] | None:
        """Effects of a blood finding ("decreased sodium, potassium, or calcium in the
        blood", "high levels of sugar in the blood"), or ``None`` when it is not one."""
        chunk = self.text[s:e]
        if "(" in chunk:
            return None  # the bracket decides (piece())
        if not direction:
            m = _DIRECTION.search(chunk)
            if not m:
                return None
            low = _union("low").match(chunk[m.start():])
            direction = "low" if low else "high"
        kept = self._substances(s, e)
        if not kept or not self._only_levels(s, e, kept):
            return None
        out = self._level_word(s, e, kept, direction)
        for fs, fe, rule in kept:
            name = (rule.low if direction == "low" else rule.high) or \
                f"{rule.name} {'decreased' if direction == 'low' else 'increased'}"
            out.append(self._effect(fs, fe, name))
        return out

    # -- one piece -----------------------------------------------------------------
    def piece(self, p: _Piece) -> list[Effect]:
        """Effects of one piece: "lay words (medical name)", a blood finding, a phrase."""
        s, e = self.namer._trim(p.start, p.end)
        if e <= s:
            return []
        chunk = self.text[s:e]
        if _union("skip").search(chunk):
            return []
        paren = _TRAILING_PAREN.search(chunk)
        if paren and paren.start() > 0:
            in_s, in_e, out_e = s + paren.start(1), s + paren.end(1), s + paren.start()
            inner_text = self.text[in_s:in_e]
            main = self.levels(s, out_e) or self.single(_Piece(s, out_e, p.head, p.lead))
            if _PAREN_SKIP.match(inner_text):
                return main
            named = self._named_in_bracket(main, in_s, in_e)
            if named is not None:
                return named
            outer_levels = self.levels(s, out_e)
            inner_subst = self._substances(in_s, in_e)
            if outer_levels and inner_subst and self._only_levels(in_s, in_e, inner_subst):
                low = re.search(r"\b(?:decrease|decreased|low|lower|reduced|reduction)\b", self.text[s:out_e], re.I)
                side = "low" if low else "high"
                if all((r.low if side == "low" else r.high) for _a, _b, r in inner_subst):
                    # "decreased number of white blood cells (neutrophils, lymphocytes)": each
                    # named finding; "increase in liver enzymes (GGT, AST and ALT)" stays one
                    return self.levels(in_s, in_e, side) or main
                return main
            inner = [x for x in self.list_of(in_s, in_e) if x.concept_id or self.namer.is_effect(x.start, x.end)
                     or _term_like(self.text[x.start : x.end])]
            if not inner:
                return main
            if len(inner) == 1 and not _CONJ.search(inner_text) and "," not in inner_text and ";" not in inner_text:
                if main and _ABBREVIATION.fullmatch(f"({inner_text.strip()})"):
                    return main  # "changes in the electrocardiogram (ECG)": the bracket abbreviates
                refines = any(w in _fold(inner_text).split() for x in main for w in x.name.split())
                unknown_inner = not _term_like(inner_text) or not (
                    inner[0].concept_id or self.namer.is_effect(inner[0].start, inner[0].end) or refines)
                if main and not _known_directly(inner_text) and unknown_inner \
                        and all(_known_directly(self.text[x.start : x.end]) or x.concept_id for x in main):
                    # "palpitations (feeling of abnormal beating of the heart)": the name, then lay
                    # words; "Sweet s syndrome (plum-coloured lesions)": the name, then what it looks
                    # like (but "Itching of the vulva or vagina (vulvovaginal pruritus)" is refined)
                    return main
                # "lay words (medical name)": one effect, named by the bracket
                return [Effect(s, e, inner[0].name, inner[0].concept_id)]
            # signs in brackets ("decrease in the number of platelets (bruising or bleeding
            # more easily)"): the effect and each sign
            seen = {x.name for x in inner} | {x.concept_id for x in inner if x.concept_id}
            return [x for x in main if x.name not in seen and x.concept_id not in seen] + inner
        return self.levels(s, e) or self.single(_Piece(s, e, p.head, p.lead))

    def _named_in_bracket(self, main: list[Effect], in_s: int, in_e: int) -> list[Effect] | None:
        """"Severe stomach pain, … black or bloody stools (possible symptoms of gastrointestinal
        perforation)": the signs before the bracket and the effect it says they point to (rule
        ``signs_bracket``), each once; ``None`` when the bracket does not name an effect."""
        lead = _union("signs_bracket").match(self.text[in_s:in_e])
        if not lead:
            return None
        named = [x for x in self.list_of(in_s + lead.end(), in_e)
                 if x.concept_id or self.namer.is_effect(x.start, x.end)]
        if not named:
            return None
        # a body site before the bracket is no sign ("pain in muscles, bones or joints (signs of
        # musculoskeletal pain)": not "joints")
        main = [x for x in main if not _union("location").fullmatch(self.text[x.start : x.end].strip(" .,;"))]
        seen = {x.name for x in main} | {x.concept_id for x in main if x.concept_id}
        return main + [x for x in named if x.name not in seen and x.concept_id not in seen]

    def single(self, p: _Piece) -> list[Effect]:
        named = self.namer.name(p.start, p.end, p.head, p.lead)
        s, e = self.namer._trim(p.start, p.end)
        if (named is None or not named[2]) and not (p.head or p.lead) and e > s:
            spread = self.distributed(s, e)
            if spread:
                return spread
        if named is None:
            return []
        return [Effect(s, e, named[0], named[1])]

    def distributed(self, s: int, e: int) -> list[Effect]:
        """The effects of a phrase no table names whole but that coordinates effects sharing
        its words (:func:`distributed_readings`), when at least half of the readings are
        known effects; the others keep their words. ``[]`` otherwise."""
        readings = distributed_readings(_fold(self.text[s:e]))
        named = [(r, known_name(r)) for r in readings]
        if not named or 2 * sum(1 for _r, k in named if k) < len(named):
            return []
        out: list[Effect] = []
        for reading, known in named:
            out.append(Effect(s, e, known[0], known[1]) if known else self._effect(s, e, _singular(reading)))
        return out

    # -- a list --------------------------------------------------------------------
    def list_of(self, s: int, e: int) -> list[Effect]:
        """Effects of a list ``text[s:e]``, split at top-level ';' and ','."""
        chunk = self.text[s:e]
        out: list[Effect] = []
        for ps, pe in _spans_between(s, chunk, _top_level(chunk, _SEMI)):
            out.extend(self._commas(ps, pe))
        return out

    def _commas(self, s: int, e: int) -> list[Effect]:
        whole = self.levels(s, e)
        if whole:
            return whole
        chunk = self.text[s:e]
        merged: list[tuple[int, int]] = []
        for ps, pe in _spans_between(s, chunk, _top_level(chunk, _COMMA)):
            piece = self.text[ps:pe]
            qualifier = _WITH_OR_WITHOUT.search(piece)
            if qualifier and qualifier.start() > 0:
                # "joint pain with or without inflammation", "cough with or without mucus": the
                # effect, not an and/or between two
                pe = ps + qualifier.start()
                piece = self.text[ps:pe]
            if merged and (_union("location").search(piece.strip()) or not _WORDS.search(piece)):
                merged[-1] = (merged[-1][0], pe)  # "face, lips, tongue": body sites of one effect
            else:
                merged.append((ps, pe))
        pieces = self._shared_heads([q for ps, pe in merged for q in self._conj(ps, pe)])
        paren = _TRAILING_PAREN.search(chunk)
        if paren and len(pieces) > 1 and pieces[-1].start < s + paren.start():
            inner = self.list_of(s + paren.start(1), s + paren.end(1))
            if len(inner) > 1 and len(inner) >= len(pieces) - 1:
                # "Itching, rash or hives (urticaria, rash, rash macular, …)": the bracket
                # names the list; outer items it does not name are kept
                last = _Piece(pieces[-1].start, s + paren.start(), pieces[-1].head)
                outer = [x for q in (*pieces[:-1], last) for x in self.piece(q)]
                seen = {x.name for x in inner} | {x.concept_id for x in inner if x.concept_id}
                return [x for x in outer if x.name not in seen and x.concept_id not in seen] + inner
        return [x for q in pieces for x in self.piece(q)]

    def _shared_heads(self, pieces: list[_Piece]) -> list[_Piece]:
        """"dry, itchy skin": a lone adjective that names nothing takes the head of the
        piece after it."""
        out = list(pieces)
        for i in range(len(out) - 2, -1, -1):
            p, nxt = out[i], out[i + 1]
            words = _WORDS.findall(self.text[p.start:p.end])
            rest = re.split(r"[,;(]", self.text[nxt.start:nxt.end])[0].split()
            if p.head or p.lead or len(words) != 1 or self.namer.is_effect(p.start, p.end):
                continue
            if len(rest) >= 2:
                out[i] = _Piece(p.start, p.end, " " + " ".join(rest[1:]) + nxt.head)
            elif nxt.head:
                out[i] = _Piece(p.start, p.end, nxt.head)  # "muscle, tendon, ligament, bone pain"
        return out

    def _conj(self, s: int, e: int) -> list[_Piece]:
        """Split a comma piece at a lone and/or when both sides name effects; a lone
        adjective on the left shares the right side's head ("low or high blood pressure")."""
        chunk = self.text[s:e]
        seps = _top_level(chunk, _CONJ)
        if not seps:
            return [_Piece(s, e)]
        out: list[_Piece] = []
        pos = s
        for m in seps:
            left_s, left_e, right_s = pos, s + m.start(), s + m.end()
            right_text = self.text[right_s:e]
            lw = _WORDS.findall(self.text[left_s:left_e])
            if len(lw) == 2 and lw[0].lower() in _DETERMINERS:
                lw = lw[1:]  # "a faster or slower heartbeat": the adjective shares the head
            rw = right_text.split()
            shared = self._shared_words(left_s, left_e, right_s, e)
            if shared is not None:
                out.extend(shared)
                pos = e
                break
            if len(lw) == 1 and len(rw) >= 2 and not self.namer.is_effect(left_s, left_e):
                head = " " + " ".join(rw[1:])
                head = re.split(r"[,;(]", head)[0]
                out.append(_Piece(left_s, left_e, head))
                pos = right_s
                continue
            if self.namer.is_effect(left_s, left_e) and (self.namer.is_effect(right_s, e) or self.levels(right_s, e)
                                                         or self._starts_effect(right_s, e)
                                                         or _union("clause_conj").match(right_text)):
                # "tired, weak or have trouble concentrating": a clause of its own after an effect
                out.append(_Piece(left_s, left_e))
                pos = right_s
        if pos < e:
            out.append(_Piece(pos, e))
        return out

    def _shared_words(self, left_s: int, left_e: int, right_s: int, e: int) -> list[_Piece] | None:
        """Two effects that share words across a lone and/or, when only the shared reading
        names both: a lead ("difficulty breathing or swallowing" is difficulty breathing and
        difficulty swallowing) or a tail ("bruising or bleeding more easily"); ``None``
        otherwise. Only when both readings are known effects (tables, vocabulary)."""
        left, right = self.text[left_s:left_e], self.text[right_s:e]
        lw, rw = left.split(), right.split()
        if len(lw) >= 2 and 1 <= len(rw) <= 2 and not self.namer.is_effect(right_s, e):
            lead = " ".join(lw[:-1]) + " "
            if lead.strip().lower() not in _FUNCTION_WORDS and self.namer.is_effect(left_s, left_e) \
                    and self.namer.is_effect(right_s, e, lead=lead):
                return [_Piece(left_s, left_e), _Piece(right_s, e, lead=lead)]
        if len(lw) == 1 and len(rw) >= 2 and not _CONJ.search(right):
            tail = " " + " ".join(rw[1:])
            if self.namer.is_effect(left_s, left_e, tail) and self.namer.is_effect(right_s, e):
                return [_Piece(left_s, left_e, tail), _Piece(right_s, e)]
        return None

    def _starts_effect(self, s: int, e: int) -> bool:
        """The right side of an and/or starts with an effect ("vomiting and constipation (…)")."""
        paren = self.text.find("(", s, e)
        return paren > s and self.namer.is_effect(s, paren)

    # -- an item: main effect, descriptive clause, signs ------------------------------
    def item(self, s: int, e: int) -> list[Effect]:
        """Effects of a list item or run-on line: its effects, then the signs it lists.

        A semicolon separates effects that each bring their own signs ("dizziness;
        inflammation of the nerves causing numbness …; lack of energy"), so each part is
        read on its own.
        """
        chunk = self.text[s:e]
        at_site = self._at_site(s, e)
        if at_site is not None:
            return at_site
        glued = self._glued(s, e)
        if glued:
            return [x for gs, ge in glued for x in self.item(gs, ge)]
        semis = _top_level(chunk, _SEMI)
        if semis:
            return [x for ps, pe in _spans_between(s, chunk, semis) for x in self._item_part(ps, pe)]
        return self._item_part(s, e)

    def _glued(self, s: int, e: int) -> list[tuple[int, int]]:
        """The items of a list the converter glued into one line, each still starting with a
        capital ("Nausea Diarrhoea Rash Dizziness Hives", "Inflammation of the mouth and lips
        Nail problems Dry skin …"; about 20 corpus leaflets): the spans between the capitals
        when there are at least :data:`MIN_LISTED` and half of them, two at least, name known
        effects; a lone unknown word stays with the words before it when together they name
        one ("Guillain-Barre Syndrome"). ``[]`` for anything else, and for a sentence."""
        chunk = self.text[s:e]
        if _LINE_VERBS.search(chunk):
            return []  # a sentence ("… can be a sign of Acute Respiratory Distress Syndrome")
        spans = [(a, b) for a, b in _spans_between(s, chunk, _top_level(chunk, _GLUE)) if self.text[a:b].strip()]
        if len(spans) < MIN_LISTED:
            return []
        merged: list[tuple[int, int]] = []
        for a, b in spans:
            if merged and len(_WORDS.findall(self.text[a:b])) == 1 and not self.namer.is_effect(a, b) \
                    and _known_directly(self.text[merged[-1][0] : b]):
                merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        known = sum(1 for a, b in merged if any(self.namer.is_effect(x.start, x.end) or x.concept_id
                                                for x in self._item_part(a, b)))
        if len(merged) < MIN_LISTED or known < 2 or 2 * known < len(merged):
            return []
        return merged

    def _site_effects(self, s: int, e: int, site: str) -> list[Effect]:
        """The effects of ``[s, e)`` at ``site``; "warmth or pain" is two effects there, as
        each word names one (no shared head to keep)."""
        out = []
        for x in self.list_of(s, e):
            chunk = self.text[x.start : x.end]
            parts = _spans_between(x.start, chunk, list(_CONJ.finditer(chunk)))
            if len(parts) > 1 and all(len(_WORDS.findall(self.text[a:b])) <= 2 for a, b in parts):
                out.extend(self._site_effect(Effect(a, b, _fold(self.text[a:b]), ""), site) for a, b in parts)
            else:
                out.append(self._site_effect(x, site))
        return out

    def _site_effect(self, x: Effect, site: str) -> Effect:
        """``x`` as an effect at ``site`` ("redness" → "injection site erythema")."""
        if x.name.startswith(f"{site} site"):
            return x
        folded = _SITE_ADJECTIVE.sub("", _fold(self.text[x.start : x.end]))
        word = site_terms().get(folded) or site_terms().get(_singular(folded)) or _singular(folded)
        name = f"{site} site {word}"
        concept = lookup(name, "condition")
        return Effect(x.start, x.end, name, concept.concept_id if concept else "")

    def _at_site(self, s: int, e: int) -> list[Effect] | None:
        """Effects an item places at the injection or application site, or ``None``:
        "redness, swelling or pain at the injection site", "Injection site reactions:
        redness, itching, …" (rules ``site`` and ``site_lead``)."""
        chunk = self.text[s:e]
        for rule, p in patterns().get("site_lead", ()):
            m = p.match(chunk)
            if m and chunk[m.end() :].strip(" .;,"):
                site = rule.id.rsplit(".", 1)[-1]
                name = f"{site} site reaction"
                concept = lookup(name, "condition")
                lead = Effect(s, s + len(chunk[: m.end()].rstrip(" :,")), name, concept.concept_id if concept else "")
                return [lead] + self._site_effects(s + m.end(), e, site)
        for rule, p in patterns().get("site", ()):
            m = p.search(chunk)
            if m and chunk[: m.start()].strip(" .;,"):
                site = rule.id.rsplit(".", 1)[-1]
                return self._site_effects(s, s + m.start(), site)
        return None

    def _item_part(self, s: int, e: int) -> list[Effect]:
        chunk = self.text[s:e]
        signs_at = next(iter(_top_level(chunk, _union("signs"))), None)
        if signs_at is not None and signs_at.start() == 0 and signs_at.end() > 0 and chunk[signs_at.end():].strip():
            # "Symptoms include sudden wheeziness, …" (a line after its effect): the signs
            return self._item_part(s + signs_at.end(), e)
        if signs_at is None or signs_at.start() == 0:
            return self._main(s, e)
        main_e = s + signs_at.start()
        sign_s, sign_e = s + signs_at.end(), e
        trailing = _TRAILING_PAREN.search(self.text[sign_s:sign_e])
        tail: list[Effect] = []
        if trailing and trailing.start() > 0:
            tail = self.list_of(sign_s + trailing.start(1), sign_s + trailing.end(1))
            sign_e = sign_s + trailing.start()
        signs = [x for x in self.list_of(sign_s, sign_e) if x.concept_id or self.namer.is_effect(x.start, x.end)]
        main = self._main(s, main_e)
        if len(tail) == 1:
            # "inflammation of the brain, which may include … (encephalitis)": the bracket
            # names the main effect
            return [Effect(s, main_e, tail[0].name, tail[0].concept_id)] + signs
        return main + signs + tail

    def _main(self, s: int, e: int) -> list[Effect]:
        chunk = self.text[s:e]
        clause = next(iter(_top_level(chunk, _union("clause"))), None)
        if clause is None or clause.start() == 0:
            return self.list_of(s, e)
        tail = _TRAILING_PAREN.search(chunk)
        if tail and tail.start() >= clause.start():
            named = self.list_of(s + tail.start(1), s + tail.end(1))
            if len(named) == 1:
                return [Effect(s, e, named[0].name, named[0].concept_id)]
        after = self._after_qualifier(s, e, clause)
        if after is not None:
            return self.list_of(s, s + clause.start()) + self._main(after, e)
        return self.list_of(s, s + clause.start())

    def _after_qualifier(self, s: int, e: int, clause: re.Match[str]) -> int | None:
        """Where a comma list goes on after a qualifier of time, place or cause ("burning
        sensation during urination, painful skin rash, coughing", "light-headedness or fainting
        due to low blood pressure, high blood pressure"): the start of the next comma piece when
        that piece names a known effect; ``None`` when the clause describes the effect to the
        end ("rash, which may be itchy, red", "pain during urination, sexual intercourse or
        ejaculation", where the piece after the comma is no effect)."""
        if not _QUALIFIER_CLAUSE.match(self.text, s + clause.start(), e):
            return None
        comma = next((m for m in _top_level(self.text[s:e], re.compile(r"\s*,\s*(?:(?:and|or)\s+)?"))
                      if m.start() > clause.end()), None)
        if comma is None:
            return None
        ps = s + comma.end()
        nxt = next((m for m in _top_level(self.text[ps:e], re.compile(r"\s*[,;]\s*|\s+(?:and|or)\s+")) if m.start() > 0), None)
        pe = ps + nxt.start() if nxt else e
        named = self.namer.name(ps, pe)
        return ps if named is not None and named[2] else None


#: A describing clause that qualifies its effect by time, place or cause, not by a verb.
_QUALIFIER_CLAUSE = re.compile(r",?\s+(?:during|after|when|due to|caused by)\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_EFFECT_END = re.compile(
    r"[.;!?]|\s+(?:if|when|while|because|unless|but|although|though|so that|in patients|in people|in some patients|"
    r"especially|particularly|which|who|whereas)\b|,\s+(?:tell|talk|contact|stop|get|seek|call|so|but|which|especially|"
    r"particularly|and (?:this|these|it|you)|as (?:listed|described|shown|detailed) (?:below|above|in section))\b|\s+(?:and|or)\s+(?:(?:you|it|this)\s+)?(?:may|can|might|could|make|cause|will)\b", re.I)


def _effect_end(text: str, s: int, e: int) -> re.Match[str] | None:
    """Where a sentence's effects end (:data:`_EFFECT_END`), outside brackets: "autoimmune
    disorders (a condition that occurs when the immune system attacks …) may occur"."""
    for m in _EFFECT_END.finditer(text, s, e):
        chunk = text[s : m.start()]
        if chunk.count("(") <= chunk.count(")"):
            return m
    return None


#: Where the next of a list's items starts when the converter glued them into one line: a
#: capitalised word right after a lower-case word or a bracket ("… and lips Nail problems").
_GLUE = re.compile(r"(?<=[a-z)*]) (?=[A-Z][a-z])")
#: A bracketed abbreviation inside a name ("Angiotensin converting enzyme (ACE) inhibitors").
_ABBREVIATION = re.compile(r"\([A-Z][A-Z0-9-]{1,7}\)")
#: How a list item that is a sentence of advice or of conditions of use starts.
_SENTENCE_ITEM = re.compile(r"\s*(?:if|you|do not|don't|it|this|these|there|when|while|with|during|before|after|because)\b", re.I)
#: Words that make a line a sentence rather than a list of effects.
_VERBS = re.compile(r"\b(?:is|are|was|were|may|might|can|could|will|would|should|must|tell|talk|if|you|your)\b|"
                    r"\bcontact\b(?!\s+(?:dermatitis|eczema|allergy|lenses?|urticaria|sensitivity))", re.I)
#: "your" after a preposition inside an effect's name ("problems with your balance",
#: "changes in your interest in sex", "damage to the tiny filters inside your kidneys"): part
#: of a noun phrase, not of a sentence.
_NOUN_YOUR = re.compile(r"\b(?:with|in|inside|into|within|of|on|around|under|behind|below|near|at|to|from) your\b", re.I)


def _verbs_in(chunk: str) -> bool:
    """``chunk`` has a word that makes it a sentence rather than a list of effects."""
    return _VERBS.search(_NOUN_YOUR.sub(" the", chunk)) is not None
#: A list item or line that opens with an effect and its own band in brackets, before any
#: prose ("Lactic acidosis (very rare: may affect up to 1 in 10 000 people): X may cause …",
#: "coughing up blood (haemoptysis) (common side effect, may affect up to 1 in 10 people),",
#: "angioedema, seen very rarely (may affect up to 1 in 10,000 people). These are signs …"):
#: group ``head`` names the effect, group ``band`` states its band; the prose after the
#: bracket is read as sentences under that band (its signs take it).
_HEAD_BAND = re.compile(
    r"\s*(?:[-\u2013\u2022]\s*)?(?P<head>[A-Za-z][^():;.,]{0,80}?(?:\s*\([^()]{1,60}\))?)\s*"
    r"(?:,\s*seen\s+(?:very\s+)?(?:rarely|commonly|uncommonly)\s*)?"
    r"\((?:an?\s+)?(?P<band>(?:(?:very )?(?:common|uncommon|rare)|(?:frequency )?not known)(?: side effects?)?"
    r"\s*(?:[:,\u2013-]|\s(?:that|which))\s*(?:may |can |could )?affects?\b[^()]*|(?:may |can )?affects? (?:more than|up to|less than) 1 in [\d,\s]+"
    r"(?:people|persons|users|patients)?)\)\s*[:,.;]?",
    re.I)
_BAND_HEAD = re.compile(r"\b(?:(?:very )?(?:common|uncommon|rare)(?:ly)?|frequen(?:cy|t|tly)|not known|people)\b", re.I)
#: A lead-in that announces side effects or their signs ("… see your doctor immediately if you
#: experience the following side effects:"): a list of effects, whatever advice it starts with.
_EFFECTS_FOLLOW = re.compile(r"\bthe following (?:serious |possible |other )?(?:side effects?|symptoms|signs|reactions)\b", re.I)
#: The end of a lead-in written without a colon ("Signs of serious infections (common) include",
#: "… if you notice any of the following."): the paragraphs after it are one effect each.
_LEAD_END = re.compile(r"\b(?:signs?|symptoms?)\b[^.:]{0,120}\binclude\s*$|\bany of the following\s*\.?\s*$", re.I)
#: A cross-reference in brackets ("Lactic acidosis (see Possible serious side effects)"): its
#: words about side effects do not make the item a sentence about them.
_SEE_REF = re.compile(r"\(\s*(?:see|refer to)\b[^()]*\)", re.I)
#: The lead of a glued list line: "Signs of other serious infections " before "An unexplained fever".
_GLUED_LEAD = re.compile(r"\s*(?i:signs?|symptoms?) of\b[^A-Z.:;]*(?=[A-Z])")
_SIGNS_LEAD = re.compile(r"\s*(?:signs?|symptoms?) of\b", re.I)
_SIDE_EFFECT_WORDS = re.compile(r"\bside[- ]effects?\b|\badverse (?:effects?|reactions?)\b", re.I)
#: Where the name of an effect on its own line ends and a clause describing it starts.
_LINE_CLAUSE = re.compile(r"\s+(?:which|that|who|where|when|with or without)\s|\s[-–—]\s|:\s|,\s+(?:which|that|especially|particularly)\b", re.I)
#: Verbs that make the start of a line a sentence ("If you begin to get …", "You may …").
_LINE_VERBS = re.compile(r"\b(?:is|are|was|were|may|might|can|could|will|would|should|must|tell|talk|contact|if|you|get|stop|see)\b", re.I)
#: A sentence of section 4 lists effects when it runs at least this many comma pieces.
MIN_LISTED = 3
#: The last word of a lead-in before the first piece of a listed run ("characterised by",
#: "such as", "include", "experience").
_LISTED_LEAD = re.compile(r"\b(?:by|as|like|includes?|including|involves?|are|is|be|experience|develop|get|have|notice|"
                          r"with|e\.g\.|symptoms?|signs?)\s+", re.I)
#: Where the last piece of a listed run ends and advice starts.
_LISTED_END = re.compile(r"\s+(?:stop|tell|contact|seek|see|call|get|go|talk|inform|which|that|as|because|if|when|"
                         r"after|during|while|in (?:people|patients)|may|can|could|might|this|these)\b", re.I)
#: How far from a block's end a lead-in to a list of side effects may sit (characters).
LEAD_REACH = 500
#: A list piece longer than this many words is prose.
LIST_PIECE_WORDS = 10


#: Words that make a list piece something else than an effect's name: a band ("very rarely"),
#: talk about effects or people ("symptoms of infection", "in children"), a joining word left
#: at an end.
_NOT_PLAIN = re.compile(r"\b(?:rarely|commonly|frequently|often|symptoms?|signs?|side effects?|effects?|experience|"
                        r"children|patients|people|adults|medicines?|treatment|other|such|like|including|e\.g|due|since|because|"
                        r"combination|condition|component)\b|"
                        r"^\s*(?:and|or|with|in|of|to)\b|\b(?:and|or|with|in|of|to)\s*$", re.I)


def _plain_effect(phrase: str) -> bool:
    """Words that can name an effect no table knows when a list shows them to be one: two to
    :data:`LIST_PIECE_WORDS` words, no verb of a clause, not a generic word."""
    words = _WORDS.findall(phrase)
    return (2 <= len(words) <= LIST_PIECE_WORDS and not _LINE_VERBS.search(phrase) and not _NOT_PLAIN.search(phrase)
            and not is_generic(_fold(phrase)))


def _without_site(chunk: str) -> str:
    """``chunk`` without the site its effects are at ("… on the area where the patch is
    applied"): that clause's verb does not make a list line a sentence."""
    for _rule, p in patterns().get("site", ()):
        m = p.search(chunk)
        if m and m.start() > 0:
            return chunk[: m.start()]
    return chunk


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, pos = [], s
    for m in _SENTENCE.finditer(text, s, e):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, e))
    return [(a, b) for a, b in out if text[a:b].strip()]


class _Finder:
    """The side-effect rows of one document about a medicine."""

    def __init__(self, view: DocumentView, subject: Any) -> None:
        self.view = view
        self.text = view.text
        mentions = [m for m in doc_mentions(view.doc) if view.is_content(m.start, m.end)]
        self.drugs = Spans([m for m in mentions if m.label == DRUG])
        self.namer = _Namer(view, [m for m in mentions if m.label == CONDITION])
        self.split = _Splitter(self.namer)
        self.subject = subject
        self.rows: list[dict[str, Any]] = []
        self._section: tuple[int, int] | None = None
        #: The effects section 4 names (set when it has been read).
        self._section_effects: frozenset[str] = frozenset()
        #: The treatment class the last sentence gave its effects to, for the sentence after it.
        self._class_said: tuple[str, str, str] | None = None

    # -- rows ----------------------------------------------------------------------
    def _emit(self, effects: list[Effect], drug: tuple[str, str, str], start: int, end: int, band: str,
              statement: str, extractor: str) -> list[dict[str, Any]]:
        hedged = _union("hedge").search(statement) is not None
        negated = _union("negated").search(statement) is not None
        rows, seen = [], set()
        for x in effects:
            if x.name in seen or x.name == drug[0] or _BAND_ONLY.match(x.name):
                continue  # "… life-threatening (rare)": a band is no effect
            seen.add(x.name)
            own = _BAND_AFTER.match(self.text, x.end)
            x_band = band_name(own.group("band")) if own else band
            rows.append({
                "doc_id": self.view.source.doc_id, "cause": drug[0], "cause_concept_id": drug[1],
                "condition": x.name, "condition_concept_id": x.concept_id, "relation": "adverse_effect",
                "negated": negated, "hedged": hedged, "start": start, "end": end,
                "evidence": self.text[start:end], "review_status": "clean", "frequency_band": x_band,
                "cause_text": drug[2], "condition_text": self.text[x.start : x.end], "extractor": extractor,
            })
        self.rows.extend(rows)
        return rows

    def _subject_drug(self) -> tuple[str, str, str]:
        concept = self.subject.drug.concept_id if self.subject.drug is not None else ""
        return self.subject.name, concept, self.subject.text

    def _drug_of(self, s: int, e: int) -> tuple[str, str, str] | None:
        """The medicine a sentence's subject phrase names: a drug mention (nearest the
        verb), the leaflet's product or active substance, or "this medicine"/"it"."""
        phrase = self.text[s:e].strip()
        low = phrase.lower()
        subj = self.subject
        if subj.text.lower() in low or any(n in low for n in subj.name.split("/")):
            return self._subject_drug()
        inside = self.drugs.within(s, e)
        if inside:
            m = inside[-1]
            if is_subject(m.name, subj.name):
                return self._subject_drug()
            return m.name, m.concept_id, self.text[m.start : m.end]
        words = phrase.split()
        for n in (3, 2, 1):
            if len(words) >= n and _union("subject_ref").search(" ".join(words[-n:])):
                return self._subject_drug()
        return None

    # -- sentences -----------------------------------------------------------------
    def statements(self, s: int, e: int, band: str, in_section: bool,
                   named: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """Rows of the sentences in ``text[s:e]``; a sentence stating a band ("This is an
        uncommon side effect") gives it to its own effects or to the sentence before.
        ``named``: the rows of the list item's first sentence these sentences follow (a
        sentence saying those effects are signs of a condition names it)."""
        out: list[dict[str, Any]] = []
        before: list[dict[str, Any]] = []
        signs_before = named or []
        for ss, se in _sentences(self.text, s, e):
            sentence = self.text[ss:se]
            own = sentence_band(sentence)
            carried = self._class_said if before else None
            rows = self._statement(ss, se, own or (band if in_section else ""), in_section, bool(before), carried)
            rows = rows + self._signs_named(ss, se, rows or before or signs_before, own or (band if in_section else ""), bool(rows))
            signs_before = []
            if own and not rows and before and in_section:
                for r in before:
                    r["frequency_band"] = own
            before = rows
            out.extend(rows)
        return out

    def _treatment_class(self, s: int, e: int) -> tuple[str, str, str] | None:
        """The class of treatment a sentence puts its effects under ("after anti-HIV
        treatment is started", "During HIV therapy", "patients taking combination
        antiretroviral therapy"; rule kind ``treatment_class``, named by the rule id)."""
        for rule, p in patterns().get("treatment_class", ()):
            m = p.search(self.text, s, e)
            if m:
                return rule.id.rsplit(".", 1)[-1].replace("_", " "), "", m.group(0)
        return None

    def _statement(self, s: int, e: int, band: str, in_section: bool, follows: bool = False,
                   carried: tuple[str, str, str] | None = None) -> list[dict[str, Any]]:
        """Rows of one sentence; ``follows`` when the sentence before it named an effect,
        so that "Symptoms may include …" (scope ``after``) lists that effect's signs.
        A sentence about a class of treatment gives its effects to the class, and so does
        the sentence after it (``carried``) unless it names a medicine of its own."""
        sentence = self.text[s:e]
        self._class_said = None
        unborn = self._unborn(s, e, band)
        if unborn is not None:
            return unborn
        klass = self._treatment_class(s, e) or carried
        for rule, p in patterns().get("statement", ()):
            m = p.search(sentence)
            if not m:
                continue
            drug_group = m.groupdict().get("drug")
            reaction: list[Effect] = []
            if rule.scope == "reaction":
                if in_section:
                    continue
                reaction = self._own_reaction(s + m.start("reaction"), s + m.end("reaction"))
                if not reaction:
                    continue
                drug = klass or self._subject_drug()
            elif drug_group:
                drug = self._drug_of(s + m.start("drug"), s + m.end("drug"))
                if drug is None and klass is not None:
                    drug = klass
                if drug is None and in_section and rule.scope == "anywhere":
                    drug = self._subject_drug()
            elif klass is not None:
                drug = klass
            elif in_section or rule.scope == "anywhere" or (rule.scope == "after" and follows):
                drug = self._subject_drug()
            else:
                drug = None
            if drug is None:
                continue
            es, ee = s + m.start("effect"), s + m.end("effect")
            stop = _effect_end(self.text, es, ee)
            ee = stop.start() if stop and stop.start() > es else ee
            effects = self._kept(self.split.item(es, ee))
            if stop and stop.start() > es:
                effects += self._continued(stop.start(), e)
            # "…, these may be signs of X": X alone is a row; "Signs of X are listed in
            # section 4" names no effect of its own
            if effects or (reaction and m.start("reaction") >= m.end("effect")):
                rows = self._emit(reaction + effects, drug, s, e, band, sentence, EXTRACTOR_SENTENCE)
                self._class_said = klass if rows and drug == klass else None
                return rows
        if in_section and klass is None:
            effects = self._listed(s, e)
            if effects:
                return self._emit(effects, self._subject_drug(), s, e, band, sentence, EXTRACTOR_SENTENCE)
        return []

    def _signs_named(self, s: int, e: int, signs: list[dict[str, Any]], band: str, same: bool) -> list[dict[str, Any]]:
        """The condition a sentence says the medicine's effects just named point to ("… a
        cough, fever and difficulty breathing. This can be a sign of Acute Respiratory
        Distress Syndrome (ARDS).", "…, as this may be a sign of osteonecrosis"; rule kind
        ``signs_named``): a hedged row of the same medicine, when the signs were read as its
        effects (``signs``: this sentence's rows when ``same``, else the sentence before's,
        and then the sentence must open with the pattern). Only a condition the tables, the
        vocabulary or a mention know ("these may be signs of your illness" names none)."""
        if not signs:
            return []
        for _rule, p in patterns().get("signs_named", ()):
            m = p.search(self.text, s, e)
            if m is None or (not same and self.text[s : m.start()].strip()):
                continue
            es, ee = m.start("effect"), m.end("effect")
            if self.text[ee:e].lstrip().startswith(":"):
                continue  # "These may be signs of HIV infection:" leads into that condition's signs
            stop = _effect_end(self.text, es, ee)
            ee = stop.start() if stop and stop.start() > es else ee
            had = {r["condition"] for r in signs} if same else set()
            whole = self.namer.name(es, ee)  # "Acute Respiratory Distress Syndrome (ARDS)" is one
            if whole is not None and whole[2]:
                ts, te = self.namer._trim(es, ee)
                named = [Effect(ts, te, whole[0], whole[1])]
            else:
                named = self._kept(self.split.item(es, ee))
            effects = [x for x in named if x.name not in had]
            if not effects:
                return []
            r0 = signs[0]
            drug = (r0["cause"], r0["cause_concept_id"], r0["cause_text"])
            rows = self._emit(effects, drug, s, e, band, self.text[s:e], EXTRACTOR_SENTENCE)
            for r in rows:
                r["hedged"] = True
            return rows
        return []

    def _unborn(self, s: int, e: int, band: str) -> list[dict[str, Any]] | None:
        """Rows of a sentence stating harm to an unborn baby ("Rydapt may harm your unborn
        baby", "may cause serious birth defects"; ``rules/side_effect_unborn.jsonl``), each
        effect named as the rule says and caused by the medicine named before the verb;
        ``None`` when the sentence states none (or only that none is known, a study's
        finding or a risk)."""
        rules = unborn_rules()
        found: list[tuple[int, int, int, str]] = []
        for rule, p in rules.get("effect", ()):
            for m in p.finditer(self.text, s, e):
                at = "at" if m.group("at") is not None else "at2"
                found.append((m.start(at), m.end(at), m.end(), rule.name))
        if not found or any(p.search(self.text, s, e) for _r, p in rules.get("skip", ())):
            return None
        found.sort()
        drug = self._drug_of(s, found[0][0])
        if drug is None:
            return None
        effects = []
        for _at, fs, fe, name in found:
            concept = lookup(name, "condition")
            effects.append(Effect(fs, fe, name, concept.concept_id if concept else ""))
        return self._emit(effects, drug, s, e, band, self.text[s:e], EXTRACTOR_SENTENCE)

    def _own_reaction(self, s: int, e: int) -> list[Effect]:
        """The reaction ``text[s:e]`` names when it is this medicine's own ("Signs of an
        allergic reaction include …", "Cytokine release syndrome: symptoms may include …"
        in section 2): a known effect that section 4 lists or that any medicine can cause
        (rule ``own_reaction``); ``[]`` for a disease the leaflet treats or warns about
        ("Symptoms of heart failure include …" in a leaflet for heart failure)."""
        phrase = _fold(self.text[s:e])
        named = self.namer.name(s, e)
        if named is None or not named[2]:
            return []
        if named[0] not in self._section_effects and not _union("own_reaction").search(phrase):
            return []
        ts, te = self.namer._trim(s, e)
        return [Effect(ts, te, named[0], named[1])]

    def _listed(self, s: int, e: int) -> list[Effect]:
        """The effects a section 4 sentence lists in a run of at least
        :data:`MIN_LISTED` comma pieces, half of them known effects, whatever verb
        introduces them ("It is characterised by stiffness, muscle twitching, shaking, …",
        "If you experience one or more of the following symptoms: swollen face, …, chest
        tightness and breathing problems stop taking X"): section 4 lists the medicine's
        effects and their signs. Not a list of the people at risk ("in people with kidney
        problems or diabetes") nor of what taking too much or stopping does."""
        sentence = self.text[s:e]
        if _union("listed_skip").search(sentence):
            return []
        chunk_s = s
        colon = _top_level(sentence, re.compile(r":\s*"))
        if colon:
            chunk_s = s + colon[-1].end()
        chunk = self.text[chunk_s:e]
        spans = _spans_between(chunk_s, chunk, _top_level(chunk, re.compile(r"\s*[,;]\s*")))
        if len(spans) < MIN_LISTED:
            return []
        first_s, first_e = spans[0]
        lead = list(_LISTED_LEAD.finditer(self.text, first_s, first_e))
        spans[0] = (lead[-1].end() if lead else first_s, first_e)
        last_s, last_e = spans[-1]
        stop = _LISTED_END.search(self.text, last_s, last_e)
        if stop and stop.start() > last_s:
            spans[-1] = (last_s, stop.start())
        found = [self.split._commas(a, b) for a, b in spans if b > a]
        known = sum(1 for f in found if any(self._known(x) for x in f))
        if known < 2 or 2 * known < len(found):
            return []
        return [x for f in found for x in f if self._known(x) or _plain_effect(self.text[x.start : x.end])]

    def _kept(self, effects: list[Effect]) -> list[Effect]:
        """The effects a statement names: those a table, the vocabulary or a mention knows
        and, when they are at least :data:`MIN_LISTED` and at least half of them (and two) are
        known, the others too in their own words: the known ones show the list to be one of
        effects ("… may cause visual disturbances, decreased corneal sensitivity, corneal
        erosion, double vision, eye discharge, halo vision"), whatever words a leaflet uses."""
        known = [self._known(x) for x in effects]
        listed = len(effects) >= MIN_LISTED and sum(known) >= 2 and 2 * sum(known) >= len(effects)
        return [y for x, k in zip(effects, known) for y in ([x] if k else self._plain_parts(x) if listed else [])]

    def _plain_parts(self, x: Effect) -> list[Effect]:
        """An effect no table names, kept in its own words (:func:`_plain_effect`), or split at a
        lone and/or into its parts when it joins two ("back pain and increased inflammatory
        markers"): the known parts by their names, the others in their words."""
        chunk = self.text[x.start : x.end]
        parts = [(a, b, self.namer.name(a, b)) for a, b in _spans_between(x.start, chunk, _top_level(chunk, _CONJ))]
        if len(parts) < 2 or not any(n is not None and n[2] for _a, _b, n in parts):
            return [x] if _plain_effect(chunk) else []  # "pass little or no urine": one effect
        out = []
        for a, b, named in parts:
            if named is not None and named[2]:
                ts, te = self.namer._trim(a, b)
                out.append(Effect(ts, te, named[0], named[1]))
            elif named is not None and _plain_effect(self.text[a:b]):
                out.append(Effect(a, b, named[0], ""))
        return out

    def _known(self, x: Effect) -> bool:
        """A table, the vocabulary or a mention named the effect (not just its words):
        "weight" in "an increase in weight and in levels of blood lipids" is named by the
        lay table (weight increased), which no vocabulary has."""
        return bool(x.concept_id) or x.name in _lay_names() or self.namer.is_effect(x.start, x.end)

    def _continued(self, s: int, e: int) -> list[Effect]:
        """Effects of a second verb of the same medicine ("X may cause narrowing of the
        airways and may cause you to wheeze, cough"; rule ``continuation``)."""
        m = _first("continuation", self.text, s, e)
        if m is None or m.start() != s:
            return []
        es, ee = m.start("effect"), m.end("effect")
        stop = _effect_end(self.text, es, ee)
        if stop and stop.start() > es:
            ee = stop.start()
        return self._kept(self.split.item(es, ee))

    # -- section 4 -----------------------------------------------------------------
    def section(self) -> tuple[int, int] | None:
        """Block indices ``[first, last)`` of the side-effects section."""
        blocks = self.view.source.blocks
        starts = [b.index for b in blocks if b.kind in CONTENT_KINDS
                  and _union("section_start").search(self.text[b.start : b.end])]
        if not starts:
            return None
        first = starts[-1] + 1
        for b in blocks[first:]:
            if b.kind in CONTENT_KINDS and _union("section_end").search(self.text[b.start : b.end]):
                return first, b.index
        return first, len(blocks)

    def _is_list_line(self, s: int, e: int) -> bool:
        chunk = _without_site(self.text[s:e])
        pieces = [p for p in re.split(r"[,;]", re.sub(r"\([^()]*\)", "", chunk)) if p.strip()]
        if len(pieces) < 2 or any(len(p.split()) > LIST_PIECE_WORDS for p in pieces):
            return False
        return not _verbs_in(re.sub(r"\([^()]*\)", "", chunk))

    def _is_item(self, s: int, e: int) -> bool:
        """A one-effect paragraph in a list the converter did not mark as one ("feeling
        sick (nausea);", "Heart attack." after a heading ending in ":" or an item ending
        in ";"): verbless phrases of an effect's length."""
        first = _sentences(self.text, s, e)
        if not first:
            return False
        bare = _without_site(re.sub(r"\([^()]*\)", "", self.text[first[0][0] : first[0][1]]))
        pieces = re.split(r"[,;]", bare)
        return all(len(_WORDS.findall(x)) <= MAX_EFFECT_WORDS for x in pieces) and not _verbs_in(bare)

    def _is_known_item(self, s: int, e: int) -> bool:
        """A paragraph of section 4 whose first sentence is a verbless phrase ending in a
        stop, comma or semicolon ("Skin rash (hives, urticaria).", "proteinuria,") and
        names only effects a table, the vocabulary or a mention knows: an item of a list
        the converter did not mark as one, wherever prose stands before it. A heading
        ("Allergic reactions") has no end punctuation and is not one."""
        first = _sentences(self.text, s, e)
        if not first or not self._is_item(s, e):
            return False
        fs, fe = first[0]
        if not self.text[fs:fe].rstrip().endswith((".", ",", ";")):
            return False
        effects = self.split.item(fs, fe)
        return bool(effects) and all(self._known(x) for x in effects)

    def _is_line_item(self, s: int, e: int) -> bool:
        """A line in a list of one effect per line under a band heading (the converter
        made it a heading or a caption): its words before a describing clause ("Blood clot
        in a vein … which may lead to loss of vision", "A severe allergic reaction -
        symptoms may include …") name an effect without a verb; lay names may say "your"
        ("Changes in your interest in sex")."""
        first = _sentences(self.text, s, e)
        if not first:
            return False
        line = self.text[first[0][0] : first[0][1]]
        named = _TRAILING_PAREN.search(line)
        if named and named.start() > 0 and self.namer.is_effect(first[0][0] + named.start(1), first[0][0] + named.end(1)):
            return True  # "lungs do not function as they should, causing breathlessness (respiratory failure)"
        bare = re.sub(r"\([^()]*\)", "", line)
        head = _LINE_CLAUSE.split(_without_site(bare), maxsplit=1)[0]
        return 0 < len(_WORDS.findall(head)) <= MAX_EFFECT_WORDS and not _LINE_VERBS.search(head)

    def _strip_label(self, s: int, e: int) -> tuple[int, int, bool]:
        labelled = False
        for _ in range(3):
            m = _union("label").match(self.text[s:e])
            if not m or m.end() == 0:
                break
            s, labelled = s + m.end(), True
        return s, e, labelled

    def list_line(self, s: int, e: int, band: str, evidence: tuple[int, int], in_section: bool = True) -> None:
        """A list item or run-on line: its first sentence names the effects, the rest is prose.

        Outside section 4 a list after a lead-in mixes effects with advice and
        conditions of use ("If you are pregnant, …", "with melanoma aged 12 years"), so
        there an item that is a sentence is read as one and only effects the tables,
        the vocabulary or a condition mention know are kept.
        """
        if not any(p.match(self.text[s:e]) for _, p in patterns().get("site_lead", ())):
            s, e, _ = self._strip_label(s, e)  # "Injection site reactions:" names effects, not a category
        sentences = _sentences(self.text, s, e)
        if not sentences:
            return
        fs, fe = sentences[0]
        if not in_section and (_SENTENCE_ITEM.match(self.text[fs:fe]) or self.statements(s, e, band, False)):
            return
        own, at = item_band(self.text[s:e])
        if own:
            band, fe = own, min(fe, s + at)
        effects = self.split.item(fs, fe)
        if not in_section:
            effects = [x for x in effects if x.concept_id or self.namer.is_effect(x.start, x.end)]
        elif not effects and _verbs_in(self.text[fs:fe]):
            # an item of section 4 written as a sentence ("blood tests may show increased levels of
            # liver enzymes"): read as one
            self.statements(fs, e, band, True)
            return
        ev_s, ev_e = evidence
        rows = self._emit(effects, self._subject_drug(), ev_s, ev_e, band, _SEE_REF.sub("", self.text[fs:fe]), EXTRACTOR_LIST)
        if len(sentences) > 1:
            self.statements(sentences[1][0], e, band, in_section, rows)

    def _head_band(self, s: int, e: int) -> bool:
        """An item that opens with an effect and its band in brackets (:data:`_HEAD_BAND`): the
        effect with that band, then the prose after it as sentences under the same band (an
        effect the prose names again is not a second row). False when ``text[s:e]`` is not one."""
        m = _HEAD_BAND.match(self.text, s, e)
        if m is None:
            return False
        band = band_name(m.group("band"))
        hs, he = m.span("head")
        head = re.sub(r"\([^()]*\)", "", self.text[hs:he])
        if not band or _verbs_in(head) or _BAND_HEAD.search(head):
            return False  # "with a common frequency (may affect …): …", "Rarely (…)": a band heading
        effects = self.split.item(hs, he)
        if not effects:
            return False
        head_rows = self._emit(effects, self._subject_drug(), s, e, band, self.text[hs:he], EXTRACTOR_LIST)
        if m.end() < e:
            named = {r["condition"] for r in head_rows}
            rows = self.statements(m.end(), e, band, True)
            drop = [r for r in rows if r["condition"] in named and r["cause"] == self.subject.name]
            self.rows = [r for r in self.rows if not any(r is d for d in drop)]
        return True

    def _cut_leads(self, segments: list[tuple[int, int, str, bool]]) -> list[tuple[int, int, str, bool]]:
        """A list item that ends with the lead-in of the next list glued to it ("… lower
        abdomen The following side effects have been reported with X in combination with
        Y:"): the item, then the lead-in on its own (not a list, so read as a sentence)."""
        out = []
        for s, e, band, after in segments:
            cut = next((m for m in _union("lead_cut").finditer(self.text, s, e) if m.start() > s), None)
            if cut is None:
                out.append((s, e, band, after))
                continue
            out.append((s, cut.start(), band, after))
            out.append((cut.start(), e, band, False))
        return out

    def side_effects_section(self) -> None:
        span = self.section()
        if span is None:
            return
        blocks = self.view.source.blocks
        band, other_list, open_list, band_list = "", False, False, False
        for b in blocks[span[0] : span[1]]:
            if b.kind not in CONTENT_KINDS:
                continue
            b_end = b.end
            cut = _union("section_cut").search(self.text, b.start, b.end)
            if cut and cut.start() > b.start:
                b_end = cut.start()
            elif cut:
                break
            markers = band_markers(self.text, b.start, b_end)
            segments: list[tuple[int, int, str, bool]] = []  # start, end, band, after a marker
            pos, current, after = b.start, band, False
            for mk in markers:
                segments.append((pos, mk.start, current, after))
                pos, current, after = mk.end, mk.band, True
            segments.append((pos, b_end, current, after))
            band = current
            block_text = self.text[b.start:b_end].strip()
            if b.kind != "list_item" and not markers and _union("band_reset").search(block_text):
                band = ""  # "The side effects listed below include reactions seen with …"
            if b.kind != "list_item" and not markers and block_text.endswith(":"):
                # "angioedema, seen very rarely (may affect …). These are signs of angioedema:"
                self._head_band(b.start, b_end)
                other_list = (_union("other_lead").search(block_text) is not None
                              and not _EFFECTS_FOLLOW.search(block_text))
                # "Severe signs of an infusion reaction include:" then one effect per line
                open_list = band_list = not other_list
                continue
            if b.kind != "list_item":
                other_list = False
            elif other_list:
                continue
            listing = open_list
            open_list = (block_text.endswith((":", ";")) or _LEAD_END.search(block_text) is not None
                         or bool(markers and not self.text[markers[-1].end : b_end].strip()))
            band_list = band_list or bool(markers and not self.text[markers[-1].end : b_end].strip())
            for s, e, seg_band, after_marker in self._cut_leads(segments) if b.kind == "list_item" or listing else segments:
                if not self.text[s:e].strip(" .:;,-–"):
                    continue
                ls, le, labelled = self._strip_label(s, e)
                evidence = (b.start if after_marker else s, e)
                if self._head_band(s, e):
                    continue
                if _SIGNS_LEAD.match(self.text, s, e) and _LEAD_END.search(self.text, s, e):
                    continue  # "Signs of ulcers … (uncommon) include" cut off the item before it
                if _SIDE_EFFECT_WORDS.search(_SEE_REF.sub("", self.text[ls:le])) and not after_marker:
                    # "Summary of serious and very common side effects", "Other side effects include …";
                    # a list line glued before such a sentence ("Nausea, vomiting. Common side
                    # effects are …") is still a list line
                    for ss, se in _sentences(self.text, s, e):
                        if not _SIDE_EFFECT_WORDS.search(self.text[ss:se]) and (
                                self._is_list_line(ss, se) or (listing and self._is_item(ss, se))):
                            self.list_line(ss, se, seg_band, (ss, se))
                        else:
                            self.statements(ss, se, seg_band, True)
                elif (b.kind == "list_item" or after_marker or labelled or self._is_list_line(ls, le)
                      or (listing and (self._is_item(ls, le) or (band_list and self._is_line_item(ls, le))))):
                    self.list_line(s, e, seg_band, evidence)
                    # one effect per line under a band heading: the next short line is an item too
                    open_list = open_list or (b.kind != "list_item" and (self._is_item(ls, le) or (
                        band_list and self._is_line_item(ls, le))))
                elif band_list and self._is_line_item(ls, le):
                    self.list_line(s, e, seg_band, evidence)  # one effect per line under a band heading
                elif self._is_known_item(ls, le):
                    self.list_line(s, e, seg_band, evidence)  # "Headache." after prose under its heading
                elif self.split._glued(ls, le):
                    # a list the converter glued into one line without a band heading before it
                    # ("Signs of other serious infections An unexplained fever Severe diarrhoea …"):
                    # the items after its "Signs of …" lead
                    lead = _GLUED_LEAD.match(self.text, ls, le)
                    self.list_line(lead.end() if lead else s, e, seg_band, evidence)
                else:
                    rows = self.statements(s, e, seg_band, True)
                    # prose ends a list of one effect per line, unless it is written as one
                    # of its lower-case lines ("blood tests may show increases in …") or is an
                    # item that opens with its effect ("Sweet s syndrome (…) has occurred …")
                    band_list = band_list and (self.text[ls:le].lstrip()[:1].islower() or any(
                        self.text[ls:le].lstrip().startswith(r["condition_text"]) for r in rows))
        self._section = span
        self._section_effects = frozenset(r["condition"] for r in self.rows)

    def _comed_lead(self, s: int, e: int) -> tuple[Effect, int] | None:
        """The effect a lead-in says other medicines have ("Your blood sugar level may fall
        (hypoglycaemia) if you take:"), with where the lead-in starts, or ``None``."""
        text = self.text[s:e].strip()
        m = _first("comed_lead", text)
        if m is None:
            return None
        offset = self.text.find(text, s)
        name = m.group("name")
        if name:
            ns, ne = offset + m.start("name"), offset + m.end("name")
            named = self.namer.name(ns, ne)
            if named and named[2]:
                return Effect(ns, ne, named[0], named[1]), offset + m.start()
        low = _union("comed_fall").search(m.group("dir")) is not None
        what = _fold(m.group("what"))
        for phrase in (what, re.sub(r"\s+levels?$", "", what)):
            lay = lay_terms().get(f"{'low' if low else 'high'} {phrase}")
            if lay:
                concept = lookup(lay, "condition")
                ws, we = offset + m.start("what"), offset + m.end("dir")
                return Effect(ws, we, lay, concept.concept_id if concept else ""), offset + m.start()
        return None

    def co_medicine(self, s: int, e: int, effect: Effect, lead: int) -> None:
        """A list item after such a lead-in: the medicine (class) it names causes the
        effect, and so does each medicine it gives as an example ("Anabolic steroids
        (such as testosterone)")."""
        first = _sentences(self.text, s, e)
        if not first:
            return
        fs, fe = first[0]
        fs, fe = self.namer._trim(fs, fe)
        paren = next((m.start() for m in re.finditer(r"\(", self.text[fs:fe])
                      if not _ABBREVIATION.match(self.text, fs + m.start())), -1)
        paren = fs + paren if paren >= 0 else -1  # "(ACE)" is part of the name
        head_e = paren if paren > fs else fe
        head = self.text[fs:head_e].strip()
        if not head or len(_WORDS.findall(head)) > 8:
            return
        inside = self.drugs.within(fs, head_e)
        causes: list[tuple[str, str, str]] = []
        whole = [m for m in inside if self.text[m.start : m.end].strip().lower() == head.lower()]
        if whole:
            m = whole[0]
            causes.append((m.name, m.concept_id, self.text[m.start : m.end]))
        else:
            causes.append((_fold(head), "", head))
        if paren > fs:
            examples = _first("comed_examples", self.text, paren, fe)
            if examples:
                for m in self.drugs.within(examples.end(), fe):
                    causes.append((m.name, m.concept_id, self.text[m.start : m.end]))
        for drug in {c[0]: c for c in causes}.values():
            self._emit([effect], drug, lead, e, "", self.text[lead:e] + " may", EXTRACTOR_LIST)

    def _leading_medicines(self, s: int, upto: int) -> list[tuple[str, str, str]]:
        """The other medicines a block starting at ``s`` names before ``upto`` (where its
        sentence says they are taken with this one): "Rifampicin and saquinavir (used for …)
        as …", "Vitamin K antagonists such as warfarin (…). Taking these medicines with …",
        "if you are taking macrolide type antibiotics such as azithromycin …. Taking these at
        the same time as …": the drug mentions outside brackets that give no examples, plus
        the class words a block opens with before "such as" or a bracket (a plural of at
        most :data:`MAX_CLASS_WORDS` words); ``[]`` when it names none but the leaflet's
        medicine ("This medicine can cause drowsiness, particularly when taken together with
        alcohol" stays the medicine's own)."""
        if sum(1 for a, _ in _sentences(self.text, s, upto) if a < upto) > 2:
            return []  # the medicines of a long paragraph's start are not this sentence's
        fs, fe = self.namer._trim(s, upto)
        own = self._subject_drug()
        subject = [n for n in own[0].split("/") + [own[2].lower()] if n]  # an empty name is in every text
        allowed = self._example_ranges(fs, fe)
        found: dict[str, tuple[str, str, str]] = {}
        lead = re.match(r"[^(:,.;]*", self.text[fs:fe]).group(0)
        klass = re.split(r"\s+(?:such as|e\.g\.|for example|like|including)\s+", lead, maxsplit=1, flags=re.I)[0].strip()
        words = _WORDS.findall(klass)
        if fe > fs and 0 < len(words) <= MAX_CLASS_WORDS and not _VERBS.search(klass) and words[-1].lower().endswith("s") \
                and not any(n in klass.lower() for n in subject):
            found[_fold(klass)] = (_fold(klass), "", klass)
        for m in self.drugs.within(fs, fe):
            if m.name in subject or is_subject(m.name, own[0]) or self.text[m.start : m.end].lower() in subject \
                    or not any(a <= m.start < b for a, b in allowed):
                continue
            if self.text[m.start : m.end].lower() == klass.lower():
                found.pop(_fold(klass), None)
            found.setdefault(m.name, (m.name, m.concept_id, self.text[m.start : m.end]))
        return list(found.values())

    def _example_ranges(self, s: int, e: int) -> list[tuple[int, int]]:
        """The parts of ``text[s:e]`` whose drug mentions are medicines the block is about:
        outside brackets, and inside a bracket that gives examples ("(e.g. …", "(such as …")."""
        out, pos = [], s
        for m in re.finditer(r"\(([^()]*)\)", self.text[s:e]):
            a, b = s + m.start(), s + m.end()
            out.append((pos, a))
            if _first("comed_examples", self.text, a, b) is not None:
                out.append((a, b))
            pos = b
        out.append((pos, e))
        return out

    def _to_co_medicines(self, s: int, e: int, rows: list[dict[str, Any]]) -> None:
        """Rows of a block outside section 4 that opens with other medicines and says what
        taking them with this one does ("… can occur when taken with ritonavir", "Taking these
        medicines with Quinsair may lead to …", "as the combination may lead to …"; rule kind
        ``comed_with``) are those medicines' effects: one row per medicine (and class), none
        for the leaflet's own."""
        cues = {id(r): _first("comed_with", self.text, r["start"], r["end"]) for r in rows}
        combined = [r for r in rows if cues[id(r)] is not None]
        if not combined:
            return
        keep = [r for r in self.rows if not any(r is c for c in combined)]
        for r in combined:
            causes = self._leading_medicines(s, cues[id(r)].start())
            if not causes:
                keep.append(r)
                continue
            for name, concept, surface in causes:
                keep.append({**r, "cause": name, "cause_concept_id": concept, "cause_text": surface})
        self.rows[:] = keep

    def _signs_lead(self, s: int, e: int, named: bool) -> bool:
        """A paragraph outside section 4 whose last sentence announces, before a colon, the
        signs of a reaction the medicine causes, so that the list items after it are
        effects (rule ``signs_lead``): "Signs of an allergic reaction include:" (an own
        reaction, :meth:`_own_reaction`), or "Such symptoms may include:" when this or the
        paragraph before named an effect of the medicine (``named``)."""
        sentences = _sentences(self.text, s, e)
        if not sentences:
            return False
        ls, le = sentences[-1]
        m = _first("signs_lead", self.text[ls:le])
        if m is None:
            return False
        if m.group("reaction"):
            return bool(self._own_reaction(ls + m.start("reaction"), ls + m.end("reaction")))
        return named

    def elsewhere(self) -> None:
        """Sentences outside section 4 that name a medicine's effect, and the list items
        after a lead-in that announces side effects ("If you get any of the following
        side effects, …")."""
        span = self._section
        effect_list, named_before = False, False
        comed: tuple[Effect, int] | None = None
        for b in self.view.source.blocks:
            if b.kind not in CONTENT_KINDS or (span and span[0] - 1 <= b.index < span[1]):
                effect_list, comed = False, None
                continue
            named = False
            if b.kind == "list_item" and comed is not None:
                self.co_medicine(b.start, b.end, *comed)
            elif b.kind == "list_item" and effect_list:
                self.list_line(b.start, b.end, "", (b.start, b.end), in_section=False)
            else:
                effect_list = False
                comed = self._comed_lead(b.start, b.end)
                if comed is None:
                    rows = self.statements(b.start, b.end, "", False)
                    self._to_co_medicines(b.start, b.end, rows)
                    named = bool(rows)
            tail = self.text[max(b.start, b.end - LEAD_REACH) : b.end]
            if _union("effect_lead").search(tail) and _SIDE_EFFECT_WORDS.search(self.text[max(b.start, b.end - 2 * LEAD_REACH) : b.end]):
                effect_list = True
            elif b.kind != "list_item" and self._signs_lead(b.start, b.end, named or named_before):
                effect_list = True
            named_before = named


def side_effect_rows(view: DocumentView) -> list[dict[str, Any]]:
    """Rows for ``causes`` (relation ``adverse_effect``) of a document about a medicine.

    Ids hash document, relation, cause, condition and evidence, with the occurrence
    number of that key, as :func:`pipeline.extract.causes.cause_rows` does (prefix ``c``):
    a leaflet that repeats a table gives distinct rows with distinct ids.
    """
    drugs = Spans([m for m in doc_mentions(view.doc) if m.label == DRUG and view.is_content(m.start, m.end)])
    subject = document_subject(view, drugs, lambda b: view.text[b.start : b.end])
    if subject is None:
        return []
    finder = _Finder(view, subject)
    finder.side_effects_section()
    finder.elsewhere()
    seen: Counter[tuple[str, ...]] = Counter()
    out: list[dict[str, Any]] = []
    # ids numbered in reading order (section 4 first), as before rows were sorted, so a
    # review stored by claim id stays on its row when the same statement recurs
    for row in finder.rows:
        key = (row["relation"], row["cause"], row["condition"], normalise_quote(row["evidence"]))
        nth = seen[key]
        seen[key] += 1
        out.append({"claim_id": stable_id("c", view.source.doc_id, *key, nth), **row})
    # then in document order: a reader (and a gold file) meets section 2's statements
    # first; a stable sort keeps a statement's effects in order
    return sorted(out, key=lambda r: (r["start"], r["end"]))
