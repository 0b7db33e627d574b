"""Where the full stack parts from the bare model, gold span by gold span.

The stack (vocabularies, the NER, product patterns, abbreviations, filters) should keep
what the model finds (#15). This compares, on a gold PubTator file, the model alone (its
``doc.ents``) with the stack (``doc._.mentions``, which say which source each came from)
and sorts every gold span the model had exactly but the stack did not by what happened:

* ``dropped``: no stack mention overlaps it (a filter refused the NER's span); counted
  by the span's last word, which is what the suffix/head rules of ``ner_filters.jsonl``
  look at;
* ``narrowed by S`` / ``widened by S`` / ``shifted by S``: a mention of source ``S`` with
  other offsets took its place (a shorter vocabulary term inside the NER's span, say);
* ``relabelled by S``: the overlapping mention has the other label;
* ``split by S``: several stack mentions cover it.

It also counts the stack's own exact finds the model missed (``gained``) and the stack's
false positives the model did not make (``added``), both by source, so a rule change
shows what it costs as well as what it brings.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from pipeline.ner.pubtator import read_pubtator

#: A stack mention: (start char, end char, label, source).
SourcedSpan = tuple[int, int, str, str]
#: A gold or model span: (start char, end char, label).
Span = tuple[int, int, str]

_WORD = re.compile(r"[A-Za-z]+")


@dataclass
class StackDiff:
    """Counts (and a few examples) of how the stack differs from the model on one corpus."""

    lost: Counter[str] = field(default_factory=Counter)
    dropped_last_words: Counter[str] = field(default_factory=Counter)
    gained: Counter[str] = field(default_factory=Counter)
    added: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def as_dict(self) -> dict[str, Any]:
        return {"lost": dict(self.lost), "dropped_last_words": dict(self.dropped_last_words),
                "gained": dict(self.gained), "added": dict(self.added), "examples": dict(self.examples)}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _last_word(text: str) -> str:
    words = _WORD.findall(text)
    return words[-1].lower() if words else text.lower()


def _cause(gold: Span, over: Sequence[SourcedSpan]) -> str:
    if not over:
        return "dropped"
    if len(over) > 1:
        return f"split by {over[0][3]}"
    start, end, label, source = over[0]
    if label != gold[2]:
        return f"relabelled by {source}"
    if start <= gold[0] and end >= gold[1]:
        return f"widened by {source}"
    if start >= gold[0] and end <= gold[1]:
        return f"narrowed by {source}"
    return f"shifted by {source}"


def diff_document(
    text: str, gold: Iterable[Span], model: Iterable[Span], stack: Iterable[SourcedSpan],
    into: StackDiff, labels: Iterable[str], examples: int = 5,
) -> None:
    """Add one document's differences to ``into`` (only spans of ``labels`` are looked at)."""
    keep = set(labels)
    gold_set = {g for g in gold if g[2] in keep}
    model_set = {m for m in model if m[2] in keep}
    stack_list = [s for s in stack if s[2] in keep]
    stack_exact = {(s[0], s[1], s[2]): s[3] for s in stack_list}
    for g in sorted(gold_set):
        if g in stack_exact:
            if g not in model_set:
                into.gained[f"{g[2]} by {stack_exact[g]}"] += 1
            continue
        if g not in model_set:
            continue
        over = sorted((s for s in stack_list if _overlaps(s[:2], g[:2])), key=lambda s: s[0])
        cause = f"{g[2]} {_cause(g, over)}"
        into.lost[cause] += 1
        if not over:
            into.dropped_last_words[f"{g[2]} {_last_word(text[g[0]:g[1]])}"] += 1
        if len(into.examples[cause]) < examples:
            shown = ", ".join(repr(text[s[0]:s[1]]) for s in over)
            into.examples[cause].append(f"{text[g[0]:g[1]]!r}" + (f" <- {shown}" if shown else ""))
    for span, source in stack_exact.items():
        if span not in gold_set and span not in model_set:
            into.added[f"{span[2]} by {source}"] += 1


def stack_diff(
    nlp: Language, path: Path, label_map: Mapping[str, str], stack_labels: Mapping[str, str],
    *, batch_size: int = 32, examples: int = 5,
) -> StackDiff:
    """Compare the stack with its own NER on a PubTator file.

    Args:
        nlp: the full pipeline (``pipeline.nlp.loader.load_nlp``); its ``ner`` alone gives
            the model's spans, the whole pipeline the stack's.
        path: gold PubTator file.
        label_map: PubTator mention type -> label (``pubtator.load_label_map``).
        stack_labels: our labels -> the corpus's (CONDITION -> DISEASE, DRUG -> CHEMICAL).
        batch_size: documents per ``nlp.pipe`` batch.
        examples: examples kept per cause.
    """
    documents = read_pubtator(Path(path))
    texts = [d.text for d in documents]
    gold = [[(m.start, m.end, label_map[m.type]) for m in d.mentions if m.type in label_map] for d in documents]
    labels = {span[2] for doc in gold for span in doc}
    with nlp.select_pipes(enable=["ner"]):
        model = [[(e.start_char, e.end_char, e.label_) for e in doc.ents]
                 for doc in nlp.pipe(texts, batch_size=batch_size)]
    stack = [[(m.start, m.end, stack_labels[m.label], m.source) for m in (doc._.mentions or [])
              if m.label in stack_labels] for doc in nlp.pipe(texts, batch_size=batch_size)]
    result = StackDiff()
    for text, g, m, s in zip(texts, gold, model, stack):
        diff_document(text, g, m, s, result, labels, examples)
    return result


def format_diff(diff: StackDiff, top_words: int = 25) -> str:
    """Markdown: causes of loss with examples, dropped last words, and the stack's own finds."""
    lines = ["| gold spans the model had and the stack lost | count | examples |", "|---|---|---|"]
    for cause, n in diff.lost.most_common():
        lines.append(f"| {cause} | {n} | {'; '.join(diff.examples.get(cause, []))} |")
    lines += ["", "| dropped, by last word | count |", "|---|---|"]
    lines += [f"| {w} | {n} |" for w, n in diff.dropped_last_words.most_common(top_words)]
    lines += ["", "| the stack's own | exact finds the model missed | false positives the model did not make |",
              "|---|---|---|"]
    for key in sorted(set(diff.gained) | set(diff.added)):
        lines.append(f"| {key} | {diff.gained[key]} | {diff.added[key]} |")
    return "\n".join(lines)
