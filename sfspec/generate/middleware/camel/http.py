"""Calls from a Camel route to a system that is not Salesforce: Camel's http component, authenticated
as the system's `auth` says (the secrets stay {{placeholders}} resolved at run time)."""

from __future__ import annotations

from sfspec.generate.middleware.camel.route import HttpCall
from sfspec.generate.middleware.naming import split_base_url, uri_path
from sfspec.model.spec import Spec
from sfspec.model.systems import AuthProtocol


def auth_options(system: str, spec: Spec) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """(endpoint options, headers) that authenticate a call to `system`."""
    auth = spec.systems[system].auth
    protocol = auth.protocol if auth else AuthProtocol.none
    if auth is not None and protocol is AuthProtocol.oauth_client_credentials:
        params = [
            ("oauth2ClientId", "{{" + system + ".clientId}}"),
            ("oauth2ClientSecret", "{{" + system + ".clientSecret}}"),
            ("oauth2TokenEndpoint", "{{" + system + ".tokenUrl}}"),
        ]
        if auth.scope:
            params.append(("oauth2Scope", "{{" + system + ".scope}}"))
        return tuple(params), ()
    if protocol is AuthProtocol.basic:
        return (
            ("authMethod", "Basic"),
            ("authUsername", "{{" + system + ".username}}"),
            ("authPassword", "{{" + system + ".password}}"),
            ("authenticationPreemptive", "true"),
        ), ()
    if auth is not None and protocol is AuthProtocol.api_key:
        return (), ((auth.header or "X-API-Key", (auth.header_prefix or "") + "{{" + system + ".apiKey}}"),)
    if protocol in (AuthProtocol.jwt_bearer, AuthProtocol.aws_sigv4):
        return (("authBearerToken", "{{" + system + ".accessToken}}"),), ()
    return (), ()


def http_call(
    spec: Spec, system: str, path: str, method: str, extra_headers: tuple[tuple[str, str], ...] = ()
) -> HttpCall:
    base = spec.systems[system].base_url
    scheme = split_base_url(base)[0] if base else "https"
    params, headers = auth_options(system, spec)
    return HttpCall(
        uri=f"{scheme}://{{{{{system}.host}}}}{uri_path(path)}",
        method=method,
        parameters=(*params, ("throwExceptionOnFailure", "true")),
        headers=(*headers, *extra_headers),
    )
