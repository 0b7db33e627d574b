"""``pipeline review``: step through open flags in the terminal, most severe first.

Each decision is appended to ``annotations/reviews.jsonl`` the moment it is made (one
locked, fsynced line, read back), and "recorded" is said only once it is on disk, so
Ctrl-C at any prompt loses nothing already decided and never leaves half a decision
behind. Choices are labelled by what they do to the published claims; the keys are
those of the browser (:data:`pipeline.review.decisions.ACTIONS`), and ``u`` undoes.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from pipeline.review.corrections import kind_name
from pipeline.review.decisions import ACTION, ACTIONS, Choice, choices_for, has_sides, label_of, last_undoable, load_decisions
from pipeline.review.queue import Evidence, ReviewState
from pipeline.review.store import DecisionNotSaved, DecisionRefused, append_decisions, make_undo

#: Keys every flag offers besides its decisions, in the order the legend lists them.
OTHER_KEYS = tuple((a.key, a.label) for a in ACTIONS)
_SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


@dataclass
class SessionSummary:
    decided: int = 0
    skipped: int = 0
    interrupted: bool = False
    refused: int = 0
    undone: int = 0


def keys_line(choices: tuple[Choice, ...]) -> str:
    """The prompt's key legend, e.g. ``[p] Publish the claim  [w] Withhold the claim ...``."""
    return "  ".join([f"[{c.key}] {c.label}" for c in choices] + [f"[{k}] {w}" for k, w in OTHER_KEYS])


def keys_table(choices: tuple[Choice, ...]) -> str:
    """Every key of a flag on its own line, for the message after a key that means nothing."""
    return "\n".join(f"  {k}  {w}" for k, w in [(c.key, c.label) for c in choices] + list(OTHER_KEYS))


def _render(ev: Evidence, state: ReviewState) -> str:
    doc = state.document(ev.doc_id)
    head = (f"[bold]{escape(ev.doc_id)}[/] — {escape(str(doc.get('title', ''))[:80])} "
            f"([italic]{escape(str(doc.get('source_kind', '?')))}[/], credibility {doc.get('credibility', '?')})")
    body = f"…{escape(ev.before[-200:])}[reverse]{escape(ev.text)}[/reverse]{escape(ev.after[:200])}…"
    return f"{head}\n{body}"


def _ask_correction(ask: Callable[[str], str], console: Console, state: ReviewState,
                    row: dict[str, Any]) -> dict[str, str]:
    """Field=value pairs until an empty line ("drug=meloxicam", "amount=7.5").

    The fields of the bound claims' kind are listed first with their current values. A
    line that is not field=value is refused at once and asked again, never dropped.
    """
    current = state.current_values(row)
    if current:
        kinds = " and ".join(dict.fromkeys(kind_name(c.table) for c in state.bound_claims(row)))
        console.print(f"  fields of this {escape(kinds)}, with their current values (change any):")
        width = max(len(f) for f in current)
        for name, value in current.items():
            console.print(f"    {escape(name.ljust(width))} = {escape(value) if value else '[dim](empty)[/]'}")
    else:
        console.print("  fields: none (this flag binds no claim)")
    correction: dict[str, str] = {}
    while True:
        line = ask("  field=value (empty line to finish): ").strip()
        if not line:
            return correction
        field, sep, value = line.partition("=")
        if not sep or not field.strip():
            console.print(f"[red]{escape(repr(line))} is not field=value (for example amount=7.5)[/]")
            continue
        correction[field.strip()] = value.strip()


def _claims_text(state: ReviewState, row: dict[str, Any]) -> str:
    sides = {"this": " (this side)", "other": " (the other side)", None: ""}
    lines = [f"  {claim.summary()}{sides[state.claim_side(row, claim.claim_id)]}" for claim in state.bound_claims(row)]
    return "claims it binds:\n" + "\n".join(lines) if lines else "claims it binds: none"


def _panel(state: ReviewState, row: dict[str, Any], k: int, n: int, done: str) -> Panel:
    style = _SEVERITY_STYLE.get(row["severity"], "")
    title = f"{k}/{n}  [{style}]{escape(str(row['severity']).upper())}[/]  {escape(row['kind'])} / {escape(row['category'])}"
    if done:
        title += f"  [green](decided: {escape(done)})[/]"
    parts = [f"[bold]{escape(row['reason'])}[/]"]
    conflict = state.log.conflicts.get(row["flag_id"])
    if conflict:
        parts.append("[magenta]reviewers disagree: " + escape(", ".join(f"{r}: {d}" for r, d in conflict.items()))
                     + " — a third reviewer decides[/]")
    elif row.get("note"):
        parts.append(f"[magenta]{escape(str(row['note']))}[/]")
    sided = has_sides(row)
    for i, ev in enumerate(state.sides(row)):
        label = ("this side: " if i == 0 else "the other side: ") if sided else ""
        parts.append(label + _render(ev, state))
    parts.append(escape(_claims_text(state, row)))
    return Panel("\n\n".join(parts), title=title, title_align="left")


