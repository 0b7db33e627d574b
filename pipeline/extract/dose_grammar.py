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

FieldKind = Literal["unit", "frequency", "route", "form", "timing", "duration", "indication", "population"]

_NUMBER = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"


class DoseRule(Rule):
    kind: FieldKind
    pattern: str
    value: str | None = None
    per_day: float | None = None
    per_day_from: str | None = None
    requires_form: bool = False


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    amount: float
    amount_max: float | None
    unit: str
    text: str


@dataclass(frozen=True)
class FieldMatch:
    start: int
    end: int
    value: str
    text: str
    rule_id: str
    per_day: float | None = None


@lru_cache(maxsize=1)
def number_words() -> dict[str, float]:
    data = json.loads(read_text("number_words.json"))
    return {k: float(v) for k, v in data.items() if not k.startswith("_")}


def parse_number(text: str) -> float:
    """'1,000' → 1000; '7,5' → 7.5 (a decimal comma); 'three' → 3."""
    text = text.strip().lower()
    if text in number_words():
        return number_words()[text]
    if re.fullmatch(r"\d+(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


@lru_cache(maxsize=1)
def dose_rules() -> dict[str, tuple[tuple[DoseRule, re.Pattern[str]], ...]]:
    grouped: dict[str, list[tuple[DoseRule, re.Pattern[str]]]] = {}
    for rule in load_jsonl("doses.jsonl", DoseRule):
        grouped.setdefault(rule.kind, []).append((rule, re.compile(rule.pattern, re.IGNORECASE)))
    return {k: tuple(v) for k, v in grouped.items()}


@lru_cache(maxsize=1)
def amount_regex() -> re.Pattern[str]:
    units = "|".join(f"(?P<u{k}>{rule.pattern})" for k, (rule, _) in enumerate(dose_rules()["unit"]))
    return re.compile(
        rf"(?<![\w.,])(?P<amount>{_NUMBER})(?:\s*(?:-|–|—|to)\s*(?P<max>{_NUMBER}))?\s?(?:{units})(?![\w])",
        re.IGNORECASE,
    )


def _form_follows(text: str, end: int) -> bool:
    after = text[end : end + 40]
    return any(p.match(after.lstrip(" ")) for _, p in dose_rules()["form"])


def find_amounts(text: str) -> list[Amount]:
    """Every dose amount in ``text``; a percentage counts only before a form ("1% gel")."""
    out = []
    units = dose_rules()["unit"]
    for m in amount_regex().finditer(text):
        k = next(int(name[1:]) for name, value in m.groupdict().items() if name.startswith("u") and value)
        rule = units[k][0]
        if rule.requires_form and not _form_follows(text, m.end()):
            continue
        amount = parse_number(m.group("amount"))
        amount_max = parse_number(m.group("max")) if m.group("max") else None
        out.append(Amount(m.start(), m.end(), amount, amount_max, rule.value or "", m.group()))
    return out


def _per_day(rule: DoseRule, m: re.Match[str]) -> float | None:
    if rule.per_day is not None:
        return rule.per_day
    groups = {k: v for k, v in m.groupdict().items() if v}
    raw = groups.get("n") or groups.get("n2")
    if raw is None or rule.per_day_from is None:
        return None
    n = parse_number(raw)
    formula = rule.per_day_from
    if formula == "n/day":
        return n
    if formula == "n/week":
        return round(n / 7, 6)
    if formula == "24/n":
        return round(24 / n, 6) if n else None
    if formula == "1/(7n)":
        return round(1 / (7 * n), 6)
    if formula == "1/(30.44n)":
        return round(1 / (30.44 * n), 6)
    raise ValueError(f"dose rule {rule.id}: unknown per_day_from {formula!r}")


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
        found.insert(i, FieldMatch(m.start(), m.end(), rule.value or m.group().strip(), m.group().strip(),
                                   rule.id, _per_day(rule, m) if kind == "frequency" else None))
        ends.insert(i, m.end())
    return found
