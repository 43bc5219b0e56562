"""End to end: `sfspec build` on the seed landscape, then the real `meltano run` of the generated
project (tap-salesforce 2.8.1 → target-jsonl, plugin venvs from tests/validators/meltano) against
the fake Salesforce on 127.0.0.1, checking the records, the state and the logs.

tap-salesforce logs in at the fixed https://login.salesforce.com, so the run goes through an
HTTPS_PROXY on 127.0.0.1 that answers CONNECT for that host only, with a certificate from a
throwaway CA, and relays the token request to the fake; the data calls then go straight to the
instance URL the fake returns (NO_PROXY). Nothing leaves loopback.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fakesf import FakeSalesforce
from ruamel.yaml import YAML

from sfspec.resources import specs_dir

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
MELTANO_HOME = ROOT / "tests" / "validators" / "meltano"
MELTANO = MELTANO_HOME / ".venv" / "bin" / "meltano"
PLUGINS = MELTANO_HOME / ".project" / ".meltano"
JOB = "tap-salesforce--nightly-warehouse-export"
CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN = "3MVG9-test-client", "s3cr3t-client-value", "5Aep-refresh-value"
LOGIN_HOSTS = ("login.salesforce.com", "test.salesforce.com")

RECORDS: dict[str, list[dict[str, Any]]] = {
    "Account": [
        {
            "Id": "001000000000001AAA",
            "Name": "Acme GmbH",
            "Phone": "+49 30 1234",
            "BillingCity": "Berlin",
            "ERP_Id__c": "C-1001",
            "Credit_Limit__c": 15000.5,
            "Payment_Terms__c": "NET30",
            "AnnualRevenue": 9e6,
            "SystemModstamp": "2024-05-01T08:00:00.000+0000",
        },
        {
            "Id": "001000000000002AAA",
            "Name": "Globex",
            "Phone": None,
            "BillingCity": "Oslo",
            "ERP_Id__c": None,
            "Credit_Limit__c": None,
            "Payment_Terms__c": None,
            "AnnualRevenue": 1.0,
            "SystemModstamp": "2024-05-02T10:00:00.000+0000",
        },
        # before the test environment's start_date: an incremental run must not read it
        {
            "Id": "001000000000003AAA",
            "Name": "Old Corp",
            "Phone": None,
            "BillingCity": None,
            "ERP_Id__c": None,
            "Credit_Limit__c": None,
            "Payment_Terms__c": None,
            "AnnualRevenue": None,
            "SystemModstamp": "2023-06-01T00:00:00.000+0000",
        },
    ],
    "Contact": [
        {
            "Id": "003000000000001AAA",
            "FirstName": "Ada",
            "LastName": "Lovelace",
            "Email": "ada@example.com",
            "Marketing_Id__c": "m-1",
            "Marketing_Consent__c": True,
            "Consent_Updated_At__c": "2024-04-30T12:00:00.000+0000",
            "Title": "Countess",
            "SystemModstamp": "2024-05-03T09:30:00.000+0000",
        },
    ],
    "Invoice__c": [
        {
            "Id": "a00000000000001AAA",
            "Invoice_Number__c": "INV-1",
            "Account__c": "001000000000001AAA",
            "Amount__c": 99.9,
            "Due_Date__c": "2024-06-30",
            "Status__c": "Open",
            "SystemModstamp": "2024-05-04T00:00:00.000+0000",
        },
    ],
    "Opportunity": [],
}


def missing(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{why} (CI must install it: bash tests/validators/install.sh)")
    pytest.skip(why)


# ── a login.salesforce.com that is really the fake ─────────────────────────────────────────────
def _login_certificate(folder: Path) -> tuple[Path, Path, Path]:
    now = dt.datetime.now(dt.timezone.utc)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sfspec e2e login CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, LOGIN_HOSTS[0])]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in LOGIN_HOSTS]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = folder / "login-ca.pem", folder / "login.pem", folder / "login-key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return paths


class _Relay(BaseHTTPRequestHandler):
    """One TLS connection from the client: each request is replayed to the fake over HTTPS."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def _relay(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        upstream = http.client.HTTPSConnection("127.0.0.1", self.server.port, context=self.server.context, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        upstream.request(self.command, self.path, body, headers)
        answer = upstream.getresponse()
        data = answer.read()
        upstream.close()
        self.send_response(answer.status)
        for k, v in answer.getheaders():
            if k.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _relay


