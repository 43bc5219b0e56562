"""generate/templates.DeferredText: a generated file rendered when read. What it holds until then
(its template context) must stay well below the text it stands for, or deferring costs memory."""

from __future__ import annotations

import gc
import shutil
import sys
import tracemalloc
from pathlib import Path

import pytest

from sfspec.api import desired
from sfspec.generate.templates import DeferredText, deferred, render
from sfspec.resources import specs_dir


def test_a_deferred_text_renders_what_render_gives_and_shares_its_names() -> None:
    pool: dict[tuple[str, ...], tuple[str, ...]] = {}
    context = {"types": [("ApexClass", ["A", "B"])], "api_version": "63.0"}
    first = deferred("salesforce/project/package.xml.j2", pool, **context)
    second = deferred("salesforce/project/package.xml.j2", pool, types=[], api_version="62.0")
    assert first() == render("salesforce/project/package.xml.j2", **context)
    assert "<members>B</members>" in first() and "<version>62.0</version>" in second()
    assert first.names is second.names and list(pool) == [("types", "api_version")]


@pytest.mark.parametrize(("suffix", "most"), [(".cls", 0.3), (".camel.yaml", 0.5)])
def test_what_a_deferred_file_holds_is_well_below_its_text(tmp_path: Path, suffix: str, most: float) -> None:
    """Measured as the memory freed when the rendered text takes the deferred render's place: the
    context objects only it holds (what the spec model holds anyway is not counted). The seed
    landscape: a class's context is ~15 % of its text, a Camel route's slotted model ~44 % (59 %
    unslotted); bench/scale.py's 500 objects: 24 % and 50 %."""
    shutil.copytree(specs_dir() / "landscape", tmp_path / "spec")
    tracemalloc.start()  # before generation: only what was allocated under it counts when freed
    try:
        wanted, diags = desired(tmp_path / "spec", "dev")
        assert wanted is not None and not diags.has_errors()
        files = [f for f in wanted.state.files if f.path.endswith(suffix) and isinstance(f.text, DeferredText)]
        assert files
        texts = [f.render() for f in files]
        text_size = sum(sys.getsizeof(t) for t in texts)
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for f, t in zip(files, texts, strict=True):
            object.__setattr__(f, "text", t)  # as GeneratedFile.content keeps it
        gc.collect()
        freed = before - tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert 0 < freed < most * text_size, f"{suffix}: context {freed} B for {text_size} B of text"
