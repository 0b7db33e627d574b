"""``pipeline review serve``: the review queue in a browser, on this machine by default.

Source texts are untrusted web content, so every piece of text goes through Jinja2's
autoescape (never ``|safe``), highlighting is built from separately escaped pieces, and
the pages carry no script at all (the CSP forbids it). State changes are POST-only and
CSRF-checked: a random SameSite=Strict cookie must match a hidden form field, and the
Origin/Referer host must be this server. On loopback the Host header must be a loopback
name too (no DNS rebinding); on any other address every request needs the token.
"""
from __future__ import annotations

import getpass
import hmac
import ipaddress
import math
import secrets
import socket
import threading
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jinja2
import pandas as pd
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.staticfiles import StaticFiles

from pipeline.dataset.publish import EXTRACTED
from pipeline.dataset.schema import TABLES
from pipeline.review.queue import CONTEXT_CHARS, SEVERITY_ORDER, Evidence, ReviewState, load_review_state
from pipeline.review.store import append_decision, make_decision

HERE = Path(__file__).parent
TOKEN_COOKIE = "review_token"
TOKEN_HEADER = "x-review-token"
CSRF_COOKIE = "review_csrf"
CSRF_FIELD = "csrf"
#: A token shorter than this is refused: it may guard a server reachable from the network.
MIN_TOKEN_CHARS = 16
MAX_FORM_BYTES = 64 * 1024
#: Field/value rows offered by the correction form.
CORRECTION_ROWS = 4
DECISIONS = ("accept", "reject", "correct")
FILTERS = ("kind", "severity", "doc")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Not "no-referrer": with it browsers send "Origin: null" on POST, defeating the origin check.
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
#: Columns a correction cannot change (identity and provenance).
_FIXED_COLUMNS = {"claim_id", "mention_id", "doc_id", "review_status", "start", "end", "extractor", "rule_id"}
#: Field a correction may set -> its dtype in the claim tables (one dtype per name).
CORRECTABLE_FIELDS = {
    column: dtype for table in ("conditions", "drugs", "causes", "doses", "statements", "claims")
    for column, dtype in TABLES[table].items() if column not in _FIXED_COLUMNS
}
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address, IPv6 possibly in brackets) is this machine only."""
    host = host.strip().strip("[]")
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token, or with a guessable one.

    Raises:
        ValueError: ``host`` is not loopback and there is no token, or the token is short.
    """
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise ValueError(f"the token must have at least {MIN_TOKEN_CHARS} characters")
    if token is None and not is_loopback(host):
        raise ValueError(f"refusing to listen on {host!r} without a token: anyone who can reach it "
                         "could read the sources and write decisions (give --token, or use 127.0.0.1)")


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


def _hostname(netloc: str) -> str:
    return urlsplit("//" + netloc).hostname or ""


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


def typed_correction(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Field/value pairs typed like the columns they correct.

    A form sends text; a string written into a float column would fail the dataset's
    schema at the next publish, and an unknown field would be silently ignored.

    Raises:
        ValueError: An unknown field, or a value that does not fit its column.
    """
    out: dict[str, Any] = {}
    for field, value in pairs:
        dtype = CORRECTABLE_FIELDS.get(field)
        if dtype is None:
            raise ValueError(f"{field!r} is not a field a correction can set")
        try:
            if dtype == "float":
                out[field] = float(value)
                if not math.isfinite(out[field]):
                    raise ValueError
            elif dtype in ("int", "Int64"):
                out[field] = int(value)
            elif dtype == "bool":
                if value.lower() not in _TRUE | _FALSE:
                    raise ValueError
                out[field] = value.lower() in _TRUE
            else:
                out[field] = value
        except ValueError:
            wanted = "yes or no" if dtype == "bool" else "a number"
            raise ValueError(f"{field!r} needs {wanted}, not {value!r}") from None
    return out


def _conflict_text(conflict: dict[str, str] | None) -> str:
    if not conflict:
        return ""
    return ", ".join(f"{r}: {d}" for r, d in conflict.items()) + " \u2014 a third reviewer decides"


def _token_redirect(request: Request, token: str) -> Response:
    """Trade ``?token=`` for a cookie and drop it from the address bar and history."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
    response = RedirectResponse(request.url.path + ("?" + urlencode(query) if query else ""), status_code=303)
    # Lax, not Strict: the first visit arrives from outside (a terminal, a chat) and must
    # keep the cookie across this redirect. POSTs are guarded by the Strict CSRF cookie.
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="lax", path="/")
    return response


async def _read_form(request: Request) -> dict[str, str]:
    """A url-encoded form body (plain HTML forms; no multipart parser needed)."""
    size, chunks = 0, []
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            raise HTTPException(413, "form too large")
        chunks.append(chunk)
    fields = parse_qs(b"".join(chunks).decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=100)
    return {k: v[0] for k, v in fields.items()}


