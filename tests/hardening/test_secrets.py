"""Canary secrets must never reach out/, a saved plan, a snapshot, any renderer's output, logs at
any verbosity, error messages or exception chains.

Canaries: the values of the `env:` variables the landscape references, SF_ACCESS_TOKEN & co. in
the environment, and the access token a fake `sf` CLI (first on PATH) hands out for the
landscape's `sf:acme-prod` alias, which points at the fake Salesforce over real HTTPS.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sfspec.orgref import OrgRef
from sfspec.resources import specs_dir

CANARIES = {
    "ERP_CLIENT_ID": "canary-erp-client-id-4417",
    "SNOWFLAKE_USER": "canary-snowflake-user-9931",
    "SF_ACCESS_TOKEN": "00DCANARY!env-access-token-2208",
    "SF_CLIENT_SECRET": "canary-client-secret-5120",
    "SF_PASSWORD": "canary-password-7734",
}
CLI_TOKEN = "00DCANARY!sf-cli-access-token-6650"
ALL = [*CANARIES.values(), CLI_TOKEN]


def fake_sf_cli(bin_dir: Path, instance_url: str) -> None:
    """A stand-in for the Salesforce CLI: `sf org display --target-org acme-prod --json`."""
    import json

    payload = {
        "status": 0,
        "result": {
            "accessToken": CLI_TOKEN,
            "instanceUrl": instance_url,
            "username": "integration@acme.example",
            "alias": "acme-prod",
        },
    }
    script = bin_dir / "sf"
    script.write_text(f"#!{sys.executable}\nprint({json.dumps(json.dumps(payload))})\n", encoding="utf-8")
    script.chmod(0o755)


def leaks(text: str) -> list[str]:
    return [c for c in ALL if c in text]


def files_leaking(root: Path) -> dict[str, list[str]]:
    found = {}
    for path in root.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            if leaks(text):
                found[str(path.relative_to(root))] = leaks(text)
    return found


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    work = tmp_path / "work"
    shutil.copytree(specs_dir() / "landscape", work / "spec")
    (tmp_path / "bin").mkdir()  # beside the workspace: the fake sf script holds its token
    return work


def env_for(work: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SF_")}
    env.update(CANARIES)
    env.update(
        {
            "PATH": f"{work.parent / 'bin'}{os.pathsep}{env.get('PATH', '')}",
            "NO_COLOR": "1",
            "TMPDIR": str(work / "tmp"),
            "COLUMNS": "200",
        }
    )
    env.update(extra)
    (work / "tmp").mkdir(exist_ok=True)
    return env


def run(work: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sfspec", *args], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )


MOCK_RUNS = [
    ["-vv", "validate", "spec"],
    ["-v", "build", "spec", "-e", "dev", "--out", "built"],
    ["-vv", "plan", "spec", "-e", "dev", "--out", "dev.plan.json"],
    ["plan", "spec", "-e", "dev", "--format", "markdown"],
    ["plan", "spec", "-e", "dev", "--format", "json"],
    ["-vv", "apply", "dev.plan.json"],
    ["-vv", "apply", "spec", "-e", "dev", "--auto-approve"],
    ["-v", "drift", "spec", "-e", "dev", "--format", "github"],
    ["drift", "spec", "-e", "dev", "--format", "markdown"],
    ["graph", "spec"],
    ["docs", "spec", "-o", "dictionary.md"],
    ["-vv", "limits", "spec", "-e", "dev"],
    ["org", "snapshot", "--org", "mock:spec/orgs/dev.json", "-o", "snap.json"],
    ["-vv", "plan", "spec", "-e", "dev", "--org", "mock:missing.json"],  # an error path
]


def test_no_canary_anywhere_on_the_mock_path(workspace: Path) -> None:
    env = env_for(workspace)
    codes = []
    for args in MOCK_RUNS:
        proc = run(workspace, env, *args)
        codes.append(proc.returncode)
        assert proc.returncode != 3 and "Traceback" not in proc.stderr, (args, proc.stderr[-2000:])
        assert not leaks(proc.stdout + proc.stderr), (args, leaks(proc.stdout + proc.stderr))
    assert codes.count(0) >= len(MOCK_RUNS) - 3, codes  # the runs really ran (drift may exit 2)
    assert codes[-1] == 1
    assert (workspace / "out").is_dir() and (workspace / "dev.plan.json").is_file()
    assert files_leaking(workspace) == {}


@pytest.fixture
def live(fake_salesforce: Any, workspace: Path) -> Iterator[tuple[Any, dict[str, str]]]:
    fake_salesforce.issue_token(CLI_TOKEN)
    fake_salesforce.issue_token(CANARIES["SF_ACCESS_TOKEN"])
    fake_sf_cli(workspace.parent / "bin", fake_salesforce.url)
    yield fake_salesforce, env_for(workspace, REQUESTS_CA_BUNDLE=fake_salesforce.ca_file)


LIVE_RUNS = [
    ["-vv", "plan", "spec", "-e", "prod", "--out", "prod.plan.json"],
    ["-vv", "plan", "spec", "-e", "prod", "--format", "markdown"],
    ["plan", "spec", "-e", "prod", "--format", "json"],
    ["-vv", "apply", "prod.plan.json"],
    ["-vv", "drift", "spec", "-e", "prod", "--format", "json"],
    ["-vv", "limits", "spec", "-e", "prod"],
    ["-vv", "org", "snapshot", "--org", "sf:acme-prod", "-o", "prod.json"],
    ["-vv", "plan", "spec", "--org", "env"],
]


def test_no_canary_anywhere_on_the_live_path(live: tuple[Any, dict[str, str]], workspace: Path) -> None:
    fake, env = live
    env = {**env, "SF_INSTANCE_URL": fake.url}
    codes = []
    for args in LIVE_RUNS:
        proc = run(workspace, env, *args)
        codes.append(proc.returncode)
        assert proc.returncode != 3 and "Traceback" not in proc.stderr, (args, proc.stderr[-2000:])
        assert not leaks(proc.stdout + proc.stderr), (args, leaks(proc.stdout + proc.stderr))
    assert codes.count(0) >= len(LIVE_RUNS) - 2, codes
    assert fake.total > 10  # the live org was really read (and deployed to)
    assert files_leaking(workspace) == {}


@pytest.mark.parametrize(
    "fault",
    [
        {"expired_session": True, "times": 50},
        {"status": 500, "error_code": "UNKNOWN_EXCEPTION", "times": 50},
        {"status": 401, "error_code": "INVALID_SESSION_ID", "times": 50},
        {"malformed": True, "times": 50},
    ],
    ids=["expired", "500", "401", "malformed"],
)
def test_no_canary_in_live_error_messages(live: tuple[Any, dict[str, str]], workspace: Path, fault: dict) -> None:
    fake, env = live
    fake.inject(None, at=1, **fault)
    proc = run(workspace, env, "-vv", "plan", "spec", "-e", "prod")
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert not leaks(proc.stdout + proc.stderr), leaks(proc.stdout + proc.stderr)


def test_no_canary_in_exception_chains(fake_salesforce: Any, workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The OrgError a failed live read raises, its causes and contexts, and their tracebacks."""
    from fakesf.live import FAST

    from sfspec.errors import SfspecError
    from sfspec.org.live import open_live
    from sfspec.state import ComponentKey

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake_salesforce.ca_file)
    fake_salesforce.issue_token(CANARIES["SF_ACCESS_TOKEN"])
    seen = 0
    for fault in ({"expired_session": True, "times": 50}, {"status": 503, "times": 50}, {"reset": True, "times": 50}):
        fake_salesforce.faults.clear()
        fake_salesforce.inject(None, **fault)
        with pytest.raises(SfspecError) as info:
            reader = open_live(
                OrgRef.parse("env"),
                env={"SF_INSTANCE_URL": fake_salesforce.url, "SF_ACCESS_TOKEN": CANARIES["SF_ACCESS_TOKEN"]},
                policy=FAST,
            )
            reader.read([ComponentKey("ApexClass", "AccountRegionHelper")])
        exc: BaseException | None = info.value
        chain = []
        while exc is not None and len(chain) < 20:
            chain.append(exc)
            exc = exc.__cause__ or exc.__context__
        text = "".join(traceback.format_exception(info.value))
        text += "".join(f"{e!r} {e.args!r} {vars(e) if hasattr(e, '__dict__') else ''}" for e in chain)
        assert not leaks(text), (fault, leaks(text))
        seen += len(chain)
    assert seen >= 3


