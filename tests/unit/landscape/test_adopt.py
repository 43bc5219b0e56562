"""`sfspec adopt`: the spec patch that takes existing org components under management."""

from __future__ import annotations

from pathlib import Path

import pytest

from sfspec.cli import main
from sfspec.landscape.adopt import parse_target
from sfspec.state import ComponentKey

DREAMHOUSE = Path(__file__).resolve().parents[2] / "fixtures" / "sfdx" / "samples" / "dreamhouse-lwc"
ORG = f"source:{DREAMHOUSE}"
SPEC = """\
sfspec: 1
systems:
  salesforce: {kind: salesforce}  # the org
objects:
  Property__c:
    owner: salesforce
    fields:
      Price__c: {type: Currency, label: Price shown to buyers}  # the author's label wins
"""


def test_targets_name_objects_and_fields() -> None:
    assert parse_target("Property__c") == ComponentKey("CustomObject", "Property__c")
    assert parse_target("Property__c.Price__c") == ComponentKey("CustomField", "Property__c.Price__c")
    assert parse_target("CustomField:Property__c.Price__c") == ComponentKey("CustomField", "Property__c.Price__c")
    for bad in ("ApexClass:Foo", "a.b.c", "Bad Name", "CustomObject:A.B"):
        assert parse_target(bad) is None, bad


def test_adopt_writes_the_orgs_definition_and_keeps_the_authors_text(tmp_path: Path, capsys) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    assert main(["adopt", str(spec), "--org", ORG, "Property__c", "Property__c.Price__c", "Broker__c.Email__c"]) == 0
    assert "adopted CustomField:Property__c.Price__c" in capsys.readouterr().out
    text = spec.read_text(encoding="utf-8")
    assert "# the org" in text and "# the author's label wins" in text
    assert "label: Price shown to buyers" in text and "precision: 8" in text
    assert text.index("label: Property") < text.index("fields:")  # an object's label above its fields
    assert "Broker__c:" in text and "Email__c:" in text  # the object is declared for the field's sake
    assert main(["fmt", "--check", str(spec)]) == 0  # written in canonical layout
    assert main(["validate", str(spec)]) == 0


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("Property__c.Nope__c", "SFS040"),  # not in the org
        ("Property__c.Bad Name", "SFS043"),  # not a name
    ],
)
def test_adopt_refuses_what_it_cannot_adopt_and_writes_nothing(target: str, code: str, tmp_path: Path, capsys) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    assert main(["adopt", str(spec), "--org", ORG, target]) == 1
    err = capsys.readouterr().err
    assert code in err and "nothing written" in err and "Traceback" not in err
    assert spec.read_text(encoding="utf-8") == SPEC


def test_a_field_the_spec_cannot_express_is_named_and_a_managed_one_needs_no_adoption(tmp_path: Path, capsys) -> None:
    org = tmp_path / "org"
    fields = org / "objects" / "Thing__c" / "fields"
    fields.mkdir(parents=True)
    (fields / "Geo__c.field-meta.xml").write_text(
        '<CustomField xmlns="http://soap.sforce.com/2006/04/metadata"><type>Html</type><formula>1</formula>'
        "<label>G</label></CustomField>"
    )
    (fields / "Ours__c.field-meta.xml").write_text(
        '<CustomField xmlns="http://soap.sforce.com/2006/04/metadata"><type>Date</type>'
        "<description>Managed by sfspec.</description><label>O</label></CustomField>"
    )
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    assert main(["adopt", str(spec), "--org", f"source:{org}", "Thing__c.Geo__c"]) == 1
    assert "SFS042" in capsys.readouterr().err
    assert main(["adopt", str(spec), "--org", f"source:{org}", "Thing__c.Ours__c"]) == 0
    assert "SFS041" in capsys.readouterr().err and spec.read_text(encoding="utf-8") == SPEC
