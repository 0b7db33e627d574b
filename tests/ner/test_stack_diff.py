"""Sorting what the stack loses of the model's finds (pipeline.ner.stack_diff)."""
from __future__ import annotations

from pathlib import Path

from pipeline.ner.pubtator import load_label_map
from pipeline.ner.stack_diff import StackDiff, diff_document, format_diff, stack_diff

TEXT = "Hemorrhagic cystitis and catalepsy followed lithium; renal and hepatic failure."
#       0         1         2         3         4         5         6         7
#       0123456789012345678901234567890123456789012345678901234567890123456789012345678


def test_each_lost_span_gets_its_cause() -> None:
    gold = [(0, 20, "DISEASE"), (25, 34, "DISEASE"), (44, 51, "CHEMICAL"), (53, 78, "DISEASE")]
    model = list(gold)  # the model had every one exactly
    stack = [
        (12, 20, "DISEASE", "vocab"),  # "cystitis": a shorter vocabulary term won
        (44, 51, "CHEMICAL", "vocab"),  # kept
        (53, 58, "DISEASE", "vocab"), (63, 78, "DISEASE", "vocab"),  # coordination split
    ]  # "catalepsy" is gone: a filter dropped it
    diff = StackDiff()
    diff_document(TEXT, gold, model, stack, diff, {"DISEASE", "CHEMICAL"})
    assert diff.lost == {"DISEASE narrowed by vocab": 1, "DISEASE dropped": 1, "DISEASE split by vocab": 1}
    assert diff.dropped_last_words == {"DISEASE catalepsy": 1}
    assert diff.examples["DISEASE narrowed by vocab"] == ["'Hemorrhagic cystitis' <- 'cystitis'"]
    assert not diff.gained
    assert diff.added == {"DISEASE by vocab": 3}  # the narrowed and split spans are errors too


def test_the_stacks_own_finds_and_errors_are_counted_by_source() -> None:
    gold = [(44, 51, "CHEMICAL"), (25, 34, "DISEASE")]
    model = [(25, 34, "DISEASE")]
    stack = [(44, 51, "CHEMICAL", "vocab"), (25, 34, "CHEMICAL", "pattern"), (0, 11, "DISEASE", "vocab")]
    diff = StackDiff()
    diff_document(TEXT, gold, model, stack, diff, {"DISEASE", "CHEMICAL"})
    assert diff.gained == {"CHEMICAL by vocab": 1}
    assert diff.added == {"CHEMICAL by pattern": 1, "DISEASE by vocab": 1}
    assert diff.lost == {"DISEASE relabelled by pattern": 1}
    table = format_diff(diff)
    assert "| DISEASE relabelled by pattern | 1 |" in table and "| CHEMICAL by vocab | 1 | 0 |" in table


def test_labels_the_corpus_does_not_annotate_are_ignored() -> None:
    diff = StackDiff()
    diff_document(TEXT, [(25, 34, "DISEASE")], [(25, 34, "DISEASE"), (44, 51, "CHEMICAL")],
                  [(44, 51, "CHEMICAL", "vocab")], diff, {"DISEASE"})
    assert diff.lost == {"DISEASE dropped": 1} and not diff.added


def test_on_the_real_pipeline(nlp, mini_pubtator: Path) -> None:
    diff = stack_diff(nlp, mini_pubtator, load_label_map(None), {"CONDITION": "DISEASE", "DRUG": "CHEMICAL"})
    found = sum(diff.gained.values()) + sum(diff.lost.values())
    assert found > 0
    assert all(key.split()[0] in {"DISEASE", "CHEMICAL"} for key in diff.lost)
