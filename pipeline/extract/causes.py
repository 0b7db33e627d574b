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
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Any, Literal

from pipeline.extract.context import DocumentView
from pipeline.extract.dose_grammar import leaflet_zones
from pipeline.extract.topics import ANAPHOR, TopicResolver
from pipeline.ids import normalise_quote, stable_id
from pipeline.ingest.structure import Block
from pipeline.nlp.labels import CONDITION, DRUG, is_generic
from pipeline.nlp.mentions import Mention
from pipeline.rules import Rule, load_jsonl
from pipeline.vocab.lexicon import lookup

Relation = Literal["causes", "risk_factor", "complication_of"]

#: Clause boundaries: a right-hand argument ends at the first, a left-hand one starts after the last.
#: "without (an) improvement in / affecting / a change in Y" says Y did not happen: an
#: abstract's "fentanyl exacerbated nausea without an improvement in postoperative pain".
_WITHOUT_CHANGE = (r",?\s+without\s+(?:an?\s+|any\s+)?(?:significant(?:ly)?\s+|concomitant\s+|further\s+|apparent\s+)?"
                   r"(?:improv|chang|effect|affect|alter|increas|decreas|reduc|benefit|differen|modif)\w*\b")
_RIGHT_END = re.compile(r"(?<!\b[A-Z])\.|[;!?]|\s[-–—]{1,2}\s|,?\s+(?:but|which|because|so that|whereas|while|although|though|so|then)\b|\s+\((?!.*\))"
                        "|" + _WITHOUT_CHANGE)
#: A right-hand cause also ends where a modal opens the next clause ("… due to a genetic syndrome
#: might also have problems of …"); a right-hand effect does not ("causes changes in X and can lead to Y").
_RIGHT_END_CAUSE = re.compile(_RIGHT_END.pattern + r"|(?<!\bthat)(?<!\bwhich)(?<!\bwho)(?<!\bit)(?<!\bthey)\s+"
                              r"(?:might|may|can|could|will|would|should|must|cannot)\s")
_LEFT_START = re.compile(r"[;:!?]|\s[-–—]{1,2}\s|,(?!\s*(?:also\s+)?(?:called|known as|named)\b)|\b(?:but|that|which|whereas|while|although|though|when|if|since|because|and then|is|are|was|were|be|been)\s")
_LIST_SPLIT = re.compile(r",\s*(?:and/or\s+|and\s+|or\s+)?|\s+(?:and/or|and|or)\s+")
_LEADING = re.compile(r"^(?:(?:and|or|the|a|an|also|while|whereas|although|though|even|often|usually|mainly|mostly|most often|in most cases|especially|particularly|sometimes|occasionally|rarely|such as|e\.g\.|including|various|different|certain|some|other|as part of|as well as|(?:some\s+|other\s+)?examples\s+of)\s+)+", re.I)
#: An adverb left at the end of an argument, before the verb it qualifies.
_TRAILING_ADVERB = re.compile(r"(?<!\bless)(?<!\bmore)(?<!\bmost)(?<!\bvery)\s+(?:usually|often|also|typically|commonly|mostly|mainly|generally|sometimes|rarely|frequently)$", re.I)
#: A list item starting with a verb is the rest of a clause ("..., can develop"), not a cause.
_VERB_START = re.compile(r"^(?:can|may|might|will|would|should|must|is|are|was|were|has|have|had|do|does|did)\b", re.I)
#: A gene symbol as written (TSC2, FLCN, HESX1): "mutations in the TSC1 gene or TSC2 gene" is two causes.
_GENE = re.compile(r"\b(?=[A-Z0-9-]*[A-Z]{2})[A-Z][A-Z0-9-]*[0-9A-Z]\b(?=\s+genes?\b|\s*[,)]|\s+(?:and|or)\b)")
#: A cause phrase with a finite verb of its own ("radiotherapy is indicated", "the cause
#: cannot be treated") or opening a clause ("if there are cases …", "they extend …") is
#: a clause the argument ran into, not the name of a cause; "etc." names nothing.
_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|must|cannot|can|could|should|will|would|has|have|had|do|does|did)\b", re.I)
_CLAUSE = re.compile(r"^(?:if|when|whenever|unless|although|though|since|they|it|he|she|we|you|these|those|this|that|there)\b|"
                     r"^(?:etc|and so on)\b", re.I)
#: A cause that names no cause ("a combination of factors", "many things").
_VAGUE = re.compile(r"^(?:(?:an?\s+)?(?:combination|number|variety|range|mix)\s+of|many|several|various|multiple|"
                    r"different|numerous|some)\s+(?:\w+\s+)?(?:factors|things|causes|reasons|conditions|medications|medicines|drugs)$", re.I)
#: A sentence that opens with a subordinate clause: its first comma ends that clause.
_SUBORDINATE = re.compile(r"\s*(?:if|when|whenever|unless|although|though|while|once|as long as)\b[^,]*,", re.I)
#: How a text names a medicine by its giving ("long-term therapy with X", "the use of X").
_GIVEN = re.compile(r"(?:(?:long|short)[- ]term\s+|chronic\s+|prolonged\s+|high[- ]dose\s+|low[- ]dose\s+|repeated\s+)*"
                    r"(?:therapy|treatment|administration|use|intake|ingestion|injection|infusion|exposure|overdose)\s+"
                    r"(?:with|of|to)\s+(?:the\s+)?", re.I)
#: The giving after a medicine's name ("fentanyl administration", "lithium therapy").
_GIVEN_AFTER = re.compile(r"\s+(?:therapy|treatment|administration|use|intake|ingestion|injection|infusion|exposure|overdose|"
                          r"overdosage|dose|doses|dosing|abuse|withdrawal|poisoning)\s*$", re.I)
#: One inheritance pattern; a coordination of them ("an autosomal dominant or autosomal recessive
#: manner", "autosomal recessive , autosomal dominant , or X-linked recessive disorders") is one
#: cause per pattern, although a lone "or" between words no vocabulary knows splits nothing.
_INHERITANCE = re.compile(r"(?:autosomal|x-linked|y-linked|mitochondrial)(?:[\s-]+(?:dominant|recessive))?", re.I)
_INHERITANCE_LIST = re.compile(_INHERITANCE.pattern + r"(?:\s*,?\s*(?:and/or\s+|and\s+|or\s+)?" + _INHERITANCE.pattern + ")+", re.I)
#: A cause phrase longer than this many words is a clause, not an argument.
MAX_CAUSE_WORDS = 14
#: A relative clause at the end of a cause ("damage to the muscles and tissues that hold the pelvic
#: organs up inside the pelvis") may add this many words.
MAX_RELATIVE_WORDS = 6
#: A bracket inside a cause glosses it ("the olfactory system (the sensory system used for sense of
#: smell)", "atherosclerosis (ath-er-o-skler-O-sis)"): its words do not make the cause a clause.
_BRACKETS = re.compile(r"\([^()]*\)")


class CausePattern(Rule):
    """A sentence pattern or a cue; ``antecedent`` says what an empty or pronoun effect
    stands for: the nearest condition before it, or (``subject``) the condition the
    latest sentence is about ("Secondary osteosclerosis is more common and occurs in
    renal insufficiency. There is also a form with …": a form of osteosclerosis)."""

    relation: Relation
    pattern: str
    antecedent: Literal["nearest", "subject"] = "nearest"
    #: ``drug``: only when the cause names a medicine or chemical (case reports write
    #: "cardiac arrest after diltiazem overdose", "X is associated with Y" of a drug).
    cause_kind: Literal["any", "drug"] = "any"
    #: An empty ``cause`` group stands for the medicine the document's first sentence (an
    #: abstract's title) names, when it names one: ``title_drug``; ``title_claim`` also
    #: needs that sentence to name a condition ("Pneumonitis during amiodarone therapy.
    #: … He developed …"). Abstracts write "Toxic effects included A, B and C" of the
    #: medicine they report on.
    subject: Literal["", "title_drug", "title_claim"] = ""
    #: ``all``: a left-hand effect is every condition of its clause, commas included
    #: ("Drowsiness, rash and altered taste were more frequent in the X group"), not only
    #: the one nearest the trigger.
    effects: Literal["nearest", "all"] = "nearest"
    #: A sentence's subject that no vocabulary knows as a condition names one all the
    #: same when the pattern says what causes it ("Shingles is caused by …", "HTLV-1 is
    #: spread by …"): a short noun phrase opening the sentence, before the trigger.
    named_effect: bool = False
    #: The cause is a clause ("occurs when the body produces too much growth hormone"): its
    #: commas split it only when they make a list that ends in and/or ("if bile contains too
    #: much cholesterol, too much bilirubin, or not enough bile salts"); an apposition or a
    #: second verb after a comma ends it.
    cause_clause: bool = False
    #: The name of the cause, when the pattern's cause group only says how it came
    #: ("Protein C deficiency can be inherited": ``inheritance``); the words stay its quote.
    cause_name: str = ""
    #: Tried before every general pattern: a page shape whose sentence a general pattern would
    #: read the wrong way first ("A woman's chances of developing X increase with age, possibly
    #: because of Y": the risk of age, not only "X … because of Y").
    first: bool = False


class CauseModifier(Rule):
    kind: Literal["hedge", "negated", "negated_subject", "superseded", "no_cause", "indication_before"]
    pattern: str


#: Rule files of sentence patterns, tried in this order: the general patterns, then the shapes
#: consumer pages write ("About 80 percent of people with X have a mutation in the Y gene").
PATTERN_FILES = ("cause_patterns.jsonl", "cause_page_patterns.jsonl")


@lru_cache(maxsize=1)
def page_pattern_ids() -> frozenset[str]:
    """The patterns of consumer pages (``cause_page_patterns.jsonl``): how such pages word a
    cause ("People with X are at increased risk of Y"), not how a package leaflet warns its
    reader ("as you may be at greater risk of skin cancer when taking X"); leaflets skip them."""
    return frozenset(r.id for r in load_jsonl(PATTERN_FILES[1], CausePattern))


@lru_cache(maxsize=1)
def cause_patterns() -> tuple[tuple[CausePattern, re.Pattern[str]], ...]:
    rules = [r for name in PATTERN_FILES for r in load_jsonl(name, CausePattern)]
    return tuple((r, re.compile(r.pattern, re.I)) for r in sorted(rules, key=lambda r: not r.first))


@lru_cache(maxsize=1)
def cause_cues() -> tuple[tuple[CausePattern, re.Pattern[str]], ...]:
    return tuple((r, re.compile(r.pattern, re.I)) for r in load_jsonl("cause_cues.jsonl", CausePattern))


class ListLead(Rule):
    """A class whose members a list after a lead sentence names: searched in the cause the
    lead claims ("lung infections", "conditions that damage the airways")."""

    pattern: str


@lru_cache(maxsize=1)
def list_leads() -> tuple[tuple[ListLead, re.Pattern[str]], ...]:
    return tuple((r, re.compile(r.pattern, re.I)) for r in load_jsonl("cause_list_leads.jsonl", ListLead))


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


def clip_right(text: str, start: int, end: int, cause: bool = False) -> _Arg:
    m = (_RIGHT_END_CAUSE if cause else _RIGHT_END).search(text, start, end)
    return _Arg(start, m.start() if m else end)


#: A left-hand list of effects starts after a clause boundary; commas join its items.
_LIST_LEFT_START = re.compile(r"[;:!?]|\s[-–—]\s|\b(?:but|that|which|whereas|while|although|though|when|if|since|because)\s")
#: A subject name with a comma in it ("Familial HLH, type 5", "Cohen syndrome, type 2") and no verb.
_NAME_COMMA = re.compile(r"[^,;:]{2,60},\s*(?:type|form|group|subtype|class|variant)\s+[\w-]+\s+(?:is|are|was|were|can|may)\b", re.I)
#: "patients with X": the disease a population has, not what a medicine brought on.
_POPULATION_WITH = re.compile(r"\b(?:patients|women|men|children|adults|people|persons|subjects|individuals|those|cases|"
                              r"rats|mice|dogs|infants|girls|boys|volunteers)\s+(?:\w+\s+)?(?:with|having|suffering from)\s+"
                              r"(?:[\w'-]+\s+){0,2}$", re.I)


#: A gene or protein symbol as written (CFTR, TSC2, HLA-B27): the contract keeps its case.
_SYMBOL = re.compile(r"\b(?=[A-Z0-9-]*[A-Z]{2})[A-Z][A-Za-z0-9-]*[0-9A-Z]\b")


def _symbols_as_written(name: str, written: str) -> str:
    """``name`` (lower case) with the symbols of ``written`` in their own case."""
    for sym in set(_SYMBOL.findall(written)):
        name = re.sub(rf"(?<![\w-]){re.escape(sym.lower())}(?![\w-])", sym, name)
    return name


def clip_list_left(text: str, start: int, end: int) -> _Arg:
    last = None
    for m in _LIST_LEFT_START.finditer(text, start, end):
        last = m
    return _Arg(last.end() if last else start, end)


#: A gloss between commas after a noun, before its preposition: "a mutation, or change, in the JAK2
#: gene", "mutations, or changes, in a single gene" (NIH pages): no list, no clause boundary.
_OR_GLOSS = re.compile(r",\s+or\s+[\w'’-]+(?:\s+[\w'’-]+)?,(?=\s+(?:in|of|on|to|within|that|which)\b)", re.I)


def clip_left(text: str, start: int, end: int) -> _Arg:
    last = None
    glosses = [g.span() for g in _OR_GLOSS.finditer(text, start, end)]
    for m in _LEFT_START.finditer(text, start, end):
        if not text[m.end() : end].strip(" ,"):
            break  # "Abnormal hemoglobin, called hemoglobin S, causes …": a boundary with nothing after it
        if any(gs <= m.start() < ge for gs, ge in glosses):
            continue
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
    tail = _TRAILING_ADVERB.search(text, s, e)
    if tail and tail.start() > s:
        e = tail.start()  # "Damage to the walls of the airways usually is the cause": the adverb is the verb's
    return _Arg(s, e)


