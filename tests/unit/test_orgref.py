"""Org references: one grammar (sfspec.orgref), parsed once, resolved against a base folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sfspec.errors import OrgError
from sfspec.orgref import ORG_REF_PATTERN, OrgKind, OrgRef

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text, kind, target",
    [
        ("mock:orgs/dev.json", OrgKind.MOCK, "orgs/dev.json"),
        ("source:/abs/project", OrgKind.SOURCE, "/abs/project"),
        ("sf:acme-prod", OrgKind.SF, "acme-prod"),
        ("env", OrgKind.ENV, ""),
        ("mock:C:/with:colon.json", OrgKind.MOCK, "C:/with:colon.json"),
    ],
)
def test_parse_and_text_round_trip(text: str, kind: OrgKind, target: str) -> None:
    ref = OrgRef.parse(text)
    assert (ref.kind, ref.target) == (kind, target)
    assert str(ref) == f"{ref}" == text


@pytest.mark.parametrize("text", ["ftp:x", "mock:", "sf:", "env:", "ENV", "", "mock", "dev.json"])
def test_anything_else_is_an_org_error_naming_the_forms(text: str) -> None:
    with pytest.raises(OrgError, match="mock:PATH, source:DIR, sf:ALIAS or env"):
        OrgRef.parse(text)


def test_paths_resolve_against_the_base_and_live_orgs_stay(tmp_path: Path) -> None:
    assert OrgRef.parse("mock:orgs/dev.json").resolved(tmp_path) == OrgRef(
        OrgKind.MOCK, str(tmp_path / "orgs/dev.json")
    )
    assert OrgRef.parse("source:/abs//p").resolved(tmp_path) == OrgRef(OrgKind.SOURCE, "/abs/p")
    assert OrgRef.parse("sf:prod").resolved(tmp_path) == OrgRef(OrgKind.SF, "prod")
    assert OrgRef.parse("env").resolved(tmp_path).live


def test_a_live_org_has_no_path() -> None:
    with pytest.raises(ValueError, match="names no path"):
        _ = OrgRef.parse("sf:prod").path


def test_the_schema_pattern_accepts_what_parse_accepts_in_a_spec() -> None:
    for text in ("mock:orgs/dev.json", "source:../sfdx", "sf:me@acme.com", "env"):
        assert re.fullmatch(ORG_REF_PATTERN, text) and OrgRef.parse(text)
    for text in ("mock:a b.json", "sf:bad alias", "ftp:x"):
        assert not re.fullmatch(ORG_REF_PATTERN, text)


def test_no_other_module_parses_the_grammar() -> None:
    """The prefixes appear in sfspec only as documentation, never as code that splits them."""
    code = re.compile(r"""["'](mock|source|sf):["']|startswith\(["'](mock|source|sf):|== ["']env["']""")
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "sfspec").rglob("*.py")
        if p.name != "orgref.py" and code.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == ["sfspec/generate/middleware/naming.py"]  # `env:NAME` secret references, not orgs
