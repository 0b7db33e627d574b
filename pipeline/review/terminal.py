"""``pipeline review``: step through open flags in the terminal, most severe first.

Each decision is appended to ``annotations/reviews.jsonl`` the moment it is made (one
locked, fsynced line), so Ctrl-C at any prompt loses nothing already decided and never
leaves half a decision behind.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from pipeline.review.queue import Evidence, ReviewState
from pipeline.review.store import append_decision, make_decision

KEYS = "[a]ccept  [r]eject  [c]orrect  [n]ote  [s]kip  [q]uit"
_SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


@dataclass
class SessionSummary:
    decided: int = 0
    skipped: int = 0
    interrupted: bool = False


def _render(ev: Evidence, state: ReviewState) -> str:
    doc = state.document(ev.doc_id)
    head = (f"[bold]{escape(ev.doc_id)}[/] — {escape(str(doc.get('title', ''))[:80])} "
            f"([italic]{escape(str(doc.get('source_kind', '?')))}[/], credibility {doc.get('credibility', '?')})")
    body = f"…{escape(ev.before[-200:])}[reverse]{escape(ev.text)}[/reverse]{escape(ev.after[:200])}…"
    return f"{head}\n{body}"


def _ask_correction(ask: Callable[[str], str]) -> dict[str, str]:
    """Field=value pairs until an empty line ("drug=meloxicam", "amount=7.5")."""
    correction: dict[str, str] = {}
    while True:
        line = ask("  field=value (empty line to finish): ").strip()
        if not line:
            return correction
        field, sep, value = line.partition("=")
        if sep and field.strip():
            correction[field.strip()] = value.strip()


def review_loop(
    state: ReviewState, reviewer: str, *, ask: Callable[[str], str] = input,
    console: Console | None = None, kind: str | None = None, severity: str | None = None,
) -> SessionSummary:
    """Show each pending flag and record the reviewer's decision; returns what happened."""
    console = console or Console()
    summary = SessionSummary()
    queue = state.pending(kind=kind, severity=severity)
    if queue.empty:
        console.print("No pending flags. Nothing to review.")
        return summary
    try:
        for k, row in enumerate(queue.to_dict("records"), start=1):
            style = _SEVERITY_STYLE.get(row["severity"], "")
            title = f"{k}/{len(queue)}  [{style}]{row['severity'].upper()}[/]  {row['kind']} / {row['category']}"
            parts = [f"[bold]{escape(row['reason'])}[/]"]
            if str(row.get("note", "")).startswith("conflict:"):
                parts.append(f"[magenta]{escape(row['note'])}[/]")
            for n, ev in enumerate(state.sides(row), start=1):
                label = f"side {n}: " if row.get("other_doc_id") else ""
                parts.append(label + _render(ev, state))
            console.print(Panel("\n\n".join(parts), title=title, title_align="left"))
            note = ""
            while True:
                key = ask(f"{KEYS} > ").strip().lower()[:1]
                if key == "n":
                    note = ask("  note: ").strip()
                    continue
                if key in ("a", "r", "c"):
                    decision = {"a": "accept", "r": "reject", "c": "correct"}[key]
                    correction = _ask_correction(ask) if key == "c" else None
                    doc = state.document(row["doc_id"])
                    record = make_decision(flag=row, source_text=state.source_text(row["doc_id"]),
                                           decision=decision, reviewer=reviewer, note=note,
                                           correction=correction, doc_sha256=str(doc.get("sha256", "")))
                    append_decision(state.reviews_path, record)
                    summary.decided += 1
                    console.print(f"[green]{decision} recorded[/]")
                    break
                if key == "s":
                    summary.skipped += 1
                    break
                if key == "q":
                    return summary
                console.print(f"unknown key; {KEYS}")
    except (KeyboardInterrupt, EOFError):
        summary.interrupted = True
        console.print("\n[yellow]Stopped. Every decision made so far is saved.[/]")
    return summary
