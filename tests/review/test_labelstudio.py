from __future__ import annotations

import json
from xml.etree import ElementTree

import pytest

from pipeline.review.labelstudio import LabelStudioError, export_tasks, import_annotations, label_config, write_export
from pipeline.review.queue import load_review_state


def state(ds):
    return load_review_state(ds["output"], ds["sources"], ds["annotations"])


def reviews(ds) -> list[dict]:
    path = ds["annotations"] / "reviews.jsonl"
    return [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []


def annotated(flag_id: str, choice: str, note: str = "", who=7, side: str | None = None, task_id=1, **extra) -> dict:
    result = [{"from_name": "decision", "value": {"choices": [choice]}}]
    if note:
        result.append({"from_name": "note", "value": {"text": note.split("\n")}})
    if side:
        result.append({"from_name": "side", "value": {"choices": [side]}})
    return {"id": task_id, "data": {"flag_id": flag_id},
            "annotations": [{"id": 100 + task_id, "completed_by": who, "updated_at": "2026-11-01T10:00:00Z",
                             "result": result, **extra}]}


def test_export_then_import_round_trip(review_dataset, tmp_path):
    st = state(review_dataset)
    path = write_export(st, tmp_path / "tasks.json")
    tasks = json.loads(path.read_text())
    assert {t["data"]["flag_id"] for t in tasks} == {"f_unknown", "f_always", "f_contra"}
    span = tasks[0]["predictions"][0]["result"][0]["value"]
    assert tasks[0]["data"]["text"][span["start"] : span["end"]] == span["text"]

    # what Label Studio exports after a person annotated three tasks
    by_flag = {t["data"]["flag_id"]: t for t in tasks}
    by_flag["f_always"]["annotations"] = [{"completed_by": {"id": 3, "email": "rev@example.org"}, "updated_at": "2026-11-01T10:00:00Z",
                                           "result": [{"from_name": "decision", "value": {"choices": ["reject"]}},
                                                      {"from_name": "note", "value": {"text": ["overclaims"]}}]}]
    by_flag["f_unknown"]["annotations"] = [{"completed_by": 7, "result": [
        {"from_name": "decision", "value": {"choices": ["correct"]}},
        {"from_name": "note", "value": {"text": ["name=ibuprofen"]}}]}]
    by_flag["f_contra"]["annotations"] = [{"completed_by": {"username": "kim"}, "result": [
        {"from_name": "decision", "value": {"choices": ["accept"]}},
        {"from_name": "side", "value": {"choices": ["this"]}}]}]
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps(list(by_flag.values())))
    assert import_annotations(st, exported) == (3, [])
    got = {d["flag_id"]: d for d in reviews(review_dataset)}
    assert got["f_always"]["decision"] == "reject" and got["f_always"]["reviewer"] == "rev@example.org"
    assert got["f_always"]["quote"] == "Gout is always cured by diet." and got["f_always"]["at"] == "2026-11-01T10:00:00Z"
    assert got["f_unknown"]["correction"] == {"name": "ibuprofen"} and got["f_unknown"]["reviewer"] == "label-studio:7"
    assert got["f_contra"]["side"] == "this" and got["f_contra"]["reviewer"] == "kim"


def test_importing_the_same_file_twice_records_each_decision_once(review_dataset, tmp_path):
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps([annotated("f_always", "reject"), annotated("f_unknown", "pending", task_id=2),
                                    {"id": 3, "data": {"flag_id": "f_contra"}}]))
    assert import_annotations(state(review_dataset), exported) == (
        1, ["1 task(s) not annotated: nothing recorded for them", "1 task(s) still pending: nothing recorded for them"])
    assert import_annotations(state(review_dataset), exported)[0] == 0
    assert [d["flag_id"] for d in reviews(review_dataset)] == ["f_always"]


def test_the_config_lists_the_datasets_flag_kinds_every_decision_and_the_sides(review_dataset, tmp_path):
    path = write_export(state(review_dataset), tmp_path / "tasks.json")
    config = path.with_suffix(".label_config.xml").read_text()
    assert config == label_config(["unknown_drug", "dubious", "contradiction"])
    for value in ("contradiction", "dubious", "unknown_drug", "accept", "reject", "correct", "pending", "this", "other", "both"):
        assert f'<Choice value="{value}"/>' in config or f'<Label value="{value}"/>' in config
    assert "dose_out_of_range" not in config  # not a kind of this dataset
    odd = ElementTree.fromstring(label_config(['a"b<c']))  # data, not markup
    assert [label.get("value") for label in odd.iter("Label")] == ['a"b<c']


