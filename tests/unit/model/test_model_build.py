"""Stage 3: the typed Spec, its defaults, and the read-only queries rules are written with."""

from __future__ import annotations

from pathlib import Path

import pytest

from sfspec import model
from sfspec.load import load_spec
from sfspec.model.flows import Flow
from sfspec.model.objects import ObjectSpec
from sfspec.model.record import FrozenRecordError
from sfspec.model.spec import Spec

SPEC = """\
sfspec: 1
systems:
  crm: {kind: salesforce}
  erp: {kind: erp}
objects:
  Account:
    owner: crm
    fields:
      Name: {type: Text, length: 80}
      Credit__c: {type: Currency, owner: erp}
"""


def _doc(tmp_path: Path, text: str = SPEC):  # type: ignore[no-untyped-def]
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    doc, diags = load_spec(spec)
    assert doc is not None and not diags
    return doc


def test_build_fills_defaults(tmp_path: Path) -> None:
    spec, diags = model.build(_doc(tmp_path))
    assert spec is not None and not diags
    assert spec.salesforce.api_version == "63.0" and spec.salesforce.edition == "enterprise"
    assert spec.flows == {} and spec.environments == {}
    assert model.salesforce_system(spec) == "crm"


def test_model_is_frozen_and_forbids_unknown_keys(tmp_path: Path) -> None:
    spec, _ = model.build(_doc(tmp_path))
    assert spec is not None
    with pytest.raises(FrozenRecordError):
        spec.systems["crm"].kind = "erp"  # type: ignore[assignment]
    with pytest.raises(TypeError, match="extra"):
        Spec.from_data({"sfspec": 1, "systems": {}, "extra": 1})
    doc = _doc(tmp_path)
    data = {**doc.plain(), "extra": 1}
    built, diags = model.build(doc, data, schema_valid=True)  # the classes refuse: pydantic words it
    assert built is None and [d.code for d in diags] == ["SFS016"] and "extra" in diags.items[0].summary


def test_model_errors_are_positioned_diagnostics(tmp_path: Path) -> None:
    """Data that reaches the model without the schema (an API caller) still gets SFS016 at the right line."""
    doc = _doc(tmp_path)
    data = doc.plain()
    data["objects"]["Account"]["fields"]["Name"]["length"] = 0
    spec, diags = model.build(doc, data)
    assert spec is None
    (d,) = list(diags)
    assert d.code == "SFS016" and d.source is not None and d.source.start.line == 9
    assert "objects.Account.fields.Name.length" in d.summary


def test_field_owner_falls_back_to_the_object_owner(tmp_path: Path) -> None:
    spec, _ = model.build(_doc(tmp_path))
    assert spec is not None
    account = spec.objects["Account"]
    assert model.field_owner(account, "Credit__c") == "erp"
    assert model.field_owner(account, "Name") == "crm"
    assert model.field_owner(ObjectSpec(owner="erp"), "Anything") == "erp"


def test_flow_objects_and_split_field() -> None:
    one = Flow(source="crm", target="erp", object="Account", transport="rest")
    many = Flow(source="crm", target="dwh", objects=["Account", "Contact"], transport="bulk")
    assert model.flow_objects(one) == ["Account"] and model.flow_objects(many) == ["Account", "Contact"]
    assert model.split_field(one, "Name") == ("Account", "Name")
    assert model.split_field(many, "Contact.Email") == ("Contact", "Email")


@pytest.mark.parametrize(
    "name, custom",
    [("Invoice__c", True), ("Order_Event__e", True), ("Account", False), ("ns__Thing__c", True), ("Name", False)],
)
def test_is_custom(name: str, custom: bool) -> None:
    assert model.is_custom(name) is custom


# ── enums stay enums ──────────────────────────────────────────────────────────────────────────
def test_enum_fields_hold_members_that_read_as_their_value(tmp_path: Path) -> None:
    from sfspec.model.flows import Direction, Timing, Transform
    from sfspec.model.objects import FieldType
    from sfspec.model.systems import SystemKind
    from sfspec.orgref import OrgKind

    text = SPEC + (
        "flows:\n  a-to-b:\n    source: crm\n    target: erp\n    object: Account\n    transport: rest\n"
        "    mapping: [{field: Name, remote: name}]\n"
        "environments:\n  dev: {org: 'mock:orgs/dev.json'}\n"
    )
    spec, diags = model.build(_doc(tmp_path, text))
    assert spec is not None, diags.items
    flow = spec.flows["a-to-b"]
    assert spec.systems["crm"].kind is SystemKind.salesforce
    assert spec.objects["Account"].fields["Name"].type is FieldType.Text
    assert flow.timing is Timing.realtime and flow.direction is Direction.one_way  # defaults are members too
    assert flow.mapping[0].transform is Transform.none
    assert f"{flow.timing} {flow.direction!r}" == "realtime 'one_way'"
    assert spec.environments["dev"].org.kind is OrgKind.MOCK
    assert spec.model_dump(mode="json")["environments"]["dev"]["org"] == "mock:orgs/dev.json"


def test_no_code_compares_a_model_enum_field_with_a_string() -> None:
    import re

    root = Path(__file__).resolve().parents[3] / "sfspec"
    fields = "kind|timing|transport|direction|engine|event|protocol|edition|conflict|transform|manage"
    # (a render Report's kind is a typed Literal["plan", "drift"], not a spec enum)
    literal = re.compile(rf"""(?<!report)\.({fields})\s*(==|!=|in|not in)\s*\(?["']""")
    offenders = [
        f"{p.relative_to(root)}:{n}"
        for p in root.rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert offenders == []


def test_a_refused_name_with_a_line_break_is_reported_on_one_line(tmp_path: Path) -> None:
    doc = _doc(tmp_path, SPEC.replace("  crm: {kind: salesforce}", '  "crm\\n": {kind: salesforce}'))
    spec, diags = model.build(doc, doc.plain(), schema_valid=True)
    assert spec is None
    (d,) = [d for d in diags if d.code == "SFS016"]
    assert "systems.crm\\n" in d.summary and "\n" not in d.format()
