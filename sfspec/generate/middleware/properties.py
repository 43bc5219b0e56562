"""application.properties entries: Salesforce auth, one block per system, sfspec settings.

Secret values never appear: every secret is a `{{env:NAME}}` placeholder derived from the spec's
`env:NAME` / `secret:NAME` reference (or a documented default name when the spec gives none).
Camel resolves `{{…}}` in every value (and `${…}` where a value reaches a Simple expression), so
spec text is only written where it cannot form either: URLs with `{` `}` percent-encoded, scopes
refused at validate when they hold braces, free text only in comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sfspec.generate.middleware.naming import default_env, env_placeholder, split_base_url, uri_text
from sfspec.model.spec import Spec
from sfspec.model.systems import AuthProtocol, System


@dataclass(frozen=True)
class Prop:
    key: str
    value: str
    secret: bool = False
    comment: str = ""


def _ref(ref: str | None, system: str, what: str) -> str:
    return env_placeholder(ref) if ref else "{{env:" + default_env(system, what) + "}}"


def salesforce_props(spec: Spec, org: str) -> list[Prop]:
    """Client credentials by default, JWT bearer when the org's auth says so; never username/password."""
    auth = spec.systems[org].auth
    api = spec.salesforce.api_version
    login = "{{env:SF_LOGIN_URL}}"
    if auth is not None and auth.token_url:
        parts = urlsplit(auth.token_url)
        login = uri_text(f"{parts.scheme}://{parts.netloc}")
    props = [
        Prop("camel.component.salesforce.loginUrl", login, comment="the org's My Domain URL"),
        Prop("camel.component.salesforce.apiVersion", api),
    ]
    if auth is not None and auth.protocol is AuthProtocol.jwt_bearer:
        props += [
            Prop("camel.component.salesforce.authenticationType", "JWT"),
            Prop("camel.component.salesforce.clientId", _ref(auth.client_id, "SF", "CLIENT_ID"), secret=True),
            Prop("camel.component.salesforce.userName", _ref(auth.username, "SF", "USERNAME")),
            Prop("camel.component.salesforce.keystore", "#class:org.apache.camel.support.jsse.KeyStoreParameters"),
            Prop(
                "camel.component.salesforce.keystore.resource",
                _ref(auth.private_key, "SF", "JWT_KEYSTORE"),
                comment="PKCS#12 keystore with the connected app's signing key",
            ),
            Prop("camel.component.salesforce.keystore.password", "{{env:SF_JWT_KEYSTORE_PASSWORD}}", secret=True),
        ]
    else:
        client_id = auth.client_id if auth else None
        client_secret = auth.client_secret if auth else None
        props += [
            Prop("camel.component.salesforce.authenticationType", "CLIENT_CREDENTIALS"),
            Prop("camel.component.salesforce.clientId", _ref(client_id, "SF", "CLIENT_ID"), secret=True),
            Prop("camel.component.salesforce.clientSecret", _ref(client_secret, "SF", "CLIENT_SECRET"), secret=True),
        ]
    return props


def system_props(name: str, system: System) -> list[Prop]:
    """Host and credentials of a system the routes call (`{{<name>.host}}`, `{{<name>.clientId}}` …)."""
    props = []
    if system.base_url:
        props.append(Prop(f"{name}.host", split_base_url(system.base_url)[1]))
    else:
        props.append(Prop(f"{name}.host", "{{env:" + default_env(name, "HOST") + "}}"))
    auth = system.auth
    protocol = auth.protocol if auth else AuthProtocol.none
    if auth is not None and protocol is AuthProtocol.oauth_client_credentials:
        props += [
            Prop(f"{name}.clientId", _ref(auth.client_id, name, "CLIENT_ID"), secret=True),
            Prop(f"{name}.clientSecret", _ref(auth.client_secret, name, "CLIENT_SECRET"), secret=True),
            # a URL from the spec: `{` `}` percent-encoded, so it cannot form a Camel placeholder
            Prop(
                f"{name}.tokenUrl",
                uri_text(auth.token_url) if auth.token_url else "{{env:" + default_env(name, "TOKEN_URL") + "}}",
            ),
        ]
        if auth.scope:
            props.append(Prop(f"{name}.scope", auth.scope))
    elif auth is not None and protocol is AuthProtocol.basic:
        props += [
            Prop(f"{name}.username", _ref(auth.username, name, "USERNAME"), secret=True),
            Prop(f"{name}.password", _ref(auth.password, name, "PASSWORD"), secret=True),
        ]
    elif auth is not None and protocol is AuthProtocol.api_key:
        props.append(Prop(f"{name}.apiKey", _ref(auth.api_key, name, "API_KEY"), secret=True))
    elif protocol in (AuthProtocol.jwt_bearer, AuthProtocol.aws_sigv4):
        # Neither grant is built into Camel's http component: a sidecar or token job supplies a
        # short-lived bearer token in this variable.
        props.append(
            Prop(
                f"{name}.accessToken",
                "{{env:" + default_env(name, "ACCESS_TOKEN") + "}}",
                secret=True,
                comment=f"{protocol} token minted outside Camel",
            )
        )
    return props
