"""``pipeline review serve``: the review queue in a browser, on this machine by default.

Source texts are untrusted web content, so every piece of text goes through Jinja2's
autoescape (never ``|safe``), highlighting is built from separately escaped pieces, and
the pages carry no script at all. Who may connect, CSRF, and the headers every response
carries live in :mod:`pipeline.review.web.security`. Decisions are labelled by their
effect ("Publish the claim", "Keep this side") and made through the same checks as in
the terminal and the Label Studio import (:meth:`ReviewState.decide`).
"""
from __future__ import annotations

import getpass
import secrets
import socket
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

import jinja2
import pandas as pd
from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.staticfiles import StaticFiles

from pipeline.dataset.publish import EXTRACTED
from pipeline.review.corrections import kind_name
from pipeline.review.decisions import choices_for, has_sides, label_of
from pipeline.review.queue import CONTEXT_CHARS, SEVERITY_ORDER, Evidence, ReviewState, load_review_state
from pipeline.review.store import DecisionNotSaved
from pipeline.review.web.security import (
    SecureFastAPI, check_bind, csrf_ok, install_guard, is_loopback,
)

__all__ = ["create_app", "serve", "check_bind", "is_loopback"]

HERE = Path(__file__).parent
MAX_FORM_BYTES = 64 * 1024
#: More fields than any form of this app has; a longer form is refused, not parsed.
MAX_FORM_FIELDS = 100
#: Field/value rows offered by the correction form.
CORRECTION_ROWS = 4
FILTERS = ("kind", "severity", "doc")


class _StateCache:
    """The review state, reloaded when the decisions or the dataset change on disk.

    Another reviewer (terminal, second browser) may append at any time, and ``pipeline
    run`` may republish; reloading on change keeps every page current without rereading
    the dataset on each request.
    """

    def __init__(self, loader: Callable[[], ReviewState]) -> None:
        self._loader = loader
        self._lock = threading.Lock()
        self._state: ReviewState | None = None
        self._stamp: tuple[Any, ...] = ()

    @staticmethod
    def _stamp_of(state: ReviewState) -> tuple[Any, ...]:
        out = []
        for path in (state.reviews_path, state.output / EXTRACTED / "flags.parquet", state.output / "manifest.json"):
            try:
                st = path.stat()
                out.append((st.st_ino, st.st_mtime_ns, st.st_size))
            except OSError:
                out.append(None)
        return tuple(out)

    def get(self) -> ReviewState:
        with self._lock:
            if self._state is None:
                self._state = self._loader()
                self._stamp = self._stamp_of(self._state)
            else:
                # Stamp before loading: a write during the load then shows as a change next time.
                stamp = self._stamp_of(self._state)
                if stamp != self._stamp:
                    self._state = self._loader()
                    self._stamp = stamp
            return self._state


def _doc_info(state: ReviewState, doc_id: str) -> dict[str, Any]:
    doc = state.document(doc_id)
    cred = doc.get("credibility")
    return {"doc_id": doc_id, "title": doc.get("title") or doc_id, "source_kind": doc.get("source_kind") or "unknown",
            "credibility": None if cred is None or pd.isna(cred) else float(cred)}


def _side(state: ReviewState, ev: Evidence, stored: str) -> dict[str, Any]:
    """One side of a flag for the template, warning when the source moved under the flag."""
    return {
        "ev": ev, "doc": _doc_info(state, ev.doc_id),
        "cut_before": ev.start is not None and ev.start > CONTEXT_CHARS,
        "cut_after": len(ev.after) >= CONTEXT_CHARS,
        "missing": ev.start is None,
        "changed": ev.start is not None and ev.text != stored,
    }


