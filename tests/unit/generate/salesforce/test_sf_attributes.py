"""The desired state is built, not parsed back: every -meta.xml the Salesforce generator writes
carries the attributes its builder made (sfspec/generate/salesforce/attributes.py), and they are
exactly what parsing the rendered file gives, for every golden case and for hostile text
(test_sf_hostile_text.py checks them too)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sf_support import attribute_mismatches as mismatches
from sf_support import generate_files, spec_cases

from sfspec.generate.salesforce.attributes import _LINE_BREAK, BUILDERS, text
from sfspec.generate.templates import XML_FORBIDDEN
from sfspec.sfdx_format import xml_to_attributes


@pytest.mark.parametrize("case", sorted(spec_cases()))
def test_built_attributes_equal_the_parse_of_every_golden_file(projects, case: str) -> None:
    files, _ = projects[case]
    assert any(f.attributes for f in files), "the case generates no metadata"
    assert mismatches(files) == {}


def test_every_builder_is_used_by_some_golden_case(projects) -> None:
    # Covered builders: a template whose builder never runs here is checked by nothing.
    used = {xml_to_attributes(f.content)[0] for files, _ in projects.values() for f in files if f.attributes}
    rendered_roots = {
        "CustomField",
        "CustomObject",
        "PlatformEventChannelMember",
        "CustomMetadata",
        "CustomPermission",
        "ExternalCredential",
        "NamedCredential",
        "PermissionSet",
        "PlatformEventSubscriberConfig",
        "ApexClass",
        "ApexTrigger",
    }
    assert len(BUILDERS) == 10  # one per template above (ApexClass and ApexTrigger share apex/meta.xml.j2)
    assert rendered_roots <= used


def test_an_api_key_header_prefix_is_a_well_formed_formula(tmp_path: Path) -> None:
    """The prefixed formula holds `&` (string concatenation): it was written raw, so the
    ExternalCredential was not XML and generation failed with an internal error."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        """\
sfspec: 1
name: prefixed
systems:
  salesforce: {kind: salesforce}
  erp:
    kind: erp
    base_url: "https://erp.example.com"
    auth: {protocol: api_key, header: Authorization, header_prefix: "token ", api_key: "env:ERP_KEY"}
objects:
  Account:
    owner: salesforce
    fields:
      ERP_Id__c: {type: Text, length: 40, external_id: true}
flows:
  account-to-erp:
    source: salesforce
    target: erp
    object: Account
    transport: rest
    endpoint: {path: /accounts}
    mapping:
      - {field: ERP_Id__c, remote: id}
""",
        encoding="utf-8",
    )
    files = generate_files(spec)
    assert mismatches(files) == {}
    (cred,) = [f for f in files if f.path.endswith(".externalCredential-meta.xml")]
    param = xml_to_attributes(cred.content)[1]["externalCredentialParameters"]
    header = param[0] if isinstance(param, list) else param
    assert header["parameterValue"] == "{!'token ' & $Credential.Erp_API.ApiKey}"
    assert "&amp;" in cred.content


def test_the_desired_state_of_a_generation_parses_no_xml(monkeypatch) -> None:
    """The whole pipeline from files to desired state runs with the XML parser unavailable: planning
    compares what the generator built, never a parse of what it rendered, and renders no metadata XML."""
    from sfspec import generate as generate_stage
    from sfspec import resolve, sfdx_format
    from sfspec.api import check_spec
    from sfspec.generate.context import GenerationContext
    from sfspec.resources import specs_dir

    spec_path = specs_dir() / "landscape"
    checked, _ = check_spec(spec_path)
    assert checked is not None
    resolved, _ = resolve.for_environment(checked.spec, checked.doc, spec_path, "dev")
    assert resolved is not None

    def no_parse(text: object) -> None:
        raise AssertionError("generated XML was parsed back")

    monkeypatch.setattr(sfdx_format, "xml_to_attributes", no_parse)
    desired, diags = generate_stage.generate(GenerationContext(resolved.spec, checked.doc, resolved.environment))
    assert not diags.has_errors()
    metadata = [c for c in desired.components.values() if c.attributes]
    assert len(metadata) > 40  # objects, fields, permission sets, credentials... all built, none parsed
    # nor rendered: a plan needs the attributes, the XML is rendered when build or apply reads it
    metas = [f for f in desired.files if f.path.endswith("-meta.xml")]
    assert metas and not any(f.rendered for f in metas)
    assert metas[0].content.startswith("<?xml") and metas[0].rendered


def test_generated_attributes_are_built_when_read_not_held() -> None:
    """A generated component holds its file's render context, not an attribute dict beside it
    (issue 16, plan memory): its attributes are built from that context whenever they are read."""
    import gc

    from sfspec import generate as generate_stage
    from sfspec import resolve
    from sfspec.api import check_spec
    from sfspec.generate.context import GenerationContext
    from sfspec.resources import specs_dir

    spec_path = specs_dir() / "landscape"
    checked, _ = check_spec(spec_path)
    assert checked is not None
    resolved, _ = resolve.for_environment(checked.spec, checked.doc, spec_path, "dev")
    assert resolved is not None
    desired, _ = generate_stage.generate(GenerationContext(resolved.spec, checked.doc, resolved.environment))
    fields = [c for c in desired.components.values() if c.type == "CustomField"]
    assert len(fields) > 10
    for comp in fields:
        held = gc.get_referents(comp)
        assert not any(isinstance(x, dict) for x in held), f"{comp.key} holds an attribute dict"
        first, second = dict(comp.attributes.items()), dict(comp.attributes.items())
        assert first == second and first is not second and first["type"]
        assert comp.attributes == first and list(comp.attributes.values()) == list(first.values())
    metas = {f.path: f for f in desired.files if f.attributes is not None}
    assert all(f.attributes is f.text for f in metas.values())  # the deferred render is the attributes


def test_generated_metadata_without_attributes_is_refused() -> None:
    # A -meta.xml written around Emitter.metadata would silently plan nothing for its attributes.
    from sfspec.sfdx_format import components_from_files
    from sfspec.state import GeneratedFile

    meta = GeneratedFile("force-app/main/default/classes/X.cls-meta.xml", "<ApexClass/>", None)
    with pytest.raises(ValueError, match="without its attributes"):
        components_from_files([meta])


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=st.characters(max_codepoint=0x9F)), st.integers(), st.booleans()))
def test_text_skips_its_substitutions_only_where_they_change_nothing(value: object) -> None:
    assert text(value) == _LINE_BREAK.sub("\n", XML_FORBIDDEN.sub("", str(value)))


def test_text_of_every_ascii_character_pair() -> None:
    for a in range(128):
        for b in (0x20, 0x0A, 0x0D, a):
            value = f"x{chr(a)}{chr(b)}y"
            assert text(value) == _LINE_BREAK.sub("\n", XML_FORBIDDEN.sub("", value)), repr(value)
