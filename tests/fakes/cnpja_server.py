"""A fake CNPJá over real HTTP, for tests and benchmarks.

One ``ThreadingHTTPServer`` on a loopback port serves both APIs:
``{server.paid_url}/office/{taxId}`` (paid, key in ``Authorization``) and
``{server.free_url}/office/{taxId}`` (free, no key), with the fixture bodies of
``fixtures/cnpja/`` (copies of the CNPJá ``OfficeDto`` samples). The real client code runs end
to end: httpx, timeouts, headers, status handling.

Programmable per test::

    fake.paid["key-1"] = "401"                 # per key: ok | 401 | 429_credits | 429_rate |
    fake.paid["key-2"] = ["500", "ok"]         #   500 | 503 | timeout | hang | bad_json | 404
    fake.free = "hang"                         # one behaviour for the free API
    fake.delay = 0.1                           # every answer waits this long (bench)
    fake.count("paid", key="key-1"), fake.count("free")

A list is consumed one item per call (the last item repeats). "timeout" sleeps
``timeout_sleep`` seconds then answers; "hang" holds the connection until the test ends.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cnpja"
VALID_KEYS = ("chave-primaria-aaaa1111", "chave-secundaria-bbbb2222")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_offices() -> dict[str, dict]:
    return {p.stem.removeprefix("office_"): json.loads(p.read_text()) for p in FIXTURES.glob("office_*.json")}


ERRORS = json.loads((FIXTURES / "errors.json").read_text())


@dataclass(frozen=True)
class Call:
    api: str  # "paid" | "free"
    tax_id: str
    authorization: str | None
    at: float


class FakeCNPJa:
    def __init__(self, port: int | None = None, *, auth_type: str = "") -> None:
        self.port = port or free_port()
        self.offices = load_offices()
        self.auth_type = auth_type
        self.valid_keys = set(VALID_KEYS)
        self.calls: list[Call] = []
        self.paid: dict[str, str | list[str]] = {}
        self.free: str | list[str] = "ok"
        self.delay = 0.0
        self.timeout_sleep = 3.0
        self.retry_after = 7
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- URLs and inspection ---

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def paid_url(self) -> str:
        return f"{self.base}/paid"

    @property
    def free_url(self) -> str:
        return f"{self.base}/free"

    def count(self, api: str | None = None, *, key: str | None = None) -> int:
        with self._lock:
            return sum(
                1
                for c in self.calls
                if (api is None or c.api == api) and (key is None or c.authorization == self._header_for(key))
            )

    def keys_called(self) -> list[str | None]:
        with self._lock:
            return [c.authorization for c in self.calls if c.api == "paid"]

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
        self.paid = {}
        self.free = "ok"
        self.delay = 0.0

    def _header_for(self, key: str) -> str:
        return f"{self.auth_type} {key}" if self.auth_type else key

    def _next(self, spec: str | list[str]) -> str:
        if isinstance(spec, list):
            with self._lock:
                return spec.pop(0) if len(spec) > 1 else spec[0]
        return spec

    # --- the decision for one request ---

    def decide(self, api: str, tax_id: str, authorization: str | None) -> tuple[str, str | None]:
        """(behaviour, key) for a request; records the call."""
        with self._lock:
            self.calls.append(Call(api, tax_id, authorization, time.time()))
        if api == "free":
            return self._next(self.free), None
        key = None
        for k in self.valid_keys:
            if authorization == self._header_for(k):
                key = k
        if key is None:
            return "401", None
        return self._next(self.paid.get(key, "ok")), key

    # --- lifecycle ---

    def start(self) -> FakeCNPJa:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                return

            def _send(
                self, status: int, body: object, headers: dict[str, str] | None = None, raw: bytes | None = None
            ) -> None:
                data = raw if raw is not None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                parts = self.path.split("?")[0].strip("/").split("/")
                if len(parts) != 3 or parts[0] not in ("paid", "free") or parts[1] != "office":
                    self._send(404, {"code": 404, "message": "not found"})
                    return
                api, tax_id = parts[0], parts[2]
                behaviour, _ = fake.decide(api, tax_id, self.headers.get("Authorization"))
                if fake.delay:
                    fake._stop.wait(fake.delay)
                if behaviour == "hang":
                    fake._stop.wait(3600)
                    return
                if behaviour == "timeout":
                    fake._stop.wait(fake.timeout_sleep)
                    behaviour = "ok"
                if behaviour == "ok" or behaviour == "404":
                    office = fake.offices.get(tax_id)
                    if office is None or behaviour == "404":
                        self._send(404, ERRORS["404"])
                    else:
                        self._send(200, office)
                elif behaviour == "401":
                    self._send(401, ERRORS["401"])
                elif behaviour == "429_credits":
                    self._send(429, ERRORS["429_credits"])
                elif behaviour == "429_rate":
                    self._send(429, ERRORS["429_rate"], {"Retry-After": str(fake.retry_after)})
                elif behaviour == "bad_json":
                    self._send(200, None, raw=b"<html>oops</html>")
                elif behaviour.isdigit():
                    self._send(int(behaviour), ERRORS.get(behaviour, {"code": int(behaviour), "message": "error"}))
                else:  # pragma: no cover - a typo in a test
                    self._send(500, {"message": f"unknown behaviour {behaviour}"})

        self._stop.clear()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-cnpja", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeCNPJa:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@contextmanager
def running(port: int | None = None, **kwargs) -> Iterator[FakeCNPJa]:
    fake = FakeCNPJa(port, **kwargs).start()
    try:
        yield fake
    finally:
        fake.stop()
