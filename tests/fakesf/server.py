"""The fake Salesforce: an HTTPS server on 127.0.0.1 with a pluggable route table.

Routes are (method, path regex, endpoint name, handler). Every request is counted per endpoint
name, and faults can be injected for the Nth request of an endpoint (or of all requests): an HTTP
status with a Salesforce error body, a delay, a malformed body, an expired session, or a
connection reset. Modules add routes with `fake.route(...)`; see rest_routes, metadata_routes,
auth_routes and, when present, data_routes (`register(fake)`).
"""

from __future__ import annotations

import json
import re
import socket
import ssl
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fakesf.org import FakeOrg
from fakesf.tls import TlsFiles


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes
    match: re.Match[str] | None = None

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def arg(self, name: str, default: str = "") -> str:
        return self.query.get(name, [default])[0]


@dataclass
class Response:
    status: int = 200
    body: Any = b""
    content_type: str = "application/json;charset=UTF-8"
    headers: dict[str, str] = field(default_factory=dict)

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body).encode("utf-8")


Handler = Callable[["FakeSalesforce", Request], Response]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    endpoint: str
    handler: Handler


@dataclass
class Fault:
    endpoint: str | None  # None: counts every request
    at: int | None  # 1-based request number of that endpoint; None: the next one
    status: int | None = None
    error_code: str | None = None
    body: str | None = None
    delay: float = 0.0
    malformed: bool = False
    expired_session: bool = False
    reset: bool = False
    times: int = 1


def sf_error(status: int, code: str, message: str) -> Response:
    return Response(status, [{"message": message, "errorCode": code}])


