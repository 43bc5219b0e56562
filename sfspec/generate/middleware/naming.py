"""Names the middleware config shares between files: property keys, env vars, hosts.

One place decides them so a route, application.properties and the README always agree.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit


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
    return parts.scheme or "https", (parts.netloc + parts.path).rstrip("/")


def value(item: object) -> str:
    """An enum member or a plain string as its text (spec defaults stay enum members)."""
    return str(getattr(item, "value", item))
