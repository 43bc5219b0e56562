"""sfspec/codes.py is the one list of codes: every code the source names is declared there, every
declared code is reported somewhere and tested, and a Diagnostic refuses an undeclared code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sfspec.codes import CODES, Code, Severity, Stage, UndeclaredCode, declared
from sfspec.diagnostics import Diagnostic, Diagnostics

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"SFS\d{3}")


def _codes_in(folder: Path, *, skip: Path | None = None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path != skip and path.suffix in (".py", ".j2", ".json", ".yaml", ".md"):
            for code in CODE.findall(path.read_text(encoding="utf-8", errors="replace")):
                found.setdefault(code, []).append(str(path.relative_to(ROOT)))
    return found


def test_every_code_in_the_source_is_declared() -> None:
    undeclared = {code: where for code, where in _codes_in(ROOT / "sfspec").items() if code not in CODES}
    undeclared |= {code: where for code, where in _codes_in(ROOT / "generators").items() if code not in CODES}
    assert not undeclared, f"declare these in sfspec/codes.py: {undeclared}"


def test_no_code_is_a_bare_literal_outside_codes() -> None:
    """Call sites name a member (`Code.SFS030`), so mypy refuses an undeclared one before any test runs."""
    literal = re.compile(r"""["'](SFS\d{3})["']""")
    offenders = {
        str(p.relative_to(ROOT)): literal.findall(p.read_text(encoding="utf-8"))
        for p in (ROOT / "sfspec").rglob("*.py")
        if p.name != "codes.py"
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_every_declared_code_is_reported_somewhere() -> None:
    named = _codes_in(ROOT / "sfspec", skip=ROOT / "sfspec" / "codes.py")
    assert not [code for code in CODES if code not in named], "a declared code nothing reports"


def test_every_declared_code_has_a_test() -> None:
    tested = _codes_in(ROOT / "tests")
    assert not [code for code in CODES if code not in tested], "add a test that reports it"


def test_the_table_is_well_formed() -> None:
    assert list(CODES) == sorted(CODES)
    for code, c in CODES.items():
        assert CODE.fullmatch(code) and c.id == code and c.name == code and str(c) == code
        assert c.summary.endswith(".") and "\n" not in c.summary
    assert {c.stage for c in CODES.values()} == set(Stage)


def test_a_diagnostic_takes_a_declared_code_as_text_or_as_code() -> None:
    diags = Diagnostics()
    diags.error("SFS012", "missing required key")
    diags.error(CODES["SFS013"], "not allowed")
    diags.warning("SFS031", "waiver expired")
    assert [d.code for d in diags] == ["SFS012", "SFS013", "SFS031"]
    assert isinstance(declared("SFS012"), Code) and declared("SFS012") is Code.SFS012
    found = Diagnostic("SFS012", "text as a plan file or a replaced diagnostic carries it")
    assert found.code is Code.SFS012 and found.to_dict()["code"] == "SFS012"
    assert type(found.to_dict()["code"]) is str  # plain JSON, whatever serialises it


@pytest.mark.parametrize("code", ["SFS999", "SFS12", "sfs012", ""])
def test_an_undeclared_code_fails_loudly(code: str) -> None:
    with pytest.raises(UndeclaredCode, match="not declared"):
        Diagnostics().error(code, "x")
    with pytest.raises(UndeclaredCode):
        Diagnostic(code, "x")


def test_a_code_reported_with_another_severity_fails_loudly() -> None:
    with pytest.raises(UndeclaredCode, match="declared as warning"):
        Diagnostics().error("SFS031", "an expired waiver is a warning")
    with pytest.raises(UndeclaredCode, match="declared as error"):
        Diagnostic("SFS012", "x", Severity.INFO)
