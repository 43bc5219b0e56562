"""Names for generated Salesforce components: spec names → Apex identifiers and API names.

Apex identifiers are case-insensitive and at most 40 characters; metadata developer names allow
letters, digits and single underscores. Two spec names can map to the same identifier ("a-b" and
"a_b"), and long names must be shortened; `NameBook` settles both deterministically by appending
a short hash of the original name, so the same spec always yields the same names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The spec-name → Salesforce-name functions live in the model, so the rules can predict generated
# names (SFS129) exactly as the generators make them.
from sfspec.model.names import developer_name, pascal, short_hash, shorten, words

__all__ = ["NameBook", "developer_name", "pascal", "short_hash", "shorten", "words"]

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


@dataclass
class NameBook:
    """Hands out identifiers that are unique case-insensitively across everything generated."""

    taken: set[str] = field(default_factory=lambda: {n.lower() for n in SHARED_CLASSES})

    def _free(self, names: list[str]) -> bool:
        return all(n.lower() not in self.taken for n in names) and len({n.lower() for n in names}) == len(names)

    def claim_family(
        self,
        original: str,
        base: str,
        limit: int,
        suffixes: tuple[str, ...],
        alternative: str | None = None,
        reserved: frozenset[str] = frozenset(),
    ) -> str:
        """Claim `base + suffix` for every suffix; returns the base actually used. When the base is
        taken, a readable `alternative` is tried before a hash tail. `reserved` (lower-cased) are bases
        that are not free themselves (the base names a record too, e.g. a TAF setting)."""

        def free(candidate: str) -> bool:
            return candidate.lower() not in reserved and self._free([candidate + s for s in suffixes])

        candidate = shorten(base, limit, original)
        if alternative is not None and not free(candidate):
            candidate = shorten(alternative, limit, original)
        attempt = 0
        while not free(candidate):
            attempt += 1
            tail = "X" + short_hash(f"{original}#{attempt}")
            candidate = base[: limit - len(tail)] + tail
        self.taken.update((candidate + s).lower() for s in suffixes)
        return candidate

    def claim(self, original: str, name: str, limit: int) -> str:
        return self.claim_family(original, name, limit, ("",))
