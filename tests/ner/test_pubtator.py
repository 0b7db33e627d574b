from __future__ import annotations

from pathlib import Path

import spacy

import pytest
from spacy.tokens import DocBin

from pipeline.ner.pubtator import (
    ConversionStats,
    PubTatorFormatError,
    convert_pubtator,
    document_to_doc,
    load_label_map,
    parse_pubtator,
    read_pubtator,
    to_docbin,
)


def test_reads_documents_mentions_and_relations(mini_pubtator: Path) -> None:
    docs = read_pubtator(mini_pubtator)
    assert [d.pmid for d in docs] == ["1001", "2002", "3003"]
    first = docs[0]
    assert first.text == f"{first.title} {first.abstract}"
    assert first.text.startswith("Naloxone reverses")
    assert len(first.mentions) == 6
    assert first.relations == (("CID", "D003000", "D007022"),)
    for doc in docs:
        for m in doc.mentions:
            assert doc.text[m.start : m.end] == m.text


def test_ncbi_ids_and_types(mini_pubtator: Path) -> None:
    ncbi = read_pubtator(mini_pubtator)[1]
    by_text = {m.text: m for m in ncbi.mentions}
    assert by_text["colorectal cancer"].ids == ("D015179",)  # leading space in the file
    assert by_text["colorectal cancer"].type == "DiseaseClass"
    composite = by_text["breast or ovarian cancer"]
    assert composite.type == "CompositeMention"
    assert composite.ids == ("D001943", "D010051")


def test_missing_abstract_uses_title_only(mini_pubtator: Path) -> None:
    doc = read_pubtator(mini_pubtator)[2]
    assert doc.abstract == ""
    assert doc.text == "Lithium toxicity."


def test_tolerates_crlf_missing_blank_lines_and_abstract_lines(mini_pubtator: Path, tmp_path: Path) -> None:
    lines = mini_pubtator.read_text().splitlines()
    messy = [ln for ln in lines if ln.strip() and ln != "3003|a|"]
    path = tmp_path / "messy.txt"
    path.write_bytes(("\ufeff" + "\r\n".join(messy) + "\r\n").encode("utf-8"))
    assert read_pubtator(path) == read_pubtator(mini_pubtator)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("1|t|A title\nnot a pubtator line\n", ":2:"),
        ("1|t|A title\n2\t0\t1\tA\tDisease\tD1\n", "outside its document"),
        ("1|t|A title\n1\t0\t99\tA\tDisease\tD1\n", "outside its text"),
        ("1|t|A title\n1\t0\tx\tA\tDisease\tD1\n", ":2:"),
        ("\n\n", "no PubTator document"),
    ],
)
def test_malformed_files_raise_with_location(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(content)
    with pytest.raises(PubTatorFormatError, match=message):
        read_pubtator(path)


def test_label_map_maps_every_disease_type() -> None:
    label_map = load_label_map()
    assert {label_map[t] for t in ("Disease", "SpecificDisease", "DiseaseClass", "Modifier", "CompositeMention")} == {
        "DISEASE"
    }
    assert label_map["Chemical"] == "CHEMICAL"
    assert not any(k.startswith("_") for k in label_map)


def test_docbin_alignment_and_overlaps(mini_pubtator: Path, tokenizer_nlp) -> None:
    db, stats = to_docbin(read_pubtator(mini_pubtator), tokenizer_nlp, load_label_map())
    assert stats.documents == 3
    assert stats.mentions == 13
    assert stats.misaligned == 0  # the tokenizer splits "clonidine-induced" at the hyphen
    assert stats.overlapping == 2  # "cancer" in "colorectal cancer"; "Lithium" in "Lithium toxicity"
    assert stats.kept == 11 and stats.unmapped == 0 and stats.text_mismatch == 0
    docs = list(db.get_docs(tokenizer_nlp.vocab))
    ents = [(e.text, e.label_) for e in docs[0].ents]
    assert ("clonidine", "CHEMICAL") in ents
    assert ("hypertensive", "DISEASE") in ents
    assert [(e.text, e.label_) for e in docs[2].ents] == [("Lithium toxicity", "DISEASE")]
    assert ("colorectal cancer", "DISEASE") in [(e.text, e.label_) for e in docs[1].ents]


def test_mentions_inside_a_token_expand_to_the_whole_token(mini_pubtator: Path) -> None:
    import pipeline.nlp  # noqa: F401  (registers the tokenizers)

    scispacy_rules = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "pipeline.scispacy_tokenizer.v1"}}})
    db, stats = to_docbin(read_pubtator(mini_pubtator), scispacy_rules, load_label_map())
    assert stats.misaligned == 1  # "clonidine" inside scispaCy's token "clonidine-induced"
    ents = [(e.text, e.label_) for e in list(db.get_docs(scispacy_rules.vocab))[0].ents]
    assert ("clonidine-induced", "CHEMICAL") in ents


def test_conversion_is_deterministic_and_counts_unmapped(mini_pubtator: Path, tokenizer_nlp) -> None:
    document = read_pubtator(mini_pubtator)[0]
    chemicals_only = {"Chemical": "CHEMICAL"}
    stats = ConversionStats()
    a = document_to_doc(document, tokenizer_nlp, chemicals_only, stats)
    b = document_to_doc(document, tokenizer_nlp, chemicals_only)
    assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
    assert stats.unmapped == 2 and stats.unmapped_types == {"Disease": 2}


def test_convert_writes_a_docbin(mini_pubtator: Path, tmp_path: Path, tokenizer_nlp) -> None:
    out = tmp_path / "sub" / "mini.spacy"
    stats = convert_pubtator(mini_pubtator, out, nlp=tokenizer_nlp)
    assert out.is_file() and stats.kept == 11
    assert len(DocBin().from_disk(out)) == 3


def test_parse_accepts_lines_without_terminators() -> None:
    docs = list(parse_pubtator(["9|t|Aspirin.", "9\t0\t7\tAspirin\tChemical"]))
    assert docs[0].mentions[0].ids == ()
