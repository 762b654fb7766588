"""A real HTTP server on 127.0.0.1 for network tests, with scripted routes."""

from __future__ import annotations

import gzip
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CATALOGUE = b"""format: 1
topics: [{id: grief, name: Grief and bereavement, aliases: [bereavement]}]
groups:
  - {id: remote-grief, name: Remote Grief Circle, topics: [grief]}
"""


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, format: str, *args: object) -> None:
        return

    def send(self, code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        self.server.requests.append(
            {"method": self.command, "path": self.path, "headers": dict(self.headers)}
        )
        route = self.server.routes.get(self.path.split("?")[0])
        if route is None:
            self.send(404, b"not found")
            return
        route(self)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, tls: bool = False) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[dict[str, object]] = []
        self.routes = dict(default_routes())
        self.scheme = "http"
        if tls:  # a certificate from a private authority no client trusts
            import trustme

            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            trustme.CA().issue_cert("127.0.0.1").configure_cert(context)
            self.socket = context.wrap_socket(self.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def handle_error(self, request: object, client_address: object) -> None:
        return  # refused handshakes are the point of some tests

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}"

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def catalogue(h: Handler) -> None:
    if h.headers.get("If-None-Match") == '"v1"':
        h.send(304, headers={"ETag": '"v1"'})
        return
    h.send(200, CATALOGUE, {"Content-Type": "application/yaml", "ETag": '"v1"'})


def default_routes() -> dict[str, object]:
    def slow(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "100000")
        h.end_headers()
        for _ in range(100):
            h.wfile.write(b"# " + b"x" * 50 + b"\n")
            h.wfile.flush()
            time.sleep(0.05)

    def closes(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "5000")
        h.end_headers()
        h.wfile.write(b"format: 1\n")
        h.wfile.flush()
        h.close_connection = True

    bomb = gzip.compress(b"\n" * (3 * 1024 * 1024))
    return {
        "/cat.yaml": catalogue,
        "/moved": lambda h: h.send(301, headers={"Location": "/cat.yaml"}),
        "/loop": lambda h: h.send(302, headers={"Location": "/loop"}),
        "/html": lambda h: h.send(
            200, b"<!DOCTYPE html><html><body>Oops</body></html>", {"Content-Type": "text/html"}
        ),
        "/error": lambda h: h.send(500, b"boom"),
        "/slow": slow,
        "/closes": closes,
        "/bomb.yaml": lambda h: h.send(200, bomb, {"Content-Encoding": "gzip"}),
        "/ok": lambda h: h.send(200, b"ok"),
        "/head-refused": lambda h: h.send(405 if h.command == "HEAD" else 200, b"fine"),
        "/gone": lambda h: h.send(410, b"gone"),
    }