#: "such as" inside a list item, with no comma before it (``_class_and_example``).
_ITEM_EXAMPLES = re.compile(r"(?<!,)\s+such as\s+", re.I)
#: A preposition before an item's "such as": the class is its object.
_INNER_PREP = re.compile(r"\b(?:of|onto|on|for|from|with|by|to|in|into|at|about|after|during)\s", re.I)


#: What opens a bracket of examples ("(i.e. strokes, tumors, …)", "(for example, …)").
_BRACKET_LIST_LEAD = re.compile(r"\s*(?:i\.e\.|e\.g\.|for example|for instance|such as|including|especially|like|mainly|mostly)?,?\s*", re.I)
#: A preposition's object just before a bracket ("found in animals (…)").
_OBJECT_BEFORE = re.compile(r"\b(?:in|of|on|onto|from|with|by|to|into|at|for|among)\s+(?:[\w'’-]+\s+)?[\w'’-]+$", re.I)


def _gene_before(text: str, start: int, end: int, sep_end: int) -> bool:
    """A gene symbol between ``start`` and ``end`` (a list separator's start): searched up to
    ``sep_end``, since :data:`_GENE` looks ahead for the "and"/"or" after the symbol
    ("mutations in the SLCO1B1 and SLCO1B3 genes")."""
    found = _GENE.search(text, start, sep_end)
    return found is not None and found.end() <= end


def split_items(text: str, arg: _Arg, mentions: list[Mention], short: int = 0, brackets: bool = False) -> list[_Arg]:
    """List items of a cause phrase: commas always split; a lone 'and'/'or' splits only
    when both halves hold a mention ("smoking and alcohol" vs "bone and joint pain"), or,
    with ``short``, when both halves have at most that many words (a list item's
    "Radiation and chemotherapy"). With ``brackets``, a bracket's commas are not the
    phrase's, and a list in a bracket at an item's end names examples of it
    (:func:`_bracketed_list`)."""
    chunk = text[arg.start : arg.end]
    outside = _BRACKETS.sub(lambda b: " " * len(b.group()), chunk) if brackets else chunk
    outside = _OR_GLOSS.sub(lambda b: " " * len(b.group()), outside)
    has_comma = "," in outside
    parts: list[_Arg] = []
    pos = arg.start
    for m in _LIST_SPLIT.finditer(outside):
        sep_start, sep_end = arg.start + m.start(), arg.start + m.end()
        if not has_comma and "and/or" not in m.group() and not (
            any(pos <= x.start and x.end <= sep_start for x in mentions)
            and any(sep_end <= x.start and x.end <= arg.end for x in mentions)
        ) and not (_gene_before(text, pos, sep_start, sep_end) and _GENE.search(text, sep_end, arg.end)) and not (
            short and len(text[pos:sep_start].split()) <= short and len(text[sep_end:arg.end].split()) <= short
            and _LIST_SPLIT.search(text, sep_end, arg.end) is None
            # "infectious and inflammatory processes": a lone adjective shares the head after it
            and (len(text[sep_end:arg.end].split()) == 1 or len(text[pos:sep_start].split()) > 1
                 or any(pos <= x.start and x.end <= sep_start for x in mentions))
        ):
            continue
        parts.append(_Arg(pos, sep_start))
        pos = sep_end
    parts.append(_Arg(pos, arg.end))
    items = [p for p in (_trim(text, q) for q in parts) if p.end > p.start]
    if brackets:
        items = [q for p in items for q in (_bracketed_list(text, p, mentions, short) or [p])]
    return [q for p in items if not _VERB_START.match(text[p.start : p.end]) for q in _class_and_example(text, p)]


def _bracketed_list(text: str, item: _Arg, mentions: list[Mention], short: int) -> list[_Arg] | None:
    """"trauma (for example, car accidents or military-related wounds)", "mutations in at least
    5 genes (MLH1, MSH2, MSH6, PMS2 or EPCAM)": the item before the bracket and each item of
    the list in it. None when the bracket holds no list, or when it is about the object of a
    preposition just before it ("found in animals (especially rodents, rabbits, and hares)")."""
    m = re.search(r"\(([^()]*)\)\s*$", text[item.start : item.end])
    if m is None:
        return None
    head = _trim(text, _Arg(item.start, item.start + m.start()))
    lead = _BRACKET_LIST_LEAD.match(text, item.start + m.start(1), item.start + m.end(1))
    inner = _trim(text, _Arg(lead.end(), item.start + m.end(1)))
    if (head.end <= head.start or inner.end <= inner.start or not _LIST_SPLIT.search(text, inner.start, inner.end)
            or _OBJECT_BEFORE.search(text, head.start, head.end) or re.search(r"[=<>]", text[inner.start : inner.end])):
        return None
    items = split_items(text, inner, mentions, short=max(short, SHORT_ITEM_WORDS))
    if any(text[i.start].isdigit() for i in items):
        return None  # "(10 mg/kg, i.p.)", "(2 of 12, 17%)": doses and counts, no examples
    return [head] + items


def _class_and_example(text: str, item: _Arg) -> list[_Arg]:
    """An item that names a class and, without a comma, its first example ("cysts such as
    Tarlov cysts", "medical conditions such as chronic kidney disease"): both. Not when the
    class is the object of a preposition ("falls onto objects such as metal bars": the
    examples are the objects', not causes)."""
    m = _ITEM_EXAMPLES.search(text, item.start, item.end)
    if m is None or m.start() <= item.start or m.end() >= item.end or _INNER_PREP.search(text, item.start, m.start()):
        return [item]
    return [_Arg(item.start, m.start()), _Arg(m.end(), item.end)]


def named_list(text: str, arg: _Arg, mentions: list[Mention]) -> list[_Arg] | None:
    """The items of a short list of names, or None when most items name nothing the
    vocabularies or the NER know: "Pancreatitis, cancer, and trauma can …" is three causes,
    but in "swelling of the face, lips, mouth, tongue, or throat that may lead to difficulty
    breathing" the list is the object of "of" and the swelling is the one cause."""
    items = split_items(text, arg, mentions)
    known = sum(any(i.start <= m.start and m.end <= i.end for m in mentions) for i in items)
    return items if 2 * known > len(items) else None


#: Bullets flattened into one line ("These include - smoking  - being overweight  - …",
#: as consumer pages exported to text write their lists).
#: A bullet; a page scraped without its list markup writes "Risk factors include:     -being over 50
#: years of age     -having fair skin": a dash glued to a lower-case word after a run of spaces.
_BULLET = re.compile(r"(?:^|\s)[-•*]\s+|(?:^\s*|\s{2,})-(?=[a-z])")


def inline_bullets(text: str, start: int, end: int, opened: bool = False) -> list[_Arg] | None:
    """The items of a list flattened into ``text[start:end]`` when it opens with a bullet
    (or is a list item, ``opened``, whose bullet the converter took) and holds two or
    more, else ``None``."""
    chunk = text[start:end]
    first = re.match(r"\s*[-•*]\s+|\s*-(?=[a-z])", chunk) or (re.match(r"", chunk) if opened else None)
    seps = list(_BULLET.finditer(chunk))
    if opened and (not seps or seps[0].start() > 0):
        seps.insert(0, first)
    if first is None or len(seps) < 2:
        return None
    out = []
    for k, m in enumerate(seps):
        s = start + m.end()
        e = start + seps[k + 1].start() if k + 1 < len(seps) else end
        arg = _trim(text, clip_right(text, s, e))
        if arg.end > arg.start:
            out.append(arg)
    return out


#: A list whose items semicolons part, its last one after "and"/"or" ("common triggers for hiccups
#: include hot or spicy foods and liquids; harmful fumes; surgery; and/or certain medications",
#: "Other possible maternal risk factors include diabetes mellitus; obesity; …" on GARD pages).
_SEMI_LAST = re.compile(r"(?:and/or|and|or)\s+", re.I)
_SENTENCE_STOP = re.compile(r"(?<!\b[A-Z])\.(?=\s|$)|[!?]")
#: An item of such a list longer than this many words (brackets left out) is a clause.
MAX_SEMICOLON_ITEM_WORDS = 12


def semicolon_items(text: str, start: int, end: int) -> list[_Arg] | None:
    """The items of a right-hand list parted by semicolons in ``text[start:end]`` (three or
    more, each a short phrase without a finite verb; the last one ends at the clause after
    it), else None."""
    stop = _SENTENCE_STOP.search(text, start, end)
    end = stop.start() if stop else end
    if text.count(";", start, end) < 2:
        return None
    bounds = [start] + [k + 1 for k in range(start, end) if text[k] == ";"]
    out = []
    for n, s in enumerate(bounds):
        e = bounds[n + 1] - 1 if n + 1 < len(bounds) else end
        arg = _trim(text, _Arg(s, e))
        last = _SEMI_LAST.match(text, arg.start, arg.end)
        if last:
            arg = _trim(text, _Arg(last.end(), arg.end))
        if n + 1 == len(bounds):
            arg = _trim(text, clip_right(text, arg.start, arg.end, cause=True))
            clause = _ITEM_CLAUSE.search(text, arg.start, arg.end)
            if clause:
                arg = _trim(text, _Arg(arg.start, clause.start()))
        bare = _BRACKETS.sub(" ", text[arg.start : arg.end])
        if (arg.end <= arg.start or len(bare.split()) > MAX_SEMICOLON_ITEM_WORDS
                or _FINITE.search(re.sub(r"^(?:being|having)\s", "", bare, flags=re.I))
                or _CLAUSE.match(bare)):
            return None
        out.append(arg)
    return out


#: Bullets of a list the page's export glued into one line without their marks ("… that irritate the
#: diaphragm Brain abnormalities (i.e. strokes, …) Metabolic disorders Gastrointestinal …"): a word in
#: lower case followed by a capitalised one, twice or more in an argument, is no phrase of a sentence.
_GLUE_STOPWORDS = (r"and|or|nor|as|of|with|in|by|the|a|an|to|for|from|on|at|into|about|after|before|during|"
                   r"among|between|under|than|versus|vs|via|per|see|called|named|known|including|include|includes|like|"
                   r"such|some|many|most|all|certain|other|several|both|each|any|non|is|are|was|were")
_GLUED_ITEM = re.compile(r"\b(?!(?:" + _GLUE_STOPWORDS + r")\b)"
                         r"[a-z][a-z'’-]+\s+(?!(?:I|II|III|IV|V|A|B|C|D|E)\b)[A-Z][a-z]")
#: Where one item of a glued list ends and the next begins: a word that is no function word,
#: then a capitalised word or an article opening the next item ("… of pregnancy A history of liver
#: disease A multiple gestation pregnancy", "Chronic lymphocytic leukemia Non-Hodgkin's lymphoma").
_GLUE_BOUNDARY = re.compile(r"\b(?!(?:" + _GLUE_STOPWORDS + r")\b)[\w'’-]*[\w'’)]\)?(?P<gap>\s+)"
                            r"(?=(?:An?\s+[a-z]|(?!(?:I|II|III|IV|V|B|C|D|E)\b)[A-Z][a-z]))")


def glued_list(text: str, arg: _Arg) -> bool:
    return len(_GLUED_ITEM.findall(text, arg.start, arg.end)) >= 2


def glued_items(text: str, arg: _Arg) -> list[_Arg]:
    """The items of a list glued into one run of words after a colon ("Risk factors include: A
    personal or family history of X A history of liver disease A multiple gestation pregnancy
    (twins, triplets, etc) Approximately 15% of women … have …"), up to the first piece that reads
    as a sentence (a finite verb outside a relative clause): the page's text goes on there."""
    cuts = [arg.start]
    for m in _GLUE_BOUNDARY.finditer(text, arg.start, arg.end):
        word = m.group(0)[: m.start("gap") - m.start()]
        if len(word) > 1 and word.isupper():
            continue  # "HIV AIDS"-like runs of symbols stay together
        if text.count("(", arg.start, m.end()) > text.count(")", arg.start, m.end()):
            continue  # "Head trauma (e.g. boxing and varied injuries, Birth trauma)": inside a bracket
        cuts.append(m.end())
    cuts.append(arg.end)
    items = []
    for a, b in zip(cuts, cuts[1:]):
        piece = _trim(text, _Arg(a, b))
        bare = re.sub(r"\([^()]*\)", "", re.split(r"\s(?:that|which|who)\s", text[piece.start : piece.end], maxsplit=1)[0])
        if _FINITE.search(bare):
            break
        if piece.end > piece.start:
            items.append(piece)
    return items if len(items) >= 2 else []


#: A change in the amount of two things, named once ("an increase in GABA and GHB", "a lack of
#: vitamin A and zinc"): the head is shared by both, one cause each (guidelines: coordinations
#: that share a head are split).
_HEAD_OF_PAIR = re.compile(r"(?P<head>(?:an?\s+|the\s+)?(?:(?:abnormal|high|low|excess|increased|decreased|reduced)\s+)?"
                           r"(?:increases?|decreases?|rises?|drops?|build-?ups?|buildups?|excess|shortages?|lack|deficienc(?:y|ies)|"
                           r"loss|accumulations?|levels?|amounts?)\s+(?:in|of)\s+(?:the\s+(?:amounts?|levels?)\s+of\s+)?)"
                           r"(?P<a>[\w-]+)\s+(?:and|or)\s+(?P<b>[\w-]+)", re.I)


#: A predicate joined by "and" to the verb group after it ("X is often genetic and may be caused by").
_COORD_PREDICATE = re.compile(r"\s+(?:is|are)\s+(?:(?:often|usually|sometimes|typically|probably|likely|also|mostly)\s+)?"
                              r"[\w-]+\s+and\s*$", re.I)
#: A claim's trigger words before a relative clause that makes a claim of its own.
_OTHER_CLAIM = re.compile(r"\b(?:because|due to|risk|caus\w*|lead\w*|result\w*|develop\w*|trigger\w*|occur\w*|"
                          r"contribut\w*|likely|responsible|associated|linked)\b", re.I)
