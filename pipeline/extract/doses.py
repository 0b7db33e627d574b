"""Dose records (amount, unit, frequency, route, form, duration, timing, indication,
population, kind) linked to their drug, for web pages, package leaflets and case reports.

A dose is anchored at an amount with a unit (``dose_grammar``). Quantities that are no
dose are dropped by rule (``not_dose`` in ``rules/doses.jsonl``): water to swallow with,
concentrations, composition, excipient and pack statements, storage, preparation, body
weights. A dose's fields are read from the stretch of the sentence that belongs to its
amount (up to the neighbouring amounts), then from the sentence, then — for frequency,
duration and timing, which leaflets often state in a follow-up sentence ("Injections are
given once a day.") — from the next sentence of the same block if that sentence has no
dose of its own, and for frequency last from a schedule its section states for all its
doses ("Take the tablets once a day"). The same dose at two times of day ("3 capsules in
the morning and 3 capsules in the evening") is one row, twice a day.

The drug is looked for where the text puts it, nearest first: what the amount is "of"
("75 mg of Diclofenac", "20 g of elderberry"), a drug attached to the amount, the same
sentence, the previous dose of the same or the previous sentence, the document's subject
(a leaflet's medicine, named the way leaflets name it: "How to take X", "X contains the
active substance Y"; else the drug a title names), the rest of the paragraph, an adjacent
image caption, the section heading. Two different drugs at the same distance is
ambiguous unless one is the subject: the dose keeps an empty drug
(``drug_link=ambiguous``) and the flagging stage raises it for review rather than guessing.
A drug named as what induces a condition ("adrenaline-induced arrhythmia") is not what a
dose is of unless the dose stands right by it.

Everything is linear in the text: each field kind is matched once per sentence, and an
amount picks its field, its drug and its neighbouring sentence's field by bisecting
sorted positions (a page of thousands of amounts in one sentence once took minutes).
"""
from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.extract.context import DocumentView
from pipeline.extract.dose_grammar import (
    Amount, FieldKind, FieldMatch, abbreviations, agent_codes, agent_gap, amount_not_dose, dose_rules, duration_days,
    find_amounts, find_fields, heading_not_dose, is_inducer, joined_sentences, lead_in_not_dose, leaflet_keeps, leaflet_zones, sentence_not_dose,
    split_sentence,
)
from pipeline.extract.mentions import mention_rows
from pipeline.extract.subject import Link, Spans, document_subject, is_subject
from pipeline.ids import normalise_quote
from pipeline.ingest.document import CONTENT_KINDS
from pipeline.ingest.structure import Block
from pipeline.nlp.labels import CONDITION, DRUG, is_generic
from pipeline.nlp.mentions import Mention, doc_mentions

#: Characters between an amount and a drug name for the drug to count as attached to it.
ATTACHED_GAP = 30
#: How long a drug name can be, for looking up attached drugs around an amount.
_LONGEST_NAME = 120
#: How far back from an amount the bracket holding it may open (a drug's bracketed doses).
_BRACKET_REACH = 120
_COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)", re.IGNORECASE)
_TIGHT = re.compile(r"\s*\(?\s*")  # "haloperidol (2 mg/kg": the amount stands right by the drug
#: "the recommended dose of X is ...": what a leaflet's dose sentence says the dose is of
_DOSE_OF = re.compile(r"\b(?:dose|dosage)\s+of\s+(?:the\s+)?", re.IGNORECASE)
#: what follows "of" that names no substance: a quantifier or a participle ("2.0 micrograms of
#: each type", "1.0 ml of the prepared Extavia solution", "100 mL of bottled water"); a noun in
#: -eed ("20 g of knotweed") is a substance
#: a clause that names a condition of the dose ("when used with dexamethasone: 80 mg", "if ... you take
#: ketoconazole, the recommended dose is 30 mg", "1.8 mg once a day, if your blood glucose ..."): a
#: drug named in it is another medicine or an analyte, not what a leaflet's dose is of
_CONDITION_CUE = re.compile(r"\b(?:if|when|while|unless)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,:;]")
_NOT_SUBSTANCE = re.compile(r"each|every|all|this|these|that|those|your|their|its|[a-z]+[^e]ed", re.IGNORECASE)
#: lower-case words between "of" and the drug it names ("of plain lignocaine", "of oral morphine")
_MODIFIERS = re.compile(r"(?:[a-z][a-z-]*\s+){1,2}")
_MODIFIER_REACH = 30
#: "75 mg of Diclofenac"; "a single 50 mg/kg i.p. dose of bupivacaine" (a route between)
_SUBSTANCE = re.compile(r"(?:\s+(?:[a-z.]+\s+){0,2}?doses?)?\s+of\s+(?:the\s+)?(?P<name>[A-Za-z][A-Za-z-]{2,})")


#: what marks a systematic chemical name: locants, brackets, commas
_SYSTEMATIC = re.compile(r"\d|[(),\[\]]")


#: how far before and after a drug mention the ``analyte_drug`` rules look
_ANALYTE_REACH = 40


def _measured(text: str, start: int, end: int) -> bool:
    """The substance is named as what was measured, not what was given (``analyte_drug``
    rules: "transaminase elevations", "plasma malondialdehyde", "striatal dopamine levels"):
    no dose is of it."""
    for rule, pattern in dose_rules().get("analyte_drug", ()):
        if rule.scope == "after" and pattern.match(text, end, min(len(text), end + _ANALYTE_REACH)):
            return True
        if rule.scope == "before" and pattern.search(text, max(0, start - _ANALYTE_REACH), start):
            return True
    return False


@dataclass(frozen=True)
class _Agent:
    """A dosed thing the NER did not tag: a code name ("AMN082") or an abbreviation the
    abstract defines ("pyrrolidine dithiocarbamate (PDTC)"), with the name a row gives it."""

    start: int
    end: int
    name: str


def _agents(view: DocumentView, drugs: Spans, conditions: Spans) -> Spans:
    """Code names and defined abbreviations outside drug mentions, each named by what it
    stands for: the drug mention it follows in brackets, else its long form, else itself.

    An abbreviation of a condition ("metastatic breast cancer (MBC)") or of a route is none.
    """
    text = view.text
    names: dict[str, str] = {}
    for abbr, start, end in abbreviations(text):
        if find_fields("route", abbr) or find_fields("route", text[start:end]) or conditions.overlapping(start, end):
            continue
        before = drugs.overlapping(end - 1, end)
        long_form = " ".join(text[start:end].lower().split())
        # a systematic name ("2-methyl-6-(phenylethynyl)pyridine (MPEP)") goes by its abbreviation
        name = before[0].name if before else (abbr.lower() if _SYSTEMATIC.search(long_form) else long_form)
        names.setdefault(abbr, name)
    spans: list[_Agent] = []
    for start, end in agent_codes(text):
        code = text[start:end]
        names.setdefault(code, code.lower())
    for abbr, name in names.items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", text):
            if not drugs.overlapping(m.start(), m.end()):
                spans.append(_Agent(m.start(), m.end(), name))
    return Spans(spans)


#: a word that joins the next dose to the one before it ("... every 28 days plus 250 mg ...")
_JOINS_A_DOSE = re.compile(r"\b(?:plus|and|with|or|then|followed by|versus|vs)\b|;", re.IGNORECASE)


