"""``pipeline review``: step through open flags in the terminal, most severe first.

Each decision is appended to ``annotations/reviews.jsonl`` the moment it is made (one
locked, fsynced line, read back), and "recorded" is said only once it is on disk, so
Ctrl-C at any prompt loses nothing already decided and never leaves half a decision
behind. Choices are labelled by what they do to the published claims.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from pipeline.review.corrections import kind_name
from pipeline.review.decisions import Choice, choices_for, has_sides
from pipeline.review.queue import Evidence, ReviewState
from pipeline.review.store import DecisionNotSaved

#: Keys every flag offers besides its decisions.
OTHER_KEYS = (("n", "note"), ("s", "skip"), ("q", "quit"))
_SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


@dataclass
class SessionSummary:
    decided: int = 0
    skipped: int = 0
    interrupted: bool = False
    refused: int = 0


def keys_line(choices: tuple[Choice, ...]) -> str:
    """The prompt's key legend, e.g. ``[p] Publish the claim  [w] Withhold the claim ...``."""
    return "  ".join([f"[{c.key}] {c.label}" for c in choices] + [f"[{k}] {w}" for k, w in OTHER_KEYS])


def _render(ev: Evidence, state: ReviewState) -> str:
    doc = state.document(ev.doc_id)
    head = (f"[bold]{escape(ev.doc_id)}[/] — {escape(str(doc.get('title', ''))[:80])} "
            f"([italic]{escape(str(doc.get('source_kind', '?')))}[/], credibility {doc.get('credibility', '?')})")
    body = f"…{escape(ev.before[-200:])}[reverse]{escape(ev.text)}[/reverse]{escape(ev.after[:200])}…"
    return f"{head}\n{body}"


def _ask_correction(ask: Callable[[str], str], console: Console, fields: dict[str, str]) -> dict[str, str]:
    """Field=value pairs until an empty line ("drug=meloxicam", "amount=7.5").

    A line that is not field=value is refused at once and asked again, never dropped.
    """
    console.print("  fields: " + (escape(", ".join(sorted(fields))) or "none (this flag binds no claim)"))
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
    lines = []
    for claim in state.bound_claims(row):
        shown = ", ".join(f"{k}={v}" for k, v in claim.values.items() if v not in ("", None) and v == v)
        lines.append(f"  {kind_name(claim.table)} {claim.claim_id}: {shown}")
    return "claims it binds:\n" + "\n".join(lines) if lines else "claims it binds: none"


def review_loop(
    state: ReviewState, reviewer: str, *, ask: Callable[[str], str] = input,
    console: Console | None = None, kind: str | None = None, severity: str | None = None,
) -> SessionSummary:
    """Show each pending flag and record the reviewer's decision; returns what happened."""
    console = console or Console()
    summary = SessionSummary()
    for problem in state.log.problems:
        console.print(f"[bold yellow]unreadable review line, not applied:[/] {escape(problem)}")
    queue = state.pending(kind=kind, severity=severity)
    if queue.empty:
        console.print("No pending flags. Nothing to review.")
        return summary
    try:
        for k, row in enumerate(queue.to_dict("records"), start=1):
            style = _SEVERITY_STYLE.get(row["severity"], "")
            title = f"{k}/{len(queue)}  [{style}]{row['severity'].upper()}[/]  {row['kind']} / {row['category']}"
            parts = [f"[bold]{escape(row['reason'])}[/]"]
            conflict = state.log.conflicts.get(row["flag_id"])
            if conflict:
                parts.append("[magenta]reviewers disagree: " + escape(", ".join(f"{r}: {d}" for r, d in conflict.items()))
                             + " — a third reviewer decides[/]")
            elif row.get("note"):
                parts.append(f"[magenta]{escape(str(row['note']))}[/]")
            sided = has_sides(row)
            for n, ev in enumerate(state.sides(row)):
                label = ("this side: " if n == 0 else "the other side: ") if sided else ""
                parts.append(label + _render(ev, state))
            parts.append(escape(_claims_text(state, row)))
            console.print(Panel("\n\n".join(parts), title=title, title_align="left"))
            choices = {c.key: c for c in choices_for(row)}
            legend = keys_line(tuple(choices.values()))
            note = ""
            while True:
                key = ask(f"{legend} > ").strip().lower()[:1]
                if key == "n":
                    note = ask("  note: ").strip()
                    continue
                if key in choices:
                    choice = choices[key]
                    correction = (_ask_correction(ask, console, state.correctable(row))
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
                    console.print(f"[green]{escape(choice.label)}: recorded[/]")
                    break
                if key == "s":
                    summary.skipped += 1
                    break
                if key == "q":
                    return summary
                console.print(f"unknown key; {legend}")
    except (KeyboardInterrupt, EOFError):
        summary.interrupted = True
        console.print("\n[yellow]Stopped. Every decision made so far is saved.[/]")
    return summary
