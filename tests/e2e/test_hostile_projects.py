"""Failure modes planted in the public sample projects (tests/fixtures/sfdx/samples), taken as the org.

A pipe, a device, a dangling link or a link loop where a component's file belongs was skipped, so
the plan said "create" for a field the project holds; an unreadable folder was skipped without a
word; a file was read whole whatever its size. Each is now one positioned `sfspec: error:` line,
exit 1, nothing written; what .forceignore names stays ignored.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cli_run import sfspec

from sfspec.org import sfdx

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "sfdx" / "samples"
FIELD = "force-app/main/default/objects/Product__c/fields/Battery__c.field-meta.xml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A copy of ebikes-lwc and a spec imported from it (the org matches: no changes)."""
    monkeypatch.setenv("NO_COLOR", "1")
    root = tmp_path / "proj"
    shutil.copytree(SAMPLES / "ebikes-lwc", root)
    spec = tmp_path / "spec.yaml"
    assert sfspec("import", "--org", f"source:{root}", "-o", str(spec)).code == 0
    assert "No changes" in plan(spec, root).out
    return root, spec


def plan(spec: Path, root: Path):  # type: ignore[no-untyped-def]
    return sfspec("plan", str(spec), "--org", f"source:{root}", "--out-dir", str(spec.parent / "out"))


def refused(spec: Path, root: Path, where: Path, why: str) -> None:
    run = plan(spec, root)
    assert run.code == 1, run.out
    assert f"{where}:1:1: " in run.err and why in run.err, run.err
    assert "Traceback" not in run.err and "create" not in run.out
    assert not (spec.parent / "out").exists()


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "link-loop", "dangling-link"])
def test_a_special_file_where_a_field_belongs_is_an_error_not_an_absent_field(
    project: tuple[Path, Path], kind: str
) -> None:
    root, spec = project
    field = root / FIELD
    field.unlink()
    if kind == "fifo":
        os.mkfifo(field)  # reading it would wait for a writer forever
    elif kind == "dev-zero":
        field.symlink_to("/dev/zero")
    elif kind == "link-loop":
        field.symlink_to(field.name)
    else:
        field.symlink_to("Gone__c.field-meta.xml")
    why = "a link to nothing, or a link loop" if kind.endswith("link") or kind == "link-loop" else "a device, pipe"
    refused(spec, root, field, f"not a regular file ({why}")


def test_forceignore_still_ignores_a_special_file(project: tuple[Path, Path]) -> None:
    root, spec = project
    os.mkfifo(root / "force-app/main/default/objects/Product__c/fields/Pipe__c.field-meta.xml")
    (root / ".forceignore").write_text("**/Pipe__c.field-meta.xml\n", encoding="utf-8")
    assert "No changes" in plan(spec, root).out


def test_an_unreadable_folder_is_an_error_not_a_missing_part(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, spec = project
    real = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("Product__c/fields"):  # root reads any folder, so chmod cannot show it
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    run = plan(spec, root)
    assert run.code == 1 and "Product__c/fields: cannot read folder (Permission denied)" in run.err, run.err


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, spec = project
    monkeypatch.setattr(sfdx, "MAX_FILE_BYTES", 100_000)  # above every file of the sample
    field = root / FIELD
    field.write_text(field.read_text(encoding="utf-8") + "<!-- padding -->\n" * 10_000, encoding="utf-8")
    refused(spec, root, field, "file is larger than")
