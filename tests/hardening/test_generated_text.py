"""Hostile input that validate accepts must still be inert in the generated middleware: spec file
names (line breaks, `<script>`, `|`, Unicode line separators, undecodable bytes) and text that
looks like Camel property placeholders (`{{env:NAME}}`) or Simple expressions (`${env:NAME}`).

Each case builds the landscape through the real CLI and reads the middleware files with the
parsers their runtimes use: java.util.Properties semantics (javaproperties), YAML (ruamel),
CommonMark tables (mistune), and compares what they mean with a clean build: the same
properties and values, the same YAML documents, the same README table shape and no raw HTML.
Hostile text that can never be legitimate where Camel reads it (braces in an OAuth scope) is
refused by validate instead (the corpus's WRONG table).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import mistune
import pytest
from ruamel.yaml import YAML

from sfspec.resources import specs_dir

from .conftest import TRACEBACK_MARKERS, run_cli

SECRET = "AWS_SECRET_ACCESS_KEY"
PLACEHOLDER = re.compile(r"\{\{.*?\}\}")
SIMPLE = re.compile(r"\$\{.*?\}")

# The file holding `flows:` is named in the header of every middleware file and in the README.
HOSTILE_FILE_NAMES = {
    "crlf-properties-line": "flows\r\ncamel.component.salesforce.loginUrl={{env:" + SECRET + "}}\r\n#.yaml",
    "lf-yaml-document": "flows\n- route: {id: injected, from: {uri: 'timer:x'}}\n#.yaml",
    "lone-cr": "flows\rsfspec.checkpointDir=stolen\r#.yaml",
    "html-and-table-pipes": "flows <script>alert(1)<img src=x onerror=alert(1)> | x | y |.yaml",
    "unicode-line-separators": "flows\u2028a: 1\u2029b\u0085c.yaml",
    "bidi-override": "flows \u202etxt.exe\u202c.yaml",
    "long-name": "flows-" + "x" * 240 + ".yaml",
}


def _build(root: Path, capsys: pytest.CaptureFixture[str], name: str = "flows.yaml") -> dict[str, str]:
    spec = root / "spec"
    shutil.copytree(specs_dir() / "landscape", spec)
    if name != "flows.yaml":
        os.rename(spec / "flows.yaml", spec / name)
    run = run_cli(["build", "spec", "-e", "dev", "--out", "out"], capsys)
    for marker in TRACEBACK_MARKERS:
        assert marker not in run.text, run.text[-2000:]
    assert run.code == 0, run.text[-2000:]
    out = root / "out" / "middleware"
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*")) if p.is_file()}


def _properties(text: str) -> dict[str, str]:
    try:
        import javaproperties
    except ImportError:  # a test extra; CI installs it (tests/run)
        if os.environ.get("CI"):
            raise
        pytest.skip("javaproperties is not installed: pip install -e '.[test]'")
    return dict(javaproperties.loads(text))


def _yaml(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


def _markdown(text: str) -> list[dict[str, Any]]:
    return mistune.create_markdown(renderer=None, plugins=["table"])(text)  # type: ignore[return-value]


def _walk(tokens: Any) -> list[dict[str, Any]]:
    found = []
    for token in tokens if isinstance(tokens, list) else [tokens]:
        if isinstance(token, dict):
            found.append(token)
            found += _walk(token.get("children") or [])
    return found


def _html(readme: str) -> list[str]:
    return [t["raw"] for t in _walk(_markdown(readme)) if t["type"] in ("inline_html", "block_html")]


def _table_shape(readme: str) -> list[int]:
    table = next(t for t in _markdown(readme) if t["type"] == "table")
    rows = [r for t in _walk(table) if t["type"] == "table_row" for r in [t]]
    return [len(r["children"]) for r in rows]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("clean")
    cwd = Path.cwd()
    os.chdir(root)
    try:
        from sfspec.cli import main

        assert main(["build", str(_copy(root)), "-e", "dev", "--out", "out"]) == 0
    finally:
        os.chdir(cwd)
    out = root / "out" / "middleware"
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*")) if p.is_file()}


def _copy(root: Path) -> Path:
    spec = root / "spec"
    shutil.copytree(specs_dir() / "landscape", spec)
    return spec


def _same_meaning(files: dict[str, str], clean: dict[str, str]) -> None:
    assert sorted(files) == sorted(clean)
    for path, text in files.items():
        if path.endswith(".properties"):
            assert _properties(text) == _properties(clean[path]), path
        elif path.endswith((".yaml", ".yml")):
            assert _yaml(text) == _yaml(clean[path]), path


@pytest.mark.parametrize("name", list(HOSTILE_FILE_NAMES.values()), ids=list(HOSTILE_FILE_NAMES))
def test_a_hostile_spec_file_name_changes_no_generated_meaning(
    name: str, sandbox: Path, capsys: pytest.CaptureFixture[str], clean: dict[str, str]
) -> None:
    files = _build(sandbox, capsys, name)
    _same_meaning(files, clean)
    readme = files["README.md"]
    assert _table_shape(readme) == _table_shape(clean["README.md"])
    assert _html(readme) == _html(clean["README.md"])  # the managed-file comment only
    # generated text names flows, never spec files (issue 14): the hostile name cannot reach it at all
    assert not any(name in text or name.replace(".yaml", "") in text for text in files.values())
    for path, text in files.items():
        assert "\r" not in text and not re.search("[\u2028\u2029\u0085\u202e]", text), path
        longest = max(len(line) for line in clean[path].splitlines())
        assert max(len(line) for line in text.splitlines()) <= max(longest, 400), path  # the name is cut


def test_an_undecodable_byte_in_a_file_name_is_shown_escaped(sandbox: Path) -> None:
    """Since the trust hardening (issue 15) such a name is refused before anything is generated: one
    SFS007 line naming the file with the byte escaped, no traceback, no lone surrogate in the output."""
    from sfspec.api import checked_for_environment

    spec = _copy(sandbox)
    os.rename(os.fsencode(spec / "flows.yaml"), os.fsencode(spec) + b"/flows-\xff.yaml")
    found, diags = checked_for_environment(Path("spec"), "dev")
    assert found is None
    lines = [d.format() for d in diags.items]
    assert lines == ["spec/flows-\\xff.yaml:1:1: SFS007 file name is not valid UTF-8 (hint: rename the file)"]
    lines[0].encode("utf-8")  # printable: no lone surrogate left


def _placeholders(files: dict[str, str]) -> tuple[set[str], set[str]]:
    camel = [t for p, t in files.items() if p.startswith("camel/")]
    values = []
    for path, text in files.items():
        if path.endswith(".properties"):
            values += _properties(text).values()
        elif path.startswith("camel/"):
            values += [str(v) for v in _leaves(_yaml(text))]
    assert camel
    return {m for v in values for m in PLACEHOLDER.findall(v)}, {m for v in values for m in SIMPLE.findall(v)}


def _leaves(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return [x for v in node.values() for x in _leaves(v)] + [str(k) for k in node]
    if isinstance(node, list):
        return [x for v in node for x in _leaves(v)]
    return [node]


TEXT_PLACES = {
    ("systems", "erp", "auth", "token_url"): "https://erp.acme.example/oauth/token?a={{env:X}}&b=${env:X}",
    ("salesforce", "integration_user"): "{{env:X}}${env:X}@acme.example",
    ("systems", "erp", "label"): "ERP {{env:X}} ${env:X}",
    ("systems", "marketing", "label"): "Marketing \u202e{{env:X}}",
    ("flows", "contacts-to-marketing", "description"): "Contacts\n{{env:X}}\r${env:X}",
    ("flows", "contacts-to-marketing", "endpoint", "path"): "/v1/{{env:X}}/${env:X}",
    ("environments", "dev", "systems", "erp", "base_url"): "https://erp-test.acme.example/{{env:X}}",
}


def test_spec_text_cannot_form_camel_placeholders_or_simple_expressions(
    sandbox: Path, capsys: pytest.CaptureFixture[str], clean: dict[str, str]
) -> None:
    """Every `{{…}}` Camel resolves and every `${…}` it evaluates is one the generator wrote: the
    same set as a clean build, whatever the spec text (X stands for any secret's variable)."""
    from .corpus import dump, mutate

    data = mutate([("set", place, text.replace("X", SECRET)) for place, text in TEXT_PLACES.items()])
    (sandbox / "spec.yaml").write_text(dump(data), encoding="utf-8")
    assert run_cli(["validate", "spec.yaml"], capsys).code == 0
    run = run_cli(["build", "spec.yaml", "-e", "dev", "--out", "out"], capsys)
    assert run.code == 0, run.text[-2000:]
    out = sandbox / "out" / "middleware"
    files = {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()}
    placeholders, simple = _placeholders(files)
    clean_placeholders, clean_simple = _placeholders(clean)
    assert placeholders == clean_placeholders and SECRET not in "".join(placeholders)
    assert simple == clean_simple
    assert not [p for p in placeholders | simple if SECRET in p]
