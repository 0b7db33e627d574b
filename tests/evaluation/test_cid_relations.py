"""BC5CDR CID training data: no document any gold uses is trained on, candidates and labels."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.evaluation.cid_relations import candidates, gold_pmids, training_documents

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "annotations" / "gold"

#: A small document in BC5CDR's PubTator form (title, abstract, mentions with MeSH ids, CID relations).
PUBTATOR = """2004015|t|Cisplatin nephrotoxicity.
2004015|a|Acute renal failure developed after cisplatin. Patients with hypertension received it.
2004015\t0\t9\tCisplatin\tChemical\tD002945
2004015\t10\t24\tnephrotoxicity\tDisease\tD007674
2004015\t26\t45\tAcute renal failure\tDisease\tD058186
2004015\t62\t71\tcisplatin\tChemical\tD002945
2004015\t87\t99\thypertension\tDisease\tD006973
2004015\tCID\tD002945\tD058186
2004015\tCID\tD002945\tD007674

"""


def test_gold_pmids_reads_doc_ids_and_origins(tmp_path):
    (tmp_path / "genres").mkdir()
    (tmp_path / "genres" / "split.jsonl").write_text(json.dumps(
        {"doc_id": "bc5cdr_111", "origin": "bc5cdr/CDR_TrainingSet.PubTator.txt#111"}) + "\n")
    (tmp_path / "sources.jsonl").write_text(json.dumps({"origin": "bc5cdr/CDR_DevelopmentSet.PubTator.txt#222"}) + "\n")
    assert gold_pmids(tmp_path) == {"111", "222"}


def test_training_leaves_out_every_gold_document(tmp_path, shared_dir):
    excluded = gold_pmids(GOLD)
    every = {json.loads(line)["doc_id"].removeprefix("bc5cdr_")
             for line in (GOLD / "genres" / "split.jsonl").read_text().splitlines()
             if line.strip() and json.loads(line)["doc_id"].startswith("bc5cdr_")}
    assert every and every <= excluded
    train = shared_dir / "corpora" / "bc5cdr" / "CDR_TrainingSet.PubTator.txt"
    kept = {d.pmid for d in training_documents(train, GOLD)}
    assert kept and not kept & excluded
    file = tmp_path / "one.txt"
    file.write_text(PUBTATOR)
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "split.jsonl").write_text(json.dumps({"doc_id": "bc5cdr_2004015"}) + "\n")
    assert training_documents(file, tmp_path / "gold") == []


def test_the_shipped_model_was_trained_on_no_document_a_gold_now_uses():
    import numpy as np

    from pipeline.extract.relation_model import model_path

    with np.load(model_path(), allow_pickle=False) as data:
        trained = set(data["trained_pmids"].tolist())
    assert len(trained) > 400
    assert not trained & gold_pmids(GOLD), "a gold now uses a training document: run 'pipeline train-relations'"


def test_candidates_pair_a_sentence_s_mentions_and_label_them_by_the_relations(tmp_path):
    file = tmp_path / "one.txt"
    file.write_text(PUBTATOR)
    (tmp_path / "gold").mkdir()
    (doc,) = training_documents(file, tmp_path / "gold")
    labels = {(c.chem_ids, c.dis_ids): c.label for c in candidates(doc)}
    assert labels == {(("D002945",), ("D007674",)): True, (("D002945",), ("D058186",)): True}


def test_a_missing_gold_folder_is_an_error_not_an_empty_exclusion(tmp_path):
    import pytest

    with pytest.raises(FileNotFoundError):
        gold_pmids(tmp_path / "no-such-gold")
