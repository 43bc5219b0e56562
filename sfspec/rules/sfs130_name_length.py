from __future__ import annotations

import re
from collections.abc import Iterable

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.rules.base import Rule, RuleContext, rule

MAX_NAME = 40  # Salesforce: an object's or field's name, before its __c suffix and after any namespace
_PARTS = re.compile(r"^(?:(?P<ns>[A-Za-z][A-Za-z0-9]*)__(?=.*__[a-z]+$))?(?P<name>.+?)(?:__(?P<suffix>c|e|mdt|x|b))?$")


def too_long(api_name: str) -> str | None:
    """The name part when it is longer than Salesforce allows, else None."""
    found = _PARTS.match(api_name)
    name = found["name"] if found else api_name
    return name if len(name) > MAX_NAME else None


@rule(Code.SFS130, "name-length")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Salesforce allows at most 40 characters for the name of an object or field, not counting a
    namespace prefix (`ns__`) or the suffix (`__c`, `__e`, `__mdt`, `__x`, `__b`). The spec
    language accepts 80-character API names (the longest Salesforce shows anywhere), so a longer
    custom name is refused here rather than by the deploy.
    """
    for obj_name, obj in ctx.spec.objects.items():
        if too_long(obj_name):
            yield r.finding(
                f"object name {obj_name} is longer than {MAX_NAME} characters before its suffix",
                ctx.at("objects", obj_name),
                f"shorten it to at most {MAX_NAME} characters",
            )
        for field_name in obj.fields:
            if too_long(field_name):
                yield r.finding(
                    f"field name {obj_name}.{field_name} is longer than {MAX_NAME} characters before its suffix",
                    ctx.at("objects", obj_name, "fields", field_name),
                    f"shorten it to at most {MAX_NAME} characters",
                )
