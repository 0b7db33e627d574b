"""Score any NER predictor against gold PubTator annotations.

The predictor is a plain callable (texts -> character spans), so our model, scispaCy's
``en_ner_bc5cdr_md`` or a rule-based matcher are compared on exactly the same footing,
on the original character offsets rather than on our tokenization.

Two matching criteria are reported, per label and micro-averaged over labels:

* **exact** — a predicted span is a true positive iff a gold span has the same label and
  the same start and end offsets (the BioCreative V CDR official criterion).
* **overlap** (a.k.a. lenient / approximate) — a predicted span is a true positive iff it
  shares at least one character with a gold span of the same label; a gold span is found
  (recall) iff at least one predicted span of its label overlaps it. Precision counts
  predictions, recall counts gold spans, so one long prediction covering two gold spans
  is one correct prediction and two found gold spans. This is the usual "left or right
  boundary may differ" lenient score, and it credits predictions whose boundaries are
  off only because a mention ends inside a token (``cocaine``-induced).

Gold mentions are mapped to labels with the same label map as training (types missing
from the map are ignored), and exact duplicates (same offsets and label) count once.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language

from pipeline.ner.pubtator import read_pubtator

#: A predicted or gold entity: (start char, end char, label).
SpanTuple = tuple[int, int, str]
#: Texts in, one list of predicted spans per text out.
Predictor = Callable[[list[str]], list[list[SpanTuple]]]


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, float | int]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": p, "recall": r, "f1": f,
        "tp_pred": tp_pred, "tp_gold": tp_gold, "n_pred": n_pred, "n_gold": n_gold,
    }


def _overlaps(a: SpanTuple, b: SpanTuple) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_spans(
    gold: Sequence[Iterable[SpanTuple]], pred: Sequence[Iterable[SpanTuple]], labels: Iterable[str] | None = None
) -> dict[str, Any]:
    """Per-label and micro precision/recall/F1, exact and overlap, for aligned documents.

    Args:
        gold: gold spans per document.
        pred: predicted spans per document, same order and length as ``gold``.
        labels: labels to report; default every label seen in gold or predictions.
            Predictions with other labels are ignored (e.g. a model with extra types).

    Returns:
        ``{"exact": {label: prf, ..., "micro": prf}, "overlap": {...}, "documents": n}``
        where ``prf`` has ``precision``, ``recall``, ``f1``, ``tp_pred`` (correct
        predictions), ``tp_gold`` (gold spans found), ``n_pred`` and ``n_gold``; the
        two true-positive counts differ only under overlap matching.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold documents but {len(pred)} predictions")
    gold_sets = [set(g) for g in gold]
    pred_sets = [set(p) for p in pred]
    if labels is None:
        labels = sorted({s[2] for doc in gold_sets + pred_sets for s in doc})
    labels = list(labels)
    counts = {mode: {lab: [0, 0, 0, 0] for lab in labels} for mode in ("exact", "overlap")}
    for g_doc, p_doc in zip(gold_sets, pred_sets):
        for lab in labels:
            g = [s for s in g_doc if s[2] == lab]
            p = [s for s in p_doc if s[2] == lab]
            exact = len(set(g) & set(p))
            counts["exact"][lab][0] += exact  # correct predictions
            counts["exact"][lab][2] += exact  # found gold spans
            counts["overlap"][lab][0] += sum(any(_overlaps(x, y) for y in g) for x in p)
            counts["overlap"][lab][2] += sum(any(_overlaps(y, x) for x in p) for y in g)
            for mode in ("exact", "overlap"):
                counts[mode][lab][1] += len(p)
                counts[mode][lab][3] += len(g)
    result: dict[str, Any] = {"documents": len(gold_sets)}
    for mode, per_label in counts.items():
        table = {lab: _prf(*c) for lab, c in per_label.items()}
        totals = [sum(c[i] for c in per_label.values()) for i in range(4)]
        table["micro"] = _prf(*totals)
        result[mode] = table
    return result