class LoginProxy:
    """An HTTPS_PROXY that tunnels only LOGIN_HOSTS, terminating TLS and relaying to the fake."""

    def __init__(self, fake: FakeSalesforce, folder: Path) -> None:
        self.ca_file, cert, key = _login_certificate(folder)
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.tls.load_cert_chain(str(cert), str(key))
        self.upstream = SimpleNamespace(
            port=int(fake.url.rsplit(":", 1)[1]), context=ssl.create_default_context(cafile=fake.ca_file)
        )
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.tunnels: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(conn,), daemon=True).start()

    def _tunnel(self, conn: socket.socket) -> None:
        with conn:
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                head += chunk
            method, target, *_ = head.split(b"\r\n", 1)[0].decode("latin-1").split()
            host = target.rsplit(":", 1)[0]
            self.tunnels.append(f"{method} {target}")
            if method != "CONNECT" or host not in LOGIN_HOSTS:
                conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                return
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            with self.tls.wrap_socket(conn, server_side=True) as tls:
                _Relay(tls, ("127.0.0.1", 0), self.upstream)  # type: ignore[arg-type]

    def close(self) -> None:
        self.sock.close()


# ── the run ──────────────────────────────────────────────────────────────────────────────────
def _org_after_apply(spec_dir: Path) -> dict[str, Any]:
    """The dev org as it is once the spec is deployed: every spec field exists, plus SystemModstamp."""
    from sfspec.api import check_spec

    snapshot = json.loads((spec_dir / "orgs" / "dev.json").read_text())
    checked, diags = check_spec(spec_dir)
    assert checked is not None, diags.items
    for name, obj in checked.spec.objects.items():
        fields = snapshot["objects"].setdefault(name, {"attributes": {"label": name}, "fields": {}})["fields"]
        for field_name, field in obj.fields.items():
            fields.setdefault(field_name, {"type": str(getattr(field.type, "value", field.type)), "label": field_name})
        fields["SystemModstamp"] = {"type": "DateTime", "label": "System Modstamp"}
    return snapshot


def _records(project: Path) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((project / "output").glob("*.jsonl")):
        stream = path.name.split("-")[0]
        out.setdefault(stream, []).extend(json.loads(line) for line in path.read_text().splitlines() if line)
    return out


@dataclass
class Run:
    project: Path
    config: dict[str, Any]
    fake: FakeSalesforce
    proxy: LoginProxy
    env: dict[str, str]

    def meltano(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(MELTANO), *args], cwd=self.project, env=self.env, capture_output=True, text=True, timeout=600
        )

    def logs(self, done: subprocess.CompletedProcess[str]) -> str:
        files = sorted((self.project / ".meltano" / "logs").rglob("*.log"))
        return done.stdout + done.stderr + "".join(p.read_text(errors="replace") for p in files)


