"""The use cases, as plain functions: the only package the CLI calls for real work.

check.py (validate: load → schema → model → rules, then one environment), build.py (generate and
write out/), changes.py (plan, apply, drift), landscape.py (graph, docs, limits), org.py (snapshot,
import), adopt.py (adopt). Each composes the pipeline stages and returns `(value, Diagnostics)`;
the stages hold the domain logic.

Each name is imported from its module when first asked for (PEP 562): `sfspec validate` needs
check.py only, not the state model and the rest that build, plan and adopt bring.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sfspec.api.adopt import adopt
    from sfspec.api.build import Desired, build, desired
    from sfspec.api.changes import PlanRun, apply, drift, limit_warnings, plan, replan
    from sfspec.api.check import CheckedSpec, check_spec, checked_for_environment
    from sfspec.api.landscape import (
        Landscape,
        landscape,
        landscape_docs,
        landscape_graph,
        landscape_limits,
        plan_diagram,
    )
    from sfspec.api.org import ImportResult, import_org, org_option, org_snapshot

_MODULE_OF = {
    "adopt": "adopt",
    "Desired": "build",
    "build": "build",
    "desired": "build",
    "PlanRun": "changes",
    "apply": "changes",
    "drift": "changes",
    "limit_warnings": "changes",
    "plan": "changes",
    "replan": "changes",
    "CheckedSpec": "check",
    "check_spec": "check",
    "checked_for_environment": "check",
    "Landscape": "landscape",
    "landscape": "landscape",
    "landscape_docs": "landscape",
    "landscape_graph": "landscape",
    "landscape_limits": "landscape",
    "plan_diagram": "landscape",
    "ImportResult": "org",
    "import_org": "org",
    "org_option": "org",
    "org_snapshot": "org",
}
__all__ = [
    "CheckedSpec",
    "Desired",
    "ImportResult",
    "Landscape",
    "PlanRun",
    "adopt",
    "apply",
    "build",
    "check_spec",
    "checked_for_environment",
    "desired",
    "drift",
    "import_org",
    "landscape",
    "landscape_docs",
    "landscape_graph",
    "landscape_limits",
    "limit_warnings",
    "org_option",
    "org_snapshot",
    "plan",
    "plan_diagram",
    "replan",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


class _Api(ModuleType):
    """`adopt`, `build` and `landscape` name both a use case and its module. Importing the module
    sets the package's attribute to the module; the use case keeps the name, as it did when this
    package imported every module up front."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, ModuleType) and name in _MODULE_OF:
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Api
