"""Generate schemas/sfspec.schema.json from the pydantic models.

Run `python -m sfspec.model.schema` after changing the models; tests/unit/test_schema.py fails
while the committed file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from sfspec.model.spec import Spec

SCHEMA_ID = "https://sfspec.dev/schemas/sfspec.schema.json"


def _tighten(node: Any) -> Any:
    """pydantic writes constrained dict keys as patternProperties, which lets other keys through;
    use propertyNames + additionalProperties so a bad name is an error with a clear message."""
    if isinstance(node, dict):
        node = {k: _tighten(v) for k, v in node.items()}
        any_of = node.get("anyOf")
        if (
            isinstance(any_of, list)
            and len(any_of) == 2
            and {"type": "null"} in any_of
            and node.get("default", 0) is None
        ):
            # Optional[X] = None: YAML authors omit the key rather than write null, and a plain X
            # gives jsonschema a precise error instead of "not valid under any of the given schemas".
            (kept,) = [branch for branch in any_of if branch != {"type": "null"}]
            node = {**{k: v for k, v in node.items() if k not in ("anyOf", "default")}, **kept}
        props = node.get("patternProperties")
        if isinstance(props, dict) and len(props) == 1 and "properties" not in node:
            ((pattern, value),) = props.items()
            del node["patternProperties"]
            node["propertyNames"] = {"pattern": pattern}
            node["additionalProperties"] = value
        return node
    if isinstance(node, list):
        return [_tighten(v) for v in node]
    return node


def _markdown(node: Any) -> Any:
    """Every `description` also as `markdownDescription`: VS Code's YAML extension renders that one
    (the backticks and links in our descriptions), other editors keep reading `description`."""
    if isinstance(node, dict):
        node = {k: _markdown(v) for k, v in node.items()}
        if isinstance(node.get("description"), str):
            node["markdownDescription"] = node["description"]
        return node
    if isinstance(node, list):
        return [_markdown(v) for v in node]
    return node


def spec_schema() -> dict[str, Any]:
    schema = Spec.model_json_schema(by_alias=True, mode="validation")
    schema = _markdown(_tighten(schema))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    target = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "schemas" / "sfspec.schema.json"
    target.write_text(render(spec_schema()), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