class FakeSalesforce:
    """State and dispatch; `serve()` starts the HTTPS server in a background thread."""

    def __init__(self, org: FakeOrg, tls: TlsFiles, *, api_version: str = "63.0") -> None:
        self.org = org
        self.tls = tls
        self.api_version = api_version
        self.routes: list[Route] = []
        self.requests: Counter[str] = Counter()
        self.log: list[tuple[str, str, str]] = []  # (endpoint, method, path) in arrival order
        self.faults: list[Fault] = []
        self.total = 0  # HTTP requests received (round trips)
        self.rounds = 0  # times a request arrived with none in flight: what a client waited for in turn
        self.in_flight = 0
        self.apart: list[str] = []  # requests that should have been in flight together, but were not
        self._meetings: dict[str, threading.Barrier] = {}
        self.tokens: set[str] = set()
        self.state: dict[str, Any] = {}  # route modules keep cursors, async jobs… here
        self.lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # ── route table ──────────────────────────────────────────────────────────────────────
    def route(self, method: str, pattern: str, endpoint: str, handler: Handler) -> None:
        self.routes.append(Route(method.upper(), re.compile(pattern), endpoint, handler))

    def endpoint_of(self, method: str, path: str) -> tuple[Route | None, re.Match[str] | None]:
        for r in self.routes:
            if r.method == method:
                m = r.pattern.fullmatch(path)
                if m:
                    return r, m
        return None, None

    # ── faults ───────────────────────────────────────────────────────────────────────────
    def inject(self, endpoint: str | None = None, at: int | None = None, **kind: Any) -> Fault:
        """Make the `at`-th request to `endpoint` (default: the next one) fail; see Fault."""
        with self.lock:
            if at is None:
                at = (self.requests[endpoint] if endpoint else self.total) + 1
            fault = Fault(endpoint, at, **kind)
            self.faults.append(fault)
            return fault

    def _fault_for(self, endpoint: str, number: int, total: int) -> Fault | None:
        for f in self.faults:
            n = number if f.endpoint is not None else total
            if (f.endpoint in (None, endpoint)) and f.at is not None and f.at <= n < f.at + f.times:
                return f
        return None

    # ── dispatch ─────────────────────────────────────────────────────────────────────────
    def issue_token(self, token: str) -> str:
        self.tokens.add(token)
        return token

    def authorised(self, req: Request) -> bool:
        auth = req.headers.get("authorization", "")
        if auth.startswith("Bearer ") and auth[7:] in self.tokens:
            return True
        session = re.search(rb"<(?:\w+:)?sessionId>([^<]*)</", req.body or b"")
        return bool(session and session.group(1).decode() in self.tokens)

    # ── concurrency ──────────────────────────────────────────────────────────────────────
    def together(self, names: set[str], parties: int, timeout: float = 20.0) -> None:
        """Make the next `parties` requests to any of `names` (endpoints, or `metadata:<operation>`)
        wait until all of them are in flight at once; if they never are, the requests that waited
        in vain are recorded in `apart`. One meeting only: retries and later requests pass freely.
        Proves that a client sends them concurrently, and makes `rounds` count them once."""
        barrier = threading.Barrier(parties, timeout=timeout)
        with self.lock:
            for name in names:
                self._meetings[name] = barrier

    def meet(self, name: str) -> None:
        barrier = self._meetings.get(name)
        if barrier is None:
            return
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            with self.lock:
                self.apart.append(name)
        with self.lock:  # the meeting is over, whether it happened or not
            for key in [k for k, b in self._meetings.items() if b is barrier]:
                del self._meetings[key]

    def dispatch(self, req: Request) -> tuple[Response | None, Fault | None]:
        with self.lock:
            if self.in_flight == 0:
                self.rounds += 1
            self.in_flight += 1
        try:
            return self._dispatch(req)
        finally:
            with self.lock:
                self.in_flight -= 1

    def _dispatch(self, req: Request) -> tuple[Response | None, Fault | None]:
        route, match = self.endpoint_of(req.method, req.path)
        endpoint = route.endpoint if route else "unknown"
        with self.lock:
            self.requests[endpoint] += 1
            self.total += 1
            self.log.append((endpoint, req.method, req.path))
            fault = self._fault_for(endpoint, self.requests[endpoint], self.total)
        self.meet(endpoint)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.reset:
                return None, fault
            if fault.expired_session:
                return self.expired(endpoint), fault
            if fault.status is not None:
                return self.failure(endpoint, fault, self.session_of(req)), fault
        if route is None:
            return sf_error(404, "NOT_FOUND", f"The requested resource does not exist: {req.path}"), None
        req.match = match
        if not endpoint.startswith("oauth") and not self.authorised(req):
            return self.expired(endpoint), None
        try:
            response = route.handler(self, req)
        except Exception as exc:  # a bug in the fake: answer like Salesforce would, and say what broke
            response = sf_error(500, "UNKNOWN_EXCEPTION", f"fake server error: {type(exc).__name__}: {exc}")
        if fault is not None and fault.malformed:
            response = Response(
                response.status,
                response.payload()[: max(1, len(response.payload()) // 2)] + b"\x00{<",
                response.content_type,
            )
        return response, fault

    def expired(self, endpoint: str) -> Response:
        if endpoint.startswith("metadata"):
            return soap_fault(
                "sf:INVALID_SESSION_ID",
                "INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: "
                "Illegal Session. Session not found, missing session hash",
            )
        return sf_error(401, "INVALID_SESSION_ID", "Session expired or invalid")

    @staticmethod
    def session_of(req: Request) -> str:
        """The token a request carried (Bearer header, SOAP sessionId, or an OAuth form's assertion)."""
        auth = req.headers.get("authorization", "")
        if auth.startswith("Bearer "):
            return auth[7:]
        found = re.search(rb"<(?:\w+:)?sessionId>([^<]*)</", req.body or b"")
        if found:
            return found.group(1).decode()
        form = re.search(rb"assertion=([^&]*)", req.body or b"")
        return form.group(1).decode() if form else ""

    def failure(self, endpoint: str, fault: Fault, session: str = "") -> Response:
        status = fault.status or 500
        code = fault.error_code or ("REQUEST_LIMIT_EXCEEDED" if status == 403 else "SERVER_UNAVAILABLE")
        if fault.body is not None:  # "{session}" echoes the caller's token, as a careless server might
            return Response(status, fault.body.replace("{session}", session))
        if endpoint.startswith("metadata"):
            return soap_fault(f"sf:{code}", f"{code}: injected fault", status)
        return sf_error(status, code, f"{code}: injected fault")

    # ── server ───────────────────────────────────────────────────────────────────────────
    def serve(self) -> FakeSalesforce:
        fake = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                req = Request(
                    self.command,
                    parts.path,
                    parse_qs(parts.query, keep_blank_values=True),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                response, _fault = fake.dispatch(req)
                if response is None:  # connection reset: RST instead of an answer
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.connection.close()
                    return
                payload = response.payload()
                self.send_response(response.status)
                self.send_header("Content-Type", response.content_type)
                self.send_header("Content-Length", str(len(payload)))
                for k, v in response.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _handle

        class _Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that gave up (timeout tests) is expected, not noise for the test log

        server = _Server(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(self.tls.cert_file), str(self.tls.key_file))
        server.socket = context.wrap_socket(server.socket, server_side=True)
        self._server = server
        self.url = f"https://127.0.0.1:{server.server_address[1]}"
        self._thread = threading.Thread(target=server.serve_forever, name="fake-salesforce", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # ── conveniences for tests ───────────────────────────────────────────────────────────
    @property
    def ca_file(self) -> str:
        return str(self.tls.ca_file)

    @property
    def snapshot(self) -> dict[str, Any]:
        return self.org.data

    @property
    def round_trips(self) -> int:
        """HTTP requests received (`requests` also counts composite subrequests and SOAP operations)."""
        return self.total

    def reset_counts(self) -> None:
        with self.lock:
            self.requests.clear()
            self.log.clear()
            self.total = 0
            self.rounds = 0
            self.apart.clear()
            self._meetings.clear()


SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"


def soap_fault(code: str, message: str, status: int = 500) -> Response:
    from xml.sax.saxutils import escape

    body = (
        f'<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="{SOAP_ENV}" '
        f'xmlns:sf="urn:fault.partner.soap.sforce.com"><soapenv:Body><soapenv:Fault><faultcode>{code}</faultcode>'
        f"<faultstring>{escape(message)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>"
    )
    return Response(status, body, "text/xml;charset=UTF-8")