@dataclass
class _Sentence:
    """One sentence of a block, with its amounts and its field matches (each kind found once)."""

    start: int
    end: int
    text: str
    amounts: list[Amount]
    #: why no amount here is a dose (a pack, a composition, storage...), or "" when they may be
    not_dose: str = ""
    _fields: dict[str, tuple[list[FieldMatch], list[int]]] = field(default_factory=dict)
    _amount_starts: list[int] | None = None

    def fields(self, kind: FieldKind) -> tuple[list[FieldMatch], list[int]]:
        if kind not in self._fields:
            found = find_fields(kind, self.text)
            self._fields[kind] = (found, [f.start for f in found])
        return self._fields[kind]

    def amount_between(self, start: int, end: int) -> bool:
        """An amount of this sentence lies wholly inside ``[start, end)`` (document offsets)."""
        if self._amount_starts is None:
            self._amount_starts = [self.start + b.start for b in self.amounts]
        i = bisect.bisect_left(self._amount_starts, start)
        return i < len(self._amount_starts) and self.start + self.amounts[i].end <= end

    def first(self, kind: FieldKind) -> FieldMatch | None:
        found, _ = self.fields(kind)
        return found[0] if found else None

    def nearest(self, kind: FieldKind, a: Amount, lo: int, hi: int, ranked: bool = False) -> FieldMatch | None:
        """The match of ``kind`` inside ``[lo, hi)`` nearest to amount ``a`` (earlier on a tie).

        Matches of one kind never overlap, so sorted by start they are sorted by end too:
        the nearest is next to the amount's position in that order. ``ranked``: of all the
        matches in the stretch, the lowest rank wins first ("every 2 hours six times a day");
        only for an amount's own stretch, which no other amount's overlaps but its neighbours'.
        """
        found, starts = self.fields(kind)
        i = bisect.bisect_left(starts, a.start)
        candidates: list[FieldMatch] = []
        j = i - 1
        while j >= 0 and found[j].start >= lo:
            if found[j].end <= hi:
                candidates.append(found[j])
            if not ranked:
                break
            j -= 1
        j = i
        while j < len(found) and found[j].end <= hi:
            candidates.append(found[j])
            if not ranked:
                break
            j += 1
        if not candidates:
            return None
        # "either 140 mg every two weeks or 420 mg once monthly": a field right after the
        # amount before this one's stretch is that amount's, not this one's
        # ("leuprolide 3.75 mg, intramuscularly, every 28 days plus 250 mg flutamide, tid": a
        # field before the amount, across the word that joins a new dose, is the dose before's)
        def taken(m: FieldMatch) -> bool:
            return ranked and lo > 0 and m.end <= a.start and (
                not self.text[lo : m.start].strip() or _JOINS_A_DOSE.search(self.text, m.end, a.start) is not None)
        return min(candidates, key=lambda m: (m.rank if ranked else 0, taken(m),
                                              max(0, m.start - a.end, a.start - m.end), m.start))

    def starting_at(self, kind: FieldKind, offset: int) -> FieldMatch | None:
        """The match of ``kind`` that starts at ``offset`` (a shared unit's "/d"), if any."""
        if offset < 0:
            return None
        found, starts = self.fields(kind)
        i = bisect.bisect_left(starts, offset)
        return found[i] if i < len(found) and starts[i] == offset else None

    def dose_kind(self, a: Amount, lo: int, hi: int) -> str:
        """``max``, ``single`` or ``cumulative`` when a cue stands next to the amount on its side,
        else ``""`` (the caller decides by the dose's schedule).

        A cue before its amount ("never take more than 1200 mg") binds the amount that follows
        it; a cue after one ("1200 mg is the maximum") only the sentence's last amount, so a
        maximum stated after a regimen never turns the regimen into a maximum.
        """
        found, starts = self.fields("dose_kind")
        i = bisect.bisect_left(starts, a.start)
        j = i - 1
        while j >= 0 and found[j].start >= lo:
            m = found[j]
            if m.side in ("before", "either") and m.end <= a.start and a.start - m.end <= (m.max_gap or 0):
                return m.value
            j -= 1
        if hi == len(self.text):
            j = i
            while j < len(found) and found[j].end <= hi:
                m = found[j]
                if m.side in ("after", "either") and m.start >= a.end and m.start - a.end <= (m.max_gap or 0):
                    return m.value
                j += 1
        return ""

    def repeated(self, a: Amount, lo: int, hi: int) -> bool:
        """Whether a word of repetition stands in the dose's stretch ``[lo, hi)`` of the
        sentence ("chronic", "repeated", "maintenance": ``repeated`` rules)."""
        found, _ = self.fields("repeated")
        return any(lo <= m.start and m.end <= hi for m in found)


class _Block:
    """The sentences of one content block, built once, with per-kind indexes over them."""

    def __init__(self, view: DocumentView, block: Block, boilerplate: Spans) -> None:
        self.block = block
        text = view.text
        self.sentences: list[_Sentence] = []
        pieces = [(start + s, start + e) for start, end in joined_sentences(text, view.block_sentences(block))
                  for s, e in split_sentence(text[start:end])]
        for start, end in pieces:
            spans = boilerplate.overlapping(start, end)
            amounts = [a for a in find_amounts(text[start:end])
                       if not any(s.start < start + a.end and start + a.start < s.end for s in spans)]
            sentence_text = text[start:end]
            reason = (sentence_not_dose(sentence_text) or "") if amounts else ""
            self.sentences.append(_Sentence(start, end, sentence_text, amounts, reason))
        self._with_field: dict[str, list[int]] = {}

    def nearby(self, kind: FieldKind, k: int) -> FieldMatch | None:
        """The field stated in the nearest other sentence of the block (earlier on a tie)."""
        if kind not in self._with_field:
            self._with_field[kind] = [j for j, s in enumerate(self.sentences) if s.first(kind)]
        having = self._with_field[kind]
        i = bisect.bisect_left(having, k)
        left = having[i - 1] if i > 0 else None
        right_i = i + 1 if i < len(having) and having[i] == k else i
        right = having[right_i] if right_i < len(having) else None
        if left is None and right is None:
            return None
        if right is None or (left is not None and k - left <= right - k):
            return self.sentences[left].first(kind)
        return self.sentences[right].first(kind)


class _SectionFields:
    """What a section states for all its doses, by section in text order: the schedule of a
    sentence with a dosing verb and no amount but one counted unit ("Take the tablets once a
    day", "Take one tablet every morning"), and the route of any of its sentences ("Swallow
    the tablet without chewing")."""

    def __init__(self, blocks: list[_Block], of_another: Any = None) -> None:
        """``of_another(sent)``: the sentence's schedule is another medicine's ("Your doctor will
        ask you to use antibiotic eye drops daily", "You need to take prednisone ... every day")."""
        self._by_section: dict[tuple[str, int], tuple[list[int], list[FieldMatch]]] = {}
        self._blocks = {b.block.index: b for b in blocks}
        for block in blocks:
            for sent in block.sentences:
                # a schedule with no amount, or one unit counted once ("Take one tablet every
                # morning"); a limit per occasion ("at the same time") states no schedule
                freq = None
                if all(a.form and a.amount == 1 and a.amount_max is None for a in sent.amounts) \
                        and sent.first("schedule_cue") and not (of_another is not None and of_another(sent)):
                    freq = next((f for f in sent.fields("frequency")[0] if f.per_day), None)
                for kind, found in (("frequency", freq), ("route", sent.first("route"))):
                    if found is not None:
                        positions, matches = self._by_section.setdefault((kind, block.block.section), ([], []))
                        positions.append(sent.start)
                        matches.append(found)

    def _own_section(self, section: int) -> int:
        """The section a block really sits under: a "heading" that states an amount is a row
        of a flattened dosing table ("8-0.24 mg 0.30 mL 30 U"), so its rows belong above it."""
        seen = set()
        while section in self._blocks and section not in seen:
            heading = self._blocks[section]
            if heading.block.kind != "heading" or not any(s.amounts for s in heading.sentences):
                break
            seen.add(section)
            section = heading.block.section
        return section

    def near(self, kind: str, section: int, offset: int) -> FieldMatch | None:
        """The section's ``kind`` stated nearest to ``offset`` (the later one on a tie); else,
        for a frequency, the one its heading states (a table under "Daily injection volume")."""
        section = self._own_section(section)
        if (kind, section) not in self._by_section:
            heading = self._blocks.get(section)
            if kind == "frequency" and heading is not None and heading.block.kind == "heading":
                return next((f for f in (t.first(kind) for t in heading.sentences) if f is not None), None)
            return None
        positions, found = self._by_section[(kind, section)]
        i = bisect.bisect_left(positions, offset)
        options = [j for j in (i - 1, i) if 0 <= j < len(found)]
        return found[min(options, key=lambda j: (abs(positions[j] - offset), -j))]


