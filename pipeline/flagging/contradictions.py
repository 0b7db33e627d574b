"""Contradictions within one document and across documents.

Claims are indexed by their normalised subject (concept id, else canonical name), so
each subject's claims are compared only with each other: the work grows with the number
of claims per subject, not with the square of all claims. Contradictions:

- the same condition affirmed and denied for one predicate (curable, reversible,
  surgery_required, shortens_life, self_limiting);
- a causal direction stated both ways (A causes B and B causes A, both affirmed);
- the same drug, route and indication with daily doses whose ranges do not overlap;
- a substance recommended as treatment in one source and named as a cause of harm in
  another (through generic names, so a brand meets its ingredient).

Severity weighs the sources' credibility: two credible sources in conflict, or a
peer-reviewed source against a commercial page, is high; hedged statements lower it.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import Any

import pandas as pd

from pipeline.flagging.flags import make_flag

#: How many claims of one subject are compared pairwise at most (a guard, not a limit in practice).
MAX_PER_SUBJECT = 200

#: Predicates that contradict each other across names: "irreversible" denies "curable".
PREDICATE_GROUP = {"reversible": "curable"}

_PREDICATE_WORDS = {
    "treatable": ("treatable", "untreatable (only supportive care)"),
    "curable": ("curable", "incurable"),
    "reversible": ("reversible", "irreversible"),
    "surgery_required": ("only curable by surgery", "treatable without surgery"),
    "shortens_life": ("shortens life", "does not shorten life"),
    "self_limiting": ("resolves on its own", "does not resolve on its own"),
}


def _severity(cred_a: float, cred_b: float, hedged: bool) -> str:
    if hedged:
        return "low" if min(cred_a, cred_b) < 0.5 else "medium"
    if max(cred_a, cred_b) >= 0.9 or (min(cred_a, cred_b) >= 0.6):
        return "high"
    if abs(cred_a - cred_b) >= 0.5:
        return "high"
    return "medium"


def _pair(*, category: str, severity: str, reason: str, rule_id: str, a: Any, b: Any) -> dict[str, Any]:
    """A contradiction flag between two claim rows (each with doc_id, start, end,
    evidence and claim_id)."""
    return make_flag(
        kind="contradiction", category=category, severity=severity, reason=reason, rule_id=rule_id,
        doc_id=a.doc_id, start=a.start, end=a.end, text=a.evidence, other_doc_id=b.doc_id,
        other_start=b.start, other_end=b.end, other_text=b.evidence, claim_ids=[a.claim_id, b.claim_id],
    )


def _key(concept_id: str, name: str) -> str:
    return concept_id or f"name:{name}"


def statement_contradictions(statements: pd.DataFrame, credibility: dict[str, float]) -> list[dict[str, Any]]:
    flags = []
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in statements.itertuples(index=False):
        predicate = PREDICATE_GROUP.get(row.predicate, row.predicate)
        groups[(_key(row.subject_concept_id, row.subject), predicate)].append(row)
    for (_, predicate), rows in sorted(groups.items()):
        rows = rows[:MAX_PER_SUBJECT]
        yes = [r for r in rows if r.polarity]
        no = [r for r in rows if not r.polarity]
        pairs = [(a, b) for a in yes for b in no]
        # one flag per pair of documents and predicate: the least hedged pair is the evidence
        best: dict[tuple[str, str], tuple[Any, Any]] = {}
        for a, b in pairs:
            docs = (a.doc_id, b.doc_id)
            score = int(a.hedged) + int(b.hedged)
            if docs not in best or score < int(best[docs][0].hedged) + int(best[docs][1].hedged):
                best[docs] = (a, b)
        for (doc_a, doc_b), (a, b) in sorted(best.items()):
            said_yes, said_no = _PREDICATE_WORDS.get(predicate, (predicate, f"not {predicate}"))
            where = "the same source" if doc_a == doc_b else "another source"
            flags.append(_pair(
                category=f"contradiction_{predicate}",
                severity=_severity(credibility.get(doc_a, 0.5), credibility.get(doc_b, 0.5), a.hedged and b.hedged),
                reason=f"'{a.subject}' is said to be {said_yes} here but {said_no} in {where}; decide which holds.",
                rule_id=f"flag.contradiction.{predicate}", a=a, b=b,
            ))
    return flags


def causal_direction_contradictions(causes: pd.DataFrame, credibility: dict[str, float]) -> list[dict[str, Any]]:
    """A causes B and B causes A, both affirmed."""
    flags = []
    affirmed = causes[~causes["negated"] & (causes["relation"] != "complication_of")]
    index: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in affirmed.itertuples(index=False):
        index[(_key(row.cause_concept_id, row.cause), _key(row.condition_concept_id, row.condition))].append(row)
    for (cause, effect), rows in sorted(index.items()):
        if cause >= effect:
            continue
        reverse = index.get((effect, cause))
        if not reverse:
            continue
        a, b = rows[0], reverse[0]
        flags.append(_pair(
            category="contradiction_causal_direction",
            severity=_severity(credibility.get(a.doc_id, 0.5), credibility.get(b.doc_id, 0.5), a.hedged and b.hedged),
            reason=f"One statement says {a.cause} leads to {a.condition}, another the reverse; "
                   "check which direction the evidence supports.",
            rule_id="flag.contradiction.causal_direction", a=a, b=b,
        ))
    return flags


def dose_contradictions(doses: pd.DataFrame, credibility: dict[str, float]) -> list[dict[str, Any]]:
    """Same drug, route, unit and indication purpose with non-overlapping daily ranges."""
    flags = []
    known = doses[(doses["drug"] != "") & doses["frequency_per_day"].notna()]
    groups: dict[tuple[str, str, str, str], list[Any]] = defaultdict(list)
    for row in known.itertuples(index=False):
        purpose = row.indication.split(":")[0].strip() if row.indication else ""
        groups[(row.drug, row.route, row.unit, purpose)].append(row)
    for (drug, route, unit, purpose), rows in sorted(groups.items()):
        for a, b in combinations(rows[:MAX_PER_SUBJECT], 2):
            lo_a, hi_a = a.amount * a.frequency_per_day, (a.amount_max if pd.notna(a.amount_max) else a.amount) * a.frequency_per_day
            lo_b, hi_b = b.amount * b.frequency_per_day, (b.amount_max if pd.notna(b.amount_max) else b.amount) * b.frequency_per_day
            if hi_a < lo_b or hi_b < lo_a:
                flags.append(_pair(
                    category="contradiction_dose",
                    severity=_severity(credibility.get(a.doc_id, 0.5), credibility.get(b.doc_id, 0.5), False),
                    reason=f"{drug} {route or ''} {purpose or ''}: {lo_a:g}-{hi_a:g} {unit}/day here but "
                           f"{lo_b:g}-{hi_b:g} {unit}/day {'in the same source' if a.doc_id == b.doc_id else 'in another source'}.".replace("  ", " "),
                    rule_id="flag.contradiction.dose", a=a, b=b,
                ))
    return flags


def treatment_harm_contradictions(drugs: pd.DataFrame, doses: pd.DataFrame, causes: pd.DataFrame,
                                  credibility: dict[str, float]) -> list[dict[str, Any]]:
    """A substance given as treatment in one source and named as a cause of harm in another."""
    flags = []
    harmful: dict[str, list[Any]] = defaultdict(list)
    for row in causes[~causes["negated"]].itertuples(index=False):
        harmful[row.cause].append(row)
    recommended: dict[str, Any] = {}
    for row in doses[doses["drug"] != ""].itertuples(index=False):
        recommended.setdefault(row.drug, row)
    for name, dose in sorted(recommended.items()):
        for cause in harmful.get(name, []):
            if cause.doc_id == dose.doc_id:
                continue
            flags.append(_pair(
                category="contradiction_treatment_harm",
                severity=_severity(credibility.get(dose.doc_id, 0.5), credibility.get(cause.doc_id, 0.5), cause.hedged),
                reason=f"{name} is given as a treatment here but named as a cause of {cause.condition} "
                       "in another source; check the indication and the dose.",
                rule_id="flag.contradiction.treatment_harm", a=dose, b=cause,
            ))
    return flags
