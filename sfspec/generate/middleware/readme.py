"""middleware/README.md: which flow runs where, the variables to set, how to run and recover."""

from __future__ import annotations

import re

from sfspec.generate.context import GenerationContext
from sfspec.generate.middleware.camel.files import CAMEL_VERSION, CamelReport
from sfspec.generate.middleware.environments import meltano_environments
from sfspec.generate.middleware.flows import RouteKind, middleware_flows, salesforce_system
from sfspec.generate.middleware.meltano import MeltanoJob
from sfspec.generate.templates import render
from sfspec.state import MANAGED_MARKER, GeneratedFile

_ENV = re.compile(r"\{\{env:([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}\}")


def readme_file(
    ctx: GenerationContext, camel: CamelReport, meltano: list[MeltanoJob], skipped_flows: list[tuple[str, str]]
) -> GeneratedFile:
    camel_vars = sorted({m for p in camel.properties for m in _ENV.findall(p.value)})
    secret_vars = sorted({m for p in camel.properties if p.secret for m in _ENV.findall(p.value)})
    rows = []
    routed: dict[str, list[str]] = {}
    for r in camel.routes:
        kind = "update" if r.kind is RouteKind.UPSERT and r.write == "update" else r.kind.replace("_", " ")
        routed.setdefault(r.flow, []).append(f"camel/{r.name}.camel.yaml ({kind})")
    jobs = {j.name for j in meltano}
    skipped = dict(skipped_flows)
    for mf in middleware_flows(ctx.spec):
        if mf.name in routed:
            what = ", ".join(routed[mf.name])
        elif mf.name in jobs:
            what = f"meltano/meltano.yml (job {mf.name})"
        else:
            what = "not generated: " + skipped[mf.name]
        rows.append((mf.name, f"{mf.flow.source} → {mf.flow.target}", mf.via, mf.engine, what))
    text = render(
        "middleware/README.md.j2",
        marker=MANAGED_MARKER,
        rows=rows,
        camel=camel,
        meltano=meltano,
        camel_vars=camel_vars,
        secret_vars=secret_vars,
        camel_version=CAMEL_VERSION,
        meltano_envs=meltano_environments(ctx.spec, salesforce_system(ctx.spec))[0],
    )
    return GeneratedFile("middleware/README.md", text, ctx.at("flows"))