def _undo(state: ReviewState, reviewer: str, console: Console) -> tuple[str, ...]:
    """Take back the reviewer's last decision (a bulk one as a whole); the flags it reopened."""
    last = last_undoable(load_decisions(state.reviews_path), reviewer)
    if not last:
        console.print("[yellow]nothing to undo: you have no decision in force[/]")
        return ()
    try:
        append_decisions(state.reviews_path, [make_undo(d, reviewer) for d in last])
    except (DecisionNotSaved, DecisionRefused) as exc:
        console.print(f"[bold red]undo NOT recorded: {escape(str(exc))}[/]")
        return ()
    for d in last:
        try:
            sided = has_sides(state.flag(d.flag_id))
        except KeyError:
            sided = d.side is not None
        console.print(f"[green]undone: {escape(label_of(d.decision, d.side, sided))} on {escape(d.flag_id)}; "
                      "the decision before it stands again (none: the flag is open)[/]")
    return tuple(d.flag_id for d in last)


def review_loop(
    state: ReviewState, reviewer: str, *, ask: Callable[[str], str] = input,
    console: Console | None = None, kind: str | None = None, severity: str | None = None,
) -> SessionSummary:
    """Show each pending flag and record the reviewer's decision; returns what happened.

    ``j``/``k`` move to the next and previous flag, ``u`` takes back the last decision
    (a line in ``reviews.jsonl`` that supersedes it) and shows that flag again.
    """
    console = console or Console()
    summary = SessionSummary()
    for problem in state.log.problems:
        console.print(f"[bold yellow]unreadable review line, not applied:[/] {escape(problem)}")
    rows = state.pending(kind=kind, severity=severity).to_dict("records")
    if not rows:
        console.print("No pending flags. Nothing to review.")
        return summary
    done: dict[str, str] = {}  # flag id -> what this session decided, shown when a flag comes back
    i = 0
    try:
        while i < len(rows):
            row = rows[i]
            console.print(_panel(state, row, i + 1, len(rows), done.get(row["flag_id"], "")))
            choices = {c.key: c for c in choices_for(row)}
            legend = keys_line(tuple(choices.values()))
            note = ""
            while True:
                key = ask(f"{legend} > ").strip().lower()[:1]
                if key == ACTION["note"].key:
                    note = ask("  note: ").strip()
                    continue
                if key in choices:
                    choice = choices[key]
                    correction = (_ask_correction(ask, console, state, row)
                                  if choice.decision == "correct" else None)
                    try:
                        record = state.decide(row["flag_id"], choice.decision, reviewer, note=note,
                                              correction=correction, side=choice.side)
                        state.record(record)
                    except DecisionNotSaved as exc:
                        summary.refused += 1
                        console.print(f"[bold red]{escape(str(exc))}[/]")
                        continue
                    except ValueError as exc:
                        summary.refused += 1
                        console.print(f"[red]not recorded: {escape(str(exc))}[/]")
                        continue
                    summary.decided += 1
                    done[row["flag_id"]] = choice.label
                    console.print(f"[green]{escape(choice.label)}: recorded[/]")
                    i = _forward(rows, i, done)
                    break
                if key in (ACTION["skip"].key, ACTION["next"].key):
                    summary.skipped += 1
                    i = _forward(rows, i, done)
                    break
                if key == ACTION["previous"].key:
                    if i == 0:
                        console.print("this is the first flag")
                        continue
                    i -= 1
                    break
                if key == ACTION["undo"].key:
                    reopened = _undo(state, reviewer, console)
                    if not reopened:
                        continue
                    summary.undone += 1
                    for fid in reopened:
                        done.pop(fid, None)
                    i = _back_to(rows, reopened[0], i, state)
                    break
                if key == ACTION["quit"].key:
                    return summary
                shown = f"{key!r}" if key else "nothing"
                console.print(f"unknown key ({escape(shown)}); the keys are:\n{escape(keys_table(tuple(choices.values())))}")
    except (KeyboardInterrupt, EOFError):
        summary.interrupted = True
        console.print("\n[yellow]Stopped. Every decision made so far is saved.[/]")
    return summary


def _forward(rows: list[dict[str, Any]], i: int, done: dict[str, str]) -> int:
    """The next position after ``i`` whose flag this session has not decided (one a
    reviewer went back to with ``k`` or ``u`` is not shown twice)."""
    i += 1
    while i < len(rows) and rows[i]["flag_id"] in done:
        i += 1
    return i


def _back_to(rows: list[dict[str, Any]], flag_id: str, i: int, state: ReviewState) -> int:
    """The position of ``flag_id`` in this session's queue, put back at ``i`` when it was not in it."""
    for pos, row in enumerate(rows):
        if row["flag_id"] == flag_id:
            return pos
    try:
        rows.insert(i, state.flag(flag_id))
    except KeyError:
        return i  # the flag is gone from the dataset: nothing to show again
    return i
