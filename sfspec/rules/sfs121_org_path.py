from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath, PureWindowsPath

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic
from sfspec.rules.base import Rule, RuleContext, rule


def escapes(path: str) -> bool:
    """True when a relative path leaves its base folder, or is absolute."""
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute() or path.startswith("~"):
        return True
    depth = 0
    for part in path.replace("\\", "/").split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part not in ("", "."):
            depth += 1
    return False


@rule(Code.SFS121, "org-path-outside-spec")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Mock snapshots and SFDX source folders are read (and, for mock orgs, written by `apply`)
    relative to the spec. An absolute path or one that climbs out with `..` makes the spec
    depend on one machine's layout and lets an apply write outside the repository. Keep the
    org files next to the spec, e.g. `mock:orgs/dev.json`.
    """
    for env_name, env in ctx.spec.environments.items():
        ref = env.org
        if not ref.live and escapes(ref.target):
            yield r.finding(
                f"environment {env_name!r}: {ref.kind}: path {ref.target!r} is outside the spec's folder",
                ctx.at("environments", env_name, "org", value=True),
                "use a relative path below the spec, e.g. `mock:orgs/dev.json`",
            )
