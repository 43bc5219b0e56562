"""Hostile live-org logins through the real CLI process: wrong JWT keys (a public key, a
certificate, an encrypted or EC key, /dev/zero, a FIFO, a folder, a huge file), a login server that
fails (HTTP 500 with HTML, with a JSON list), and URLs that are not URLs (`https://[::1`). Each ends
in exit 1 with one `sfspec: error:` line naming the problem, no traceback, no hang, no key text."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from sfspec.resources import specs_dir

from .conftest import TRACEBACK_MARKERS

PEM = serialization.Encoding.PEM
RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _private(key: Any, encryption: Any = None) -> bytes:
    return key.private_bytes(PEM, serialization.PrivateFormat.PKCS8, encryption or serialization.NoEncryption())


def _public(key: Any) -> bytes:
    return key.public_key().public_bytes(PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def _key_file(content: bytes | None = None, special: str | None = None) -> Callable[[Path], str]:
    def make(root: Path) -> str:
        path = root / "jwt.key"
        if special == "fifo":
            os.mkfifo(path)
        elif special == "folder":
            path.mkdir()
        elif special is not None:
            return special
        else:
            path.write_bytes(content or b"")
        return str(path)

    return make


KEYS = {
    "public-key": (_key_file(_public(RSA)), "holds a public key or certificate"),
    "certificate": (
        _key_file(b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
        "holds a public key or certificate",
    ),
    "encrypted-key": (
        _key_file(_private(RSA, serialization.BestAvailableEncryption(b"canary-passphrase"))),
        "is an encrypted private key",
    ),
    "ec-key": (_key_file(_private(ec.generate_private_key(ec.SECP256R1()))), "needs an RSA key (RS256)"),
    "garbage": (_key_file(b"not a key at all\x00\xff"), "is not an RSA private key in PEM format"),
    "huge-file": (_key_file(b"A" * 200_000), "too large to be a private key"),
    "dev-zero": (_key_file(special="/dev/zero"), "is not a regular file"),
    "fifo": (_key_file(special="fifo"), "is not a regular file"),
    "folder": (_key_file(special="folder"), "is not a regular file"),
    "missing": (_key_file(special="/nonexistent/jwt.key"), "cannot read the JWT private key"),
}
URLS = {
    "instance-url-ipv6-bracket": (
        {"SF_INSTANCE_URL": "https://[::1", "SF_ACCESS_TOKEN": "00Dx!canary"},
        "SF_INSTANCE_URL",
    ),
    "instance-url-http": ({"SF_INSTANCE_URL": "http://x.example", "SF_ACCESS_TOKEN": "00Dx!canary"}, "not an https://"),
    "instance-url-no-host": ({"SF_INSTANCE_URL": "https://", "SF_ACCESS_TOKEN": "00Dx!canary"}, "not an https://"),
    "instance-url-bad-port": (
        {"SF_INSTANCE_URL": "https://x:99999", "SF_ACCESS_TOKEN": "00Dx!canary"},
        "not a valid URL",
    ),
    "login-url-ipv6-bracket": (
        {"SF_CLIENT_ID": "c", "SF_USERNAME": "u", "SF_JWT_KEY_FILE": "/dev/null", "SF_LOGIN_URL": "https://[::1"},
        "SF_LOGIN_URL",
    ),
}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(specs_dir() / "landscape", tmp_path / "spec")
    return tmp_path


def run(work: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("SF_")}
    return subprocess.run(
        [sys.executable, "-m", "sfspec", "plan", "spec", "--org", "env"],
        cwd=work,
        env={**base, "NO_COLOR": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,  # a FIFO or /dev/zero read would hang or run out of memory
    )


def check(proc: subprocess.CompletedProcess[str], expected: str) -> None:
    text = proc.stdout + proc.stderr
    assert proc.returncode == 1, text[-2000:]
    for marker in TRACEBACK_MARKERS:
        assert marker not in text, text[-2000:]
    errors = [line for line in proc.stderr.splitlines() if line.startswith("sfspec: error:")]
    assert len(errors) == 1 and expected in errors[0], proc.stderr[-2000:]
    assert "canary-passphrase" not in text and "BEGIN" not in text


@pytest.mark.parametrize("case", sorted(KEYS))
def test_a_wrong_jwt_key_is_one_clear_line(case: str, work: Path) -> None:
    make, expected = KEYS[case]
    env = {
        "SF_CLIENT_ID": "3MVG9-client",
        "SF_USERNAME": "ci@acme.example",
        "SF_JWT_KEY_FILE": make(work),
        "SF_LOGIN_URL": "https://127.0.0.1:9",  # never reached: the key is refused first
    }
    check(run(work, env), expected)


@pytest.mark.parametrize("case", sorted(URLS))
def test_a_url_that_is_not_one_is_one_clear_line(case: str, work: Path) -> None:
    env, expected = URLS[case]
    check(run(work, env), expected)


@pytest.mark.parametrize("body", ["<html><body>500 Internal Server Error</body></html>", '["not", "an", "object"]'])
def test_a_login_server_error_is_one_clear_line(
    body: str, work: Path, fake_salesforce: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_salesforce.state.update(jwt_public_key=_public(RSA), client_id="3MVG9-client", username="ci@acme.example")
    fake_salesforce.inject("oauth_token", status=500, body=body, times=10)
    (work / "jwt.key").write_bytes(_private(RSA))
    env = {
        "SF_CLIENT_ID": "3MVG9-client",
        "SF_USERNAME": "ci@acme.example",
        "SF_JWT_KEY_FILE": str(work / "jwt.key"),
        "SF_LOGIN_URL": fake_salesforce.url,
        "REQUESTS_CA_BUNDLE": fake_salesforce.ca_file,
    }
    check(run(work, env), "JWT bearer login for ci@acme.example")
    assert fake_salesforce.requests["oauth_token"] == 3  # retried, then one line
