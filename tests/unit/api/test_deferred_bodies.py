"""Generated Apex classes and Camel routes are rendered when read, never at generation, and a plan
renders each at most once (issue 16: the desired state held every rendered body, a tenth of a
plan's peak memory). Counted per render of the seed landscape, not timed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sfspec.api import apply, desired, plan
from sfspec.diff import Action
from sfspec.generate.templates import DeferredText
from sfspec.state import GeneratedFile


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[DeferredText]:
    """Every DeferredText rendered from now on, once per render (each kept, so ids stay unique)."""
    calls: list[DeferredText] = []
    real = DeferredText.__call__

    def counted(self: DeferredText) -> str:
        calls.append(self)
        return real(self)

    monkeypatch.setattr(DeferredText, "__call__", counted)
    return calls


def _deferred(files: tuple[GeneratedFile, ...]) -> dict[int, str]:
    """id of each file's deferred text → its path."""
    return {id(f.text): f.path for f in files if isinstance(f.text, DeferredText)}


def _kinds(paths: object) -> set[str]:
    return {p.rsplit("/", 2)[-2] for p in paths}  # type: ignore[attr-defined]


def test_generation_renders_no_apex_class_and_no_camel_route(landscape: Path, renders: list[DeferredText]) -> None:
    wanted, diags = desired(landscape, "dev")
    assert wanted is not None and not diags.has_errors()
    assert renders == []
    later = _deferred(wanted.state.files)
    assert _kinds(later.values()) == {"classes", "camel"}
    classes = [f for f in wanted.state.files if f.path.endswith(".cls")]
    assert classes and all(id(f.text) in later for f in classes)


def test_a_plan_renders_each_body_at_most_once_where_the_org_has_it(
    landscape: Path, renders: list[DeferredText]
) -> None:
    first, _ = plan(landscape, "dev", None, Path("out"))
    assert first is not None
    assert renders == []  # the org holds none of them: nothing to compare a body with
    apply(first)  # the org holds every component now, and out/ every middleware file
    per_file = Counter(id(r) for r in renders)
    assert set(per_file.values()) == {1}  # apply writes each file and deploys what it wrote: one render each
    renders.clear()
    run, diags = plan(landscape, "dev", None, Path("out"))
    assert run is not None and not diags.has_errors()
    assert {c.action for c in run.plan.changes} == {Action.NOOP}
    later = _deferred(run.desired.state.files)
    per_file = Counter(id(r) for r in renders)
    assert set(per_file) == set(later) and _kinds(later.values()) == {"classes", "camel"}  # every body compared
    assert {later[i]: n for i, n in per_file.items() if n > 1} == {}  # ... and each rendered once
    assert not any(f.rendered for f in run.desired.state.files if id(f.text) in later)  # none kept
