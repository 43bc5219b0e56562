"""`sfspec docs` and `sfspec limits` through the CLI: formats, files, help, bad input."""

from __future__ import annotations

import json

from sfspec.cli import main
from sfspec.resources import specs_dir

LANDSCAPE = specs_dir() / "landscape"


def test_docs_markdown_to_a_file_and_json_to_stdout(tmp_path, capsys) -> None:
    target = tmp_path / "docs" / "dictionary.md"
    assert main(["docs", str(LANDSCAPE), "-e", "dev", "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Data dictionary: acme") and "Volumes and schedules as in environment `dev`." in text
    capsys.readouterr()
    assert main(["docs", str(LANDSCAPE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [o["name"] for o in data["objects"]] == ["Account", "Contact", "Opportunity", "Invoice__c"]


def test_docs_of_a_broken_spec_is_exit_1_without_traceback(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sfspec: 1\nsystems: [not, a, map]\n")
    assert main(["docs", str(bad), "-o", str(tmp_path / "x.md")]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml:2:" in err and "Traceback" not in err and not (tmp_path / "x.md").exists()


def test_limits_offline_ignores_the_environment_org(capsys) -> None:
    assert main(["--no-color", "limits", str(LANDSCAPE), "-e", "dev", "--offline"]) == 0
    out = capsys.readouterr().out
    assert "limits from spec" in out and "API requests" in out and "█" in out


def test_every_landscape_command_has_an_example(capsys) -> None:
    for command in ("graph", "docs", "limits", "import"):
        assert main([command, "--help"]) == 0
        assert "Example:" in capsys.readouterr().out
