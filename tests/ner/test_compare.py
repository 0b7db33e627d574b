"""Variant comparison: the timing sample, the speed measure and the table."""
from __future__ import annotations

import json
from pathlib import Path

import spacy

from pipeline.ner.compare import folder_bytes, medquad_sample, variants_table, words_per_cpu_second


def test_sample_is_seeded_and_skips_blank_answers(tmp_path: Path) -> None:
    path = tmp_path / "answers.jsonl"
    rows = [{"id": str(i), "answer": "" if i % 3 == 0 else f"Answer number {i}."} for i in range(30)]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    first = medquad_sample(path, 5)
    assert first == medquad_sample(path, 5) and len(set(first)) == 5
    assert "" not in medquad_sample(path, 20)
    assert medquad_sample(path, 5, seed=1) != first


def test_speed_counts_words_of_the_texts() -> None:
    speed = words_per_cpu_second(spacy.blank("en"), ["Aspirin eases pain.", "Take two tablets daily."] * 50, repeats=2)
    assert speed["words"] == 350 and speed["docs"] == 100 and len(speed["cpu_seconds_all"]) == 2
    assert speed["cpu_seconds"] == min(speed["cpu_seconds_all"])
    assert speed["words_per_cpu_s"] is None or speed["words_per_cpu_s"] > 0


def test_table_has_one_row_per_variant(embedded_ner, tmp_path: Path) -> None:
    from pipeline.models import embedded_ner_path

    meta = json.loads((embedded_ner_path() / "meta.json").read_text())
    row = {"name": "shipped", "dev": meta["pubtator_dev_scores"], "speed": {"words_per_cpu_s": 12345},
           "bytes": folder_bytes(embedded_ner_path()), "training": {"cpu_seconds": 600}}
    table = variants_table([row, {**row, "name": "other"}]).splitlines()
    assert len(table) == 4 and table[2].startswith("| shipped |") and "12,345" in table[2]
    micro = meta["pubtator_dev_scores"]["exact"]["micro"]["f1"]
    assert f"| {micro:.3f} |" in table[2]
