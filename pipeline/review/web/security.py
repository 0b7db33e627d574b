"""What keeps the review web app safe: who may talk to it, and what every response says.

Source texts are untrusted web content and decisions are human work, so:

- every response — pages, redirects, refusals, static files and errors, including the
  500 of an unexpected exception — carries :data:`SECURITY_HEADERS` (a CSP that runs
  only the app's own script files — no inline script, no ``eval``, nothing from another
  origin — no framing, no sniffing, no caching but of the app's own static files). :class:`SecureFastAPI` adds them
  at the outermost layer of the ASGI stack, outside Starlette's own error handler;
- without a token only loopback Host names are served (no DNS rebinding); with one,
  every request must carry it (``?token=`` once, traded for a cookie, or a header);
- state changes are POST-only, refused when the Origin/Referer is another site, and
  must carry a CSRF token matching a random SameSite=Strict cookie (checked by the
  route: :func:`csrf_ok`).
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.types import Message, Receive, Scope, Send

TOKEN_COOKIE = "review_token"
TOKEN_HEADER = "x-review-token"
CSRF_COOKIE = "review_csrf"
CSRF_FIELD = "csrf"
#: A token shorter than this is refused: it may guard a server reachable from the network.
MIN_TOKEN_CHARS = 16
SECURITY_HEADERS = {
    # 'self' without 'unsafe-inline' or 'unsafe-eval': a script tag smuggled in by a
    # source text would not run even if it escaped the escaping.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; connect-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Not "no-referrer": with it browsers send "Origin: null" on POST, defeating the origin check.
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
#: The app's own style sheet and script: no source text, named by a hash of their
#: content (``?v=``), so the browser keeps them and a page shows without fetching them.
STATIC_PREFIX = "/static/"
STATIC_CACHE = "private, max-age=31536000, immutable"


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


def same(a: str | None, b: str | None) -> bool:
    """Constant-time equality of two non-empty secrets."""
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


def csrf_ok(request: Request, form: dict[str, str]) -> bool:
    """Whether a POSTed form carries this browser's CSRF token."""
    return same(request.cookies.get(CSRF_COOKIE), form.get(CSRF_FIELD))


def _hostname(netloc: str) -> str:
    return urlsplit("//" + netloc).hostname or ""


def _token_redirect(request: Request, token: str) -> Response:
    """Trade ``?token=`` for a cookie and drop it from the address bar and history."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
    response = RedirectResponse(request.url.path + ("?" + urlencode(query) if query else ""), status_code=303)
    # Lax, not Strict: the first visit arrives from outside (a terminal, a chat) and must
    # keep the cookie across this redirect. POSTs are guarded by the Strict CSRF cookie.
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="lax", path="/")
    return response


def install_guard(app: FastAPI, token: str | None) -> None:
    """Check Host, token and Origin on every request, and give each browser a CSRF cookie.

    The token (or a loopback Host) is checked before anything else runs, so a stranger
    never reaches a route; ``request.state.csrf`` holds the token forms must echo.
    """

    def denied(status: int, message: str) -> Response:
        return PlainTextResponse(message, status_code=status)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if token is None and not is_loopback(_hostname(request.headers.get("host", ""))):
            return denied(400, "unexpected Host: this server answers to loopback names only")
        if token is not None:
            given = request.query_params.get("token")
            if given is not None and request.method in ("GET", "HEAD"):
                return _token_redirect(request, token) if same(given, token) else denied(401, "wrong token")
            if not (same(request.headers.get(TOKEN_HEADER), token) or same(request.cookies.get(TOKEN_COOKIE), token)):
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


def with_security_headers(send: Send, static: bool = False) -> Send:
    """``send`` that stamps :data:`SECURITY_HEADERS` on the start of every HTTP response
    (a successful static file may be kept by the browser: :data:`STATIC_CACHE`)."""

    async def stamped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in SECURITY_HEADERS.items():
                headers[name] = value
            if static and message.get("status") == 200:
                headers["Cache-Control"] = STATIC_CACHE
        await send(message)

    return stamped


class SecureFastAPI(FastAPI):
    """A FastAPI app whose every HTTP response carries the security headers.

    Starlette's error handler (the 500 page of an unexpected exception) sits outside
    every middleware an app can add, so the headers are added here, around the whole
    stack, where no response can bypass them.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            send = with_security_headers(send, str(scope.get("path", "")).startswith(STATIC_PREFIX))
        await super().__call__(scope, receive, send)
