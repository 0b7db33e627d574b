"""Compare trained NER variants: development scores, speed of the model alone, size.

Each variant is a model folder written by :func:`pipeline.ner.train.train_ner`, whose
``meta.json`` already holds its development-set scores (scored once, after training).
Nothing here scores the development set again; this module only times the model on a
fixed sample of MedQuAD answers (the genre ``make bench`` times) and measures its size,
then lays the variants out as one Markdown table for the model README.
"""
from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

#: Words as ``bench/run_bench.py`` counts them, so the figures are comparable.
WORD = re.compile(r"\w+")


def medquad_sample(path: Path, n: int = 300, seed: int = 0) -> list[str]:
    """The first ``n`` non-blank answers of a seeded shuffle of ``answers.jsonl``.

    The same draw as ``bench/run_bench.py``'s ``sample_answers`` with the same seed, so
    every variant (and the benchmark) is timed on the same texts.
    """
    answers: list[str] = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                answer = json.loads(line).get("answer", "")
                if answer.strip():
                    answers.append(answer)
    if n > len(answers):
        raise ValueError(f"asked for {n} answers; {path} has only {len(answers)} non-blank ones")
    random.Random(seed).shuffle(answers)
    return answers[:n]


def words_per_cpu_second(
    nlp: Any, texts: Sequence[str], *, batch_size: int = 32, warmup: int = 5, repeats: int = 3
) -> dict[str, Any]:
    """Words of ``texts`` per CPU-second of this process while ``nlp.pipe`` runs over them.

    CPU time rather than wall time, because the machine is shared: other work slows the
    clock but not this process's CPU count. Even CPU time swells when other processes
    crowd the caches, so the pass over ``texts`` is repeated and the fastest kept. A few
    texts are run first so one-off allocations are not timed.
    """
    list(nlp.pipe(texts[:warmup], batch_size=batch_size))
    words = sum(len(WORD.findall(t)) for t in texts)
    runs = []
    for _ in range(max(1, repeats)):
        cpu0, t0 = time.process_time(), time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass
        runs.append((time.process_time() - cpu0, time.perf_counter() - t0))
    cpu, wall = min(runs)
    return {"docs": len(texts), "words": words, "repeats": len(runs), "cpu_seconds": round(cpu, 2),
            "cpu_seconds_all": [round(r[0], 2) for r in runs], "seconds": round(wall, 2),
            "words_per_cpu_s": round(words / cpu) if cpu else None}


def folder_bytes(path: Path) -> int:
    """Bytes of every file below ``path`` (what a commit of the model adds)."""
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def variant_row(name: str, model_dir: Path, texts: Sequence[str]) -> dict[str, Any]:
    """One variant's figures: dev scores from its meta.json, speed and size measured now."""
    import spacy

    import pipeline.nlp  # noqa: F401  (registers the tokenizer the model names)

    model_dir = Path(model_dir)
    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    nlp = spacy.load(model_dir)
    return {
        "name": name,
        "model_dir": str(model_dir),
        "training": meta.get("training", {}),
        "selection_ents_f": meta.get("performance", {}).get("ents_f"),
        "dev": meta["pubtator_dev_scores"],
        "speed": words_per_cpu_second(nlp, texts),
        "bytes": folder_bytes(model_dir),
    }


def variants_table(rows: Iterable[Mapping[str, Any]]) -> str:
    """A Markdown table: exact and overlap F1 per label and micro, speed, size, time."""
    header = (
        "| variant | exact CHEM | exact DIS | exact micro | overlap CHEM | overlap DIS | overlap micro "
        "| held-out F1 | words / CPU-s | size MB | training CPU min |"
    )
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for row in rows:
        exact, overlap = row["dev"]["exact"], row["dev"]["overlap"]
        cells = [row["name"]]
        for table in (exact, overlap):
            cells += [f"{table[k]['f1']:.3f}" if k in table else "–" for k in ("CHEMICAL", "DISEASE", "micro")]
        sel = row.get("selection_ents_f")
        cpu = row.get("training", {}).get("cpu_seconds")
        cells += [
            f"{sel:.3f}" if sel is not None else "–",
            f"{row['speed']['words_per_cpu_s']:,}",
            f"{row['bytes'] / 2**20:.1f}",
            f"{cpu / 60:.0f}" if cpu else "–",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
