"""Label Studio interop: flags out as tasks with predictions, annotations back as decisions.

Export writes one task per open flag — the flagged text with its context as ``text``, the
flag as a span prediction and a "pending" choice — plus the labelling config to paste in
the project settings, built from the kinds of flags in the dataset. Import reads Label
Studio's JSON export and turns each annotated task into a decision made exactly as in
the terminal or the browser (:meth:`ReviewState.decide`: same correction rules, same
anchoring). The whole file is checked first and the decisions are appended all
together or not at all, so a bad file changes nothing; importing a file again records
nothing twice.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import pipeline
from pipeline.review.corrections import CorrectionError, parse_pairs
from pipeline.review.decisions import DECISION_STATUS, SIDES, Decision, load_decisions
from pipeline.review.queue import ReviewState
from pipeline.review.store import append_decisions

#: The choice that leaves a task undecided (the prediction's default).
PENDING = "pending"
#: ``from_name`` of each control in the labelling config.
FLAG_CONTROL, DECISION_CONTROL, SIDE_CONTROL, NOTE_CONTROL = "flag", "decision", "side", "note"
#: Errors listed in one refusal before "and N more".
MAX_ERRORS_SHOWN = 20


class LabelStudioError(ValueError):
    """A Label Studio file that cannot be imported; nothing from it was recorded."""


def label_config(kinds: Iterable[str]) -> str:
    """The labelling config for tasks of these flag kinds, with every decision and side."""
    labels = "".join(f"<Label value={quoteattr(k)}/>" for k in sorted(set(kinds)))
    decisions = "".join(f"<Choice value={quoteattr(d)}/>" for d in (*DECISION_STATUS, PENDING))
    sides = "".join(f"<Choice value={quoteattr(s)}/>" for s in SIDES)
    return f"""<View>
  <Header value="$reason"/>
  <Text name="text" value="$text"/>
  <Labels name="{FLAG_CONTROL}" toName="text">{labels}</Labels>
  <Choices name="{DECISION_CONTROL}" toName="text" choice="single" required="true">{decisions}</Choices>
  <Header value="For a contradiction with accept: which side holds (this = the text above, other = $other_doc_id)"/>
  <Choices name="{SIDE_CONTROL}" toName="text" choice="single">{sides}</Choices>
  <TextArea name="{NOTE_CONTROL}" toName="text" placeholder="note (for correct: one field=value per line)"/>
</View>
"""


def export_tasks(state: ReviewState) -> list[dict[str, Any]]:
    tasks = []
    for k, row in enumerate(state.pending().to_dict("records"), start=1):
        ev = state.sides(row)[0]
        text = ev.before + ev.text + ev.after
        start = len(ev.before)
        result = [
            {"id": f"{row['flag_id']}-span", "from_name": FLAG_CONTROL, "to_name": "text", "type": "labels",
             "value": {"start": start, "end": start + len(ev.text), "text": ev.text, "labels": [row["kind"]]}},
            {"id": f"{row['flag_id']}-decision", "from_name": DECISION_CONTROL, "to_name": "text", "type": "choices",
             "value": {"choices": [PENDING]}},
        ]
        data = {"text": text, "flag_id": row["flag_id"], "doc_id": row["doc_id"], "reason": row["reason"],
                "kind": row["kind"], "category": row["category"], "severity": row["severity"], "other_doc_id": ""}
        if row.get("other_doc_id"):
            other = state.sides(row)[1]
            data["other_text"] = other.before[-150:] + other.text + other.after[:150]
            data["other_doc_id"] = row["other_doc_id"]
        tasks.append({"id": k, "data": data,
                      "predictions": [{"model_version": f"pipeline-{pipeline.__version__}", "result": result}]})
    return tasks


def write_export(state: ReviewState, out: Path) -> Path:
    out.write_text(json.dumps(export_tasks(state), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    out.with_suffix(".label_config.xml").write_text(label_config(state.flags["kind"]), encoding="utf-8")
    return out


class _Refusal(Exception):
    """One task's problem, collected while the whole file is checked."""


def _annotator(annotation: dict[str, Any]) -> str:
    """The reviewer's name: an account's email or username, or ``label-studio:<id>``."""
    who = annotation.get("completed_by")
    if who is None:
        return "label-studio"
    if isinstance(who, dict):
        for key in ("email", "username"):
            if isinstance(who.get(key), str) and who[key].strip():
                return who[key].strip()
        raise _Refusal("completed_by is an object without an email or username")
    if isinstance(who, int) and not isinstance(who, bool):
        return f"label-studio:{who}"
    if isinstance(who, str) and who.strip():
        return who.strip()
    raise _Refusal(f"completed_by must be a user id, a name or a user object, not {who!r}")


def _choice(item: dict[str, Any]) -> str:
    choices = item["value"].get("choices")
    if not isinstance(choices, list) or len(choices) != 1 or not isinstance(choices[0], str):
        raise _Refusal(f"{item['from_name']} must be one choice, not {choices!r}")
    return choices[0]


