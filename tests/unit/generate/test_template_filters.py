"""The escaping filters of generate/templates.py, read back by the parsers of each language."""

from __future__ import annotations

import os

import mistune
import pytest
from ruamel.yaml import YAML

from sfspec.generate.templates import comment, md_cell, properties_value, yaml_string

try:
    import javaproperties
except ImportError:  # a test extra; CI installs it (tests/run), a stale workstation venv may not
    if os.environ.get("CI"):
        raise
    pytest.skip("javaproperties is not installed: pip install -e '.[test]'", allow_module_level=True)

HOSTILE = [
    "a\nkey=value",
    "a\r\nkey=value",
    "a\rkey=value",
    "a\u2028b: 1\u2029c\u0085d",
    "bidi \u202etxt.exe\u202c",
    "tab\tand\x00nul and \x1b[31m",
    "byte \udcff from a file name",
    "<script>alert(1)</script> | x | `y` *z* [l](u) &amp;",
    "{{env:SECRET}} ${env:SECRET}",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_comment_stays_one_comment_line(text: str) -> None:
    line = comment(text)
    line.encode("utf-8")
    properties = f"# {line}\nkey=1\n"
    assert javaproperties.loads(properties) == {"key": "1"}
    assert YAML(typ="safe", pure=True).load(f"# {line}\nkey: 1\n") == {"key": 1}
    assert len(f"# {line}".splitlines()) == 1


@pytest.mark.parametrize("text", HOSTILE)
def test_a_yaml_string_reads_back_as_the_same_text(text: str) -> None:
    loaded = YAML(typ="safe", pure=True).load(f"k: {yaml_string(text)}\n")["k"]
    assert loaded == text.replace("\udcff", "\ufffd")


@pytest.mark.parametrize("text", HOSTILE)
def test_a_properties_value_reads_back_as_the_same_text(text: str) -> None:
    if "\udcff" in text:
        return  # file names never become property values
    assert javaproperties.loads(f"k={properties_value(text)}\n") == {"k": text}


@pytest.mark.parametrize("text", HOSTILE)
def test_a_markdown_cell_is_one_cell_of_text(text: str) -> None:
    table = f"| a | b |\n|---|---|\n| {md_cell(text)} | z |\n"
    html = mistune.html(table)
    assert html.count("<td>") == 2 and "<script>" not in html and "<a " not in html and "<code>" not in html


def test_long_text_is_cut() -> None:
    assert len(md_cell("x" * 1000)) == 160 and md_cell("x" * 1000).endswith("…")
    assert len(comment("y" * 1000)) == 300
