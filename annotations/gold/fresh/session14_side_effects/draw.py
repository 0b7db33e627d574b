"""Draw of session 14's fresh side-effect batch (seed 1714), as session 13's draw.py: leaflets in no
gold split and named nowhere in tests/, annotations/ (blind parts left unread) or README.md."""
import json, random, subprocess, glob
from pathlib import Path
C = Path("/work/shared/corpora/epi_leaflets")
names = sorted(p.stem for p in C.glob("*.txt"))
gold = set()
for f in ["annotations/gold/genres/split.jsonl"] + glob.glob("annotations/gold/fresh/*/genres/split.jsonl"):
    for l in open(f):
        if l.strip():
            o = json.loads(l).get("origin", "")
            if o.startswith("epi_leaflets/"): gold.add(Path(o).stem)
cands = []
for n in names:
    if n in gold: continue
    r = subprocess.run(["grep", "-rliw", "--exclude-dir=*_heldout", "--exclude-dir=*_unseen", "--exclude-dir=session13_*",
                        "--exclude-dir=session14_*", "-e", n, "tests", "annotations", "README.md"], capture_output=True, text=True)
    if r.stdout.strip(): continue
    cands.append(n)
print(len(names), len(gold), len(cands))
print(random.Random(1714).sample(cands, 6))
