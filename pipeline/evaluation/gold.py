"""Precision and recall of every extractor against ``annotations/gold/``.

Gold rows name their evidence by quote (plus the occurrence index of that quote in the
document), so they survive re-segmentation; here each is resolved to offsets. Matching:

- conditions, drugs: a prediction matches a gold mention of the same document when their
  spans overlap (``overlap``), or have identical offsets (``exact``);
- causes: same document and relation, the gold condition agrees with the predicted
  condition (name or surface text), and the cause phrases share at least half of their
  content words;
- doses: same document, amount and unit, and the same drug when gold names one;
- flags (dubious and contradiction kinds): same kind, same document, overlapping evidence;
  a contradiction matches when one side overlaps one side of the gold's and the other
  side is in the same document as the gold's other side (the same conflict, possibly
  evidenced by another sentence saying the same thing).

Each prediction and each gold row is matched at most once.

Genres beyond the seeds (``annotations/gold/genres/<genre>_<part>/``, guidelines in
``GUIDELINES_genres.md``) are scored per genre and per part (``dev``, ``heldout``) by
:func:`evaluate_genres`, over the documents ``split.jsonl`` lists for that part:

- causes: same document and relation; cause and condition each match leniently
  (:func:`phrase_match`: equal once lower-cased, singular and without stop words, or
  sharing at least half of the shorter phrase's content words, where severity modifiers
  and generic heads such as "damage" or "mutation" do not count, a gold gene symbol must
  be in the prediction and "type 1" never meets "type 2"; so a one-word head matches a
  longer phrase with that head). Causes also match as the same medicine
  (:func:`drug_match`), conditions also by the vocabulary concept;
- adverse effects: relation ``adverse_effect``, same drug, same effect; the frequency
  band is reported beside (share right on matched pairs, recall with the band);
- doses: "all right" when drug, amount, unit and frequency per day all agree (amounts to
  0.1 %, frequencies to 2 %), a prediction from the gold row's own evidence sentence paired
  first (a dose stated twice must not take the other statement's partner); the rest are
  paired by amount to report per-field accuracy and misses by kind (wrong unit, per-body
  unit lost, no/wrong frequency, no/wrong drug, not found; :func:`dose_misses` lists them
  row by row, with the predictions nothing paired); and "drug, amount, unit" alone, the
  case-report target;
- contradictions (``contradictions_<part>/flags.jsonl``, documents in the part's own
  ``sources.jsonl``): a flag between the part's documents matches a gold pair when one
  side overlaps one side of the pair and the other side is in the other document.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.evaluation.corpus import PARTS as corpus_parts

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an the of in on to and or for with by from as at is are be its their this that".split())


@dataclass(frozen=True)
class Score:
    tp_pred: int
    n_pred: int
    tp_gold: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "n_pred": self.n_pred, "n_gold": self.n_gold}


def load_gold(folder: Path, table: str) -> list[dict[str, Any]]:
    path = folder / f"{table}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def locate(text: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    """Offsets of the ``occurrence``-th (0-based) occurrence of ``quote`` in ``text``."""
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            raise ValueError(f"quote not found (occurrence {occurrence}): {quote!r}")
    return pos, pos + len(quote)


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def similar(a: str, b: str, threshold: float = 0.5) -> bool:
    """True when the phrases share at least ``threshold`` of the shorter one's content words."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= threshold


def _match(preds: list[Any], golds: list[Any], same) -> Score:
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if pi not in used_pred and same(p, g):
                used_pred.add(pi)
                used_gold.add(gi)
                break
    return Score(len(used_pred), len(preds), len(used_gold), len(golds))