def _segments(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, marked) so that each piece is escaped on its own."""
    merged: list[list[int]] = []
    for s, e in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if s >= e:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        if pos < s:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def _conflict_text(conflict: dict[str, str] | None) -> str:
    if not conflict:
        return ""
    return ", ".join(f"{r}: {d}" for r, d in conflict.items()) + " \u2014 a third reviewer decides"


async def _read_form(request: Request) -> dict[str, str]:
    """A url-encoded form body (plain HTML forms; no multipart parser needed).

    Raises:
        HTTPException: 413 when the body or its number of fields is over the limit.
    """
    size, chunks = 0, []
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            raise HTTPException(413, "form too large")
        chunks.append(chunk)
    try:
        fields = parse_qs(b"".join(chunks).decode("utf-8", "replace"), keep_blank_values=True,
                          max_num_fields=MAX_FORM_FIELDS)
    except ValueError:  # more than MAX_FORM_FIELDS fields
        raise HTTPException(413, f"form has more than {MAX_FORM_FIELDS} fields") from None
    return {k: v[0] for k, v in fields.items()}


def _claims_view(state: ReviewState, flag: dict[str, Any]) -> list[dict[str, Any]]:
    """The claims a flag binds with their current values (empty values left out)."""
    out = []
    for claim in state.bound_claims(flag):
        values = {k: v for k, v in claim.values.items() if v is not None and v == v and v != ""}
        out.append({"kind": kind_name(claim.table), "claim_id": claim.claim_id, "shown": values})
    return out


def create_app(state_loader: Callable[[], ReviewState], reviewer: str, token: str | None) -> SecureFastAPI:
    """The review web app.

    Args:
        state_loader: Loads the current :class:`ReviewState`; called again whenever
            ``reviews.jsonl`` or the published dataset changes, and after each decision.
        reviewer: The name written into every decision made through this app.
        token: When set, every request must carry it (``?token=`` once, then a cookie,
            or the ``X-Review-Token`` header); when None, only loopback Host names are served.
    """
    cache = _StateCache(state_loader)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    templates = Jinja2Templates(env=env, context_processors=[
        lambda request: {"csrf": request.state.csrf, "reviewer": reviewer}])
    app = SecureFastAPI(title="pipeline review", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    install_guard(app, token)

    def page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
        # Unreadable lines of reviews.jsonl are shown on every page until someone mends them.
        context.setdefault("problems", cache.get().log.problems)
        return templates.TemplateResponse(request, name, context, status_code=status)

    def message(request: Request, status: int, title: str, text: str) -> Response:
        return page(request, "message.html", status, title=title, message=text)

    @app.get("/")
    def queue(request: Request, kind: str = "", severity: str = "", doc: str = "", done: str = "") -> Response:
        state = cache.get()
        rows = state.pending(kind=kind or None, severity=severity or None, doc_id=doc or None)
        items = [{**row, "doc": _doc_info(state, row["doc_id"]),
                  "conflict": _conflict_text(state.log.conflicts.get(row["flag_id"]))}
                 for row in rows.to_dict("records")]
        recorded = state.log.latest.get(done) if done else None
        recorded_label = ""
        if recorded is not None:
            try:
                sided = has_sides(state.flag(done))
            except KeyError:
                sided = recorded.side is not None
            recorded_label = label_of(recorded.decision, recorded.side, sided)
        docs = [(d, t or d) for d, t in zip(state.documents["doc_id"], state.documents["title"])]
        return page(request, "queue.html", items=items, kinds=sorted(set(state.flags["kind"])),
                    severities=list(SEVERITY_ORDER), docs=docs, kind=kind, severity=severity, doc=doc,
                    filters=urlencode({k: v for k, v in (("kind", kind), ("severity", severity), ("doc", doc)) if v}),
                    recorded=recorded, recorded_label=recorded_label,
                    recorded_conflict=_conflict_text(state.log.conflicts.get(done)), n_stale=len(state.stale),
                    problems=state.log.problems)

    @app.get("/flag/{flag_id}")
    def flag_page(request: Request, flag_id: str, kind: str = "", severity: str = "", doc: str = "") -> Response:
        state = cache.get()
        try:
            flag = state.flag(flag_id)
        except KeyError:
            return message(request, 404, "No such flag", f"There is no flag {flag_id}.")
        stored = [flag["text"], flag["other_text"]]
        sides = [_side(state, ev, text) for ev, text in zip(state.sides(flag), stored)]
        conflict = _conflict_text(state.log.conflicts.get(flag_id))
        return page(request, "flag.html", flag=flag, sides=sides, conflict=conflict,
                    note=flag.get("note", "") if flag["review_status"] == "pending" and not conflict else "", choices=choices_for(flag),
                    claims=_claims_view(state, flag), fields=sorted(state.correctable(flag)),
                    filters={"kind": kind, "severity": severity, "doc": doc}, rows=range(1, CORRECTION_ROWS + 1),
                    problems=state.log.problems)

    @app.post("/flag/{flag_id}/decide")
    async def decide(request: Request, flag_id: str) -> Response:
        form = await _read_form(request)
        if not csrf_ok(request, form):
            return message(request, 403, "Form expired",
                           "The form's security token does not match this browser session. "
                           "Reload the flag page and decide again.")
        pairs = [(form[f"field_{i}"].strip(), form.get(f"value_{i}", "").strip())
                 for i in range(1, CORRECTION_ROWS + 1) if form.get(f"field_{i}", "").strip()]
        try:
            await run_in_threadpool(_record, cache, flag_id, form.get("choice", ""), reviewer,
                                            form.get("note", "").strip(), dict(pairs))
        except KeyError:
            return message(request, 404, "No such flag", f"There is no flag {flag_id}.")
        except DecisionNotSaved as exc:
            return message(request, 503, "Decision NOT saved", str(exc))
        except ValueError as exc:
            return message(request, 400, "Decision not saved", str(exc))
        query = {k: form[k] for k in FILTERS if form.get(k)} | {"done": flag_id}
        return RedirectResponse("/?" + urlencode(query), status_code=303)

    @app.get("/source/{doc_id}")
    def source_page(request: Request, doc_id: str, flag: str = "") -> Response:
        state = cache.get()
        if doc_id not in set(state.documents["doc_id"]):  # never a path built from the URL
            return message(request, 404, "No such source", f"There is no source {doc_id}.")
        text = state.source_text(doc_id)
        spans: list[tuple[int, int]] = []
        if flag:
            try:
                sides = state.sides(state.flag(flag))
            except KeyError:
                sides = []
            spans = [(ev.start, ev.end) for ev in sides if ev.doc_id == doc_id and ev.start is not None]
        return page(request, "source.html", doc=_doc_info(state, doc_id), flag_id=flag,
                    segments=_segments(text, spans) if text is not None else None)

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status_code=204)  # browsers ask for it; a 404 only adds noise to the log

    @app.get("/stale")
    def stale_page(request: Request) -> Response:
        return page(request, "stale.html", stale=cache.get().stale)

    return app


def _record(cache: _StateCache, flag_id: str, choice_name: str, reviewer: str, note: str,
            correction: dict[str, str]) -> None:
    """Make, check and append one decision (the checks every entry point shares).

    Raises:
        KeyError: the flag is gone. ValueError: an unknown choice or a refused correction.
        DecisionNotSaved: the decision is not on disk.
    """
    state = cache.get()  # reloaded if the dataset changed: the flag may be gone since the page was shown
    flag = state.flag(flag_id)
    choice = next((c for c in choices_for(flag) if c.name == choice_name), None)
    if choice is None:
        raise ValueError(f"{choice_name!r} is not a choice for this flag "
                         f"({', '.join(c.label for c in choices_for(flag))})")
    record = state.decide(flag_id, choice.decision, reviewer, note=note, side=choice.side,
                          correction=correction if choice.decision == "correct" else None)
    state.record(record)  # the next page's cache.get() sees the file change


def serve(output: Path, sources: Path, annotations: Path, host: str = "127.0.0.1", port: int = 8765,
          reviewer: str | None = None, token: str | None = None) -> None:
    """Serve the review app until Ctrl-C.

    Args:
        output: The published dataset (``pipeline run --output``).
        sources: The source texts, for evidence in context.
        annotations: Folder of ``reviews.jsonl``; decisions are appended there.
        host: Address to listen on; anything but loopback needs a token.
        port: TCP port.
        reviewer: Name recorded with each decision (default: the OS user).
        token: Access token; generated and printed when ``host`` is not loopback and none
            is given.

    Raises:
        ValueError: The token is too short. FileNotFoundError: there is no dataset yet.
    """
    import uvicorn

    if token is None and not is_loopback(host):
        token = secrets.token_urlsafe(24)
    check_bind(host, token)

    def loader() -> ReviewState:
        return load_review_state(output, sources, annotations)

    loader()  # fail now, with the CLI's message, rather than on the first page
    app = create_app(loader, reviewer or getpass.getuser(), token)
    shown = socket.gethostname() if host in ("0.0.0.0", "::", "") else f"[{host}]" if ":" in host else host
    print(f"Review queue: http://{shown}:{port}/" + (f"?token={token}" if token else ""), flush=True)
    if not is_loopback(host):
        print("Listening beyond this machine over plain HTTP: prefer an SSH tunnel to 127.0.0.1.", flush=True)
    # No access log: the first request's URL carries the token.
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")
