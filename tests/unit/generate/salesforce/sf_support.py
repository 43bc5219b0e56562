"""Helpers for the Salesforce generator tests (a uniquely named module: every test folder has a
`conftest`, so `from conftest import …` would pick whichever was imported first)."""

from __future__ import annotations

import sys
from pathlib import Path

from sfspec import resolve
from sfspec.api import check_spec
from sfspec.generate.context import GenerationContext
from sfspec.generate.salesforce import generate
from sfspec.resources import specs_dir
from sfspec.sfdx_format import classify, xml_to_attributes
from sfspec.state import GeneratedFile

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
sys.path.insert(0, str(ROOT / "tests" / "validators"))

import apexls  # noqa: E402,F401  (tests/validators/apexls.py: the semantic check)
import salesforce as validators  # noqa: E402,F401  (tests/validators/salesforce.py, used by the tests)


def spec_cases() -> dict[str, tuple[Path, str | None]]:
    """name → (spec path, environment): the landscape (dev), every example, the every-shape fixture."""
    cases: dict[str, tuple[Path, str | None]] = {"landscape": (specs_dir() / "landscape", "dev")}
    for example in sorted((specs_dir() / "examples").glob("*.y*ml")):
        cases[f"example-{example.stem}"] = (example, None)
    cases["every_shape"] = (HERE / "fixtures" / "every_shape.yaml", None)
    cases["trigger_actions"] = (HERE / "fixtures" / "trigger_actions.yaml", None)
    return cases


def generate_files(spec_path: Path, environment: str | None = None) -> list[GeneratedFile]:
    checked, diags = check_spec(spec_path)
    assert checked is not None, [d.format() for d in diags]
    resolved, diags = resolve.for_environment(checked.spec, checked.doc, spec_path, environment)
    assert resolved is not None, [d.format() for d in diags]
    return generate(GenerationContext(resolved.spec, checked.doc, resolved.environment))


def write_tree(files: list[GeneratedFile], root: Path) -> Path:
    for f in files:
        target = root / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f.content, encoding="utf-8", newline="\n")
    return root


PACKAGE = "force-app/main/default/"


def attribute_mismatches(files: list[GeneratedFile]) -> dict[str, object]:
    """path → what differs, for every metadata file whose built attributes are not its parse."""
    found: dict[str, object] = {}
    for f in files:
        role = classify(f.path[len(PACKAGE) :]) if f.path.startswith(PACKAGE) else None
        if role is None or not role.is_meta:
            continue
        parsed_type, parsed = xml_to_attributes(f.content)
        if f.attributes is None:
            found[f.path] = "no attributes were built"
        elif parsed_type != role.key.type or dict(f.attributes) != parsed:
            found[f.path] = {"built": f.attributes, "parsed": (parsed_type, parsed)}
    return found
