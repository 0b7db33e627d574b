"""Draw session 14's fresh consumer-causes batch: 8 MedQuAD "causes" answers, seed 1714.

Stratified by MedQuAD source folder (the causes answers come from GARD 409, NIDDK 129,
NHLBI 82, NIHSeniorHealth 61, CancerGov 7, CDC 1): GARD 3, NIDDK 2, NHLBI 1,
SeniorHealth 1, CancerGov or CDC 1. Excluded: every origin in any gold split, and any
answer whose id or doc_id is named in tests/, README.md or annotations/ (the blind parts'
folders are not searched; their documents are in the split files already).
Run from the repository root: .venv/bin/python annotations/gold/fresh/session14_consumer_causes/draw.py
"""
import glob, json, random
from pathlib import Path

ANS = Path("../shared/corpora/medquad/answers.jsonl")
QUOTA = [("2_GARD_QA",), ("2_GARD_QA",), ("2_GARD_QA",), ("5_NIDDK_QA",), ("5_NIDDK_QA",),
         ("8_NHLBI_QA_XML",), ("7_SeniorHealth_QA",), ("1_CancerGov_QA", "9_CDC_QA")]

def doc_id(rid):
    return "medquad_" + rid.replace("/", "_").replace("-", "_")

gold = set()
for f in ["annotations/gold/genres/split.jsonl"] + sorted(glob.glob("annotations/gold/fresh/*/genres/split.jsonl")):
    for line in open(f):
        if line.strip():
            o = json.loads(line).get("origin", "")
            if o.startswith("medquad/answers.jsonl#"):
                gold.add(o.split("#", 1)[1])
texts = [Path("README.md").read_text()]
for root in ("tests", "annotations"):
    for p in Path(root).rglob("*"):
        s = str(p)
        if not p.is_file() or "_heldout" in s or "_unseen" in s or "session13_" in s:
            continue
        try:
            texts.append(p.read_text(errors="ignore"))
        except OSError:
            pass
blob = "\n".join(texts)
by_folder = {}
for line in open(ANS):
    o = json.loads(line)
    if o["qtype"] != "causes" or o["id"] in gold:
        continue
    if o["id"] in blob or doc_id(o["id"]) in blob:
        continue
    by_folder.setdefault(o["folder"], []).append(o["id"])
rng = random.Random(1714)
picked = []
for folders in QUOTA:
    pool = sorted(i for f in folders for i in by_folder.get(f, []) if i not in picked)
    picked.append(rng.choice(pool))
print({f: len(v) for f, v in sorted(by_folder.items())}, len(gold))
for i in picked:
    print(i)
