"""Hostile inputs (#11): the shapes that made a stage superlinear, timed against real text.

Each shape is a source of ``n_bytes`` (60 KB by default) built to hit one weakness that
was found: runs of "(" (scispaCy's tokenizer and abbreviation Matcher), "1-" repeated
(a drug-pattern regex over one endless sentence), "200 mg " repeated (the dose grammar),
thousands of one-line list items (per-line sentence marks, per-mention block scans), one
line with no break, deep bracket nesting, very long words, many blank lines, a run of
digits and spaces as one line or as lines up to the length boilerplate rules are tried on (a
price regex), runs of quotes, a page of abbreviation definitions.
:func:`measure` runs each through ingestion, the NLP stack (``process_texts``) and row
extraction, and divides its time by that of ordinary text of the same size: MedQuAD
answers (``../shared/corpora/medquad/answers.jsonl``). The issue's target is a hostile
corpus in at most 2.5 times the time of ordinary text.

Run ``python bench/hostile.py`` for a table; ``make bench`` records :func:`measure`'s
dictionary. Like ``run_bench.py`` it is a tool of this repository, not of the package.
"""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
MEDQUAD = ROOT.parent / "shared" / "corpora" / "medquad" / "answers.jsonl"

#: Size of each hostile source, as in the issue.
N_BYTES = 60_000
#: Time budget per document while measuring (generous: the point is to time, not to cut).
BUDGET_S = 600.0


