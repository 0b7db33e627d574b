"""The genre gold's parts (dev, heldout, unseen) and documents golded for some tables only."""
import json

import pytest

from pipeline.dataset.schema import to_frame
from pipeline.evaluation.corpus import read_split
from pipeline.evaluation.gold import evaluate_genres


def _dose(doc, drug, amount, unit="mg"):
    return {"mention_id": f"{doc}{drug}{amount}", "doc_id": doc, "drug": drug, "drug_mention_id": "",
            "amount": amount, "amount_max": None, "unit": unit, "frequency": "", "frequency_per_day": None,
            "frequency_per_day_max": None, "route": "", "form": "", "duration": "", "population": "",
            "dose_kind": "", "drug_link": "sentence", "start": 0, "end": 5, "evidence": "x mg",
            "extractor": "t"}


def _cause(doc, cause, condition):
    return {"claim_id": f"{doc}{cause}{condition}", "doc_id": doc, "cause": cause, "cause_concept_id": "",
            "condition": condition, "condition_concept_id": "", "relation": "adverse_effect", "negated": False,
            "hedged": False, "start": 0, "end": 1, "evidence": "e", "review_status": "clean",
            "frequency_band": "", "cause_text": cause, "condition_text": condition, "extractor": "t"}


def _write(root, split, gold):
    genres = root / "genres"
    genres.mkdir(parents=True)
    (genres / "split.jsonl").write_text("".join(json.dumps(r) + "\n" for r in split))
    for folder, tables in gold.items():
        (genres / folder).mkdir()
        for table, rows in tables.items():
            (genres / folder / f"{table}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_unknown_part_is_refused(tmp_path):
    split = tmp_path / "split.jsonl"
    split.write_text(json.dumps({"doc_id": "a", "genre": "leaflet", "part": "test", "origin": "x.txt"}) + "\n")
    with pytest.raises(ValueError, match="part 'test'"):
        read_split(split)


def test_a_document_golded_for_doses_only_is_left_out_of_side_effects(tmp_path):
    split = [{"doc_id": "full", "genre": "leaflet", "part": "unseen", "origin": "f.txt"},
             {"doc_id": "dosesonly", "genre": "leaflet", "part": "unseen", "origin": "d.txt", "tables": ["doses"]}]
    gold_doses = [{"doc_id": "full", "drug": "x", "amount": 5, "unit": "mg", "evidence": "x mg"},
                  {"doc_id": "dosesonly", "drug": "y", "amount": 10, "unit": "mg", "evidence": "x mg"}]
    gold_causes = [{"doc_id": "full", "cause": "x", "condition": "nausea", "relation": "adverse_effect",
                    "evidence": "e"}]
    _write(tmp_path, split, {"leaflet_unseen": {"doses": gold_doses, "causes": gold_causes}})
    tables = {"doses": to_frame("doses", [_dose("full", "x", 5), _dose("dosesonly", "y", 10)]),
              "causes": to_frame("causes", [_cause("full", "x", "nausea"), _cause("dosesonly", "y", "headache")])}
    scores = evaluate_genres(tables, tmp_path, {"full": "x mg", "dosesonly": "x mg"})["leaflet"]["unseen"]
    links = scores["doses (drug, amount, unit)"]
    assert (links["n_docs"], links["n_gold"], links["recall"]) == (2, 2, 1.0)
    # the headache found in the doses-only leaflet has no side-effect gold to meet: not a false positive
    effects = scores["adverse_effects"]
    assert (effects["n_docs"], effects["n_pred"], effects["precision"]) == (1, 1, 1.0)
