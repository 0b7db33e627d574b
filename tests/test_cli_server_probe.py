"""`pipeline run` finds a running `pipeline server` even when it answers slowly."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

from pipeline.cli import _server_is_up


class _SlowHealth(BaseHTTPRequestHandler):
    delay = 0.8

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        time.sleep(self.delay)
        self.send_response(200 if self.path == "/api/health" else 404)
        self.end_headers()
        self.wfile.write(b"true")

    def log_message(self, *args) -> None:
        pass


def test_a_slow_server_is_found():
    server = HTTPServer(("127.0.0.1", 0), _SlowHealth)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert _server_is_up(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()


def test_nothing_listening_is_no_server():
    probe = HTTPServer(("127.0.0.1", 0), _SlowHealth)
    port = probe.server_port
    probe.server_close()  # the port is free again: nothing listens there
    assert not _server_is_up(f"http://127.0.0.1:{port}")
