"""Label Studio interop: flags out as tasks with predictions, annotations back as decisions.

Export writes one task per open flag — the flagged text with its context as ``text``, the
flag as a span prediction and a "pending" choice — plus the labelling config to paste in
the project settings. Import reads Label Studio's JSON export and appends one decision per
annotated task (the annotation's decision choice, note and annotator), like any reviewer.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pipeline
from pipeline.review.queue import ReviewState
from pipeline.review.store import append_decision, make_decision, now_iso

LABEL_CONFIG = """<View>
  <Header value="$reason"/>
  <Text name="text" value="$text"/>
  <Labels name="flag" toName="text">
    <Label value="dubious"/><Label value="contradiction"/><Label value="unknown_drug"/>
    <Label value="dose_out_of_range"/><Label value="course_too_long"/><Label value="dose_unlinked"/>
  </Labels>
  <Choices name="decision" toName="text" choice="single" required="true">
    <Choice value="accept"/><Choice value="reject"/><Choice value="correct"/><Choice value="pending"/>
  </Choices>
  <TextArea name="note" toName="text" placeholder="note (for correct: field=value per line)"/>
</View>
"""


def export_tasks(state: ReviewState) -> list[dict[str, Any]]:
    tasks = []
    for k, row in enumerate(state.pending().to_dict("records"), start=1):
        ev = state.sides(row)[0]
        text = ev.before + ev.text + ev.after
        start = len(ev.before)
        result = [
            {"id": f"{row['flag_id']}-span", "from_name": "flag", "to_name": "text", "type": "labels",
             "value": {"start": start, "end": start + len(ev.text), "text": ev.text, "labels": [row["kind"]]}},
            {"id": f"{row['flag_id']}-decision", "from_name": "decision", "to_name": "text", "type": "choices",
             "value": {"choices": ["pending"]}},
        ]
        data = {"text": text, "flag_id": row["flag_id"], "doc_id": row["doc_id"], "reason": row["reason"],
                "kind": row["kind"], "category": row["category"], "severity": row["severity"]}
        if row.get("other_doc_id"):
            other = state.sides(row)[1]
            data["other_text"] = other.before[-150:] + other.text + other.after[:150]
            data["other_doc_id"] = row["other_doc_id"]
        tasks.append({"id": k, "data": data,
                      "predictions": [{"model_version": f"pipeline-{pipeline.__version__}", "result": result}]})
    return tasks


def write_export(state: ReviewState, out: Path) -> Path:
    out.write_text(json.dumps(export_tasks(state), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    out.with_suffix(".label_config.xml").write_text(LABEL_CONFIG, encoding="utf-8")
    return out


def _annotator(annotation: dict[str, Any]) -> str:
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        return str(who.get("email") or who.get("id") or "label-studio")
    return f"label-studio:{who}" if who is not None else "label-studio"


def import_annotations(state: ReviewState, export_file: Path) -> tuple[int, list[str]]:
    """Append a decision per annotated task; returns (decisions added, problems)."""
    tasks = json.loads(export_file.read_text(encoding="utf-8"))
    if not isinstance(tasks, list):
        raise ValueError("a Label Studio JSON export is a list of tasks")
    added, problems = 0, []
    for task in tasks:
        flag_id = (task.get("data") or {}).get("flag_id")
        annotations = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
        if not flag_id or not annotations:
            continue
        annotation = annotations[-1]
        choice, note = None, ""
        for item in annotation.get("result") or []:
            if item.get("from_name") == "decision":
                choice = (item.get("value") or {}).get("choices", [None])[0]
            elif item.get("from_name") == "note":
                note = "\n".join((item.get("value") or {}).get("text", []))
        if choice not in ("accept", "reject", "correct"):
            continue
        try:
            flag = state.flag(flag_id)
        except KeyError:
            flag = {"flag_id": flag_id, "text": "", "doc_id": (task.get("data") or {}).get("doc_id", "")}
            problems.append(f"task {task.get('id')}: flag {flag_id} is not in the current dataset; recorded anyway")
        correction = None
        if choice == "correct":
            correction = dict(line.split("=", 1) for line in note.splitlines() if "=" in line)
        decision = make_decision(flag=flag, source_text=state.source_text(flag["doc_id"]) if flag.get("doc_id") else None,
                                 decision=choice, reviewer=_annotator(annotation), note=note, correction=correction)
        decision = decision.model_copy(update={"at": annotation.get("updated_at") or annotation.get("created_at") or now_iso()})
        append_decision(state.reviews_path, decision)
        added += 1
    return added, problems