def _unmatched(text: str, positions: range, bracket: str, other: str) -> int | None:
    """The first ``bracket`` along ``positions`` that no ``other`` met on the way pairs
    with: the bracket enclosing the start of the walk, scanning outwards."""
    depth = 0
    for pos in positions:
        ch = text[pos]
        if ch == other:
            depth += 1
        elif ch == bracket:
            if depth == 0:
                return pos
            depth -= 1
    return None


class _DoseFinder:
    def __init__(self, view: DocumentView, drug_rows: list[dict[str, Any]]) -> None:
        self.view = view
        #: the ``drugs`` row of each drug mention, by its offsets
        self.mention_ids = {(r["start"], r["end"]): r["mention_id"] for r in drug_rows}
        self._heading_fields: dict[int, FieldMatch | None] = {}
        self._zone_starts: list[int] | None = None  # where a leaflet's numbered sections open
        #: the medicine a leaflet is about, found by the way leaflets name it (strong: it
        #: outranks other drugs of a dosing sentence), else the drug the title names (weak:
        #: it settles only a sentence that names no drug or two); set by dose_rows
        self.subject: Link | None = None
        self.strong_subject = False
        self._sentence_cache: tuple[int, Any] = (-1, None)
        mentions = [m for m in doc_mentions(view.doc) if view.is_content(m.start, m.end)]
        # what a dose is given in or compared with (water, saline, placebo) is no drug it is of
        vehicles = [p for _, p in dose_rules().get("vehicle_drug", ())]
        self.drugs = Spans([m for m in mentions if m.label == DRUG and not m.negated
                            and not any(p.search(view.text[m.start : m.end]) for p in vehicles)
                            and not _measured(view.text, m.start, m.end)])
        #: drugs named as what induces a condition ("adrenaline-induced arrhythmia"): a dose
        #: is theirs only when it stands right by them ("induced by haloperidol (2 mg/kg)")
        self.inducers = {(m.start, m.end) for m in self.drugs.items if is_inducer(view.text, m.start, m.end)}
        self.conditions = Spans([m for m in mentions if m.label == CONDITION and not m.negated])
        self.agents = _agents(view, self.drugs, self.conditions)
        self.blocks = view.source.blocks
        self._block_starts = [b.start for b in self.blocks]
        self._context_fields: dict[int, tuple[FieldMatch | None, FieldMatch | None]] = {}
        self._sentence_drugs: dict[int, list[list[Mention]]] = {}
        self._with_drugs: dict[int, list[int]] = {}

    def _block_at(self, offset: int) -> Block | None:
        k = bisect.bisect_right(self._block_starts, offset) - 1
        if k >= 0 and self.blocks[k].start <= offset < max(self.blocks[k].end, self.blocks[k].start + 1):
            return self.blocks[k]
        return None

    def _single(self, mentions: list[Mention], how: str) -> Link | None:
        names = {m.name for m in mentions}
        if len(names) == 1:
            m = mentions[0]
            return Link(m, m.name, self.view.text[m.start : m.end], how)
        return None

    def _adjacent_caption(self, block: Block) -> list[Mention]:
        """Drugs in the captions right before or after the block (web images sit there)."""
        for k in (block.index + 1, block.index - 1):
            if 0 <= k < len(self.blocks) and self.blocks[k].kind == "caption":
                found = self.drugs.within(self.blocks[k].start, self.blocks[k].end)
                if found:
                    return found
        return []

    def _paragraph_drugs(self, block: _Block, k: int) -> list[Mention] | None:
        """Drugs of the nearest other sentences of the block (both sides at that distance)."""
        index = block.block.index
        if index not in self._sentence_drugs:
            per = [[m for m in self.drugs.within(s.start, s.end) if (m.start, m.end) not in self.inducers]
                   for s in block.sentences]
            self._sentence_drugs[index] = per
            self._with_drugs[index] = [j for j, found in enumerate(per) if found]
        per, having = self._sentence_drugs[index], self._with_drugs[index]
        i = bisect.bisect_left(having, k)
        left = k - having[i - 1] if i > 0 else None
        right_i = i + 1 if i < len(having) and having[i] == k else i
        right = having[right_i] - k if right_i < len(having) else None
        distances = [d for d in (left, right) if d is not None]
        if not distances:
            return None
        d = min(distances)
        return [m for j in (k - d, k + d) if 0 <= j < len(per) and j != k for m in per[j]]

    def _drugs_of(self, sent: _Sentence) -> tuple[list[Mention], list[int], dict[str, Mention]]:
        """The sentence's drugs (inducers left out), their starts, and the first of each name."""
        if self._sentence_cache[0] != sent.start:
            found = [m for m in self.drugs.within(sent.start, sent.end) if (m.start, m.end) not in self.inducers]
            first: dict[str, Mention] = {}
            for m in found:
                first.setdefault(m.name, m)
            self._sentence_cache = (sent.start, (found, [m.start for m in found], first))
        return self._sentence_cache[1]

    def link(self, amount: Amount, sent: _Sentence, block: _Block, k: int, previous: Link | None,
             before: tuple[Amount, Link] | None = None) -> Link:
        """The drug of ``amount``; a leaflet's own brand named by the dose is its subject
        ("The recommended dose of Comtess is one 200 mg tablet" → entacapone)."""
        found = self._link(amount, sent, block, k, previous, before)
        subject = self.subject
        if (self.strong_subject and subject is not None and found.how != "subject" and found.text
                and found.name != subject.name and _same_product(found.text, subject.text)):
            return Link(found.drug, subject.name, found.text, "subject")
        return found

    def _in_condition(self, m: Mention, amount: Amount, sent: _Sentence) -> bool:
        """Whether a leaflet names drug ``m`` in a conditional clause that a clause break parts
        from the amount: "- when used with dexamethasone: 80 mg (4 tablets) once daily",
        "if ... P-gp inhibitors: ciclosporin, ... or ketoconazole, the recommended dose is 30 mg",
        "1.8 mg once a day, if your blood glucose is not controlled". Such a drug is a
        co-medicine or an analyte; the dose is the leaflet's medicine's. A drug right by its
        amount ("20 mg dexamethasone") stays attached, as does the leaflet's own medicine."""
        if self.subject is None or is_subject(m.name, self.subject.name):
            return False
        text = self.view.text
        if m.end <= amount.start:
            gap, clause = text[m.end : amount.start], text[sent.start : m.start]
        else:
            gap, clause = text[amount.end : m.start], text[amount.end : m.start]
        return bool(_CLAUSE_BREAK.search(gap)) and bool(_CONDITION_CUE.search(clause))

    def _dose_of(self, amount: Amount, sent: _Sentence, attached: list[Mention]) -> Link | None:
        """The drug a sentence names as what its dose is of ("The usual dose of Mekinist
        either used alone or in combination with dabrafenib is one 2 mg tablet": Mekinist),
        over a drug named between it and the amount; a drug right after the amount ("300 mg
        once daily with 100 mg ritonavir") stays that amount's."""
        if any(m.start >= amount.end for m in attached):
            return None
        text = self.view.text
        cue = None
        for cue in _DOSE_OF.finditer(text, sent.start, amount.start):
            pass
        if cue is None or sent.amount_between(cue.end(), amount.start):
            return None
        found = [m for m in self.drugs.within(cue.end(), amount.start) if m.start == cue.end()]
        if not found or (found[0].start, found[0].end) in self.inducers:
            return None
        m = found[0]
        return Link(m, m.name, text[m.start : m.end], "attached")

    def _bracket_owner(self, amount: Amount, sent: _Sentence) -> Link | None:
        """The drug a bracket holding the amount is opened after, when no other drug or agent
        is named inside the bracket before the amount: "diazepam (single dose of 10 mg and a
        median dose of 30 mg/day for 2 weeks) and propranolol (...)", "Mannitol (18%
        solution; 1 g/kg)": the doses are the drug's before the bracket, not the drug named
        after it. A bracket that names a drug or agent itself ("morphine (+5 mg nitrazepam
        ...)", "NSAID (diclofenac 75 mg bid, ...)") is left to the other rules."""
        text = self.view.text
        opened = _unmatched(text, range(amount.start - 1, max(sent.start, amount.start - _BRACKET_REACH) - 1, -1), "(", ")")
        if opened is None:
            return None
        closed = _unmatched(text, range(amount.end, min(sent.end, amount.end + _BRACKET_REACH)), ")", "(")
        if closed is None:
            closed = sent.end
        # a drug named inside the bracket is its doses' own ("morphine (+5 mg nitrazepam ...)")
        if self.drugs.within(opened, closed) or self.agents.within(opened, closed):
            return None
        head = text[sent.start : opened].rstrip()
        found = [m for m in self.drugs.within(sent.start, sent.start + len(head)) if m.end == sent.start + len(head)]
        if not found or (found[-1].start, found[-1].end) in self.inducers:
            return None
        m = found[-1]
        return Link(m, m.name, text[m.start : m.end], "attached")

    def _parallel(self, amount: Amount, tied: list[Mention], before: tuple[Amount, Link] | None) -> Link | None:
        """Of two drugs as close before and after the amount, the one on the side where the dose
        before it in the sentence found its own: "6 mg. papaverine, 100 micrograms.
        phentolamine and 10 micrograms. prostaglandin E1" names each drug after its amount."""
        if before is None or before[1].drug is None or before[1].how != "attached":
            return None
        prev, link = before
        after = link.drug.start >= prev.end
        side = [m for m in tied if (m.start >= amount.end) == after and m.name != link.name]
        if len({m.name for m in side}) != 1:
            return None
        m = side[0]
        return Link(m, m.name, self.view.text[m.start : m.end], "attached")

    def _continues(self, amount: Amount, before: tuple[Amount, Link] | None) -> Link | None:
        """The drug of the amount before in the same sentence, when no other drug is named
        between them ("amiodarone at a dose of 400 mg daily for 7 days, then 200 mg daily")."""
        if before is None:
            return None
        prev, link = before
        if not link.name or link.how in ("ambiguous", "none") or self.drugs.within(prev.end, amount.start) \
                or self.agents.within(prev.end, amount.start):
            return None
        return Link(link.drug, link.name, link.text, link.how if link.how == "subject" else "previous_dose")

    def _link(self, amount: Amount, sent: _Sentence, block: _Block, k: int, previous: Link | None,
              before: tuple[Amount, Link] | None) -> Link:
        text = self.view.text
        in_sentence, starts, by_name = self._drugs_of(sent)
        # drugs close enough to be attached: looked up around the amount, not over the sentence
        near = self.drugs.within(max(sent.start, amount.start - ATTACHED_GAP - _LONGEST_NAME),
                                 min(sent.end, amount.end + ATTACHED_GAP + _LONGEST_NAME))
        near = [m for m in near
                if (m.start, m.end) not in self.inducers
                or (m.end <= amount.start and _TIGHT.fullmatch(text[m.end : amount.start]))]
        substance = _SUBSTANCE.match(text, amount.end, sent.end)
        if substance:
            # "75 mg of Diclofenac", "20 g of elderberry": what follows "of" is the dosed thing
            at = substance.start("name")
            # "3 mL of plain lignocaine", "10 mg of oral morphine": a word or two before the name
            named = [m for m in near if m.start == at or (
                at < m.start <= at + _MODIFIER_REACH and _MODIFIERS.fullmatch(text, at, m.start))]
            if named:
                m = named[0]
                return Link(m, m.name, text[m.start : m.end], "attached")
            if self.subject is not None and substance.group("name").lower() == self.subject.text.lower():
                return self.subject  # "one drop of DuoTrav": the leaflet's own product
            if "/" not in amount.unit and not is_generic(substance.group("name")) \
                    and not _NOT_SUBSTANCE.fullmatch(substance.group("name")) \
                    and not _names_a_form(text, substance.start("name"), substance.group("name")):
                # after a per-body unit ("mg/kg of body weight") "of" names no substance
                name = substance.group("name")
                return Link(None, name.lower(), name, "substance")
        # a drug with another amount between it and this one is that amount's ("300 mg once
        # daily with 100 mg ritonavir": 300 mg is not ritonavir's)
        # (the levels of one list share the unit the last of them carries: "15, 20 or 25 mg of
        # ephedrine" is ephedrine's throughout)
        after = max(amount.end, amount.unit_end)
        attached = [m for m in near
                    if (0 <= m.start - amount.end <= ATTACHED_GAP and not sent.amount_between(after, m.start))
                    or (0 <= amount.start - m.end <= ATTACHED_GAP and not sent.amount_between(m.end, amount.start))]
        if self.strong_subject and self.subject is not None:
            attached = [m for m in attached if not self._in_condition(m, amount, sent)]
        owner = self._bracket_owner(amount, sent)
        if owner is not None:
            return owner
        agent = self._agent_by(amount, sent, attached)
        if agent is not None:
            return agent
        named = self._dose_of(amount, sent, attached)
        if named is not None:
            return named
        if attached:
            found = self._single(sorted(attached, key=lambda m: abs(m.start - amount.start)), "attached")
            if found:
                return found
            nearest = sorted(attached, key=lambda m: min(abs(m.start - amount.end), abs(amount.start - m.end)))
            gaps = [min(abs(m.start - amount.end), abs(amount.start - m.end)) for m in nearest]
            if gaps[0] < gaps[1]:
                m = nearest[0]
                return Link(m, m.name, text[m.start : m.end], "attached")
            parallel = self._parallel(amount, [m for m, g in zip(nearest, gaps) if g == gaps[0]], before)
            if parallel is not None:
                return parallel
        if not attached:
            continued = self._continues(amount, before)
            if continued is not None:
                return continued
        names = set(by_name)
        if self.strong_subject and self.subject is not None and not attached and names \
                and not any(is_subject(n, self.subject.name) for n in names):
            # in a leaflet, a drug named elsewhere in a dosing sentence is another medicine
            # or an analyte ("your low sodium"): the dose is still the leaflet's medicine's
            names = set()
        if len(names) == 1 and not attached:
            i = bisect.bisect_left(starts, amount.start)
            m = min((in_sentence[j] for j in (i - 1, i) if 0 <= j < len(in_sentence)),
                    key=lambda m: abs(m.start - amount.start))
            return Link(m, m.name, text[m.start : m.end], "sentence")
        if attached or names:
            own = [n for n in by_name if self.subject is not None and is_subject(n, self.subject.name)]
            if own:
                # two drugs at the same distance: the document's subject, when it is one of them
                m = by_name[own[0]]
                return Link(m, m.name, text[m.start : m.end], "subject")
            return Link(None, "", "", "ambiguous")
        if previous is not None and previous.name:
            # a follow-up sentence of the same paragraph continues the previous dose's drug
            return Link(previous.drug, previous.name, previous.text, "previous_dose")
        if self.subject is not None:
            # a leaflet's dosing sentence names no drug: it speaks of the leaflet's medicine
            return self.subject
        nearest_drugs = self._paragraph_drugs(block, k)
        if nearest_drugs:
            return self._single(nearest_drugs, "paragraph") or Link(None, "", "", "ambiguous")
        for candidates, how in ((self._adjacent_caption(block.block), "caption"),
                                (self._heading_drugs(block.block), "heading")):
            if candidates:
                return self._single(candidates, how) or Link(None, "", "", "ambiguous")
        return Link(None, "", "", "none")

    def _coordinated(self, mentions: list[Mention]) -> list[Mention]:
        """The mentions when they are one coordination of two or more different drugs
        ("ciprofloxacin and norfloxacin", "A, B and C"), else []."""
        text = self.view.text
        if len({m.name for m in mentions}) < 2:
            return []
        for left, right in zip(mentions, mentions[1:]):
            if not _COORDINATION.fullmatch(text[left.end : right.start]):
                return []
        return mentions

    def sharing(self, amount: Amount, sent: _Sentence, block: _Block, k: int, link: Link) -> list[Link]:
        """The drugs one dose is given of together, one link each; else ``[link]``.

        In a text with no leaflet subject, a dose after drugs coordinated with nothing else
        in the sentence ("Ciprofloxacin and norfloxacin were given orally in doses of 50
        mg/kg") is a dose of each, and so is a dose whose sentence speaks of them with a
        plural (``shared_drugs``: "The drugs were given orally, in doses of 50 mg/kg" after
        "namely ciprofloxacin and norfloxacin").
        """
        if self.strong_subject or link.how in ("attached", "substance"):
            return [link]
        in_sentence, _, _ = self._drugs_of(sent)
        group: list[Mention] = []
        if in_sentence:
            if link.how == "ambiguous" and all(m.end <= amount.start for m in in_sentence):
                group = self._coordinated(in_sentence)
        elif any(f.end <= amount.start - sent.start for f in sent.fields("shared_drugs")[0]):
            for j in range(k - 1, -1, -1):
                found = self._sentence_drugs_at(block, j)
                if found:
                    group = self._longest_coordination(found)
                    break
        if not group:
            return [link]
        text = self.view.text
        first = {m.name: m for m in reversed(group)}
        return [Link(m, m.name, text[m.start : m.end], "shared") for m in sorted(first.values(), key=lambda m: m.start)]

    def _longest_coordination(self, mentions: list[Mention]) -> list[Mention]:
        """The longest run of coordinated drugs among ``mentions`` (the last on a tie):
        "fluoroquinolones, namely ciprofloxacin and norfloxacin" → the two named."""
        text = self.view.text
        runs: list[list[Mention]] = []
        for m in mentions:
            if runs and _COORDINATION.fullmatch(text[runs[-1][-1].end : m.start]):
                runs[-1].append(m)
            else:
                runs.append([m])
        best: list[Mention] = []
        for run in runs:
            if len({m.name for m in run}) >= 2 and len(run) >= len(best):
                best = run
        return best

    def _sentence_drugs_at(self, block: _Block, j: int) -> list[Mention]:
        s = block.sentences[j]
        return [m for m in self.drugs.within(s.start, s.end) if (m.start, m.end) not in self.inducers]

    def _agent_by(self, amount: Amount, sent: _Sentence, attached: list[Mention]) -> Link | None:
        """A code name or defined abbreviation standing right by the amount ("AMN082 (2.5 and
        5 mg/kg)", "150 mg/kg PDTC"), when no tagged drug stands as close."""
        text = self.view.text
        best: tuple[int, _Agent] | None = None
        for ag in self.agents.within(max(sent.start, amount.start - ATTACHED_GAP - _LONGEST_NAME),
                                     min(sent.end, amount.end + ATTACHED_GAP + _LONGEST_NAME)):
            if ag.end <= amount.start and agent_gap("before", text[ag.end : amount.start]):
                gap = amount.start - ag.end
            elif ag.start >= amount.end and agent_gap("after", text[amount.end : ag.start]):
                gap = ag.start - amount.end
            else:
                continue
            if best is None or gap < best[0]:
                best = (gap, ag)
        if best is None:
            return None
        gap, ag = best
        if any(min(abs(m.start - amount.end), abs(amount.start - m.end)) <= gap for m in attached):
            return None
        return Link(None, ag.name, text[ag.start : ag.end], "attached")

    def _heading_drugs(self, block: Block) -> list[Mention]:
        heading = self.view.heading_of(block)
        return self.drugs.within(heading.start, heading.end) if heading is not None and heading is not block else []

    def context_route_form(self, link: Link, block: Block) -> tuple[FieldMatch | None, FieldMatch | None]:
        """Route and form stated where the drug was named (its caption or heading)."""
        if link.drug is None:
            return None, None
        where = self._block_at(link.drug.start)
        if where is None or where.index == block.index:
            return None, None
        if where.index not in self._context_fields:
            text = self.view.text[where.start : where.end]
            route, form = find_fields("route", text), find_fields("form", text)
            self._context_fields[where.index] = (route[0] if route else None, form[0] if form else None)
        return self._context_fields[where.index]

    def mention_id(self, link: Link) -> str:
        if link.drug is None:
            return ""
        return self.mention_ids.get((link.drug.start, link.drug.end), "")

    def schedule_of_another(self, sent: _Sentence) -> bool:
        """A leaflet sentence stating a schedule with no amount whose first drug is another
        medicine than the leaflet's ("use antibiotic eye drops daily for 3 days", "take
        prednisone or prednisolone every day while you are taking X"): that schedule is not
        the one of the section's doses."""
        if not self.strong_subject or self.subject is None:
            return False
        named = self.drugs.within(sent.start, sent.end)
        if not named:
            return False
        first = named[0]
        return not is_subject(first.name, self.subject.name) and not _same_product(self.view.text[first.start : first.end], self.subject.text)

    def heading_population(self, block: Block) -> FieldMatch | None:
        """The population a section heading names ("Children aged 6 to 11 years"); not a
        heading of an earlier numbered section of a leaflet ("Pregnancy and breast-feeding" in
        section 2 is no population of the doses of section 3, whose own heading the structure
        may not have taken for one)."""
        heading = self.view.heading_of(block)
        if heading is None or heading is block:
            return None
        if self._zone_starts is None:
            self._zone_starts = [at for at, _ in leaflet_zones(self.view.text)]
        if any(heading.start < at <= block.start for at in self._zone_starts):
            return None
        if heading.index not in self._heading_fields:
            found = find_fields("population", self.view.text[heading.start : heading.end])
            self._heading_fields[heading.index] = found[0] if found else None
        return self._heading_fields[heading.index]

    def indication(self, sent: _Sentence, a: Amount, lo: int, hi: int) -> tuple[str, str]:
        """(condition the dose is for, purpose: ``prevention``/``treatment``), each or both empty."""
        purpose = sent.nearest("indication", a, lo, hi)
        conditions = self.conditions.within(sent.start + lo, sent.start + hi)
        return (conditions[0].name if conditions else ""), (purpose.value if purpose else "")


