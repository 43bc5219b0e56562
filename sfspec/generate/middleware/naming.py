"""Names the middleware config shares between files: property keys, env vars, hosts.

One place decides them so a route, application.properties and the README always agree.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit


def env_name(ref: str) -> str:
    """The environment variable a spec secret reference resolves to at runtime.

    `env:NAME` is taken as is; `secret:erp-client-secret` becomes ERP_CLIENT_SECRET (mount the
    secret under that variable name, e.g. a Kubernetes `secretKeyRef`).
    """
    kind, _, name = ref.partition(":")
    if kind == "env":
        return name
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper()


def env_placeholder(ref: str) -> str:
    return "{{env:" + env_name(ref) + "}}"


def default_env(system: str, what: str) -> str:
    """The env var used when the spec gives no reference, e.g. ERP_CLIENT_ID."""
    return f"{system.upper()}_{what}"


def camel_id(name: str) -> str:
    """`contacts-to-marketing` → `contactsToMarketing` (property keys, Java-ish identifiers)."""
    head, *rest = re.split(r"[-_]", name)
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def env_suffix(name: str) -> str:
    """`contacts-to-marketing` → `CONTACTS_TO_MARKETING`."""
    return re.sub(r"[^A-Za-z0-9]+", "_", name).upper()


def split_base_url(base_url: str) -> tuple[str, str]:
    """`https://erp.acme.example/base` → (`https`, `erp.acme.example/base`), for `https://{{erp.host}}/path`."""
    parts = urlsplit(base_url)
    scheme = "http" if parts.scheme.lower() == "http" else "https"  # the only schemes Camel's http knows
    host = hostname(parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return scheme, (host + uri_path(parts.path)).rstrip("/")


def one_line(text: str) -> str:
    """Spec prose for a comment: every kind of line break (\\r, U+2028 …) becomes a space."""
    return " ".join(text.split())


def uri_path(path: str) -> str:
    """A spec path inside a Camel endpoint URI. Percent-encodes what would change the URI's
    meaning: `?`/`#` (options), spaces, and `{`/`}` (Camel resolves `{{…}}` placeholders, which
    could pull a secret into a URL)."""
    return quote(path, safe="/-._~!$'()*+,;=:@%&")


def uri_text(text: str) -> str:
    """A URI-valued spec string in a header or XML namespace, with `{`, `}` and spaces encoded."""
    return quote(text, safe=":/?#[]@!$&'()*+,;=-._~%")


def hostname(text: str) -> str:
    """Only hostname characters: the value is expanded by Meltano (`$VAR`) and Camel (`{{…}}`)."""
    return re.sub(r"[^A-Za-z0-9.-]", "", text)
