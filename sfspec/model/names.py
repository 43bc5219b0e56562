"""Spec names → Salesforce names: Apex identifiers (`pascal`) and metadata developer names
(`developer_name`), shortened deterministically (`shorten`). Shared by the generators
(sfspec.generate.salesforce.naming, which also settles clashes between generated names) and by
the rules that refuse spec names colliding with generated ones (SFS129)."""

from __future__ import annotations

import hashlib
import re


def words(text: str) -> list[str]:
    """Alphanumeric runs of a spec name, `__c`-style suffixes dropped."""
    text = re.sub(r"__(c|e|mdt|x|b)$", "", text)
    return [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]


def pascal(text: str) -> str:
    """`account-to-erp` → `AccountToErp`; `Invoice__c` → `Invoice`; never starts with a digit."""
    out = "".join(w[:1].upper() + w[1:] for w in words(text)) or "X"
    return out if out[0].isalpha() else "N" + out


def developer_name(text: str) -> str:
    """A metadata developer name: `erp` → `Erp`, `sap-s4` → `Sap_S4` (single underscores only)."""
    out = "_".join(w[:1].upper() + w[1:] for w in words(text)) or "X"
    return out if out[0].isalpha() else "N" + out


def short_hash(text: str, size: int = 5) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:size].upper()


def shorten(name: str, limit: int, original: str) -> str:
    """Fit `name` in `limit` characters, keeping it unique to `original` with a hash tail."""
    if len(name) <= limit:
        return name
    tail = "X" + short_hash(original)
    return name[: limit - len(tail)] + tail
