"""A local HTTP server for the network fault tests: serves recorded files and misbehaves on cue.

It binds 127.0.0.1 on a free port and nothing else; tests never touch the internet. Each path
answers with a script of steps: the n-th request to a path gets the n-th step, and the last step
repeats (so `script(path, status(500), ok(body))` is "fail once, then succeed"). Unknown paths
answer 404. Every request is logged (path, Host header, request headers, status answered) so a
test can count attempts, see conditional headers and check that robots.txt was read first.

Bounded by construction: no step waits longer than MAX_WAIT seconds, a trickle sends at most
MAX_CHUNKS chunks, every wait wakes as soon as the server stops, and stop() joins the threads.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import RECORDED

MAX_WAIT = 5.0
MAX_CHUNKS = 200
ALLOW_ALL_ROBOTS = b"User-agent: *\nAllow: /\n"


# ---- what a path answers -----------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0  # seconds before the status line: a server that does not answer
    chunk: int = 0  # > 0: send the body in chunks of this size ...
    gap: float = 0.0  # ... with this pause between them (a trickle)
    declared_length: int | None = None  # Content-Length sent; None: the true length, -1: none
    etag: str | None = None  # answer 304 when the request's If-None-Match equals it


def ok(body: bytes, content_type: str = "application/json", etag: str | None = None) -> Step:
    return Step(body=body, content_type=content_type, etag=etag)


def status(code: int, body: bytes = b"", **headers: str) -> Step:
    """An error answer; keyword headers use _ for - (retry_after="5" -> Retry-After: 5)."""
    return Step(status=code, body=body or f"status {code}".encode(), content_type="text/plain",
                headers=tuple((k.replace("_", "-").title(), v) for k, v in headers.items()))


def slow_headers(body: bytes, delay: float) -> Step:
    return Step(body=body, delay=delay)


def trickle(body: bytes, chunk: int, gap: float) -> Step:
    return Step(body=body, chunk=chunk, gap=gap)


def truncated(body: bytes, keep: float = 0.5) -> Step:
    """Announce the full length, send only the first part, then close the connection."""
    return Step(body=body[:int(len(body) * keep)], declared_length=len(body))


def without_length(body: bytes) -> Step:
    """No Content-Length: the body ends when the connection closes (the size is only known late)."""
    return Step(body=body, declared_length=-1)


def redirect(location: str, code: int = 302) -> Step:
    return Step(status=code, body=b"", content_type="text/plain", headers=(("Location", location),))


# ---- recorded files and the ways a site changes them --------------------------------------------
def recorded_bytes(relative: str) -> bytes:
    """A recorded file's bytes, read where it lies (never copied into the project)."""
    path = RECORDED / relative
    if not path.is_file():
        pytest.skip(f"recorded file {path} not found (set LANDSCAPE_FIXTURES)")
    return path.read_bytes()


def renamed_key(raw: bytes, old: str, new: str) -> bytes:
    """A redesign: the same JSON with the key a parser anchors on renamed."""
    payload = json.loads(raw)
    payload[new] = payload.pop(old)
    return json.dumps(payload, indent=2).encode()


def emptied(raw: bytes, key: str) -> bytes:
    """The same JSON with its list under `key` emptied (an empty table)."""
    payload = json.loads(raw)
    payload[key] = []
    return json.dumps(payload, indent=2).encode()


# ---- the server ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Logged:
    path: str
    host: str
    headers: dict[str, str]
    status: int
    at: float = field(default_factory=time.monotonic)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # one request per connection: a closed socket ends a body
    timeout = 10  # a client that connects and says nothing does not pin a thread forever
    server: _Server

    def do_GET(self):  # the name http.server dispatches GET to
        faults = self.server.faults
        path = self.path.split("?", 1)[0]
        step = faults.next_step(path)
        not_modified = step.etag is not None and self.headers.get("If-None-Match") == step.etag
        faults.record(Logged(path, self.headers.get("Host", ""), dict(self.headers),
                             304 if not_modified else step.status))
        if step.delay and faults.wait(step.delay):
            return
        if not_modified:
            self.send_response(304)
            self.send_header("ETag", step.etag)
            self.end_headers()
            return
        self.send_response(step.status)
        self.send_header("Content-Type", step.content_type)
        for name, value in step.headers:
            self.send_header(name, value)
        if step.etag:
            self.send_header("ETag", step.etag)
        length = len(step.body) if step.declared_length is None else step.declared_length
        if length >= 0:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        self._send_body(step, faults)

    def _send_body(self, step: Step, faults: FaultServer) -> None:
        if not step.chunk:
            self.wfile.write(step.body)
            return
        for start in range(0, min(len(step.body), step.chunk * MAX_CHUNKS), step.chunk):
            self.wfile.write(step.body[start:start + step.chunk])
            self.wfile.flush()
            if faults.wait(step.gap):
                return

    def log_message(self, format, *args):  # quiet: the request log is in FaultServer.log
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    faults: FaultServer

    def handle_error(self, request, client_address):
        # A client that gave up (timeout, size cap) closes its socket under us: expected here.
        import sys
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class FaultServer:
    """`with FaultServer() as server:` -> a running server on 127.0.0.1; scripts set per path."""

    def __init__(self, robots: bytes = ALLOW_ALL_ROBOTS):
        self.log: list[Logged] = []
        self._scripts: dict[str, list[Step]] = {}
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.faults = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"fault-server-{self.port}", daemon=True)
        self.script("/robots.txt", ok(robots, "text/plain"))

    # -- life cycle
    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes every waiting handler at once
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=MAX_WAIT)

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- scripting
    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def script(self, path: str, *steps: Step) -> str:
        """Set what `path` answers from now on (and restart its step count); returns its URL."""
        with self._lock:
            self._scripts[path] = list(steps)
            self._served[path] = 0
        return self.url(path)

    def robots(self, text: str) -> None:
        self.script("/robots.txt", ok(text.encode(), "text/plain"))

    # -- what happened
    def requests_to(self, path: str) -> list[Logged]:
        with self._lock:
            return [r for r in self.log if r.path == path]

    def attempts(self, path: str) -> int:
        return len(self.requests_to(path))

    # -- used by the handler
    def next_step(self, path: str) -> Step:
        with self._lock:
            steps = self._scripts.get(path)
            if not steps:
                return status(404)
            served = self._served[path]
            self._served[path] = served + 1
            return steps[min(served, len(steps) - 1)]

    def record(self, entry: Logged) -> None:
        with self._lock:
            self.log.append(entry)

    def wait(self, seconds: float) -> bool:
        """Sleep at most MAX_WAIT seconds; True when the server is stopping (stop answering)."""
        return self._stop.wait(min(seconds, MAX_WAIT))


@pytest.fixture
def fault_server():
    """A running FaultServer for one test, stopped at teardown."""
    with FaultServer() as server:
        yield server
