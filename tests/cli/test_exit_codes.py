"""Every exit code (sfspec.errors.ExitCode), in-process (click's CliRunner and `sfspec.cli.main`) and as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sfspec import api
from sfspec.cli import cli, commands, main
from sfspec.errors import ExitCode
from sfspec.resources import specs_dir

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "specs" / "invalid" / "missing_systems.yaml"
GOOD = specs_dir() / "examples" / "minimal.yaml"


def _main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


def test_0_when_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _main(capsys, "validate", str(GOOD))
    assert code == 0 and "valid (" in out


def test_1_when_the_spec_has_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _main(capsys, "validate", str(BAD))
    assert code == 1 and "SFS012" in out and "1 error found" in out


def test_cli_runner_sees_the_same_codes() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", str(GOOD)], standalone_mode=False).return_value == 0
    assert runner.invoke(cli, ["validate", str(BAD)], standalone_mode=False).return_value == 1


def test_2_when_fmt_check_finds_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Changes present is 2 for every command (plan, drift, fmt); 3 means only an internal error."""
    spec = tmp_path / "spec.yaml"
    spec.write_text("sfspec: 1\nsystems:\n    crm: {kind: salesforce}\n", encoding="utf-8")
    code, out = _main(capsys, "fmt", "--check", str(spec))
    assert code == 2 and "would be reformatted" in out
    assert _main(capsys, "fmt", str(spec))[0] == 0
    assert _main(capsys, "fmt", "--check", str(spec))[0] == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--bogus"],
        ["no-such-command"],
        ["validate", "--format", "xml", "x.yaml"],
        ["plan", "a.yaml", "b.yaml"],  # validate and fmt take many SPECs (pre-commit), plan one
    ],
    ids=["unknown-option", "unknown-command", "bad-choice", "extra-argument"],
)
def test_64_on_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _main(capsys, *argv)
    assert code == 64 and ("Error" in out or "error" in out)


def test_exit_codes_are_one_table_without_collisions() -> None:
    assert {c.name: c.value for c in ExitCode} == {
        "OK": 0,
        "ERROR": 1,
        "CHANGES": 2,
        "INTERNAL": 3,
        "CONFLICTS": 4,
        "USAGE": 64,
        "INTERRUPTED": 130,
    }


@pytest.mark.parametrize(
    "code, why",
    [("SFS999", "no such code"), ("sfs001", "only semantic rules can be disabled"), ("SFS701", "limits finding")],
)
def test_64_when_disable_names_no_rule(code: str, why: str, capsys: pytest.CaptureFixture[str]) -> None:
    exit_code, out = _main(capsys, "validate", "--disable", "SFS105", "--disable", code, str(GOOD))
    assert exit_code == 64 and code.upper() in out and why in out


def test_disable_skips_a_rule_in_any_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "two-orgs.yaml"
    text = GOOD.read_text(encoding="utf-8").replace("systems:\n", "systems:\n  crm2: {kind: salesforce}\n", 1)
    bad.write_text(text, encoding="utf-8")
    code, out = _main(capsys, "validate", str(bad))
    assert code == 1 and "SFS104" in out
    assert _main(capsys, "validate", "--disable", "sfs104", str(bad))[0] == 0


def test_64_when_no_spec_is_given_and_none_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out = _main(capsys, "validate")
    assert code == 64 and "no SPEC given" in out


def test_64_naming_the_specs_when_specs_holds_several(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("landscape/sfspec.yaml", "other/sfspec.yaml"):
        (tmp_path / "specs" / name).parent.mkdir(parents=True)
        (tmp_path / "specs" / name).write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = _main(capsys, "validate")
    assert code == 64 and "2 specs here (specs/landscape, specs/other)" in out
    (tmp_path / "specs" / "other" / "sfspec.yaml").unlink()
    assert _main(capsys, "validate")[0] == 0  # the one spec in specs/ is the default


def test_a_default_spec_in_the_current_folder_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sfspec.yaml").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _main(capsys, "validate")[0] == 0


def test_130_on_ctrl_c(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "check_spec", interrupted)
    code, out = _main(capsys, "validate", str(GOOD))
    assert code == 130 and "interrupted" in out


def test_3_on_an_internal_error_with_a_please_report_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("password=hunter2 from some input")

    monkeypatch.setattr(api, "check_spec", broken)
    code, out = _main(capsys, "validate", str(GOOD))
    assert code == 3 and "please report" in out and "RuntimeError" in out
    assert "hunter2" not in out  # the message may quote input; only the type is printed


@pytest.mark.parametrize("command", commands.all_commands(), ids=lambda c: c.name)
def test_every_command_has_help_with_an_example(command: object, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _main(capsys, command.name, "--help")  # type: ignore[attr-defined]
    assert code == 0 and "Example" in out and "sfspec " in out


def test_top_level_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _main(capsys, "--help")
    assert code == 0 and "validate" in out and "Example" in out
    code, out = _main(capsys, "--version")
    assert code == 0 and "sfspec" in out


def _process(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    return subprocess.run(
        [sys.executable, "-m", "sfspec", *argv], cwd=cwd, capture_output=True, text=True, timeout=60, env=env
    )


def test_real_process_exit_codes(tmp_path: Path) -> None:
    assert _process("validate", str(GOOD), cwd=tmp_path).returncode == 0
    bad = _process("validate", str(BAD), cwd=tmp_path)
    assert bad.returncode == 1 and "SFS012" in bad.stdout
    usage = _process("validate", "--bogus", cwd=tmp_path)
    assert usage.returncode == 64 and "Traceback" not in usage.stderr
    messy = tmp_path / "messy.yaml"
    messy.write_text("sfspec: 1\nsystems:\n    crm: {kind: salesforce}\n", encoding="utf-8")
    assert _process("fmt", "--check", str(messy), cwd=tmp_path).returncode == 2


def test_real_process_ctrl_c_exits_130(tmp_path: Path) -> None:
    """A real SIGINT in a real process: start it, interrupt it while it is inside a command."""
    import signal
    import time

    script = (
        "import sys, time\nimport sfspec.api as api\n"
        "def slow(*a, **k):\n    print('ready', flush=True)\n    time.sleep(30)\n"
        "api.check_spec = slow\nfrom sfspec.cli import main\nsys.exit(main(['validate', sys.argv[1]]))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(GOOD)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err
