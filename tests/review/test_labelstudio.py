from __future__ import annotations

import json

from pipeline.review.labelstudio import LABEL_CONFIG, export_tasks, import_annotations, write_export
from pipeline.review.queue import load_review_state


def test_export_then_import_round_trip(review_dataset, tmp_path):
    st = load_review_state(review_dataset["output"], review_dataset["sources"], review_dataset["annotations"])
    path = write_export(st, tmp_path / "tasks.json")
    tasks = json.loads(path.read_text())
    assert path.with_suffix(".label_config.xml").read_text() == LABEL_CONFIG
    assert {t["data"]["flag_id"] for t in tasks} == {"f_unknown", "f_always", "f_contra"}
    span = tasks[0]["predictions"][0]["result"][0]["value"]
    assert tasks[0]["data"]["text"][span["start"] : span["end"]] == span["text"]

    # what Label Studio exports after a person annotated two tasks
    by_flag = {t["data"]["flag_id"]: t for t in tasks}
    by_flag["f_always"]["annotations"] = [{"completed_by": {"email": "rev@example.org"}, "updated_at": "2026-11-01T10:00:00Z",
                                           "result": [{"from_name": "decision", "value": {"choices": ["reject"]}},
                                                      {"from_name": "note", "value": {"text": ["overclaims"]}}]}]
    by_flag["f_unknown"]["annotations"] = [{"completed_by": 7, "result": [
        {"from_name": "decision", "value": {"choices": ["correct"]}},
        {"from_name": "note", "value": {"text": ["drug=ibuprofen"]}}]}]
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps(list(by_flag.values())))
    added, problems = import_annotations(st, exported)
    assert (added, problems) == (2, [])
    lines = [json.loads(x) for x in (review_dataset["annotations"] / "reviews.jsonl").read_text().splitlines()]
    got = {d["flag_id"]: d for d in lines}
    assert got["f_always"]["decision"] == "reject" and got["f_always"]["reviewer"] == "rev@example.org"
    assert got["f_always"]["quote"] == "Gout is always cured by diet."
    assert got["f_unknown"]["correction"] == {"drug": "ibuprofen"} and got["f_unknown"]["reviewer"] == "label-studio:7"


def test_export_tasks_carry_both_sides_of_a_contradiction(review_dataset):
    st = load_review_state(review_dataset["output"], review_dataset["sources"], review_dataset["annotations"])
    contra = next(t for t in export_tasks(st) if t["data"]["flag_id"] == "f_contra")
    assert "Gout can be cured completely" in contra["data"]["other_text"]