@pytest.fixture
def run(tmp_path: Path, fake_salesforce_factory: Callable[..., FakeSalesforce]) -> Iterator[Run]:
    """The landscape built with `sfspec build`, its Meltano project wired to the fake."""
    if (
        not MELTANO.exists()
        or not (PLUGINS / "extractors" / "tap-salesforce" / "venv" / "bin" / "tap-salesforce").exists()
    ):
        missing("Meltano and its plugins are not installed (tests/validators/meltano/install-extra.sh)")
    spec_dir = tmp_path / "spec"
    shutil.copytree(specs_dir() / "landscape", spec_dir)
    built = subprocess.run(
        [sys.executable, "-m", "sfspec", "build", str(spec_dir), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    project = tmp_path / "out" / "middleware" / "meltano"
    config = YAML(typ="safe").load((project / "meltano.yml").read_text())
    pins = {
        p["name"]: p["pip_url"] for kind in ("extractors", "loaders") for p in config["plugins"][kind] if "pip_url" in p
    }
    assert pins["tap-salesforce"] == "tap-salesforce==2.8.1" and pins["target-jsonl"] == "target-jsonl==0.1.4"
    # the venvs `meltano install` built for exactly these pins (install-extra.sh)
    for kind, name in (("extractors", "tap-salesforce"), ("loaders", "target-jsonl")):
        (project / ".meltano" / kind / name).mkdir(parents=True)
        (project / ".meltano" / kind / name / "venv").symlink_to(PLUGINS / kind / name / "venv")
    fake = fake_salesforce_factory(
        _org_after_apply(spec_dir), data=RECORDS, refresh_token_grant=(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN)
    )
    proxy = LoginProxy(fake, tmp_path)
    bundle = tmp_path / "ca-bundle.pem"
    bundle.write_text(Path(fake.ca_file).read_text() + proxy.ca_file.read_text())
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower() and not k.startswith(("MELTANO_", "TAP_"))}
    env.update(
        HTTPS_PROXY=proxy.url,
        https_proxy=proxy.url,
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        REQUESTS_CA_BUNDLE=str(bundle),
        SF_CLIENT_ID=CLIENT_ID,
        SF_CLIENT_SECRET=CLIENT_SECRET,
        SF_REFRESH_TOKEN=REFRESH_TOKEN,
        NO_COLOR="1",
        MELTANO_SEND_ANONYMOUS_USAGE_STATS="false",
        MELTANO_CLI_DISABLE_VERSION_CHECK="true",
        HOME=str(tmp_path),
    )
    yield Run(project, config, fake, proxy, env)
    proxy.close()


def test_meltano_run_loads_the_selected_records(run: Run) -> None:
    done = run.meltano("--environment=test", "run", JOB, "target-jsonl")
    state = run.meltano("--environment=test", "state", "get", f"test:{JOB}-to-target-jsonl")
    logs = run.logs(done)
    assert done.returncode == 0, logs[-4000:]
    project, fake, proxy = run.project, run.fake, run.proxy

    # the records that arrived: the selected fields only, nothing older than start_date
    records = _records(project)
    assert sorted(r["Id"] for r in records["Account"]) == ["001000000000001AAA", "001000000000002AAA"]
    acme = next(r for r in records["Account"] if r["Id"] == "001000000000001AAA")
    assert acme == {
        "Id": "001000000000001AAA",
        "Name": "Acme GmbH",
        "Phone": "+49 30 1234",
        "BillingCity": "Berlin",
        "ERP_Id__c": "C-1001",
        "Credit_Limit__c": 15000.5,
        "Payment_Terms__c": "NET30",
        "SystemModstamp": "2024-05-01T08:00:00.000000Z",
    }
    assert [r["Email"] for r in records["Contact"]] == ["ada@example.com"]
    assert "Title" not in records["Contact"][0]
    assert [(r["Invoice_Number__c"], r["Amount__c"]) for r in records["Invoice__c"]] == [("INV-1", 99.9)]
    assert records.get("Opportunity", []) == []

    # the tap asked Salesforce for exactly the spec's objects and fields
    selected = {
        q.split(" FROM ")[1].split()[0]: set(q[len("SELECT ") : q.index(" FROM ")].split(","))
        for q in fake.state["queries"]
    }
    expected = {}
    for item in run.config["plugins"]["extractors"][1]["select"]:
        obj, field = item.split(".")
        expected.setdefault(obj, set()).add(field)
    assert selected == expected
    assert all(" WHERE SystemModstamp >= " in q for q in fake.state["queries"])
    # one login for discovery, one for the sync, both at the sandbox login (`test` is a sandbox
    # environment: is_sandbox); nothing else went through the proxy
    assert proxy.tunnels == ["CONNECT test.salesforce.com:443"] * 2
    assert fake.requests["oauth_token"] == 2

    # incremental state for the next run
    assert state.returncode == 0, state.stderr[-2000:]
    bookmarks = json.loads(state.stdout.strip().splitlines()[-1])["singer_state"]["bookmarks"]
    assert bookmarks["Account"]["SystemModstamp"].startswith("2024-05-02T10:00:00")

    # no secret or token in anything the run printed or logged
    for secret in (CLIENT_SECRET, REFRESH_TOKEN, *fake.tokens):
        assert secret not in logs


def test_without_the_logging_config_the_tap_would_print_its_secrets(run: Run) -> None:
    """The control for the assertion above: tap-salesforce 2.8.1 really logs its token request."""
    (run.project / "logging.yaml").unlink()
    logs = run.logs(run.meltano("--environment=test", "run", JOB, "target-jsonl"))
    assert CLIENT_SECRET in logs and REFRESH_TOKEN in logs


def test_the_production_environment_syncs_through_the_bulk_api(run: Run) -> None:
    """prod (the default environment) uses api_type BULK and the full history from start_date."""
    done = run.meltano("run", JOB, "target-jsonl")
    logs = run.logs(done)
    assert done.returncode == 0, logs[-4000:]
    records = _records(run.project)
    assert sorted(r["Id"] for r in records["Account"]) == [
        "001000000000001AAA",
        "001000000000002AAA",
        "001000000000003AAA",
    ]
    acme = next(r for r in records["Account"] if r["Id"] == "001000000000001AAA")
    assert acme["Credit_Limit__c"] == 15000.5 and acme["Payment_Terms__c"] == "NET30"
    assert records["Contact"][0]["Marketing_Consent__c"] is True
    assert run.fake.requests["bulk_create_job"] == 4  # Account, Contact, Opportunity, Invoice__c
    assert run.fake.requests["query_all"] == 0
    assert set(run.proxy.tunnels) == {"CONNECT login.salesforce.com:443"}  # a production login
    for secret in (CLIENT_SECRET, REFRESH_TOKEN, *run.fake.tokens):
        assert secret not in logs


def test_the_next_run_starts_from_the_watermark(run: Run) -> None:
    """The state a run saves is the next run's starting point: it asks only for what changed since."""
    first = run.meltano("--environment=test", "run", JOB, "target-jsonl")
    assert first.returncode == 0, run.logs(first)[-4000:]
    seen = len(run.fake.state["queries"])
    assert all("SystemModstamp >= 2024-01-01" in q for q in run.fake.state["queries"])  # start_date
    second = run.meltano("--environment=test", "run", JOB, "target-jsonl")
    assert second.returncode == 0, run.logs(second)[-4000:]
    again = {q.split(" FROM ")[1].split()[0]: q for q in run.fake.state["queries"][seen:]}
    assert "SystemModstamp >= 2024-05-02T10:00:00" in again["Account"]  # the bookmark of run one
    assert "SystemModstamp >= 2024-01-01" not in again["Account"]


def test_a_run_does_not_start_while_the_same_job_is_running(run: Run) -> None:
    """Meltano's running-job check (system database): the second run of a job is refused while
    the first is still reading from Salesforce; the first then finishes normally."""
    run.fake.inject("query_all", at=1, delay=15.0)  # the first run's first query takes 15 s
    first = subprocess.Popen(
        [str(MELTANO), "--environment=test", "run", JOB, "target-jsonl"],
        cwd=run.project,
        env=run.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 240
        while run.fake.requests["query_all"] < 1 and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert run.fake.requests["query_all"] >= 1, "the first run never reached its first query"
        second = run.meltano("--environment=test", "run", JOB, "target-jsonl")
        assert second.returncode != 0
        assert "is already running" in second.stdout + second.stderr
        out, _ = first.communicate(timeout=600)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, out[-4000:]
