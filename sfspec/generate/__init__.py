"""Stage 4b: compile the effective spec into files under out/ and the desired state they make.

GENERATORS is the explicit registry: each entry takes a GenerationContext and returns
GeneratedFiles (paths relative to out/). The desired state is derived from those files, so what
is planned is exactly what `build` writes and `apply` deploys.
"""

from __future__ import annotations

from collections.abc import Callable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostics
from sfspec.generate.context import GenerationContext
from sfspec.sfdx_format import components_from_files
from sfspec.state import DesiredState, GeneratedFile

Generator = Callable[[GenerationContext], list[GeneratedFile]]


def _registry() -> dict[str, Generator]:
    registry: dict[str, Generator] = {}
    # Generators register here as they land: "salesforce" (Apex, metadata) and "middleware" (Camel, Meltano).
    from sfspec.generate import salesforce

    registry["salesforce"] = salesforce.generate
    from sfspec.generate import middleware

    registry["middleware"] = middleware.generate
    return registry


GENERATORS: dict[str, Generator] = _registry()


def generate(ctx: GenerationContext, only: tuple[str, ...] = ()) -> tuple[DesiredState, Diagnostics]:
    diags = Diagnostics()
    files: list[GeneratedFile] = []
    for name, generator in GENERATORS.items():
        if not only or name in only:
            files.extend(generator(ctx))
    seen: dict[str, GeneratedFile] = {}
    for f in files:
        if f.path in seen and seen[f.path].content != f.content:
            diags.error(Code.SFS900, f"two generators wrote different content to {f.path}", f.source)
        seen[f.path] = f
    ordered = tuple(sorted(seen.values(), key=lambda f: f.path))
    desired = DesiredState.of(components_from_files(ordered))
    return DesiredState(desired.components, files=ordered), diags