CRAFTED = [
    pytest.param(b"{not json", "is not JSON", id="not-json"),
    pytest.param(b"\xff\xfe[]", "is not UTF-8", id="not-utf8"),
    pytest.param(json.dumps({"tasks": []}), "a list of tasks, not dict", id="not-a-list"),
    pytest.param(json.dumps(["task"]), "task 1: a task must be an object", id="task-not-object"),
    pytest.param(json.dumps([{k: v for k, v in annotated("f_always", "reject").items() if k != "id"}]),
                 "task 1: the task has no id", id="task-without-id"),
    pytest.param(json.dumps([{"id": 1, "data": {}, "annotations": [{"result": []}]}]), "has no flag_id", id="no-flag-id"),
    pytest.param(json.dumps([{"id": 1, "data": {"flag_id": "f_always"}, "annotations": {"result": []}}]),
                 "annotations must be a list", id="annotations-not-list"),
    pytest.param(json.dumps([{"id": 1, "data": {"flag_id": "f_always"}, "annotations": [{"result": "accept"}]}]),
                 "result must be a list, not str", id="result-wrong-type"),
    pytest.param(json.dumps([{"id": 1, "data": {"flag_id": "f_always"}, "annotations": [{"result": [
        {"from_name": "decision", "value": {"choices": "accept"}}]}]}]), "decision must be one choice", id="choices-not-list"),
    pytest.param(json.dumps([{"id": 1, "data": {"flag_id": "f_always"}, "annotations": [{"result": [None]}]}]),
                 "a result item must be an object", id="result-item-null"),
    pytest.param(json.dumps([annotated("f_always", "maybe")]), "unknown decision 'maybe'", id="unknown-choice"),
    pytest.param(json.dumps([annotated("garbage-id", "reject")]), "flag garbage-id is not in the current dataset",
                 id="unknown-flag-id"),
    pytest.param(json.dumps([annotated("f_always", "reject", who={"id": 3})]), "without an email or username",
                 id="completed-by-object-without-name"),
    pytest.param(json.dumps([annotated("f_always", "reject", who=[1])]), "completed_by must be", id="completed-by-list"),
    pytest.param(json.dumps([annotated("f_unknown", "correct", "start=0")]), "'start' is evidence or an identifier",
                 id="correction-of-offsets"),
    pytest.param(json.dumps([annotated("f_unknown", "correct", "amount=lots")]), "'amount' needs a number",
                 id="correction-bad-value"),
    pytest.param(json.dumps([annotated("f_always", "correct", "amount=5")]), "'amount' is not a field of a statement",
                 id="correction-wrong-kind"),
    pytest.param(json.dumps([annotated("f_unknown", "correct", "amount 5")]), "is not field=value", id="correction-no-equals"),
    pytest.param(json.dumps([annotated("f_always", "accept", side="this")]), "settles a contradiction only",
                 id="side-on-one-sided-flag"),
    pytest.param(json.dumps([annotated("f_contra", "accept", side="left")]), "side must be one of", id="unknown-side"),
    pytest.param(json.dumps([annotated("f_always", "reject", updated_at=5)]), "updated_at must be a timestamp",
                 id="timestamp-not-text"),
    pytest.param(json.dumps([annotated("f_unknown", "reject"), annotated("f_always", "reject", who={}, task_id=2)]),
                 "task 2 (id 2): completed_by", id="half-good-file"),
]


@pytest.mark.parametrize("content, message", CRAFTED)
def test_a_crafted_file_is_refused_whole_with_a_message_and_records_nothing(review_dataset, tmp_path, content, message):
    path = review_dataset["annotations"] / "reviews.jsonl"
    path.write_text(json.dumps({"flag_id": "f_contra", "decision": "reject", "reviewer": "ann"}) + "\n")
    before = path.read_bytes()
    crafted = tmp_path / "export.json"
    crafted.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(LabelStudioError, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        import_annotations(state(review_dataset), crafted)
    assert isinstance(caught.value, ValueError)  # the CLI turns it into a usage error
    assert path.read_bytes() == before


def test_every_problem_in_a_file_is_listed_at_once(review_dataset, tmp_path):
    crafted = tmp_path / "export.json"
    crafted.write_text(json.dumps([annotated("nope", "reject"), annotated("f_always", "maybe", task_id=2)]))
    with pytest.raises(LabelStudioError) as caught:
        import_annotations(state(review_dataset), crafted)
    assert "task 1 (id 1): flag nope" in str(caught.value) and "task 2 (id 2): unknown decision" in str(caught.value)


def test_export_tasks_carry_both_sides_of_a_contradiction(review_dataset):
    contra = next(t for t in export_tasks(state(review_dataset)) if t["data"]["flag_id"] == "f_contra")
    assert "Gout can be cured completely" in contra["data"]["other_text"]
