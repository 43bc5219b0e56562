"""Every bundled example validates with no findings at all (not even warnings), via the API and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from sfspec.api import check_spec
from sfspec.cli import main
from sfspec.resources import specs_dir

EXAMPLES = sorted((specs_dir() / "examples").glob("*.yaml"))
TRANSPORT_EXAMPLES = {
    "minimal",
    "rest-callout",
    "soap-callout",
    "bulk-inbound",
    "streaming-cdc",
    "streaming-platform-event",
    "on-demand-request-reply",
}


def test_one_example_per_transport_is_bundled() -> None:
    assert {p.stem for p in EXAMPLES} >= TRANSPORT_EXAMPLES


@pytest.mark.parametrize("spec", [*EXAMPLES, specs_dir() / "landscape"], ids=lambda p: p.stem)
def test_example_is_valid_without_findings(spec: Path) -> None:
    checked, diags = check_spec(spec)
    assert checked is not None, [d.format() for d in diags]
    assert [d.format() for d in diags] == []
    assert main(["validate", str(spec)]) == 0


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.stem)
def test_example_points_editors_at_the_schema(spec: Path) -> None:
    first = spec.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/sfspec.schema.json"
    assert (spec.parent / "../../schemas/sfspec.schema.json").resolve().is_file()


def test_examples_cover_every_transport_and_timing() -> None:
    flows = [f for spec in EXAMPLES if (c := check_spec(spec)[0]) for f in c.spec.flows.values()]
    assert {f.transport for f in flows} == {"rest", "soap", "bulk", "streaming"}
    assert {f.event for f in flows} >= {"cdc", "platform_event"}
    assert {f.timing for f in flows} == {"realtime", "scheduled", "on_demand"}
