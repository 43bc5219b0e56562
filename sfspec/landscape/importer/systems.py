"""Named Credentials (and the External Credentials they use) → the systems Salesforce calls.

Only non-secret facts are read: the label, the endpoint URL, the authentication protocol, the
token URL, scope, AWS region and service, and the text an API-key header puts before the key
(`token ` in `{!'token ' & $Credential.X.ApiKey}`). Everything secret becomes a *reference* the user
fills in their secret store (`secret:NAME`, `env:NAME`); values such as a legacy Named Credential's
`password` or `awsAccessSecret` are never read. Each system is bound to the credential it came from
(`credential:`), so planning the imported spec uses the org's credential instead of generating one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sfspec.landscape.importer.fields import text
from sfspec.model.patterns import API_NAME_PATTERN
from sfspec.model.systems import AuthProtocol, SystemKind
from sfspec.state import Component

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^\s]+$")
_HEADER = re.compile(r"^[A-Za-z0-9-]{1,64}$")
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
_SERVICE = re.compile(r"^[a-z0-9-]{1,64}$")
# An External Credential header formula that sends a credential parameter: optional literal text
# before it (`{!'token ' & $Credential.X.ApiKey}`), or the merge field alone (`{!$Credential.X.Key}`).
_KEY_HEADER = re.compile(
    r"""^\{!\s*(?:(['"])([^'"]{0,32})\1\s*&\s*)?\$Credential\.[A-Za-z0-9_]+\.[A-Za-z0-9_]+\s*\}$"""
)
_PREFIX = re.compile(r"^[A-Za-z0-9._:/+=-]{1,32} ?$")
# Words in a credential's name that say what kind of system it reaches.
KIND_WORDS: dict[str, SystemKind] = {
    "erp": SystemKind.erp,
    "sap": SystemKind.erp,
    "netsuite": SystemKind.erp,
    "dynamics": SystemKind.erp,
    "oracle": SystemKind.erp,
    "accounting": SystemKind.accounting,
    "quickbooks": SystemKind.accounting,
    "xero": SystemKind.accounting,
    "billing": SystemKind.accounting,
    "marketing": SystemKind.marketing,
    "hubspot": SystemKind.marketing,
    "marketo": SystemKind.marketing,
    "mailchimp": SystemKind.marketing,
    "tableau": SystemKind.bi,
    "powerbi": SystemKind.bi,
    "looker": SystemKind.bi,
    "bi": SystemKind.bi,
}


@dataclass
class ImportedSystem:
    name: str
    kind: SystemKind
    label: str
    credential: str  # the Named Credential it came from (and stays bound to)
    base_url: str | None = None
    auth: list[tuple[str, str]] = field(default_factory=list)  # (key, value) in spec order
    notes: list[str] = field(default_factory=list)
    bound: bool = True  # `credential:` names the Named Credential (its name is a valid API name)


def _params(attributes: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    raw = attributes.get(key)
    items = raw if isinstance(raw, list) else [raw] if raw is not None else []
    return [p for p in items if isinstance(p, Mapping)]


def _param(params: Iterable[Mapping[str, Any]], type_: str, name: str | None = None) -> str | None:
    for p in params:
        if p.get("parameterType") == type_ and (name is None or p.get("parameterName") == name):
            return text(p.get("parameterValue"), 2048)
    return None


def system_name(raw: str, taken: set[str]) -> str:
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", raw)
    base = re.sub(r"[^a-z0-9]+", "_", words.lower()).strip("_") or "system"
    if not base[0].isalpha():
        base = "sys_" + base
    base = base[:36].rstrip("_")
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def _kind(name: str) -> SystemKind:
    for word in name.split("_"):
        if word in KIND_WORDS:
            return KIND_WORDS[word]
    return SystemKind.custom


def _protocol(
    nc: Mapping[str, Any], ec: Mapping[str, Any] | None
) -> tuple[AuthProtocol | None, list[Mapping[str, Any]]]:
    """(spec protocol or None, the External Credential's parameters)."""
    if ec is not None:
        params = _params(ec, "externalCredentialParameters")
        proto = str(ec.get("authenticationProtocol") or "")
        variant = _param(params, "AuthProtocolVariant") or ""
        if proto == "Oauth":
            return (
                AuthProtocol.jwt_bearer if "jwt" in variant.lower() else AuthProtocol.oauth_client_credentials
            ), params
        if proto in ("Jwt", "JwtExchange"):
            return AuthProtocol.jwt_bearer, params
        if proto == "AwsSv4":
            return AuthProtocol.aws_sigv4, params
        if proto == "NoAuthentication":
            return AuthProtocol.none, params
        if proto in ("Custom", "Basic"):
            header = _key_header(params)
            value = str(header.get("parameterValue") or "") if header else ""
            if proto == "Basic" or (
                header and header.get("parameterName") == "Authorization" and "basic" in value.lower()
            ):
                return AuthProtocol.basic, params
            return (AuthProtocol.api_key, params) if header else (None, params)
        return None, params
    legacy: dict[str, AuthProtocol] = {
        "NoAuthentication": AuthProtocol.none,
        "Password": AuthProtocol.basic,
        "Oauth": AuthProtocol.oauth_client_credentials,
        "AwsSv4": AuthProtocol.aws_sigv4,
        "Jwt": AuthProtocol.jwt_bearer,
        "JwtExchange": AuthProtocol.jwt_bearer,
    }
    return legacy.get(str(nc.get("protocol") or "")), []


def _key_header(params: list[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The header that carries the secret: the one sending a `$Credential` parameter, else the first."""
    headers = [p for p in params if p.get("parameterType") == "AuthHeader"]
    keyed = [h for h in headers if _KEY_HEADER.match(str(h.get("parameterValue") or "").strip())]
    found = keyed or headers
    return found[0] if found else None


def _auth(system: ImportedSystem, nc: Mapping[str, Any], ec: Mapping[str, Any] | None) -> None:
    protocol, params = _protocol(nc, ec)
    env, secret = system.name.upper(), system.name.replace("_", "-")
    if protocol is None:
        if ec is not None or nc.get("protocol"):
            system.notes.append("authentication protocol not recognised: add `auth:` by hand")
        return
    parts: list[tuple[str, str]] = [("protocol", protocol)]
    if protocol in (AuthProtocol.oauth_client_credentials, AuthProtocol.jwt_bearer):
        token_url = _param(params, "AuthProviderUrl")
        if not (token_url and _URL.match(token_url)):
            if not system.base_url:
                system.notes.append(f"{protocol}: no token URL in the org; add `auth:` by hand")
                return
            token_url = system.base_url.rstrip("/") + "/oauth/token"
            system.notes.append("token_url is a guess (the org holds none): check it")
        parts += [("token_url", token_url), ("client_id", f"env:{env}_CLIENT_ID")]
        if protocol is AuthProtocol.oauth_client_credentials:
            parts.append(("client_secret", f"secret:{secret}-client-secret"))
        else:
            parts += [("username", f"env:{env}_USERNAME"), ("private_key", f"secret:{secret}-private-key")]
        scope = _param(params, "AuthParameter", "Scope")
        if scope:
            parts.append(("scope", scope[:1000]))
    elif protocol is AuthProtocol.basic:
        parts += [("username", f"env:{env}_USERNAME"), ("password", f"secret:{secret}-password")]
    elif protocol is AuthProtocol.api_key:
        found = _key_header(params) or {}
        header = str(found.get("parameterName") or "")
        if not _HEADER.match(header):
            system.notes.append("API key header name not usable: add `auth:` by hand")
            return
        parts.append(("header", header))
        formula = _KEY_HEADER.match(str(found.get("parameterValue") or "").strip())
        if formula and formula[2]:
            if _PREFIX.match(formula[2]):
                parts.append(("header_prefix", formula[2]))
            else:
                system.notes.append(f"the {header} header's text before the key is not kept: check `header_prefix`")
        parts.append(("api_key", f"secret:{secret}-api-key"))
        others = sorted(str(p.get("parameterName")) for p in params if p.get("parameterType") == "AuthHeader")
        others.remove(header)
        if others:
            system.notes.append(f"the credential also sends {', '.join(others)}: the bound credential keeps them")
    elif protocol is AuthProtocol.aws_sigv4:
        region = _param(params, "AuthParameter", "AwsRegion") or text(nc.get("awsRegion"), 64) or ""
        service = _param(params, "AuthParameter", "AwsService") or text(nc.get("awsService"), 64) or ""
        if not (_REGION.match(region) and _SERVICE.match(service)):
            system.notes.append("AWS region or service missing: add `auth:` by hand")
            return
        parts += [
            ("access_key_id", f"env:{env}_AWS_ACCESS_KEY_ID"),
            ("secret_access_key", f"secret:{secret}-aws-secret-access-key"),
            ("region", region),
            ("service", service),
        ]
    system.auth = parts


def _base_url(nc: Mapping[str, Any]) -> str | None:
    url = _param(_params(nc, "namedCredentialParameters"), "Url") or text(nc.get("endpoint"), 2048)
    return url if url and _URL.match(url) else None


def systems_from(
    credentials: list[Component], external: Mapping[str, Component], taken: set[str]
) -> list[ImportedSystem]:
    found = []
    for nc in sorted(credentials, key=lambda c: c.name):
        attrs = nc.attributes
        name = system_name(nc.name, taken)
        system = ImportedSystem(name, _kind(name), text(attrs.get("label"), 255) or nc.name, nc.name)
        system.bound = re.match(API_NAME_PATTERN, nc.name) is not None and len(nc.name) <= 80
        url = _base_url(attrs)
        if url and url.lower().startswith("https://"):
            system.base_url = url
        elif url:
            system.notes.append("the org's endpoint is not https; sfspec needs https: add `base_url:` by hand")
        ec_name = _param(_params(attrs, "namedCredentialParameters"), "Authentication")
        ec_name = ec_name or next(
            (
                str(p.get("externalCredential"))
                for p in _params(attrs, "namedCredentialParameters")
                if p.get("parameterType") == "Authentication" and p.get("externalCredential")
            ),
            None,
        )
        ec = external[ec_name].attributes if ec_name and ec_name in external else None
        if ec_name and ec is None:
            system.notes.append(f"External Credential {ec_name} is not in the org's metadata: add `auth:` by hand")
        _auth(system, attrs, ec)
        found.append(system)
    return found
