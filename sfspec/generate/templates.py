"""The single jinja2 Environment for every generated file, with escaping filters per language.

Autoescape is off because we generate Apex, XML, YAML and properties, not HTML: every template
must pass spec text through the filter of its language (`xml`, `apex_string`, `apex_comment`,
`yaml_string`, `properties_value`). StrictUndefined turns a missing variable into an error.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

import jinja2

from sfspec.resources import templates_dir

# Characters XML 1.0 forbids (C0 controls but tab/newlines, U+FFFE, U+FFFF); one regex pass, not
# a Python loop per character: this filter runs on every label of every generated file.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: Any) -> str:
    """Escape for XML text and attribute values; drop characters XML 1.0 forbids."""
    text = _XML_FORBIDDEN.sub("", str(value))
    text = _xml_escape(text, {'"': "&quot;", "'": "&apos;"})
    # `{!` starts a Salesforce merge field in some metadata; break it so it stays literal text.
    return text.replace("{!", "{&#33;")


def apex_string(value: Any) -> str:
    """An Apex single-quoted string literal, including the quotes."""
    out = []
    for ch in str(value):
        if ch == "\\":
            out.append("\\\\")
        elif ch == "'":
            out.append("\\'")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) > 0x7E:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else "?")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def apex_comment(value: Any) -> str:
    """Text safe inside a // or /* */ comment: one line, no comment terminator, ASCII only."""
    text = " ".join(str(value).split())
    text = text.replace("*/", "* /").replace("/*", "/ *")
    return "".join(ch if 0x20 <= ord(ch) <= 0x7E else "?" for ch in text)


def yaml_string(value: Any) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(str(value), ensure_ascii=False)


def properties_value(value: Any) -> str:
    """A java.util.Properties value: escape backslashes, newlines and leading spaces."""
    text = str(value).replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
    return ("\\" + text) if text.startswith(" ") else text


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(
        xml=xml_text,
        apex_string=apex_string,
        apex_comment=apex_comment,
        yaml_string=yaml_string,
        properties_value=properties_value,
        tojson_sorted=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False),
    )
    return env


def render(template: str, **context: Any) -> str:
    text = environment().get_template(template).render(**context)
    return text.replace("\r\n", "\n")