#: The verb group a left-hand effect group may end with ("It may be" before "due to").
_AUX_TAIL = re.compile(r"(?:\s+(?:may|might|can|could|will|would|should|must|also|often|usually|sometimes|probably|"
                       r"likely|possibly|mostly|mainly|is|are|was|were|be|been|being|has|have|had|not))+\s*$", re.I)


#: Characters before a pattern's trigger searched for the verb group (:data:`_AUX_TAIL`).
_AUX_REACH = 80
#: What a stripped verb group must lead to: a cause's own trigger.
_CAUSAL_AFTER_AUX = re.compile(r"\s*(?:due|caused|triggered|brought|the\s+result|a\s+result|because|linked|"
                               r"associated|related|attributed|passed|inherited|made\s+worse)\b", re.IGNORECASE)


#: A cause that opens with a verb of happening is the rest of a clause ("caused by or occur with
#: another disorder"), not a cause's name.
_VERB_CAUSE = re.compile(r"(?:occurs?|occurred|develops?|happens?|arises?|appears?)\b", re.I)


def _distinct(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.name not in seen:
            seen.add(m.name)
            out.append(m)
    return out


#: A paragraph that is a list item the converter did not mark as one ("Toxins, such as
#: pesticides, arsenic, and benzene."): it has no finite verb of its own.
_FINITE = re.compile(r"\b(?:is|are|was|were|be|been|being|can|may|might|will|would|should|could|must|has|have|had|"
                     r"do|does|did|causes?|caused|leads?|led|occurs?|occurred|develops?|means?|includes?)\b", re.I)
#: How many words the first sentence of such a paragraph may have.
MAX_ITEM_WORDS = 30
#: "Toxins, such as pesticides, arsenic, and benzene": a class and its examples.
_EXAMPLES = re.compile(r",?\s+(?:such as|including|for example|e\.g\.,?|like|in the form of)\s+", re.I)
#: A clause after a list item's cause that describes it rather than naming another cause.
_ITEM_CLAUSE = re.compile(r",\s+(?:especially|particularly|mainly|mostly|usually|often|leading|resulting|accompanied|"
                          r"caused|associated|followed|including those)\b|"
                          # "Crohn's disease, a disorder that causes inflammation, …": the apposition defines the item
                          r",\s+(?:an?|the)\s+(?:[\w'’-]+\s+){0,3}?(?:that|which|in which|where)\s|"
                          # "lithium, a bipolar disorder medication": an apposition to the item's end
                          r",\s+an?\s+[^,;]{2,60}$", re.I)
#: A list item that a gloss describes ("Salmonella, a bacterium found in many foods"): the item's name and the gloss.
_ITEM_APPOSITIVE = re.compile(r"(?P<item>[^,;]{2,60}?),\s+(?:an?|the)\s+[^,;]{2,80}$", re.I)
#: A list item a gloss describes, whatever the gloss holds ("cystic fibrosis, an inherited disease of the lungs,
#: intestines, pancreas, and bile ducts"): its name only.
_ITEM_GLOSSED = re.compile(r"(?P<item>[^,;()]{2,60}?),\s+(?:an?)\s+(?![^,;]*\b(?:such as|including|like)\b)", re.I)
#: A sentence that lists examples of the cause the sentence before it names.
_EXAMPLES_LEAD = re.compile(r"\s*(?:(?:some |other |common )?examples (?:of (?:these|such|this) \w+ )?(?:include|are)|"
                            r"these (?:include|are)|they include|"
                            # "These factors may include A, B, and C.", "This may include …", "Such factors include …"
                            r"(?:these|this|such|they)(?:\s+(?:\w+\s+)?(?:factors|causes|conditions|problems|"
                            r"abnormalities|changes|things|risk factors|disorders|diseases|exposures))?"
                            r"\s+(?:(?:may|might|can|could|also|often)\s+)*(?:include|includes))\s*:?\s+", re.I)
#: "Amyloidosis: a disease in which …": a list item that labels its cause before a colon.
_LABEL = re.compile(r"\s*((?:[\w'’-]+\s+){0,4}[\w'’-]+)\s*:\s+\S")
#: A relative clause inside a cause: the commas after it list what the clause is about.
_RELATIVE = re.compile(r"\s(?:that|which|who|whose|where)\s", re.I)
#: A bracket at the end of a list item: it explains the words before it ("chemotherapy
#: (treatments for cancer)") or lists examples of them ("trauma (impacts, fractures, …)").
_TRAILING_GLOSS = re.compile(r"\s*\(([^()]*)\)[\s.;:,]*$")
#: A sentence that only announces the list after it ("Examples of such conditions include:",
#: "These include the following:"): the claim it lists members for is the sentence before.
_LIST_ANNOUNCED = re.compile(r"\s*(?:(?:some|other|common)\s+)?(?:examples(?:\s+of\s+(?:these|such|this|those)(?:\s+[\w-]+){1,2})?|"
                             # "These diseases and conditions include:" (NHLBI pages): up to three words name the class
                             r"(?:these|such|they)(?:\s+[\w-]+){0,3}?)\s+(?:(?:may|might|can|could|also|often)\s+)*"
                             r"(?:include|includes|are)(?:\s+the\s+following)?\s*:?\s*$", re.I)
#: "the body to store too much iron", "the thyroid to make excess thyroid hormone": a body's own substance in excess.
_TOO_MUCH = re.compile(r"(?:(?:the|your|a person.s|his|her|their)\s+)?(?:body|[\w-]+(?:\s+gland)?)\s+to\s+(?:[\w-]+\s+){1,2}?"
                       r"(?:too much|excess|extra|excessive amounts of|large amounts of)\s+(?P<what>[\w-]+(?:\s+[\w-]+){0,2}?)"
                       r"(?:\s+(?:in|into|from)\s+.*)?", re.I)
#: "diverticula to form", "the cornea to swell", "the blood vessels to narrow": what a cause makes form or change.
_MADE_TO = re.compile(r"(?:(?:the|your|a|an|his|her|their)\s+)?(?P<np>(?:[\w'’-]+\s+){0,2}?[\w'’-]+)\s+to\s+(?P<verb>form|develop|appear|"
                      r"grow|swell|narrow|collapse|weaken|harden|thicken|build up|break down|leak|bleed|stiffen|shrink)\b"
                      r"(?:\s+(?:in|on|inside|within|around|into)\s+.{1,60})?", re.I)
#: Verbs by which something comes to be (the thing is the condition), and the noun of an organ's change.
_FORMS = frozenset({"form", "develop", "appear", "grow"})
_CHANGE_NOUN = {"swell": "swelling", "narrow": "narrowing", "collapse": "collapse", "weaken": "weakening",
                "harden": "hardening", "thicken": "thickening", "build up": "buildup", "break down": "breakdown",
                "leak": "leakage", "bleed": "bleeding", "stiffen": "stiffening", "shrink": "shrinkage"}
#: The clause that goes on from an effect to what it causes in turn (", which can lead to", ", which in turn causes").
_WHICH_CHAIN = re.compile(r"\s*,?\s*(?:which|that)\s+(?:in turn\s+)?(?:(?:can|may|might|could|often|usually|then|also|eventually|will|"
                          r"sometimes)\s+)*(?:causes?|leads?\s+to|results?\s+in|triggers?|contributes?\s+to|gives?\s+rise\s+to)\s+", re.I)
#: "…, which causes insulin resistance and is common in …": the relative clause's second verb ends its object.
_AND_VERB = re.compile(r"\s+and\s+(?:is|are|was|were|can|may|might|could|has|have|had|will|does|do)\b", re.I)
#: What a chain's last link names when it names no condition of its own ("the signs and symptoms of X").
_FEATURES = re.compile(r"(?:the\s+)?(?:various\s+|many\s+|characteristic\s+|other\s+|typical\s+)*(?:signs|symptoms|features|"
                       r"characteristics|problems|complications|effects)\b", re.I)
#: A pointer placed among list items ("For more information about …, go to …").
_NOT_AN_ITEM = re.compile(r"\s*(?:for more information|to learn more|learn more|read more|see also|go to)\b", re.I)
#: A relative clause at the end of an item ("disorders that affect cilia function"): its verb is not the item's.
_RELATIVE_TAIL = re.compile(r"\s(?:that|which|who|whose|where|in which)\s.*$", re.I | re.S)
#: A lone and/or splits a list item when each side has at most this many words ("Radiation and chemotherapy").
SHORT_ITEM_WORDS = 3


#: A consumer page that opens with its question names its topic: "What causes X?",
#: "What are the causes of X?" (MedQuAD answers, FAQ pages).
_QUESTION = re.compile(r"\s*(?:what|which)\s+(?:causes?|are\s+the\s+(?:\w+\s+)?causes\s+of|is\s+the\s+cause\s+of|"
                       r"are\s+the\s+risk\s+factors\s+(?:for|of)|increases\s+the\s+risk\s+(?:of|for))\s+"
                       r"(?P<topic>[^?\n]{2,120}?)\s*\?", re.I)
#: A page about a faculty's trouble says so in its first sentence ("Most people who have a
#: problem with smell …", "People with problems with balance …"): its topic when it asks no question.
_PROBLEM_WITH = re.compile(r"\b(?:people|those|someone|anyone|children|adults|persons)\s+(?:who\s+have|with)\s+(?:an?\s+)?"
                           r"(?P<topic>problems?\s+with\s+(?:their\s+|your\s+)?[a-z]+(?:\s+control)?)\b", re.I)
#: "a virus called the varicella-zoster virus", "Abnormal hemoglobin, called hemoglobin S": the name given.
_CALLED = re.compile(r",?\s+(?:also\s+)?(?:called|known\s+as|named)\s+(?:the\s+)?", re.I)
#: "Some researchers believe an unusual 'slow virus' …", "studies suggest a high intake of …":
#: who holds the belief is not part of the cause.
_BELIEVER = re.compile(r"(?:some\s+|many\s+|other\s+|recent\s+|new\s+)?(?:researchers|scientists|investigators|doctors|experts|studies|"
                       r"research|reports)\s+(?:\w+ly\s+)?(?:believe|think|suggest|suggests|suspect|propose|have found|has found|"
                       r"shows|show|found|have shown|has shown)"
                       r"\s+(?:that\s+)?", re.I)
#: What a cause argument holds before the cause a question asks about ("determined whether
#: periodontal disease", "pursuing the question of whether pesticides and other …").
_WHETHER = re.compile(r"(?:[\w'’-]+\s+){0,8}?whether\s+(?:or\s+not\s+)?", re.I)
#: A cause the argument cut in the middle of a clause ("mutations known to", "factors also",
#: "… nitrites might", "inflame the upper airways and") or a word that names nothing
#: ("thus", "identified", "including", "not a known").
_BROKEN_CAUSE = re.compile(r"\b(?:also|might|may|can|could|would|will|to|and|or|thus|then|that|which|who|as this|as it)$|"
                           r"^(?:thus|therefore|however|identified|including|included|known|unknown|not(?!\s+enough\b)|no|in)\b|"
                           # "Immunodeficiency disorders, such as A and, less often, B": the adverb between two items
                           r"^(?:(?:less|more|most|very)\s+)?(?:often|commonly|frequently|rarely|usually)$|"
                           # "(NSAIDs; for example, ibuprofen)", "with or without …", "also called MSG": no cause of their own
                           r"^(?:for (?:example|instance)|with)$|^(?:also\s+)?called\b", re.I)
#: A sentence subject that is a class and its examples, set off by commas or not ("Acquired
#: conditions or factors, such as certain medicines, toxins, and infectious diseases, also can
#: cause X"; "a high intake of nitrogen-containing chemicals such as nitrates and nitrites might
#: increase the risk of X"). A dash the converter dropped glues "such as" to the class
#: ("infectionssuch as untreated syphilis").
_SUBJECT_EXAMPLES = re.compile(r"(?P<comma>,\s*)(?:including|for example|e\.g\.,?)\s+|(?P<comma2>,\s*)?(?:(?<=[a-z])|\s+|^)such as\s+", re.I)
#: What may stand between a subject's closing comma and its verb: adverbs, or a time or
#: place that qualifies the subject ("A mother's use of illegal drugs, such as cocaine, during
#: pregnancy may also cause …").
_SUBJECT_TAIL = re.compile(r"\s*(?:(?:also|often|sometimes|usually|rarely|all|both|then|commonly|frequently|each|"
                           r"together|alone|in turn)\s+)*(?:(?:during|in|while|after|before|at)\s+[\w'’ -]{1,30}?)?\s*$", re.I)
#: "Glucagonoma, a rare tumor of the pancreas, can also cause diabetes": the apposition names
#: the subject again; the subject is the cause.
_APPOSITIVE = re.compile(r"(?P<head>[^,]{2,60}?),\s+(?:an?|the|particularly|especially|in particular|mainly|even)\s+[^,]{2,160}?,", re.I)
#: "Cushing's syndrome and acromegaly are examples of hormonal disorders that can cause X":
#: each example and the class.
_EXAMPLES_OF = re.compile(r"(?P<items>[^,;:]+?(?:,[^,;:]+?)*)\s+(?:are|is)\s+(?:(?:some|two|three|other|common|"
                          r"another)\s+)?examples?\s+of\s+(?P<cls>.+)$", re.I)
#: A finite verb other than a copula ("there are many factors that …", "A and B are examples of C that …"
#: keep their relative clause's head as the cause; "your doctor will check … factors that …" does not).
_NON_COPULA_VERB = re.compile(r"\b(?:must|cannot|can|could|should|will|would|has|have|had|do|does|did)\b", re.I)
#: "a (complex) combination of (various) genetic and environmental factors": one cause per kind (10
#: MedQuAD causes answers).
_COMBINATION = re.compile(r"(?:an?\s+)?(?:complex\s+)?(?:combination|mixture|mix|interplay|interaction)\s+(?:of|between)\s+(?:various\s+|multiple\s+|several\s+|different\s+)?"
                          r"(?P<kinds>[\w-]+(?:\s*,\s*[\w-]+)*,?\s+(?:and|and/or|or)\s+[\w-]+)\s+(?P<head>factors|influences|causes|risk factors)$", re.I)
#: A short noun phrase that names a condition by its head noun ("dietary fructose intolerance",
#: "internal sores", "problems with smell", "iron overload"): up to four words before the head.
_NAMED_CONDITION = re.compile(
    r"(?!(?:the|this|that|these|those|its|their|his|her|your|other|some|many|any|all|more|less|such|as|in|of|for|with|to|by|"
    r"from|on|at|causing|leading|resulting|developing|having|getting|being|making|an?)\b)"
    r"(?:[\w'’-]+\s+){0,4}(?:diseases?|disorders?|syndromes?|illness(?:es)?|deficiency|deficiencies|intolerance|infections?|inflammation|"
    r"damage|injury|injuries|failure|loss|pain|defects?|cancers?|tumou?rs?|bleeding|weakness|swelling|dysfunction|"
    r"impairment|obstruction|narrowing|blockage|scarring|hardening|retention|incontinence|lesions?|sores?|ulcers?|"
    r"stones?|deformit(?:y|ies)|abnormalit(?:y|ies)|malformations?|insufficiency|overload|resistance|toxicity|"
    r"poisoning|allerg(?:y|ies)|anemia|anaemia|hypertension|palsy|paralysis|seizures?|fractures?|dementia)"
    r"|(?:[\w'’-]+\s+){0,2}problems?\s+with\s+(?:the\s+|your\s+)?[\w'’-]+(?:\s+[\w'’-]+)?"
    # "a buildup of uric acid", "hardening of the arteries", "lack of insulin"
    r"|(?:[\w'’-]+\s+)?(?:buildup|build-up|accumulation|shortage|lack|excess|hardening|thickening|weakening|narrowing|"
    r"damage|inflammation|loss|scarring|blockage)\s+(?:of|to|in)\s+(?:the\s+|your\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,2}"
    # "thickening of tissues in the small intestine": where, after what
    r"(?:\s+(?:in|of|on)\s+(?:the\s+|your\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,2})?", re.I)
#: A clause's commas that make a list: the last item after ", and" / ", or" (``cause_clause``).
_CLAUSE_LIST = re.compile(r",\s*(?:and/or|and|or)\s+[^,]+$", re.I)
#: "contribute to the development of this condition": the condition itself.
_ONSET = re.compile(r"^(?:the\s+)?(?:development|onset|formation|appearance)\s+of\s+|"
                    # "the cause of a small percentage of cases of the disorder": cases of it are it
                    r"^(?:an?\s+)?(?:(?:small|large|minority|majority)\s+)?(?:percentage|proportion|number|minority|majority|share)\s+of\s+"
                    r"(?:all\s+)?cases\s+of\s+|"
                    # "In these families the condition is inherited …": the condition
                    r"^in\s+(?:these|those|some|most|many|other|a\s+few|rare|such)\s+(?:families|cases|people|individuals|patients)\s*,?\s*", re.I)
#: A gene list before the verb of a sentence whose subject it is: "Mutations in the genes, EYA1,
#: SIX1, and SIX5, are known to cause …", "Mutations in the A, B, C or D gene cause …"; the
#: arguments' clipping at commas kept only the last symbols. One cause per symbol.
_LIST_SYMBOL = r"(?=[A-Z0-9-]*[A-Z]{2})[A-Z][A-Z0-9-]*[0-9A-Z]"
_GENE_SUBJECT = re.compile(r"\b(?i:(?:mutations?|changes?|variants?|defects?|alterations?)(?:\s*\([^()]*\))?\s+in\s+"
                           r"(?:the\s+|either\s+(?:the\s+)?|any\s+of\s+(?:the\s+)?|one\s+of\s+(?:the\s+|these\s+|several\s+)?|(?:two|three|four|five|six|several)\s+)?"
                           r"(?:genes?\s*,?\s*(?:called\s+)?)?)(?P<list>" + _LIST_SYMBOL + r"(?:\s*,\s*" + _LIST_SYMBOL + r")*\s*,?\s*(?:and|or|and/or)\s+"
                           + _LIST_SYMBOL + r")(?i:\s+genes?)?\s*,?\s*$")
#: "the substances that make up bile": a noun and the relative pronoun after it.
_RELATIVE_SUBJECT = re.compile(r"(?P<noun>[\w'’-]+)\s+(?:that|which|who)\s+")
#: Words after which "that" opens a clause of what is said, not a relative clause.
_COMPLEMENT_TAKERS = frozenset(
    "suggest suggests suggested believe believes believed think thinks thought show shows shown showed found find finds "
    "known likely possible probable clear unclear evidence so such is are was were suspect suspects suspected propose "
    "proposes proposed means mean say says said indicate indicates indicated reported report reports hypothesize "
    "hypothesized hypothesise hypothesised theory idea fact chance noted note notes argue argued appears seems "
    "now true unlikely thinking expect expected hope learned discovered determined concluded demonstrated confirmed "
    "possibility hypothesis speculate speculated estimate estimated".split())
#: A clause that opens with its own subject ("that the condition occurs …") is no relative clause.
_NOT_A_VERB = re.compile(r"(?:the|a|an|this|these|those|it|they|he|she|we|you|there|some|many|most|all|no|each|his|her|"
                         r"their|its|our|your|people|one|both|either|neither|any|certain|other)\b", re.I)
#: A subject whose last noun is a complement ("medicines for conditions", "drugs used to treat
#: diseases"): examples after it are examples of that noun, not of the cause.
_INNER_NOUN = re.compile(r"\b(?:for|to treat|used to treat|against|of people with|in people with|with)\s+(?:[\w'’-]+\s+){0,3}[\w'’-]+$", re.I)
#: A sentence adverb before its subject ("Rarely, infections …", "In addition, …").
_SENTENCE_ADVERB = re.compile(r"\s*(?:\w+ly|also|however|in addition|in some cases|in rare cases|sometimes|often|"
                              r"finally|similarly|likewise|for example|for instance|in other cases|in many cases)\s*,\s*", re.I)
#: Generic words that name a kind of cause all the same ("Infections can inflame the lungs",
#: "rheumatic fever, or infections can cause …"): a condition's name needs more, a cause not.
_KIND_OF_CAUSE = re.compile(r"(?:(?:the|an?)\s+)?(?:(?:viral|bacterial|fungal|parasitic|recent|repeated|severe|serious|chronic|"
                            r"frequent)\s+)?(?:infections?|injur(?:y|ies)|trauma)", re.I)
#: A class of medicines or chemicals that its examples follow ("Medicines, such as chloramphenicol";
#: "Some medications, such as nicotinic acid and …, can impair beta cells"): a cause with the
#: examples, which name its members, though its words alone are generic.
_CLASS_BEFORE_EXAMPLES = re.compile(r"(?:(?:some|certain|other|prescription|illegal|street|many)\s+)?(?:medicines?|medications?|drugs?|"
                                    r"chemicals?|substances?|toxins?|compounds?|agents?|antibiotics?|hormones?|steroids?|supplements?)"
                                    r"(?=\s*(?:\([^()]*\)\s*)?,?\s*(?:such as|including|for example|e\.g\.)\s)", re.I)
#: A vague class before its members ("a variety of factors, including A, B and C").
_VAGUE_INCLUDING = re.compile(r"(?:an?\s+)?(?:variety|number|range|host|combination)\s+of\s+(?:\w+\s+){0,2}?(?:factors|causes|things|conditions|agents)"
                              r"\s*,?\s*(?:including|such as)\s", re.I)
#: Members of a vague class named after the condition it causes (", including A, B and C").
_EXAMPLES_AFTER = re.compile(r"\s*(?:\([^()]*\)\s*)?,\s*(?:including|such as|like|for example|e\.g\.,?)\s+(?=\S)", re.I)
#: How many words a sentence subject named by no vocabulary may have (``named_effect``).
MAX_NAMED_EFFECT_WORDS = 6


def _is_clause(phrase: str) -> bool:
    """Whether a list item is a sentence rather than a name: a finite verb outside its
    brackets and its relative clause, or "that" after a verb of saying ("Some people
    incorrectly believe that stress can cause it")."""
    bare = _BRACKETS.sub(" ", phrase)
    tail = _RELATIVE_TAIL.search(bare)
    if tail is not None:
        before = bare[: tail.start()].split()
        if before and before[-1].lower() in _COMPLEMENT_TAKERS:
            return True
        bare = bare[: tail.start()]
    return _FINITE_VERB.search(bare) is not None


class _CauseFinder(TopicResolver):
    #: What a sentence said a vague class ("many factors") causes (:meth:`row`), for a list after it.
    vague_claims: list[dict[str, Any]]

    @cached_property
    def is_leaflet(self) -> bool:
        """A package leaflet (its numbered sections, :func:`leaflet_zones`)."""
        return bool(leaflet_zones(self.view.text))

    def _topic(self) -> Mention | None:
        """The condition the page's opening question asks about, else the resolver's topic."""
        self.topic_forms: list[str] = []
        q = _QUESTION.match(self.view.text)
        if q is None:
            q = _PROBLEM_WITH.search(self.view.text, 0, self._first_sentence_end())
        if q is None:
            return super()._topic()
        s, e = q.span("topic")
        phrase = self.view.text[s:e]
        # "What causes congenital bilateral absence of the vas deferens (CBAVD)?": the name, and
        # the abbreviation as one of its forms ("More than half of all men with CBAVD have …")
        own = re.search(r"\s*\(([A-Za-z][A-Za-z0-9-]{1,11}(?:\s(?:[IVX]{1,4}|\d{1,2}[A-Za-z]?))?)\)\s*$", phrase)
        if own is not None and own.start() > 0:
            e = s + own.start()
            phrase = self.view.text[s:e]
        found = self.conditions_in(s, e)
        best = max(found, key=lambda m: m.end - m.start) if found else None
        topic = best if best is not None and (best.end - best.start) >= 0.8 * len(phrase.strip()) else Mention(
            s, e, CONDITION, "", normalise_quote(phrase), "", False, "question")
        self.topic_forms = [phrase.strip()] + ([own.group(1)] if own is not None and own.start() > 0 else [])
        # "mucopolysaccharidosis type I (MPS I)": an abbreviation may end in a type number
        abbr = re.search(re.escape(phrase.strip()) + r"\s*\(([A-Za-z][A-Za-z0-9-]{1,11}(?:\s(?:[IVX]{1,4}|\d{1,2}[A-Za-z]?))?)\)",
                         self.view.text, re.I)
        if abbr:
            self.topic_forms.append(abbr.group(1))
        return topic

    def _first_sentence_end(self) -> int:
        m = re.search(r"[.!?](?:\s|$)", self.view.text)
        return m.end() if m else len(self.view.text)

    def topic_at(self, start: int, end: int) -> bool:
        """Whether the page topic's own words (or its abbreviation) overlap ``text[start:end]``."""
        text = self.view.text
        lo, hi = max(0, start - 120), min(len(text), end + 120)
        for form in getattr(self, "topic_forms", ()):
            for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text[lo:hi], re.I):
                if lo + m.start() < end and lo + m.end() > start:
                    return True
        return False

    def expand_abbreviation(self, phrase: str) -> Mention | None:
        """The long form a text defines for an abbreviation ("childhood interstitial lung
        disease (chILD)" for "chILD"): its condition mention when one covers it, else the
        words themselves."""
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]{1,11}", phrase) or sum(c.isupper() for c in phrase) < 2:
            return None
        text = self.view.text
        m = re.search(r"((?:[\w'-]+\s+){1,8})\(" + re.escape(phrase) + r"\)", text)
        if m is None:
            return None
        words = list(re.finditer(r"[\w'-]+", m.group(1)))
        letters = phrase.lower()
        best = None
        for k in range(1, min(len(words), len(letters)) + 1):
            span = words[-k:]
            if span[0].group()[0].lower() == letters[0] and all(w.group()[0].lower() in letters for w in span):
                best = span
        if best is None:
            return None
        s, e = m.start(1) + best[0].start(), m.start(1) + best[-1].end()
        found = [c for c in self.conditions_in(s, e) if (c.end - c.start) >= 0.6 * (e - s)]
        return found[-1] if found else Mention(s, e, CONDITION, "", normalise_quote(text[s:e]), "", False, "abbreviation")

    def listed_as_cause(self, mention: Mention) -> bool:
        """Whether ``mention`` lies inside a cause the document already gave."""
        return any(s <= mention.start and mention.end <= e for s, e in getattr(self, "_cause_spans", ()))

    def named_effect(self, arg: _Arg) -> Mention | None:
        """A short noun phrase as a condition no vocabulary knows (``named_effect``)."""
        phrase = self.view.text[arg.start : arg.end]
        words = phrase.split()
        if (not words or len(words) > MAX_NAMED_EFFECT_WORDS or _FINITE_VERB.search(phrase) or _CLAUSE.match(phrase)
                or ANAPHOR.match(phrase) or is_generic(phrase) or not re.match(r"[A-Z0-9]", phrase)
                or re.match(r"(?:some|most|many|all|few|people|researchers|scientists|doctors|studies|it|there|in|on|at|for|during|after)\b", phrase, re.I)):
            return None
        long_form = self.expand_abbreviation(phrase)
        if long_form is not None:
            return long_form
        return Mention(arg.start, arg.end, CONDITION, "", normalise_quote(phrase), "", False, "named")

    def combination(self, item: _Arg) -> list[_Arg] | None:
        """The kinds a "combination of genetic and environmental factors" names, else None."""
        m = _COMBINATION.match(self.view.text, item.start, item.end)
        if m is None:
            return None
        kinds = [k for k in split_items(self.view.text, _Arg(m.start("kinds"), m.end("kinds")), [], short=SHORT_ITEM_WORDS)]
        return kinds if len(kinds) >= 2 else None

    def subject_items(self, start: int, end: int) -> list[_Arg] | None:
        """The causes a sentence subject ``text[start:end]`` (everything before its verb)
        names when commas inside it are no list: a class with its examples ("Some
        medications, such as A, B, and C, can …" → the class, A, B, C), an apposition
        ("Glucagonoma, a rare tumor of the pancreas, can …" → glucagonoma), "A and B are
        examples of C that …" (A, B, C). None when the subject is none of these."""
        text = self.view.text
        cs = clip_list_left(text, start, end).start
        relative = _RELATIVE_SUBJECT.search(text, start, cs)
        if (relative is not None and relative.end() == cs and relative.group("noun").lower() not in _COMPLEMENT_TAKERS
                and not _NOT_A_VERB.match(text, cs, end)):
            # "Imbalances in the substances that make up bile cause gallstones": the relative
            # clause belongs to the subject
            head = clip_list_left(text, start, relative.start("noun")).start
            opening = _SENTENCE_ADVERB.match(text, start, relative.start())
            if (head <= (opening.end() if opening else start) + 1 and not _FINITE_VERB.search(text, head, relative.start())
                    and not re.match(r"\s*(?:there|it)\b", text[head:], re.I)):
                # only the sentence's own subject: "disease in which the immune system attacks the
                # glands that make …" is a clause inside another
                cs = head
        relative_subject = cs < clip_list_left(text, start, end).start
        adverb = _SENTENCE_ADVERB.match(text, cs, end)
        if adverb:
            cs = adverb.end()
        examples_of = _EXAMPLES_OF.match(text, cs, end)
        if examples_of:
            items = _Arg(examples_of.start("items"), examples_of.end("items"))
            cls = _trim(text, _Arg(examples_of.start("cls"), examples_of.end("cls")))
            return split_items(text, _trim(text, items), self.mentions_in(items.start, items.end)) + [cls]
        after = cs
        if relative_subject and relative is not None:
            # the relative clause's own verb ("Fats that are not properly broken down can …") is not the subject's
            own = re.match(r"\s*[\w'’-]+", text[relative.end() : end])
            after = relative.end() + (own.end() if own else 0)
        verb = _FINITE_VERB.search(text, after, end)
        if verb is not None:
            end = verb.start()
        appositive = _APPOSITIVE.match(text, cs, end)
        if appositive and _SUBJECT_TAIL.match(text, appositive.end(), end) and not _NOT_A_LIST.match(text, appositive.start("head"), end):
            return [_trim(text, _Arg(appositive.start("head"), appositive.end("head")))]
        ex = _SUBJECT_EXAMPLES.search(text, cs, end)
        subject = _trim(text, _Arg(cs, end))
        if (ex is None and subject.end > subject.start and _SHORT_LIST.fullmatch(text, subject.start, subject.end)
                and not _NOT_A_LIST.match(text, subject.start, subject.end)):
            # "Food allergies, celiac disease, lactose intolerance, and dietary fructose intolerance are
            # common causes of …": every item of the subject, not only the last
            items = named_list(text, subject, self.mentions_in(subject.start, subject.end))
            if items is not None:
                return items
        if ex is None or ex.start() <= cs:
            whole = _trim(text, _Arg(cs, end))
            if not relative_subject or whole.end <= whole.start or "," in text[whole.start : whole.end]:
                return None
            if relative is not None and _FINITE_VERB.search(text, relative.end(), whole.end):
                # "A defect in the abdominal wall that is present at birth causes …": the noun phrase
                whole = _trim(text, _Arg(cs, relative.start() + len(relative.group("noun"))))
            return [whole]
        head = _trim(text, _Arg(cs, ex.start()))
        if _INNER_NOUN.search(text, head.start, head.end):
            # "Medicines for conditions such as anxiety …": the examples are of the inner noun
            return [head]
        stop = end
        if ex.group("comma") or ex.group("comma2"):
            # the examples end at a comma that only adverbs follow
            close = text.rfind(",", ex.end(), end)
            if close >= 0 and not _SUBJECT_TAIL.match(text, close + 1, end):
                return None
            stop = close if close >= 0 else end
        examples = _trim(text, _Arg(ex.end(), stop))
        if head.end <= head.start or examples.end <= examples.start:
            return None
        return [head] + split_items(text, examples, self.mentions_in(examples.start, examples.end), short=SHORT_ITEM_WORDS)

    def title_drug(self, need_condition: bool) -> Mention | None:
        """The one medicine the document's first sentence names (an abstract's title)."""
        if not hasattr(self, "_title"):
            self._title: tuple[Mention | None, bool] = (None, False)
            blocks = [b for b in self.view.source.blocks if b.kind in ("title", "paragraph", "heading")]
            spans = self.view.block_sentences(blocks[0]) if blocks else []
            if spans:
                s, e = spans[0]
                drugs = [m for m in self.mentions_in(s, e) if m.label == DRUG]
                if drugs and len({m.name for m in drugs}) == 1:
                    self._title = (drugs[0], bool(self.conditions_in(s, e)))
        drug, has_condition = self._title
        return drug if drug is not None and (has_condition or not need_condition) else None

    def subject_antecedent(self, before: int, block: Block) -> Mention | None:
        """The condition the latest sentence before ``before`` opens with (its subject),
        else the section's topic: what "a form" or "another type" is a form of."""
        spans = self.view.block_sentences(block)
        for s, e in reversed([(s, e) for s, e in spans if s < before]):
            first = self.conditions_in(s, min(e, before))
            if first and len(self.view.text[s : first[0].start].split()) <= 2:
                return first[0]
        return self.section_topic(block)

    def row(self, *, relation: str, cause: _Arg, effect: Mention, start: int, end: int,
            negated: bool, hedged: bool, extractor: str, as_listed: bool = False) -> dict[str, Any] | None:
        """A claim row; ``as_listed`` keeps the relation a cue states for its list ("causes
        include:" lists medicines among other causes) instead of reading a medicine's
        effect as its side effect."""
        text = self.view.text
        called = _CALLED.search(text, cause.start, cause.end)
        if called and called.end() < cause.end:
            cause = _trim(text, _Arg(called.end(), cause.end))
        believer = _BELIEVER.match(text, cause.start, cause.end)
        if believer:
            cause = _trim(text, _Arg(believer.end(), cause.end))
        asked = _WHETHER.match(text, cause.start, cause.end)
        if asked and asked.end() < cause.end:
            # "it has not been determined whether periodontal disease is the cause of …": a cause
            # the text holds open, hedged (as "It is not currently known if … are due to …")
            cause, hedged = _trim(text, _Arg(asked.end(), cause.end)), True
        if _BROKEN_CAUSE.search(text[cause.start : cause.end]) or _VERB_CAUSE.match(text, cause.start, cause.end):
            return None
        cause_text = text[cause.start : cause.end]
        if _has("no_cause", cause_text):
            return None  # "Doctors are still unclear on what exactly causes X", "Learn more about the causes of X"
        if _has("indication_before", text[max(start, cause.start - 200) : cause.start]):
            return None  # "medicines for urinary incontinence, allergies, … and depression often cause dry mouth": what they treat
        with_examples = _CLASS_BEFORE_EXAMPLES.match(text, cause.start)  # its lookahead reads past the cause
        kind = _KIND_OF_CAUSE.fullmatch(cause_text) or (with_examples is not None and with_examples.end() == cause.end)
        if ((_VAGUE.match(cause_text) or (is_generic(cause_text) and not kind))
                and not _CLAUSE.match(cause_text)
                and not _COMBINATION.match(text, cause.start, cause.end)):
            # "there are many factors that contribute to X", "Certain medicines can cause X": no cause, but what a following
            # "These factors may include A, B, …" lists causes X
            getattr(self, "vague_claims", []).append({"relation": relation, "condition": effect.name, "condition_concept_id": effect.concept_id,
                                      "condition_text": text[effect.start : effect.end] if effect.end > effect.start else effect.name,
                                      "negated": negated, "hedged": hedged})
            return None
        bare = _BRACKETS.sub(" ", cause_text)
        head_words = len(re.split(r"\s(?:that|which|who)\s", bare, maxsplit=1)[0].split())
        if (not cause_text or not re.search(r"[A-Za-z]{2}", cause_text) or (is_generic(cause_text) and not kind)
                or head_words > MAX_CAUSE_WORDS
                or len(bare.split()) > MAX_CAUSE_WORDS + MAX_RELATIVE_WORDS):
            return None
        inside = self.mentions_in(cause.start, cause.end)
        anaphor = _GENE_CAUSE_ANAPHOR.fullmatch(cause_text) is not None  # named by :func:`_resolve_gene_anaphors`
        if (_CLAUSE.match(cause_text) and not anaphor) or (not as_listed and _FINITE_VERB.search(cause_text)):
            return None  # a list item may be a sentence of its own ("The patient is short.")
        head = max(inside, key=lambda m: m.end - m.start) if inside else None
        # English noun phrases put the head first before "of"/"in" modifiers:
        # "osteosclerosis of the endplates" is osteosclerosis
        leading = next((m for m in inside if m.start == cause.start
                        and re.match(r"\s+(?:of|in|with)\b", text[m.end : cause.end])), None)
        if leading is None:
            # "fentanyl administration", "chronic cocaine use": the medicine given
            leading = next((m for m in inside if m.label == DRUG and _GIVEN_AFTER.match(text, m.end, cause.end)), None)
        given = _GIVEN.match(cause_text)
        drug = next((m for m in inside if m.label == DRUG and given and m.start >= cause.start + given.end()
                     and not text[m.end : cause.end].strip()), None)
        if drug is not None:
            # "long-term therapy with cyclosporine": the medicine given is the cause
            leading = drug
        if leading is not None:
            cause_name, cause_id = leading.name, leading.concept_id
        elif head is not None and (head.end - head.start) >= 0.6 * len(cause_text):
            cause_name, cause_id = head.name, head.concept_id
        else:
            plain = _OR_GLOSS.sub("", cause_text)  # "mutations, or changes, in X": mutations in X
            cause_name, cause_id = _symbols_as_written(normalise_quote(plain), plain), ""
        if cause_name == effect.name:
            return None
        self._cause_spans = getattr(self, "_cause_spans", []) + [(cause.start, cause.end)]
        source = leading if leading is not None else head if cause_id else None
        if relation == "causes" and source is not None and source.label == DRUG and not as_listed:
            # a medicine that causes a condition: its side effect, as the contract names it
            relation = "adverse_effect"
        return {
            "doc_id": self.view.source.doc_id, "cause": cause_name, "cause_concept_id": cause_id,
            "condition": effect.name, "condition_concept_id": effect.concept_id,
            "relation": relation, "negated": negated, "hedged": hedged,
            "start": start, "end": end, "evidence": text[start:end], "review_status": "clean",
            "cause_text": cause_text, "condition_text": text[effect.start : effect.end],
            "extractor": extractor, **({"cause_anaphor": cause.start} if anaphor else {}),
        }

    def examples_of(self, claims: list[dict[str, Any]], first: int, start: int, end: int) -> list[dict[str, Any]]:
        """"Certain inherited conditions can lead to X. Examples include A, B and C.": each
        example is a cause of what the sentence before (from ``first``) says its class
        causes, with both sentences as evidence."""
        text = self.view.text
        m = _EXAMPLES_LEAD.match(text, start, end)
        if m is None:
            return []
        arg = _trim(text, clip_right(text, m.end(), end))
        lead_hedged = _has("hedge", text[start : m.end()])
        rows = []
        for claim in {(c["condition"], c["relation"]): c for c in claims}.values():
            effect = Mention(0, 0, CONDITION, claim["condition_concept_id"], claim["condition"], "", False, "claim")
            for item in split_items(text, arg, self.mentions_in(arg.start, arg.end), short=SHORT_ITEM_WORDS):
                row = self.row(relation=claim["relation"], cause=item, effect=effect, start=first, end=end,
                               negated=claim["negated"], hedged=claim["hedged"] or lead_hedged, extractor="cause.examples_include",
                               as_listed=True)
                if row:
                    row["condition_text"] = claim["condition_text"]
                    rows.append(row)
        return rows

    def examples_after_effect(self, claims: list[dict[str, Any]], start: int, end: int) -> list[dict[str, Any]]:
        """"Many factors can lead to dry eye, including aging, medications, …": a vague class
        (``claims``, what :meth:`row` recorded of it) with its members after the condition in
        the same sentence; each member causes what the class causes, as hedged."""
        text = self.view.text
        rows = []
        for claim in {(c["condition"], c["relation"]): c for c in claims}.values():
            at = text.find(claim["condition_text"], start, end) if claim["condition_text"] else -1
            m = _EXAMPLES_AFTER.match(text, at + len(claim["condition_text"]), end) if at >= 0 else None
            if m is None:
                continue
            arg = _trim(text, clip_right(text, m.end(), end))
            effect = Mention(0, 0, CONDITION, claim["condition_concept_id"], claim["condition"], "", False, "claim")
            for item in split_items(text, arg, self.mentions_in(arg.start, arg.end), short=SHORT_ITEM_WORDS):
                if _is_clause(text[item.start : item.end]):
                    continue
                row = self.row(relation=claim["relation"], cause=item, effect=effect, start=start, end=end,
                               negated=claim["negated"], hedged=claim["hedged"], extractor="cause.class_examples",
                               as_listed=True)
                if row:
                    row["condition_text"] = claim["condition_text"]
                    rows.append(row)
        return rows

    def named_right_effect(self, arg: _Arg) -> list[Mention]:
        """The condition a right-hand effect no vocabulary knows names: an abbreviation the
        page defined ("… and lead to TAAs"), or a short noun phrase with a disease's head
        noun ("Fructose malabsorption causes dietary fructose intolerance", "can cause
        problems with smell")."""
        text = self.view.text
        written = text[arg.start : arg.end]
        # "causes most UTIs": the abbreviation without its quantifier and plural
        bare = re.sub(r"^(?:most|many|some|all|almost all|nearly all|the majority of)\s+(?=[A-Z])", "", written)
        long_form = self.expand_abbreviation(bare) or self.expand_abbreviation(re.sub(r"(?<=[A-Z])s$", "", bare))
        if long_form is not None:
            return [long_form]
        made = _MADE_TO.fullmatch(written)
        if made and not is_generic(made.group("np")) and not _FINITE_VERB.search(made.group("np")) and not re.match(
                r"(?:a person|someone|people|you|he|she|they|it|the body|the immune system|cells?)$", made.group("np"), re.I):
            # "Straining may cause diverticula to form", "causes the cornea to swell": what forms, or the organ's change
            thing = normalise_quote(made.group("np"))
            verb = made.group("verb").lower()
            name = thing if verb in _FORMS else f"{thing} {_CHANGE_NOUN[verb]}"
            return [Mention(arg.start, arg.end, CONDITION, "", name, "", False, "named")]
        excess = _TOO_MUCH.fullmatch(written)
        if excess:
            # "Hemochromatosis causes the body to store too much iron": the excess is the condition
            return [Mention(arg.start, arg.end, CONDITION, "", f"excess {normalise_quote(excess.group('what'))}", "", False, "named")]
        if (_NAMED_CONDITION.fullmatch(written) and not is_generic(written)
                and not _FINITE_VERB.search(written) and not _ONSET.match(written)
                and not re.search(r"\b(?:the|this|that|these|those|such)\s+(?:\w+\s+)?(?:disease|condition|disorder|syndrome|"
                                  r"problem|illness|pathology)s?\b", written, re.I)):
            return [Mention(arg.start, arg.end, CONDITION, "", normalise_quote(written), "", False, "named")]
        return []

    def right_list_effects(self, arg: _Arg, found: list[Mention]) -> list[Mention]:
        """The conditions a right-hand list of effects names ("internal sores, also called
        lesions, and thickening of tissues in the small intestine"): the mentions ``found``
        in it, and every item no mention covers that names a condition by its own words
        (:meth:`named_right_effect`), in the order written. An apposition ("also called
        lesions") renames the item before it."""
        text = self.view.text
        chunk = text[arg.start : arg.end]
        if not _LIST_SPLIT.search(chunk):
            return found
        out, pos = list(found), arg.start
        for sep in [*_LIST_SPLIT.finditer(text, arg.start, arg.end), None]:
            item = _trim(text, _Arg(pos, sep.start() if sep else arg.end))
            pos = sep.end() if sep else arg.end
            phrase = text[item.start : item.end]
            if (item.end <= item.start or re.match(r"(?:also\s+)?(?:called|known as|named)\b", phrase, re.I)
                    or any(m.start < item.end and item.start < m.end for m in found)):
                continue
            out.extend(m for m in self.named_right_effect(item) if m.end - m.start < arg.end - arg.start)
        return sorted(_distinct(out), key=lambda m: m.start) if len(out) > len(found) else found

    def chain_links(self, start: int, pos: int, end: int, cause: Mention) -> tuple[list[dict[str, Any]], int]:
        """The next link of a chain after a claim's effect ``cause`` ("Mutations in X lead
        to a shortage of Y, which causes Z"; "Aspiration can inflame the airways, which can
        lead to bronchiectasis"): ``cause`` causes what the clause names, and so on along
        the chain. Rows and where the last link ends."""
        text, rows = self.view.text, []
        while True:
            m = _WHICH_CHAIN.match(text, pos, end)
            if m is None:
                return rows, pos
            effect_arg = clip_right(text, m.end(), end)
            verb = _AND_VERB.search(text, effect_arg.start, effect_arg.end)
            effect_arg = _trim(text, _Arg(effect_arg.start, verb.start() if verb else effect_arg.end))
            if effect_arg.end <= effect_arg.start or _FEATURES.match(text, effect_arg.start, effect_arg.end):
                return rows, pos  # "which causes the signs and symptoms of X": no condition of its own
            effects = _distinct(self.conditions_in(effect_arg.start, effect_arg.end)) or self.named_right_effect(effect_arg)
            link_hedged = _has("hedge", text[m.start() : m.end()])
            found = [row for effect in effects if effect.name != cause.name
                     for row in [self.row(relation="causes", cause=_Arg(cause.start, cause.end), effect=effect, start=start,
                                          end=end, negated=_has("negated", text[m.start() : m.end()]), hedged=link_hedged,
                                          extractor="cause.which_chain", as_listed=True)] if row]
            if not found:
                return rows, pos
            rows.extend(found)
            cause, pos = effects[-1], effect_arg.end

    def from_sentence(self, block: Block, start: int, end: int) -> list[dict[str, Any]]:
        """Claims of a sentence. A sentence may make several ("X is caused by A, while Y is
        caused by B"): after the first pattern that gives claims, the rest of the sentence
        after its arguments is read again."""
        rows: list[dict[str, Any]] = []
        if self.view.text[start:end].rstrip().endswith("?"):
            return rows  # a question ("Can X be caused by Y?") asks, it does not state
        pos = start
        while pos < end:
            self._last_effect: Mention | None = None
            found, stop = self._claims(block, start, pos, end)
            if not found or stop <= pos:
                break
            rows.extend(found)
            pos = stop
            last = getattr(self, "_last_effect", None)
            if last is not None:
                chained, stop = self.chain_links(start, pos, end, last)
                rows.extend(chained)
                pos = max(pos, stop)
        return rows

    def _claims(self, block: Block, start: int, pos: int, end: int) -> tuple[list[dict[str, Any]], int]:
        """Rows of the first pattern that gives claims in ``text[pos:end]`` (of the sentence
        ``text[start:end]``), and where its arguments end."""
        text = self.view.text
        sentence = text[start:end]
        pages = page_pattern_ids()
        for rule, pattern in cause_patterns():
            if self.is_leaflet and rule.id in pages:
                continue
            m = pattern.search(text[pos:end])
            if not m:
                continue
            e_start, e_end = pos + m.start("effect"), pos + m.end("effect")
            c_start, c_end = pos + m.start("cause"), pos + m.end("cause")
            effect_left = e_start < c_start
            sub = _SUBORDINATE.match(text, pos, end)
            if sub and max(e_start, c_start) < sub.end() <= max(e_end, c_end):
                # "If X is caused by A, B is indicated": the claim ends with its clause
                e_end, c_end = min(e_end, sub.end() - 1), min(c_end, sub.end() - 1)
            bullets = inline_bullets(text, c_start, c_end) if effect_left else None
            # the verb group ends the effect: searched in its last words only (a run of "may be"s is no effect)
            aux = _AUX_TAIL.search(text, max(e_start, e_end - _AUX_REACH), e_end) if effect_left else None
            which = re.search(r",\s*which\s*$", text[e_start : aux.start() if aux is not None else e_end]) if effect_left else None
            if which is not None and _OTHER_CLAIM.search(text, pos, e_start + which.start()):
                which = None  # "… develop because of X, which is caused by Y": the sentence's own claim comes first
            if which is not None and which.start() > 0 and re.match(r"\s*(?:is|are|was|were|can be|may be|might be)\b",
                                                                     text[aux.start() if aux is not None else e_end : c_start]):
                # "Another hereditary disease is Alport syndrome, which is caused by …": the noun
                # the relative clause is about is the effect
                e_end = e_start + which.start()
                aux = None
            elif aux is not None and re.search(r"\b(?:which|that|who|whom|whose|where|when|if)\W*$", text[e_start : aux.start()], re.I):
                continue  # "… osteoarthropathy (which often occurs in …": the verb is a relative clause's
            if aux is not None and aux.start() > e_start and _CAUSAL_AFTER_AUX.match(text, aux.end()):
                # "It may be due to …", "X can be caused by …": the verb group is no part of the
                # effect, and the clause boundary "be" in it would leave the effect empty (not
                # before "occur in": "It can occur in muscles" names where, not a cause)
                e_end = aux.start()
            coord = _COORD_PREDICATE.search(text, e_start, e_end) if effect_left else None
            if coord is not None and coord.start() > e_start:
                e_end = coord.start()  # "X is often genetic and may be caused by …": X
            effect_arg = ((clip_list_left(text, e_start, e_end) if rule.effects == "all" else clip_left(text, e_start, e_end))
                          if effect_left else clip_right(text, e_start, e_end))
            cause_arg = _Arg(c_start, c_end) if bullets else (
                clip_right(text, c_start, c_end, cause=True) if effect_left else clip_left(text, c_start, c_end))
            effect_arg, cause_arg = _trim(text, effect_arg), _trim(text, cause_arg)
            if aux is not None and effect_arg.end <= effect_arg.start:
                continue  # "… (which often occurs in …": the clause boundary left no effect
            verb = _FINITE_VERB.search(text, cause_arg.start, cause_arg.end) if effect_left is False else None
            if verb and verb.start() > cause_arg.start:
                # "Certain inherited conditions can damage the stem cells and lead to X": the
                # subject before the first verb is the cause
                cause_arg = _trim(text, _Arg(cause_arg.start, verb.start()))
            subject = None
            if rule.subject and c_start == c_end:
                subject = self.title_drug(rule.subject == "title_claim")
                if subject is None or subject.start >= start:
                    continue  # no title medicine, or the sentence is the title itself
            elif rule.cause_kind == "drug" and not any(x.label == DRUG for x in self.mentions_in(cause_arg.start, cause_arg.end)):
                continue
            effects = self.conditions_in(effect_arg.start, effect_arg.end)
            if self.topic is not None and self.topic_at(effect_arg.start, effect_arg.end):
                # "Some cases of multiple pterygium syndrome, Escobar type are caused by …": the page's topic;
                # a right-hand list keeps its other conditions ("the risk of pancreatitis, beta cell
                # damage, and diabetes")
                others = [x for x in effects if not self.topic_at(x.start, x.end)] if not effect_left else []
                effects = [self.topic] + others
            elif (not effects and rule.named_effect and effect_left and e_start == pos
                  and not text[start:effect_arg.start].strip()):
                named = self.named_effect(effect_arg)
                effects = [named] if named is not None else []
            if not effects and not effect_left:
                effects = self.named_right_effect(effect_arg)
            if not effect_left and effects and not (self.topic is not None and self.topic_at(effect_arg.start, effect_arg.end)):
                # "can cause internal sores and thickening of tissues in the small intestine": list
                # items no vocabulary knows name their conditions too
                effects = self.right_list_effects(effect_arg, effects)
            elif not effect_left and not effects:
                effects = self.right_list_effects(effect_arg, [])
            if not effects and effect_left and e_start == pos and _NAME_COMMA.match(text, e_start, end):
                # "Familial HLH, type 5 is caused by …": a comma inside the sentence's subject name
                effects = self.conditions_in(e_start, e_end)[-1:]
            if effects:
                # a left-hand effect is the condition nearest the trigger; a right-hand list
                # of conditions ("leads to infections and inflammations") gives one claim each
                targets = [effects[-1]] if effect_left and rule.effects == "nearest" else _distinct(effects)
                if rule.cause_kind == "drug":
                    # "women with overactive bladder after tolterodine": the population's
                    # disease is what the medicine was given for
                    targets = [t for t in targets if not _POPULATION_WITH.search(text, max(start, t.start - 60), t.start)]
                    if not targets:
                        continue
            elif e_start == e_end or ANAPHOR.match(_ONSET.sub("", text[effect_arg.start : effect_arg.end].strip())):
                # an empty effect group ("risk factors include …") is the topic, as a pronoun is
                antecedent = (self.subject_antecedent(start, block) if rule.antecedent == "subject"
                              else self.antecedent(start, block))
                if getattr(self, "topic_forms", None) and rule.antecedent != "subject":
                    # a page that asks "What causes X?" answers about X: "the condition", "Another common cause"
                    antecedent = self.topic
                if antecedent is not None and self.listed_as_cause(antecedent):
                    # "The most common causes are A, such as B. Other common causes are …": not B's causes
                    antecedent = self.section_topic(block)
                sub = _SUBORDINATE.match(text, start, effect_arg.start) if effect_arg.end > effect_arg.start else None
                own = self.conditions_in(start, sub.end()) if sub is not None and not text[sub.end() : effect_arg.start].strip() else []
                if own:
                    # "When leaking urine lasts longer, it may be due to …": the pronoun stands for
                    # the condition its own sentence's opening clause names
                    antecedent = own[0]
                elif sub is not None and not text[sub.end() : effect_arg.start].strip() and not self.topic_at(start, sub.end()):
                    continue  # … or for what that clause is about, though no vocabulary knows it
                elif antecedent is None or self.listed_as_cause(antecedent) or start <= antecedent.start < end:
                    continue
                targets = [antecedent]
            else:
                continue
            between = text[
                (effect_arg.end if effect_left else cause_arg.end) : (cause_arg.start if effect_left else effect_arg.start)
            ]
            superseded = _has("superseded", sentence)
            # "None of the patients developed X", "No patient developed X during Y therapy": the
            # sentence denies the effect to everyone before it names it
            negated = _has("negated", between) or _has("negated_subject", text[pos:effect_arg.end]) or superseded
            hedged = _has("hedge", between) or _has("hedge", text[pos:min(effect_arg.start, cause_arg.start)]) or superseded
            rows = []
            called = _CALLED.search(text, cause_arg.start, cause_arg.end) if not bullets else None
            if called and called.end() < cause_arg.end:
                cause_arg = _Arg(called.end(), cause_arg.end)  # "A, called B, causes C": B, not two causes
            if bullets:
                # each bullet as a list item: "allergens such as ragweed, grasses, and pet dander" is a class and its examples
                bullets = [a for b in bullets for a in (self.item_args(replace(block, start=b.start, end=b.end))
                                                        if _EXAMPLES.search(text, b.start, b.end) else [b])]
            semis = semicolon_items(text, cause_arg.start, c_end) if effect_left and not bullets and subject is None else None
            if semis:
                # "include A; B; C; and/or D": each part an item of its own, as a list item is
                bullets = [a for b in semis for a in self.item_args(replace(block, start=b.start, end=b.end))]
                cause_arg = _Arg(cause_arg.start, semis[-1].end)
            if not bullets and text[pos:cause_arg.start].rstrip().endswith(":") and len(glued_items(text, cause_arg)) >= 3:
                continue  # "Risk factors include: A B C …": a list glued after its cue, read by :meth:`from_lists`
            if not bullets and glued_list(text, cause_arg):
                continue
            rel_end = re.search(r"\s(?:that|which|who)\s*$", text[c_start:c_end])
            if (not effect_left and (rel_end or re.match(r"\s*(?:that|which|who)\b", text[c_end:]))
                    and text[c_start : c_start + rel_end.start() if rel_end else c_end].rstrip()[-1:] != ","):
                rel_at = c_start + rel_end.start() if rel_end else c_end
                clause = clip_list_left(text, c_start, rel_at)
                if _NON_COPULA_VERB.search(text, clause.start, c_end):
                    # "Some children have metabolic disorders that lead to kidney stones": the object the
                    # relative clause is about; "your doctor will check … that may increase …" names none
                    objects = list(re.finditer(r"\b(?:have|has|had|carry|carries|inherit|inherits|inherited|develop|develops)\s+", text[clause.start:rel_at], re.I))
                    if not objects:
                        continue
                    subject_items = None
                    obj = _trim(text, _Arg(clause.start + objects[-1].end(), rel_at))
                    if obj.end <= obj.start or _FINITE_VERB.search(text, obj.start, obj.end):
                        continue
                    cause_arg = obj
                    c_start, c_end = obj.start, obj.end
            subject_items = (self.subject_items(c_start, c_end)
                             if not effect_left and subject is None and not bullets else None)
            if rule.cause_clause and "," in text[cause_arg.start : cause_arg.end] and not _CLAUSE_LIST.search(
                    text, cause_arg.start, cause_arg.end):
                cause_arg = _trim(text, _Arg(cause_arg.start, text.index(",", cause_arg.start)))
            if _COMBINATION.match(text, cause_arg.start, cause_arg.end):
                subject_items = [cause_arg]  # "a mixture of genetic, hormonal, and environmental factors": one item, its kinds below
            items = ([_Arg(subject.start, subject.end)] if subject is not None else
                     bullets or subject_items or split_items(text, cause_arg, self.mentions_in(cause_arg.start, cause_arg.end), brackets=True))
            genes = (_GENE_SUBJECT.search(text[pos:c_end]) if not effect_left and subject is None and not bullets
                     else None)
            if genes is not None and pos + genes.end() > cause_arg.start:
                first = pos + genes.start("list")
                items = [_Arg(first + k.start(), first + k.end()) for k in re.finditer(_LIST_SYMBOL, genes.group("list"))]
            if _INHERITANCE_LIST.fullmatch(text, cause_arg.start, cause_arg.end):
                items = [_Arg(cause_arg.start + k.start(), cause_arg.start + k.end())
                         for k in _INHERITANCE.finditer(text[cause_arg.start : cause_arg.end])]
            if rule.cause_kind == "drug" and subject is None:
                # "tremor side effects of salbutamol, quantified by …": only items naming a medicine
                drugs = [i for i in items if any(x.label == DRUG for x in self.mentions_in(i.start, i.end))]
                if (len(items) >= 3 and len(drugs) < len(items) / 2
                        or _VAGUE_INCLUDING.match(text, cause_arg.start, cause_arg.end)):
                    # "BOOP may be caused by a variety of factors, including viral infections, …, drugs,
                    # radiation therapy, cocaine, …": a list of causes of every kind, which a general pattern reads
                    continue
                items = drugs
            for item in items:
                pair = _HEAD_OF_PAIR.fullmatch(text, item.start, item.end) if not bullets else None
                for effect in targets:
                    for kind in self.combination(item) or [None]:
                        row = self.row(relation=rule.relation, cause=kind or item, effect=effect, start=start, end=end,
                                       negated=negated, hedged=hedged, extractor=rule.id, as_listed=bool(bullets))
                        if row and rule.cause_name:
                            row["cause"], row["cause_concept_id"] = rule.cause_name, ""
                        if row and row["relation"] == "adverse_effect" and rule.id.startswith("page."):
                            # a consumer page's own shape says what the medicine is ("insulin itself
                            # may be a key trigger of …"): a cause, not a side effect of a treatment
                            row["relation"] = rule.relation
                        if row and pair is not None and kind is None:
                            # "an increase in GABA and GHB": one cause per substance, each with the shared head
                            head = normalise_quote(pair.group("head").strip())
                            rows.extend({**row, "relation": rule.relation,
                                         "cause": _symbols_as_written(f"{head} {normalise_quote(x)}", x),
                                         "cause_concept_id": "", "cause_text": f"{pair.group('head').strip()} {x}"}
                                        for x in (pair.group("a"), pair.group("b")))
                            continue
                        if row and kind is not None:
                            # "genetic and environmental factors": each kind with the shared head
                            named = text[kind.start : kind.end]
                            head = _COMBINATION.match(text, item.start, item.end).group("head")
                            if not named.lower().endswith(head.lower()):
                                row["cause"] = row["cause_text"] = f"{normalise_quote(named)} {head.lower()}"
                        if row:
                            rows.append(row)
            if rows:
                # the effect a chain may go on from ("… cause constipation, which …")
                self._last_effect = targets[-1] if not effect_left and targets[-1].end == effect_arg.end else None
                return rows, max(effect_arg.end, cause_arg.end)  # first matching pattern wins
        return [], end

    def _is_flat_item(self, block: Block) -> bool:
        """A paragraph that continues a list after a cue ending in ':' (pages flattened to
        one paragraph per item): its first sentence is short and has no finite verb. A
        short item the converter took for a heading is one too, unless it asks or leads."""
        if block.kind not in ("paragraph", "caption") and not (
                block.kind == "heading" and not self.view.text[block.start : block.end].rstrip().endswith((":", "?"))):
            return False
        text = self.view.text[block.start : block.end]
        first = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
        bare = re.sub(r"\([^()]*\)", "", first)
        # "Birth defects that cause problems with …": the verb of a relative clause is the item's own
        bare = re.sub(r"\s(?:that|which|who)\s.*", "", bare)
        return 0 < len(bare.split()) <= MAX_ITEM_WORDS and not _FINITE.search(bare)

    def _list_items(self, k: int) -> list[Block]:
        """The list items after block ``k``: marked ones, or after a cue ending in ':'
        paragraphs that read as items."""
        blocks = self.view.source.blocks
        cue = blocks[k]
        colon = self.view.text[cue.start : cue.end].rstrip().endswith(":")
        items = []
        for b in blocks[k + 1 :]:
            if b.kind != "list_item" and self.view.text[b.start : b.end].rstrip().endswith(":"):
                break  # the lead of the next list
            if b.kind == "list_item" or (colon and self._is_flat_item(b)):
                items.append(b)
                continue
            break
        return items

    def _item_parts(self, block: Block) -> list[tuple[Block, list[_Arg]]]:
        """Each item of a list block (its bullets when several were flattened into it) with
        the causes it names."""
        bullets = inline_bullets(self.view.text, block.start, block.end, opened=block.kind == "list_item")
        parts = [replace(block, start=b.start, end=b.end) for b in bullets] if bullets else [block]
        return [(part, self.item_args(part)) for part in parts]

    def item_args(self, block: Block) -> list[_Arg]:
        """The causes one list item names: its first sentence up to a clause that
        describes it (", leading to …", ", especially …"), split into its list items. A
        class with examples ("Toxins, such as pesticides, arsenic, and benzene",
        "curvature … in the form of A, B or C", "consequences of trauma (impacts,
        fractures, …)") is the class and each example; a bracket without a list explains
        ("chemotherapy (treatments for cancer)") and is left out."""
        text = self.view.text
        end = block.end
        stop = re.search(r"(?<=[.!?])\s+(?=\S)", text[block.start : block.end])
        if stop:
            end = block.start + stop.start()
        parts: list[_Arg] = []
        gloss = _TRAILING_GLOSS.search(text[block.start : end])
        if gloss and gloss.start() > 0:
            inner = _Arg(block.start + gloss.start(1), block.start + gloss.end(1))
            if re.search(r",|\s(?:and|or)\s", text[inner.start : inner.end]):
                parts.append(inner)
            end = block.start + gloss.start()
        label = _LABEL.match(text, block.start, end)
        if label:
            end = label.end(1)  # "Amyloidosis: A disease in which …": the label names the cause
        arg = _trim(text, clip_right(text, block.start, end))
        clause = _ITEM_CLAUSE.search(text, arg.start, arg.end)
        if clause:
            arg = _trim(text, _Arg(arg.start, clause.start()))
        example = _EXAMPLES.search(text, arg.start, arg.end)
        gloss_of_item = (_ITEM_APPOSITIVE.match(text, arg.start, example.start()) if example
                         else _ITEM_GLOSSED.match(text, arg.start, arg.end))
        if gloss_of_item:
            # "Salmonella, a bacterium found in many foods, including raw meat, poultry …": the examples
            # are the gloss's (foods), not the item's; the item is the name before the gloss
            parts = [_Arg(arg.start, gloss_of_item.end("item"))] + parts
        else:
            parts = ([_Arg(arg.start, example.start()), _Arg(example.end(), arg.end)] if example else [arg]) + parts
        out: list[_Arg] = []
        for part in parts:
            part = _trim(text, clip_right(text, part.start, part.end))
            comma = text.find(",", part.start, part.end)
            if _RELATIVE.search(text, part.start, comma if comma >= 0 else part.start):
                out.append(part)  # "diseases that affect the stomach, small intestine, or colon": one cause
                continue
            mentions = self.mentions_in(part.start, part.end)
            out.extend(split_items(text, part, mentions, short=SHORT_ITEM_WORDS))
        return [a for a in out if a.end > a.start]

    def _cues_with_items(self) -> Iterator[tuple[Block, list[Block]]]:
        """Each cue block with the list items after it; and a sentence whose list the page's
        converter glued after its colon ("Risk factors include: A personal or family history of X
        A history of liver disease A multiple gestation pregnancy …", GARD pages): the sentence up
        to its colon is the cue, each glued piece an item (at least three)."""
        blocks = self.view.source.blocks
        text = self.view.text
        for k, cue in enumerate(blocks):
            if cue.kind not in ("paragraph", "heading", "caption", "title"):
                continue
            items = self._list_items(k)
            if items:
                yield cue, items
            for s, e in self.view.block_sentences(cue):
                colon = text.find(": ", s, e)
                if colon < 0 or _has("no_cause", text[s:colon]):
                    continue  # "The following online resources provide more information on the cause of X: …"
                glued = glued_items(text, _trim(text, _Arg(colon + 1, e)))
                if len(glued) >= 3:
                    yield replace(cue, start=s, end=colon + 1), [replace(cue, start=g.start, end=g.end, kind="list_item") for g in glued]

    def from_lists(self) -> list[dict[str, Any]]:
        """Cue line + following list items: each item is a cause of the cue's condition."""
        blocks = self.view.source.blocks
        text = self.view.text
        rows: list[dict[str, Any]] = []
        for cue, items in self._cues_with_items():
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
                    elif self.topic is not None and self.topic_at(e_arg.start, e_arg.end):
                        effect = self.topic
                    elif self.expand_abbreviation(phrase) is not None:
                        effect = self.expand_abbreviation(phrase)
                    elif phrase and not ANAPHOR.match(phrase) and not is_generic(phrase):
                        # the cue names its condition, though no vocabulary knows it; its clause only
                        # ("In people on insulin or pills that …, low blood glucose can be caused by")
                        e_arg = _trim(text, clip_left(text, e_arg.start, e_arg.end))
                        phrase = text[e_arg.start : e_arg.end]
                        effect = Mention(e_arg.start, e_arg.end, CONDITION, "", normalise_quote(phrase),
                                         "", False, "cue") if phrase else None
                if effect is None:
                    effect = self.topic if getattr(self, "topic_forms", None) else self.antecedent(cue.end, cue)
                if effect is None or (items and items[0].start <= effect.start < items[-1].end) or self.listed_as_cause(effect):
                    break  # the list's own item, or a cause named earlier, is not what the list causes
                # "Many factors can cause X, including:": every item is as hedged as the cue
                named = "effect" in pattern.groupindex and m.group("effect")
                cue_hedged = _has("hedge", last_sentence[: m.start("effect")] + " " + last_sentence[m.end("effect") :]
                                  if named else last_sentence)
                for item, args in (p for b in items for p in self._item_parts(b)):
                    for arg in args:
                        row = self.row(relation=rule.relation, cause=arg, effect=effect, start=item.start,
                                       end=item.end, negated=False,
                                       hedged=cue_hedged or _has("hedge", text[item.start:item.end]), extractor=rule.id,
                                       as_listed=True)
                        if row:
                            rows.append(row)
                break
            else:
                rows.extend(self.listed_after_claim(cue, items))
        return rows

    def lead_claims(self, block: Block, start: int, end: int) -> list[dict[str, Any]]:
        """What the sentence ``text[start:end]`` claims a class causes (its rows, and the
        claims of a vague class such as "many things"), when its cause is a class a list
        names the members of (``rules/cause_list_leads.jsonl``); the finder's record of
        causes already named is left as it was, since the sentence is read again later."""
        spans, vague = list(getattr(self, "_cause_spans", [])), list(getattr(self, "vague_claims", []))
        self.vague_claims = []
        found = self.from_sentence(block, start, end)
        claims = [c for c in found if any(p.search(c["cause_text"]) for _, p in list_leads())] + self.vague_claims
        self._cause_spans, self.vague_claims = spans, vague
        return claims

    def listed_after_claim(self, cue: Block, items: list[Block]) -> list[dict[str, Any]]:
        """List items after a lead no cue knows that claims what a class causes: "Examples
        of lung infections that can lead to bronchiectasis include:", or a claim followed by
        "Examples of such conditions include:". Each item is a member of the class, so a
        cause of what the class causes, as hedged as the claim."""
        text = self.view.text
        if not (text[cue.start : cue.end].rstrip().endswith(":") or items[0].kind == "list_item"):
            return []
        spans = self.view.block_sentences(cue)
        if not spans:
            return []
        claims = self.lead_claims(cue, *spans[-1])
        if not claims and len(spans) > 1 and _LIST_ANNOUNCED.match(text, *spans[-1]):
            claims = self.lead_claims(cue, *spans[-2])
        rows: list[dict[str, Any]] = []
        for claim in {(c["condition"], c["relation"]): c for c in claims}.values():
            effect = Mention(0, 0, CONDITION, claim["condition_concept_id"], claim["condition"], "", False, "claim")
            for item, args in (p for b in items for p in self._item_parts(b)):
                for arg in args:
                    if _NOT_AN_ITEM.match(text, item.start, item.end) or _is_clause(text[arg.start : arg.end]):
                        continue  # a sentence in the list ("Some people incorrectly believe …"), or a pointer
                    row = self.row(relation=claim["relation"], cause=arg, effect=effect, start=item.start, end=item.end,
                                   negated=claim["negated"], hedged=claim["hedged"] or _has("hedge", text[item.start:item.end]),
                                   extractor="cause.listed_after_claim", as_listed=True)
                    if row:
                        rows.append(row)
        return rows


