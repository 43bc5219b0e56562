"""Nothing in a plan grows faster than its input (issue 16).

The same synthetic landscape (bench/synth.py: every flow shape, written without sfspec's code) at two
sizes five times apart in objects, flows and remote systems is planned, the plan rendered as text
and every generated file rendered as `build` writes it, and the Python lines each function executes
are counted (sys.settrace: a count, the same on any machine, unlike a time). Code that scans every
flow, object or system once per flow, object or system runs ~25x the lines at 5x the input; linear
code 5x. Scans inside C (`x in a_list`, `sorted`) are not counted; they cost far less a step.

A plan of 5,000 objects and 3,000 flows (about a minute of CPU here) is run once too, untraced: it
must finish and name every object; its time, and the curve 50 → 500 → 5,000, are measured in
bench/scale.py.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import CodeType, FrameType, ModuleType
from typing import Any

import jinja2
import pytest

import sfspec
from sfspec import api
from sfspec.render import RENDERERS, Report
from sfspec.resources import templates_dir
from sfspec.state import MetadataType

ROOT = Path(__file__).resolve().parents[2]
# sfspec, its compiled templates, jinja2 (template filters loop there) and this file (the planted
# scan); other libraries are linear in what sfspec hands them, and tracing them too would double
# the test's time.
TRACED = tuple(
    str(p) for p in (Path(sfspec.__file__).parent, templates_dir(), Path(jinja2.__file__).parent, Path(__file__))
)
SMALL, LARGE = 20, 100  # objects: 12 and 60 flows (each of the twelve shapes once, then five times)
GROWTH = LARGE / SMALL
# Per function: linear code runs 5.0x the lines here (5.1x at most); the scans per flow this test
# was written against ran 9x-16x (fewer than 25x: part of their lines are per call, not per step).
PER_FUNCTION_MAX = 1.6 * GROWTH
MIN_LINES = 20  # fewer lines at the large size: too few to tell
TOTAL_MAX = 1.1 * GROWTH  # the goal: 10x more input costs at most 11x


def _synth() -> ModuleType:
    path = ROOT / "bench" / "synth.py"
    spec = importlib.util.spec_from_file_location("bench_synth", path)
    assert spec is not None and spec.loader is not None, f"{path} is part of the repository"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _lines(folder: Path, out: Path) -> Counter[CodeType]:
    """Lines executed per code object (sfspec's, its templates' and jinja2's) by a plan of `folder`
    with the plan rendered as text and every generated file rendered, as `build` writes them."""
    counts: Counter[CodeType] = Counter()

    def local(frame: FrameType, event: str, _arg: Any) -> Any:
        if event == "line":
            counts[frame.f_code] += 1
        return local

    def call(frame: FrameType, _event: str, _arg: Any) -> Any:
        return local if frame.f_code.co_filename.startswith(TRACED) else None

    previous = sys.gettrace()
    sys.settrace(call)
    try:
        run, diags = api.plan(folder, "bench", out_dir=out)
        assert run is not None, [d.format() for d in diags.errors()][:10]
        text = RENDERERS["text"](Report(run.plan), color=False)
        rendered = [f.content for f in run.desired.state.files]
    finally:
        sys.settrace(previous)
    assert "Plan:" in text and all(rendered)
    return counts


def _where(code: CodeType) -> str:
    return f"{code.co_filename}:{code.co_firstlineno} ({code.co_name})"


def _scan_every_flow(spec: Any) -> None:
    """Planted (negative control): one step per flow of the spec, called once per flow."""
    for _name in spec.flows:
        pass


@pytest.mark.slow
def test_plan_and_build_cost_grows_with_the_input_not_its_square(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sfspec.generate.salesforce import layout

    real = layout._is_middleware

    def is_middleware(spec: Any, name: str | None) -> bool:  # asked once per flow out of Salesforce
        _scan_every_flow(spec)
        return real(spec, name)

    monkeypatch.setattr(layout, "_is_middleware", is_middleware)
    synth = _synth()
    small = synth.write_landscape(tmp_path / "small", SMALL, systems=2)
    large = synth.write_landscape(tmp_path / "large", LARGE, systems=int(2 * GROWTH))
    _lines(small, tmp_path / "warm")  # imports, compiled templates and schemas: once per process
    before = _lines(small, tmp_path / "out")
    after = _lines(large, tmp_path / "out")

    total = sum(after.values()) / sum(before.values())
    assert total <= TOTAL_MAX, f"{GROWTH:.0f}x the input executed {total:.1f}x the lines"
    superlinear = {
        code: f"{n / max(before[code], 1):.0f}x ({before[code]} → {n} lines): {_where(code)}"
        for code, n in after.items()
        # a function the small run never ran (memoised in the warm-up, a branch only the large
        # input takes) has no ratio; the total counts it
        if n >= MIN_LINES and before[code] and n > PER_FUNCTION_MAX * before[code]
    }
    assert _scan_every_flow.__code__ in superlinear, "the planted scan per flow is found"
    del superlinear[_scan_every_flow.__code__]
    assert not superlinear, "\n".join(sorted(superlinear.values()))


@pytest.mark.slow
def test_a_plan_of_5000_objects_and_3000_flows_finishes(tmp_path: Path) -> None:
    synth = _synth()
    folder = synth.write_landscape(tmp_path / "spec", 5000)
    run, diags = api.plan(folder, "bench", out_dir=tmp_path / "out")
    assert run is not None and not diags.items, [d.format() for d in diags.items][:10]
    spec = run.desired.resolved.spec
    assert (len(spec.objects), len(spec.flows)) == (5000, 3000)
    planned = {c.key.name for c in run.plan.changes if c.key.type == MetadataType.CUSTOM_OBJECT}
    assert {name for name in spec.objects if name.endswith("__c")} <= planned
    assert "Plan:" in RENDERERS["text"](Report(run.plan), color=False)