def _repeat(unit: str, n_bytes: int) -> str:
    """``unit`` repeated to ``n_bytes`` bytes of UTF-8 (ASCII units: characters)."""
    return (unit * (n_bytes // len(unit.encode()) + 1))[:n_bytes]


def _list_items(n_bytes: int) -> str:
    lines = ["The causes of gout include:"]
    k = 0
    while sum(len(x) + 1 for x in lines) < n_bytes:
        lines.append(f"- obesity, kidney disease or aspirin {k}")
        k += 1
    return "\n".join(lines)[:n_bytes]


def _definitions(n_bytes: int) -> str:
    """Many distinct abbreviations, each defined once and used again."""
    words = ["alpha", "beta", "gamma", "delta", "kappa", "sigma", "omega", "theta"]
    parts, k = [], 0
    while sum(len(p) for p in parts) < n_bytes:
        a, b, c = words[k % 8], words[(k // 8) % 8], words[(k // 64) % 8]
        short = (a[0] + b[0] + c[0]).upper() + str(k)
        parts.append(f"{a} {b} {c} {k} ({short}) and {short}. ")
        k += 1
    return "".join(parts)[:n_bytes]


#: Shape name -> builder of a text of the given size in bytes.
SHAPES: dict[str, Callable[[int], str]] = {
    "open_parens": lambda n: _repeat("(", n),
    "parens_in_words": lambda n: _repeat("The dose (", n),
    "nested_brackets": lambda n: _repeat("[(", n // 2) + _repeat(")]", n - n // 2),
    "one_dash": lambda n: _repeat("1-", n),
    "dose_repeats": lambda n: _repeat("200 mg ", n),
    "list_items": _list_items,
    "one_line": lambda n: ordinary_text(n).replace("\n", " "),
    "no_full_stop": lambda n: _repeat("aspirin may cause headache and nausea ", n),
    "long_words": lambda n: _repeat("a" * 5000 + " ", n),
    "blank_lines": lambda n: _repeat("Gout\n\n\n\n\n\n\n\n", n),
    "digits_spaces": lambda n: _repeat("1 ", n),
    "digit_lines": lambda n: _repeat(_repeat("1 ", 998) + "\n", n),  # furniture-sized lines
    "quotes": lambda n: _repeat("'", n),
    "definitions": _definitions,
}


def ordinary_text(n_bytes: int) -> str:
    """Real consumer-health text: MedQuAD answers in file order, to ``n_bytes`` bytes."""
    parts: list[str] = []
    size = 0
    with MEDQUAD.open(encoding="utf-8") as lines:
        for line in lines:
            answer = json.loads(line)["answer"].strip()
            parts.append(answer)
            size += len(answer.encode()) + 2
            if size >= n_bytes:
                break
    text = "\n\n".join(parts).encode()[:n_bytes]
    return text.decode("utf-8", errors="ignore")


def run_once(nlp: Language, text: str, name: str = "hostile", budget_s: float = BUDGET_S) -> dict[str, Any]:
    """Ingest, NLP and extraction of one text: seconds of each (CPU) and the outcome."""
    from pipeline.extract.document import rows_for_document
    from pipeline.ingest.document import SourceFile, ingest_bytes
    from pipeline.nlp.process import process_texts

    source = SourceFile(path=Path(f"{name}.txt"), doc_id=name, rel_path=f"{name}.txt")
    clock = time.process_time
    t0 = clock()
    document = ingest_bytes(source, text.encode("utf-8"))
    t1 = clock()
    (result,) = list(process_texts(nlp, [document.text], budget_s=budget_s))
    t2 = clock()
    if isinstance(result, Exception):
        outcome, rows = f"error: {result}", {}
    else:
        try:
            rows = rows_for_document(document, result)
            outcome = "ok"
        except Exception as exc:  # noqa: BLE001  (reported, the benchmark goes on)
            outcome, rows = f"error: {exc}", {}
    t3 = clock()
    return {
        "ingest_s": round(t1 - t0, 3), "nlp_s": round(t2 - t1, 3), "extract_s": round(t3 - t2, 3),
        "total_s": round(t3 - t0, 3), "outcome": outcome,
        "rows": sum(len(v) for k, v in rows.items() if k not in ("documents", "blocks")),
    }


def measure(nlp: Language, n_bytes: int = N_BYTES, shapes: dict[str, Callable[[int], str]] | None = None) -> dict[str, Any]:
    """Time every hostile shape against ordinary text of the same size.

    Returns:
        ``{"n_bytes", "ordinary": run, "shapes": {name: run + "ratio"}, "ratio"}``, where
        ``ratio`` is the hostile corpus's total time over that of as much ordinary text
        (the issue's target: at most 2.5).
    """
    shapes = SHAPES if shapes is None else shapes
    run_once(nlp, ordinary_text(2_000), "warmup")  # lazy indexes and the linker load here
    ordinary = min((run_once(nlp, ordinary_text(n_bytes), "ordinary") for _ in range(2)),
                   key=lambda r: r["total_s"])
    base = max(ordinary["total_s"], 1e-3)
    out: dict[str, Any] = {}
    for name, build in shapes.items():
        run = run_once(nlp, build(n_bytes), name)
        out[name] = {**run, "ratio": round(run["total_s"] / base, 2)}
    total = sum(r["total_s"] for r in out.values())
    return {
        "n_bytes": n_bytes, "ordinary": ordinary, "shapes": out,
        "ratio": round(total / (base * max(len(out), 1)), 2),
    }


def main(argv: list[str]) -> None:
    from pipeline.nlp.loader import load_nlp

    n_bytes = int(argv[0]) if argv else N_BYTES
    names = argv[1:] or list(SHAPES)
    nlp = load_nlp(None, None, ROOT / ".cache" / "pipeline")
    result = measure(nlp, n_bytes, {k: SHAPES[k] for k in names})
    o = result["ordinary"]
    print(f"ordinary text, {n_bytes:,} bytes: {o['total_s']:.2f} s "
          f"(ingest {o['ingest_s']}, nlp {o['nlp_s']}, extract {o['extract_s']})")
    for name, r in result["shapes"].items():
        print(f"{name:16} {r['total_s']:7.2f} s  x{r['ratio']:<6} ingest {r['ingest_s']:<6} nlp {r['nlp_s']:<6} "
              f"extract {r['extract_s']:<6} {r['outcome']}")
    print(f"hostile corpus / ordinary text: {result['ratio']}")


if __name__ == "__main__":
    main(sys.argv[1:])
