"""Field types real orgs have (issue 13), generated and patched: formula, roll-up summary, auto
number, Time, Geolocation, rich and encrypted text, master-detail order and lookup filters. Every
field file is checked against the Metadata API v63 XSD, and so is a field patched over the org's
copy (adoption), whose elements sfspec re-orders itself."""

from __future__ import annotations

import sys
from pathlib import Path

from sfspec import api
from sfspec.sfdx_format import xml_to_attributes

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "validators"))
import salesforce as validators

SAMPLES = Path(__file__).resolve().parents[3] / "fixtures" / "sfdx" / "samples"
SPEC = """\
sfspec: 1
systems:
  salesforce: {kind: salesforce}
objects:
  Session__c:
    owner: salesforce
    fields:
      Days__c: {type: Number, formula: "TODAY() - Date__c", precision: 18, scale: 0}
      Late__c: {type: Checkbox, formula: "Days__c > 3"}
      Booked__c:
        type: Summary
        summary:
          operation: sum
          foreign_key: Booking__c.Session__c
          field: Booking__c.Guests__c
          filters: [{field: Booking__c.Canceled__c, operation: equals, value: "False"}]
      Number__c: {type: AutoNumber, display_format: "S-{00000}"}
      Starts__c: {type: Time}
      Where__c: {type: Location, scale: 5}
      Notes__c: {type: Html, length: 32768}
      Secret__c: {type: EncryptedText, length: 100}
      Status__c: {type: Picklist, values: [Open, Full]}
  Booking__c:
    owner: salesforce
    fields:
      Session__c: {type: MasterDetail, reference_to: Session__c, relationship_order: 1}
      Guests__c: {type: Number, precision: 3, scale: 0}
      Canceled__c: {type: Checkbox}
      Partner__c:
        type: Lookup
        reference_to: Account
        lookup_filter:
          filters: [{field: Account.Type, operation: equals, value: Partner}]
          error_message: Partners only
  Account: {owner: salesforce}
"""


def _fields(tmp_path: Path) -> dict[str, dict]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    wanted, diags = api.desired(spec)
    assert wanted is not None, [d.format() for d in diags]
    files = {f.path.rsplit("/", 1)[-1]: f.content for f in wanted.state.files if f.path.endswith(".field-meta.xml")}
    problems = {name: validators.xsd_errors(text) for name, text in files.items()}
    assert {n: p for n, p in problems.items() if p} == {}
    return {name.split(".")[0]: xml_to_attributes(text)[1] for name, text in files.items()}


def test_every_brownfield_field_type_is_generated_as_valid_metadata(tmp_path: Path) -> None:
    f = _fields(tmp_path)
    assert f["Days__c"]["formula"] == "TODAY() - Date__c" and "required" not in f["Days__c"]
    assert f["Late__c"]["formula"] == "Days__c > 3" and "defaultValue" not in f["Late__c"]
    assert f["Booked__c"]["summaryOperation"] == "sum" and f["Booked__c"]["summaryFilterItems"]["value"] == "False"
    assert f["Number__c"]["displayFormat"] == "S-{00000}" and f["Starts__c"]["type"] == "Time"
    assert f["Where__c"]["scale"] == "5"
    assert f["Notes__c"]["visibleLines"] == "25" and f["Secret__c"]["maskType"] == "all"
    assert f["Session__c"]["relationshipOrder"] == "1"
    assert f["Partner__c"]["lookupFilter"]["filterItems"]["value"] == "Partner"


def test_a_field_patched_over_the_orgs_copy_is_valid_metadata(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "sfspec: 1\nsystems:\n  salesforce: {kind: salesforce}\nobjects:\n  Session__c:\n    owner: salesforce\n"
        "    fields:\n      Booked_Slots__c: {type: Summary, manage: adopt, summary: {operation: sum,"
        " foreign_key: Booking__c.Session__c, field: Booking__c.Number_of_Guests__c}}\n",
        encoding="utf-8",
    )
    tree, diags = api.build(spec, None, tmp_path / "out", f"source:{SAMPLES / 'coral-cloud'}")
    assert tree is not None, [d.format() for d in diags]
    text = next((tmp_path / "out").rglob("Booked_Slots__c.field-meta.xml")).read_text(encoding="utf-8")
    assert validators.xsd_errors(text) == []
    # kept from the org although the spec does not say it: the roll-up's filter
    assert "<field>Booking__c.Is_Canceled__c</field>" in text and "Managed by sfspec" in text


def test_a_plan_holds_each_field_as_the_spec_wrote_it(tmp_path: Path) -> None:
    """Memory (issue 16): a plan holds each generated field's render context. That is the spec's
    own field record beside names the object's fields share; its FieldModel (label, description,
    the brownfield attributes in one object only a field having one of them holds) is made each
    time the file is rendered or its attributes are built."""
    from sfspec.generate.salesforce.objects import FieldModel, SpecField

    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    wanted, _ = api.desired(spec)
    assert wanted is not None
    given = {
        f.path.rsplit("/", 1)[-1].split(".")[0]: f.text
        for f in wanted.state.files
        if f.path.endswith(".field-meta.xml")
    }
    assert all(isinstance(g, SpecField) for g in given.values())
    fields = wanted.resolved.spec.objects["Booking__c"].fields
    assert given["Guests__c"].spec is fields["Guests__c"]  # the record itself, not a copy of its values
    assert set(SpecField.__slots__) == {"obj", "name", "spec", "force_key", "rel_name", "rel_label", "owner", "event"}
    models = {name: g.made() for name, g in given.items()}
    assert all(isinstance(m, FieldModel) for m in models.values())
    assert "formula" not in FieldModel.__slots__ and "lookup_filter" not in FieldModel.__slots__
    assert models["Guests__c"].extra is None and models["Canceled__c"].extra is None
    assert models["Guests__c"].formula is None and models["Guests__c"].relationship_order == 0
    assert models["Days__c"].extra is not None and models["Days__c"].formula == "TODAY() - Date__c"
    assert models["Session__c"].relationship_order == 1 and models["Partner__c"].lookup_filter is not None
    assert models["Guests__c"].description.startswith("Managed by sfspec. ")


def test_the_plan_compares_every_brownfield_attribute_it_generates(tmp_path: Path) -> None:
    """A generated field's built attributes (what the diff compares) are the parse of its file for
    every brownfield type, and carry every CustomField attribute the spec language models: without
    formula, roll-up, display format, order and lookup filter among them, an edited formula planned
    as no change and an adoption kept the org's."""
    from sf_support import attribute_mismatches

    from sfspec.diff.patch import MODELLED
    from sfspec.state import MetadataType, plain

    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    wanted, diags = api.desired(spec)
    assert wanted is not None, [d.format() for d in diags]
    assert attribute_mismatches(list(wanted.state.files)) == {}
    built = {
        key
        for comp in wanted.state.components.values()
        if comp.type == MetadataType.CUSTOM_FIELD
        for key in plain(comp.attributes)
    }
    assert MODELLED[MetadataType.CUSTOM_FIELD] - built == set()