def _read(annotation: dict[str, Any]) -> tuple[str | None, str | None, str]:
    """(decision choice, side, note) from an annotation's result."""
    result = annotation.get("result")
    if not isinstance(result, list):
        raise _Refusal(f"the annotation's result must be a list, not {type(result).__name__}")
    choice = side = None
    note = ""
    for item in result:
        if not isinstance(item, dict) or not isinstance(item.get("value"), dict):
            raise _Refusal(f"a result item must be an object with a value object, not {item!r:.80}")
        name = item.get("from_name")
        if name == DECISION_CONTROL:
            choice = _choice(item)
        elif name == SIDE_CONTROL:
            side = _choice(item)
        elif name == NOTE_CONTROL:
            text = item["value"].get("text")
            text = [text] if isinstance(text, str) else text
            if not isinstance(text, list) or not all(isinstance(t, str) for t in text):
                raise _Refusal(f"the note must be text, not {text!r:.80}")
            note = "\n".join(text)
    if choice is not None and choice not in (*DECISION_STATUS, PENDING):
        raise _Refusal(f"unknown decision {choice!r} (choose one of {', '.join((*DECISION_STATUS, PENDING))})")
    return choice, side, note


def _origin(task: dict[str, Any], annotation: dict[str, Any], flag_id: str) -> str:
    """A key for one annotation as exported, so importing the same file again adds nothing."""
    seen = {k: annotation.get(k) for k in ("id", "completed_by", "created_at", "updated_at", "result")}
    blob = json.dumps({"task": task.get("id"), "flag_id": flag_id, "annotation": seen}, sort_keys=True, default=str)
    return "label-studio:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()[:24]


def _decision(state: ReviewState, task: Any, done: set[str]) -> Decision | str:
    """The decision one task carries, or why it carries none ("not annotated"...)."""
    if not isinstance(task, dict):
        raise _Refusal(f"a task must be an object, not {type(task).__name__}")
    if not isinstance(task.get("id"), (int, str)) or isinstance(task.get("id"), bool):
        raise _Refusal("the task has no id")
    data = task.get("data")
    flag_id = data.get("flag_id") if isinstance(data, dict) else None
    if not isinstance(flag_id, str) or not flag_id:
        raise _Refusal("the task's data has no flag_id (was it exported by 'pipeline review export'?)")
    annotations = task.get("annotations") or []
    if not isinstance(annotations, list) or not all(isinstance(a, dict) for a in annotations):
        raise _Refusal("annotations must be a list of objects")
    annotations = [a for a in annotations if not a.get("was_cancelled")]
    if not annotations:
        return "not annotated"
    annotation = annotations[-1]
    choice, side, note = _read(annotation)
    reviewer = _annotator(annotation)
    at = annotation.get("updated_at") or annotation.get("created_at")
    if at is not None and not isinstance(at, str):
        raise _Refusal(f"updated_at must be a timestamp, not {at!r}")
    if choice in (None, PENDING):
        return "still pending"
    origin = _origin(task, annotation, flag_id)
    if origin in done:
        return "imported before"
    try:
        state.flag(flag_id)
    except KeyError:
        raise _Refusal(f"flag {flag_id} is not in the current dataset (export the tasks again after "
                       "'pipeline run')") from None
    try:
        correction = parse_pairs(note.splitlines()) if choice == "correct" else None
        decision = state.decide(flag_id, choice, reviewer, note=note, correction=correction, side=side)
    except (CorrectionError, ValueError) as exc:
        raise _Refusal(str(exc)) from None
    done.add(origin)
    fields = decision.model_dump()
    if at:
        fields["at"] = at
    return Decision(**fields, origin=origin)


def import_annotations(state: ReviewState, export_file: Path) -> tuple[int, list[str]]:
    """Append a decision per annotated task, all or none; returns (decisions added, notes).

    Raises:
        LabelStudioError: the file is not a Label Studio JSON export, or any task in it
            cannot become a decision (each problem listed); nothing was recorded.
        DecisionNotSaved: the decisions could not be written; nothing was recorded.
    """
    try:
        tasks = json.loads(export_file.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise LabelStudioError(f"{export_file.name} is not UTF-8 text (byte {exc.start + 1})") from None
    except json.JSONDecodeError as exc:
        raise LabelStudioError(f"{export_file.name} is not JSON ({exc.msg} at line {exc.lineno}, "
                               f"column {exc.colno})") from None
    if not isinstance(tasks, list):
        raise LabelStudioError(f"a Label Studio JSON export is a list of tasks, not {type(tasks).__name__}")
    done = {str(getattr(d, "origin", "")) for d in load_decisions(state.reviews_path).decisions}
    decisions: list[Decision] = []
    errors: list[str] = []
    skipped: dict[str, int] = {}
    for k, task in enumerate(tasks, start=1):
        where = f"task {k}" + (f" (id {task['id']})" if isinstance(task, dict) and "id" in task else "")
        try:
            outcome = _decision(state, task, done)
        except _Refusal as exc:
            errors.append(f"{where}: {exc}")
            continue
        if isinstance(outcome, str):
            skipped[outcome] = skipped.get(outcome, 0) + 1
        else:
            decisions.append(outcome)
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN] + ([f"... and {len(errors) - MAX_ERRORS_SHOWN} more"]
                                            if len(errors) > MAX_ERRORS_SHOWN else [])
        raise LabelStudioError(f"nothing imported from {export_file.name}; fix these and import again:\n  "
                               + "\n  ".join(shown))
    append_decisions(state.reviews_path, decisions)
    return len(decisions), [f"{n} task(s) {why}: nothing recorded for them" for why, n in sorted(skipped.items())]
