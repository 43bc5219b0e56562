"""One normal form for what an org holds and what the spec wants: components keyed by type and name.

Every org reader (mock snapshot, SFDX project, live org) produces an ActualState; the generators'
output becomes a DesiredState. Both hold `Component`s whose `attributes` are the component's
metadata as a JSON tree with Metadata API element names (the shape of its -meta.xml, see
sfspec.sfdx_format.xml_to_attributes), so the diff compares like with like.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import Any

from sfspec.diagnostics import SourceRange
from sfspec.enums import StrEnum

MANAGED_MARKER = "Managed by sfspec"
"""Every generated component carries this text (Apex header comment, XML <description>)."""


class MetadataType(StrEnum):
    """The component types sfspec plans, in the order a deploy must create them (dependencies
    first; deletes run reversed). Each member is its Metadata API type name as a str."""

    CUSTOM_OBJECT = "CustomObject"
    CUSTOM_FIELD = "CustomField"
    PLATFORM_EVENT_CHANNEL = "PlatformEventChannel"
    PLATFORM_EVENT_CHANNEL_MEMBER = "PlatformEventChannelMember"
    CUSTOM_PERMISSION = "CustomPermission"
    EXTERNAL_CREDENTIAL = "ExternalCredential"
    NAMED_CREDENTIAL = "NamedCredential"
    REMOTE_SITE_SETTING = "RemoteSiteSetting"
    APEX_CLASS = "ApexClass"
    APEX_TRIGGER = "ApexTrigger"
    PLATFORM_EVENT_SUBSCRIBER_CONFIG = "PlatformEventSubscriberConfig"
    PERMISSION_SET = "PermissionSet"
    CUSTOM_METADATA = "CustomMetadata"
    MIDDLEWARE_FILE = "MiddlewareFile"  # not Salesforce metadata: a generated middleware file under out/


TYPE_ORDER: tuple[MetadataType, ...] = tuple(MetadataType)
ORG_TYPES: tuple[MetadataType, ...] = tuple(t for t in TYPE_ORDER if t is not MetadataType.MIDDLEWARE_FILE)
"""The types an org holds: middleware files live in out/ and the apply record, never in the org."""
APEX_TYPES: tuple[MetadataType, ...] = (MetadataType.APEX_CLASS, MetadataType.APEX_TRIGGER)
# A type's place in TYPE_ORDER by its name (a member hashes and compares as its str value): a plan
# sorts thousands of keys, and TYPE_ORDER.index per key was most of that time.
_TYPE_RANK: dict[str, int] = {t.value: i for i, t in enumerate(TYPE_ORDER)}


@dataclass(frozen=True, order=True, slots=True)
class ComponentKey:
    type: str
    name: str  # the Metadata API fullName, e.g. "Account.ERP_Id__c"; for MiddlewareFile the path under out/

    def __str__(self) -> str:
        return f"{self.type}:{self.name}"

    @classmethod
    def parse(cls, text: str) -> ComponentKey:
        type_, _, name = text.partition(":")
        return cls(type_, name)

    def sort_key(self) -> tuple[int, str]:
        """Dependency order: by TYPE_ORDER (unknown types last), then name."""
        return (_TYPE_RANK.get(self.type, len(TYPE_ORDER)), self.name)


by_name: Callable[[ComponentKey], tuple[str, str]] = attrgetter("type", "name")
"""The key of ComponentKey's own order (type name, then name) for sorted(): the same order as
sorting the keys themselves, without a Python-level `__lt__` call per comparison."""


class DerivedAttributes(Mapping[str, Any]):
    """Attributes built each time they are read, from what makes them (a generated -meta.xml's
    render context: generate/salesforce/emit.DeferredRender). A plan holds thousands of generated
    components whose attributes its diff reads once or never; a dict per component beside the
    context it was built from was a fifth of a plan's memory (bench/scale.py). Each read builds
    the whole mapping, so read it whole (`plain`, `items()`, `get`), not key by key."""

    __slots__ = ()

    def build(self) -> dict[str, Any]:
        raise NotImplementedError

    def __getitem__(self, key: str) -> Any:
        return self.build()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.build())

    def __len__(self) -> int:
        return len(self.build())

    def __contains__(self, key: object) -> bool:
        return key in self.build()

    def get(self, key: str, default: Any = None) -> Any:
        return self.build().get(key, default)

    def keys(self) -> KeysView[str]:
        return self.build().keys()

    def items(self) -> ItemsView[str, Any]:
        return self.build().items()

    def values(self) -> ValuesView[Any]:
        return self.build().values()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Mapping):
            return NotImplemented
        return self.build() == plain(other)

    __hash__ = None  # type: ignore[assignment]  # a mapping, compared by content


def plain(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """`attributes` as a new dict, built once (dict() of a mapping reads it key by key)."""
    return attributes.build() if isinstance(attributes, DerivedAttributes) else dict(attributes)


@dataclass(frozen=True, slots=True)
class Component:
    key: ComponentKey
    attributes: Mapping[str, Any] = field(default_factory=dict)
    # Apex source or a middleware file's text. A generated component may hold its file instead
    # (Component.generated): the body is then rendered on each read and never kept, since a plan
    # reads a body only where the org has the component, and rendered bodies were a tenth of a
    # plan's peak memory (bench/scale.py). What reads it more than once takes `with_body()` first.
    body: str | None = None
    source: SourceRange | None = None  # desired side: the spec location that caused it

    @classmethod
    def generated(
        cls, key: ComponentKey, attributes: Mapping[str, Any], body: GeneratedFile | None, source: SourceRange | None
    ) -> Component:
        """A generated component whose body is `body`'s content, read from the file when asked (a
        file rendered already is held as its text)."""
        made = cls(key, attributes, None, source)
        _BODY.__set__(made, body.text if body is not None and isinstance(body.text, str) else body)
        return made

    @property
    def has_body(self) -> bool:
        """Whether the component has a body, without rendering it."""
        return _BODY.__get__(self, Component) is not None

    def with_body(self) -> Component:
        """This component with its body in hand (rendered here, once, if generated): for a caller
        that reads the body more than once and drops the copy after."""
        if isinstance(_BODY.__get__(self, Component), GeneratedFile):
            return Component(self.key, self.attributes, self.body, self.source)
        return self

    def with_attributes(self, attributes: Mapping[str, Any]) -> Component:
        """This component with other attributes; a generated body stays unrendered."""
        made = Component(self.key, attributes, None, self.source)
        _BODY.__set__(made, _BODY.__get__(self, Component))
        return made

    @property
    def type(self) -> str:
        return self.key.type

    @property
    def name(self) -> str:
        return self.key.name

    @property
    def managed(self) -> bool:
        if MANAGED_MARKER in (self.body or ""):
            return True
        attributes = plain(self.attributes) if isinstance(self.attributes, DerivedAttributes) else self.attributes
        if MANAGED_MARKER in str(attributes.get("description", "")):
            return True
        # A custom metadata record has no description and a deploy drops XML comments: sfspec's carry
        # the marker in their label (TAF settings) or in a text value (a Trigger_Action's Description__c).
        return self.key.type == MetadataType.CUSTOM_METADATA and any(
            MANAGED_MARKER in str(v) for v in (attributes.get("label"), *_record_values(attributes))
        )

    def content_hash(self) -> str:
        payload = json.dumps({"a": plain(self.attributes), "b": self.body}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "name": self.name, "attributes": plain(self.attributes)}
        if self.body is not None:
            data["body"] = self.body
        return data


# `body` reads through what the slot holds: the text, or the generated file to render it from (not
# kept). The dataclass made the slot; its __init__, replace(), ==, repr and pickling all go through
# this property, so every caller sees a str (or None) as before.
_BODY = Component.__dict__["body"]


def _read_body(component: Component) -> str | None:
    held = _BODY.__get__(component, Component)
    return held.render() if isinstance(held, GeneratedFile) else held


setattr(Component, "body", property(_read_body, _BODY.__set__))  # noqa: B010  # mypy: `body` stays str | None


def _record_values(attributes: Mapping[str, Any]) -> list[object]:
    """The `value`s of a custom metadata record's `values` (one entry or a list of them)."""
    values = attributes.get("values")
    entries = values if isinstance(values, list) else [values]
    return [e.get("value") for e in entries if isinstance(e, dict)]


