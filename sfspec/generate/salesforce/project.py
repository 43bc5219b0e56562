"""The project frame around the metadata: sfdx-project.json, manifest/package.xml, POSTDEPLOY.md.

package.xml is derived from the files actually emitted (through the same classification the
desired state uses), so the manifest and the tree cannot disagree.
"""

from __future__ import annotations

from collections import defaultdict

from sfspec.generate.salesforce.credentials import CredentialModel
from sfspec.generate.salesforce.emit import Emitter
from sfspec.generate.salesforce.layout import SalesforceLayout
from sfspec.sfdx_format import classify


def manifest_types(em: Emitter) -> list[tuple[str, list[str]]]:
    members: dict[str, set[str]] = defaultdict(set)
    for f in em.files:
        role = classify(f.path) if f.path.startswith("force-app/") else None
        if role is not None:
            members[role.key.type].add(role.key.name)
    return [(t, sorted(members[t])) for t in sorted(members)]


def emit_project(
    em: Emitter, layout: SalesforceLayout, credentials: list[CredentialModel], subscriber_configs: list[str]
) -> None:
    spec = em.ctx.spec
    em.raw(
        "sfdx-project.json",
        "project/sfdx-project.json.j2",
        em.at("salesforce"),
        name=spec.name or "sfspec-generated",
        api_version=em.ctx.api_version,
    )
    types = manifest_types(em)
    em.raw("manifest/package.xml", "project/package.xml.j2", None, types=types, api_version=em.ctx.api_version)
    em.raw(
        "POSTDEPLOY.md",
        "project/POSTDEPLOY.md.j2",
        None,
        spec=spec,
        layout=layout,
        credentials=credentials,
        # who calls each system, read per credential: gathered in one pass over the callouts
        sync_job_systems={c.system for c in layout.callouts if c.realtime},
        on_demand_systems={c.system for c in layout.callouts if not c.realtime},
        bound=sorted(layout.bound.items()),
        subscriber_configs=subscriber_configs,
        permission_set=spec.salesforce.integration_permission_set,
        integration_user=spec.salesforce.integration_user or "",
    )