#: "cocaine-induced myocardial infarction", "heparin-associated thrombocytopenia": a
#: condition named with what brought it on, as abstracts and case reports write it.
_INDUCED = re.compile(r"^(?P<cause>[A-Za-z][\w-]*?(?:\s+(?:and|or)\s+[A-Za-z][\w-]*?)?)-(?:induced|associated|"
                      r"related|provoked|triggered)\s+(?P<effect>\S.*)$", re.I)


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


#: "High levels of oxygen can inflame the lining of the lungs and injure the airways": consumer
#: pages name harm to an organ with a verb; the condition is the organ's harm ("lung inflammation").
_ORGAN_HARM = re.compile(
    r"(?P<verb>inflame|injure|damage|irritate|harm|scar|weaken|destroy|impair)s?(?:\s+(?:and|or)\s+(?P<verb2>inflame|injure|"
    r"damage|irritate|harm|scar|weaken|destroy|impair)s?)?\s+(?:(?:the|your|a person's|the baby's|the babies'|"
    r"an infant's|a child's|the body's|the bodys)\s+)?(?P<organ>(?:(?:lining|walls?) of the\s+)?(?:lungs?|airways?|liver|"
    r"kidneys?|heart(?: muscle)?|brain|nerves?|skin|eyes?|stomach|intestines?|bone marrow|bones?|joints?|blood vessels?|"
    r"stem cells|retina|pancreas|(?:pancreatic\s+)?beta cells|islet cells|aorta|arteries|connective tissues?|optic nerve|"
    r"spinal cord|sense of smell|sense of taste))\b", re.I)
