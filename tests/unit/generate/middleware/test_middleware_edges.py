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
    assert "| accounts-nightly-to-erp | spec.yaml:" in readme
    assert "not generated: scheduled exports from Salesforce belong on a Meltano system" in readme
    assert not any(p.startswith("middleware/camel/") for p in files)
    meltano = files["middleware/meltano/meltano.yml"]
    assert 'pip_url: "target-duckdb==0.8.0"' in meltano
    assert 'interval: "15 4 * * 0"' in meltano
