"""Fuzzing (hypothesis, bounded): no input makes the loader or an org reader raise anything but the
errors they are meant to raise.

- the spec pipeline (load → schema → model → rules, and fmt) over raw bytes and over random edits
  of the bundled landscape: it returns diagnostics, never raises;
- the mock-org snapshot loader over random edits of the bundled snapshot and deeply nested JSON:
  positioned problems or OrgError only;
- the SFDX reader over a generated project where one file is replaced by fuzzed bytes or edited
  text: OrgError only.
"""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sfspec.api import check_spec
from sfspec.errors import SfspecError
from sfspec.fmt import format_spec
from sfspec.orgref import OrgRef
from sfspec.resources import specs_dir

from .corpus import base_text

TOKENS = [
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "!x ",
    "|",
    ">",
    "#",
    "'",
    '"',
    "\\",
    "\t",
    "\n",
    "  ",
    "---",
    "...",
    "%YAML 1.2",
    "? ",
    "null",
    "~",
    "1e999",
    ".nan",
    "0x",
    "\u2028",
    "\ufeff",
    "\x00",
    "\x85",
    "é",
    "\\ud800",
    "<<: *a",
    "sfspec",
    "objects",
    "fields",
    "flows",
    "owner",
    "type",
]


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    """`text` with a few random insertions, deletions and replacements."""
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        span = draw(st.integers(0, 40))
        piece = draw(st.sampled_from(TOKENS) | st.text(max_size=8))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        if op == "insert":
            text = text[:at] + piece + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + span :]
        else:
            text = text[:at] + piece + text[at + span :]
    return text


def assert_pipeline_survives(path: Path) -> None:
    checked, diags = check_spec(path)
    assert checked is not None or diags.has_errors()
    for diag in diags:
        assert diag.source is not None and diag.source.start.line >= 1, diag
    format_spec(path)


@given(raw=st.binary(max_size=3000))
def test_spec_pipeline_over_bytes(raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(raw)
    assert_pipeline_survives(path)


@settings(max_examples=120)
@given(text=edited(base_text()))
def test_spec_pipeline_over_edited_landscape(text: str, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    assert_pipeline_survives(path)


# ── mock org snapshots ────────────────────────────────────────────────────────────────────────
@cache
def snapshot_text() -> str:
    return (specs_dir() / "landscape" / "orgs" / "dev.json").read_text(encoding="utf-8")


def read_snapshot(path: Path) -> None:
    from sfspec.org import open_org
    from sfspec.org.snapshot_load import problems

    data, found = problems(path.read_text(encoding="utf-8", errors="replace"), str(path))
    assert (data is None) == bool(found)
    for line in found:
        assert line.startswith(f"{path}:"), line
    try:
        open_org(OrgRef.parse(f"mock:{path}")).read_all()
    except SfspecError:
        pass


@settings(max_examples=60)
@given(text=edited(snapshot_text()))
def test_snapshot_reader_over_edited_snapshot(text: str, tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    read_snapshot(path)


@settings(max_examples=40)
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
        max_leaves=30,
    ),
    where=st.sampled_from(["org", "objects", "components", "format_version", "extra"]),
)
def test_snapshot_reader_over_random_json(value: object, where: str, tmp_path: Path) -> None:
    data = json.loads(snapshot_text())
    data[where] = value
    path = tmp_path / "org.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    read_snapshot(path)


def test_snapshot_reader_over_deep_json(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    path.write_text('{"format_version": 1, "org": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    read_snapshot(path)


# ── SFDX projects ─────────────────────────────────────────────────────────────────────────────
@pytest.fixture(scope="module")
def sfdx_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sfspec.api import build

    out = tmp_path_factory.mktemp("sfdx") / "out"
    tree, diags = build(specs_dir() / "landscape", "dev", out)
    assert tree is not None, [d.format() for d in diags]
    return out


def read_sfdx(root: Path) -> None:
    from sfspec.org import open_org

    try:
        open_org(OrgRef.parse(f"source:{root}")).read_all()
    except SfspecError:
        pass


def _project_files(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and (p.name.endswith(("-meta.xml", ".cls", ".trigger")) or p.name == "sfdx-project.json")
    )


@settings(max_examples=60)
@given(data=st.data())
def test_sfdx_reader_over_fuzzed_file(data: st.DataObject, sfdx_project: Path, tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(sfdx_project, root)
    victim = root / data.draw(st.sampled_from(_project_files(root)))
    original = victim.read_text(encoding="utf-8")
    content = data.draw(st.binary(max_size=500) | edited(original).map(lambda t: t.encode("utf-8", "surrogatepass")))
    victim.write_bytes(content)
    read_sfdx(root)


@pytest.mark.parametrize(
    "content",
    [
        b"<?xml version='1.0'?><!DOCTYPE l [<!ENTITY a 'lol'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
        b"<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'><!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'>"
        b"<!ENTITY e '&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;'><!ENTITY f '&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;'>"
        b"<!ENTITY g '&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;'><!ENTITY h '&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;'>]>"
        b"<CustomField xmlns='http://soap.sforce.com/2006/04/metadata'><label>&h;</label></CustomField>",
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
        b"<CustomField xmlns='http://soap.sforce.com/2006/04/metadata'><label>&e;</label></CustomField>",
        b"<CustomField>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</CustomField>",
        b"\xff\xfe<\x00x\x00>\x00",
        b"",
    ],
    ids=["billion-laughs", "external-entity", "deep", "utf16", "empty"],
)
def test_sfdx_reader_over_hostile_xml(content: bytes, sfdx_project: Path, tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(sfdx_project, root)
    victim = next(root.rglob("*.field-meta.xml"))
    victim.write_bytes(content)
    read_sfdx(root)


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe{\x00}\x00",
        b"[" * 50_000,
        b'{"packageDirectories": [{"path": "\\u0000"}]}',
        b'{"packageDirectories": "force-app"}',
        b"null",
    ],
    ids=["utf16", "deep", "nul-path", "not-a-list", "null"],
)
def test_sfdx_reader_over_hostile_project_json(content: bytes, sfdx_project: Path, tmp_path: Path) -> None:
    root = tmp_path / "proj"
    shutil.copytree(sfdx_project, root)
    (root / "sfdx-project.json").write_bytes(content)
    read_sfdx(root)
