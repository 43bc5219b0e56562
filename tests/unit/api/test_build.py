"""sfspec.api.build: `desired` (the components a spec wants for one environment) and `build` (written
to out/ as a whole, never over a folder sfspec did not write)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sfspec.api import build, desired
from sfspec.apply.sourcemap import SOURCE_MAP
from sfspec.errors import OrgError
from sfspec.org.snapshot import empty_snapshot
from sfspec.resources import specs_dir
from sfspec.state import MetadataType

MINIMAL = specs_dir() / "examples" / "minimal.yaml"
INVALID = Path(__file__).resolve().parents[2] / "fixtures" / "specs" / "invalid" / "rule_sfs101_unknown_owner.yaml"


def on_disk(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_desired_holds_the_components_and_files_of_the_environment(landscape: Path) -> None:
    wanted, diags = desired(landscape, "dev")
    assert wanted is not None and not diags.has_errors()
    assert wanted.environment == "dev" and wanted.inventory is None
    assert wanted.resolved.environment == "dev"
    types = {k.type for k in wanted.state}
    assert {MetadataType.APEX_CLASS, MetadataType.CUSTOM_FIELD, MetadataType.MIDDLEWARE_FILE} <= types
    named = {f.path: f.content for f in wanted.state.files}
    # the environment's base URL, not the spec's, reaches the generated Named Credential
    credential = next(text for path, text in named.items() if path.endswith(".namedCredential-meta.xml"))
    assert "erp-test.acme.example" in credential
    assert "https://erp.acme.example" not in credential


def test_desired_refuses_an_invalid_spec() -> None:
    wanted, diags = desired(INVALID)
    assert wanted is None and [d.code for d in diags.errors()] == ["SFS101"]


def test_build_writes_exactly_the_generated_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    tree, diags = build(MINIMAL, None, out)
    assert tree is not None and not diags.has_errors()
    assert tree.root == out.absolute()
    wanted, _ = desired(MINIMAL)
    assert wanted is not None
    assert set(tree.files) == {f.path for f in wanted.state.files} | {SOURCE_MAP}  # and which spec line made each
    assert on_disk(out) == set(tree.files) | {".sfspec-out"}  # plus the marker that makes out/ ours
    for f in wanted.state.files:
        assert (out / f.path).read_text(encoding="utf-8") == f.content


def test_build_replaces_its_own_out_folder_entirely(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first, _ = build(MINIMAL, None, out)
    assert first is not None
    (out / "force-app" / "left-over.cls").write_text("// from an older build\n", encoding="utf-8")
    again, diags = build(MINIMAL, None, out)
    assert again is not None and not diags.has_errors()
    assert not (out / "force-app" / "left-over.cls").exists()
    assert on_disk(out) == set(again.files) | {".sfspec-out"}
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging or old tree left beside it


def test_build_refuses_a_folder_sfspec_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "project"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    tree, diags = build(MINIMAL, None, out)
    assert tree is None
    assert [d.code for d in diags.errors()] == ["SFS902"]
    assert on_disk(out) == {"notes.txt"}
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_build_writes_nothing_for_an_invalid_spec(tmp_path: Path) -> None:
    tree, diags = build(INVALID, None, tmp_path / "out")
    assert tree is None and diags.has_errors()
    assert not (tmp_path / "out").exists()


def test_build_for_an_org_checks_the_org_first(tmp_path: Path) -> None:
    """With an org, build writes what apply would deploy there: an org without the Account the
    spec relies on is SFS033 and nothing is written; without the org the same build succeeds."""
    org = tmp_path / "empty.json"
    org.write_text(json.dumps(empty_snapshot()), encoding="utf-8")
    tree, diags = build(MINIMAL, None, tmp_path / "out", f"mock:{org}")
    assert tree is None and [d.code for d in diags.errors()] == ["SFS033"]
    assert not (tmp_path / "out").exists()
    assert build(MINIMAL, None, tmp_path / "out")[0] is not None


def test_build_for_an_org_that_cannot_be_read_raises_org_error(tmp_path: Path) -> None:
    with pytest.raises(OrgError, match="does not exist"):
        build(MINIMAL, None, tmp_path / "out", f"mock:{tmp_path / 'missing.json'}")
    assert not (tmp_path / "out").exists()
