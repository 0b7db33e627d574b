"""Materialising the genre gold's documents from the public corpora, and the CID drafts."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluation.corpus import CorpusError, cid_drafts, materialize, read_split, sentence_spans
from pipeline.evaluation.gold import GENRES_DIR, SPLIT_FILE, load_genre_gold
from pipeline.ner.pubtator import parse_pubtator

ANSWER = "What causes X?\r\n   X is caused by mutations in the ABC1 gene.  \n\u2019Tis rare."
PUBTATOR = [
    "111|t|Cisplatin-induced nephrotoxicity.",
    "111|a|A patient received cisplatin 100 mg/m2 i.v. Renal failure followed. Ondansetron was given.",
    "111\t0\t9\tCisplatin\tChemical\tD002945",
    "111\t18\t32\tnephrotoxicity\tDisease\tD007674",
    "111\t53\t62\tcisplatin\tChemical\tD002945",
    "111\t78\t91\tRenal failure\tDisease\tD051437",
    "111\t102\t113\tOndansetron\tChemical\tD017294",
    "111\tCID\tD002945\tD007674",
    "111\tCID\tD017294\tD051437",
    "",
]
LEAFLET = "Package leaflet: information for the user\n\nWhat X is\r\nTake 40 mg.\n"


@pytest.fixture()
def corpora(tmp_path: Path) -> Path:
    root = tmp_path / "corpora"
    (root / "medquad").mkdir(parents=True)
    records = [{"id": "a/1", "answer": "other"}, {"id": "a/2", "answer": ANSWER}]
    (root / "medquad" / "answers.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (root / "bc5cdr").mkdir()
    (root / "bc5cdr" / "Dev.PubTator.txt").write_text("\n".join(PUBTATOR), encoding="utf-8")
    (root / "epi_leaflets").mkdir()
    (root / "epi_leaflets" / "x.txt").write_bytes(LEAFLET.encode("utf-8"))
    return root


@pytest.fixture()
def split_file(tmp_path: Path) -> Path:
    rows = [
        {"doc_id": "medquad_a_2", "genre": "consumer_causes", "part": "dev", "origin": "medquad/answers.jsonl#a/2"},
        {"doc_id": "bc5cdr_111", "genre": "case_report", "part": "heldout", "origin": "bc5cdr/Dev.PubTator.txt#111"},
        {"doc_id": "leaflet_x", "genre": "leaflet", "part": "dev", "origin": "epi_leaflets/x.txt"},
    ]
    path = tmp_path / "split.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def test_materialize_writes_each_text_exactly(corpora, split_file, tmp_path):
    dest = tmp_path / "docs"
    meta = materialize(split_file, corpora, dest)
    assert sorted(meta) == ["bc5cdr_111", "leaflet_x", "medquad_a_2"]
    assert _read(dest / "medquad_a_2.txt") == ANSWER  # \r\n, trailing spaces and quotes kept
    assert _read(dest / "leaflet_x.txt") == LEAFLET
    pubtator = _read(dest / "bc5cdr_111.txt")
    assert pubtator.startswith("Cisplatin-induced nephrotoxicity. A patient received")
    assert pubtator[78:91] == "Renal failure"  # PubTator offsets hold in the written text
    assert meta["bc5cdr_111"] == {"genre": "case_report", "part": "heldout", "origin": "bc5cdr/Dev.PubTator.txt#111",
                                  "n_chars": len(pubtator), "path": str(dest / "bc5cdr_111.txt")}


def test_materialize_selects_genres_and_parts(corpora, split_file, tmp_path):
    assert sorted(materialize(split_file, corpora, tmp_path / "a", parts=["dev"])) == ["leaflet_x", "medquad_a_2"]
    assert sorted(materialize(split_file, corpora, tmp_path / "b", genres=["case_report"])) == ["bc5cdr_111"]
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["bc5cdr_111.txt"]
    with pytest.raises(ValueError, match="no document"):
        materialize(split_file, corpora, tmp_path / "c", genres=["case_report"], parts=["dev"])


def test_materialize_says_clearly_what_is_missing(corpora, split_file, tmp_path):
    with pytest.raises(CorpusError, match="corpora folder not found.*shared"):
        materialize(split_file, tmp_path / "nowhere", tmp_path / "d")
    (corpora / "bc5cdr" / "Dev.PubTator.txt").unlink()
    with pytest.raises(CorpusError, match="Dev.PubTator.txt"):
        materialize(split_file, corpora, tmp_path / "e")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"doc_id": "m", "genre": "g", "part": "dev", "origin": "medquad/answers.jsonl#zz"}) + "\n")
    with pytest.raises(CorpusError, match="'zz'"):
        materialize(bad, corpora, tmp_path / "f")


def test_materialize_refuses_a_folder_with_other_sources(corpora, split_file, tmp_path):
    dest = tmp_path / "docs"
    materialize(split_file, corpora, dest)
    materialize(split_file, corpora, dest)  # the same documents again is fine
    (dest / "stray.txt").write_text("not gold", encoding="utf-8")
    with pytest.raises(ValueError, match="stray.txt"):
        materialize(split_file, corpora, dest)


def test_read_split_rejects_duplicates(tmp_path):
    path = tmp_path / "s.jsonl"
    row = json.dumps({"doc_id": "a", "genre": "g", "part": "dev", "origin": "o"})
    path.write_text(row + "\n" + row + "\n")
    with pytest.raises(ValueError, match="listed twice"):
        read_split(path)


def test_cid_drafts_name_relation_and_evidence():
    doc = next(parse_pubtator(PUBTATOR))
    rows = cid_drafts(doc, "bc5cdr_111", medicines={"D002945"})
    assert [(r["cause"], r["condition"], r["relation"]) for r in rows] == [
        ("cisplatin", "nephrotoxicity", "adverse_effect"), ("ondansetron", "renal failure", "causes")]
    assert rows[0]["evidence"] == "Cisplatin-induced nephrotoxicity."
    assert rows[0]["quote_cause"] == "Cisplatin"
    assert rows[1]["evidence"] == ""  # no sentence names both


def test_sentence_spans_keep_abbreviations_inside():
    text = "Naloxone (2.5 mg/kg, i.v.) reversed it. Then 5 mg/kg i.p. was given. End"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Naloxone (2.5 mg/kg, i.v.) reversed it.", "Then 5 mg/kg i.p. was given.", "End"]


def test_genre_gold_quotes_are_exact_substrings(shared_dir, project_root, tmp_path):
    """Every evidence and quote of the committed genre gold is in its document's text."""
    gold_root = project_root / "annotations" / "gold"
    split = gold_root / GENRES_DIR / SPLIT_FILE
    meta = materialize(split, shared_dir / "corpora", tmp_path / "docs")
    texts = {d: _read(Path(m["path"])) for d, m in meta.items()}
    problems = []
    for (genre, part), tables in load_genre_gold(gold_root).items():
        for table, rows in tables.items():
            for r in rows:
                text = texts.get(r["doc_id"])
                if text is None:
                    problems.append((genre, part, table, r["doc_id"], "not in split"))
                    continue
                evidence = r.get("evidence") or ""
                if evidence and evidence not in text:
                    problems.append((genre, part, table, r["doc_id"], evidence[:60]))
                for q in ("quote_cause", "quote_condition"):
                    if r.get(q) and r[q] not in (evidence or text):
                        problems.append((genre, part, table, r["doc_id"], q, r[q]))
    assert not problems, problems[:5]