def _same_product(named: str, brand: str) -> bool:
    """The mention names the leaflet's product: its brand, or the brand's first word
    ("Dafiro" for "Dafiro HCT")."""
    a, b = named.lower().split(), brand.lower().split()
    return bool(a) and (a == b or (len(a) < len(b) and b[: len(a)] == a))


def _names_a_form(text: str, start: int, word: str) -> bool:
    """"5 ml of the oral solution", "2 g of powder": what the amount is "of" is the form or
    route of the medicine, not another substance."""
    if find_fields("route", word):
        return True
    return any(f.start <= len(word) + 1 for f in find_fields("form", text[start : start + len(word) + 40]))


def _title_subject(view: DocumentView, drugs: Spans, blocks: list[_Block]) -> Link | None:
    """The first drug the document's title names (a case report's or an article's subject).

    The title is the title block, else the first sentence of the first content block (an
    abstract saved as one line starts with its title).
    """
    title = next((b for b in view.source.blocks if b.kind == "title"), None)
    if title is not None:
        span = (title.start, title.end)
    elif blocks and blocks[0].sentences:
        span = (blocks[0].sentences[0].start, blocks[0].sentences[0].end)
    else:
        return None
    named = drugs.within(*span)
    if not named:
        return None
    m = named[0]
    return Link(m, m.name, view.text[m.start : m.end], "subject")


