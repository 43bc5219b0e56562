from __future__ import annotations

from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.model import is_salesforce
from sfspec.model.names import developer_name, shorten
from sfspec.rules.base import Rule, RuleContext, rule

# Made by sfspec in every project with an Apex callout or a published event (generate/salesforce).
DEAD_LETTER = "Integration_Error__c"
EVENT_BASE_MAX = 40 - len("_Event")


def _event_name(flow: str) -> str:
    """The platform event a flow from the org gets, as sfspec names it (generate/salesforce/plan.py)."""
    return shorten(developer_name(flow), EVENT_BASE_MAX, flow + "#event") + "_Event__e"


@rule(Code.SFS129, "name-clash")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Salesforce API names ignore case: `Invoice__c` and `invoice__c` are one object, and two
    fields of an object whose names differ only in case are one field; the second would overwrite
    the first at deploy. sfspec also makes components of its own, and a spec object may not take
    their names: the dead-letter object `Integration_Error__c`, and the platform event of a flow
    from the org (`<Flow_Name>_Event__e`). Nor may `salesforce.integration_permission_set` take
    the name of a callout permission set sfspec generates (`sfspec_<System>_Callout`).
    """
    spec = ctx.spec
    seen: dict[str, str] = {}
    for name in spec.objects:
        other = seen.setdefault(name.lower(), name)
        if other != name:
            yield r.finding(
                f"object {name} differs from object {other} only in case; Salesforce sees one object",
                ctx.at("objects", name),
                "keep one of them",
            )
        fields: dict[str, str] = {}
        for field in spec.objects[name].fields:
            twin = fields.setdefault(field.lower(), field)
            if twin != field:
                yield r.finding(
                    f"field {name}.{field} differs from {name}.{twin} only in case; Salesforce sees one field",
                    ctx.at("objects", name, "fields", field),
                    "keep one of them",
                )
    reserved = {DEAD_LETTER.lower(): f"the dead-letter object sfspec generates ({DEAD_LETTER})"}
    for flow_name, flow in spec.flows.items():
        if is_salesforce(spec, flow.source):
            event = _event_name(flow_name)
            reserved[event.lower()] = f"the platform event sfspec generates for flow {flow_name} ({event})"
    for name in spec.objects:
        if name.lower() in reserved:
            yield r.finding(
                f"object {name} takes the name of {reserved[name.lower()]}",
                ctx.at("objects", name),
                "rename the object",
            )
    permission_set = spec.salesforce.integration_permission_set
    for system in spec.systems:
        callout = f"sfspec_{shorten(developer_name(system), 40 - len('_API'), 'cred#' + system)}_Callout"
        if permission_set.lower() == callout.lower():
            yield r.finding(
                f"integration_permission_set {permission_set} takes the name of the callout permission set "
                f"sfspec generates for system {system}",
                ctx.at("salesforce", "integration_permission_set", value=True),
                "choose another name (the default is sfspec_Integration)",
            )
