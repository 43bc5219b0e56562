"""The data dictionary as a Markdown page (GitHub-flavoured tables), from `dictionary()`'s data."""

from __future__ import annotations

from typing import Any

from sfspec.generate.templates import render
from sfspec.landscape.escape import md_code, md_text

_LETTERS = {"owns": "O", "reads": "R", "writes": "W", "carries": "V"}


def _field_type(field: dict[str, Any]) -> str:
    kind = field["type"]
    if "length" in field:
        return f"{kind}({field['length']})"
    if "precision" in field:
        return f"{kind}({field['precision']}, {field.get('scale', 0)})"
    if "reference_to" in field:
        return f"{kind} → {field['reference_to']}"
    if field.get("values"):
        return f"{kind}: {', '.join(field['values'])}"
    return str(kind)


def _names(items: list[str]) -> str:
    return ", ".join(md_code(i) for i in items) or "–"


def _uses(refs: list[dict[str, Any]]) -> str:
    shown = []
    for ref in refs:
        roles = [r for r in ref["roles"] if r != "mapping"]
        extra = f" ({md_text(', '.join(r.replace('_', ' ') for r in roles))})" if roles else ""
        shown.append(f"{md_code(ref['flow'])}{extra}")
    return ", ".join(shown) or "–"


def _owns(system: dict[str, Any]) -> str:
    parts = [md_code(o) for o in system["owns_objects"]]
    parts += [
        f"{md_code(obj)}: {', '.join(md_code(f) for f in fields)}" for obj, fields in system["owns_fields"].items()
    ]
    return "; ".join(parts) or "–"


def _ext(field: dict[str, Any]) -> str:
    if not field["external_id"]:
        return ""
    return "yes" + (f" ({', '.join(md_code(s) for s in field['external_id_for'])})" if field["external_id_for"] else "")


def dictionary_markdown(data: dict[str, Any], diagram: str) -> str:
    """The page; `diagram` is the landscape's Mermaid text (mermaid.py), shown in a fenced block."""
    return render(
        "landscape/dictionary.md.j2",
        d=data,
        diagram=diagram if diagram.endswith("\n") else diagram + "\n",
        md=md_text,
        code=md_code,
        names=_names,
        uses=_uses,
        owns=_owns,
        ext=_ext,
        field_type=_field_type,
        letters=lambda cell: " ".join(_LETTERS[r] for r in cell) or "·",
    )
