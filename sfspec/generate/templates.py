"""The single jinja2 Environment for every generated file, with escaping filters per language.

Autoescape is off because we generate Apex, XML, YAML and properties, not HTML: every template
must pass spec text through the filter of its language (`xml`, `apex_string`, `apex_comment`,
`yaml_string`, `properties_value`, `comment` for `#` comments, `md_cell` for Markdown).
StrictUndefined turns a missing variable into an error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

import jinja2

from sfspec.resources import templates_dir

# Characters XML 1.0 forbids (C0 controls but tab/newlines, U+FFFE, U+FFFF); one regex pass, not
# a Python loop per character: this filter runs on every label of every generated file.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: Any) -> str:
    """Escape for XML text and attribute values; drop characters XML 1.0 forbids."""
    text = XML_FORBIDDEN.sub("", str(value))
    text = _xml_escape(text, {'"': "&quot;", "'": "&apos;"})
    # `{!` starts a Salesforce merge field in some metadata; break it so it stays literal text.
    return text.replace("{!", "{&#33;")


def xml_formula(value: Any) -> str:
    """A Salesforce formula (`{!$Credential…}`, built from generated names) in XML text: escaped,
    but its `{!` kept, since it is meant to be evaluated."""
    return _xml_escape(XML_FORBIDDEN.sub("", str(value)))


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


# Not printable in YAML (C1 controls, DEL, line/paragraph separators, non-characters) or not
# encodable at all (lone surrogates): written as escapes inside a double-quoted scalar.
_YAML_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


def yaml_string(value: Any) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML; JSON escapes C0 controls, the
    rest of what YAML cannot hold raw is escaped here; a lone surrogate becomes U+FFFD)."""
    text = json.dumps(str(value), ensure_ascii=False)
    return _YAML_UNPRINTABLE.sub(
        lambda m: "\\ufffd" if 0xD800 <= ord(m.group()) <= 0xDFFF else f"\\u{ord(m.group()):04x}", text
    )


# Characters that end a line for some reader of a generated file (YAML 1.1 also breaks lines at
# U+0085, U+2028 and U+2029; java.util.Properties at a lone CR), other control and format
# characters (bidi overrides make a comment read differently from what it holds), and lone
# surrogates (an undecodable byte of a file name, which UTF-8 cannot write).
_UNSAFE_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff]")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # Python's surrogateescape of the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line_text(value: Any, limit: int = 300) -> str:
    """Text that stays on one line in any generated file: every line break, control or format
    character is written as a visible escape (`\\n`, `\\x0d`, `\\u2028`); long text is cut
    with an ellipsis."""
    text = _UNSAFE_IN_LINE.sub(_escape_char, str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def comment(value: Any) -> str:
    """Text for a `#` comment in YAML or .properties: one line (see one_line_text)."""
    return one_line_text(value)


# CommonMark: any ASCII punctuation may be backslash-escaped; these can start markup inline
# (emphasis, code, links, raw HTML, entities, table cells, strikethrough, headings).
_MD_SPECIAL = frozenset("\\`*_{}[]<>#|~&!")


def md_cell(value: Any, limit: int = 160) -> str:
    """Text for a Markdown table cell or list item: one line, markup characters escaped (a `|`
    cannot end the cell, `<script>` is text), at most `limit` characters of the original."""
    text = str(value)
    cut = text if len(text) <= limit else text[: limit - 1] + "…"
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in one_line_text(cut, limit=4 * limit))


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
        xml_formula=xml_formula,
        apex_string=apex_string,
        apex_comment=apex_comment,
        yaml_string=yaml_string,
        properties_value=properties_value,
        comment=comment,
        md_cell=md_cell,
        tojson_sorted=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False),
    )
    return env


def render(template: str, **context: Any) -> str:
    text = environment().get_template(template).render(**context)
    return text.replace("\r\n", "\n")


@dataclass(frozen=True, slots=True, eq=False)
class DeferredText:
    """A generated file's template and context, rendered each time it is called (GeneratedFile
    keeps the text once its `content` is read; a plan's diff renders and drops it). A tuple of
    values beside a names tuple shared by every file of one call site is a third of a keyword
    dict; each value is the context object itself (shared, not copied), so what it holds must
    stay small beside the text it makes (tests/unit/generate/test_deferred_text.py)."""

    template: str  # under the templates folder, e.g. "middleware/camel/route.camel.yaml.j2"
    names: tuple[str, ...]
    given: tuple[object, ...]  # the context's values, in the order of `names`

    def __call__(self) -> str:
        return render(self.template, **dict(zip(self.names, self.given, strict=True)))


def deferred(template: str, names: dict[tuple[str, ...], tuple[str, ...]], /, **context: object) -> DeferredText:
    """`template` rendered with `context` when called. `names` pools the tuples of context names, so
    the files of one generator share one tuple per call site."""
    key = tuple(context)
    return DeferredText(template, names.setdefault(key, key), tuple(context.values()))
