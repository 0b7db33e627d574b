"""Seeded draw of the session-13 fresh consumer-causes batch (helper H2).

Candidates: MedQuAD answers with qtype `causes`, 300-2,500 characters, whose doc id is in no
split.jsonl / sources.jsonl / causes.jsonl under annotations/ and whose focus (lower case) or
id is named nowhere in tests/, annotations/, README.md or pipeline/rules/. Quota per source
(3 GARD, 2 NIDDK, 2 NHLBI, 1 SeniorHealth), each source shuffled with random.Random(2026121313).
Run from the repository root; prints the chosen doc ids only."""
import json, random, re
from pathlib import Path

def doc_id(r):
    return "medquad_" + re.sub(r"[/\-]", "_", r["id"])

used = set()
for p in Path("annotations").rglob("*.jsonl"):
    if p.name in ("split.jsonl", "sources.jsonl", "causes.jsonl"):
        for line in p.read_text().splitlines():
            if line.strip():
                used.add(json.loads(line).get("doc_id"))
blob = []
for root in ("tests", "annotations", "pipeline/rules"):
    for p in Path(root).rglob("*"):
        if p.is_file() and p.suffix in (".py", ".md", ".jsonl", ".json", ".txt"):
            blob.append(p.read_text(errors="ignore").lower())
blob.append(Path("README.md").read_text().lower())
blob = "\n".join(blob)

quota = {"2_GARD_QA": 3, "5_NIDDK_QA": 2, "8_NHLBI_QA_XML": 2, "7_SeniorHealth_QA": 1}
cands = {k: [] for k in quota}
for line in open("../shared/corpora/medquad/answers.jsonl"):
    r = json.loads(line)
    if r["qtype"] != "causes" or r["folder"] not in quota:
        continue
    if not 300 <= len(r["answer"]) <= 2500:
        continue
    d = doc_id(r)
    if d in used or d in blob or r["focus"].lower() in blob:
        continue
    cands[r["folder"]].append((d, r["id"]))
for k, n in quota.items():
    lst = sorted(cands[k])
    random.Random(2026121313).shuffle(lst)
    print(k, len(lst))
    for d, i in lst[:n]:
        print(json.dumps({"doc_id": d, "genre": "consumer_causes", "part": "dev",
                          "origin": "medquad/answers.jsonl#" + i}))