def create_app(state_loader: Callable[[], ReviewState], reviewer: str, token: str | None) -> FastAPI:
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
        lambda request: {"csrf": request.state.csrf, "reviewer": reviewer, "fields": sorted(CORRECTABLE_FIELDS)}])
    app = FastAPI(title="pipeline review", docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
        return templates.TemplateResponse(request, name, context, status_code=status)

    def denied(status: int, message: str) -> Response:
        return PlainTextResponse(message, status_code=status)

    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if token is None and not is_loopback(_hostname(request.headers.get("host", ""))):
            return denied(400, "unexpected Host: this server answers to loopback names only")
        if token is not None:
            given = request.query_params.get("token")
            if given is not None and request.method in ("GET", "HEAD"):
                return _token_redirect(request, token) if _same(given, token) else denied(401, "wrong token")
            if not (_same(request.headers.get(TOKEN_HEADER), token) or _same(request.cookies.get(TOKEN_COOKIE), token)):
                return denied(401, "missing or wrong token: open the address 'pipeline review serve' printed")
        if request.method not in ("GET", "HEAD"):
            for header in ("origin", "referer"):
                value = request.headers.get(header)
                if value is not None and urlsplit(value).netloc != request.headers.get("host"):
                    return denied(403, f"cross-site request refused ({header} is not this server)")
        csrf = request.cookies.get(CSRF_COOKIE) or ""
        new_csrf = len(csrf) < 32
        request.state.csrf = secrets.token_urlsafe(32) if new_csrf else csrf
        response = await call_next(request)
        if new_csrf:
            response.set_cookie(CSRF_COOKIE, request.state.csrf, httponly=True, samesite="strict", path="/")
        return response

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await guard(request, call_next)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.get("/")
    def queue(request: Request, kind: str = "", severity: str = "", doc: str = "", done: str = "") -> Response:
        state = cache.get()
        rows = state.pending(kind=kind or None, severity=severity or None, doc_id=doc or None)
        items = [{**row, "doc": _doc_info(state, row["doc_id"]),
                  "conflict": _conflict_text(state.log.conflicts.get(row["flag_id"]))}
                 for row in rows.to_dict("records")]
        recorded = state.log.latest.get(done) if done else None
        docs = [(d, t or d) for d, t in zip(state.documents["doc_id"], state.documents["title"])]
        return page(request, "queue.html", items=items, kinds=sorted(set(state.flags["kind"])),
                    severities=list(SEVERITY_ORDER), docs=docs, kind=kind, severity=severity, doc=doc,
                    filters=urlencode({k: v for k, v in (("kind", kind), ("severity", severity), ("doc", doc)) if v}),
                    recorded=recorded, recorded_conflict=_conflict_text(state.log.conflicts.get(done)),
                    n_stale=len(state.stale), problems=state.log.problems)

    @app.get("/flag/{flag_id}")
    def flag_page(request: Request, flag_id: str, kind: str = "", severity: str = "", doc: str = "") -> Response:
        state = cache.get()
        try:
            flag = state.flag(flag_id)
        except KeyError:
            return page(request, "message.html", 404, title="No such flag", message=f"There is no flag {flag_id}.")
        stored = [flag["text"], flag["other_text"]]
        sides = [_side(state, ev, text) for ev, text in zip(state.sides(flag), stored)]
        return page(request, "flag.html", flag=flag, sides=sides,
                    conflict=_conflict_text(state.log.conflicts.get(flag_id)),
                    filters={"kind": kind, "severity": severity, "doc": doc}, rows=range(1, CORRECTION_ROWS + 1))

    @app.post("/flag/{flag_id}/decide")
    async def decide(request: Request, flag_id: str) -> Response:
        form = await _read_form(request)
        if not _same(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD)):
            return page(request, "message.html", 403, title="Form expired",
                        message="The form's security token does not match this browser session. "
                                "Reload the flag page and decide again.")
        decision = form.get("decision", "")
        if decision not in DECISIONS:
            return page(request, "message.html", 400, title="Unknown decision", message=repr(decision))
        correction = None
        if decision == "correct":
            pairs = [(form[f"field_{i}"].strip(), form.get(f"value_{i}", "").strip())
                     for i in range(1, CORRECTION_ROWS + 1) if form.get(f"field_{i}", "").strip()]
            try:
                correction = typed_correction(pairs)
            except ValueError as exc:
                return page(request, "message.html", 400, title="Correction not saved", message=str(exc))
            if not correction:
                return page(request, "message.html", 400, title="Nothing to correct",
                            message="A correction needs at least one field name and its value.")
        try:
            await run_in_threadpool(_record, cache, flag_id, decision, reviewer, form.get("note", "").strip(),
                                    correction)
        except KeyError:
            return page(request, "message.html", 404, title="No such flag", message=f"There is no flag {flag_id}.")
        query = {k: form[k] for k in FILTERS if form.get(k)} | {"done": flag_id}
        return RedirectResponse("/?" + urlencode(query), status_code=303)

    @app.get("/source/{doc_id}")
    def source_page(request: Request, doc_id: str, flag: str = "") -> Response:
        state = cache.get()
        if doc_id not in set(state.documents["doc_id"]):  # never a path built from the URL
            return page(request, "message.html", 404, title="No such source", message=f"There is no source {doc_id}.")
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


def _record(cache: _StateCache, flag_id: str, decision: str, reviewer: str, note: str,
            correction: dict[str, Any] | None) -> None:
    """Append one decision and reload, so the queue shows it at once."""
    state = cache.get()  # reloaded if the dataset changed: the flag may be gone since the page was shown
    flag = state.flag(flag_id)
    text = state.source_text(flag["doc_id"]) if flag.get("doc_id") else None
    if text is not None and not pd.isna(flag["start"]) and text[int(flag["start"]):int(flag["end"])] != flag["text"]:
        text = None  # the source changed since the run: quote the flag's own text, not what moved there
    record = make_decision(flag=flag, source_text=text, decision=decision, reviewer=reviewer, note=note,
                           correction=correction, doc_sha256=str(state.document(flag["doc_id"]).get("sha256", "")))
    append_decision(state.reviews_path, record)  # the next page's cache.get() sees the file change


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