@dataclass(frozen=True)
class OrgFacts:
    """What the limits budget and the plan need to know about an org."""

    api_version: str = "63.0"
    edition: str = "enterprise"
    licenses: int | None = None
    instance: str = "mock"
    limits: Mapping[str, Mapping[str, int]] = field(
        default_factory=dict
    )  # /limits shape: {"DailyApiRequests": {"Max":…, "Remaining":…}}


@dataclass(frozen=True)
class ComponentSet:
    components: Mapping[ComponentKey, Component] = field(default_factory=dict)

    def __contains__(self, key: object) -> bool:
        return key in self.components

    def __iter__(self) -> Iterator[ComponentKey]:
        return iter(sorted(self.components, key=ComponentKey.sort_key))

    def __len__(self) -> int:
        return len(self.components)

    def get(self, key: ComponentKey) -> Component | None:
        return self.components.get(key)

    def keys(self) -> list[ComponentKey]:
        return list(self)

    def of_type(self, type_: str) -> list[Component]:
        return [self.components[k] for k in self if k.type == type_]

    @classmethod
    def of(cls, components: Iterable[Component]) -> ComponentSet:
        return cls({c.key: c for c in components})


def read_scope(key: ComponentKey) -> str:
    """What a reader can list whole: a metadata type, or the records of one custom metadata type
    (a record is named `<type>.<record>`)."""
    if key.type == MetadataType.CUSTOM_METADATA and "." in key.name:
        return records_scope(key.name.split(".", 1)[0])
    return key.type


