"""The use cases, as plain functions: the only package the CLI calls for real work.

check.py (validate: load → schema → model → rules, then one environment), build.py (generate and
write out/), changes.py (plan, apply, drift), landscape.py (graph, docs, limits), org.py (snapshot,
import), adopt.py (adopt). Each composes the pipeline stages and returns `(value, Diagnostics)`;
the stages hold the domain logic.
"""

from sfspec.api.adopt import adopt
from sfspec.api.build import Desired, build, desired
from sfspec.api.changes import PlanRun, apply, drift, limit_warnings, plan, replan
from sfspec.api.check import CheckedSpec, check_spec, checked_for_environment
from sfspec.api.landscape import Landscape, landscape, landscape_docs, landscape_graph, landscape_limits, plan_diagram
from sfspec.api.org import ImportResult, import_org, org_option, org_snapshot

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
