"""Stage 4a: the effective spec for one environment (its overrides applied), and the org it names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostics
from sfspec.load.document import SpecDocument
from sfspec.model.spec import Spec
from sfspec.orgref import OrgRef


@dataclass(frozen=True)
class Resolved:
    spec: Spec  # overrides applied
    environment: str | None
    org_ref: OrgRef | None  # OrgRef.resolved form; None when no environment is chosen


def _base_dir(spec_path: Path) -> Path:
    # `mock:` and `source:` paths in a spec are relative to the spec
    return spec_path if spec_path.is_dir() else spec_path.parent


def for_environment(
    spec: Spec, doc: SpecDocument, spec_path: Path, environment: str | None
) -> tuple[Resolved | None, Diagnostics]:
    diags = Diagnostics()
    if environment is None:
        return Resolved(spec, None, None), diags
    env = spec.environments.get(environment)
    if env is None:
        known = ", ".join(sorted(spec.environments)) or "(none declared)"
        diags.error(
            Code.SFS017,
            f"unknown environment {environment!r}",
            doc.locate(["environments"]),
            f"declared environments: {known}",
        )
        return None, diags
    systems = dict(spec.systems)
    for name, system in env.systems.items():
        if name in systems:
            update: dict[str, object] = {
                k: v for k, v in (("base_url", system.base_url), ("auth", system.auth)) if v is not None
            }
            systems[name] = systems[name].model_copy(update=update)
    flows = dict(spec.flows)
    for name, flow in env.flows.items():
        if name in flows:
            changes: dict[str, object] = {
                k: v for k, v in (("volume", flow.volume), ("schedule", flow.schedule)) if v is not None
            }
            flows[name] = flows[name].model_copy(update=changes)
    salesforce = spec.salesforce
    if env.salesforce is not None and env.salesforce.integration_user is not None:
        # a sandbox copies production's users with the sandbox name appended to each username
        salesforce = salesforce.model_copy(update={"integration_user": env.salesforce.integration_user})
    effective = spec.model_copy(update={"salesforce": salesforce, "systems": systems, "flows": flows})
    return Resolved(effective, environment, env.org.resolved(_base_dir(spec_path))), diags
