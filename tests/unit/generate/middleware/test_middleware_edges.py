"""Environments and flows the engines cannot carry."""

from __future__ import annotations

import shutil
from pathlib import Path

from mwhelpers import build

from sfspec import api
from sfspec.resources import specs_dir


def test_environment_overrides_reach_the_middleware(tmp_path: Path) -> None:
    shutil.copytree(specs_dir() / "landscape", tmp_path / "spec")
    tree, diags = api.build(tmp_path / "spec", "dev", tmp_path / "out")
    assert tree is not None, [d.format() for d in diags.items]
    props = (tmp_path / "out" / "middleware" / "camel" / "application.properties").read_text()
    assert "erp.host=erp-test.acme.example\n" in props  # dev's erp base_url


UNSUPPORTED = """
sfspec: 1
systems:
  crm: {kind: salesforce}
  erp: {kind: erp, base_url: "https://erp.example", auth: {protocol: none}}
  lake: {kind: warehouse, warehouse: duckdb}
  esb: {kind: middleware, engine: camel}
  etl: {kind: middleware, engine: meltano}
objects:
  Account:
    owner: crm
    external_ids: {erp: ERP_Id__c}
    fields:
      Name: {type: Text, length: 80}
      ERP_Id__c: {type: Text, length: 20, external_id: true, unique: true, owner: erp}
flows:
  accounts-nightly-to-erp:
    source: crm
    target: erp
    object: Account
    via: esb
    timing: scheduled
    schedule: "0 3 * * *"
    transport: bulk
    endpoint: {path: /accounts}
    mapping: [{field: Name, remote: name}]
  accounts-to-lake:
    source: crm
    target: lake
    objects: [Account]
    via: etl
    timing: scheduled
    schedule: "15 4 * * 0"
    transport: bulk
"""


def test_flows_an_engine_cannot_carry_are_named_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(UNSUPPORTED)
    files = build(tmp_path, "spec.yaml")
    readme = files["middleware/README.md"]
    assert "| accounts-nightly-to-erp | crm → erp |" in readme
    assert "not generated: scheduled exports from Salesforce belong on a Meltano system" in readme
    assert not any(p.startswith("middleware/camel/") for p in files)
    meltano = files["middleware/meltano/meltano.yml"]
    assert 'pip_url: "target-duckdb==0.8.0"' in meltano
    assert 'interval: "15 4 * * 0"' in meltano


HOSTILE = """
sfspec: 1
systems:
  crm: {kind: salesforce}
  erp:
    kind: erp
    base_url: "https://erp.example:8443/api"
    soap_namespace: "urn:x{{erp.clientSecret}}"
    auth: {protocol: oauth_client_credentials, token_url: "https://erp.example/token",
           client_id: "env:ERP_ID", client_secret: "secret:erp-secret"}
  esb: {kind: middleware, engine: camel}
objects:
  Account:
    owner: crm
    fields:
      Name: {type: Text, length: 80}
flows:
  account-soap:
    description: "line one\\rline two\\u2028- route: {id: injected}\\n# more"
    source: crm
    target: erp
    object: Account
    via: esb
    transport: soap
    endpoint: {path: "/ws/{{erp.clientSecret}}?authUsername=x#frag", soap_action: "urn:{{erp.clientSecret}}"}
    mapping: [{field: Name, remote: name}]
"""


def test_spec_text_cannot_change_a_route_or_pull_in_a_secret(tmp_path: Path) -> None:
    from mwhelpers import endpoints, load_yaml

    (tmp_path / "spec.yaml").write_text(HOSTILE)
    files = build(tmp_path, "spec.yaml")
    text = files["middleware/camel/account-soap.camel.yaml"]
    doc = load_yaml(text)
    assert [list(item) for item in doc] == [["routeConfiguration"], ["route"]]  # no injected route
    assert "# line one line two - route: {id: injected} # more" in text
    calls = [(u, p) for u, p in endpoints(doc) if u.startswith("https:")]
    assert len(calls) == 2  # change events, and gap events after a read of the record
    for uri, params in calls:
        assert uri == "https://{{erp.host}}/ws/%7B%7Berp.clientSecret%7D%7D%3FauthUsername=x%23frag"
        assert set(params) == {"oauth2ClientId", "oauth2ClientSecret", "oauth2TokenEndpoint", "throwExceptionOnFailure"}
    # the only {{erp.clientSecret}} are the OAuth options that need it
    assert text.count("{{erp.clientSecret}}") == text.count('oauth2ClientSecret: "{{erp.clientSecret}}"') == 2
    assert "erp.host=erp.example:8443/api\n" in files["middleware/camel/application.properties"]
