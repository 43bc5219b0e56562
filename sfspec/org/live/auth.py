"""Credentials for a live org: from the Salesforce CLI, from environment variables, or a JWT
bearer exchange. Tokens never appear in a message, a log or a repr.

The JWT exchange is a plain OAuth POST to SF_LOGIN_URL: simple-salesforce's own JWT helper
always targets `https://<domain>.salesforce.com`, so it cannot reach a My Domain login URL or the
tests' fake server. Every Salesforce API call after the exchange goes through simple-salesforce.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlsplit

import requests

from sfspec.errors import OrgError
from sfspec.redact import KNOWN, remember

DEFAULT_LOGIN_URL = "https://login.salesforce.com"
_TOKENISH = re.compile(r"00D\w{12,15}![\w.\-]+|Bearer\s+\S+", re.IGNORECASE)


def redact(text: str) -> str:
    """Remove anything shaped like a Salesforce session id or bearer token, and cap the length."""
    text = _TOKENISH.sub("[redacted]", text)
    return text if len(text) <= 200 else text[:197] + "..."


@dataclass(frozen=True)
class Credentials:
    instance_url: str
    access_token: str = field(repr=False)

    def __post_init__(self) -> None:
        remember(self.access_token)  # however they were made, the token is masked from now on


def checked_url(url: str, what: str) -> str:
    """An https URL with a host, or one OrgError line (`https://[::1` made urllib raise ValueError)."""
    shown = url if len(url) <= 120 else url[:117] + "..."
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port
    except ValueError as exc:
        raise OrgError(f"{what} {shown!r} is not a valid URL ({exc}); use https://<domain>.my.salesforce.com") from None
    if parts.scheme != "https" or not host:
        raise OrgError(f"{what} {shown!r} is not an https:// URL with a host; use https://<domain>.my.salesforce.com")
    return url


def from_sf_cli(alias: str, env: Mapping[str, str] | None = None) -> Credentials:
    """`sf org display --target-org ALIAS --json`; its output is parsed, never printed."""
    env = os.environ if env is None else env
    command = [env.get("SFSPEC_SF_CLI", "sf"), "org", "display", "--target-org", alias, "--json"]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    except FileNotFoundError:
        raise OrgError(
            "the Salesforce CLI (sf) is not installed or not on PATH; install @salesforce/cli "
            "or use --org env with SF_INSTANCE_URL and SF_ACCESS_TOKEN"
        ) from None
    except subprocess.TimeoutExpired:
        raise OrgError(f"`sf org display --target-org {alias}` did not answer within 120 s") from None
    try:
        data = json.loads(proc.stdout or "{}")
    except json.JSONDecodeError:
        data = {}
    result = data.get("result") if isinstance(data, dict) else None
    if isinstance(result, dict):  # before any message is built from this output
        remember(*(str(result.get(k) or "") for k in ("accessToken", "refreshToken", "password", "clientSecret")))
    if proc.returncode != 0 or not isinstance(result, dict):
        reason = (
            redact(str(data.get("message") or data.get("name") or "no usable output")) if isinstance(data, dict) else ""
        )
        raise OrgError(
            f"the Salesforce CLI cannot open org alias {alias!r}: {reason or 'no usable output'} "
            f"(log in with `sf org login web --alias {alias}`)"
        )
    token, url = result.get("accessToken"), result.get("instanceUrl")
    if not token or not url:
        raise OrgError(
            f"the Salesforce CLI returned no access token for {alias!r}; "
            f"log in again with `sf org login web --alias {alias}`"
        )
    return Credentials(checked_url(str(url).rstrip("/"), f"the instanceUrl of alias {alias!r}"), str(token))


def from_env(session: requests.Session, env: Mapping[str, str] | None = None) -> Credentials:
    env = os.environ if env is None else env
    KNOWN.add_environment(env)
    if env.get("SF_ACCESS_TOKEN") and env.get("SF_INSTANCE_URL"):
        return Credentials(checked_url(env["SF_INSTANCE_URL"].rstrip("/"), "SF_INSTANCE_URL"), env["SF_ACCESS_TOKEN"])
    jwt_vars = ("SF_CLIENT_ID", "SF_USERNAME", "SF_JWT_KEY_FILE")
    if all(env.get(v) for v in jwt_vars):
        login_url = checked_url((env.get("SF_LOGIN_URL") or DEFAULT_LOGIN_URL).rstrip("/"), "SF_LOGIN_URL")
        return jwt_bearer(
            session,
            login_url,
            env["SF_CLIENT_ID"],
            env["SF_USERNAME"],
            Path(env["SF_JWT_KEY_FILE"]),
            audience=env.get("SF_JWT_AUDIENCE") or audience_for(login_url),
        )
    missing = [v for v in jwt_vars if not env.get(v)]
    raise OrgError(
        "--org env needs SF_INSTANCE_URL and SF_ACCESS_TOKEN, or SF_CLIENT_ID, SF_USERNAME and "
        f"SF_JWT_KEY_FILE for a JWT bearer login (missing: {', '.join(missing)})"
    )


def audience_for(login_url: str) -> str:
    """The JWT `aud` Salesforce expects: login.salesforce.com even when the token is requested from a
    My Domain URL (test.salesforce.com for sandboxes); any other host (an Experience Cloud site, the
    tests' fake) is its own audience. SF_JWT_AUDIENCE overrides."""
    host = (urlparse(login_url).hostname or "").lower()
    if host.endswith(".sandbox.my.salesforce.com") or host == "test.salesforce.com":
        return "https://test.salesforce.com"
    if host.endswith(".my.salesforce.com") or host == "login.salesforce.com":
        return "https://login.salesforce.com"
    return login_url


def jwt_bearer(
    session: requests.Session,
    login_url: str,
    client_id: str,
    username: str,
    key_file: Path,
    attempts: int = 3,
    audience: str | None = None,
) -> Credentials:
    import jwt

    from sfspec.org.live.jwtkey import read_private_key

    key = read_private_key(key_file)
    login_url = login_url.rstrip("/")
    claims = {
        "iss": client_id,
        "sub": username,
        "aud": audience or audience_for(login_url),
        "exp": int(time.time()) + 180,
    }
    try:
        assertion = jwt.encode(claims, key, algorithm="RS256")
    except (ValueError, TypeError, AttributeError, jwt.PyJWTError):
        raise OrgError(f"SF_JWT_KEY_FILE={key_file} cannot sign a JWT (RS256)") from None
    remember(assertion)  # a signed login, valid for minutes
    form = {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion}
    for attempt in range(1, attempts + 1):
        try:
            response = session.post(f"{login_url}/services/oauth2/token", data=form, timeout=60)
        except (requests.ConnectionError, requests.Timeout):
            if attempt == attempts:
                raise OrgError(f"cannot reach the login URL {login_url} (connection failed {attempts} times)") from None
            time.sleep(0.5 * attempt)
            continue
        if response.status_code >= 500 and attempt < attempts:
            time.sleep(0.5 * attempt)
            continue
        break
    try:
        body = response.json()
    except ValueError:
        body = {}
    if isinstance(body, dict):
        remember(*(str(body.get(k) or "") for k in ("access_token", "refresh_token", "id_token")))
    else:
        body = {}
    if response.status_code != 200 or not body.get("access_token"):
        error = redact(f"{body.get('error', response.status_code)}: {body.get('error_description', response.reason)}")
        raise OrgError(
            f"JWT bearer login for {username} at {login_url} failed ({error}); check SF_CLIENT_ID, "
            "SF_USERNAME and that the connected app holds the key's certificate"
        )
    instance = checked_url(str(body.get("instance_url", "")).rstrip("/"), "the instance_url of the JWT login")
    return Credentials(instance, str(body["access_token"]))
