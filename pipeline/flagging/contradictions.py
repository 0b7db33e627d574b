"""Contradictions a domain expert would raise, within a source and across sources.

Kinds, each with a reason a reviewer can act on:

- **statement**: one condition said to be curable and incurable, treatable and not,
  shortening life and not, benign and serious, resolving on its own and chronic (the
  predicates, their stakes and wording, the predicates that state another one and the
  statements that imply another are ``rules/contradictions.json``), in one source or two;
- **general vs form**: a statement about a condition in general ("life expectancy is
  usually not limited by osteosclerosis", "the cause cannot be treated") against the
  opposite statement about one of its forms ("infantile osteopetrosis often results in
  death"), through the condition hierarchy;
- **untreatable vs treatment**: "cannot be treated" / "no cure" against a treatment or
  cure claim for the same condition or a form of it ("no cure", "treatment is
  symptomatic" and "no treatment to eliminate X" are only contradicted by a cure, not by
  a treatment);
- **harm vs recommendation**: a substance or its class causes a condition in one source;
  the substance or a member of the class is recommended in another for a condition
  related to it (the same, a form of it, or a sibling under a specific parent: fluorides
  harden bone, sodium fluoride is given to harden bone); a side effect a source lists
  for a drug it recommends itself is weighed there, not a contradiction;
- **reversed causation**: A causes (or is a risk factor for) B and B causes A;
- **dose**: two sources' daily doses for the same drug, route, unit, population and
  indication further apart than a documented factor (``rules/contradictions.json``).

Work stays about linear in the number of claims: claims are bucketed by subject (and
predicate and polarity, or substance and condition key), and each claim meets the
conflicting bucket's representatives (its strongest claims from distinct sources), not
every claim of it. Pass a ``collections.Counter`` as ``counter`` to count comparisons.

Severity weighs the stakes of the kind (harm vs recommendation and prognosis high) and
both sources' credibility; hedged claims on both sides lower it.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pandas as pd

from pipeline.dataset.schema import SEVERITIES
from pipeline.extract.treatments import drug_in_dosage_form
from pipeline.flagging.base import make_flag
from pipeline.flagging.dubious import dose_references
from pipeline.rules import read_text
from pipeline.vocab.knowledge import Knowledge, knowledge

_STEM_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """``rules/contradictions.json`` without its ``_`` documentation keys."""
    return {k: v for k, v in json.loads(read_text("contradictions.json")).items() if not k.startswith("_")}


def _predicate(name: str) -> dict[str, Any]:
    return settings()["predicates"].get(name, {"stakes": 1, "said": [name, f"not {name}"]})


def _stakes(kind: str) -> int:
    return int(settings()["stakes"].get(kind, 1))


def statement_keys(predicate: str, polarity: bool) -> list[tuple[str, bool]]:
    """The (predicate, polarity) buckets a statement stands in: its own, under the name of
    the predicate it states ("chronic" is "not resolving on its own"), and those it implies
    ("fatal" is "not benign")."""
    group = settings()["predicate_groups"].get(predicate)
    if group is not None:
        predicate, polarity = group["as"], polarity if group["same_polarity"] else not polarity
    keys = [(predicate, polarity)]
    for rule in settings()["implies"]:
        if rule["if"] == [predicate, polarity]:
            keys.append((rule["then"][0], bool(rule["then"][1])))
    return keys


# --- shared helpers -------------------------------------------------------------------

def _severity(stakes: int, cred_a: float, cred_b: float, hedged: bool) -> str:
    """Stakes first; a peer-reviewed or credible pair raises it, two weak or hedged
    sources lower it."""
    k = stakes
    if min(cred_a, cred_b) >= 0.6 or max(cred_a, cred_b) >= 0.9:
        k += 1
    if hedged or max(cred_a, cred_b) < 0.5:
        k -= 1
    return SEVERITIES[max(0, min(k, len(SEVERITIES) - 1))]


def _pair(*, category: str, stakes: int, reason: str, rule_id: str, a: Any, b: Any,
          credibility: dict[str, float]) -> dict[str, Any]:
    """A contradiction flag between two claim rows (each with doc_id, start, end,
    evidence, claim_id, hedged)."""
    severity = _severity(stakes, credibility.get(a.doc_id, 0.5), credibility.get(b.doc_id, 0.5),
                         bool(getattr(a, "hedged", False)) and bool(getattr(b, "hedged", False)))
    return make_flag(
        kind="contradiction", category=category, severity=severity, reason=reason, rule_id=rule_id,
        doc_id=a.doc_id, start=a.start, end=a.end, text=a.evidence, other_doc_id=b.doc_id,
        other_start=b.start, other_end=b.end, other_text=b.evidence, claim_ids=[a.claim_id, b.claim_id],
    )


def _key(concept_id: str, name: str) -> str:
    return concept_id or f"name:{name}"


def _rank(row: Any, credibility: dict[str, float]) -> tuple:
    """Strongest first: unhedged, then the most credible source, then position."""
    return (bool(getattr(row, "hedged", False)), -credibility.get(row.doc_id, 0.5), row.doc_id, row.start)


class _Representatives:
    """The strongest claims of a bucket from distinct sources (two suffice: one of them
    is always from another source than the claim that meets them)."""

    __slots__ = ("ranked",)

    def __init__(self) -> None:
        self.ranked: list[tuple[tuple, Any]] = []

    @property
    def rows(self) -> list[Any]:
        return [r for _, r in self.ranked]

    def add(self, row: Any, credibility: dict[str, float], rank: tuple | None = None) -> None:
        """Keep ``row`` if it is among the two strongest sources' best claims (``rank``:
        its :func:`_rank`, when the caller adds one row to many buckets)."""
        rank = rank if rank is not None else _rank(row, credibility)
        for i, (other_rank, other) in enumerate(self.ranked):
            if other.doc_id == row.doc_id:
                if rank < other_rank:
                    self.ranked[i] = (rank, row)
                    self.ranked.sort(key=lambda x: x[0])
                return
        if len(self.ranked) < 2 or rank < self.ranked[-1][0]:
            self.ranked.append((rank, row))
            self.ranked.sort(key=lambda x: x[0])
            del self.ranked[2:]

    def against(self, row: Any, other_source: bool) -> Any | None:
        """The representative ``row`` meets: from another source when required, else the
        strongest that is not ``row`` itself."""
        for r in self.rows:
            if r is row or (other_source and r.doc_id == row.doc_id):
                continue
            return r
        return None


def _where(a: Any, b: Any, credibility: dict[str, float]) -> str:
    if a.doc_id == b.doc_id:
        return "the same source"
    if credibility.get(b.doc_id, 0.5) > credibility.get(a.doc_id, 0.5):
        return "a more credible source"
    return "another source"


def _count(counter: Counter | None, n: int = 1) -> None:
    if counter is not None:
        counter["comparisons"] += n


# --- statements: same condition, and general vs form ---------------------------------

def statement_contradictions(statements: pd.DataFrame, credibility: dict[str, float],
                             counter: Counter | None = None, kb: Knowledge | None = None) -> list[dict[str, Any]]:
    """Affirmed vs denied curability, prognosis, ... of one condition or of a condition
    and its forms.

    Same condition: within a document its strongest affirmation meets its strongest
    denial; across documents each document on the side fewer documents take meets the
    other side's strongest claims (from another source). General vs form: a claim about a form (up to
    ``hierarchy_depth`` levels down) meets the representatives of the universal claims
    about each of its ancestors.
    """
    kb = kb or knowledge()
    depth = settings()["hierarchy_depth"]
    flags: list[dict[str, Any]] = []
    by_doc: dict[tuple[str, str, bool, str], Any] = {}
    reps: dict[tuple[str, str, bool], _Representatives] = defaultdict(_Representatives)
    for row in statements.itertuples(index=False):
        subject = _key(row.subject_concept_id, row.subject)
        for predicate, polarity in statement_keys(row.predicate, bool(row.polarity)):
            k = (subject, predicate, polarity, row.doc_id)
            if k not in by_doc or _rank(row, credibility) < _rank(by_doc[k], credibility):
                by_doc[k] = row
            reps[(subject, predicate, polarity)].add(row, credibility)
    docs_on: Counter[tuple[str, str, bool]] = Counter((k[0], k[1], k[2]) for k in by_doc)
    seen: set[tuple[str, str]] = set()
    for (subject, predicate, polarity, doc_id), row in sorted(by_doc.items(), key=lambda kv: kv[0]):
        other = reps.get((subject, predicate, not polarity))
        if other is None:
            continue
        within = by_doc.get((subject, predicate, not polarity, doc_id))
        partners = [within] if within is not None else []
        # across sources, the side fewer sources take meets the other side's strongest
        # claims (ties: the affirmations meet the denials), so one outlier among many
        # agreeing sources is one flag, not one per agreeing source
        mine, theirs = docs_on[(subject, predicate, polarity)], docs_on[(subject, predicate, not polarity)]
        if mine < theirs or (mine == theirs and polarity):
            across = other.against(row, other_source=True)
            if across is not None:
                partners.append(across)
        for b in partners:
            _count(counter)
            a, b = (row, b) if polarity else (b, row)
            if (a.claim_id, b.claim_id) in seen or a.claim_id == b.claim_id:
                continue
            seen.add((a.claim_id, b.claim_id))
            said_yes, said_no = _predicate(predicate)["said"]
            flags.append(_pair(
                category=f"contradiction_{predicate}", stakes=_predicate(predicate)["stakes"], credibility=credibility,
                reason=f"'{a.subject}' is said to be {said_yes} here but {said_no} in {_where(a, b, credibility)}; "
                       "decide which holds.",
                rule_id=f"flag.contradiction.{predicate}", a=a, b=b,
            ))
    # general vs form
    for (subject, predicate, polarity, doc_id), row in sorted(by_doc.items(), key=lambda kv: kv[0]):
        universal = _predicate(predicate).get("universal")
        if universal is None or polarity == universal or not row.subject_concept_id:
            continue
        for ancestor, level in sorted(kb.ancestors(row.subject_concept_id, depth).items(), key=lambda kv: kv[1]):
            general = reps.get((ancestor, predicate, universal))
            if general is None:
                continue
            _count(counter)
            g = general.against(row, other_source=False)
            if g is None:
                continue
            flags.append(_general_vs_form(predicate, g, row, ancestor, kb, credibility))
            break
    return flags


def _general_vs_form(predicate: str, general: Any, form: Any, ancestor: str, kb: Knowledge,
                     credibility: dict[str, float]) -> dict[str, Any]:
    said_general, said_form = _predicate(predicate)["general"]
    general_name = general.subject or kb.condition_name(ancestor)
    where = "this source" if general.doc_id == form.doc_id else (
        "a more credible source" if credibility.get(form.doc_id, 0.5) > credibility.get(general.doc_id, 0.5)
        else "another source")
    return _pair(
        category=f"contradiction_{predicate}", stakes=_predicate(predicate)["stakes"], credibility=credibility,
        reason=f"Says of {general_name} in general that it {said_general}; {where} says that "
               f"{form.subject}, a form of it, {said_form}. Decide whether the general statement "
               "needs an exception or one of them is wrong.",
        rule_id=f"flag.contradiction.{predicate}.general_vs_form", a=general, b=form,
    )


# --- untreatable vs a named treatment ------------------------------------------------

def untreatable_scope(evidence: str, cue: str, predicate: str) -> str:
    """What a "no treatment" / "no cure" statement denies: ``predicate`` itself, "curable"
    when it only denies a cure ("treatment is symptomatic", "no treatment to eliminate
    CMV infection"), or "" when the words after its cue narrow the condition to something
    its subject concept does not name ("no specific treatment for POF caused by ...")."""
    cfg = settings()
    at = evidence.lower().find(cue.lower()) if cue else -1
    after = evidence[at + len(cue):] if at >= 0 else ""
    if any(re.search(p, after, re.I) for p in cfg["untreatable_narrowed_subject"]):
        return ""
    if predicate != "curable":
        first, *rest = cfg["untreatable_only_no_cure"]
        if re.search(first, cue, re.I) or any(re.search(p, after, re.I) for p in rest):
            return "curable"
    return predicate


def untreatable_contradictions(statements: pd.DataFrame, treatments: pd.DataFrame, credibility: dict[str, float],
                               counter: Counter | None = None, kb: Knowledge | None = None) -> list[dict[str, Any]]:
    """"Cannot be treated" / "no cure" against a treatment or cure claim for the same
    condition or a form of it. Each treatment claim meets the strongest denial about its
    condition and each ancestor; a treatment claim from a sentence that is itself a
    positive statement is left to :func:`statement_contradictions`."""
    kb = kb or knowledge()
    depth = settings()["hierarchy_depth"]
    answers = settings()["treatment_predicates_vs_untreatable"]
    denials: dict[tuple[str, str], _Representatives] = defaultdict(_Representatives)
    affirmed_sentences: set[tuple[str, int]] = set()
    for row in statements.itertuples(index=False):
        for predicate, polarity in statement_keys(row.predicate, bool(row.polarity)):
            if predicate not in answers:
                continue
            if polarity:
                affirmed_sentences.add((row.doc_id, int(row.start)))
            elif row.subject_concept_id:
                scope = untreatable_scope(row.evidence, getattr(row, "cue", "") or "", predicate)
                if scope:
                    denials[(scope, row.subject_concept_id)].add(row, credibility)
    # one flag per denying source and treating source: the closest, strongest pair (a
    # leaflet naming ten treatments of a cancer is one conflict with "cannot be treated")
    best: dict[tuple[str, str], tuple[tuple, Any, Any, str, int]] = {}
    for t in treatments.itertuples(index=False):
        concept = _concept_of(t.condition_concept_id, t.condition, kb) if t.polarity else ""
        if not concept or (t.doc_id, int(t.start)) in affirmed_sentences:
            continue
        chain = [(concept, 0)] + [(c, 0) for c in sorted(kb.same_as(concept))] + sorted(
            kb.ancestors(concept, depth).items(), key=lambda kv: kv[1])
        for predicate, verbs in answers.items():
            if t.predicate not in verbs:
                continue
            for concept, level in chain:
                bucket = denials.get((predicate, concept))
                if bucket is None:
                    continue
                _count(counter)
                d = bucket.against(t, other_source=False)
                if d is None:
                    continue
                order = (level, _rank(d, credibility), _rank(t, credibility))
                key = (d.doc_id, t.doc_id)
                if key not in best or order < best[key][0]:
                    best[key] = (order, d, t, predicate, level)
                break
    flags: list[dict[str, Any]] = []
    for _, (_, d, t, predicate, level) in sorted(best.items(), key=lambda kv: kv[0]):
        form = "" if level == 0 else f" ({t.condition}, a form of {d.subject})"
        verb = "cured" if predicate == "curable" else "treated"
        flags.append(_pair(
            category="contradiction_untreatable", stakes=_stakes("untreatable_treatment"), credibility=credibility,
            reason=f"Says {d.subject} cannot be {verb}; {_where(d, t, credibility)} names a treatment"
                   f"{form}: {t.treatment} {t.predicate} {t.condition}. Decide whether the treatment "
                   f"holds or the statement needs an exception.",
            rule_id=f"flag.contradiction.untreatable.{predicate}", a=d, b=t,
        ))
    return flags


# --- denied causation ---------------------------------------------------------------

def negated_cause_contradictions(causes: pd.DataFrame, credibility: dict[str, float],
                                 counter: Counter | None = None) -> list[dict[str, Any]]:
    """"A causes B" in one place and "B is not caused by A" in another: each denial meets
    the strongest affirmation of the same cause, condition and relation from another
    source (or, within one source, its strongest affirmation)."""
    affirmed: dict[tuple[str, str, str], _Representatives] = defaultdict(_Representatives)
    denied = []
    for row in causes.itertuples(index=False):
        key = (_key(row.cause_concept_id, row.cause), _key(row.condition_concept_id, row.condition), row.relation)
        if row.negated:
            denied.append((key, row))
        else:
            affirmed[key].add(row, credibility)
    flags = []
    cfg = settings()
    partial = re.compile(cfg["partial_denial"], re.I)
    causal, litotes = re.compile(cfg["causal_denial"], re.I), re.compile(cfg["causal_litotes"], re.I)
    for key, row in denied:
        reps = affirmed.get(key)
        evidence = row.evidence or ""
        if reps is None or partial.search(evidence):
            continue  # "Most cases of X are not inherited": the other cases are
        if not causal.search(litotes.sub(" ", evidence)):
            continue  # "did not predict CHF development", "is not an infrequent complication"
        _count(counter)
        other = reps.against(row, other_source=False)
        if other is None:
            continue
        flags.append(_pair(
            a=other, b=row, rule_id="flag.contradiction.cause_negated",
            category="contradiction_cause_negated", stakes=_stakes("cause_negated"), credibility=credibility,
            reason=f"One source says {row.cause} {'causes' if row.relation == 'causes' else 'is a ' + row.relation.replace('_', ' ') + ' of'} "
                   f"{row.condition}; {_where(other, row, credibility)} denies it. Decide which holds.",
        ))
    return flags


# --- reversed causation --------------------------------------------------------------

def causal_direction_contradictions(causes: pd.DataFrame, credibility: dict[str, float],
                                    counter: Counter | None = None) -> list[dict[str, Any]]:
    """A causes (or is a risk factor for) B and B causes A, both affirmed: each direction's
    strongest claim meets the other direction's. A sentence a side-effect row was read from
    (an extractor of ``side_effect_extractors``; rows keyed by document and sentence start)
    gives no causes row here: a leaflet's item that links two effects ("Bleeding leading to
    low platelet count or anaemia") says what the medicine does to its patients, not which
    condition causes which. An item that starts elsewhere in its line is not matched."""
    affirmed = causes[~causes["negated"] & (causes["relation"] != "complication_of")]
    prefix = tuple(settings()["side_effect_extractors"])
    extractors = affirmed["extractor"].astype(str) if "extractor" in affirmed else pd.Series("", index=affirmed.index)
    listed = set(zip(affirmed["doc_id"][extractors.str.startswith(prefix)], affirmed["start"][extractors.str.startswith(prefix)]))
    index: dict[tuple[str, str], _Representatives] = defaultdict(_Representatives)
    for row in affirmed.itertuples(index=False):
        if (row.doc_id, row.start) in listed:
            continue
        index[(_key(row.cause_concept_id, row.cause), _key(row.condition_concept_id, row.condition))].add(row, credibility)
    flags = []
    for (cause, effect), reps in sorted(index.items()):
        if cause >= effect:
            continue
        reverse = index.get((effect, cause))
        _count(counter)
        if not reverse:
            continue
        a, b = reps.rows[0], reverse.rows[0]
        flags.append(_pair(
            category="contradiction_causal_direction", stakes=_stakes("causal_direction"), credibility=credibility,
            reason=f"{_where(a, b, credibility).capitalize()} and this one disagree on the direction: here "
                   f"{a.cause} {'is a risk factor for' if a.relation == 'risk_factor' else 'leads to'} {a.condition}, "
                   f"there {b.cause} {'is a risk factor for' if b.relation == 'risk_factor' else 'leads to'} "
                   f"{b.condition}. Check which direction the evidence supports.",
            rule_id="flag.contradiction.causal_direction", a=a, b=b,
        ))
    return flags


# --- doses ---------------------------------------------------------------------------

def _daily(row: Any) -> tuple[float, float] | None:
    lo = getattr(row, "daily_amount", float("nan"))
    hi = getattr(row, "daily_amount_max", float("nan"))
    if pd.isna(lo):
        if pd.isna(row.amount) or pd.isna(row.frequency_per_day):
            return None
        top = row.amount_max if pd.notna(row.amount_max) else row.amount
        fmax = row.frequency_per_day_max if pd.notna(getattr(row, "frequency_per_day_max", float("nan"))) else row.frequency_per_day
        return row.amount * row.frequency_per_day, top * fmax
    return float(lo), float(hi) if pd.notna(hi) else float(lo)


def _dose_factor(drug: str, route: str, unit: str) -> tuple[float, str]:
    """The factor two daily doses may differ by, and where it comes from."""
    factor = float(settings()["dose_factor"])
    ref = dose_references().get((drug, route))
    if ref is not None and ref.unit == unit and ref.daily_min > 0 and ref.daily_max / ref.daily_min > factor:
        return ref.daily_max / ref.daily_min, f"the reference range {ref.daily_min:g}-{ref.daily_max:g} {unit}/day"
    return factor, "the documented factor"


def dose_contradictions(doses: pd.DataFrame, credibility: dict[str, float],
                        counter: Counter | None = None) -> list[dict[str, Any]]:
    """Two sources' daily doses for the same drug, route, unit, population and indication
    further apart than the drug's reference range spans (at least ``dose_factor``).

    Linear: per group, each dose meets the group's highest minimum and lowest maximum
    from another source (two comparisons), so every dose that conflicts with some other
    source's dose is flagged once or twice, not against every dose.
    """
    kinds = set(settings()["dose_kinds"])
    apart = re.compile("|".join(f"(?:{p})" for p in settings()["dose_not_comparable"]), re.I)
    groups: dict[tuple[str, ...], list[tuple[Any, float, float]]] = defaultdict(list)
    for row in doses.itertuples(index=False):
        if not row.drug or (row.dose_kind or "") not in kinds:
            continue
        if apart.search(row.evidence or "") or "/" in row.drug:
            continue  # one step of a titration, a maintenance dose, an animal's dose, a combination
        daily = _daily(row)
        if daily is None or daily[0] <= 0:
            continue
        key = (row.drug, row.route, row.unit, row.population, row.indication, getattr(row, "purpose", ""))
        groups[key].append((row, *daily))
    flags = []
    seen: set[tuple[str, str]] = set()
    for (drug, route, unit, population, indication, purpose), rows in sorted(groups.items()):
        if len({r.doc_id for r, _, _ in rows}) < 2:
            continue
        factor, why = _dose_factor(drug, route, unit)
        by_lo = sorted(rows, key=lambda x: (-x[1], x[0].doc_id, x[0].start))
        by_hi = sorted(rows, key=lambda x: (x[2], x[0].doc_id, x[0].start))
        top = [by_lo[0]] + [x for x in by_lo[1:] if x[0].doc_id != by_lo[0][0].doc_id][:1]
        bottom = [by_hi[0]] + [x for x in by_hi[1:] if x[0].doc_id != by_hi[0][0].doc_id][:1]
        what = " ".join(f"{drug} {route} {population} {indication}".split())
        for a, lo_a, hi_a in rows:
            for reps, higher in ((top, True), (bottom, False)):
                b = next((x for x in reps if x[0].doc_id != a.doc_id), None)
                _count(counter)
                if b is None:
                    continue
                rb, lo_b, hi_b = b
                if not (lo_b > hi_a * factor if higher else hi_b * factor < lo_a):
                    continue
                small, large = ((a, lo_a, hi_a), b) if higher else (b, (a, lo_a, hi_a))
                if (small[0].claim_id, large[0].claim_id) in seen:
                    continue
                seen.add((small[0].claim_id, large[0].claim_id))
                flags.append(_pair(
                    category="contradiction_dose", stakes=_stakes("dose"), credibility=credibility,
                    reason=f"{what}: {small[1]:g}-{small[2]:g} {unit}/day in one source, {large[1]:g}-{large[2]:g} "
                           f"{unit}/day in another, more than {factor:g}x apart ({why}). Check which regimen is "
                           "right for this indication.",
                    rule_id="flag.contradiction.dose", a=small[0], b=large[0],
                ))
    return flags


# --- harm vs recommendation ----------------------------------------------------------

def _stem(word: str, suffixes: tuple[str, ...], n: int) -> str:
    """The word without its longest inflection or derivation ending, keeping ``n`` letters:
    "thrombosis" and "thrombotic" → "thromb", "thrombocytopenia" → "thrombocytopen"."""
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= n:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=1)
def _suffixes() -> tuple[str, ...]:
    return tuple(sorted(settings()["stem_suffixes"], key=len, reverse=True))


@lru_cache(maxsize=1)
def _generic_condition_words() -> frozenset[str]:
    return frozenset(settings()["generic_condition_words"])


def _stems(text: str, generic: frozenset[str], n: int) -> set[str]:
    suffixes = _suffixes()
    return {_stem(w, suffixes, n) for w in _STEM_WORD.findall((text or "").lower()) if len(w) >= n and w not in generic}


class _Substance:
    """What a claim's subject is: drugs (by concept or name), the classes those drugs
    belong to, and the classes its words name."""

    def __init__(self, drugs: Iterable[tuple[str, str]], phrase: str, kb: Knowledge) -> None:
        self.drugs: dict[str, str] = {}
        self.member_of: set[str] = set()
        for concept_id, name in drugs:
            if name:
                self.drugs[concept_id or f"name:{name}"] = name
                self.member_of |= kb.drug_classes(name, concept_id)
                # a product the vocabulary names with its dose form ("lidocaine patch") is its drug
                base = drug_in_dosage_form(name)
                if base is not None and base.name:
                    self.drugs[base.concept_id or f"name:{base.name}"] = base.name
                    self.member_of |= kb.drug_classes(base.name, base.concept_id)
        self.named = set(kb.classes_named(phrase))
        #: the groups a named class lies in ("benzodiazepines" are anxiolytics and hypnotics)
        self.within = {b for c in self.named for b in kb.broader_classes(c)}

    def keys(self, side: str) -> set[tuple[str, str]]:
        """Index keys: a drug meets the same drug, a named class meets its members and
        other texts naming it; two members of one class do not meet. A harm of a drug, or
        of a class named, also stands for the groups it belongs to, so it meets a
        recommendation of such a group ("benzodiazepines" harm, "depressants" given), as
        a member's harm meets its class's recommendation."""
        out = {("drug", d) for d in self.drugs} | {("named", c) for c in self.named}
        if side == "harm":
            out |= {("member", c) for c in self.member_of | self.within}
        return out

    def lookups(self) -> set[tuple[str, str]]:
        """Keys a recommendation looks up in the harm index."""
        return ({("drug", d) for d in self.drugs} | {("named", c) for c in self.member_of | self.named}
                | {("member", c) for c in self.named})


def _drug_mentions(drugs: pd.DataFrame) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for m in drugs.itertuples(index=False):
        out[m.doc_id].append(m)
    return out


def _drugs_in(phrase: str, doc_mentions: list[Any], start: int, end: int) -> list[tuple[str, str]]:
    """Drug mentions of the claim's sentence whose surface text is inside the phrase."""
    low = (phrase or "").lower()
    return [(m.concept_id, m.name) for m in doc_mentions
            if start <= m.start < end and m.text and m.text.lower() in low]


@lru_cache(maxsize=65536)
def _condition_concept(name: str) -> str:
    """The vocabulary concept a condition name (a dose's indication) normalises to."""
    from pipeline.vocab.lexicon import lookup

    concept = lookup(name, "condition") if name else None
    return concept.concept_id if concept else ""


#: A determiner before a phrase a treatment acts on ("the heart rate", "your blood pressure").
_DETERMINER = re.compile(r"^(?:the|a|an|your|their|his|her|its|high|raised|elevated|low)\s+", re.I)
#: A possessive whose apostrophe a PDF or ePI export lost ("Parkinson s disease").
_LOST_APOSTROPHE = re.compile(r"\b(\w+) s\b(?= \w)")


def _concept_of(concept_id: str, name: str, kb: Knowledge) -> str:
    """A condition's concept; one the vocabulary left unnormalised ("thrombosis") by the
    hierarchy's own name for it ("abnormal thrombosis"), or by the name with a lost
    apostrophe put back ("parkinson s disease" is Parkinson's disease)."""
    if concept_id:
        return concept_id
    name = _DETERMINER.sub("", name or "")
    found = kb.concept_named(name)
    if not found and name and _LOST_APOSTROPHE.search(name):
        fixed = _LOST_APOSTROPHE.sub(r"\1's", name)
        found = _condition_concept(fixed) or kb.concept_named(fixed) or _condition_concept(_LOST_APOSTROPHE.sub(r"\1", name))
    return found


class _ConditionKeys:
    """Keys two related conditions meet by: ``index`` is what a claim is filed under,
    ``lookup`` what it looks for among the other side's claims.

    - the same condition (its concept, or the concept another vocabulary names it by);
    - one a form of the other, up to ``hierarchy_depth`` levels apart, whatever the size
      of the broader one (below ``max_broader_descendants``: an organ-system root is no
      condition a claim is about): "absence seizures" meets "seizures";
    - siblings under a specific common parent (at most ``max_shared_descendants``
      descendants): "hypotension" meets "hypertension" under "abnormal systemic blood
      pressure", not everything under "abnormality of the nervous system";
    - a shared content-word stem of their names ("thrombosis" / "thrombotic").
    """

    __slots__ = ("index", "lookup")

    def __init__(self, concept_id: str, text: str, kb: Knowledge, cfg: dict[str, Any]) -> None:
        stems = {("stem", s) for s in _stems(text, _generic_condition_words(), cfg["min_shared_stem"])}
        self.index: set[tuple[str, str]] = set(stems)
        self.lookup: set[tuple[str, str]] = set(stems)
        if not concept_id:
            return
        own = {concept_id} | kb.same_as(concept_id)
        up = kb.ancestors(concept_id, cfg["hierarchy_depth"])
        broader = {a for a in up if kb.descendants(a) <= cfg["max_broader_descendants"]}
        unrelating = {p["id"] for p in cfg["unrelating_parents"]}
        shared = {a for a in up if kb.descendants(a) <= cfg["max_shared_descendants"] and a not in unrelating}
        self.index |= {("self", c) for c in own} | {("up", a) for a in broader} | {("sib", a) for a in shared}
        self.lookup |= ({("up", c) for c in own} | {("self", c) for c in own | broader}
                        | {("sib", a) for a in shared})


def _harm_sentences(causes: pd.DataFrame, mentions: dict[str, list[Any]], cfg: dict[str, Any]) -> set[tuple[str, int, str]]:
    """(doc_id, sentence start, drug key) of every affirmed harm claim: a dose given in a
    sentence that states the drug's harm is how the harm came about, not a recommendation."""
    relations = set(cfg["harm_relations"])
    out: set[tuple[str, int, str]] = set()
    for c in causes.itertuples(index=False):
        if c.negated or c.relation not in relations:
            continue
        found = _drugs_in(c.cause_text or c.cause, mentions.get(c.doc_id, []), int(c.start), int(c.end))
        out |= {(c.doc_id, int(c.start), concept_id or f"name:{name}") for concept_id, name in found if name}
    return out


def _condition_names(row: Any, concept_id: str, kb: Knowledge) -> set[str]:
    """The lower-cased names a claim's condition goes by: as read, as written, as the
    vocabulary names its concept."""
    names = {getattr(row, "condition", "") or getattr(row, "indication", ""), getattr(row, "condition_text", ""),
             kb.condition_name(concept_id) if concept_id else ""}
    return {n.strip().lower() for n in names if n and n.strip()}


def is_overshoot(harm_names: Iterable[str], rec_names: Iterable[str]) -> bool:
    """Whether the harm is the opposite of what the drug is recommended for
    ("hypotension" against "hypertension"): the intended effect overshooting."""
    pairs = [tuple(p) for p in settings()["overshoot_opposites"]]
    for h in harm_names:
        for r in rec_names:
            for a, b in pairs + [(b, a) for a, b in pairs]:
                if h.startswith(a) and r.startswith(b) and h[len(a):] == r[len(b):] and h[len(a):]:
                    return True
    return False


def aims_at_infection(harm_names: Iterable[str], rec_names: Iterable[str]) -> bool:
    """Whether the use treats an infection and the harm is none: an anti-infective acts on
    the germ, not on the organ it infects, so harm to that organ ("acute kidney injury"
    from gentamicin against "antibiotic treatment for kidney infections") does not push
    the use the other way; an infection the drug brings on still meets it."""
    infection = re.compile(settings()["infection_words"], re.I)
    return any(infection.search(r) for r in rec_names) and not any(infection.search(h) for h in harm_names)


def harm_subject(phrase: str) -> str:
    """The part of a harm's cause phrase that names what causes it: a drug or class inside
    a modifier of another head ("rare disorders characterized by antibodies that disrupt
    insulin action") is not the cause, unless the head is a generic word for medicines
    ("medicines that contain ibuprofen")."""
    cfg = settings()
    m = re.search(cfg["harm_subject_modifiers"], phrase or "", re.I)
    if m is None or re.search(cfg["medicine_heads"], phrase[:m.start()], re.I):
        return phrase or ""
    return phrase[:m.start()]


@lru_cache(maxsize=1)
def _not_exposure() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in settings()["harm_not_exposure"]), re.I)