# ── the fault corpus at -vv: a server that echoes the caller's token, at every request ────────────
ECHOES = (
    '[{"errorCode": "MALFORMED_QUERY", "message": "unexpected token near session={session}"}]',
    '[{"errorCode": "INVALID_SESSION_ID", "message": "session {session} is not valid here"}]',
    "upstream proxy refused session {session}",
)


def jwt_login(fake: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--org env` through a JWT bearer exchange: the fake issues a fresh token sfspec must mask."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    (tmp_path / "jwt.key").write_bytes(pem)
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    fake.state.update(jwt_public_key=public, client_id="3MVG9-canary", username="ci@acme.example")
    monkeypatch.delenv("SF_ACCESS_TOKEN", raising=False)
    for name, value in {
        "SF_CLIENT_ID": "3MVG9-canary",
        "SF_USERNAME": "ci@acme.example",
        "SF_JWT_KEY_FILE": str(tmp_path / "jwt.key"),
        "SF_LOGIN_URL": fake.url,
    }.items():
        monkeypatch.setenv(name, value)


LOGINS = {
    "sf-cli": ["-e", "prod"],  # sf:acme-prod through the fake `sf` on PATH
    "env-token": ["-e", "prod", "--org", "env"],
    "jwt": ["-e", "prod", "--org", "env"],
}


@pytest.mark.slow
@pytest.mark.parametrize("login", sorted(LOGINS))
def test_no_token_at_vv_when_a_live_plan_or_apply_fails_anywhere(
    login: str,
    fake_salesforce_factory: Any,
    workspace: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each request of a clean `-vv plan` and `-vv apply` answers once with an error body that echoes
    the token the request carried: whatever the login, no token reaches stdout or stderr."""
    from .conftest import run_cli

    monkeypatch.chdir(workspace)
    for name, value in env_for(workspace).items():
        monkeypatch.setenv(name, value)
    runs = {"plan": 0, "apply": 0}
    leaked: list[str] = []
    for command in runs:
        args = ["-vv", command, "spec", *LOGINS[login]] + (["--auto-approve"] if command == "apply" else [])
        fake = fake_salesforce_factory()
        for token in (CLI_TOKEN, CANARIES["SF_ACCESS_TOKEN"]):
            fake.issue_token(token)
        fake_sf_cli(workspace.parent / "bin", fake.url)
        monkeypatch.setenv("SF_INSTANCE_URL", fake.url)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake.ca_file)
        if login == "jwt":
            jwt_login(fake, tmp_path, monkeypatch)
        pristine = copy.deepcopy(fake.org.data)
        clean = run_cli(args, capsys)
        assert clean.code == 0, clean.text[-2000:]
        assert "debug: urllib3" in clean.err  # -vv logs the HTTP traffic
        total = fake.total
        for at in range(1, total + 1):
            fake.org.data = copy.deepcopy(pristine)  # every apply deploys again
            fake.org.apply([], [])
            shutil.rmtree(workspace / ".sfspec", ignore_errors=True)
            fake.faults.clear()
            fake.inject(None, at=fake.total + at, status=400, body=ECHOES[at % len(ECHOES)])
            run = run_cli(args, capsys)
            issued = sorted(t for t in fake.tokens if t.startswith("00DFAKE!"))  # JWT logins
            seen = [t for t in [*ALL, *issued] if t in run.text]
            assert "Traceback" not in run.text and run.code in (0, 1), run.text[-2000:]
            if seen:
                leaked.append(f"{command} fault at {at}: {seen}")
            runs[command] += 1
        fake.close()
    assert not leaked, leaked
    assert runs["plan"] >= 3 and runs["apply"] >= 3, runs
    print(f"{login}: {runs} faulted -vv runs, no token printed")