_HARM_NOUN = {"inflame": "inflammation", "injure": "injury", "damage": "damage", "irritate": "irritation",
              "harm": "injury", "scar": "scarring", "weaken": "weakness", "destroy": "damage", "impair": "impairment"}
#: A sentence that opens with a phrase of time or place ("At that point, the stool moves …") is no list.
_NOT_A_LIST = re.compile(r"(?:at|in|on|for|with|by|from|during|after|before|when|if|as|since|because|then|however|"
                         r"therefore|thus|also|so|but)\b", re.I)
#: A subject that is a list of short names ("Pancreatitis, cancer, and trauma").
_SHORT_LIST = re.compile(r"[\w'’-]+(?:\s+[\w'’-]+){0,3}(?:,\s*[\w'’-]+(?:\s+[\w'’-]+){0,3})+,?\s+(?:and|or)\s+[\w'’-]+(?:\s+[\w'’-]+){0,3}")
#: "…, thus causing diabetes", "… and lead to X": the condition an organ's harm brings on.
_THEN_CAUSING = re.compile(r"(?:,\s*|\s+)(?:(?:thus|thereby|and|which|in turn)\s+)*(?:(?:can|may|might|could|also|then|eventually)\s+)*"
                           r"(?:causing|leading to|resulting in|cause|causes|lead to|leads to|result in|results in)\s+", re.I)
