"""Spec text made safe for the languages the landscape commands write: Mermaid, DOT and Markdown.

Labels, descriptions and URLs come from the spec and may hold anything (quotes, brackets, HTML,
newlines, `%%`, `-->`, backslashes). Each function here returns text that the target parser reads
as one literal string, never as syntax; tests run hostile strings through the real parsers.
"""

from __future__ import annotations

import re

_WS = re.compile(r"\s+")

# Mermaid: inside a quoted label only `"` ends the string, but HTML labels render markup, `#…;`
# is an entity, `%%` starts a comment in some positions and a leading "`" switches to a Markdown
# string. Everything outside this small set is written as a decimal entity `#NNN;`, which
# Mermaid decodes back to the character (flowchart syntax, "Entity codes to escape characters").
_MERMAID_SAFE = frozenset(" ,.:_-/()+*'!?=@$")


def one_line(text: object) -> str:
    """Collapse every run of whitespace (newlines included) to one space."""
    return _WS.sub(" ", str(text)).strip()


def mermaid_text(text: object) -> str:
    """Text for the inside of a double-quoted Mermaid label (without the quotes)."""
    out = []
    for ch in one_line(text):
        if ch.isalnum() or ch in _MERMAID_SAFE:
            out.append(ch)
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)


def mermaid_id(prefix: str, name: str) -> str:
    """A node id: letters, digits and underscores only, never a keyword such as `end`."""
    return prefix + "_" + re.sub(r"[^A-Za-z0-9_]", "_", name)


def dot_string(text: object) -> str:
    """A double-quoted DOT string, quotes included. Backslashes are doubled because DOT reads
    `\\N`, `\\G`, `\\l` … in labels as escapes; line breaks are made by the caller with `\\n`."""
    body = one_line(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{body}"'


def dot_html(text: object) -> str:
    """Text for an HTML-like DOT label (inside `<…>`): XML-escaped, control characters dropped.
    Graphviz expands `\\N`, `\\G` … even in HTML labels (also when written `&#92;N`), so backslashes
    are doubled here too."""
    body = "".join(ch for ch in one_line(text) if ord(ch) >= 0x20 and ord(ch) != 0x7F)
    return (
        body.replace("\\", "\\\\")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


# CommonMark: any ASCII punctuation may be backslash-escaped. These are the characters that can
# start markup inline (emphasis, code, links, HTML, entities, table cells, strikethrough).
_MD_SPECIAL = frozenset("\\`*_{}[]<>#|~&!")


def md_text(text: object) -> str:
    """Inline Markdown text (a table cell or a sentence): one line, every markup character escaped."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in one_line(text))


def md_code(text: object) -> str:
    """A Markdown code span for names (API names, flow names); backticks inside are doubled out."""
    body = one_line(text).replace("|", "\\|")
    fence = "``" if "`" in body else "`"
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"
