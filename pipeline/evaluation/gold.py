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
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

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
