"""Generate, from the language's pydantic definitions (sfspec/model/language/): the JSON Schema
schemas/sfspec.schema.json, its compiled checker, and the spec model's classes (the generated end
of sfspec/model/{existing,objects,flows,systems,environments,spec}.py).

Run `python -m sfspec.model.schema` after changing the language; tests/unit/model/test_model_schema.py,
tests/unit/validate/test_compiled_schema.py and tests/unit/model/test_records.py fail while a
committed file is stale.

The compiled checker (sfspec/validate/compiled_schema.py) is the same schema turned into plain
Python by fastjsonschema's code generator: it answers "valid or not" about 14x faster than
jsonschema walks the schema, so a valid spec never pays for jsonschema (a third of a plan's time)
and `validate` does not even import it; jsonschema still words every error of an invalid spec.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from sfspec.model.language.spec import Spec

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


# Keywords that only annotate (editor help, defaults jsonschema never applies): left out of the
# compiled checker, whose error messages are never shown (jsonschema words the errors).
_ANNOTATIONS = frozenset({"title", "description", "markdownDescription", "default", "examples"})
_CHILD_MAPS = frozenset({"properties", "$defs", "patternProperties"})


def _checks_only(node: Any) -> Any:
    """The schema as fastjsonschema must see it to judge exactly as jsonschema's 2020-12 validator:
    annotations dropped; `const` written as a one-item `enum` (its generator cannot word a const
    without the detailed messages we turn off); a `$ref` beside other keywords moved into `allOf`,
    because before 2019-09 a `$ref` hid its siblings and fastjsonschema still skips them."""
    if isinstance(node, list):
        return [_checks_only(v) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _ANNOTATIONS and not isinstance(value, dict | list):
            continue
        if key in _CHILD_MAPS and isinstance(value, dict):
            out[key] = {name: _checks_only(child) for name, child in value.items()}
        elif key == "const":
            out["enum"] = [value]
        else:
            out[key] = _checks_only(value)
    if "$ref" in out and len(out) > 1:
        out = {**{k: v for k, v in out.items() if k != "$ref"}, "allOf": [{"$ref": out["$ref"]}, *out.get("allOf", [])]}
    return out


def compiled_source(schema_text: str) -> str:
    """Python source of a checker for the schema in `schema_text`: `validate(data)` raises
    fastjsonschema's JsonSchemaValueException at the first violation. `SCHEMA_SHA256` names the
    schema text it was compiled from (the staleness test compares it with the committed schema)."""
    import fastjsonschema  # a build-time tool here; the generated module needs only its exception class

    schema = _checks_only(json.loads(schema_text))
    schema["$id"] = "sfspec"  # the generated function names derive from it
    code = fastjsonschema.compile_to_code(schema, use_default=False, use_formats=False, detailed_exceptions=False)
    digest = hashlib.sha256(schema_text.encode("utf-8")).hexdigest()
    return (
        "# Generated by `python -m sfspec.model.schema` from schemas/sfspec.schema.json with fastjsonschema's\n"
        "# code generator: do not edit. Regenerate after changing the models.\n"
        "# ruff: noqa\n"
        f'SCHEMA_SHA256 = "{digest}"\n'
        f"{code.rstrip()}\n\n\n"
        "validate = validate_sfspec\n"
    )


def main(argv: list[str] | None = None) -> int:
    """`python -m sfspec.model.schema [SCHEMA_JSON [COMPILED_PY]]`: write both (defaults: the committed files)."""
    args = argv if argv is not None else sys.argv[1:]
    root = Path(__file__).resolve().parents[2]
    target = Path(args[0]) if args else root / "schemas" / "sfspec.schema.json"
    compiled = Path(args[1]) if len(args) > 1 else root / "sfspec" / "validate" / "compiled_schema.py"
    text = render(spec_schema())
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    compiled.write_text(compiled_source(text), encoding="utf-8")
    print(f"wrote {compiled}")
    if not args:  # the classes are written into the model modules of this checkout only
        from sfspec.model.language.compile import MODULES, with_region

        for module in MODULES:
            path = root / "sfspec" / "model" / f"{module}.py"
            path.write_text(formatted(with_region(path.read_text(encoding="utf-8"), module), path), encoding="utf-8")
            print(f"wrote {path}")
    return 0


def formatted(source: str, path: Path) -> str:
    """`source` as `ruff format` lays it out (a test extra: the generator is a developer's tool), so
    the generated classes read like the code around them and the format check passes."""
    import shutil
    import subprocess

    ruff = Path(sys.executable).with_name("ruff")
    found = str(ruff) if ruff.exists() else shutil.which("ruff")
    if not found:
        raise SystemExit("ruff is needed to lay out the generated classes: pip install -e .[test]")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [found, "format", "--stdin-filename", str(path), "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=root,
        check=True,
    )
    return done.stdout


if __name__ == "__main__":
    raise SystemExit(main())