class _IdPrefix:
    """``stable_id(prefix, *parts, *rest)`` with the leading parts hashed once.

    A dose id hashes its whole sentence; hashing it again for every amount of a long
    sentence was quadratic. The digest is the one :func:`stable_id` gives.
    """

    def __init__(self, prefix: str, *parts: object) -> None:
        self.prefix = prefix
        self._sha = hashlib.sha1("".join(f"{p}\x1f" for p in parts).encode("utf-8"))

    def id(self, *rest: object) -> str:
        sha = self._sha.copy()
        sha.update("\x1f".join(str(p) for p in rest).encode("utf-8"))
        return f"{self.prefix}_{sha.hexdigest()[:16]}"


_JOINER = re.compile(r"[\s,;]*(?:and|then)?[\s,;]*")


#: why a strength of a combination ("50 mg/12.5 mg/200 mg") is no dose, shared by all its parts
_STRENGTH_REASONS = frozenset({"strength", "product name"})


def _not_doses(text: str, amounts: list[Amount]) -> list[str | None]:
    """Why each amount of a sentence is no dose (None: it may be one). The strengths of one
    combination joined by '/' share a product's fate ('... or 150 mg/37.5 mg/200 mg tablets')."""
    why = [amount_not_dose(text, a.start, a.end, a.unit, a.unit_end) for a in amounts]
    i = 0
    while i < len(amounts):
        j = i
        while j + 1 < len(amounts) and text[amounts[j].end : amounts[j + 1].start].strip() == "/":
            j += 1
        shared = next((why[k] for k in range(i, j + 1) if why[k] in _STRENGTH_REASONS), None)
        if shared is not None:
            for k in range(i, j + 1):
                why[k] = why[k] or shared
        i = j + 1
    return why


