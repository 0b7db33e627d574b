"""``pipeline review serve``: the review queue in a browser, on this machine by default.

Source texts are untrusted web content, so every piece of text goes through Jinja2's
autoescape (never ``|safe``) and highlighting is built from separately escaped pieces.
The one script, ``static/keys.js``, is the app's own file (the CSP allows no other, and
no inline script): it routes a key press to the button or link that declares the key in
``aria-keyshortcuts``. Every page works without it, by plain links and forms (POST, then
a redirect). Who may connect, CSRF, and the headers every response carries live in
:mod:`pipeline.review.web.security`. Decisions are labelled by their effect ("Publish the
claim", "Keep this side") and made through the same checks as in the terminal and the
Label Studio import (:meth:`ReviewState.decide`); after each one the next open flag opens.
An undo and a bulk decision are lines of ``reviews.jsonl`` like any other.
"""
from __future__ import annotations

import getpass
import hashlib
import secrets
import socket
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

import jinja2
import pandas as pd
from fastapi import HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.staticfiles import StaticFiles

from pipeline.dataset.publish import EXTRACTED
from pipeline.review.decisions import (
    ACTION, DECISION_STATUS, Decision, choices_for, has_sides, label_of, last_undoable,
)
from pipeline.review.queue import (
    CONTEXT_CHARS, SEVERITY_ORDER, SNIPPET_CHARS, Evidence, Filters, ReviewState, load_review_state, shown_value,
)
from pipeline.review.store import DecisionNotSaved, DecisionRefused, append_decisions, make_undo
from pipeline.review.web.security import (
    SecureFastAPI, check_bind, csrf_ok, install_guard, is_loopback,
)

__all__ = ["create_app", "serve", "check_bind", "is_loopback"]

HERE = Path(__file__).parent
MAX_FORM_BYTES = 64 * 1024
#: More fields than any form of this app has; a longer form is refused, not parsed.
MAX_FORM_FIELDS = 100
#: Queue rows on one page: a bulk form of a full page (one field a row, plus its own
#: few) stays under MAX_FORM_FIELDS.
PAGE_ROWS = 90
#: Form fields of a correction: ``set_<field>`` (pre-filled with the current value).
SET_PREFIX = "set_"
#: The decided list's "whose decisions" filter.
WHO = ("mine", "all")


class _StateCache:
    """The review state, reloaded when the decisions or the dataset change on disk.

    Another reviewer (terminal, second browser) may append at any time, and ``pipeline
    run`` may republish; reloading on change keeps every page current without rereading
    the dataset on each request. When only ``reviews.jsonl`` changed (every decision
    does that) the decisions are applied again to the dataset already in memory.
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
                if stamp[1:] != self._stamp[1:]:
                    self._state = self._loader()
                elif stamp != self._stamp:
                    self._state = self._state.with_decisions()
                self._stamp = stamp
            return self._state


def _static_version(folder: Path) -> str:
    """A hash of the static files' content: their URLs change when they do (they are cached)."""
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _filters(source: Any) -> Filters:
    """The queue filters of a request's query or form (anything else in it is ignored)."""
    return Filters(*(str(source.get(k) or "") for k in ("kind", "severity", "doc", "rule")))


def _url(path: str, filters: Filters = Filters(), **extra: str) -> str:
    """``path`` with the filters and the non-empty ``extra`` parameters as its query."""
    query = filters.query() | {k: v for k, v in extra.items() if v}
    return path + ("?" + urlencode(query) if query else "")


def _flag_url(flag_id: str, filters: Filters = Filters(), **extra: str) -> str:
    return _url(f"/flag/{quote(flag_id, safe='')}", filters, **extra)


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


