"""Middleware generator: Apache Camel routes for realtime flows through the ESB, a Meltano
project for scheduled bulk flows (docs/middleware-output.md describes both).

Every file lives under middleware/ (which sfspec.sfdx_format turns into MiddlewareFile
components for the plan), carries the managed marker and names the spec line it came from.
"""

from __future__ import annotations

from sfspec.generate.context import GenerationContext
from sfspec.generate.middleware.camel.files import camel_files
from sfspec.generate.middleware.flows import middleware_flows
from sfspec.generate.middleware.meltano import meltano_files
from sfspec.generate.middleware.readme import readme_file
from sfspec.model.systems import Engine
from sfspec.state import GeneratedFile


def generate(ctx: GenerationContext) -> list[GeneratedFile]:
    flows = middleware_flows(ctx.spec)
    if not flows:
        return []
    camel_flows = [f for f in flows if f.engine is Engine.camel]
    meltano_flows = [f for f in flows if f.engine is Engine.meltano]
    camel, camel_report = camel_files(ctx, camel_flows)
    meltano, jobs, meltano_skipped = meltano_files(ctx, meltano_flows)
    files = camel + meltano
    files.append(readme_file(ctx, camel_report, jobs, camel_report.skipped + meltano_skipped))
    return sorted(files, key=lambda f: f.path)
