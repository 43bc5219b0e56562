"""`sfspec fmt`: canonical layout, comments and key order kept, idempotent, --check writes nothing."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from sfspec.cli import cli
from sfspec.fmt import format_spec
from sfspec.resources import specs_dir

MESSY = """\
# yaml-language-server: $schema=../schemas/sfspec.schema.json
# The landscape.
sfspec: 1
systems:   # all systems
    zeta: {kind: erp}      # listed first on purpose: order is kept
    crm:
        kind: salesforce
        label:    CRM
flows:
    b-flow:
        source: crm
        target: zeta
        object: Account
        transport: rest
        mapping:
        -   field: Name   # the name
            remote: name
"""


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["fmt", *args], standalone_mode=False)
    assert result.exception is None, repr(result.exception)
    return int(result.return_value), result.output


def test_comments_and_key_order_are_kept(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(MESSY, encoding="utf-8")
    (result,), diags = format_spec(spec)
    assert not diags and result.changed
    out = result.formatted
    for comment in (
        "# yaml-language-server",
        "# The landscape.",
        "# all systems",
        "# listed first on purpose",
        "# the name",
    ):
        assert comment in out
    assert out.index("zeta:") < out.index("crm:") and out.index("source:") < out.index("target:")
    assert "label: CRM\n" in out and "    zeta: {kind: erp}" not in out  # re-indented to 2 spaces


def test_formatting_is_idempotent(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(MESSY, encoding="utf-8")
    (first,), _ = format_spec(spec)
    spec.write_text(first.formatted, encoding="utf-8")
    (second,), _ = format_spec(spec)
    assert not second.changed and second.formatted == first.formatted


def test_formatting_keeps_the_meaning(tmp_path: Path) -> None:
    from sfspec.load import load_spec

    spec = tmp_path / "spec.yaml"
    spec.write_text(MESSY, encoding="utf-8")
    before = load_spec(spec)[0].plain()
    (result,), _ = format_spec(spec)
    spec.write_text(result.formatted, encoding="utf-8")
    assert load_spec(spec)[0].plain() == before


def test_check_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(MESSY, encoding="utf-8")
    code, output = _run("--check", str(spec))
    assert code == 2 and "+++" in output
    assert spec.read_text(encoding="utf-8") == MESSY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spec.yaml"]


def test_fmt_rewrites_then_check_passes(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(MESSY, encoding="utf-8")
    assert _run(str(spec))[0] == 0
    assert spec.read_text(encoding="utf-8") != MESSY
    assert _run("--check", str(spec))[0] == 0


def test_fmt_of_a_folder_formats_every_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(MESSY, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("flows: {}\n", encoding="utf-8")
    results, diags = format_spec(tmp_path)
    assert not diags and [r.path.name for r in results] == ["a.yaml", "b.yaml"]
    assert [r.changed for r in results] == [True, False]


def test_fmt_refuses_broken_yaml_with_exit_1(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("sfspec: 1\nsystems: [\n", encoding="utf-8")
    code, _ = _run(str(spec))
    assert code == 1 and spec.read_text(encoding="utf-8") == "sfspec: 1\nsystems: [\n"


def test_examples_survive_formatting_unchanged_in_meaning(tmp_path: Path) -> None:
    from sfspec.load import load_spec

    for example in sorted((specs_dir() / "examples").glob("*.yaml")):
        (result,), _ = format_spec(example)
        copy = tmp_path / example.name
        copy.write_text(result.formatted, encoding="utf-8")
        assert load_spec(copy)[0].plain() == load_spec(example)[0].plain(), example.name
        assert result.formatted.splitlines()[0] == example.read_text(encoding="utf-8").splitlines()[0]


def test_bundled_specs_are_already_formatted() -> None:
    """Quoting is kept as written (a quoted cron stays quoted), so the examples are fmt-clean."""
    bundled = [specs_dir() / "landscape", *sorted((specs_dir() / "examples").glob("*.yaml"))]
    for spec in bundled:
        results, diags = format_spec(spec)
        assert not diags.has_errors(), spec
        assert [str(r.path) for r in results if r.changed] == [], spec