def _dose_brackets(text: str, amounts: list[Amount]) -> list[tuple[int, int]]:
    """(open, close) of each innermost bracket of ``text`` that holds an amount: what is said
    inside it belongs to the dose it holds."""
    spans: list[tuple[int, int]] = []
    opened: list[int] = []
    for i, c in enumerate(text):
        if c == "(":
            opened.append(i)
        elif c == ")" and opened:
            lo = opened.pop()
            if not any(lo <= s < i for s, _ in spans):  # innermost only
                spans.append((lo, i + 1))
    return [(lo, hi) for lo, hi in spans if any(lo < a.start and a.end < hi for a in amounts)]


def _stretch(bounds: list[Amount], starts: list[int], a: Amount, end: int) -> tuple[int, int]:
    """The stretch of a sentence that belongs to amount ``a``: from the end of the bounding
    amount before it to the start of the one after it."""
    n = bisect.bisect_left(starts, a.start)
    lo = bounds[n - 1].end if n else 0
    n = bisect.bisect_right(starts, a.start)
    return lo, (bounds[n].start if n < len(bounds) else end)


def _same_dose_at_another_time(sent: _Sentence, before: Amount, a: Amount, lo: int, hi: int) -> bool:
    """The amount repeats the one before it at another time of day, joined by "and"."""
    if (before.amount, before.amount_max, before.unit) != (a.amount, a.amount_max, a.unit):
        return False
    found, starts = sent.fields("timing")
    first = bisect.bisect_left(starts, before.end)
    between, cut = [], before.end
    j = first
    while j < len(found) and found[j].end <= a.start:
        between.append(sent.text[cut : found[j].start])
        cut = found[j].end
        j += 1
    between.append(sent.text[cut : a.start])
    if j == first or not _JOINER.fullmatch("".join(between)):
        return False
    own = sent.nearest("timing", a, lo, hi)
    return own is not None and own.start >= a.end and own.value != found[j - 1].value


#: How long a block may be to be read as the next cell of a dose split over lines.
CELL_CHARS = 40


def _cell_after(blocks: list[_Block], bi: int) -> _Sentence | None:
    """The next block, when it is a short fragment of the same section: a dose laid out as
    a table over lines ("one 100 mg film-coated tablet" / "once a day" / "by mouth")."""
    if bi + 1 >= len(blocks):
        return None
    here, nxt = blocks[bi].block, blocks[bi + 1]
    # the layout tagger often takes such short lines for headings: a "heading" that follows
    # the dose as its own sub-section is still its next cell
    if nxt.block.section not in (here.section, here.index) or nxt.block.kind not in ("paragraph", "list_item", "heading") \
            or len(nxt.sentences) != 1 or nxt.block.end - nxt.block.start > CELL_CHARS:
        return None
    return nxt.sentences[0]


#: How many short lines in a row make a table laid out one cell a line.
TABLE_CELLS = 3


class _CellRuns:
    """Tables laid out one cell a line ("week 1" / "half a 10 mg tablet" / "week 2" / ...;
    "Body weight" / "Dose (ml)" / "10 kg to less than 20 kg" / "2.5 ml" / ...): runs of at
    least ``TABLE_CELLS`` consecutive short heading or caption blocks (the layout tagger
    takes such lines for headings, each under the one before), two of them with an amount.

    A cell's dose takes what the table states once for all its cells: the schedule of
    its last cell ("and beyond two 10 mg tablets once a day") or of a cell with no amount,
    else the one the section above the table states ("Give the dose three times a day"); and the population band of
    the row label before it ("10 kg to less than 20 kg").
    """

    def __init__(self, blocks: list[_Block]) -> None:
        #: the run of each block position that is a cell, as a list of block positions
        self._run_of: dict[int, list[int]] = {}
        runs: list[list[int]] = []
        for bi, block in enumerate(blocks):
            if not _is_cell(block):
                continue
            if runs and runs[-1][-1] == bi - 1 and blocks[bi - 1].block.index + 1 == block.block.index:
                runs[-1].append(bi)
            else:
                runs.append([bi])
        for run in runs:
            if len(run) >= TABLE_CELLS and sum(1 for j in run if any(s.amounts for s in blocks[j].sentences)) >= 2:
                for j in run:
                    self._run_of[j] = run
        self._blocks = blocks

    def section(self, bi: int) -> int | None:
        """The section the table sits in: that of its first cell."""
        run = self._run_of.get(bi)
        return self._blocks[run[0]].block.section if run else None

    def field(self, kind: FieldKind, bi: int) -> FieldMatch | None:
        """``kind`` as another cell of the table states it for all (nearest first, earlier on
        a tie): a cell with no amount (a schedule column), or the table's last cell ("and
        beyond two 10 mg tablets once a day"); a row's own schedule in the middle of the table
        ("Adults" / "20 mg once a day" / "Children" / "10 mg") is that row's."""
        run = self._run_of.get(bi)
        if not run:
            return None
        shared = [j for j in run if j != bi and (j == run[-1] or not any(s.amounts for s in self._blocks[j].sentences))]
        for j in sorted(shared, key=lambda j: (abs(j - bi), j)):
            found = next((f for f in (s.first(kind) for s in self._blocks[j].sentences) if f is not None), None)
            if found is not None:
                return found
        return None

    def row_label(self, bi: int) -> FieldMatch | None:
        """The population the nearest cell before the dose's, with no amount of its own, names."""
        run = self._run_of.get(bi)
        if not run:
            return None
        for j in reversed([j for j in run if j < bi]):
            cells = self._blocks[j].sentences
            if any(s.amounts for s in cells):
                return None
            found = next((f for f in (s.first("population") for s in cells) if f is not None), None)
            if found is not None:
                return found
        return None


def _is_cell(block: _Block) -> bool:
    return block.block.kind in ("heading", "caption") and block.block.end - block.block.start <= CELL_CHARS


#: Share of a leaflet's dosing-section route mentions one route must have to be the route of
#: all its doses.
LEAFLET_ROUTE_SHARE = 0.75