def records_scope(custom_metadata_type: str) -> str:
    """The read scope of one custom metadata type's records, e.g. `CustomMetadata:Trigger_Action`."""
    return f"{MetadataType.CUSTOM_METADATA.value}:{custom_metadata_type}"


@dataclass(frozen=True)
class ActualState(ComponentSet):
    """What an org holds, as read by one of the org readers."""

    facts: OrgFacts = field(default_factory=OrgFacts)
    origin: str = ""  # e.g. "mock:specs/landscape/orgs/dev.json"; never contains a secret
    inventory: OrgInventory = field(default_factory=lambda: OrgInventory())
    # The read_scope()s of which the read saw every component the org holds (a live read's wildcard
    # types, the custom metadata types whose records it listed): a key of one of them that the
    # inventory does not name is absent, and asking the org again would only cost round trips.
    complete: frozenset[str] = frozenset()

    def surely_absent(self, key: ComponentKey) -> bool:
        if read_scope(key) not in self.complete:
            return False
        return key.name.lower() not in {n.lower() for n in self.inventory.names.get(key.type, {})}

    def fingerprint(self, keys: Iterable[ComponentKey] | None = None) -> dict[str, str | None]:
        """Content hash of each read component (None = absent), for stale-plan detection; a key
        given more than once is read once."""
        found: dict[str, str | None] = {}
        for k in sorted(keys if keys is not None else self.components, key=by_name):
            address = str(k)
            if address not in found:
                comp = self.components.get(k)
                found[address] = comp.content_hash() if comp is not None else None
        return found


@dataclass(frozen=True, eq=False, slots=True)
class GeneratedFile:
    """One file a generator writes under out/, with the component it makes (if any).

    `text` is the content, or how to render it: a -meta.xml is rendered only when something reads
    `content` (build, apply, a review), since a plan compares the attributes its generator built
    and rendering every field's XML was most of a plan's generation time and memory. An Apex
    class and a Camel route are rendered when read too: a plan reads one only where the org (or
    out/) has it, through its component's `body`."""

    path: str  # POSIX path relative to the output root, e.g. force-app/main/default/classes/X.cls
    text: str | Callable[[], str]
    source: SourceRange | None = None
    # a -meta.xml's attributes as its generator builds them (equal to parsing `content`), so the
    # desired state is not parsed back from generated XML: the deferred render itself, whose
    # attributes are built from its context when read (DerivedAttributes), never held beside it
    attributes: Mapping[str, Any] | None = field(default=None, repr=False)

    @property
    def content(self) -> str:
        """The text, rendered on the first read and kept: build and apply write every file and then
        deploy, and apply reads the Apex bodies again, so each is rendered once. A plan does not
        read this (see `render`)."""
        if isinstance(self.text, str):
            return self.text
        text = self.text()
        object.__setattr__(self, "text", text)  # rendered once, the renderer dropped
        return text

    def render(self) -> str:
        """The text, not kept: a plan reads a generated body once, only where the org has the
        component (the diff), and keeping it would hold every body the diff saw until the plan
        ends. A file whose content was read already (build, apply) gives its kept text."""
        return self.text if isinstance(self.text, str) else self.text()

    @property
    def rendered(self) -> bool:
        return isinstance(self.text, str)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GeneratedFile):
            return NotImplemented
        return (self.path, self.source, self.content) == (other.path, other.source, other.content)

    def __hash__(self) -> int:
        return hash((self.path, self.source))


@dataclass(frozen=True)
class DesiredState(ComponentSet):
    """The components the spec wants, and the files that make them."""

    files: tuple[GeneratedFile, ...] = ()


@dataclass(frozen=True)
class OrgTrigger:
    """An Apex trigger the org holds, whatever its name: the object it fires on and its events."""

    name: str
    object: str
    events: tuple[str, ...]  # "before insert", "after update", … as declared
    managed: bool
    calls: tuple[str, ...] = ()  # lower-cased handler classes it runs (`new X().run();`), comments ignored


@dataclass(frozen=True)
class OrgInventory:
    """Names the org already uses (as it spells them) and the triggers it runs, read with the
    components; generation avoids Apex names taken by unmanaged code, and the diff finds
    case-only name collisions and triggers sfspec's would run beside."""

    names: Mapping[str, Mapping[str, bool]] = field(default_factory=dict)  # type → {name: managed}
    triggers: tuple[OrgTrigger, ...] = ()

    def unmanaged(self, *types: str) -> set[str]:
        """Lower-cased names of the org's unmanaged components of `types` (Salesforce ignores case)."""
        return {n.lower() for t in types for n, managed in self.names.get(t, {}).items() if not managed}

    def triggers_on(self, obj: str) -> list[OrgTrigger]:
        return list(self._triggers_by_object.get(obj.lower(), ()))

    @cached_property
    def _triggers_by_object(self) -> dict[str, list[OrgTrigger]]:
        """The triggers by lower-cased object, built once: asked per generated trigger and per object."""
        index: dict[str, list[OrgTrigger]] = {}
        for t in self.triggers:
            index.setdefault(t.object.lower(), []).append(t)
        return index
