"""Collects generated files: renders a template per file and remembers the spec line behind it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sfspec.diagnostics import SourceRange
from sfspec.generate.context import GenerationContext
from sfspec.generate.salesforce.attributes import BUILDERS
from sfspec.generate.templates import deferred, render
from sfspec.sfdx_format import source_path
from sfspec.state import MANAGED_MARKER, ComponentKey, DerivedAttributes, GeneratedFile, MetadataType

TEMPLATES = "salesforce"


def one_line(text: str, limit: int) -> str:
    """Whitespace collapsed, cut to `limit` characters (Salesforce counts characters, not bytes)."""
    text = str(text)
    flat = " ".join(text.split())
    if len(flat) > limit:
        return flat[: limit - 3].rstrip() + "..."
    return text if flat == text else flat  # the spec's own string, not an equal copy held beside it


def managed_description(text: str, limit: int = 1000) -> str:
    """The managed marker first (so truncation never loses it), then the why. No spec path or
    line: those live in the plan, and a description that changed with them would be an update."""
    return one_line(f"{MANAGED_MARKER}. {one_line(text, max(0, limit - len(MANAGED_MARKER) - 2))}", limit)


def xml_comment_text(text: str) -> str:
    """Text safe inside <!-- -->: no `--`, no trailing `-` (XML 1.0 §2.5); escaping happens in the template."""
    flat = " ".join(str(text).split())
    while "--" in flat:
        flat = flat.replace("--", "- -")
    return flat.rstrip("-")


class MetadataRender(DerivedAttributes):
    """A -meta.xml from a template: its text, rendered when first read (called), and its attributes,
    built from the same context whenever they are read (it is the component's attributes mapping).
    A plan holds one per generated metadata file and renders none of them."""

    __slots__ = ()

    def template_name(self) -> str:
        """The template, under TEMPLATES."""
        raise NotImplementedError

    def context(self) -> dict[str, Any]:
        raise NotImplementedError

    def __call__(self) -> str:
        return render(f"{TEMPLATES}/{self.template_name()}", **self.context())

    def build(self) -> dict[str, Any]:
        return BUILDERS[self.template_name()](self.context())


@dataclass(frozen=True, slots=True, eq=False)
class DeferredRender(MetadataRender):
    """A template and its context's values: a tuple of values beside a tuple of names shared by
    every file of the same call site takes a third of a partial and its keyword dict, and no
    attribute dict is held beside it (bench/scale.py's peak memory)."""

    template: str
    names: tuple[str, ...]
    given: tuple[object, ...]  # the context's values, in the order of `names`

    def template_name(self) -> str:
        return self.template

    def context(self) -> dict[str, Any]:
        return dict(zip(self.names, self.given, strict=True))


@dataclass
class Emitter:
    ctx: GenerationContext
    files: list[GeneratedFile] = field(default_factory=list)
    _names: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict, repr=False)

    # ── spec locations ──────────────────────────────────────────────────────────────────────
    def at(self, *path: str | int) -> SourceRange:
        return self.ctx.at(*path)

    def locator(self, *prefix: str | int) -> Callable[[str | int], SourceRange]:
        return self.ctx.locator(*prefix)

    def description(self, text: str, limit: int = 1000) -> str:
        return managed_description(text, limit)

    # ── files ───────────────────────────────────────────────────────────────────────────────
    def raw(self, out_path: str, template: str, source: SourceRange | None, /, **context: object) -> None:
        self.files.append(GeneratedFile(out_path, render(f"{TEMPLATES}/{template}", **context), source))

    def metadata(self, key: ComponentKey, template: str, source: SourceRange | None, /, **context: object) -> None:
        """A -meta.xml and, beside it, the attributes it holds (the desired state is not parsed
        back from the XML); a template without an attribute builder is a programming error. The
        XML is rendered when first read (a plan never reads it)."""
        names = tuple(context)
        self.rendered(
            key, DeferredRender(template, self._names.setdefault(names, names), tuple(context.values())), source
        )

    def rendered(self, key: ComponentKey, text: MetadataRender, source: SourceRange | None) -> None:
        """A -meta.xml whose render context is made by `text` itself."""
        if text.template_name() not in BUILDERS:
            raise KeyError(f"{text.template_name()}: a metadata template without an attribute builder")
        self.files.append(GeneratedFile(source_path(key), text, source, attributes=text))

    def apex(self, type_: str, name: str, template: str, source: SourceRange | None, /, **context: object) -> None:
        """An Apex class or trigger: the body from `template` and its -meta.xml."""
        key = ComponentKey(type_, name)
        header = {"marker": MANAGED_MARKER, "api_version": self.ctx.api_version}
        path = source_path(key, meta=False)
        if type_ == MetadataType.APEX_TRIGGER:  # small, and every plan reads its header (diff.coexist)
            self.raw(path, template, source, name=name, **header, **context)
        else:  # a class is rendered when read: build, apply, or a plan's diff where the org has it
            body = deferred(f"{TEMPLATES}/{template}", self._names, name=name, **header, **context)
            self.files.append(GeneratedFile(path, body, source))
        self.metadata(key, "apex/meta.xml.j2", source, type=type_, **header)
