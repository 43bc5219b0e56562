"""Findings (Diagnostics) in machine formats: JSON, GitHub workflow commands, SARIF 2.1.0.

`validate --format`, and `plan`/`drift --format json` when the spec has errors, print these on
stdout so a CI step can parse them instead of scraping stderr.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sfspec import __version__
from sfspec.diagnostics import Diagnostic, Diagnostics, Severity

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def errors_json(diags: Diagnostics) -> str:
    """What `plan`/`drift --format json` print instead of a plan when the spec has errors."""
    return json.dumps({"valid": False, "diagnostics": [d.to_dict() for d in diags.sorted()]}, indent=2) + "\n"


def validate_json(checked: Sequence[tuple[Path, bool]], diags: Diagnostics) -> str:
    payload = {
        "valid": all(ok for _, ok in checked),
        "diagnostics": [d.to_dict() for d in diags.sorted()],
        "specs": [{"path": str(path), "valid": ok} for path, ok in checked],
    }
    return json.dumps(payload, indent=2) + "\n"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def github(diags: Diagnostics) -> str:
    """One `::error`/`::warning`/`::notice` workflow command per finding, on its spec line."""
    out = []
    for d in diags.sorted():
        level = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(d.severity, "notice")
        props = [f"title={_prop(d.code)}"]
        if d.source:
            props = [f"file={_prop(d.source.path)}", f"line={d.source.start.line}", f"col={d.source.start.col}", *props]
        message = d.summary + (f" (hint: {d.hint})" if d.hint else "")
        out.append(f"::{level} {','.join(props)}::{_data(message)}")
    return "".join(line + "\n" for line in out)


def describe(code: str) -> str:
    """The one-line description of a code, for SARIF's rule metadata."""
    from sfspec.codes import CODES

    return CODES[code].summary if code in CODES else code


def _uri(path: str) -> str:
    """Relative paths stay relative (GitHub resolves them against the repository root, which is
    where CI runs sfspec); absolute ones become file: URIs."""
    p = Path(path)
    return p.as_uri() if p.is_absolute() else p.as_posix()


def _result(d: Diagnostic, index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": index,
        "level": _SARIF_LEVEL[d.severity],
        "message": {"text": d.summary + (f" (hint: {d.hint})" if d.hint else "")},
    }
    if d.source:
        region = {"startLine": d.source.start.line, "startColumn": d.source.start.col}
        result["locations"] = [
            {"physicalLocation": {"artifactLocation": {"uri": _uri(d.source.path)}, "region": region}}
        ]
    return result


def sarif(diags: Diagnostics) -> str:
    """A SARIF 2.1.0 log with one run: sfspec as the tool, every code found as a rule (its
    description from `sfspec rules`; docs/rules.md has the full text)."""
    found = diags.sorted()
    codes = sorted({d.code for d in found})
    rules = [{"id": c, "shortDescription": {"text": describe(c)}} for c in codes]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sfspec",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": [_result(d, codes.index(d.code)) for d in found],
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"