class _Zones:
    """A package leaflet's zones (:func:`leaflet_zones`), read once per document; empty for
    a text that is no leaflet."""

    def __init__(self, text: str) -> None:
        self.marks = leaflet_zones(text)
        self._starts = [at for at, _ in self.marks]

    def at(self, offset: int) -> str:
        """The zone ``offset`` falls in (``other`` before the first heading)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.marks[i][1] if i >= 0 else "other"


def _leaflet_route(zones: _Zones, blocks: list[_Block]) -> FieldMatch | None:
    """The route a package leaflet's dosing section states for all its doses, when it states
    one far more than any other: it says how the medicine is given once ("Ngenla is given as
    an injection under the skin", "Swallow the tablets whole") and its dose sentences, tables
    and subsections under other headings name none. ``None`` for a text that is no leaflet."""
    if not zones.marks:
        return None
    found = [f for block in blocks for sent in block.sentences if zones.at(sent.start) == "dosing"
             for f in sent.fields("route")[0]]
    counts = Counter(f.value for f in found)
    if not counts:
        return None
    value, n = counts.most_common(1)[0]
    return next(f for f in found if f.value == value) if n >= LEAFLET_ROUTE_SHARE * len(found) else None


#: A table's columns whose cells are doses taken at one time of the day.
_TIMES_OF_DAY = ("morning", "midday", "evening", "night")


def _day_table(sent: _Sentence) -> dict[int, float | None]:
    """Frequencies of the amounts of a flattened schedule table, by amount index (None: the
    cell is no dose of its own), or {} when the sentence is no such table.

    A titration table flattened into one line ("Day Morning Dose Evening Dose Total Daily
    Dose Day 1 10 mg (pink) Do not take a dose 10 mg Day 2 10 mg (pink) 10 mg (pink) 20 mg
    ...") is read row by row (``table_row`` marks a row), each amount or empty cell
    (``table_empty``) under the column the header names in that place (``table_column``):
    a total column restates the row; the same amount at two times of the day is one dose
    taken twice; a "daily dose" column is taken once a day.
    """
    rows = sent.fields("table_row")[0]
    if len(rows) < 2:
        return {}
    columns = [c.value for c in find_fields("table_column", sent.text[: rows[0].start])]
    if not columns:
        return {}
    empties = sent.fields("table_empty")[0]
    out: dict[int, float | None] = {}
    for r, row in enumerate(rows):
        end = rows[r + 1].start if r + 1 < len(rows) else len(sent.text)
        cells: list[tuple[int, int | None]] = [(a.start, i) for i, a in enumerate(sent.amounts) if row.end <= a.start < end]
        cells += [(e.start, None) for e in empties if row.end <= e.start < end]
        cells.sort(key=lambda c: c[0])
        timed: list[int] = []
        for (_, i), column in zip(cells, columns):
            if i is None:
                continue
            if column == "total":
                out[i] = None
            elif column in _TIMES_OF_DAY:
                timed.append(i)
            else:
                out[i] = 1.0
        amounts = sent.amounts
        for i in timed:
            same = [j for j in timed if (amounts[j].amount, amounts[j].unit) == (amounts[i].amount, amounts[i].unit)]
            out[i] = float(len(same)) if same[0] == i else None
    return out


def _frequency(sent: _Sentence, pick: Any) -> tuple[float | None, float | None, str]:
    """(per day, per day at most, text) of the amount's schedule.

    "On days 1 and 15 of a 28-day cycle" is 2 doses in 28 days; a cycle may also be given
    as a frequency ("on day 1, every 3 weeks"), and a daily dose on some days of a cycle
    ("once daily on days 1 to 21 of a 28-day cycle") counts only those days.
    """
    freq: FieldMatch | None = pick("frequency", True)
    days: FieldMatch | None = pick("cycle_days")
    if days is None or not days.number:
        return (freq.per_day, freq.per_day_max, freq.text) if freq else (None, None, "")
    cycle: FieldMatch | None = pick("cycle")
    length = cycle.number if cycle is not None else None
    per_dose_day = 1.0
    if freq is not None and freq.per_day:
        if freq.per_day < 1 and length is None:
            length = round(1 / freq.per_day)
        elif freq.per_day >= 1:
            per_dose_day = freq.per_day
    parts = [m for m in (days, cycle, freq) if m is not None]
    text = "; ".join(m.text for m in sorted(parts, key=lambda m: m.start))
    if not length:
        # no cycle to spread the days over: a daily dose on its days ("1000 mg/m2/day on days
        # 1-5", "200 mg/day from Days 9 to 16") is still daily; days alone state no schedule
        if freq is not None and freq.per_day:
            return freq.per_day, freq.per_day_max, text
        return None, None, text
    return round(per_dose_day * days.number / length, 6), None, text


def _daily(a: Amount, per_day: float | None, per_day_max: float | None) -> dict[str, float]:
    """The lowest and highest amount a day in the dose's own unit (NaN without a frequency),
    computed once here so the flagging stage only compares rows."""
    return daily_amounts(a.amount, a.amount_max, per_day, per_day_max)


def daily_amounts(amount: float, amount_max: float | None, per_day: float | None,
                  per_day_max: float | None) -> dict[str, float]:
    """``daily_amount`` and ``daily_amount_max`` of a dose row (also after a reviewer
    corrects its amount or frequency). Missing values may be None or NaN."""
    nan = float("nan")

    def known(x: float | None) -> bool:
        return x is not None and x == x

    if not known(per_day) or not known(amount):
        return {"daily_amount": nan, "daily_amount_max": nan}
    top = amount_max if known(amount_max) else amount
    return {"daily_amount": amount * per_day,
            "daily_amount_max": top * (per_day_max if known(per_day_max) and per_day_max else per_day)}


def _duration(duration: FieldMatch | None) -> dict[str, Any]:
    """The longest duration stated, in days (NaN when none), and whether it is a limit
    ("no more than 3 days") rather than a course."""
    days = duration_days(duration.text) if duration is not None else None
    return {
        "duration_days": days if days is not None else float("nan"),
        "duration_is_limit": bool(duration is not None and find_fields("duration_limit", duration.text)),
    }


def dose_rows(view: DocumentView, drug_rows: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Rows for ``doses``: one per amount with a unit in the document's content.

    Args:
        view: The document and its processed Doc.
        drug_rows: The document's ``drugs`` rows (``mention_rows(view)["drugs"]``), whose
            ``mention_id`` a dose links to; made here when not given.
    """
    if drug_rows is None:
        drug_rows = mention_rows(view)["drugs"]
    finder = _DoseFinder(view, drug_rows)
    finder.subject = document_subject(view, finder.drugs, lambda b: view.text[b.start : b.end])
    finder.strong_subject = finder.subject is not None
    boilerplate = Spans(list(view.source.boilerplate_spans))
    rows: list[dict[str, Any]] = []
    seen: Counter[tuple[str, str]] = Counter()
    blocks = [_Block(view, b, boilerplate) for b in view.source.blocks if b.kind in CONTENT_KINDS]
    sections = _SectionFields(blocks, finder.schedule_of_another)
    zones = _Zones(view.text)
    whole_route = _leaflet_route(zones, blocks)
    cells = _CellRuns(blocks)
    if finder.subject is None:
        finder.subject = _title_subject(view, finder.drugs, blocks)
    lead_in = ""  # why the list items under the last lead-in are no doses ("Each carton contains:")
    for bi, block in enumerate(blocks):
        raw_block = block.block
        if raw_block.kind != "list_item":
            last = block.sentences[-1].text if block.sentences else ""
            lead_in = (lead_in_not_dose(last) or "") if last.rstrip().endswith(":") else ""
        elif lead_in:
            continue
        heading = view.heading_of(raw_block)
        if heading is not None and heading is not raw_block and heading_not_dose(view.text[heading.start : heading.end]):
            continue  # missed-dose advice under "If you forget to take X" ("Do not take two tablets on one day")
        previous: Link | None = None
        previous_k = -1
        for k, sent in enumerate(block.sentences):
            if not sent.amounts:
                continue
            follow = block.sentences[k + 1] if k + 1 < len(block.sentences) else _cell_after(blocks, bi)
            if follow is not None and (follow.amounts or finder.schedule_of_another(follow)):
                follow = None
            sent_key = normalise_quote(sent.text)
            # a field that starts where an amount ends ("500 mg/m2/d") is that amount's own, and
            # so is one inside a bracket holding another dose ("cis-platin (80-120 mg/m2) and 5-FU
            # (1000 mg/m2 daily ...)": the "daily" is not cisplatin's), unless the bracket goes on
            # with this dose's own words ("120 micrograms per kilogram (up to a maximum of 7 200
            # micrograms once daily)": the maximum restates its schedule)
            owned = {b.end for b in sent.amounts}
            dosed = _dose_brackets(sent.text, sent.amounts)

            def _others_bracket(lo: int, hi: int, at: Amount) -> bool:
                if lo <= at.start and at.end <= hi:
                    return False
                between = sent.text[at.end : lo]
                return lo < at.start or ")" in between or _JOINS_A_DOSE.search(between) is not None

            def _unowned(m: FieldMatch | None, at: Amount) -> FieldMatch | None:
                if m is None or m.start in owned:
                    return None
                inside = any(lo <= m.start and m.end <= hi and _others_bracket(lo, hi, at) for lo, hi in dosed)
                return None if inside else m
            sent_hash = _IdPrefix("d", view.source.doc_id, sent_key)
            previous_kind = "regimen"
            before: tuple[Amount, Link] | None = None
            stated: dict[tuple[Any, ...], dict[str, Any]] = {}
            last_row: dict[str, Any] | None = None
            times = 1
            amounts = sent.amounts
            owner = {b.end: n for n, b in enumerate(amounts)}
            list_start: dict[int, int] = {}
            for b in amounts:
                if b.unit_end >= 0:
                    list_start[b.unit_end] = min(b.start, list_start.get(b.unit_end, b.start))
            if sent.not_dose:
                continue
            table = _day_table(sent)
            table_section = cells.section(bi)
            if table_section is None:
                table_section = raw_block.section
            # a restatement in brackets ("50 mg (2 capsules) twice daily") bounds no stretch:
            # what follows it is the dose's
            why_not = _not_doses(sent.text, amounts)
            bounds = [b for b, why in zip(amounts, why_not) if why != "restated"]
            bound_starts = [b.start for b in bounds]
            for i, a in enumerate(amounts):
                lo, hi = _stretch(bounds, bound_starts, a, len(sent.text))
                if why_not[i] or (i in table and table[i] is None):
                    continue
                if i and last_row is not None and _same_dose_at_another_time(sent, amounts[i - 1], a, lo, hi):
                    # "3 capsules in the morning and 3 capsules in the evening": one dose, twice a day
                    times += 1
                    if last_row["frequency_per_day"] in (None, 1.0) or last_row["frequency_text"] not in sent.text \
                            or last_row["frequency_text"] == "":
                        last_row.update(frequency_per_day=float(times), frequency_per_day_max=None,
                                        frequency_text=sent.text[amounts[i - times + 1].start : hi].strip())
                        last_row.update(_daily(amounts[i - 1], float(times), None))
                    continue
                times = 1

                # a listed level ("0.5, 1.0, or 2.0 mg in the morning and evening") takes its
                # fields where the level that carries the shared unit stands
                j = owner.get(a.unit_end, i) if a.unit_end >= 0 else i
                at = amounts[j]
                at_lo, at_hi = (lo, hi) if j == i else _stretch(bounds, bound_starts, at, len(sent.text))

                def _not_others(m: FieldMatch | None) -> FieldMatch | None:
                    # "30 mg/day ... and 80 mg": the "/day" is 30 mg's, not in 80 mg's stretch
                    return None if m is not None and m.start in owned and m.start not in (a.end, at.end) else m

                def pick(kind: FieldKind, follow_up: bool = False, wide: bool = True) -> FieldMatch | None:
                    return (sent.starting_at(kind, a.unit_end)
                            or _not_others(sent.nearest(kind, at, at_lo, at_hi, ranked=True))
                            or (_unowned(sent.nearest(kind, at, 0, len(sent.text)), at) if wide or len(bounds) < 2 else None)
                            or (follow.first(kind) if wide and follow_up and follow is not None else None)
                            or (cells.field(kind, bi) if wide and kind == "frequency" else None)
                            or (sections.near(kind, table_section, sent.start) if wide and kind == "frequency" else None))

                # the level that carries a shared unit stands where its list starts ("glycopyrrolate
                # 5 and 10 micrograms kg-1 and atropine ...": 10 is glycopyrrolate's)
                begins = min(a.start, list_start.get(a.end, a.start))
                absolute = Amount(sent.start + begins, sent.start + a.end, a.amount, a.amount_max, a.unit, a.text,
                                  unit_end=sent.start + a.unit_end if a.unit_end >= 0 else -1)
                # a dose continues the drug of the dose before it in its own or the previous sentence
                link = finder.link(absolute, sent, block, k, previous if k - previous_k <= 1 else None, before)
                before = (absolute, link)
                ctx_route, ctx_form = finder.context_route_form(link, raw_block)
                route = (pick("route") or ctx_route or block.nearby("route", k)
                         or sections.near("route", raw_block.section, sent.start) or whole_route)
                # a count unit names its form ("two puffs"): it outranks a form stated elsewhere
                unit_form = FieldMatch(a.start, a.end, a.form, a.text, "unit") if a.form else None
                form = pick("form") or unit_form or ctx_form or block.nearby("form", k)
                # "one 40 mg/5 mg tablet": the strengths of one combination share their kind
                joined = i > 0 and sent.text[amounts[i - 1].end : a.start].strip() == "/"
                kind = previous_kind if joined else sent.dose_kind(a, lo, hi)
                # a one-off dose has a schedule only if its own sentence states one, in its own
                # stretch when other doses share the sentence ("a loading dose of 200 mg/m2
                # followed by 12 mg/m2 every three hours": the schedule is the second dose's)
                per_day, per_day_max, freq_text = _frequency(
                    sent, pick if kind != "single" else lambda kind, follow_up=False: pick(kind, follow_up, wide=False))
                if i in table:
                    per_day, per_day_max, freq_text = table[i], None, "table"
                duration = pick("duration", follow_up=True)
                if not kind:
                    # no cue: a dose with a schedule, a course or a word of repetition is a
                    # regimen; one stated with none is given once ("mice received lidocaine
                    # (50 mg/kg, i.p.)", "a dose of 2 g was ingested")
                    kind = "regimen" if per_day is not None or duration or sent.repeated(a, lo, hi) else "single"
                previous_kind = kind
                if kind == "cumulative":
                    per_day = per_day_max = None  # a total has no frequency
                    freq_text = ""
                same = stated.get((link.name, a.amount, a.amount_max, a.unit, kind))
                if same is not None and i not in table and (per_day is None or per_day == same["frequency_per_day"]):
                    # the same dose said again in one sentence ("30 mg twice a day - one 30 mg
                    # dose in the morning and one 30 mg dose in the evening") is one statement
                    continue
                timing = pick("timing", follow_up=True)
                indication, purpose = finder.indication(sent, a, lo, hi)
                population = pick("population") or cells.row_label(bi) or finder.heading_population(raw_block)
                key = (sent_key, normalise_quote(a.text))
                links = finder.sharing(absolute, sent, block, k, link)
                for link in links:
                    nth = seen[key]
                    seen[key] += 1
                    rows.append({
                        "claim_id": sent_hash.id(key[1], nth),
                        "doc_id": view.source.doc_id,
                        "drug": link.name, "drug_text": link.text, "drug_mention_id": finder.mention_id(link),
                        "amount": a.amount, "amount_max": a.amount_max, "unit": a.unit,
                        "frequency_per_day": per_day, "frequency_per_day_max": per_day_max,
                        "frequency_text": freq_text,
                        "route": route.value if route else "",
                        "form": form.value if form else "",
                        "duration_text": duration.text if duration else "",
                        "dose_kind": kind,
                        "start": sent.start, "end": sent.end, "evidence": sent.text,
                        "review_status": "clean",
                        "timing": timing.value if timing else "",
                        "indication": indication, "purpose": purpose,
                        **_daily(a, per_day, per_day_max), **_duration(duration),
                        "population": population.value if population else "",
                        "drug_link": link.how, "extractor": "dose_grammar",
                    })
                last_row = rows[-1]
                stated.setdefault((link.name, a.amount, a.amount_max, a.unit, kind), last_row)
                if link.name and len(links) == 1:
                    previous, previous_k = link, k
    return _leaflet_dosing(zones, rows)


def _leaflet_dosing(zones: _Zones, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A package leaflet's doses: those of its section 3 ("3. How to take X") and of the
    part for healthcare professionals, explicit maximums, and sentences that still state a
    dose (``leaflet_section`` rules); amounts elsewhere are strengths, packs, excipients or
    a warning's dose. A leaflet whose section 3 yields no dose (headings misplaced by the
    conversion) keeps all its rows but those of section 6 ("6. Contents of the pack")."""
    if not zones.marks:
        return rows

    def zone(row: dict[str, Any]) -> str:
        return zones.at(row["start"])
    if not any(zone(r) == "dosing" for r in rows):
        # section 3 states no dose the text shows (a misplaced heading): every row is kept but
        # those of section 6, which lists strengths, packs and composition
        return [r for r in rows if zone(r) != "contents"]
    return [r for r in rows if zone(r) in ("dosing", "professional") or r["dose_kind"] == "max"
            or leaflet_keeps(r["evidence"])]