def names_no_exposure(phrase: str) -> bool:
    """Whether a harm's cause phrase names a state of the body rather than an exposure to
    a substance: its lack, level or production, or resistance to it ("shortage of the
    hormone insulin", "high levels of cortisol", "insulin resistance", "the body's immune
    system makes antibodies"). Such a harm is no harm of a medicine (rules:
    ``harm_not_exposure``)."""
    return bool(phrase) and _not_exposure().search(phrase) is not None


@lru_cache(maxsize=1)
def _not_giving() -> re.Pattern[str]:
    return re.compile(settings()["recommendation_not_giving"], re.I)


def gives(phrase: str, name: str) -> bool:
    """Whether a recommendation's phrase gives ``name`` (``""``: whatever it names first)
    rather than taking it away or keeping it down: "removing blood (and iron) from your
    body", "a low sodium diet", "lower cholesterol" give no iron, sodium or cholesterol
    (rules: ``recommendation_not_giving``). Only the few words before the name count, so
    "a low sodium diet and potassium-sparing diuretics" still gives the diuretics."""
    text = (phrase or "").lower()
    at = text.find(name.lower()) if name else -1
    # the words just before the name within its own list item, else the phrase's head
    # ("removing blood ..."): "a protein-restricted diet and carnitine" gives carnitine
    window = text[max(0, at - 30):at] if at >= 0 else " ".join(text.split()[:3])
    if window.count("(") > window.count(")"):
        window = window.rsplit("(", 1)[0]  # "removing blood (and iron)": the bracket's head decides
    window = re.split(r"\b(?:and|or|with|such as|including)\b|[,;]", window)[-1]
    return _not_giving().search(window) is None


