"""The desired state of each metadata file, built from the same values its template renders.

Planning compares attributes (the shape `sfdx_format.xml_to_attributes` reads from a -meta.xml), not
files. Rendering the XML and parsing it back was a third of generation, so each template here has
a builder that returns what parsing its output would give: leaf text as the `xml` filter writes it
and an XML parser reads it back, one child as itself and repeated children as a list, an absent
optional element absent. tests/unit/generate/salesforce/test_sf_attributes.py holds every builder
to the parse of its rendered file, for every golden case and for hostile text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from sfspec.generate.templates import XML_FORBIDDEN
from sfspec.state import MetadataType

Attributes = dict[str, Any]
Builder = Callable[[Mapping[str, Any]], Attributes]
_LINE_BREAK = re.compile(r"\r\n?")


def text(value: Any) -> str:
    """`{{ value | xml }}` as an XML parser reads it back: forbidden characters gone, line breaks
    normalised to LF (XML 1.0 §2.11); escapes, `{&#33;` included, decode to the original."""
    value = str(value)
    if value.isascii() and value.isprintable():  # most text: neither a control character nor a CR
        return value
    return _LINE_BREAK.sub("\n", XML_FORBIDDEN.sub("", value))


def flag(value: Any) -> str:
    return "true" if value else "false"


def repeated(items: list[Any]) -> Any:
    """Children of one name: a lone child is the child itself, several are a list."""
    return items[0] if len(items) == 1 else items


def _with(attrs: Attributes, key: str, items: list[Any]) -> None:
    if items:
        attrs[key] = repeated(items)


def custom_field(ctx: Mapping[str, Any]) -> Attributes:
    f = ctx["f"]
    a: Attributes = {}  # the root's fullName is the component's name, not an attribute
    if f.case_sensitive is not None:
        a["caseSensitive"] = flag(f.case_sensitive)
    if f.default_value is not None:
        a["defaultValue"] = text(f.default_value)
    if f.delete_constraint:
        a["deleteConstraint"] = text(f.delete_constraint)
    a["description"] = text(f.description)
    if f.display_format:
        a["displayFormat"] = text(f.display_format)
    if f.external_id is not None:
        a["externalId"] = flag(f.external_id)
    if f.formula is not None:
        a["formula"] = text(f.formula)
    if f.event_field:
        a.update(isFilteringDisabled="false", isNameField="false", isSortingDisabled="false")
    a["label"] = text(f.label)
    if f.length is not None:
        a["length"] = str(f.length)
    if f.lookup_filter:
        a["lookupFilter"] = _lookup_filter(f.lookup_filter)
    if f.mask_char:
        a["maskChar"] = text(f.mask_char)
        a["maskType"] = text(f.mask_type)
    if f.precision is not None:
        a["precision"] = str(f.precision)
    if f.reference_to:
        a["referenceTo"] = text(f.reference_to)
        a["relationshipLabel"] = text(f.relationship_label)
        a["relationshipName"] = text(f.relationship_name)
    if f.type == "MasterDetail":
        a.update(
            relationshipOrder=str(f.relationship_order),
            reparentableMasterDetail="false",
            writeRequiresMasterRead="false",
        )
    if f.required is not None:
        a["required"] = flag(f.required)
    if f.scale is not None:
        a["scale"] = str(f.scale)
    if f.summary_operation:
        if f.summarized_field:
            a["summarizedField"] = text(f.summarized_field)
        _with(a, "summaryFilterItems", [_filter_item(c) for c in f.summary_filters])
        a["summaryForeignKey"] = text(f.summary_foreign_key)
        a["summaryOperation"] = text(f.summary_operation)
    a["type"] = text(f.type)
    if f.unique is not None:
        a["unique"] = flag(f.unique)
    if f.values:
        values = [{"fullName": text(v), "default": "false", "label": text(v)} for v in f.values]
        a["valueSet"] = {"restricted": "true", "valueSetDefinition": {"sorted": "false", "value": repeated(values)}}
    if f.visible_lines is not None:
        a["visibleLines"] = str(f.visible_lines)
    return a


def _filter_item(c: Any) -> Attributes:
    item: Attributes = {"field": text(c.field), "operation": text(c.operation)}
    if c.value is not None:
        item["value"] = text(c.value)
    if c.value_field:
        item["valueField"] = text(c.value_field)
    return item


def _lookup_filter(lf: Any) -> Attributes:
    a: Attributes = {"active": flag(lf.active)}
    if lf.boolean_filter:
        a["booleanFilter"] = text(lf.boolean_filter)
    if lf.error_message:
        a["errorMessage"] = text(lf.error_message)
    _with(a, "filterItems", [_filter_item(c) for c in lf.criteria])
    a["isOptional"] = flag(lf.optional)
    return a


def custom_object(ctx: Mapping[str, Any]) -> Attributes:
    o = ctx["o"]
    a: Attributes = {"deploymentStatus": "Deployed", "description": text(o.description)}
    if o.platform_event:
        a.update(eventType="HighVolume", publishBehavior="PublishAfterCommit")
    else:
        a.update(
            enableActivities="false",
            enableBulkApi="true",
            enableHistory="false",
            enableReports="true",
            enableSharing="true",
            enableStreamingApi="true",
            sharingModel=text(o.sharing_model),
        )
        name_field = {"label": text(o.name_label), "type": "AutoNumber" if o.auto_number else "Text"}
        if o.auto_number:
            name_field["displayFormat"] = text(o.auto_number)
        a["nameField"] = name_field
    a["label"] = text(o.label)
    a["pluralLabel"] = text(o.plural_label)
    return a


def channel_member(ctx: Mapping[str, Any]) -> Attributes:
    return {"eventChannel": "ChangeEvents", "selectedEntity": text(ctx["entity"])}


def custom_metadata(ctx: Mapping[str, Any]) -> Attributes:
    values = [{"field": text(name), "value": text(value) if xsd else ""} for name, xsd, value in ctx["values"]]
    a: Attributes = {"label": text(ctx["label"]), "protected": "false"}
    _with(a, "values", values)
    return a


def custom_permission(ctx: Mapping[str, Any]) -> Attributes:
    return {"description": text(ctx["description"]), "isLicensed": "false", "label": text(ctx["label"])}


def external_credential(ctx: Mapping[str, Any]) -> Attributes:
    c = ctx["c"]
    params = []
    for p in c.parameters:
        param = {"parameterGroup": text(p.group), "parameterName": text(p.name), "parameterType": text(p.type)}
        if p.value is not None:
            param["parameterValue"] = text(p.value)
        if p.sequence is not None:
            param["sequenceNumber"] = str(p.sequence)
        params.append(param)
    a: Attributes = {"authenticationProtocol": text(c.protocol), "description": text(c.description)}
    _with(a, "externalCredentialParameters", params)
    a["label"] = text(c.label)
    return a


def named_credential(ctx: Mapping[str, Any]) -> Attributes:
    c = ctx["c"]
    return {
        "allowMergeFieldsInBody": "false",
        "allowMergeFieldsInHeader": "false",
        "calloutStatus": "Enabled",
        "generateAuthorizationHeader": flag(c.generate_auth_header),
        "label": text(c.label),
        "namedCredentialParameters": [
            {"parameterName": "Url", "parameterType": "Url", "parameterValue": text(c.url)},
            {
                "externalCredential": text(c.name),
                "parameterName": MetadataType.EXTERNAL_CREDENTIAL.value,  # the parameter names the type it points at
                "parameterType": "Authentication",
            },
        ],
        "namedCredentialType": "SecuredEndpoint",
    }


def permission_set(ctx: Mapping[str, Any]) -> Attributes:
    p = ctx["p"]
    a: Attributes = {}
    _with(a, "customPermissions", [{"enabled": "true", "name": text(n)} for n in p.custom_permissions])
    a["description"] = text(p.description)
    _with(
        a,
        "externalCredentialPrincipalAccesses",
        [{"enabled": "true", "externalCredentialPrincipal": text(n)} for n in p.principals],
    )
    _with(
        a,
        "fieldPermissions",
        [{"editable": flag(fp.editable), "field": text(fp.field), "readable": "true"} for fp in p.fields],
    )
    a["hasActivationRequired"] = "false"
    a["label"] = text(p.label)
    objects = [
        {
            "allowCreate": flag(op.create),
            "allowDelete": "false",
            "allowEdit": flag(op.edit),
            "allowRead": "true",
            "modifyAllRecords": "false",
            "object": text(op.object),
            "viewAllRecords": "false",
        }
        for op in p.objects
    ]
    _with(a, "objectPermissions", objects)
    _with(a, "userPermissions", [{"enabled": "true", "name": text(n)} for n in p.user_permissions])
    return a


def subscriber_config(ctx: Mapping[str, Any]) -> Attributes:
    return {
        "batchSize": "200",
        "masterLabel": text(ctx["label"]),
        "platformEventConsumer": text(ctx["trigger"]),
        "user": text(ctx["user"]),
    }


def apex_meta(ctx: Mapping[str, Any]) -> Attributes:
    return {"apiVersion": text(ctx["api_version"]), "status": "Active"}


BUILDERS: dict[str, Builder] = {
    "metadata/custom_field.field-meta.xml.j2": custom_field,
    "metadata/custom_object.object-meta.xml.j2": custom_object,
    "metadata/channel_member.platformEventChannelMember-meta.xml.j2": channel_member,
    "metadata/custom_metadata.md-meta.xml.j2": custom_metadata,
    "metadata/custom_permission.customPermission-meta.xml.j2": custom_permission,
    "metadata/external_credential.externalCredential-meta.xml.j2": external_credential,
    "metadata/named_credential.namedCredential-meta.xml.j2": named_credential,
    "metadata/permission_set.permissionset-meta.xml.j2": permission_set,
    "metadata/subscriber_config.platformEventSubscriberConfig-meta.xml.j2": subscriber_config,
    "apex/meta.xml.j2": apex_meta,
}
"""Template (under generators/salesforce/) → the attributes it renders. Every template that writes
a -meta.xml has one: Emitter refuses a metadata template without a builder."""
