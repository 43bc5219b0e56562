"""Mask known secret values in any text sfspec prints or writes: defence in depth.

Secrets are referenced, never stored; but a value can still leak through an exception message from
a library, a server's error body echoed back, or a verbose log. The values worth masking are known
at run time: the environment variables a spec names with `env:NAME`, and the variables sfspec
itself reads for live orgs (SF_ACCESS_TOKEN & co.). `Redactor` replaces each of them, and its JSON-
and URL-encoded forms, with a fixed mask. Pure: the caller passes the environment in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, quote_plus

MASK = "****"
# Variables sfspec reads to reach a live org (README, "Orgs"); their values are secret or
# identify a session. SF_INSTANCE_URL and SF_USERNAME are not secrets and stay readable.
SECRET_ENV_VARS = (
    "SF_ACCESS_TOKEN",
    "SF_REFRESH_TOKEN",
    "SF_CLIENT_SECRET",
    "SF_PASSWORD",
    "SF_SECURITY_TOKEN",
    "SF_JWT_KEY",
    "SFDX_ACCESS_TOKEN",
)
# Shorter values would mask ordinary words ("dev", "true") all over the output.
MIN_SECRET_LENGTH = 6
_ENV_REF = re.compile(r"\benv:([A-Za-z_][A-Za-z0-9_]*)")


def env_references(data: Any) -> set[str]:
    """Names of every `env:NAME` reference anywhere in plain spec data (dicts, lists, strings)."""
    names: set[str] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            names.update(_ENV_REF.findall(node))
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
    return names


def _forms(value: str) -> set[str]:
    """The value as it may appear in output: raw, JSON-escaped, URL-encoded."""
    return {value, json.dumps(value)[1:-1], quote(value, safe=""), quote_plus(value, safe="")}


@dataclass(frozen=True)
class Redactor:
    secrets: tuple[str, ...] = ()  # longest first, so a secret containing another is masked whole

    @classmethod
    def of(cls, values: Iterable[str]) -> Redactor:
        forms = {form for v in values if v and len(v) >= MIN_SECRET_LENGTH for form in _forms(v)}
        return cls(tuple(sorted(forms, key=lambda s: (-len(s), s))))

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    def __bool__(self) -> bool:
        return bool(self.secrets)


def redactor_for(environ: Mapping[str, str], spec_data: Any = None, extra: Iterable[str] = ()) -> Redactor:
    """Mask SF_ACCESS_TOKEN & co., every variable the spec references with `env:`, and `extra`
    values (e.g. a token obtained from `sf org display`)."""
    names = set(SECRET_ENV_VARS) | (env_references(spec_data) if spec_data is not None else set())
    return Redactor.of([*(environ.get(n, "") for n in sorted(names)), *extra])
