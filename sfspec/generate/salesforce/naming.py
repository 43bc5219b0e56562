"""Names for generated Salesforce components: spec names → Apex identifiers and API names.

Apex identifiers are case-insensitive and at most 40 characters; metadata developer names allow
letters, digits and single underscores. Two spec names can map to the same identifier ("a-b" and
"a_b"), and long names must be shortened; `NameBook` settles both deterministically by appending
a short hash of the original name, so the same spec always yields the same names.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

APEX_MAX = 40
# The longest suffix a flow's base name gets (…EventHandler); keeps every derived class ≤ 40.
FLOW_SUFFIXES = ("Service", "Client", "EventHandler", "EventTrigger", "Queueable", "Finalizer", "Test")
FLOW_BASE_MAX = APEX_MAX - max(len(s) for s in FLOW_SUFFIXES)
OBJECT_SUFFIXES = ("Trigger", "TriggerHandler")
OBJECT_BASE_MAX = APEX_MAX - max(len(s) for s in OBJECT_SUFFIXES)

# Classes every project gets; no derived name may take one of these.
SHARED_CLASSES = (
    "SfspecTriggerHandler",
    "SfspecCalloutResult",
    "SfspecPayload",
    "SfspecDeadLetter",
    "SfspecSharedTest",
)


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


@dataclass
class NameBook:
    """Hands out identifiers that are unique case-insensitively across everything generated."""

    taken: set[str] = field(default_factory=lambda: {n.lower() for n in SHARED_CLASSES})

    def _free(self, names: list[str]) -> bool:
        return all(n.lower() not in self.taken for n in names) and len({n.lower() for n in names}) == len(names)

    def claim_family(self, original: str, base: str, limit: int, suffixes: tuple[str, ...]) -> str:
        """Claim `base + suffix` for every suffix; returns the base actually used."""
        candidate = shorten(base, limit, original)
        attempt = 0
        while not self._free([candidate + s for s in suffixes]):
            attempt += 1
            tail = "X" + short_hash(f"{original}#{attempt}")
            candidate = base[: limit - len(tail)] + tail
        self.taken.update((candidate + s).lower() for s in suffixes)
        return candidate

    def claim(self, original: str, name: str, limit: int) -> str:
        return self.claim_family(original, name, limit, ("",))