async def _read_form(request: Request) -> dict[str, list[str]]:
    """A url-encoded form body (plain HTML forms; no multipart parser needed), every value
    of each field (a bulk form sends one ``flag`` per ticked row).

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
        return parse_qs(b"".join(chunks).decode("utf-8", "replace"), keep_blank_values=True,
                        max_num_fields=MAX_FORM_FIELDS)
    except ValueError:  # more than MAX_FORM_FIELDS fields
        raise HTTPException(413, f"form has more than {MAX_FORM_FIELDS} fields") from None


def _first(form: dict[str, list[str]]) -> dict[str, str]:
    return {k: v[0] for k, v in form.items()}


def _claims_view(state: ReviewState, flag: dict[str, Any]) -> list[dict[str, Any]]:
    """The claims a flag binds: kind, id, shape and (for a dose) its other fields."""
    return [{"kind": c.kind, "claim_id": c.claim_id, "shape": c.shape, "side": state.claim_side(flag, c.claim_id),
             "details": {k: shown_value(v) for k, v in c.details.items()}, "summary": c.summary()}
            for c in state.bound_claims(flag)]


def _recorded(state: ReviewState, flag_id: str) -> dict[str, Any] | None:
    """The latest decision on ``flag_id``, labelled by its effect, for a "Recorded" notice."""
    if not flag_id or flag_id not in state.log.latest:
        return None
    d = state.log.latest[flag_id]
    try:
        flag = state.flag(flag_id)
    except KeyError:
        flag = {"reason": flag_id, "other_doc_id": "x" if d.side else ""}
    return {"decision": d, "label": label_of(d.decision, d.side, has_sides(flag)), "reason": flag.get("reason", ""),
            "flag_id": flag_id, "conflict": _conflict_text(state.log.conflicts.get(flag_id))}


def _undo_offer(state: ReviewState, reviewer: str) -> dict[str, Any] | None:
    """What the undo button takes back (the reviewer's last decision in force), or None."""
    last = last_undoable(state.log, reviewer)
    if not last:
        return None
    try:
        flag = state.flag(last[-1].flag_id)
    except KeyError:
        flag = {"reason": last[-1].quote or last[-1].flag_id, "other_doc_id": "x" if last[-1].side else ""}
    return {"label": label_of(last[-1].decision, last[-1].side, has_sides(flag)), "reason": flag.get("reason", ""),
            "n": len(last)}


def _queue_item(state: ReviewState, row: dict[str, Any]) -> dict[str, Any]:
    snippets = [{"ev": ev, "cut_before": ev.start is not None and ev.start > SNIPPET_CHARS,
                 "cut_after": len(ev.after) >= SNIPPET_CHARS, "title": _doc_info(state, ev.doc_id)["title"]}
                for ev in state.sides(row, context=SNIPPET_CHARS)]
    return {**row, "doc": _doc_info(state, row["doc_id"]), "snippets": snippets,
            "claims": [c.summary() for c in state.bound_claims(row)],
            "conflict": _conflict_text(state.log.conflicts.get(row["flag_id"]))}


def _correction(state: ReviewState, flag: dict[str, Any], form: dict[str, str]) -> dict[str, str]:
    """The fields of a correction form whose value differs from the current one.

    The form is pre-filled with every correctable field's current value, so a field left
    as it was is no correction. A ``set_`` field the claims do not have is passed on, for
    :func:`pipeline.review.corrections.validate_correction` to refuse it by name.
    """
    current = state.current_values(flag)
    out = {}
    for key, value in form.items():
        if key.startswith(SET_PREFIX) and key != SET_PREFIX:
            name = key[len(SET_PREFIX):]
            if name not in current or value.strip() != current[name]:
                out[name] = value.strip()
    return out


def create_app(state_loader: Callable[[], ReviewState], reviewer: str, token: str | None) -> SecureFastAPI:
    """The review web app.

    Args:
        state_loader: Loads the current :class:`ReviewState`; called again whenever the
            published dataset changes (a change of ``reviews.jsonl`` only re-applies it).
        reviewer: The name written into every decision made through this app.
        token: When set, every request must carry it (``?token=`` once, then a cookie,
            or the ``X-Review-Token`` header); when None, only loopback Host names are served.
    """
    cache = _StateCache(state_loader)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    env.globals.update(url=_url, flag_url=_flag_url, static_version=_static_version(HERE / "static"))
    templates = Jinja2Templates(env=env, context_processors=[
        lambda request: {"csrf": request.state.csrf, "reviewer": reviewer, "actions": ACTION}])
    app = SecureFastAPI(title="pipeline review", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    install_guard(app, token)

    def page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
        state = cache.get()
        # Unreadable lines of reviews.jsonl are shown on every page until someone mends them.
        context.setdefault("problems", state.log.problems)
        context.setdefault("filters", Filters())
        context.setdefault("undo", _undo_offer(state, reviewer))
        return templates.TemplateResponse(request, name, context, status_code=status)

    def message(request: Request, status: int, title: str, text: str) -> Response:
        return page(request, "message.html", status, title=title, message=text)

    def refused(request: Request, exc: Exception) -> Response:
        if isinstance(exc, KeyError):
            return message(request, 404, "No such flag", f"There is no flag {exc.args[0]}.")
        if isinstance(exc, DecisionNotSaved):
            return message(request, 503, "Decision NOT saved", str(exc))
        return message(request, 400, "Decision not saved", str(exc))

    def form_expired(request: Request) -> Response:
        return message(request, 403, "Form expired", "The form's security token does not match this browser "
                       "session. Reload the page and decide again.")

    @app.get("/")
    def queue(request: Request, done: str = "", batch: str = "", select: str = "",
              page_no: int = Query(1, alias="page")) -> Response:
        state = cache.get()
        filters = _filters(request.query_params)
        rows = state.pending(filters.kind, filters.severity, filters.doc, filters.rule)
        n_pages = max(1, -(-len(rows) // PAGE_ROWS))
        page_no = min(max(1, page_no), n_pages)
        shown = rows.iloc[(page_no - 1) * PAGE_ROWS : page_no * PAGE_ROWS]
        items = [_queue_item(state, row) for row in shown.to_dict("records")]
        bulk = [c for c in choices_for(items[0]) if c.decision != "correct"] if filters.rule and items else []
        batch_lines = [d for d in state.log.decisions if batch and getattr(d, "batch", None) == batch]
        batch_notice = _recorded(state, batch_lines[0].flag_id) if batch_lines else None
        decided, total = state.progress(filters)
        docs = [(d, t or d) for d, t in zip(state.documents["doc_id"], state.documents["title"])]
        return page(request, "queue.html", items=items, n_open=len(rows), kinds=sorted(set(state.flags["kind"])),
                    severities=list(SEVERITY_ORDER), docs=docs, rules=state.rules(), filters=filters,
                    recorded=_recorded(state, done),
                    batch=batch_notice and {**batch_notice, "n": len(batch_lines)},
                    n_stale=len(state.stale), decided=decided, total=total, bulk=bulk, select_all=select == "all",
                    page_no=page_no, n_pages=n_pages, page_rows=PAGE_ROWS)

    @app.get("/flag/{flag_id}")
    def flag_page(request: Request, flag_id: str, done: str = "", undone: str = "") -> Response:
        state = cache.get()
        filters = _filters(request.query_params)
        try:
            flag = state.flag(flag_id)
        except KeyError:
            return message(request, 404, "No such flag", f"There is no flag {flag_id}.")
        stored = [flag["text"], flag["other_text"]]
        sides = [_side(state, ev, text) for ev, text in zip(state.sides(flag), stored)]
        conflict = _conflict_text(state.log.conflicts.get(flag_id))
        previous, following = state.neighbours(flag_id, filters)
        decided, total = state.progress(filters)
        current = state.current_values(flag)
        fields = state.correctable(flag)
        return page(request, "flag.html", flag=flag, sides=sides, conflict=conflict,
                    note=flag.get("note", "") if flag["review_status"] == "pending" and not conflict else "",
                    choices=choices_for(flag), claims=_claims_view(state, flag), fields=current,
                    corrected={k: shown_value(v) for k, v in state.correction_in_force(flag).items()},
                    bool_fields={f for f, t in fields.items() if t == "bool"}, filters=filters,
                    previous=previous, following=following, decided=decided, total=total,
                    recorded=_recorded(state, done), current=_recorded(state, flag_id), undone=undone)

    @app.post("/flag/{flag_id}/decide")
    async def decide(request: Request, flag_id: str) -> Response:
        form = _first(await _read_form(request))
        if not csrf_ok(request, form):
            return form_expired(request)
        filters = _filters(form)
        try:
            following = await run_in_threadpool(_record, cache, flag_id, form.get("choice", ""), reviewer,
                                                form.get("note", "").strip(), form, filters)
        except (KeyError, DecisionNotSaved, ValueError) as exc:
            return refused(request, exc)
        if following is None:
            return RedirectResponse(_url("/", filters, done=flag_id), status_code=303)
        return RedirectResponse(_flag_url(following, filters, done=flag_id), status_code=303)

    @app.post("/bulk")
    async def bulk(request: Request) -> Response:
        fields = await _read_form(request)
        form = _first(fields)
        if not csrf_ok(request, form):
            return form_expired(request)
        filters = _filters(form)
        try:
            batch = await run_in_threadpool(_record_bulk, cache, fields.get("flag", []), form.get("choice", ""),
                                            reviewer, form.get("note", "").strip())
        except (KeyError, DecisionNotSaved, ValueError) as exc:
            return refused(request, exc)
        return RedirectResponse(_url("/", filters, batch=batch), status_code=303)

    @app.post("/undo")
    async def undo(request: Request) -> Response:
        form = _first(await _read_form(request))
        if not csrf_ok(request, form):
            return form_expired(request)
        filters = _filters(form)
        try:
            reopened = await run_in_threadpool(_undo, cache, reviewer)
        except (DecisionNotSaved, DecisionRefused) as exc:
            return message(request, 503 if isinstance(exc, DecisionNotSaved) else 400, "Undo NOT saved", str(exc))
        if not reopened:
            return message(request, 409, "Nothing to undo", f"{reviewer} has no decision in force to take back.")
        target = reopened[0]
        try:
            cache.get().flag(target.flag_id)
        except KeyError:
            return RedirectResponse(_url("/", filters), status_code=303)  # its flag is gone: back to the queue
        return RedirectResponse(_flag_url(target.flag_id, filters, undone=target.flag_id), status_code=303)

    @app.get("/decided")
    def decided_page(request: Request, who: str = "mine", decision: str = "") -> Response:
        state = cache.get()
        filters = _filters(request.query_params)
        who = who if who in WHO else "mine"
        decision = decision if decision in DECISION_STATUS else ""
        rows = state.decided(filters, reviewer=reviewer if who == "mine" else "", decision=decision)
        items = [{**r, "doc": _doc_info(state, r["doc_id"]),
                  "label": label_of(r["decision"].decision, r["decision"].side, has_sides(r))} for r in rows]
        return page(request, "decided.html", items=items, who=who, whos=WHO, decision=decision,
                    decisions=list(DECISION_STATUS), filters=filters)

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
            form: dict[str, str], filters: Filters) -> str | None:
    """Make, check and append one decision (the checks every entry point shares).

    Returns:
        The open flag that comes after it in the queue under ``filters`` (None: none left).

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
    following = state.neighbours(flag_id, filters)[1]
    record = state.decide(flag_id, choice.decision, reviewer, note=note, side=choice.side,
                          correction=_correction(state, flag, form) if choice.decision == "correct" else None)
    state.record(record)  # the next page's cache.get() sees the file change
    return following


def _record_bulk(cache: _StateCache, flag_ids: list[str], choice_name: str, reviewer: str, note: str) -> str:
    """Decide several flags of one rule alike: one line each, all recorded or none.

    Returns:
        The batch id the lines share (an undo takes them back together).

    Raises:
        KeyError: a flag is gone. ValueError: no flag, flags of different rules, or a
        choice that is not one of theirs (a correction is made one flag at a time).
        DecisionNotSaved: the decisions are not on disk.
    """
    state = cache.get()
    ids = list(dict.fromkeys(flag_ids))
    if not ids:
        raise ValueError("tick at least one flag to decide several at once")
    flags = [state.flag(fid) for fid in ids]
    rules = {str(f.get("rule_id") or "") for f in flags}
    if len(rules) != 1 or "" in rules:
        raise ValueError("a bulk decision takes flags of one rule; these come from "
                         f"{', '.join(sorted(r or 'no rule' for r in rules))}")
    choice = next((c for c in choices_for(flags[0]) if c.name == choice_name and c.decision != "correct"), None)
    if choice is None:
        raise ValueError(f"{choice_name!r} is not a choice for several flags at once "
                         f"({', '.join(c.label for c in choices_for(flags[0]) if c.decision != 'correct')})")
    batch = secrets.token_hex(8)
    records: list[Decision] = [
        state.decide(fid, choice.decision, reviewer, note=note, side=choice.side).model_copy(update={"batch": batch})
        for fid in ids]
    append_decisions(state.reviews_path, records)
    return batch


def _undo(cache: _StateCache, reviewer: str) -> tuple[Decision, ...]:
    """Take back the reviewer's last decision in force (a bulk one as a whole); what was undone."""
    state = cache.get()
    last = last_undoable(state.log, reviewer)
    append_decisions(state.reviews_path, [make_undo(d, reviewer) for d in last])
    return last


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
