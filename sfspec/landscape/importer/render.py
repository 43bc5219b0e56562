"""The imported spec as YAML text, from a template (generators/landscape/imported.sfspec.yaml.j2)."""

from __future__ import annotations

import json
from typing import Any

from sfspec.generate.templates import render
from sfspec.landscape.escape import one_line
from sfspec.landscape.importer.build import SALESFORCE, Imported


def _yaml_safe(ch: str) -> str:
    # YAML's printable set (1.2 §5.1) minus the characters some loaders take as line breaks.
    code = ord(ch)
    printable = (
        code in (0x09,)
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ) and code not in (0x2028, 0x2029, 0xFEFF)
    return ch if printable else f"\\u{code:04x}" if code <= 0xFFFF else ""


def y(value: Any) -> str:
    """A YAML flow value: JSON (a YAML subset) with every non-printable character escaped."""
    if isinstance(value, str):
        return "".join(_yaml_safe(ch) for ch in json.dumps(value, ensure_ascii=False))
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {y(v)}" for k, v in value.items()) + "}"
    return (
        json.dumps(value, ensure_ascii=False)
        if not isinstance(value, list)
        else "[" + ", ".join(y(v) for v in value) + "]"
    )


def comment(value: Any) -> str:
    """Text for a `# …` comment: one line, printable only."""
    return "".join(ch if ch.isprintable() else "?" for ch in one_line(value))


def render_spec(imported: Imported) -> str:
    return render("landscape/imported.sfspec.yaml.j2", s=imported, salesforce=SALESFORCE, y=y, comment=comment)
