"""Model instances with the same given keys share one fields set (sfspec.model.shared): memory."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from sfspec import model
from sfspec.load import load_spec

FIELDS = "\n".join(f"      F{i}__c: {{type: Text, length: {i + 1}}}" for i in range(50))
SPEC = f"""\
sfspec: 1
systems:
  crm: {{kind: salesforce}}
  erp: {{kind: erp}}
objects:
  Account:
    owner: crm
    fields:
{FIELDS}
      Credit__c: {{type: Currency, owner: erp}}
"""


def _models(value: object) -> list[BaseModel]:
    if isinstance(value, BaseModel):
        return [value, *(m for v in value.__dict__.values() for m in _models(v))]
    if isinstance(value, dict):
        return [m for v in value.values() for m in _models(v)]
    if isinstance(value, (list, tuple)):
        return [m for v in value for m in _models(v)]
    return []


def test_equal_fields_sets_are_one_object(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    doc, _ = load_spec(tmp_path / "spec.yaml")
    assert doc is not None
    spec, diags = model.build(doc)
    assert spec is not None and not diags.has_errors()
    models = _models(spec)
    sets = {id(m.__pydantic_fields_set__) for m in models}
    distinct = {frozenset(m.__pydantic_fields_set__) for m in models}
    assert len(models) > 50 and len(sets) == len(distinct)  # 50 fields {type, length}: one set
    fields = spec.objects["Account"].fields
    assert fields["F1__c"].model_fields_set == {"type", "length"}
    assert fields["Credit__c"].model_fields_set == {"type", "owner"}


def test_a_copy_with_changes_does_not_change_the_shared_set(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    doc, _ = load_spec(tmp_path / "spec.yaml")
    assert doc is not None
    spec, _ = model.build(doc)
    assert spec is not None
    fields = spec.objects["Account"].fields
    changed = fields["F1__c"].model_copy(update={"label": "Changed"})
    assert changed.model_fields_set == {"type", "length", "label"}
    assert fields["F2__c"].model_fields_set == {"type", "length"}
