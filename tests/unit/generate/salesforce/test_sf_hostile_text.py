"""Property: hostile spec text (quotes, comment terminators, `</description>`, `{!`, newlines,
non-ASCII) in labels, descriptions, picklist values, paths and SOAP actions never breaks a file:
the output still passes the v63 XSD and Salesforce's Apex parser, and the text cannot end a
comment or a string early."""

from __future__ import annotations

import io
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from sf_support import attribute_mismatches, generate_files, validators

from sfspec.model.patterns import SCOPE_PATTERN

PIECES = [
    "'",
    '"',
    "*/",
    "/*",
    "</description>",
    "<description>",
    "{!",
    "{!$Credential.Erp_API.ApiKey}",
    "]]>",
    "\\",
    "\\'",
    "é",
    "中文",
    "😀",
    "&amp;",
    "<",
    ">",
    "&",
    "';System.debug(1);'",
    "\n",
    "\t",
    "${x}",
    "@",
    "--",
    "#",
    "%",
    ":",
    "\u2028",
    "\u00a0",
]
SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=6)
hostile = (
    st.lists(st.sampled_from(PIECES) | SAFE_TEXT, min_size=1, max_size=8).map("".join).filter(lambda s: s.strip() != "")
)
# Labels, values and names are one line of visible text (the model's LABEL_PATTERN); descriptions may span lines.
one_line = hostile.map(lambda s: re.sub(r"[\x00-\x1f\u2028]", "", s)).filter(lambda s: s.strip() != "")
no_space = hostile.map(lambda s: "".join(s.split()) or "x")


def spec_text(t: dict[str, str]) -> str:
    spec = {
        "sfspec": 1,
        "name": "hostile",
        "salesforce": {"integration_user": t["user"]},
        "systems": {
            "crm": {"kind": "salesforce", "label": t["label"]},
            "erp": {
                "kind": "erp",
                "label": t["label2"],
                "description": t["desc"],
                "base_url": "https://erp.example",
                "soap_namespace": t["ns"],
                "auth": {
                    "protocol": "oauth_client_credentials",
                    "token_url": "https://erp.example/token",
                    "client_id": "env:ID",
                    "client_secret": "secret:s",
                    "scope": t["scope"],
                },
            },
            "bus": {"kind": "middleware", "engine": "camel"},
        },
        "objects": {
            "Order__c": {
                "label": t["label"],
                "plural_label": t["label2"],
                "description": t["desc"],
                "owner": "crm",
                "external_ids": {"erp": "Erp_Id__c"},
                "fields": {
                    "Name": {"type": "Text"},
                    "Status__c": {
                        "type": "Picklist",
                        "label": t["label2"],
                        "description": t["desc2"],
                        "values": [t["value"], "B"],
                    },
                    "Note__c": {"type": "Text", "length": 200, "label": t["label"], "description": t["desc2"]},
                    "Erp_Id__c": {"type": "Text", "length": 40, "owner": "erp", "external_id": True, "unique": True},
                },
            },
        },
        "flows": {
            "order-rest": {
                "description": t["desc"],
                "source": "crm",
                "target": "erp",
                "object": "Order__c",
                "transport": "rest",
                "endpoint": {"path": t["path"], "method": "PUT", "id_path": "data.id"},
                "mapping": [
                    {"field": "Status__c", "remote": "status"},
                    {"field": "Note__c", "remote": "note.text", "transform": "trim"},
                ],
                "match_key": "Erp_Id__c",
            },
            "order-soap": {
                "description": t["desc2"],
                "source": "crm",
                "target": "erp",
                "object": "Order__c",
                "transport": "soap",
                "endpoint": {"path": "/soap", "soap_action": t["action"], "operation": "Put"},
                "mapping": [{"field": "Note__c", "remote": "note"}],
            },
            "order-ask": {
                "description": t["desc"],
                "source": "crm",
                "target": "erp",
                "object": "Order__c",
                "timing": "on_demand",
                "transport": "rest",
                "endpoint": {"path": t["path"]},
            },
            "order-event": {
                "description": t["desc2"],
                "source": "crm",
                "target": "erp",
                "via": "bus",
                "object": "Order__c",
                "transport": "streaming",
                "event": "platform_event",
            },
        },
    }
    buf = io.StringIO()
    YAML().dump(spec, buf)
    return buf.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {
            "user": one_line.map(lambda s: s[:200]),
            "label": one_line.map(lambda s: s[:255]),
            "label2": one_line.map(lambda s: s[:255]),
            "desc": hostile,
            "desc2": hostile,
            # RFC 6749 scope syntax (validate refuses the rest: braces would become Camel placeholders)
            "scope": st.from_regex(SCOPE_PATTERN, fullmatch=True).map(lambda s: s[:1000].rstrip() or "api"),
            "value": one_line.map(lambda s: s[:200]),
            "path": no_space.map(lambda s: s[:200]),
            "action": one_line.map(lambda s: s[:500]),
            "ns": one_line.map(lambda s: s[:255]),
        }
    )
)
def test_hostile_text_keeps_every_file_valid(texts):
    validators.require_apex_parser()
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "hostile.yaml"
        spec.write_text(spec_text(texts), encoding="utf-8")
        files = generate_files(spec)
    xml_problems = {f.path: e for f in files if f.path.endswith(".xml") and (e := validators.xsd_errors(f.content))}
    assert xml_problems == {}
    assert attribute_mismatches(files) == {}  # the desired state is what the files hold
    # The text survives exactly (whitespace collapsed): escaped for XML, not mangled.
    obj = next(f.content for f in files if f.path.endswith("objects/Order__c/Order__c.object-meta.xml"))
    description = ET.fromstring(obj.encode("utf-8")).findtext("{http://soap.sforce.com/2006/04/metadata}description")
    assert description.startswith(f"Managed by sfspec. {' '.join(texts['desc'].split())}".rstrip())
    apex = {f.path: f.content for f in files if f.path.endswith((".cls", ".trigger"))}
    assert len(apex) > 10
    assert validators.apex_parse_errors(apex) == {}
    for path, src in apex.items():
        # Spec text may only appear inside string literals or the one-line header comment.
        code = validators.strip_comments_and_strings(src)
        assert "System.debug(1)" not in code, path
        assert "</description>" not in code, path
