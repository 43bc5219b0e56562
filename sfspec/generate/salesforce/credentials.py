"""Named Credential + External Credential + a callout permission set per system Apex calls.

The External Credential carries the protocol and its non-secret parameters (token URL, scope,
header name, AWS region); client secrets, passwords and keys are principal credentials entered
after deploy (POSTDEPLOY.md), so the spec's `secret:`/`env:` references never reach a file.
Shapes are those of the Metadata API v63 (secured-endpoint Named Credentials) and are checked
against its XSD.
"""

from __future__ import annotations

from dataclasses import dataclass

from sfspec.generate.salesforce.emit import Emitter, one_line, xml_comment_text
from sfspec.generate.salesforce.naming import developer_name
from sfspec.generate.salesforce.permissions import ObjectPermission, PermissionSetModel
from sfspec.model.systems import Auth, AuthProtocol, System
from sfspec.state import MANAGED_MARKER, ComponentKey, MetadataType


@dataclass(frozen=True)
class Parameter:
    group: str
    name: str
    type: str
    value: str | None = None
    sequence: int | None = None
    formula: bool = False  # a {!$Credential…} formula built from generated names only


@dataclass(frozen=True)
class CredentialModel:
    name: str  # developer name shared by the Named and the External Credential
    system: str
    label: str
    url: str
    protocol: str
    parameters: tuple[Parameter, ...]
    principal: str
    description: str
    generate_auth_header: bool
    protocol_label: str

    @property
    def principal_access(self) -> str:
        return f"{self.name}-{self.principal}"

    @property
    def permission_set(self) -> str:
        return f"sfspec_{self.name[: -len('_API')]}_Callout"


def _protocol(auth: Auth | None, name: str, principal: str) -> tuple[str, list[Parameter], str]:
    """(authenticationProtocol, parameters without the principal, a human label)."""
    protocol = auth.protocol if auth else AuthProtocol.none
    group = "DefaultGroup"
    if protocol in (AuthProtocol.oauth_client_credentials, AuthProtocol.jwt_bearer):
        variant = "ClientCredentialsClientSecret" if protocol is AuthProtocol.oauth_client_credentials else "JwtBearer"
        params = [Parameter(group, "Oauth", "AuthProtocolVariant", variant)]
        if auth and auth.token_url:
            params.append(Parameter(group, "AuthProviderUrl", "AuthProviderUrl", auth.token_url))
        if auth and auth.scope:
            params.append(Parameter(group, "Scope", "AuthParameter", auth.scope))
        label = (
            "OAuth 2.0 client credentials"
            if protocol is AuthProtocol.oauth_client_credentials
            else "OAuth 2.0 JWT bearer"
        )
        return "Oauth", params, label
    if protocol is AuthProtocol.api_key:
        header = auth.header if auth and auth.header else "X-API-Key"
        key = "$Credential." + name + ".ApiKey"
        # the prefix's characters (model pattern) need no escaping inside a formula string literal
        formula = "{!'" + auth.header_prefix + "' & " + key + "}" if auth and auth.header_prefix else "{!" + key + "}"
        return (
            "Custom",
            [Parameter(group, header, "AuthHeader", formula, 1, formula=True)],
            f"API key in header {header}",
        )
    if protocol is AuthProtocol.basic:
        return "Basic", [], "HTTP basic authentication"
    if protocol is AuthProtocol.aws_sigv4:
        params = []
        if auth and auth.region:
            params.append(Parameter(group, "AwsRegion", "AuthParameter", auth.region))
        if auth and auth.service:
            params.append(Parameter(group, "AwsService", "AuthParameter", auth.service))
        return "AwsSv4", params, "AWS Signature Version 4"
    # No authentication: the reference says to use Custom with no parameters.
    return "Custom", [], "no authentication"


def credential_model(em: Emitter, system_name: str, system: System, name: str) -> CredentialModel:
    principal = developer_name(system_name) + "_Integration"
    protocol, params, protocol_label = _protocol(system.auth, name, principal)
    params.append(Parameter(principal, principal, "NamedPrincipal", None, 1))
    label = one_line(system.label or system_name, 80)
    description = em.description(
        f"Authentication to {label} ({protocol_label}). Secret values are principal credentials entered "
        "after deploy, never in source.",
        limit=255,
    )
    return CredentialModel(
        name=name,
        system=system_name,
        label=one_line(f"{label} API", 80),
        url=system.base_url or "",
        protocol=protocol,
        parameters=tuple(params),
        principal=principal,
        description=description,
        generate_auth_header=system.auth is not None and system.auth.protocol is not AuthProtocol.none,
        protocol_label=protocol_label,
    )


def emit_credential(em: Emitter, cred: CredentialModel) -> None:
    source = em.at("systems", cred.system)
    em.metadata(
        ComponentKey(MetadataType.NAMED_CREDENTIAL, cred.name),
        "metadata/named_credential.namedCredential-meta.xml.j2",
        source,
        c=cred,
        marker=MANAGED_MARKER,
        why=xml_comment_text(f"Endpoint of {cred.label}"),
    )
    em.metadata(
        ComponentKey(MetadataType.EXTERNAL_CREDENTIAL, cred.name),
        "metadata/external_credential.externalCredential-meta.xml.j2",
        source,
        c=cred,
    )
    pset = PermissionSetModel(
        name=cred.permission_set,
        label=one_line(f"sfspec {cred.label} callouts", 80),
        description=em.description(
            f"Lets its holder call {cred.label} through Named Credential {cred.name}.",
            limit=255,
        ),
        principals=(cred.principal_access,),
        objects=(ObjectPermission("UserExternalCredential", create=False, edit=False),),
    )
    em.metadata(
        ComponentKey(MetadataType.PERMISSION_SET, pset.name),
        "metadata/permission_set.permissionset-meta.xml.j2",
        source,
        p=pset,
    )
