"""Every invalid spec yields exactly the findings marked `# ERROR: SFSnnn` on its offending lines.

Terraform's error-files style: a fixture is a spec (file, or folder of files) under
tests/fixtures/specs/invalid/; each line that must produce a finding carries `# ERROR:` and the
code(s). Warnings are marked the same way. Binary and huge inputs cannot carry a comment, so
they are written by the tests below with their expected finding.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sfspec.api import check_spec
from sfspec.cli import cli, main

SPECS = Path(__file__).resolve().parents[2] / "fixtures" / "specs"
INVALID = SPECS / "invalid"
WARNING = SPECS / "warning"  # findings are warnings only: the spec is valid (exit 0)
VALID = SPECS / "valid"
MARKER = re.compile(r"#\s*ERROR:\s*((?:SFS\d{3}(?:@\d+)?[\s,]*)+)")
CODE = re.compile(r"SFS\d{3}")
POSITIONED_CODE = re.compile(r"(SFS\d{3})@(\d+)")  # `SFS103@7`: the finding starts in column 7

Finding = tuple[str, int, str]  # (file name relative to the fixture, line, code)


def fixtures(folder: Path = INVALID) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".yaml" or p.is_dir())


def expected(fixture: Path) -> set[Finding]:
    files = sorted(fixture.rglob("*.yaml")) if fixture.is_dir() else [fixture]
    found: set[Finding] = set()
    for file in files:
        rel = file.relative_to(fixture).as_posix() if fixture.is_dir() else file.name
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            marker = MARKER.search(line)
            if marker:
                found.update((rel, number, code) for code in CODE.findall(marker.group(1)))
    return found


def expected_columns(fixture: Path) -> set[tuple[str, int, int, str]]:
    """(file, line, column, code) of the markers that give a column."""
    files = sorted(fixture.rglob("*.yaml")) if fixture.is_dir() else [fixture]
    found = set()
    for file in files:
        rel = file.relative_to(fixture).as_posix() if fixture.is_dir() else file.name
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            marker = MARKER.search(line)
            if marker:
                found.update((rel, number, int(col), code) for code, col in POSITIONED_CODE.findall(marker.group(1)))
    return found


def actual_columns(fixture: Path) -> set[tuple[str, int, int, str]]:
    _, diags = check_spec(fixture)
    base = fixture if fixture.is_dir() else fixture.parent
    return {
        (
            Path(d.source.path).resolve().relative_to(base.resolve()).as_posix(),
            d.source.start.line,
            d.source.start.col,
            d.code,
        )
        for d in diags
        if d.source is not None
    }


def actual(fixture: Path) -> set[Finding]:
    _, diags = check_spec(fixture)
    base = fixture if fixture.is_dir() else fixture.parent
    result: set[Finding] = set()
    for d in diags:
        assert d.source is not None, f"{d.code} has no location: {d.format()}"
        assert d.hint, f"{d.code} has no hint: {d.format()}"
        rel = Path(d.source.path).resolve().relative_to(base.resolve()).as_posix()
        result.add((rel, d.source.start.line, d.code))
    return result


def test_there_are_enough_fixtures() -> None:
    assert len(fixtures()) >= 60


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda p: p.stem)
def test_fixture_yields_exactly_its_marked_findings(fixture: Path) -> None:
    want = expected(fixture)
    assert want, f"{fixture.name} has no `# ERROR:` marker"
    assert actual(fixture) == want
    assert expected_columns(fixture) <= actual_columns(fixture), "a finding starts in another column than marked"


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda p: p.stem)
def test_cli_exits_1_without_traceback_and_writes_nothing(
    fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in INVALID.rglob("*")}
    result = CliRunner().invoke(cli, ["validate", str(fixture)], standalone_mode=False)
    assert result.exception is None, repr(result.exception)
    assert result.return_value == 1
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in output
    assert re.search(r":\d+:\d+: SFS\d{3} ", output), output
    assert list(tmp_path.iterdir()) == []
    assert {p: p.stat().st_mtime_ns for p in INVALID.rglob("*")} == before


@pytest.mark.parametrize("fixture", fixtures(WARNING), ids=lambda p: p.stem)
def test_warning_fixture_is_valid_with_exactly_its_marked_warnings(fixture: Path) -> None:
    checked, diags = check_spec(fixture)
    assert checked is not None
    assert all(d.severity.value == "warning" for d in diags)
    assert actual(fixture) == expected(fixture) != set()
    assert main(["validate", str(fixture)]) == 0


@pytest.mark.parametrize("fixture", fixtures(VALID), ids=lambda p: p.stem)
def test_valid_fixture_has_no_findings(fixture: Path) -> None:
    checked, diags = check_spec(fixture)
    assert checked is not None and list(diags) == []


def test_every_rule_has_a_fixture() -> None:
    from sfspec.rules import RULES

    marked = {code for folder in (INVALID, WARNING) for f in fixtures(folder) for _, _, code in expected(f)}
    assert set(RULES) - marked == set()
    assert {
        "SFS001",
        "SFS003",
        "SFS004",
        "SFS005",
        "SFS006",
        "SFS010",
        "SFS011",
        "SFS012",
        "SFS013",
        "SFS014",
        "SFS015",
        "SFS109",
    } <= marked


# ── inputs that cannot carry a marker ──────────────────────────────────────────────────────────
def _only(path: Path) -> list[tuple[int, int, str]]:
    _, diags = check_spec(path)
    return [(d.source.start.line, d.source.start.col, d.code) for d in diags if d.source]


def test_empty_file(tmp_path: Path) -> None:
    spec = tmp_path / "empty.yaml"
    spec.write_bytes(b"")
    assert _only(spec) == [(1, 1, "SFS006")]


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    spec = tmp_path / "latin1.yaml"
    spec.write_bytes(b"sfspec: 1\nsystems:\n  crm: {kind: salesforce, label: Soci\xe9t\xe9}\n")
    assert _only(spec) == [(3, 38, "SFS002")]


def test_utf16_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "utf16.yaml"
    spec.write_bytes("sfspec: 1\nsystems: {crm: {kind: salesforce}}\n".encode("utf-16"))
    assert _only(spec) == [(1, 1, "SFS002")]


def test_nul_bytes_are_refused(tmp_path: Path) -> None:
    spec = tmp_path / "binary.yaml"
    spec.write_bytes(b"sfspec: 1\n\x00\x01\x02")
    assert _only(spec) == [(2, 1, "SFS002")]


def test_ten_megabyte_file_is_refused_without_parsing(tmp_path: Path) -> None:
    spec = tmp_path / "huge.yaml"
    line = b"# " + b"x" * 1022 + b"\n"
    spec.write_bytes(b"sfspec: 1\n" + line * (10 * 1024))
    assert spec.stat().st_size > 10 * 1024 * 1024
    assert _only(spec) == [(1, 1, "SFS005")]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    spec = tmp_path / "bom.yaml"
    spec.write_bytes(b"\xef\xbb\xbfsfspec: 1\nsystems:\n  crm: {kind: salesforce}\n")
    checked, diags = check_spec(spec)
    assert checked is not None, [d.format() for d in diags]


def test_missing_path_is_reported(tmp_path: Path) -> None:
    checked, diags = check_spec(tmp_path / "nope.yaml")
    assert checked is None and [d.code for d in diags] == ["SFS007"]


def test_folder_without_yaml_is_reported(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("not a spec\n")
    checked, diags = check_spec(tmp_path)
    assert checked is None and [d.code for d in diags] == ["SFS007"]


def test_secret_values_never_reach_the_output() -> None:
    secrets = [
        "hunter2-Sup3rSecret",
        "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        "s3cr3t:with-colon",
        "secret:other",
        "wJalrXUtnFEMI",
        "AKIAIOSFODNN7EXAMPLE",
        "sk_live_",
        "xoxb-",
        "s3cretPassw0rd",
    ]
    for fixture in fixtures():
        for fmt in ("text", "json"):
            result = CliRunner().invoke(cli, ["validate", str(fixture), "--format", fmt], standalone_mode=False)
            output = result.output + (result.stderr if result.stderr_bytes is not None else "")
            leaked = [s for s in secrets if s in output]
            assert not leaked, f"{fixture.name} ({fmt}) echoed {leaked}"


def test_a_real_process_exits_1_on_a_bad_spec(tmp_path: Path) -> None:
    """The installed entry point, not only the in-process runner."""
    fixture = INVALID / "bad_enum_system_kind.yaml"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [sys.executable, "-m", "sfspec", "validate", str(fixture)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert proc.returncode == 1, proc.stderr
    assert "SFS013" in proc.stdout and "did you mean 'salesforce'?" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_main_returns_1(tmp_path: Path) -> None:
    assert main(["validate", str(INVALID / "missing_systems.yaml")]) == 1
