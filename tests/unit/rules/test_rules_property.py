"""Property: on any schema-valid landscape the rules never crash, and every finding is located and hinted."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from sfspec.api import check_spec

SYSTEMS = ["crm", "erp", "mkt", "esb", "etl"]
KINDS = {"crm": "salesforce", "erp": "erp", "mkt": "marketing", "esb": "middleware", "etl": "middleware"}
FIELDS = ["Name", "Phone", "Ext__c", "Score__c"]

field_spec = st.fixed_dictionaries(
    {"type": st.sampled_from(["Text", "Number", "Checkbox", "Picklist", "Lookup", "Phone"])},
    optional={
        "owner": st.sampled_from(SYSTEMS),
        "length": st.integers(1, 300),
        "precision": st.integers(1, 18),
        "scale": st.integers(0, 17),
        "external_id": st.booleans(),
        "bidirectional": st.booleans(),
        "conflict": st.sampled_from(["source_wins", "manual"]),
        "values": st.just(["A", "B"]),
        "reference_to": st.sampled_from(["Account", "Contact"]),
    },
)
flow = st.fixed_dictionaries(
    {
        "source": st.sampled_from(SYSTEMS),
        "target": st.sampled_from(SYSTEMS),
        "transport": st.sampled_from(["rest", "soap", "bulk", "streaming"]),
    },
    optional={
        "object": st.sampled_from(["Account", "Contact"]),
        "objects": st.just(["Account"]),
        "via": st.sampled_from(SYSTEMS),
        "timing": st.sampled_from(["realtime", "scheduled", "on_demand"]),
        "schedule": st.sampled_from(["0 2 * * *", "99 * * * *"]),
        "event": st.sampled_from(["cdc", "platform_event"]),
        "direction": st.sampled_from(["one_way", "bidirectional"]),
        "mapping": st.lists(
            st.fixed_dictionaries({"field": st.sampled_from([*FIELDS, "Contact.Name"]), "remote": st.just("x")}),
            max_size=3,
        ),
        "match_key": st.sampled_from(FIELDS),
        "trigger": st.just({"on": ["create"], "fields": ["Name", "Nope"]}),
        "receive": st.just({"mode": "http", "path": "/in"}),
        "volume": st.fixed_dictionaries(
            {"records_per_day": st.integers(0, 2_000_000)},
            optional={"batch_size": st.integers(1, 500), "peak_per_hour": st.integers(0, 50_000)},
        ),
    },
)
landscape = st.fixed_dictionaries(
    {
        "sfspec": st.just(1),
        "salesforce": st.fixed_dictionaries(
            {"edition": st.sampled_from(["developer", "enterprise", "unlimited"]), "licenses": st.integers(1, 5000)}
        ),
        "systems": st.just(
            {
                name: {
                    "kind": kind,
                    **({"engine": "camel"} if name == "esb" else {}),
                    **({"base_url": "https://x.example.com"} if kind == "erp" else {}),
                }
                for name, kind in KINDS.items()
            }
        ),
        "objects": st.fixed_dictionaries(
            {
                "Account": st.fixed_dictionaries(
                    {"owner": st.sampled_from(SYSTEMS), "fields": st.dictionaries(st.sampled_from(FIELDS), field_spec)},
                    optional={
                        "external_ids": st.dictionaries(st.sampled_from(SYSTEMS), st.sampled_from(FIELDS), max_size=2)
                    },
                )
            }
        ),
        "flows": st.dictionaries(st.sampled_from(["a-flow", "b-flow", "c-flow"]), flow, max_size=3),
        "environments": st.dictionaries(
            st.sampled_from(["dev", "prod"]),
            st.fixed_dictionaries(
                {"org": st.sampled_from(["env", "mock:../x.json", "mock:orgs/dev.json"])},
                optional={
                    "flows": st.dictionaries(
                        st.sampled_from(["a-flow", "zzz"]),
                        st.fixed_dictionaries(
                            {"volume": st.fixed_dictionaries({"records_per_day": st.integers(0, 900_000)})}
                        ),
                    )
                },
            ),
            max_size=2,
        ),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(landscape)
def test_rules_never_crash_and_always_locate(data: dict[str, Any]) -> None:
    text = io.StringIO()
    YAML().dump(data, text)
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "spec.yaml"
        spec.write_text(text.getvalue(), encoding="utf-8")
        checked, diags = check_spec(spec)
        for d in diags:
            assert d.source is not None and d.source.path.endswith("spec.yaml") and d.source.start.line >= 1
            assert d.hint and d.code.startswith("SFS")
        assert (checked is None) == diags.has_errors()