@lru_cache(maxsize=None)
def _around(pattern: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A rule pattern with one ``{cond}`` as two compiled halves: what must end the text
    before the condition and what must start the text after it. Compiled once per rule,
    not once per condition (a regex per harm row cost about 11 CPU-s at 10,000 documents)."""
    before, after = pattern.split("{cond}")
    before = before[:-2] if before.endswith(r"\b") else before
    after = after[2:] if after.startswith(r"\b") else after
    return re.compile(f"(?:{before})$", re.I), re.compile(after, re.I)


def _said_around(patterns: Iterable[str], text: str, condition: str) -> bool:
    """Whether one of ``patterns`` (each with one ``{cond}``) matches ``text`` with the
    condition, as a whole phrase, in the place of ``{cond}``."""
    at = text.find(condition)
    while at >= 0:
        end = at + len(condition)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            for pattern in patterns:
                before, after = _around(pattern)
                if before.search(text, 0, at) and after.match(text, end):
                    return True
        at = text.find(condition, at + 1)
    return False


def harm_is_misread(evidence: str, condition: str) -> bool:
    """Whether a harm's sentence names its condition as the patients' disease or what they
    were treated for ("tuberculosis patients treated with rifampin"), or as lowered by the
    drug ("a reduction of breast cancer among women receiving tamoxifen"): the condition is
    then the drug's indication or benefit, not its harm (rules:
    ``harm_condition_is_population``, ``harm_is_benefit``)."""
    if not (evidence and condition):
        return False
    cfg = settings()
    cond, text = " ".join(condition.lower().split()), " ".join(evidence.lower().split())
    if _said_around(cfg["harm_tied_to_drug"], text, cond):
        return False  # "heparin-induced arterial thrombosis", "can cause new or worsened arrhythmias"
    return _said_around((*cfg["harm_condition_is_population"], cfg["harm_is_benefit"]), text, cond)


def _cue_words() -> str:
    return "|".join(re.escape(w) for w in settings()["dose_induction_words"])


@lru_cache(maxsize=1)
def _any_induction_word() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_cue_words()}|led to|resulted in|caused|causing|developed|associated with|"
                      r"toxicit(?:y|ies)|adverse (?:effects?|events?))\b")


def dose_induces_indication(evidence: str, drug_text: str, indication: str) -> bool:
    """Whether the dose's sentence says the dosed drug brought its indication on
    ("pilocarpine (416 mg/kg, s.c.)-induced limbic motor seizures", "bradycardia was
    produced in rats by intravenous infusion of adrenaline (1.25 micrograms kg-1)")."""
    if not (evidence and drug_text and indication):
        return False
    text = evidence.lower()
    if _any_induction_word().search(text) is None:
        return False  # every pattern below needs one of these words: no regex to build
    drug, ind, cue = re.escape(drug_text.lower()), re.escape(indication.lower()), _cue_words()
    # the cue hangs on the drug itself, past at most its bracketed dose: "cibenzoline
    # suppressed the digitalis-induced arrhythmia" is cibenzoline's use
    active = rf"\b{drug}\s*(?:\([^()]*\))?\s*-\s*(?:{cue})\s+(?:[\w-]+\s+){{0,3}}?{ind}\b"
    passive = (rf"\b{ind}\s+(?:was|were|is|are|been|being)\s+(?:\w+\s+)?(?:{cue})\b[^;]{{0,60}}?\bby\b"
               rf"[^;]{{0,60}}?\b{drug}\b")
    # "8 mg doxorubicin/kg ... led to higher cardiotoxicity", "myopathy ... was associated
    # with the highest daily dose of lovastatin (80 mg)", "somnolence and constipation were
    # prominent toxicities": the indication is what the dose did
    led = (rf"\b{drug}\b(?:(?!\b(?:less|fewer|lower|not|never|prevent\w*|reduc\w*)\b)[^;]){{0,80}}?"
           rf"\b(?:led to|resulted in|caused|causing|developed)\s+"
           rf"(?:(?:a|an|the|higher|more|severe|increased|marked|significant)\s+){{0,3}}{ind}\b")
    associated = rf"\b{ind}\b[^;]{{0,140}}?\b(?:was|were|is|are)\s+(?:\w+\s+){{0,2}}associated with\b[^;]{{0,60}}?\b{drug}\b"
    toxicity = rf"\b{ind}\b[^;]{{0,40}}?\b(?:was|were|is|are)\s+(?:\w+\s+){{0,2}}(?:toxicit(?:y|ies)|adverse (?:effects?|events?))\b"
    fewer = rf"\b(?:fewer|less|lower)\b[^;]{{0,40}}?\b{drug}\b"  # "fewer patients on aspirin developed ..."
    return (any(re.search(p, text) for p in (active, passive, associated, toxicity))
            or (re.search(led, text) is not None and re.search(fewer, text) is None))


def dose_states_use(evidence: str, indication: str) -> bool:
    """Whether a dose's sentence gives the drug for its indication: a dosing instruction
    ("the usual dose is 25 mg"), or the indication named as what the drug is for or acts
    on ("for treatment of hyperthyroidism", "patients with X were randomized to receive",
    "reduced renal insufficiency"). "Cardiomyopathy is frequent when the total dose
    exceeds 600 mg/m2" names what the dose did, not what it is for. An indication the
    sentence does not name came from its context (a leaflet's heading), which gives it."""
    cfg = settings()["dose_use"]
    if not (evidence and indication):
        return False
    if re.search(cfg["dosing"], evidence, re.I):
        return True
    text = evidence.lower()
    words = [w for w in _STEM_WORD.findall(indication.lower()) if len(w) >= 4]
    at = min((i for i in (text.find(indication.lower()), *(text.find(w) for w in words)) if i >= 0), default=-1)
    if at < 0:
        return True  # the indication comes from the context (a heading, the sentence before)
    end = at + len(indication) if text.startswith(indication.lower(), at) else at
    return bool(re.search(cfg["before_indication"], text[max(0, at - 120):at], re.I)
                or re.search(cfg["after_indication"], text[end:], re.I))


def _condition_keys(concept_id: str, text: str, kb: Knowledge, cfg: dict[str, Any]) -> _ConditionKeys:
    return _ConditionKeys(concept_id, text, kb, cfg)


def interaction_list_spans(blocks: pd.DataFrame | None) -> dict[str, list[tuple[int, int]]]:
    """Per document, the character spans of its interaction lists: from the subsection that
    opens one ("Other medicines and X", "Taking other medicines") to the template's next
    subsection ("X with food and drink", "Pregnancy", "Driving and using machines", "How
    to take"), at most ``interaction_list_max_chars`` long. The text, not the block kinds,
    bounds it: many corpus leaflets lost their list markers, so the items are read as
    headings, captions or one running paragraph. Uses named there identify other medicines;
    the leaflet recommends none of them."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    if blocks is None or blocks.empty:
        return spans
    cfg = settings()
    lead = re.compile("|".join(cfg["interaction_list_leads"]))
    end = re.compile("|".join(cfg["interaction_list_ends"]))
    longest = int(cfg["interaction_list_max_chars"])
    # Only documents with a lead somewhere can hold a list: one pass over the texts picks
    # them (at 10,000 consumer pages, none), instead of a frame slice per document.
    texts = blocks["text"].fillna("").astype(str)
    opening = blocks["doc_id"][[lead.search(t) is not None for t in texts]].unique()
    if len(opening) == 0:
        return spans
    chosen = blocks[blocks["doc_id"].isin(opening)].sort_values(["doc_id", "start"], kind="stable")
    doc_of, opened = None, None
    for doc_id, start, text in zip(chosen["doc_id"], chosen["start"], chosen["text"]):
        if doc_id != doc_of:
            if opened is not None:
                spans[doc_of].append((opened, opened + longest))
            doc_of, opened = doc_id, None
        text, pos, start = text or "", 0, int(start)
        if opened is not None and start - opened > longest:
            spans[doc_id].append((opened, opened + longest))
            opened = None
        while True:
            m = (lead if opened is None else end).search(text, pos)
            if m is None:
                break
            if opened is None:
                opened = start + m.start()
            else:
                spans[doc_id].append((opened, min(start + m.start(), opened + longest)))
                opened = None
            pos = m.end()
    if opened is not None:
        spans[doc_of].append((opened, opened + longest))
    return spans


def _in_spans(row: Any, spans: dict[str, list[tuple[int, int]]]) -> bool:
    return any(s <= int(row.start) < e for s, e in spans.get(row.doc_id, ()))


def harm_recommendation_contradictions(causes: pd.DataFrame, treatments: pd.DataFrame, doses: pd.DataFrame,
                                       drugs: pd.DataFrame, credibility: dict[str, float],
                                       counter: Counter | None = None,
                                       kb: Knowledge | None = None,
                                       blocks: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """A substance (or its class) causes Y in one source; it (or a member) is recommended
    in another for a condition related to Y. A use named in a leaflet's interaction list
    (``blocks``: the documents' blocks) identifies another medicine and recommends nothing.

    Harm claims are indexed by (substance key, condition key), the condition keys being
    its concept, its specific ancestors and its content-word stems; each recommendation
    meets the representatives of the buckets its own keys select, and each harm claim
    the representatives of the matching recommendation buckets. Same-source pairs are
    left out: a leaflet that recommends a drug and lists its side effects is not
    contradicting itself.
    """
    kb = kb or knowledge()
    cfg = settings()
    mentions = _drug_mentions(drugs)
    harm_index: dict[tuple[tuple[str, str], tuple[str, str]], _Representatives] = defaultdict(_Representatives)
    rec_index: dict[tuple[tuple[str, str], tuple[str, str]], _Representatives] = defaultdict(_Representatives)
    harms, recs = [], []
    predicates = set(cfg["recommend_predicates"])
    glosses = interaction_list_spans(blocks)
    for t in treatments.itertuples(index=False):
        if not t.polarity or t.predicate not in predicates or _in_spans(t, glosses):
            continue
        phrase = t.treatment_text or t.treatment
        found = [(t.treatment_concept_id, t.treatment)] if t.treatment_kind == "drug" else []
        found += _drugs_in(phrase, mentions.get(t.doc_id, []), int(t.start), int(t.end))
        found = [f for f in found if gives(phrase, f[1])]
        sub = _Substance(found, phrase if gives(phrase, "") else "", kb)
        if not sub.drugs and not sub.named:
            continue
        if any(dose_induces_indication(t.evidence, name, cond) for name in sub.drugs.values()
               for cond in {t.condition_text, t.condition} if cond):
            continue  # "rats consuming a diet that contained LiCl developed marked polyuria"
        recs.append((t, sub, _condition_keys(_concept_of(t.condition_concept_id, t.condition, kb),
                                             f"{t.condition} {t.condition_text}", kb, cfg)))
    harmed_at = _harm_sentences(causes, mentions, cfg)
    for d in doses.itertuples(index=False):
        if not d.drug or not d.indication:
            continue
        link = next((m for m in mentions.get(d.doc_id, []) if m.mention_id == d.drug_mention_id), None)
        sub = _Substance([(link.concept_id if link is not None else "", d.drug)], d.drug_text or d.drug, kb)
        if any((d.doc_id, int(d.start), k) in harmed_at for k in sub.drugs):
            continue  # "pilocarpine (416 mg/kg, s.c.)-induced seizures": the dose is the harm's, not a use
        if dose_induces_indication(d.evidence, d.drug_text or d.drug, d.indication):
            continue  # the sentence's cause extractor may have missed the harm it states
        if not dose_states_use(d.evidence, d.indication):
            continue  # "8 of the 10 monkeys developed heart failure at a cumulative dose of ..."
        recs.append((d, sub, _condition_keys(_condition_concept(d.indication), d.indication, kb, cfg)))
    # sources that recommend a drug themselves: its side effects listed there are known harms
    recommended_in = {(r.doc_id, d) for r, sub, _ in recs for d in sub.drugs}
    # a sentence read as recommending a substance is no harm claim of it as well ("drugs
    # effective in treating the seizures associated with X include lamotrigine"); a dose
    # with an indication only says what was given, and a case report's "suffered an
    # infarction following isosorbide dinitrate 5 mg" stays a harm claim
    recommended_at = {(r.doc_id, int(r.start), k) for r, sub, _ in recs if hasattr(r, "treatment")
                      for k in sub.lookups()}
    weighed = tuple(cfg["side_effect_extractors"])
    relations = set(cfg["harm_relations"])
    drug_vocabs = set(cfg["drug_vocabularies"])
    for c in causes.itertuples(index=False):
        if c.negated or c.relation not in relations:
            continue
        full = c.cause_text or c.cause
        phrase = harm_subject(full)
        if names_no_exposure(phrase) or names_no_exposure(c.cause):
            continue  # "lack of insulin", "insulin resistance": the body's state, not a medicine's harm
        if any(harm_is_misread(c.evidence, name) for name in {c.condition_text, c.condition} if name):
            continue  # "tuberculosis patients treated with rifampin": the drug's indication
        found = _drugs_in(phrase, mentions.get(c.doc_id, []), int(c.start), int(c.end))
        if (c.cause_concept_id and (c.cause_concept_id.split(":", 1)[0] in drug_vocabs
                                    or kb.drug_classes(c.cause, c.cause_concept_id))
                and (phrase == full or c.cause.lower() in phrase.lower())):
            found.append((c.cause_concept_id, c.cause))
        sub = _Substance(found, phrase, kb)
        if not sub.drugs and not sub.named:
            continue
        if any((c.doc_id, int(c.start), k) in recommended_at for k in sub.lookups()):
            continue
        if (str(getattr(c, "extractor", "") or "").startswith(weighed)
                and any((c.doc_id, d) in recommended_in for d in sub.drugs)):
            continue  # a leaflet's listed side effect is weighed against the use it recommends
        cond = _condition_keys(_concept_of(c.condition_concept_id, c.condition, kb), f"{c.condition} {c.condition_text}",
                               kb, cfg)
        harms.append((c, sub, cond))
        rank = _rank(c, credibility)
        for s in sub.keys("harm"):
            for k in cond.index:
                harm_index[(s, k)].add(c, credibility, rank)
    for r, sub, cond in recs:
        rank = _rank(r, credibility)
        for s in sub.lookups():
            for k in cond.index:
                rec_index[(s, k)].add(r, credibility, rank)
    best: dict[tuple[str, str], tuple[tuple, Any, Any]] = {}
    drugs_of = {id(row): set(sub.drugs) for row, sub, _ in recs + harms}
    names_of = {id(row): _condition_names(row, _concept_of(getattr(row, "condition_concept_id", "")
                                                           or _condition_concept(getattr(row, "indication", "") or ""),
                                                           getattr(row, "condition", "") or getattr(row, "indication", ""), kb), kb)
                for row, _, _ in recs + harms}

    def meet(harm: Any, rec: Any) -> None:
        """One flag per harm source and recommending source: the strongest pair of claims,
        a recommendation naming the harmful drug itself before one naming its class (another
        sentence or another member saying the same is no new conflict for a reviewer)."""
        if is_overshoot(names_of[id(harm)], names_of[id(rec)]) or aims_at_infection(names_of[id(harm)],
                                                                                     names_of[id(rec)]):
            return
        key = (harm.doc_id, rec.doc_id)
        order = (not (drugs_of.get(id(harm), set()) & drugs_of.get(id(rec), set())),
                 _rank(harm, credibility), _rank(rec, credibility))
        old = best.get(key)
        if old is None or order < old[0]:
            best[key] = (order, harm, rec)

    def partners(row: Any, subjects: Iterable[tuple[str, str]], conditions: Iterable[tuple[str, str]],
                 index: dict[tuple[tuple[str, str], tuple[str, str]], _Representatives]) -> list[Any]:
        """The strongest claim of each other source in the buckets ``row`` meets."""
        best: dict[str, Any] = {}
        for s in subjects:
            for k in conditions:
                bucket = index.get((s, k))
                if bucket is None:
                    continue
                _count(counter)
                found = bucket.against(row, other_source=True)
                if found is not None and (found.doc_id not in best
                                          or _rank(found, credibility) < _rank(best[found.doc_id], credibility)):
                    best[found.doc_id] = found
        return list(best.values())

    for r, sub, cond in recs:
        for h in partners(r, sub.lookups(), cond.lookup, harm_index):
            meet(h, r)
    for h, sub, cond in harms:
        for r in partners(h, sub.keys("harm"), cond.lookup, rec_index):
            meet(h, r)
    return [_harm_flag(h, r, kb, credibility, mentions) for _, (_, h, r) in sorted(best.items(), key=lambda kv: kv[0])]


def _rec_text(rec: Any) -> tuple[str, str]:
    """(what is recommended, for what)."""
    if hasattr(rec, "treatment"):
        return rec.treatment, rec.condition
    return rec.drug, rec.indication


def _harm_flag(harm: Any, rec: Any, kb: Knowledge, credibility: dict[str, float],
               mentions: dict[str, list[Any]]) -> dict[str, Any]:
    what, for_what = _rec_text(rec)
    rec_concept = getattr(rec, "treatment_concept_id", "")
    classes = kb.drug_classes(what, rec_concept)
    named = kb.classes_named(harm.cause_text or harm.cause)
    # the class both name, in its plainest name ("Opioids" before "Analgesics, Opioid")
    via = sorted(classes & named, key=lambda c: (len(kb.class_name(c)), c))
    member = f" ({what} belongs to the class '{kb.class_name(via[0])}')" if via else ""
    if not via:  # the recommendation names the class, the harm one of its members
        rec_named = kb.classes_named(getattr(rec, "treatment_text", "") or what)
        for concept_id, name in _drugs_in(harm.cause_text or harm.cause, mentions.get(harm.doc_id, []),
                                          int(harm.start), int(harm.end)) + [(harm.cause_concept_id, harm.cause)]:
            shared = sorted(kb.drug_classes(name, concept_id) & rec_named, key=lambda c: (len(kb.class_name(c)), c))
            if shared:
                member = f" (the class '{kb.class_name(shared[0])}', to which {name} belongs)"
                break
    rec_condition = _concept_of(getattr(rec, "condition_concept_id", "") or _condition_concept(for_what), for_what, kb)
    relation = kb.relation(rec_condition, _concept_of(harm.condition_concept_id, harm.condition, kb),
                           settings()["hierarchy_depth"], settings()["max_shared_descendants"],
                           settings()["max_broader_descendants"])
    if relation is None or relation.kind == "same":
        link = ""
    elif relation.kind == "sibling":
        link = f"; both are forms of {kb.condition_name(relation.via)}"
    else:
        link = f"; {for_what} is {'a form of' if relation.kind == 'narrower' else 'broader than'} {harm.condition}"
    return _pair(
        category="contradiction_harm_recommendation", stakes=_stakes("harm_recommendation"), credibility=credibility,
        reason=f"One source names {harm.cause} as a cause of {harm.condition}; {_where(harm, rec, credibility)} recommends "
               f"{what}{member} for {for_what}{link}. Check whether the recommendation should warn of this harm "
               "or the harm claim is wrong.",
        rule_id="flag.contradiction.harm_recommendation", a=harm, b=rec,
    )


# --- all kinds -----------------------------------------------------------------------

def contradiction_flags(tables: dict[str, pd.DataFrame], credibility: dict[str, float],
                        counter: Counter | None = None) -> list[dict[str, Any]]:
    """Every contradiction flag of the run's tables."""
    kb = knowledge()
    return (
        statement_contradictions(tables["statements"], credibility, counter, kb)
        + untreatable_contradictions(tables["statements"], tables["treatments"], credibility, counter, kb)
        + causal_direction_contradictions(tables["causes"], credibility, counter)
        + negated_cause_contradictions(tables["causes"], credibility, counter)
        + dose_contradictions(tables["doses"], credibility, counter)
        + harm_recommendation_contradictions(tables["causes"], tables["treatments"], tables["doses"], tables["drugs"],
                                             credibility, counter, kb, blocks=tables.get("blocks"))
    )