#: What may stand between the cause and its first harm verb ("can", "might also", "and").
_HARM_GAP = re.compile(r"^\s*(?:(?:can|may|might|could|will|would|also|often|eventually|all|both|and|or|then|further|directly)\s+)*$", re.I)


def organ_harm_causes(finder: _CauseFinder, block: Block, start: int, end: int) -> list[dict[str, Any]]:
    """One row per organ a sentence says its subject harms ("X can inflame the lungs and injure
    the airways": lung inflammation, airway injury)."""
    text = finder.view.text
    harms = list(_ORGAN_HARM.finditer(text, start, end))
    if not harms:
        return []
    subject_end = harms[0].start()
    gap = re.search(r"(?:\s+(?:(?:can|may|might|could|will|would|also|often|eventually|all|both)\s*)*)$", text[start:subject_end])
    cut = start + gap.start() if gap else subject_end
    if not _HARM_GAP.match(text[cut:subject_end]):
        return []
    if re.search(r"\b(?:that|which|who)\s*$", text[start:cut], re.I):
        return []  # "accidents that injure the brain": a relative clause describes, it is no claim
    cause = _trim(text, clip_left(text, start, cut))
    # "Some medications, such as A and B, can impair beta cells": the class and its examples;
    # "Pancreatitis, cancer, and trauma can all harm …": each item of the subject
    causes = finder.subject_items(start, cut)
    subject = _trim(text, clip_list_left(text, start, cut))
    if causes is None and _SHORT_LIST.fullmatch(text, subject.start, subject.end):
        causes = named_list(text, subject, finder.mentions_in(subject.start, subject.end))
    if causes is None and (cause.end <= cause.start or _CLAUSE.match(text[cause.start : cause.end])
                           or re.match(r"(?:many|several|various|different|some|other)\s", text[cause.start : cause.end], re.I)):
        return []
    if causes is None and _FINITE_VERB.search(text, cause.start, cause.end):
        return []  # "Scientists have described several ways these viruses may damage …": a clause, no cause
    causes = causes or [cause]
    then = _THEN_CAUSING.search(text, harms[-1].end(), end)
    named = finder.conditions_in(then.end(), end) if then else []
    if named:
        # "… can all harm the pancreatic beta cells or impair insulin production, thus causing
        # diabetes": the harm is the way to the condition the sentence names
        hedged = _has("hedge", text[cause.end : then.start()])
        return [row for item in causes for effect in _distinct(named)
                if (row := finder.row(relation="causes", cause=item, effect=effect, start=start, end=end, negated=False,
                                      hedged=hedged, extractor="cause.organ_harm", as_listed=True))]
    hedged = _has("hedge", text[cause.end : harms[-1].start()])
    rows = []
    for k, h in enumerate(harms):
        if k and not _HARM_GAP.match(text[harms[k - 1].end() : h.start()]):
            break  # "… and injure the airways": only harms joined to the first
        organ = re.sub(r"s$", "", h.group("organ").lower()) if not h.group("organ").lower().endswith("ss") else h.group("organ").lower()
        for verb in (v for v in (h.group("verb"), h.group("verb2")) if v):
            name = f"{_HARM_NOUN[verb.lower()]} of the {organ}"
            effect = Mention(h.start(), h.end(), CONDITION, "", name, "", False, "organ_harm")
            for item in causes:
                row = finder.row(relation="causes", cause=item, effect=effect, start=start, end=end, negated=False,
                                 hedged=hedged, extractor="cause.organ_harm", as_listed=True)
                if row:
                    rows.append(row)
    return rows


