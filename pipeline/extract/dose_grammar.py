"""The dose grammar: amounts with units, frequencies, routes, forms, durations, timing.

All vocabulary comes from ``rules/doses.jsonl`` and ``rules/number_words.json``; this
module compiles it and parses one stretch of text at a time.
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pipeline.rules import Rule, load_jsonl, read_text

FieldKind = Literal["unit", "frequency", "route", "form", "timing", "duration", "indication", "population",
                    "duration_limit", "schedule_cue", "per_body", "inducer", "cycle_days", "cycle", "dose_kind", "repeated", "not_dose", "subject",
                    "agent_code", "agent_code_not", "agent_abbreviation", "agent_gap",
                    "table_row", "table_column", "table_empty", "sentence_break", "sentence_no_break", "shared_drugs",
                    "vehicle_drug", "analyte_drug", "leaflet_section", "sentence_join", "range_gap"]

_DIGITS = r"\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d.,])|\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
#: Days in each period a frequency or a duration may name.
PERIOD_DAYS = {"day": 1.0, "week": 7.0, "fortnight": 14.0, "month": 30.44, "year": 365.25}


class DoseRule(Rule):
    kind: FieldKind
    pattern: str
    value: str | None = None
    per_day: float | None = None
    per_day_from: Literal["n/p", "1/(n*p)", "24/n"] | None = None
    days_from: Literal["n", "7n"] | None = None
    requires_form: bool = False
    count: bool = False
    form: str | None = None
    side: Literal["before", "after", "either"] | None = None
    max_gap: int | None = None
    scope: Literal["before", "after", "sentence", "lead_in", "heading"] | None = None
    unless: str | None = None
    #: scope "after"/"before": the rule does not apply when this matches the text just
    #: before the amount ("one 100 mg film-coated tablet" is a dose, "Januvia 100 mg
    #: film-coated tablets are ..." a product name)
    unless_before: str | None = None
    #: only amounts in this normalised unit ("vial": vials counted as supplies)
    unit: str | None = None
    #: a unit rule that applies only in a text where this matches ("mg/ml" "in drinking water")
    context: str | None = None
    rank: int = 0
    #: where the rule comes from (the texts it was written and checked on)
    source: str | None = None


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    amount: float
    amount_max: float | None
    unit: str
    text: str
    #: The form a count unit names ("capsule" for "2 capsules"), else "".
    form: str = ""
    #: Where the unit this amount shares ends, for a listed level ("400, 450 and 500 mg/m2/d"
    #: → 400 shares "mg/m2", and the "/d" after it); -1 when the amount has its own unit.
    unit_end: int = -1
    #: The unit's body measure was read from the words after it ("5 mg, 10 mg or 15 mg per
    #: kilogram of your body weight"), which an amount listed before it shares.
    per_body_after: bool = False


@dataclass(frozen=True)
class FieldMatch:
    start: int
    end: int
    value: str
    text: str
    rule_id: str
    per_day: float | None = None
    per_day_max: float | None = None
    #: For a ``cycle`` match, the cycle's length in days; for ``cycle_days``, how many days.
    number: float | None = None
    side: str | None = None
    max_gap: int | None = None
    rank: int = 0


@lru_cache(maxsize=1)
def number_words() -> dict[str, float]:
    data = json.loads(read_text("number_words.json"))
    return {k: float(v) for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def number_pattern() -> str:
    """A number in digits or words ('a'/'an' excepted: "a day" is no amount), for ``{N}``."""
    words = sorted((w for w in number_words() if w not in ("a", "an")), key=len, reverse=True)
    return "|".join([_DIGITS, *(re.escape(w).replace("\\ ", r"\s+") for w in words)])


def parse_number(text: str) -> float:
    """'1,000' → 1000; '7,5' → 7.5 (a decimal comma); 'three' → 3."""
    text = " ".join(text.strip().lower().split())
    if text in number_words():
        return number_words()[text]
    if re.fullmatch(r"\d+(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+", text):
        return float(re.sub(r"\D", "", text))
    return float(text.replace(",", "."))


@lru_cache(maxsize=1)
def dose_rules() -> dict[str, tuple[tuple[DoseRule, re.Pattern[str]], ...]]:
    grouped: dict[str, list[tuple[DoseRule, re.Pattern[str]]]] = {}
    for rule in load_jsonl("doses.jsonl", DoseRule):
        pattern = rule.pattern.replace("{N}", f"(?:{number_pattern()})")
        grouped.setdefault(rule.kind, []).append((rule, re.compile(pattern, re.IGNORECASE)))
    return {k: tuple(v) for k, v in grouped.items()}


@lru_cache(maxsize=8)
def amount_regex(active: frozenset[int] = frozenset()) -> re.Pattern[str]:
    """An amount (digits, or words before a count unit), an optional range end, a unit.

    ``active``: the unit rules with a ``context`` that the text at hand has (a unit such
    as "mg/ml" is a dose only "in drinking water"); the others are left out.
    """
    units = "|".join(f"(?P<u{k}>{rule.pattern})" for k, (rule, _) in enumerate(dose_rules()["unit"])
                     if rule.context is None or k in active)
    number = number_pattern()
    return re.compile(
        # a mean with its standard deviation ("4.3+/-1.9 mg", "150 ± 20 mg") is the mean
        rf"(?<![\w.,-])(?P<amount>{number})(?:\s*(?:\+/-|\+/−|±|\+-)\s*(?:{_DIGITS}))?"
        # "a 10-mg dose", "a 25-mg/m2 infusion": a hyphen may join the unit to its number
        rf"(?:\s*(?:-|–|—|to|or)\s*(?P<max>{number}))?(?:\s|-(?=[^\W\d]))?(?:{units})(?![\w])",
        re.IGNORECASE,
    )


def _form_follows(text: str, end: int) -> bool:
    after = text[end : end + 40]
    return any(p.match(after.lstrip(" ")) for _, p in dose_rules()["form"])


def _is_digits(text: str) -> bool:
    return text[:1].isdigit()


#: digits grouped by plain spaces ("3 000 IU") in a flattened table: after a number or a unit,
#: or before a run of bare numbers (the table's next columns)
_TABLE_COLUMNS = re.compile(r"\d{1,3}(?: \d{3})+")
_TABLE_BEFORE = re.compile(r"(?:\d|\b(?:mg|g|mcg|micrograms?|ml|IU|units?))\s+\Z", re.IGNORECASE)
_TABLE_AFTER = re.compile(r"\s*\S{0,12}\s+\d+\s+\d+\b")


def find_amounts(text: str) -> list[Amount]:
    """Every dose amount in ``text``.

    A percentage counts only before a form ("1% gel"); an amount in words only before a
    count unit ("one capsule", "two puffs"), never before a measure ("one mg" is no dose
    anyone writes, "one g" in running text is rarely a dose).
    """
    out = []
    units = dose_rules()["unit"]
    active = frozenset(k for k, (rule, _) in enumerate(units)
                       if rule.context is not None and re.search(rule.context, text, re.IGNORECASE))
    for m in amount_regex(active).finditer(text):
        k = next(int(name[1:]) for name, value in m.groupdict().items() if name.startswith("u") and value)
        rule = units[k][0]
        if rule.requires_form and not _form_follows(text, m.end()):
            continue
        raw, raw_max = m.group("amount"), m.group("max")
        if not rule.count and not (_is_digits(raw) and (raw_max is None or _is_digits(raw_max))):
            continue
        start = m.start()
        if raw_max is None and _TABLE_COLUMNS.fullmatch(raw) and (
                _TABLE_BEFORE.search(text, max(0, start - 12), start) or _TABLE_AFTER.match(text, m.end())):
            # "360 mg 7 120 mg 1 1 2 4 480 mg": a flattened table's columns, not 7120 mg
            start += raw.rfind(" ") + 1
            raw = text[start : m.end("amount")]
        amount = parse_number(raw)
        amount_max = parse_number(raw_max) if raw_max else None
        if amount_max is not None and amount_max < amount:
            # "8-0.24 mg" (a flattened table: weight band 8-<12 kg, then the dose): a range never
            # falls, so the first number belongs to another column and the dose is the second
            amount, amount_max, start = amount_max, None, m.start("max")
        if amount_max == amount:
            amount_max = None
        unit = rule.value or ""
        suffix = _per_body(text, m.end()) if not rule.count and "/" not in unit and unit != "%" else ""
        unit += suffix
        alternative = (amount_max is not None and not rule.count and start == m.start()
                       and re.fullmatch(r"\s*or\s*", text[m.end("amount") : m.start("max")]) is not None)
        listed, between = ([], False) if start != m.start() else _listed_before(text, m.start(), alternative)
        if between and amount_max is None:
            # "between 2 and 8 mg": one dose range
            (start, end), = listed
            out.append(Amount(start, m.end(), parse_number(text[start:end]), amount, unit, text[start : m.end()],
                              rule.form or ""))
            continue
        if alternative:
            # "10 or 20 mg": two doses sharing the unit, as a list of levels ("0.5, 1.0, or 2.0 mg")
            listed = [*listed, (m.start("amount"), m.end("amount"))]
            start, amount, amount_max = m.start("max"), parse_number(m.group("max")), None
        for first, end in listed:
            out.append(Amount(first, end, parse_number(text[first:end]), None, unit, text[first:end], rule.form or "",
                              m.end()))
        out.append(Amount(start, m.end(), amount, amount_max, unit, text[start : m.end()], rule.form or "",
                          per_body_after=bool(suffix) or _SPELLED_PER.search(m.group()) is not None))
    return _fold_counted_strengths(text, _ranges_with_both_units(text, _lost_range_dashes(text, _share_per_body(text, out))))


def _lost_range_dashes(text: str, amounts: list[Amount]) -> list[Amount]:
    """A range whose dash the text lost ("0.025 0.035 mg/kg", ``range_gap`` rules): the bare
    number right before an amount with its own measure unit is its lower end, when the upper
    end is at most ``value`` times it and no table word or other number stands before it."""
    out = list(amounts)
    for i, a in enumerate(out):
        if a.amount_max is not None or a.unit_end >= 0 or a.form or a.unit.split("/")[0] in _COUNT_UNITS:
            continue
        if _FORM_AFTER_STRENGTH.match(text, a.end):
            continue  # "Take 2 10 mg tablets": a count of tablets of a strength, not a range (review R2)
        for rule, pattern in dose_rules().get("range_gap", ()):
            m = pattern.search(text, max(0, a.start - 24), a.start)
            if m is None or m.end() != a.start:
                continue
            low = parse_number(m.group("low"))
            before = text[max(0, m.start() - 40) : m.start()]
            if (0 < low < a.amount <= low * float(rule.value or 0)
                    and not (rule.unless_before and re.search(rule.unless_before, before, re.IGNORECASE))
                    and not (i and out[i - 1].end > m.start())):
                out[i] = Amount(m.start(), a.end, low, a.amount, a.unit, text[m.start() : a.end], a.form,
                                a.unit_end, a.per_body_after)
                break
    return out


#: Counted tablets with their strength (how leaflets write a dose in tablets): the words between
#: a count and the strength it takes ("1 tablet MIRAPEXIN 0.088 mg", "2 tablets of 5 mg")
_COUNT_TO_STRENGTH = re.compile(r"\s+(?:of\s+)?(?:[A-Z][\w-]*\s+){0,2}")
#: the count written before the strength and its form after ("Two 10 mg tablets", "three
#: MIRAPEXIN 0.088 mg tablets", "Half a 10 mg tablet", "One and a half 10 mg tablets", "two 0.5 mg
#: orodispersible tablets": the EDQM form words the product_name rule knows)
_FORM_AFTER_STRENGTH = re.compile(r"\s+(?:(?:film-coated|coated|hard|soft|dispersible|orodispersible|chewable|effervescent|"
                                  r"gastro-resistant|(?:prolonged|modified|extended)[- ]release)\s+)?(?:tablets?|capsules?)\b",
                                  re.IGNORECASE)
#: a count whose strength follows in brackets ("half a tablet once a day (1 x 5 mg)")
_BRACKETED_STRENGTH = re.compile(r"[^().;]{0,30}\(\s*(?:1\s*[x\u00d7]\s*)?")
_STRENGTH_UNITS = frozenset({"mg", "mcg", "g"})
_COUNT_UNITS = frozenset({"tablet", "capsule"})


@lru_cache(maxsize=1)
def _count_before() -> re.Pattern[str]:
    return re.compile(r"(?P<n>" + number_pattern() + r")\s+(?:(?-i:[A-Z][\w-]*)\s+){0,2}", re.IGNORECASE)


def _fold_counted_strengths(text: str, amounts: list[Amount]) -> list[Amount]:
    """One dose in mg for counted tablets of a stated strength, as leaflets write them: "2
    tablets MIRAPEXIN 0.088 mg" → 0.176 mg, "Two 10 mg tablets" → 20 mg, "half a tablet
    once a day (1 x 5 mg)" → 5 mg; "1 tablet X 0.7 mg and 1 tablet X 0.35 mg" taken together
    → 1.05 mg. The count alone stays a count when no strength goes with it."""
    out: list[Amount] = []
    folded: set[int] = set()
    i = 0
    while i < len(amounts):
        a = amounts[i]
        b = amounts[i + 1] if i + 1 < len(amounts) else None
        if (b is not None and a.unit in _COUNT_UNITS and b.unit in _STRENGTH_UNITS and b.amount_max is None
                and b.unit_end < 0 and b.start > a.end):
            gap = text[a.end : b.start]
            if _COUNT_TO_STRENGTH.fullmatch(gap):
                mx = a.amount_max * b.amount if a.amount_max is not None else None
                out.append(Amount(a.start, b.end, round(a.amount * b.amount, 6), mx and round(mx, 6), b.unit,
                                  text[a.start : b.end], a.form))
                folded.add(len(out) - 1)
                i += 2
                continue
            if _BRACKETED_STRENGTH.fullmatch(gap) and re.match(r"\s*\)", text[b.end :]):
                out.append(Amount(a.start, a.end, b.amount, None, b.unit, a.text, a.form))
                i += 2
                continue
        if a.unit in _STRENGTH_UNITS and a.amount_max is None and a.unit_end < 0 and _FORM_AFTER_STRENGTH.match(text, a.end):
            m = next((m for pos in range(a.start - 1, max(0, a.start - 40) - 1, -1)
                      if (pos == 0 or not text[pos - 1].isalnum())
                      and (m := _count_before().fullmatch(text, pos, a.start)) is not None), None)
            n = parse_number(m.group("n")) if m is not None else 1.0
            if m is not None and n != 1.0 and (not out or out[-1].end <= m.start()):
                out.append(Amount(m.start(), a.end, round(n * a.amount, 6), None, a.unit, text[m.start() : a.end], a.form))
                folded.add(len(out) - 1)
                i += 1
                continue
        out.append(a)
        i += 1
    # "1 tablet MIRAPEXIN 0.7 mg and 1 tablet MIRAPEXIN 0.35 mg three times a day": one dose
    merged: list[Amount] = []
    for k, a in enumerate(out):
        prev = merged[-1] if merged else None
        if (prev is not None and k in folded and (k - 1) in folded and prev.unit == a.unit and prev.amount_max is None
                and a.amount_max is None and re.fullmatch(r"\s+and\s+", text[prev.end : a.start])):
            merged[-1] = Amount(prev.start, a.end, round(prev.amount + a.amount, 6), None, a.unit,
                                text[prev.start : a.end], prev.form)
            continue
        merged.append(a)
    return merged


_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or)\s*", re.IGNORECASE)


def _share_per_body(text: str, amounts: list[Amount]) -> list[Amount]:
    """A list of amounts whose last names the body measure shares it ("5 mg, 7.5 mg, 10 mg
    or 15 mg per kilogram of your body weight" → all four in mg/kg)."""
    out = list(amounts)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if b.per_body_after and "/" not in a.unit and b.unit.startswith(a.unit + "/") \
                and _LIST_JOIN.fullmatch(text[a.end : b.start]):
            out[i] = Amount(a.start, a.end, a.amount, a.amount_max, b.unit, a.text, a.form, a.unit_end, True)
    return out


_SPELLED_PER = re.compile(r"\s(?:per|for every|for each)\s", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"\s*(?:-|–|to)\s*\Z", re.IGNORECASE)
_BETWEEN_JOIN = re.compile(r"\s*and\s*\Z", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s*\Z", re.IGNORECASE)
#: "from 50 mg to 100 mg" (a step up) and "increase ... 50 mg to 100 mg" are two doses
_STEP = re.compile(r"\b(?:from|increase[ds]?|increasing|reduce[ds]?|reducing|decrease[ds]?|decreasing|raise[ds]?|lower(?:ed|s)?|adjust(?:ed|s)?)\b[^.;]{0,30}\Z", re.IGNORECASE)


def _ranges_with_both_units(text: str, amounts: list[Amount]) -> list[Amount]:
    """One range where both ends carry the unit: "between 200 mg and 400 mg", "200 mg to
    400 mg" (not a step: "from 50 mg to 100 mg", "increased to")."""
    out: list[Amount] = []
    for a in amounts:
        prev = out[-1] if out else None
        if (prev is not None and prev.amount_max is None and a.amount_max is None and prev.unit == a.unit
                and prev.unit_end < 0 and a.unit_end < 0 and a.amount > prev.amount):
            gap = text[prev.end : a.start]
            before = text[max(0, prev.start - 40) : prev.start]
            if (_BETWEEN_JOIN.fullmatch(gap + "") and _BETWEEN.search(before)) or (
                    _RANGE_JOIN.fullmatch(gap) and not _STEP.search(before)):
                out[-1] = Amount(prev.start, a.end, prev.amount, a.amount, a.unit, text[prev.start : a.end], prev.form)
                continue
        out.append(a)
    return out


#: How far before an amount a list of dose levels sharing its unit may start.
LIST_REACH = 120


@lru_cache(maxsize=1)
def _list_regex() -> re.Pattern[str]:
    item = rf"(?:{_DIGITS})"
    return re.compile(
        rf"(?:^|(?<=[\s(]))(?P<list>(?:{item}\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+))+)\Z",
        re.IGNORECASE,
    )


def _rises_to(text: str, item: tuple[int, int], start: int) -> bool:
    """The listed level is lower than the number that starts at ``start``."""
    nxt = re.match(_DIGITS, text[start : start + 20])
    try:
        return nxt is not None and parse_number(text[item[0] : item[1]]) < parse_number(nxt.group())
    except ValueError:
        return False


#: what a number before a list names when it is no dose level (a time, a group, a year)
_NOT_A_LEVEL = re.compile(r"(?:\b(?:weeks?|days?|months?|years?|cycles?|visits?|steps?|groups?|levels?|phase|grade|"
                          r"in|on|at|since|n\s*=|[a-z]*\d)\s*|\d{4}\s*)\Z", re.IGNORECASE)


def _listed_before(text: str, start: int, joined: bool = False) -> tuple[list[tuple[int, int]], bool]:
    """Dose levels listed before an amount that share its unit, and whether they make one
    range with it instead.

    "200 to 300, 400, 450, and 550 mg/m2" lists 200, 300, 400 and 450 (a list needs an
    "and"/"or" or two commas, or one comma before an amount that is itself joined by "or":
    ``joined``, "15, 20 or 25 mg"); "between 2 and 8 mg" is the range 2-8.
    """
    base = max(0, start - LIST_REACH)
    before = text[base:start]
    m = _list_regex().search(before)
    if m is None:
        return [], False
    listed = m.group("list")
    offset = base + m.start("list")
    items = [(offset + n.start(), offset + n.end()) for n in re.finditer(_DIGITS, listed)]
    if not (re.search(r"\b(?:and|or)\b", listed) or listed.count(",") >= 2):
        # "15, 20 or 25 mg": one level before an "or" pair, rising to it, and no week,
        # year or count before it ("at week 4, 10 or 20 mg", "In 2010, 20 or 25 mg")
        if not (joined and len(items) == 1 and listed.count(",") == 1
                and _rises_to(text, items[0], start)
                and not _NOT_A_LEVEL.search(before[: m.start("list")])):
            return [], False
    between = bool(re.search(r"\bbetween\s*\Z", before[: m.start("list")])) and len(items) == 1
    return items, between


#: How far after an amount a per-body denominator may be stated ("150 IU (1.5 mg) for every
#: kilogram of your weight", "6.75 micrograms of Aranesp per kilogram of your body weight").
PER_BODY_REACH = 80


def _per_body(text: str, end: int) -> str:
    after = text[end : end + PER_BODY_REACH]
    for rule, pattern in dose_rules().get("per_body", ()):
        if pattern.search(after):
            return rule.value or ""
    return ""


def _per_day_of(rule: DoseRule, raw: str, period: str | None) -> float | None:
    n = parse_number(raw)
    days = PERIOD_DAYS.get((period or "day").lower().rstrip("s"), 1.0)
    formula = rule.per_day_from
    if formula == "n/p":
        return round(n / days, 6)
    if formula == "1/(n*p)":
        return round(1 / (n * days), 6) if n else None
    if formula == "24/n":
        return round(24 / n, 6) if n else None
    raise ValueError(f"dose rule {rule.id}: unknown per_day_from {formula!r}")


def _per_day(rule: DoseRule, m: re.Match[str]) -> tuple[float | None, float | None]:
    """(frequency per day, upper end of a range or None) of a frequency match."""
    if rule.per_day is not None:
        return rule.per_day, None
    groups = {k: v for k, v in m.groupdict().items() if v}
    raw = groups.get("n") or groups.get("n2")
    if raw is None or rule.per_day_from is None:
        return None, None
    first = _per_day_of(rule, raw, groups.get("p"))
    upper = groups.get("m") or groups.get("m2")
    if upper is None or first is None:
        return first, None
    second = _per_day_of(rule, upper, groups.get("p"))
    if second is None or second == first:
        return first, None
    return min(first, second), max(first, second)


def _number(rule: DoseRule, m: re.Match[str]) -> float | None:
    if rule.kind == "cycle_days":
        # "on days 1, 8 and 15" → 3; "on days 1 to 21" → 21
        count = 0
        for first, last in re.findall(r"(\d+)(?:\s*(?:-|–|to|through)\s*(\d+))?", m.group()):
            count += int(last) - int(first) + 1 if last and int(last) >= int(first) else 1
        return float(count)
    groups = {k: v for k, v in m.groupdict().items() if v}
    raw = groups.get("n") or groups.get("n2") or groups.get("n3")
    if rule.days_from is None or raw is None:
        return None
    return parse_number(raw) * (7 if rule.days_from == "7n" else 1)


def _value(rule: DoseRule, m: re.Match[str]) -> str:
    """The rule's value, with named groups filled in ("children {n}-{m} years")."""
    if rule.value is None:
        return m.group().strip()
    if "{" not in rule.value:
        return rule.value
    groups = {k: v for k, v in m.groupdict().items() if v}
    if "n2" in groups and "n" not in groups:
        groups["n"] = groups["n2"]
    try:
        return rule.value.format(**groups)
    except KeyError:
        return m.group().strip()


def find_fields(kind: FieldKind, text: str) -> list[FieldMatch]:
    """Matches of one field kind, left to right; of overlapping matches the longest wins
    ("three times a day" over "a day"), then the earlier rule."""
    candidates = []
    for order, (rule, pattern) in enumerate(dose_rules().get(kind, ())):
        for m in pattern.finditer(text):
            if m.end() > m.start():
                candidates.append((-(m.end() - m.start()), order, m, rule))
    # kept matches never overlap, so sorted by start they are sorted by end: a candidate
    # overlaps a kept match only if the first kept match ending after its start begins
    # before its end (one bisection, not a scan of everything kept)
    found: list[FieldMatch] = []
    ends: list[int] = []
    for _, _, m, rule in sorted(candidates, key=lambda c: (c[0], c[1], c[2].start())):
        i = bisect.bisect_right(ends, m.start())
        if i < len(found) and found[i].start < m.end():
            continue
        per_day, per_day_max = _per_day(rule, m) if kind == "frequency" else (None, None)
        found.insert(i, FieldMatch(m.start(), m.end(), _value(rule, m), m.group().strip(), rule.id,
                                   per_day, per_day_max, _number(rule, m), rule.side, rule.max_gap, rule.rank))
        ends.insert(i, m.end())
    return found


@lru_cache(maxsize=1)
def _not_dose_rules() -> tuple[tuple[DoseRule, re.Pattern[str], re.Pattern[str] | None, re.Pattern[str] | None], ...]:
    def compiled(pattern: str | None) -> re.Pattern[str] | None:
        return re.compile(pattern, re.IGNORECASE) if pattern else None
    return tuple((rule, pattern, compiled(rule.unless), compiled(rule.unless_before))
                 for rule, pattern in dose_rules().get("not_dose", ()))


#: How far before or after an amount a ``not_dose`` rule of scope before/after looks.
NOT_DOSE_REACH = 60


def sentence_not_dose_reasons(text: str) -> set[str]:
    """Every reason the sentence-scope ``not_dose`` rules give for ``text``."""
    return {rule.value or rule.id for rule, pattern, unless, _ in _not_dose_rules()
            if rule.scope == "sentence" and pattern.search(text) and not (unless and unless.search(text))}


def sentence_not_dose(text: str) -> str | None:
    """Why no amount of this sentence is a dose (a pack, a composition...), or None."""
    for rule, pattern, unless, _ in _not_dose_rules():
        if rule.scope == "sentence" and pattern.search(text) and not (unless and unless.search(text)):
            return rule.value or rule.id
    return None


def split_sentence(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentences in ``text``, a sentence the tagger gave as one.

    Abstracts end sentences after abbreviations and units ("... 550 mg/m2/d. Four
    patients ...", "... 5 mg/kg i.p. The rats ..."), where a general segmenter often does
    not split; a break (``sentence_break``) is refused after an abbreviation that does not
    end a sentence (``sentence_no_break``: "e.g.", "vs.", "Dr.").
    """
    rules = dose_rules()
    refused = [p for _, p in rules.get("sentence_no_break", ())]
    cuts = []
    for _, pattern in rules.get("sentence_break", ()):
        for m in pattern.finditer(text):
            head = text[max(0, m.start() - 12) : m.start()]
            if not any(p.search(head) for p in refused):
                cuts.append((m.start(), m.end()))
    if not cuts:
        return [(0, len(text))]
    spans, start = [], 0
    for end, next_start in sorted(set(cuts)):
        if end > start:
            spans.append((start, end))
        start = next_start
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def joined_sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The tagger's sentences ``spans`` of ``text``, with those it cut inside a unit joined
    again (``sentence_join``: "FK 506, 5 mg. kg-1. d-1 given for 4 weeks")."""
    if len(spans) < 2:
        return spans
    joins = [(m.start(), m.end()) for _, pattern in dose_rules().get("sentence_join", ())
             for m in pattern.finditer(text, spans[0][0], spans[-1][1])]
    if not joins:
        return spans
    out = [spans[0]]
    for start, end in spans[1:]:
        if any(s < out[-1][1] and start < e for s, e in joins):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def lead_in_not_dose(text: str) -> str | None:
    """Why no amount of the list under this lead-in is a dose ("Each carton contains:")."""
    for rule, pattern, _, _ in _not_dose_rules():
        if rule.scope == "lead_in" and pattern.search(text):
            return rule.value or rule.id
    return None


def heading_not_dose(text: str) -> str | None:
    """Why no amount under this section heading is a dose ("If you forget to take X")."""
    for rule, pattern, _, _ in _not_dose_rules():
        if rule.scope == "heading" and pattern.search(text):
            return rule.value or rule.id
    return None


def leaflet_zones(text: str) -> list[tuple[int, str]]:
    """(offset, zone) where each numbered section of a package leaflet opens
    (``leaflet_section`` rules: ``dosing`` for "3. How to take X", ``other`` for sections
    1, 2, 4-6, ``professional`` for the part intended for healthcare professionals), in
    text order; empty when the text has no dosing section heading (not a leaflet)."""
    marks = sorted((text.rfind("\n", 0, m.start()) + 1, rule.value or "other")  # the zone opens with its line
                   for rule, pattern in dose_rules().get("leaflet_section", ())
                   if rule.value != "keep" for m in pattern.finditer(text))
    return marks if any(zone == "dosing" for _, zone in marks) else []


def leaflet_keeps(sentence: str) -> bool:
    """A dose sentence outside a leaflet's dosing section that still states a dose
    ("In doses of 1,400 to 2,000 mg per day, the following side effects are more common")."""
    return any(pattern.search(sentence) for rule, pattern in dose_rules().get("leaflet_section", ())
               if rule.value == "keep")


#: the strength that ends a folded count ("two 50 mg": "50 mg")
_STRENGTH_AT_END = re.compile(r"(?<![\w.,])[\d.,]+\s*[^\W\d]+\Z")


def amount_not_dose(text: str, start: int, end: int, unit: str = "", unit_end: int = -1) -> str | None:
    """Why the amount at ``text[start:end]`` is no dose ("200 ml of water", "4 micrograms/ml").

    A listed level that shares the unit of a later amount ("3.6 and 1.9 mg/l") is judged by
    what follows that unit (``unit_end``), as the last level is.
    """
    # a list of strengths before its form ('50 mg/12.5 mg/200 mg, 75 mg/18.75 mg/200 mg ... tablets') runs long
    after = text[max(end, unit_end) : max(end, unit_end) + 3 * NOT_DOSE_REACH]
    before = text[max(0, start - NOT_DOSE_REACH) : start]
    # a count folded into its strength ("two 50 mg film-coated tablets" → 100 mg) is judged
    # with its count before the strength, as "one 50 mg film-coated tablet" is
    strength = _STRENGTH_AT_END.search(text, start, end)
    counted = text[max(0, start - NOT_DOSE_REACH) : strength.start()] if strength and strength.start() > start else None
    for rule, pattern, _, unless_before in _not_dose_rules():
        if rule.unit is not None and rule.unit != unit:
            continue
        if (rule.scope == "after" and pattern.search(after)) or (rule.scope == "before" and pattern.search(before)):
            if unless_before is not None and (unless_before.search(before)
                                              or (counted is not None and unless_before.search(counted))):
                continue
            return rule.value or rule.id
    return None


def is_inducer(text: str, start: int, end: int) -> bool:
    """Whether the drug named at ``text[start:end]`` is named as what induces a condition."""
    after = text[end : end + NOT_DOSE_REACH]
    before = text[max(0, start - 2 * NOT_DOSE_REACH) : start]
    for rule, pattern in dose_rules().get("inducer", ()):
        if (rule.scope == "after" and pattern.search(after)) or (rule.scope == "before" and pattern.search(before)):
            return True
    return False


_DURATION = r"(?P<n>{N})(?:\s*(?:-|–|to|or)\s*(?P<m>{N}))?\s+(?P<unit>day|week|month|year)s?\b"


@lru_cache(maxsize=1)
def _duration_regex() -> re.Pattern[str]:
    return re.compile(_DURATION.replace("{N}", f"(?:{number_pattern()})"), re.IGNORECASE)


def duration_days(text: str) -> float | None:
    """Longest duration a phrase states, in days ("a course of 2-3 years" → 1095.75)."""
    best = None
    for m in _duration_regex().finditer(text or ""):
        n = parse_number(m.group("m") or m.group("n"))
        days = n * PERIOD_DAYS[m.group("unit").lower()]
        best = days if best is None else max(best, days)
    return best


def agent_codes(text: str) -> list[tuple[int, int]]:
    """Spans of drug code names ("AMN082", "SSR103800", "A-86929"): the NER misses most of
    them, yet an abstract about an investigational compound doses nothing else."""
    rules = dose_rules()
    refused = [p for _, p in rules.get("agent_code_not", ())]
    out = []
    for _, pattern in rules.get("agent_code", ()):
        for m in pattern.finditer(text):
            if not any(r.match(m.group()) for r in refused):
                out.append((m.start(), m.end()))
    return sorted(set(out))


def _long_form(before: str, abbr: str) -> int | None:
    """Where the long form of ``abbr`` starts in ``before`` (Schwartz & Hearst 2003): every
    letter and digit of the abbreviation found right to left, the first at a word start."""
    chars = [c.lower() for c in abbr if c.isalnum()]
    if not chars:
        return None
    i, j = len(before) - 1, len(chars) - 1
    while j >= 0:
        c = chars[j]
        while i >= 0 and (before[i].lower() != c or (j == 0 and i > 0 and before[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        j -= 1
    start = i + 1
    words = len(before[start:].split())
    return start if 0 < words <= min(len(chars) + 5, 2 * len(chars)) else None


def abbreviations(text: str) -> list[tuple[str, int, int]]:
    """``(abbreviation, long form start, long form end)`` of each "long form (ABBR)" in
    ``text``; the abbreviation needs two capitals ("NH4Ac", "PDTC", "LEV")."""
    out = []
    for _, pattern in dose_rules().get("agent_abbreviation", ()):
        for m in pattern.finditer(text):
            abbr = m.group("abbr")
            if sum(c.isupper() for c in abbr) < 2:
                continue
            end = m.start()
            while end > 0 and text[end - 1] == " ":
                end -= 1
            base = max(0, end - 80)
            start = _long_form(text[base:end], abbr)
            if start is not None:
                out.append((abbr, base + start, end))
    return out


def agent_gap(side: Literal["before", "after"], gap: str) -> bool:
    """Whether ``gap`` (the text between a named agent and an amount on ``side`` of it) is
    short and plain enough for the amount to be that agent's dose."""
    return any(rule.scope == side and pattern.match(gap) for rule, pattern in dose_rules().get("agent_gap", ()))