def evaluate_pubtator(
    predict: Predictor, path: Path, label_map: Mapping[str, str], *, labels: Iterable[str] | None = None
) -> dict[str, Any]:
    """Run ``predict`` on every document of a PubTator file and score it against its gold.

    Args:
        predict: callable taking a list of texts (title + " " + abstract) and returning,
            per text, a list of ``(start, end, label)`` character spans.
        path: the PubTator file.
        label_map: PubTator mention type -> label (see ``pubtator.load_label_map``).
        labels: labels to score. Default: the labels of ``label_map`` that occur in the
            file's gold, because a corpus that annotates no chemicals (NCBI disease)
            cannot judge CHEMICAL predictions; they are ignored rather than counted as
            false positives.

    Returns:
        The metrics of :func:`score_spans`, plus ``"source"``.
    """
    documents = read_pubtator(Path(path))
    gold = [
        [(m.start, m.end, label_map[m.type]) for m in d.mentions if m.type in label_map] for d in documents
    ]
    pred = predict([d.text for d in documents])
    if labels is None:
        labels = {span[2] for doc in gold for span in doc}
    metrics = score_spans(gold, pred, labels=sorted(labels))
    metrics["source"] = str(path)
    return metrics


def spacy_predictor(
    nlp: Language, label_map: Mapping[str, str] | None = None, *, batch_size: int = 32
) -> Predictor:
    """Wrap a spaCy pipeline as a predictor (batched ``nlp.pipe`` over ``doc.ents``).

    Args:
        nlp: any pipeline with entities in ``doc.ents`` (ours or scispaCy's).
        label_map: optional model-label -> scored-label renaming; labels absent from it
            are kept unchanged (so ``None`` keeps the model's own labels).
        batch_size: documents per ``nlp.pipe`` batch; defaults to 32.
    """
    mapping = dict(label_map or {})

    def predict(texts: list[str]) -> list[list[SpanTuple]]:
        return [
            [(e.start_char, e.end_char, mapping.get(e.label_, e.label_)) for e in doc.ents]
            for doc in nlp.pipe(texts, batch_size=batch_size)
        ]

    return predict


def format_report(metrics: Mapping[str, Any]) -> str:
    """A fixed-width table of P/R/F1 per label and micro, exact and overlap."""
    lines = []
    if "source" in metrics:
        lines.append(f"{metrics['source']} ({metrics.get('documents', '?')} documents)")
    header = f"{'match':<8} {'label':<10} {'P':>6} {'R':>6} {'F1':>6} {'found':>6} {'pred':>6} {'gold':>6}"
    lines += [header, "-" * len(header)]
    for mode in ("exact", "overlap"):
        for label, m in metrics[mode].items():
            lines.append(
                f"{mode:<8} {label:<10} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} "
                f"{m['tp_gold']:>6} {m['n_pred']:>6} {m['n_gold']:>6}"
            )
    return "\n".join(lines)


def stack_predictor(nlp: Language, label_map: Mapping[str, str], batch_size: int = 32) -> Predictor:
    """Predictor for the whole condition/drug stack (NER + vocabularies + filters).

    Scores the pipeline's mention records (``doc._.mentions``: exact characters) rather
    than the bare model's ``doc.ents``; ``label_map`` renames our labels (CONDITION, DRUG)
    to the corpus's (DISEASE, CHEMICAL). Note that the stack keeps chemicals only in a
    drug context, so CHEMICAL recall on a corpus that annotates every chemical is lower
    by design.
    """

    def predict(texts: list[str]) -> list[list[SpanTuple]]:
        out: list[list[SpanTuple]] = []
        for doc in nlp.pipe(texts, batch_size=batch_size):
            out.append([(m.start, m.end, label_map[m.label]) for m in (doc._.mentions or []) if m.label in label_map])
        return out

    return predict