#: A cause that points back at gene changes named before ("It is unclear how these genetic
#: changes lead to bone disease, anemia, …", "Mutations in this gene also cause cystic fibrosis").
_GENE_CAUSE_ANAPHOR = re.compile(r"(?:(?:these|this|the|such)\s+(?:genetic\s+|gene\s+)?(?:changes?|mutations?|variants?|alterations?)"
                                 r"|(?:mutations?|changes?|variants?|alterations?)\s+in\s+(?:this|these|the|both|either)\s+genes?)", re.I)
#: A gene cause an anaphor may stand for: a change and a gene symbol ("mutations in the LPIN2 gene").
_GENE_CAUSE = re.compile(r"\b(?:mutations?|changes?|variants?|alterations?|deletions?|duplications?|defects?)\b", re.I)


#: The nouns a page names a class of causes by ("these conditions", "such medicines").
_CLASS_NOUNS = (r"(?:conditions|factors|diseases|disorders|illnesses|problems|medicines|medications|drugs|"
                r"exposures|things|infections|substances)")
#: A class named by an anaphor as a cause ("All of these conditions increase your risk of RLS").
_CLASS_ANAPHOR = re.compile(r"(?:(?:all|each|any|both|either|many|some)\s+of\s+)?(?:these|those|such|the above)\s+(?:[\w-]+\s+)?"
                            + _CLASS_NOUNS, re.I)