def _spans(gold: list[dict[str, Any]], texts: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for g in gold:
        if g["doc_id"] not in texts:
            continue
        start, end = locate(texts[g["doc_id"]], g["quote"], int(g.get("occurrence", 0)))
        out.append({**g, "start": start, "end": end})
    return out


def score_mentions(pred: pd.DataFrame, gold: list[dict[str, Any]], texts: dict[str, str], *, exact: bool = False) -> Score:
    golds = _spans(gold, texts)
    preds = [r for r in pred[pred["doc_id"].isin(texts)].itertuples(index=False)]

    def same(p, g):
        if p.doc_id != g["doc_id"]:
            return False
        if exact:
            return p.start == g["start"] and p.end == g["end"]
        return p.start < g["end"] and g["start"] < p.end

    return _match(preds, golds, same)


def score_drug_names(pred: pd.DataFrame, gold: list[dict[str, Any]], texts: dict[str, str]) -> Score:
    """Overlapping drug mentions whose generic names also agree (brand → generic)."""
    golds = _spans(gold, texts)
    preds = [r for r in pred[pred["doc_id"].isin(texts)].itertuples(index=False)]

    def same(p, g):
        return (p.doc_id == g["doc_id"] and p.start < g["end"] and g["start"] < p.end
                and (similar(p.name, g["name"], 1.0) or g["name"] in p.name or p.name in g["name"]))

    return _match(preds, golds, same)


def _concept_id(name: str) -> str:
    from pipeline.vocab.lexicon import lookup

    concept = lookup(name, "condition")
    return concept.concept_id if concept else ""


def score_causes(pred: pd.DataFrame, gold: list[dict[str, Any]]) -> Score:
    """Gold condition names are also normalised through the vocabulary, so "osteosclerosis"
    in gold meets a prediction carrying the concept it normalises to."""
    preds = list(pred.itertuples(index=False))
    gold_ids = {g["condition"]: _concept_id(g["condition"]) for g in gold}

    def same(p, g):
        gid = gold_ids[g["condition"]]
        return (p.doc_id == g["doc_id"] and p.relation == g["relation"]
                and (similar(p.condition, g["condition"]) or similar(p.condition_text, g["condition"])
                     or (gid != "" and gid == p.condition_concept_id))
                and (similar(p.cause_text, g["cause"]) or similar(p.cause, g["cause"])))

    return _match(preds, gold, same)


def score_doses(pred: pd.DataFrame, gold: list[dict[str, Any]]) -> Score:
    preds = list(pred.itertuples(index=False))

    def same(p, g):
        if p.doc_id != g["doc_id"] or abs(p.amount - float(g["amount"])) > 1e-6 or p.unit != g["unit"]:
            return False
        return not g.get("drug") or similar(p.drug, g["drug"], 1.0) or g["drug"] in p.drug or (p.drug and p.drug in g["drug"])

    return _match(preds, gold, same)


def score_flags(pred: pd.DataFrame, gold: list[dict[str, Any]], texts: dict[str, str]) -> Score:
    golds = []
    for g in gold:
        if g["doc_id"] not in texts:
            continue
        start, end = locate(texts[g["doc_id"]], g["quote"])
        other = None
        if g.get("other_doc_id") and g.get("other_quote") and g["other_doc_id"] in texts:
            other = (g["other_doc_id"], *locate(texts[g["other_doc_id"]], g["other_quote"]))
        golds.append({**g, "span": (g["doc_id"], start, end), "other": other})
    kinds = {"dubious", "contradiction"}
    preds = [r for r in pred[pred["kind"].isin(kinds)].itertuples(index=False)]

    def overlaps(a, b):
        return a is not None and b is not None and a[0] == b[0] and a[1] < b[2] and b[1] < a[2]

    def same(p, g):
        if p.kind != g["kind"]:
            return False
        side = (p.doc_id, int(p.start), int(p.end)) if pd.notna(p.start) else None
        if g["kind"] == "dubious":
            return overlaps(side, g["span"])
        other = (p.other_doc_id, int(p.other_start), int(p.other_end)) if pd.notna(p.other_start) else None
        # the same conflict: one side is the gold's evidence, the other comes from the
        # same document as the gold's other side (another sentence may say the same)
        return (overlaps(side, g["span"]) and other is not None and g["other"] is not None and other[0] == g["other"][0]) or (
            overlaps(other, g["other"]) and side is not None and side[0] == g["span"][0]) or (
            overlaps(side, g["other"]) and other is not None and other[0] == g["span"][0]) or (
            overlaps(other, g["span"]) and side is not None and g["other"] is not None and side[0] == g["other"][0])

    return _match(preds, golds, same)


def evaluate(tables: dict[str, pd.DataFrame], gold_dir: Path, texts: dict[str, str]) -> dict[str, dict[str, float | int]]:
    """Every score, keyed by what it measures."""
    return {
        "conditions (overlap)": score_mentions(tables["conditions"], load_gold(gold_dir, "conditions"), texts).as_dict(),
        "conditions (exact)": score_mentions(tables["conditions"], load_gold(gold_dir, "conditions"), texts, exact=True).as_dict(),
        "drugs (overlap)": score_mentions(tables["drugs"], load_gold(gold_dir, "drugs"), texts).as_dict(),
        "drugs (generic name)": score_drug_names(tables["drugs"], load_gold(gold_dir, "drugs"), texts).as_dict(),
        "causes": score_causes(tables["causes"], load_gold(gold_dir, "causes")).as_dict(),
        "doses": score_doses(tables["doses"], load_gold(gold_dir, "doses")).as_dict(),
        "flags": score_flags(tables["flags"], load_gold(gold_dir, "flags"), texts).as_dict(),
    }


def format_scores(scores: dict[str, dict[str, float | int]]) -> str:
    lines = ["| measure | precision | recall | F1 | predicted | gold |", "|---|---|---|---|---|---|"]
    for name, s in scores.items():
        lines.append(f"| {name} | {s['precision']:.2f} | {s['recall']:.2f} | {s['f1']:.2f} | {s['n_pred']} | {s['n_gold']} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Genres beyond the seeds: annotations/gold/genres/<genre>_<part>/<table>.jsonl
# --------------------------------------------------------------------------------------

GENRES_DIR = "genres"
SPLIT_FILE = "split.jsonl"
#: Parts of the genre gold (:data:`pipeline.evaluation.corpus.PARTS`); a folder
#: ``<genre>_<part>`` holds one part's tables.
PARTS = corpus_parts
#: Relative and absolute tolerance for amounts, and for frequencies (a month is 1/30 or
#: 1/30.44 a day, a rounding that must not count as a different schedule).
AMOUNT_TOL = (1e-3, 1e-6)
FREQUENCY_TOL = (0.02, 1e-6)
#: Dose fields whose agreement is reported on paired rows, and the four "all right" needs.
DOSE_FIELDS = ("drug", "unit", "frequency_per_day", "amount_max", "frequency_per_day_max", "route", "dose_kind")
_TOKEN = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    raw = json.loads(files("pipeline.evaluation").joinpath("matching.json").read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


def _singular(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _tokens(phrase: str) -> list[str]:
    """Lower-case, singular tokens without stop words: the phrase as compared."""
    stop = _words()["stop"]
    return [t for t in (_singular(w.lower()) for w in _TOKEN.findall(phrase or "")) if t not in stop]


def _symbols(phrase: str) -> set[str]:
    """Gene symbols and acronyms as written (ARID1A, TSC2, HFE, C282Y), lower-cased."""
    return {w.lower() for w in _TOKEN.findall(phrase or "")
            if sum(c.isupper() for c in w) >= 2 or (any(c.isupper() for c in w) and any(c.isdigit() for c in w))}


def phrase_match(pred: str, gold: str) -> bool:
    """Lenient match of a predicted cause/condition phrase with a gold one.

    Equal after normalisation (lower case, singular, no stop words); otherwise, a gene
    symbol or acronym of the gold must appear in the prediction, two phrases with numbers
    must share one ("type 1" is not "type 2"), and the phrases' content words must overlap
    by at least half of the shorter one. Content words leave out severity and time
    modifiers and generic heads (``matching.json``), so a one-word phrase matches any
    phrase whose head it is ("inflammation" / "chronic inflammation") while "liver damage"
    does not match "heart damage". A phrase of generic words only ("new mutation") must
    share half of the longer phrase's words ("mutation" yes, "how these gene mutations" no).
    """
    a, b = _tokens(pred), _tokens(gold)
    if not a or not b:
        return False
    if a == b:
        return True
    need = _symbols(gold)
    if need and not need & set(a):
        return False
    na, nb = {t for t in a if t.isdigit()}, {t for t in b if t.isdigit()}
    if na and nb and not na & nb:
        return False
    words = _words()
    sa, sb = set(a) - words["modifiers"], set(b) - words["modifiers"]
    ca, cb = sa - words["generic"], sb - words["generic"]
    if ca and cb:
        return len(ca & cb) / min(len(ca), len(cb)) >= 0.5
    # a phrase of generic words only ("new mutation"): it must make up half of the other
    # phrase too, or any phrase with "mutation" in it would match
    ca, cb = (sa, sb) if sa and sb else (set(a), set(b))
    return len(ca & cb) / max(len(ca), len(cb)) >= 0.5


def _normal(name: str) -> str:
    return " ".join(_TOKEN.findall((name or "").lower()))


@lru_cache(maxsize=4096)
def _drug_concept(name: str) -> str:
    from pipeline.vocab.lexicon import lookup

    concept = lookup(name, "drug") if name else None
    return concept.concept_id if concept else ""


def drug_match(pred: str, gold: str) -> bool:
    """Same medicine: equal names, one name inside the other as whole words (a combination
    "travoprost/timolol" holds "timolol"), or the same vocabulary concept (brand/synonym →
    generic, "cytosine arabinoside" → cytarabine)."""
    a, b = _normal(pred), _normal(gold)
    if not a or not b:
        return a == b
    if a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ":
        return True
    ca, cb = _drug_concept(pred.lower()), _drug_concept(gold.lower())
    return ca != "" and ca == cb


_EVIDENCE_WORD = re.compile(r"\w+")


def _words_of(text: Any) -> frozenset[str]:
    return frozenset(_EVIDENCE_WORD.findall(str(text or "").lower()))


def _same_statement(p: Any, g: dict[str, Any]) -> bool:
    """Whether a prediction was read from the gold row's own statement: their evidence
    sentences share most of their words (segmentation may differ a little)."""
    a, b = _words_of(getattr(p, "evidence", "")), _words_of(g.get("evidence") or g.get("quote"))
    return bool(a and b) and len(a & b) >= 0.6 * min(len(a), len(b))


def _pairs(preds: list[Any], golds: list[dict[str, Any]], same) -> list[tuple[int, int]]:
    """One-to-one pairs (prediction index, gold index), as many as can be made, preferring
    among those a prediction read from the gold row's own statement; ``same`` is only
    asked about a prediction of the gold row's own document.

    A maximum matching (not a greedy one in gold order): a gold row never takes the only
    prediction another could pair with while another prediction was free for it, and a
    leaflet naming the same effect in sections 2 and 4 pairs each gold row with the row
    of its own sentence, whatever order the pipeline wrote them in (band and negation
    agreement are read off the pairs)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    by_doc: dict[str, list[int]] = {}
    for pi, p in enumerate(preds):
        by_doc.setdefault(p.doc_id, []).append(pi)
    golds_of: dict[str, list[int]] = {}
    for gi, g in enumerate(golds):
        golds_of.setdefault(g["doc_id"], []).append(gi)
    pairs: list[tuple[int, int]] = []
    for doc, gis in golds_of.items():
        pis = by_doc.get(doc, [])
        if not pis:
            continue
        weight = np.zeros((len(gis), len(pis)))
        for a, gi in enumerate(gis):
            for b, pi in enumerate(pis):
                if same(preds[pi], golds[gi]):
                    # a pair counts 1; its own statement adds less than any other pair could
                    weight[a, b] = 1.0 + (0.5 / (len(gis) + 1) if _same_statement(preds[pi], golds[gi]) else 0.0)
        rows, cols = linear_sum_assignment(weight, maximize=True)
        pairs += [(pis[b], gis[a]) for a, b in zip(rows, cols) if weight[a, b] > 0]
    return sorted(pairs, key=lambda pair: pair[1])


def _score(pairs: list[tuple[int, int]], n_pred: int, n_gold: int) -> Score:
    return Score(len(pairs), n_pred, len(pairs), n_gold)


#: Genres whose cause gold keeps one row per (document, cause, condition) pair, as
#: BC5CDR's chemical-induced-disease relations are defined at the document level.
PAIR_LEVEL_GENRES = frozenset({"case_report"})


def _with_pair_level(out: dict[str, Any], pairs: list[tuple[int, int]], n_gold: int,
                     unpaired: list[dict[str, Any]]) -> dict[str, Any]:
    """Pair-level figures as the measure, the row-level ones kept as ``rows_precision`` /
    ``rows_n_pred``: predictions counted once per document, cause and condition, and not
    when they restate a found pair (``unpaired`` from :func:`cause_misses_of` with
    ``pair_level``)."""
    pair = _score(pairs, len(pairs) + len(unpaired), n_gold).as_dict()
    return {**out, **pair, "rows_precision": out["precision"], "rows_n_pred": out["n_pred"]}


def _text(row: Any, column: str) -> str:
    value = getattr(row, column, "")
    return value if isinstance(value, str) else ""


def _cause_names_match(p: Any, g: dict[str, Any]) -> bool:
    return any(phrase_match(_text(p, c), g["cause"]) or drug_match(_text(p, c), g["cause"]) for c in ("cause", "cause_text"))


def _condition_names_match(p: Any, g: dict[str, Any], condition_ids: dict[str, str]) -> bool:
    gid = condition_ids.get(g["condition"], "")
    return (any(phrase_match(_text(p, c), g["condition"]) for c in ("condition", "condition_text"))
            or (gid != "" and gid in (_text(p, "condition_concept_id"), _condition_concept(_text(p, "condition")))))


def _cause_same(p: Any, g: dict[str, Any], condition_ids: dict[str, str]) -> bool:
    """Same document, cause and condition (relation not compared)."""
    return p.doc_id == g["doc_id"] and _cause_names_match(p, g) and _condition_names_match(p, g, condition_ids)


@lru_cache(maxsize=4096)
def _condition_concept(name: str) -> str:
    """The vocabulary concept of a condition name (spelling variants fold: haematuria)."""
    return _concept_id(name) if name else ""


def _condition_ids(gold: list[dict[str, Any]]) -> dict[str, str]:
    return {g["condition"]: _condition_concept(g["condition"]) for g in gold}


def _share(pairs: list[tuple[int, int]], agree) -> float | None:
    return round(sum(1 for pair in pairs if agree(*pair)) / len(pairs), 3) if pairs else None


#: Why a gold cause row found no partner, in the order they are told apart
#: (:func:`cause_misses_of`); a reader of the totals learns whether the rows are missing,
#: named otherwise (normalisation, boundaries) or taken by another reading of the sentence.
CAUSE_MISS_KINDS = ("wrong relation", "statement not read", "statement not read, pair found in another",
                    "condition named otherwise", "cause named otherwise", "statement read, other arguments",
                    "partner paired elsewhere")
#: Why a prediction found no gold partner (:func:`cause_misses_of`).
CAUSE_EXTRA_KINDS = ("statement without gold", "golded statement, other arguments", "wrong relation",
                     "restates a paired row")


def cause_misses_of(preds: list[Any], gold: list[dict[str, Any]], pairs: list[tuple[int, int]], same,
                    condition_ids: dict[str, str], others: list[Any] | None = None, *, pair_level: bool = False
                    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(missed gold rows, unpaired predictions), each with its ``kind``.

    A missed gold row is told apart by the rows read from its own statement
    (:func:`_same_statement`; the whole document when the gold row quotes none):
    ``wrong relation`` (a row of ``others``, the rows of any relation, names the same
    cause and condition there); else, none of the measure's rows there is ``statement not
    read`` (``…, pair found in another`` when a row of another sentence names the same
    pair); else ``partner paired elsewhere`` (the statement's matching row went to another
    gold row), ``condition named otherwise`` (same cause), ``cause named otherwise`` (same
    condition) or ``statement read, other arguments``.

    An unpaired prediction is ``wrong relation`` (a gold row of its document names its
    pair under another relation), ``restates a paired row``, ``golded statement, other
    arguments`` or ``statement without gold``. With ``pair_level`` (gold of one row per
    document pair) unpaired predictions are counted as the precision counts them: once
    per document, cause and condition, and not when they restate a found pair.
    """
    paired_p = {pi for pi, _ in pairs}
    paired_g = {gi for _, gi in pairs}
    by_doc: dict[str, list[int]] = {}
    for pi, p in enumerate(preds):
        by_doc.setdefault(p.doc_id, []).append(pi)
    others_by_doc: dict[str, list[Any]] = {}
    for o in others or []:
        others_by_doc.setdefault(o.doc_id, []).append(o)

    def other_relation(rows: list[Any], g: dict[str, Any]) -> bool:
        return any(o.relation != g.get("relation") and _cause_names_match(o, g)
                   and _condition_names_match(o, g, condition_ids) for o in rows)

    missed = []
    for gi, g in enumerate(gold):
        if gi in paired_g:
            continue
        quoted = bool(g.get("evidence") or g.get("quote"))
        own = (lambda rows: [r for r in rows if _same_statement(r, g)]) if quoted else (lambda rows: rows)  # noqa: E731
        mine = [preds[pi] for pi in by_doc.get(g["doc_id"], [])]
        read = own(mine)
        if other_relation(own(others_by_doc.get(g["doc_id"], [])), g):
            kind = "wrong relation"
        elif not read:
            kind = ("statement not read, pair found in another"
                    if any(same(p, g) for p in mine) or other_relation(others_by_doc.get(g["doc_id"], []), g)
                    else "statement not read")
        elif any(same(p, g) for p in read):
            kind = "partner paired elsewhere"
        elif any(_cause_names_match(p, g) for p in read):
            kind = "condition named otherwise"
        elif any(_condition_names_match(p, g, condition_ids) for p in read):
            kind = "cause named otherwise"
        else:
            kind = "statement read, other arguments"
        missed.append({**g, "kind": kind})
    golds_of: dict[str, list[int]] = {}
    for gi, g in enumerate(gold):
        golds_of.setdefault(g["doc_id"], []).append(gi)
    found = {gi for _, gi in pairs}
    extra = []
    counted: set[tuple[str, str, str]] = set()
    for pi, p in enumerate(preds):
        if pi in paired_p:
            continue
        theirs = [gold[gi] for gi in golds_of.get(p.doc_id, [])]
        if any(same(p, g) for g in theirs):
            kind = "restates a paired row"
        elif any(g.get("relation") != p.relation and _cause_names_match(p, g) and _condition_names_match(p, g, condition_ids)
                 for g in theirs):
            kind = "wrong relation"
        elif any(_same_statement(p, g) for g in theirs):
            kind = "golded statement, other arguments"
        else:
            kind = "statement without gold"
        if pair_level:
            key = (p.doc_id, _text(p, "cause").lower(), _text(p, "condition").lower())
            restates = any(same(p, gold[gi]) for gi in golds_of.get(p.doc_id, []) if gi in found)
            if restates or key in counted:
                continue
            counted.add(key)
        extra.append({"doc_id": p.doc_id, "cause": _text(p, "cause"), "condition": _text(p, "condition"),
                      "relation": _text(p, "relation"), "evidence": _text(p, "evidence"), "kind": kind})
    return missed, extra


def _count_kinds(rows: list[dict[str, Any]], kinds: tuple[str, ...]) -> dict[str, int]:
    counts = {k: sum(1 for r in rows if r["kind"] == k) for k in kinds}
    return {k: v for k, v in sorted(counts.items(), key=lambda kv: -kv[1]) if v}


def score_genre_causes(pred: pd.DataFrame, gold: list[dict[str, Any]], *, pair_level: bool = False) -> dict[str, Any]:
    """Every causes row, relation included; extras tell misses apart. With ``pair_level``
    (gold of one row per document-level pair) predictions are counted as
    :func:`cause_misses_of` says.

    ``wrong_relation``: gold rows missed only because the prediction of their statement
    has another relation; ``negated_agree`` / ``hedged_agree``: share of matched pairs whose marks agree.
    """
    preds = list(pred.itertuples(index=False))
    ids = _condition_ids(gold)
    same = lambda p, g: p.relation == g["relation"] and _cause_same(p, g, ids)  # noqa: E731
    pairs = _pairs(preds, gold, same)
    out: dict[str, Any] = _score(pairs, len(preds), len(gold)).as_dict()
    out["negated_agree"] = _share(pairs, lambda pi, gi: bool(preds[pi].negated) == bool(gold[gi].get("negated")))
    out["hedged_agree"] = _share(pairs, lambda pi, gi: bool(preds[pi].hedged) == bool(gold[gi].get("hedged")))
    return _with_misses(out, preds, gold, pairs, same, ids, preds, pair_level)


def _with_misses(out: dict[str, Any], preds: list[Any], gold: list[dict[str, Any]], pairs: list[tuple[int, int]],
                 same, ids: dict[str, str], others: list[Any], pair_level: bool) -> dict[str, Any]:
    """``misses`` and ``extras`` by kind (:func:`cause_misses_of`), ``wrong_relation`` the
    misses of that kind, and the pair-level measure where the genre keeps one row per pair."""
    missed, extra = cause_misses_of(preds, gold, pairs, same, ids, others=others, pair_level=pair_level)
    out["misses"] = _count_kinds(missed, CAUSE_MISS_KINDS)
    out["extras"] = _count_kinds(extra, CAUSE_EXTRA_KINDS)
    out["wrong_relation"] = out["misses"].get("wrong relation", 0)
    return _with_pair_level(out, pairs, len(gold), extra) if pair_level else out


def score_adverse_effects(pred: pd.DataFrame, gold: list[dict[str, Any]], *, pair_level: bool = False) -> dict[str, Any]:
    """Side effects: relation ``adverse_effect``, same drug and same effect (``pair_level``
    as in :func:`score_genre_causes`).

    The frequency band is reported separately: ``band_right`` is the share of matched
    pairs whose gold states a band that the prediction gives too, and ``recall_with_band``
    the recall when the band must also be right.
    """
    others = list(pred.itertuples(index=False))
    pred = pred[pred["relation"] == "adverse_effect"] if len(pred) else pred
    gold = [g for g in gold if g.get("relation") == "adverse_effect"]
    preds = list(pred.itertuples(index=False))
    ids = _condition_ids(gold)
    same = lambda p, g: _cause_same(p, g, ids)  # noqa: E731
    pairs = _pairs(preds, gold, same)
    banded = [(pi, gi) for pi, gi in pairs if gold[gi].get("frequency_band")]
    right = [(pi, gi) for pi, gi in banded
             if _text(preds[pi], "frequency_band").strip().lower() == gold[gi]["frequency_band"].strip().lower()]
    n_banded_gold = sum(1 for g in gold if g.get("frequency_band"))
    out: dict[str, Any] = _score(pairs, len(preds), len(gold)).as_dict()
    out["band_right"] = round(len(right) / len(banded), 3) if banded else None
    out["recall_with_band"] = round(len(right) / n_banded_gold, 3) if n_banded_gold else None
    out["negated_agree"] = _share(pairs, lambda pi, gi: bool(preds[pi].negated) == bool(gold[gi].get("negated")))
    return _with_misses(out, preds, gold, pairs, same, ids, others, pair_level)


def _num(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def _close(a: Any, b: Any, tol: tuple[float, float]) -> bool:
    x, y = _num(a), _num(b)
    if x is None or y is None:
        return x is None and y is None
    return math.isclose(x, y, rel_tol=tol[0], abs_tol=tol[1])


def _unit(value: Any) -> str:
    return "".join(str(value or "").lower().split())


def _dose_field_agrees(p: Any, g: dict[str, Any], name: str) -> bool:
    if name == "drug":
        return drug_match(_text(p, "drug"), g.get("drug") or "")
    if name == "unit":
        return _unit(getattr(p, "unit", "")) == _unit(g.get("unit"))
    if name in ("frequency_per_day", "frequency_per_day_max"):
        return _close(getattr(p, name, None), g.get(name), FREQUENCY_TOL)
    if name == "amount_max":
        return _close(getattr(p, name, None), g.get(name), AMOUNT_TOL)
    return _text(p, name).strip().lower() == str(g.get(name) or "").strip().lower()


def _dose_all_right(p: Any, g: dict[str, Any]) -> bool:
    return (p.doc_id == g["doc_id"] and _close(p.amount, g["amount"], AMOUNT_TOL)
            and all(_dose_field_agrees(p, g, f) for f in ("drug", "unit", "frequency_per_day")))


def _miss_kinds(p: Any | None, g: dict[str, Any]) -> list[str]:
    """Why a gold dose is not all right, in words a developer can act on."""
    if p is None:
        return ["not found"]
    kinds = []
    if not _dose_field_agrees(p, g, "drug"):
        kinds.append("no drug" if not _text(p, "drug") else "wrong drug")
    if not _dose_field_agrees(p, g, "unit"):
        gu, pu = _unit(g.get("unit")), _unit(getattr(p, "unit", ""))
        kinds.append("per-body unit lost" if "/" in gu and pu == gu.split("/")[0] else "wrong unit")
    if not _dose_field_agrees(p, g, "frequency_per_day"):
        if _num(getattr(p, "frequency_per_day", None)) is None:
            kinds.append("no frequency")
        elif _num(g.get("frequency_per_day")) is None:
            kinds.append("frequency not in gold")
        else:
            kinds.append("wrong frequency")
    return kinds


def _evidence_spans(gold: list[dict[str, Any]], texts: dict[str, str]) -> list[list[tuple[int, int]]]:
    """Every place each gold row's evidence occurs in its document (a leaflet may repeat a
    sentence word for word); empty when the row has no evidence or it is not found."""
    out = []
    for g in gold:
        ev, text = g.get("evidence") or "", texts.get(g["doc_id"], "")
        spans, pos = [], text.find(ev) if ev else -1
        while pos >= 0:
            spans.append((pos, pos + len(ev)))
            pos = text.find(ev, pos + 1)
        out.append(spans)
    return out


def _on_evidence(p: Any, spans: list[tuple[int, int]]) -> bool:
    """The prediction's sentence overlaps the gold row's evidence."""
    try:
        start, end = int(p.start), int(p.end)
    except (AttributeError, TypeError, ValueError):
        return False
    return any(start < e and s < end for s, e in spans)


def _dose_pairing(preds: list[Any], gold: list[dict[str, Any]], texts: dict[str, str]
                  ) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[list[tuple[int, int]]]]:
    """(all-right pairs, other pairs by amount, evidence spans of each gold row).

    All-right pairs are made first between a prediction and a gold row whose evidence it
    overlaps, then among the rest regardless of evidence, so that a dose restated in another
    sentence does not take the partner of the row stated there. The remaining gold rows are
    paired with a remaining prediction of the same document and amount (overlapping evidence
    first, then the most agreeing fields), to say what went wrong.
    """
    spans = _evidence_spans(gold, texts)
    right: list[tuple[int, int]] = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    for on_evidence in (True, False):
        for gi, g in enumerate(gold):
            if gi in used_g:
                continue
            for pi, p in enumerate(preds):
                if (pi not in used_p and p.doc_id == g["doc_id"] and _dose_all_right(p, g)
                        and (not on_evidence or _on_evidence(p, spans[gi]))):
                    right.append((pi, gi))
                    used_p.add(pi)
                    used_g.add(gi)
                    break
    extra: list[tuple[int, int]] = []
    for gi, g in enumerate(gold):
        if gi in used_g:
            continue
        best, best_key = None, None
        for pi, p in enumerate(preds):
            if pi in used_p or p.doc_id != g["doc_id"] or not _close(p.amount, g["amount"], AMOUNT_TOL):
                continue
            key = (_on_evidence(p, spans[gi]), sum(_dose_field_agrees(p, g, f) for f in DOSE_FIELDS))
            if best_key is None or key > best_key:
                best, best_key = pi, key
        if best is not None:
            used_p.add(best)
            extra.append((best, gi))
    return right, extra, spans


def score_genre_doses(pred: pd.DataFrame, gold: list[dict[str, Any]], texts: dict[str, str]) -> dict[str, Any]:
    """Doses "all right": drug, amount, unit and frequency per day all equal.

    Pairing is :func:`_dose_pairing`; ``right_elsewhere`` counts all-right pairs whose
    prediction comes from another sentence than the gold's evidence (the same dose stated
    twice, or a lucky match). ``field_accuracy`` (over all pairs) and ``misses`` (by kind)
    say what went wrong: wrong unit, per-body unit lost, wrong or no frequency, no drug,
    not found.
    """
    preds = list(pred.itertuples(index=False))
    right, extra, spans = _dose_pairing(preds, gold, texts)
    used_p = {pi for pi, _ in right + extra}
    paired = right + extra
    out: dict[str, Any] = _score(right, len(preds), len(gold)).as_dict()
    out["right_elsewhere"] = sum(1 for pi, gi in right if spans[gi] and not _on_evidence(preds[pi], spans[gi]))
    out["field_accuracy"] = {f: _share(paired, lambda pi, gi, f=f: _dose_field_agrees(preds[pi], gold[gi], f)) for f in DOSE_FIELDS}
    out["n_paired"] = len(paired)
    misses: dict[str, int] = {}
    for row in dose_misses_of(preds, gold, right, extra):
        if row["gold"] is not None:
            for kind in row["kinds"]:
                misses[kind] = misses.get(kind, 0) + 1
    out["misses"] = dict(sorted(misses.items(), key=lambda kv: -kv[1]))
    out["unpaired_predictions"] = len(preds) - len(used_p)
    return out


def dose_misses_of(preds: list[Any], gold: list[dict[str, Any]], right: list[tuple[int, int]],
                   extra: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """One entry per gold row that is not all right (``kinds`` as :func:`_miss_kinds`, its
    partner prediction or None) and per prediction paired with nothing (``kinds``
    ``["not in gold"]``, ``gold`` None)."""
    used_g = {gi for _, gi in right}
    partner = {gi: pi for pi, gi in extra}
    out: list[dict[str, Any]] = []
    for gi, g in enumerate(gold):
        if gi in used_g:
            continue
        p = preds[partner[gi]] if gi in partner else None
        out.append({"doc_id": g["doc_id"], "kinds": _miss_kinds(p, g), "gold": g,
                    "pred": p._asdict() if p is not None else None})
    used_p = {pi for pi, _ in right + extra}
    for pi, p in enumerate(preds):
        if pi not in used_p:
            out.append({"doc_id": p.doc_id, "kinds": ["not in gold"], "gold": None, "pred": p._asdict()})
    return out


def dose_misses(pred: pd.DataFrame, gold: list[dict[str, Any]], texts: dict[str, str]) -> list[dict[str, Any]]:
    """Every dose miss of a genre part, for a developer to read (:func:`dose_misses_of`)."""
    preds = list(pred.itertuples(index=False))
    right, extra, _ = _dose_pairing(preds, gold, texts)
    return dose_misses_of(preds, gold, right, extra)


def score_dose_links(pred: pd.DataFrame, gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Doses linked to the right drug with their unit intact (frequency not compared)."""
    preds = list(pred.itertuples(index=False))
    pairs = _pairs(preds, gold, lambda p, g: (p.doc_id == g["doc_id"] and _close(p.amount, g["amount"], AMOUNT_TOL)
                                              and _dose_field_agrees(p, g, "drug") and _dose_field_agrees(p, g, "unit")))
    return _score(pairs, len(preds), len(gold)).as_dict()


def load_genre_gold(gold_root: Path) -> dict[tuple[str, str], dict[str, list[dict[str, Any]]]]:
    """Every ``<genre>_<part>/<table>.jsonl`` under ``gold_root/genres``, by (genre, part)."""
    folder = Path(gold_root) / GENRES_DIR
    out: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = {}
    if not folder.is_dir():
        return out
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        genre, _, part = sub.name.rpartition("_")
        if not genre or part not in PARTS:
            continue
        out[(genre, part)] = {f.stem: load_gold(sub, f.stem) for f in sorted(sub.glob("*.jsonl"))}
    return out


def _split_choices(gold_root: Path) -> list:
    from pipeline.evaluation.corpus import read_part_sources, read_split

    split = Path(gold_root) / GENRES_DIR / SPLIT_FILE
    return (read_split(split) if split.exists() else []) + read_part_sources(Path(gold_root) / GENRES_DIR)


def genre_documents(gold_root: Path) -> dict[tuple[str, str], set[str]]:
    """The documents of each (genre, part): those ``split.jsonl`` and the part's own
    ``sources.jsonl`` list, plus any that only gold rows name. A listed document without
    gold rows still counts: what the pipeline predicts there is a false positive."""
    docs: dict[tuple[str, str], set[str]] = {}
    for c in _split_choices(gold_root):
        docs.setdefault((c.genre, c.part), set()).add(c.doc_id)
    for key, tables in load_genre_gold(gold_root).items():
        for rows in tables.values():
            docs.setdefault(key, set()).update(r["doc_id"] for r in rows)
    return docs


def partly_golded(gold_root: Path) -> dict[str, frozenset[str]]:
    """Documents golded for some tables only (``split.jsonl``'s ``tables``): their tables
    by doc_id. A measure of another table leaves such a document out, since whatever the
    pipeline finds there has no gold to meet."""
    return {c.doc_id: frozenset(c.tables) for c in _split_choices(gold_root) if c.tables is not None}


#: Why a gold contradiction pair found no flag (:func:`contradiction_miss_kind`), in the
#: order the pipeline's stages would have to change: the harm (a ``causes`` row) or the
#: use (a ``treatments`` or ``doses`` row) not read on a side's sentence, or both read and
#: the flagger not pairing them.
CONTRADICTION_MISS_KINDS = ("neither side read", "harm not read", "use not read", "both read, not flagged")
#: The per-document tables whose rows say what a side's sentence claims.
_HARM_TABLES = ("causes",)
_USE_TABLES = ("treatments", "doses")


def _claims_on(tables: dict[str, pd.DataFrame], names: tuple[str, ...], side: tuple[str, int, int]) -> bool:
    """Whether a row of one of ``names`` (not negated) overlaps the side's quote."""
    doc_id, start, end = side
    for name in names:
        frame = tables.get(name)
        if frame is None or frame.empty:
            continue
        rows = frame[(frame["doc_id"] == doc_id) & (frame["start"] < end) & (frame["end"] > start)]
        if "negated" in rows:
            rows = rows[~rows["negated"].astype(bool)]
        if len(rows):
            return True
    return False


def contradiction_miss_kind(tables: dict[str, pd.DataFrame], a: tuple[str, int, int], b: tuple[str, int, int]) -> str:
    """What the pipeline read of a gold pair it raised no flag for (one of
    :data:`CONTRADICTION_MISS_KINDS`): a harm on either side, a use on the other."""
    harm = [_claims_on(tables, _HARM_TABLES, x) for x in (a, b)]
    use = [_claims_on(tables, _USE_TABLES, x) for x in (a, b)]
    if (harm[0] and use[1]) or (harm[1] and use[0]):
        return "both read, not flagged"
    if not any(harm) and not any(use):
        return "neither side read"
    return "use not read" if any(harm) else "harm not read"


def score_genre_contradictions(pred: pd.DataFrame, gold: list[dict[str, Any]], texts: dict[str, str],
                               doc_ids: set[str], tables: dict[str, pd.DataFrame] | None = None) -> dict[str, Any]:
    """Contradiction flags between (or within) the part's documents against its gold pairs.

    A prediction matches a gold pair when one of its sides overlaps one side of the pair
    and its other side is in the other side's document (the same conflict, evidenced
    perhaps by another sentence saying the same thing). Only flags whose both sides lie
    in the part's documents count, so other parts' documents run beside them do not
    change the score. ``by_category`` counts predictions per category and how many were
    real (matched). With the run's ``tables``, ``misses`` counts the unmatched gold
    pairs by :func:`contradiction_miss_kind`.
    """
    flags = pred[(pred["kind"] == "contradiction") & pred["doc_id"].isin(doc_ids)
                 & pred["other_doc_id"].isin(doc_ids)] if len(pred) else pred
    golds = []
    for g in gold:
        if g["doc_id"] not in texts or g["other_doc_id"] not in texts:
            continue
        a = (g["doc_id"], *locate(texts[g["doc_id"]], g["quote"]))
        b = (g["other_doc_id"], *locate(texts[g["other_doc_id"]], g["other_quote"]))
        golds.append((a, b))
    preds = list(flags.itertuples(index=False)) if len(flags) else []

    def overlaps(x, y):
        return x[0] == y[0] and x[1] < y[2] and y[1] < x[2]

    def same(p, g):
        side = (p.doc_id, int(p.start), int(p.end))
        other = (p.other_doc_id, int(p.other_start), int(p.other_end))
        (a, b) = g
        return any((overlaps(x, u) and y[0] == v[0]) or (overlaps(y, v) and x[0] == u[0])
                   for x, y in ((side, other), (other, side)) for u, v in ((a, b), (b, a)))

    used_p: set[int] = set()
    used_g: set[int] = set()
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if pi not in used_p and same(p, g):
                used_p.add(pi)
                used_g.add(gi)
                break
    # a second flag for a pair already matched (another sentence of the same two
    # documents) is neither a miss nor a false alarm: it counts as real, not as recall
    for pi, p in enumerate(preds):
        if pi not in used_p and any(same(p, g) for g in golds):
            used_p.add(pi)
    out: dict[str, Any] = Score(len(used_p), len(preds), len(used_g), len(golds)).as_dict()
    by: dict[str, list[int]] = {}
    for pi, p in enumerate(preds):
        c = by.setdefault(p.category, [0, 0])
        c[0] += 1
        c[1] += pi in used_p
    out["by_category"] = {k: {"predicted": v[0], "real": v[1]} for k, v in sorted(by.items())}
    if tables is not None:
        missed = [contradiction_miss_kind(tables, *golds[gi]) for gi in range(len(golds)) if gi not in used_g]
        out["misses"] = {k: missed.count(k) for k in CONTRADICTION_MISS_KINDS if missed.count(k)}
    return out


def _rows_of(frame: pd.DataFrame | None, doc_ids: set[str]) -> pd.DataFrame:
    if frame is None or frame.empty:
        return frame if frame is not None else pd.DataFrame()
    return frame[frame["doc_id"].isin(doc_ids)]


def evaluate_genres(tables: dict[str, pd.DataFrame], gold_root: Path, texts: dict[str, str]) -> dict[str, dict[str, dict[str, dict[str, Any]]]]:
    """Scores per genre, per part, per measure: ``{genre: {part: {measure: scores}}}``.

    Only documents that were extracted (in ``texts``) are scored. Measures a genre gets:
    ``causes`` (every causes row, relation included) when it has ``causes.jsonl``;
    ``adverse_effects`` when its gold has any; ``doses`` ("all right") and ``doses (drug,
    amount, unit)`` when it has ``doses.jsonl``; ``contradictions`` when it has
    ``flags.jsonl`` (:func:`score_genre_contradictions`). Each score has ``precision, recall, f1,
    n_pred, n_gold, n_docs`` and the measure's diagnostics.
    """
    gold = load_genre_gold(gold_root)
    docs = genre_documents(gold_root)
    partial = partly_golded(gold_root)
    has: dict[str, set[str]] = {}
    for (genre, _), t in gold.items():
        has.setdefault(genre, set()).update(t)
        if any(r.get("relation") == "adverse_effect" for r in t.get("causes", [])):
            has[genre].add("adverse_effects")
    out: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
    for (genre, part) in sorted(docs):
        ran = {d for d in docs[(genre, part)] if d in texts}
        if not ran:
            continue
        t = gold.get((genre, part), {})

        def golded(table: str) -> set[str]:
            return {d for d in ran if table in partial.get(d, (table,))}

        measures: dict[str, dict[str, Any]] = {}
        on_causes, on_doses = golded("causes"), golded("doses")
        g_causes = [r for r in t.get("causes", []) if r["doc_id"] in on_causes]
        g_doses = [r for r in t.get("doses", []) if r["doc_id"] in on_doses]
        causes = _rows_of(tables.get("causes"), on_causes)
        doses = _rows_of(tables.get("doses"), on_doses)
        n_docs: dict[str, int] = {}
        if "causes" in has.get(genre, set()) and on_causes:
            measures["causes"] = score_genre_causes(causes, g_causes, pair_level=genre in PAIR_LEVEL_GENRES)
            n_docs["causes"] = len(on_causes)
        if "adverse_effects" in has.get(genre, set()) and on_causes:
            measures["adverse_effects"] = score_adverse_effects(causes, g_causes,
                                                                pair_level=genre in PAIR_LEVEL_GENRES)
            n_docs["adverse_effects"] = len(on_causes)
        if "doses" in has.get(genre, set()) and on_doses:
            measures["doses"] = score_genre_doses(doses, g_doses, texts)
            measures["doses (drug, amount, unit)"] = score_dose_links(doses, g_doses)
            n_docs["doses"] = n_docs["doses (drug, amount, unit)"] = len(on_doses)
        if "flags" in has.get(genre, set()):
            pred_flags = tables.get("flags")
            measures["contradictions"] = score_genre_contradictions(
                pred_flags if pred_flags is not None else pd.DataFrame(), t.get("flags", []), texts, ran, tables)
        for name, m in measures.items():
            m["n_docs"] = n_docs.get(name, len(ran))
        out.setdefault(genre, {})[part] = measures
    return out


def _notes(s: dict[str, Any]) -> str:
    notes = []
    if s.get("by_category"):
        notes.append("real/predicted by kind: " + ", ".join(
            f"{k.removeprefix('contradiction_')} {v['real']}/{v['predicted']}" for k, v in s["by_category"].items()))
    if "rows_precision" in s:
        notes.append(f"pair-level; per row precision {s['rows_precision']:.2f} of {s['rows_n_pred']}")
    if s.get("wrong_relation") and "field_accuracy" not in s and not s.get("misses"):
        notes.append(f"wrong relation {s['wrong_relation']}")
    if s.get("band_right") is not None:
        notes.append(f"band right {s['band_right']:.2f} (recall with band {s['recall_with_band']:.2f})")
    if "field_accuracy" in s:
        acc = ", ".join(f"{k} {v:.2f}" for k, v in s["field_accuracy"].items() if v is not None)
        if acc:
            notes.append(f"on {s['n_paired']} paired rows: {acc}")
        if s["misses"]:
            notes.append("misses: " + ", ".join(f"{k} {v}" for k, v in s["misses"].items()))
        if s.get("right_elsewhere"):
            notes.append(f"{s['right_elsewhere']} right from another sentence than the gold's")
    elif s.get("misses"):
        notes.append("misses: " + ", ".join(f"{k} {v}" for k, v in s["misses"].items()))
    if s.get("extras"):
        notes.append("unpaired predictions: " + ", ".join(f"{k} {v}" for k, v in s["extras"].items()))
    return "; ".join(notes)


def format_genre_scores(scores: dict[str, dict[str, dict[str, dict[str, Any]]]]) -> str:
    """A Markdown table, one line per genre, part and measure, with the misses by kind."""
    lines = ["| genre | part | docs | measure | precision | recall | F1 | predicted | gold | notes |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for genre, parts in scores.items():
        for part in sorted(parts, key=lambda p: PARTS.index(p) if p in PARTS else len(PARTS)):
            for name, s in parts[part].items():
                lines.append(f"| {genre} | {part} | {s['n_docs']} | {name} | {s['precision']:.2f} | {s['recall']:.2f} | "
                             f"{s['f1']:.2f} | {s['n_pred']} | {s['n_gold']} | {_notes(s)} |")
    return "\n".join(lines)
