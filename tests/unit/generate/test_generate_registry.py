"""The generator registry: every generator's files are merged into one tree, and two generators
that write different content to one path are a bug reported as SFS900 (never a silent overwrite)."""

from __future__ import annotations

import pytest

from sfspec import api, generate
from sfspec.generate.context import GenerationContext
from sfspec.resources import specs_dir
from sfspec.state import GeneratedFile


@pytest.fixture(scope="module")
def ctx() -> GenerationContext:
    checked, diags = api.check_spec(specs_dir() / "examples" / "minimal.yaml")
    assert checked is not None, diags.items
    return GenerationContext(checked.spec, checked.doc, None)


def test_two_generators_writing_one_path_differently_is_sfs900(
    ctx: GenerationContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        generate,
        "GENERATORS",
        {
            "a": lambda _ctx: [GeneratedFile("README.md", "one\n")],
            "b": lambda _ctx: [GeneratedFile("README.md", "two\n"), GeneratedFile("b.txt", "b\n")],
        },
    )
    _, diags = generate.generate(ctx)
    assert [d.code for d in diags] == ["SFS900"] and "README.md" in diags.items[0].summary


def test_the_same_content_from_two_generators_is_one_file(
    ctx: GenerationContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    same = [GeneratedFile("README.md", "one\n")]
    monkeypatch.setattr(generate, "GENERATORS", {"a": lambda _ctx: same, "b": lambda _ctx: same})
    state, diags = generate.generate(ctx)
    assert not diags and [f.path for f in state.files] == ["README.md"]


def test_the_salesforce_layout_is_computed_once_per_generation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both generators read it (the middleware's platform-event routes need its event names): once,
    not once per route (that was quadratic in the number of flows)."""
    from sfspec.generate.salesforce import layout

    checked, diags = api.check_spec(specs_dir() / "examples" / "streaming-platform-event.yaml")
    assert checked is not None, diags.items
    calls: list[object] = []
    real = layout.build_layout

    def counting(spec: object, inventory: object = None) -> object:
        calls.append(spec)
        return real(spec, inventory)  # type: ignore[arg-type]

    monkeypatch.setattr(layout, "build_layout", counting)
    state, diags = generate.generate(GenerationContext(checked.spec, checked.doc, None))
    assert not diags.has_errors() and any(f.path.startswith("middleware/camel/") for f in state.files)
    assert len(calls) == 1
