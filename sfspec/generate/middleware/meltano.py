"""The Meltano project for scheduled bulk flows: meltano.yml plus a logging.yaml that keeps
the tap's token request out of the logs.

One base `tap-salesforce` with its full definition (no Hub lookup), one inheriting extractor
per flow that selects exactly the flow's objects and their declared fields, the loader of the
target warehouse, a job and a schedule per flow.
"""

from __future__ import annotations

from dataclasses import dataclass

from sfspec.generate.context import GenerationContext
from sfspec.generate.middleware.cron import five_field
from sfspec.generate.middleware.environments import meltano_environments
from sfspec.generate.middleware.flows import MiddlewareFlow, objects_of, salesforce_system
from sfspec.generate.middleware.loaders import JSONL, Loader, loader_for
from sfspec.generate.middleware.naming import env_name, one_line
from sfspec.generate.templates import render
from sfspec.model.flows import Transport
from sfspec.state import MANAGED_MARKER, GeneratedFile

MELTANO_DIR = "middleware/meltano"
TAP_PIP_URL = "tap-salesforce==2.8.1"
REPLICATION_KEY = "SystemModstamp"
BULK_THRESHOLD = 10_000  # records/day from which the tap uses the Bulk API


@dataclass(frozen=True)
class MeltanoJob:
    name: str
    description: str
    extractor: str
    loader: str
    objects: tuple[str, ...]
    select: tuple[str, ...]
    schedule: str
    api_type: str


def _select(ctx: GenerationContext, obj: str) -> list[str]:
    spec_obj = ctx.spec.objects.get(obj)
    fields = ["Id", *(spec_obj.fields if spec_obj else ()), REPLICATION_KEY]
    return [f"{obj}.{f}" for f in dict.fromkeys(fields)]


def meltano_jobs(
    ctx: GenerationContext, flows: list[MiddlewareFlow]
) -> tuple[list[MeltanoJob], list[Loader], list[tuple[str, str]]]:
    org = salesforce_system(ctx.spec)
    jobs, loaders, skipped = [], {JSONL.name: JSONL}, []
    for mf in flows:
        flow = mf.flow
        if flow.source != org or not objects_of(flow):
            skipped.append((mf.name, "Meltano flows export from Salesforce (tap-salesforce) into a warehouse"))
            continue
        loader = loader_for(flow.target, ctx.spec.systems[flow.target])
        loaders.setdefault(loader.name, loader)
        volume = flow.volume.records_per_day if flow.volume else 0
        objects = tuple(objects_of(flow))
        jobs.append(
            MeltanoJob(
                name=mf.name,
                description=one_line(flow.description or ""),
                extractor=f"tap-salesforce--{mf.name}",
                loader=loader.name,
                objects=objects,
                select=tuple(s for obj in objects for s in _select(ctx, obj)),
                schedule=five_field(flow.schedule) if flow.schedule else "@daily",
                api_type="BULK" if flow.transport is Transport.bulk or volume >= BULK_THRESHOLD else "REST",
            )
        )
    return jobs, sorted(loaders.values(), key=lambda loader: loader.name), skipped


def _salesforce_env(ctx: GenerationContext) -> dict[str, str]:
    org = salesforce_system(ctx.spec)
    auth = ctx.spec.systems[org].auth if org else None
    return {
        "client_id": env_name(auth.client_id) if auth and auth.client_id else "SF_CLIENT_ID",
        "client_secret": env_name(auth.client_secret) if auth and auth.client_secret else "SF_CLIENT_SECRET",
        "refresh_token": "SF_REFRESH_TOKEN",
    }


def meltano_files(
    ctx: GenerationContext, flows: list[MiddlewareFlow]
) -> tuple[list[GeneratedFile], list[MeltanoJob], list[tuple[str, str]]]:
    """The project files, its jobs, and (flow, reason) for the flows Meltano cannot carry."""
    jobs, loaders, skipped = meltano_jobs(ctx, flows)
    if not jobs:
        return [], jobs, skipped
    project = f"sfspec-{ctx.spec.name or 'landscape'}"
    environments, default_environment = meltano_environments(ctx.spec, salesforce_system(ctx.spec))
    text = render(
        "middleware/meltano/meltano.yml.j2",
        marker=MANAGED_MARKER,
        project=project,
        jobs=jobs,
        loaders=loaders,
        tap_pip_url=TAP_PIP_URL,
        sf_env=_salesforce_env(ctx),
        replication_key=REPLICATION_KEY,
        environments=environments,
        default_environment=default_environment,
    )
    logging = render("middleware/meltano/logging.yaml.j2", marker=MANAGED_MARKER)
    source = ctx.at("flows", jobs[0].name)
    return (
        [
            GeneratedFile(f"{MELTANO_DIR}/meltano.yml", text, source),
            GeneratedFile(f"{MELTANO_DIR}/logging.yaml", logging, source),
        ],
        jobs,
        skipped,
    )
