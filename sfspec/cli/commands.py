"""The explicit command registry; each command lives in its own module beside this one."""

from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Settings:
    no_color: bool = False
    verbose: int = 0


def _collect() -> list[click.Command]:
    from sfspec.cli import (
        adopt_cmd,
        apply_cmd,
        build_cmd,
        completion_cmd,
        docs_cmd,
        drift_cmd,
        fmt_cmd,
        graph_cmd,
        import_cmd,
        limits_cmd,
        org_cmd,
        plan_cmd,
        rules_cmd,
        schema_cmd,
        validate_cmd,
    )

    return [
        validate_cmd.validate,
        fmt_cmd.fmt,
        build_cmd.build,
        plan_cmd.plan,
        apply_cmd.apply,
        drift_cmd.drift,
        graph_cmd.graph,
        docs_cmd.docs,
        rules_cmd.rules,
        limits_cmd.limits,
        org_cmd.org,
        import_cmd.import_,
        adopt_cmd.adopt,
        schema_cmd.schema,
        completion_cmd.completion,
    ]


ALL: list[click.Command] = _collect()