#: The sentence before that names the class's members ("These conditions include A, B, and C").
_CLASS_MEMBERS = re.compile(r"\b(?:these|such|those|the)\s+(?:[\w-]+\s+)?" + _CLASS_NOUNS + r"\s+"
                            r"(?:(?:may|can|also|often)\s+)*(?:include|includes|are\s*:|are\s+the\s+following\s*:?)\s*(?P<items>[^.;:]+)", re.I)


def _resolve_class_anaphors(finder: _CauseFinder, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """"Many conditions can affect how much iron is in the brain. These conditions include
    kidney failure, Parkinson's disease, … and iron deficiency. All of these conditions
    increase your risk of RLS.": the anaphor's row becomes one row per member the sentence
    before lists (evidence: both sentences). A row whose anaphor has no such list is kept."""
    text = finder.view.text
    spans = [(block, s, e) for block, s, e in finder.view.sentences()]
    out: list[dict[str, Any]] = []
    for row in rows:
        if not _CLASS_ANAPHOR.fullmatch(row.get("cause_text", "")):
            out.append(row)
            continue
        at = next((k for k, (_, s, e) in enumerate(spans) if s <= row["start"] < e), None)
        members = None
        if at is not None and at > 0 and spans[at - 1][0] is spans[at][0]:
            _, ps, pe = spans[at - 1]
            members = _CLASS_MEMBERS.search(text, ps, pe)
        if members is None:
            out.append(row)
            continue
        arg = _trim(text, _Arg(members.start("items"), members.end("items")))
        effect = Mention(0, 0, CONDITION, row["condition_concept_id"], row["condition"], "", False, "claim")
        found = []
        for item in split_items(text, arg, finder.mentions_in(arg.start, arg.end), short=SHORT_ITEM_WORDS):
            new = finder.row(relation=row["relation"], cause=item, effect=effect, start=spans[at - 1][1], end=row["end"],
                             negated=row["negated"], hedged=row["hedged"], extractor=row["extractor"], as_listed=True)
            if new:
                new["condition_text"] = row["condition_text"]
                found.append(new)
        out.extend(found or [row])
    return out


def _resolve_gene_anaphors(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows whose cause points back at gene changes (``cause_anaphor``, the cause's offset)
    take the gene causes of the last sentence before it that names some, one row each
    ("caused by mutations in either the WNK1 or WNK4 genes. Mutations in these genes cause
    salt retention"), unless the link with that gene is stated already. Without one, "these
    genetic changes" names nothing a reader could look up and is dropped; "mutations in this
    gene" stays as written."""
    named = {(r["start"], r["cause"]): r for r in rows if "cause_anaphor" not in r
             and (_GENE_CAUSE.search(r["cause_text"]) or _GENE.search(r["evidence"])) and _SYMBOL.search(r["cause_text"])}
    genes = sorted(named)
    stated = {(r["relation"], r["cause"], r["condition"]) for r in rows if "cause_anaphor" not in r}
    out = []
    for row in rows:
        at = row.pop("cause_anaphor", None)
        if at is None:
            out.append(row)
            continue
        earlier = [(start, cause) for start, cause in genes if start < at]
        if earlier:
            # a link already stated with the gene's name is restated, not a new row
            # the gene row's cause as a whole: name, concept and words ("WNK1", not "these genes")
            out.extend({**row, **{k: named[(start, cause)][k] for k in ("cause", "cause_concept_id", "cause_text")}}
                       for start, cause in earlier
                       if start == earlier[-1][0] and (row["relation"], cause, row["condition"]) not in stated)
        elif not _CLAUSE.match(row["cause_text"]):
            out.append(row)  # "Mutations in this gene also cause …" with no gene named before: as written
    return out


def cause_rows(view: DocumentView) -> list[dict[str, Any]]:
    """Rows for ``causes``; ids hash document, relation, cause, condition and evidence."""
    finder = _CauseFinder(view)
    finder.vague_claims = []
    rows = finder.from_lists() + induced_causes(finder)
    before: tuple[Block, int, list[dict[str, Any]]] | None = None
    for block, start, end in view.sentences():
        finder.vague_claims = []
        found = finder.from_sentence(block, start, end)
        vague = list(finder.vague_claims)
        if not found and vague:
            found = finder.examples_after_effect(vague, start, end)
        if not found:
            found = organ_harm_causes(finder, block, start, end)
        if not found and before is not None and before[0] is block and before[2]:
            found = finder.examples_of(before[2], before[1], start, end)
        rows.extend(found)
        before = (block, start, found or vague)
    rows = _resolve_gene_anaphors(_resolve_class_anaphors(finder, rows))
    seen: Counter[tuple[str, ...]] = Counter()
    unique: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = (row["relation"], row["cause"], row["condition"], normalise_quote(row["evidence"]))
        nth = seen[key]
        seen[key] += 1
        claim_id = stable_id("c", view.source.doc_id, *key, nth)
        unique.setdefault(claim_id, {"claim_id": claim_id, **row})
    return list(unique.values())
