"""Session 14 dose batch: 6 leaflets and 8 BC5CDR development-set abstracts with doses,
in no gold split and named nowhere in tests/, README.md or annotations/ (seed 1714).
Mirrors ../session13_side_effects/draw.py. Run from the repository root."""
import glob
import json
import random
import re
import subprocess
from pathlib import Path

CORPORA = Path("/work/shared/corpora")
EXCLUDE = ["--exclude-dir=*_heldout", "--exclude-dir=*_unseen", "--exclude-dir=session13_*"]

gold = set()
for f in ["annotations/gold/genres/split.jsonl"] + glob.glob("annotations/gold/fresh/*/genres/split.jsonl"):
    for line in open(f):
        if line.strip():
            gold.add(json.loads(line).get("origin", ""))


def named_somewhere(word):
    r = subprocess.run(["grep", "-rliw", *EXCLUDE, "-e", word, "tests", "annotations", "README.md"],
                       capture_output=True, text=True)
    return bool(r.stdout.strip())


leaflets = sorted(p.stem for p in (CORPORA / "epi_leaflets").glob("*.txt"))
free_leaflets = [n for n in leaflets if f"epi_leaflets/{n}.txt" not in gold and not named_somewhere(n)]

DOSE = re.compile(r"\d\s*(?:mg|g|microg|µg|mcg|IU|units?)\b", re.I)
abstracts = {}
for line in open(CORPORA / "bc5cdr/CDR_DevelopmentSet.PubTator.txt", encoding="utf-8"):
    m = re.match(r"^(\d+)\|([ta])\|(.*)$", line.rstrip("\n"))
    if m:
        abstracts.setdefault(m.group(1), []).append(m.group(3))
free_abstracts = sorted(
    pmid for pmid, parts in abstracts.items()
    if f"bc5cdr/CDR_DevelopmentSet.PubTator.txt#{pmid}" not in gold
    and DOSE.search(" ".join(parts)) and not named_somewhere(pmid))

rng = random.Random(1714)
print(len(leaflets), len(free_leaflets), len(abstracts), len(free_abstracts))
print(sorted(rng.sample(free_leaflets, 6)))
print(sorted(rng.sample(free_abstracts, 8)))
