"""Package data is found through sfspec.resources, in a checkout and in an installed layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sfspec import resources


def test_checkout_data_folders_resolve() -> None:
    assert (resources.schema_path("sfspec.schema.json")).is_file()
    assert resources.templates_dir().is_dir()
    assert (resources.specs_dir() / "landscape" / "landscape.yaml").is_file()
    assert len(list((resources.specs_dir() / "examples").glob("*.yaml"))) >= 7
    json.loads(resources.schema_path("sfspec.schema.json").read_text(encoding="utf-8"))


def test_installed_layout_is_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "site-packages" / "sfspec"
    (package / "_data" / "schemas").mkdir(parents=True)
    (package / "_data" / "schemas" / "sfspec.schema.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(resources, "_PACKAGE_DIR", package)
    resources.data_dir.cache_clear()
    try:
        assert resources.schema_path("sfspec.schema.json") == package / "_data" / "schemas" / "sfspec.schema.json"
        with pytest.raises(FileNotFoundError, match="'generators' is missing"):
            resources.templates_dir()
    finally:
        resources.data_dir.cache_clear()


def test_checkout_layout_is_the_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sfspec").mkdir()
    (tmp_path / "specs").mkdir()
    monkeypatch.setattr(resources, "_PACKAGE_DIR", tmp_path / "sfspec")
    resources.data_dir.cache_clear()
    try:
        assert resources.specs_dir() == tmp_path / "specs"
    finally:
        resources.data_dir.cache_clear()


def test_no_module_reads_data_relative_to_the_checkout() -> None:
    """Only resources.py (and the schema generator, a developer tool) may compute checkout paths."""
    package = Path(resources.__file__).resolve().parent
    allowed = {"resources.py", "schema.py", "docs.py"}
    offenders = []
    for module in package.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        if module.name not in allowed and ('"schemas"' in text or "'schemas'" in text) and "parents[" in text:
            offenders.append(str(module.relative_to(package)))
    assert offenders == []
