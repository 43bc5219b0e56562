"""Mask known secret values in any text sfspec prints or writes: defence in depth.

Secrets are referenced, never stored; but a value can still leak through an exception message from
a library, a server's error body echoed back, or a verbose log. The values worth masking are known
at run time: the environment variables a spec names with `env:NAME`, the variables sfspec itself
reads for live orgs (SF_ACCESS_TOKEN & co.), and every token sfspec obtains while it runs (from
`sf org display`, a JWT bearer exchange). `Redactor` replaces each of them, and its JSON- and
URL-encoded forms, with a fixed mask.

One redaction path: the CLI routes stdout and stderr through `RedactingStream` for the whole run,
so every printed line (results, progress at -v, logs at -vv, errors, warnings from libraries) is
masked with what `KNOWN` holds at the moment it is printed. `KNOWN` is the process's one registry
of secret values, deliberately global: a token must be masked wherever it surfaces, including in
output of libraries that sfspec does not call directly. Code that obtains a secret calls
`remember(value)` before doing anything else with it.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TextIO
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


class SecretRegistry:
    """The secret values seen so far in this process; thread-safe, only ever grows."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()
        self._redactor = Redactor()

    def add(self, *values: str | None) -> None:
        fresh = {v for v in values if v and len(v) >= MIN_SECRET_LENGTH} - self._values
        if fresh:
            with self._lock:
                self._values |= fresh
                self._redactor = Redactor.of(self._values)

    def add_environment(self, environ: Mapping[str, str], names: Iterable[str] = ()) -> None:
        """SF_ACCESS_TOKEN & co., plus the named variables (a spec's `env:` references)."""
        self.add(*(environ.get(n) for n in sorted({*SECRET_ENV_VARS, *names})))

    def redactor(self) -> Redactor:
        return self._redactor

    def __call__(self, text: str) -> str:
        return self._redactor(text)


KNOWN = SecretRegistry()


def remember(*values: str | None) -> None:
    """Record secret values the moment they are obtained: from then on no printed line shows them."""
    KNOWN.add(*values)


class RedactingStream:
    """A text stream that masks KNOWN secrets in whatever passes through it to `target`.

    Text is held until a line is complete, so a token written in pieces (a library writing a
    message and its newline separately) is still seen whole; `flush` releases a partial line.
    """

    def __init__(self, target: TextIO, registry: SecretRegistry = KNOWN) -> None:
        self.target = target
        self.registry = registry
        self._pending = ""

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # bytes from a careless caller: decoded, never passed through raw
            text = bytes(text).decode("utf-8", "replace")
        self._pending += text
        if "\n" in self._pending:
            done, _, self._pending = self._pending.rpartition("\n")
            self.target.write(self.registry(done + "\n"))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._pending:
            self.target.write(self.registry(self._pending))
            self._pending = ""
        self.target.flush()

    def isatty(self) -> bool:
        return bool(getattr(self.target, "isatty", lambda: False)())

    def fileno(self) -> int:
        return int(self.target.fileno())

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:
        return str(getattr(self.target, "encoding", None) or "utf-8")

    @property
    def errors(self) -> str:
        return str(getattr(self.target, "errors", None) or "strict")

    @property
    def closed(self) -> bool:
        return bool(getattr(self.target, "closed", False))
