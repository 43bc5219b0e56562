"""The three ways into a live org (sf CLI alias, token in env, JWT bearer), their failures, and
that no token or key ever reaches a message or the progress output."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fakesf import FakeSalesforce
from fakesf.fixtures import ACCESS_TOKEN
from fakesf.live import FAST
from rich.console import Console

from sfspec.errors import OrgError
from sfspec.org import open_org
from sfspec.org.live import open_live
from sfspec.orgref import OrgRef
from sfspec.state import ComponentKey

K = ComponentKey
WANTED = [K("ApexClass", "AccountRegionHelper")]


def _fake_sf_cli(tmp_path: Path, payload: dict, code: int = 0) -> str:
    script = tmp_path / "sf"
    script.write_text(f"#!{sys.executable}\nimport sys\nprint({json.dumps(json.dumps(payload))})\nsys.exit({code})\n")
    script.chmod(0o755)
    return str(script)


def test_sf_cli_alias(fake_salesforce: FakeSalesforce, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake_salesforce.ca_file)
    cli = _fake_sf_cli(
        tmp_path,
        {
            "status": 0,
            "result": {"accessToken": ACCESS_TOKEN, "instanceUrl": fake_salesforce.url, "username": "dev@acme.example"},
        },
    )
    monkeypatch.setenv("SFSPEC_SF_CLI", cli)
    out = io.StringIO()
    reader = open_org(OrgRef.parse("sf:acme-dev"), verbose=2, console=Console(file=out, width=200))
    state = reader.read(WANTED)
    assert list(state) == WANTED and state.origin == "sf:acme-dev"
    assert "retrieving 1 component" in out.getvalue() and ACCESS_TOKEN not in out.getvalue()


def test_sf_cli_unknown_alias_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cli = _fake_sf_cli(
        tmp_path,
        {"status": 1, "name": "NamedOrgNotFoundError", "message": "No authorization information found for nope."},
        code=1,
    )
    monkeypatch.setenv("SFSPEC_SF_CLI", cli)
    with pytest.raises(OrgError, match=r"cannot open org alias 'nope': No authorization information found for nope\."):
        open_org(OrgRef.parse("sf:nope"))
    monkeypatch.setenv("SFSPEC_SF_CLI", str(tmp_path / "not-installed"))
    with pytest.raises(OrgError, match="Salesforce CLI \\(sf\\) is not installed"):
        open_org(OrgRef.parse("sf:nope"))


def _key_pair(tmp_path: Path) -> tuple[Path, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = tmp_path / "server.key"
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return key_file, key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def test_jwt_bearer_login(fake_salesforce: FakeSalesforce, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake_salesforce.ca_file)
    key_file, public = _key_pair(tmp_path)
    fake_salesforce.state.update(jwt_public_key=public, client_id="3MVG9-client", username="ci@acme.example")
    env = {
        "SF_CLIENT_ID": "3MVG9-client",
        "SF_USERNAME": "ci@acme.example",
        "SF_JWT_KEY_FILE": str(key_file),
        "SF_LOGIN_URL": fake_salesforce.url,
    }
    state = open_live(OrgRef.parse("env"), env=env, policy=FAST).read(WANTED)
    assert list(state) == WANTED
    assert fake_salesforce.requests["oauth_token"] == 1

    with pytest.raises(OrgError) as err:
        open_live(OrgRef.parse("env"), env={**env, "SF_USERNAME": "someone@else.example"}, policy=FAST)
    assert "JWT bearer login for someone@else.example" in str(err.value) and "invalid_grant" in str(err.value)
    assert key_file.read_text()[40:80] not in str(err.value)


def test_jwt_audience() -> None:
    from sfspec.org.live.auth import audience_for

    assert audience_for("https://acme.my.salesforce.com") == "https://login.salesforce.com"
    assert audience_for("https://acme--uat.sandbox.my.salesforce.com") == "https://test.salesforce.com"
    assert audience_for("https://test.salesforce.com") == "https://test.salesforce.com"
    assert audience_for("https://127.0.0.1:8443") == "https://127.0.0.1:8443"


def test_env_errors_name_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(OrgError, match="missing: SF_CLIENT_ID, SF_USERNAME, SF_JWT_KEY_FILE"):
        open_live(OrgRef.parse("env"), env={})
    env = {"SF_CLIENT_ID": "c", "SF_USERNAME": "u", "SF_JWT_KEY_FILE": str(tmp_path / "missing.key")}
    with pytest.raises(OrgError, match="cannot read the JWT private key"):
        open_live(OrgRef.parse("env"), env=env)
    (tmp_path / "bad.key").write_text("not a key")
    with pytest.raises(OrgError, match="is not an RSA private key"):
        open_live(OrgRef.parse("env"), env={**env, "SF_JWT_KEY_FILE": str(tmp_path / "bad.key")})


def test_unreachable_login_url_is_one_line(tmp_path: Path) -> None:
    key_file, _ = _key_pair(tmp_path)
    env = {
        "SF_CLIENT_ID": "c",
        "SF_USERNAME": "u",
        "SF_JWT_KEY_FILE": str(key_file),
        "SF_LOGIN_URL": "https://127.0.0.1:9",
    }
    with pytest.raises(OrgError, match=r"cannot reach the login URL https://127.0.0.1:9"):
        open_live(OrgRef.parse("env"), env=env)


def test_terminal_progress_spinner_stops_and_shows_no_token(
    fake_salesforce: FakeSalesforce, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake_salesforce.ca_file)
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120)
    reader = open_live(
        OrgRef.parse("env"),
        env={"SF_INSTANCE_URL": fake_salesforce.url, "SF_ACCESS_TOKEN": ACCESS_TOKEN},
        console=console,
        policy=FAST,
    )
    assert list(reader.read(WANTED)) == WANTED
    assert reader.progress._status is None  # the spinner is stopped once the read is over
    assert "retrieving 1 component" in out.getvalue() and ACCESS_TOKEN not in out.getvalue()
