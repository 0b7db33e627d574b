"""Session 13, helper H4: draw 30 BC5CDR development abstracts in no gold and draft their
causes rows from the CID relations (then corrected by reading: see NOTES.md).

    .venv/bin/python annotations/gold/fresh/session13_case_report_causes/make_gold.py draw
writes genres/split.jsonl and /tmp/s13/H4/drafts.jsonl (the drafts, corrected by hand into
genres/case_report_dev/causes.jsonl).
"""
import json
import random
import re
import sys
from pathlib import Path

from pipeline.evaluation.cid_relations import gold_pmids
from pipeline.evaluation.corpus import cid_drafts
from pipeline.ner.pubtator import read_pubtator

ROOT = Path(__file__).resolve().parents[4]
HERE = Path(__file__).resolve().parent
CORPUS = ROOT.parent / "shared/corpora/bc5cdr/CDR_DevelopmentSet.PubTator.txt"
SEED, N = 13_4, 30


def named_elsewhere() -> set[str]:
    """PMIDs any gold folder names (the project's own exclusion), plus numbers of 6-8 digits
    written anywhere in tests/ or README.md."""
    out = set(gold_pmids(ROOT / "annotations"))
    for path in [ROOT / "README.md", *(ROOT / "tests").rglob("*")]:
        if path.is_file():
            out |= set(re.findall(r"\d{6,8}", path.read_text(encoding="utf-8", errors="replace")))
    return out


def draw():
    docs = read_pubtator(CORPUS)
    excluded = named_elsewhere()
    cands = sorted((d for d in docs if d.pmid not in excluded and any(r[0] == "CID" for r in d.relations)),
                   key=lambda d: d.pmid)
    chosen = sorted(random.Random(SEED).sample(cands, N), key=lambda d: d.pmid)
    split = HERE / "genres/split.jsonl"
    split.write_text("".join(json.dumps({"doc_id": f"bc5cdr_{d.pmid}", "genre": "case_report", "part": "dev",
                                         "origin": f"bc5cdr/{CORPUS.name}#{d.pmid}", "tables": ["causes"]}) + "\n"
                             for d in chosen), encoding="utf-8")
    Path("/tmp/s13/H4").mkdir(parents=True, exist_ok=True)
    with open("/tmp/s13/H4/drafts.jsonl", "w", encoding="utf-8") as f:
        for d in chosen:
            for row in cid_drafts(d, f"bc5cdr_{d.pmid}"):
                f.write(json.dumps(row) + "\n")
    print(len(cands), "candidates;", len(chosen), "drawn")


if __name__ == "__main__" and sys.argv[1:] == ["draw"]:
    draw()


def write_rows():
    """The corrected rows (kept in rows.py beside this file): evidence = the sentence holding
    the given snippet; every quote checked inside its evidence."""
    from pipeline.evaluation.corpus import sentence_spans
    sys.path.insert(0, str(HERE))
    from rows import ROWS  # noqa: E402

    docs = {d.pmid: d for d in read_pubtator(CORPUS)}
    out = []
    for pmid, cause, cond, rel, neg, hedged, snippet, qc, qd in ROWS:
        text = docs[pmid].text
        at = text.index(snippet)
        s, e = next((s, e) for s, e in sentence_spans(text) if s <= at < e)
        ev = text[s:e]
        assert qc in ev and qd in ev, (pmid, cause, cond)
        out.append({"doc_id": f"bc5cdr_{pmid}", "cause": cause, "condition": cond, "relation": rel,
                    "negated": bool(neg), "hedged": bool(hedged), "frequency_band": "", "evidence": ev,
                    "quote_cause": qc, "quote_condition": qd, "_at": s})
    out.sort(key=lambda r: (r["doc_id"], r.pop("_at")))
    (HERE / "genres/case_report_dev/causes.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(len(out), "rows")


if __name__ == "__main__" and sys.argv[1:] == ["rows"]:
    write_rows()
