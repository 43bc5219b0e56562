"""meltano.yml validates against meltano.schema.json from the meltano wheel (installed by
tests/validators/meltano/install-extra.sh) and says exactly what the spec says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from mwhelpers import MELTANO_VENV, load_yaml, missing


@pytest.fixture(scope="module")
def meltano_schema() -> dict[str, Any]:
    found = sorted(MELTANO_VENV.glob("lib/python3*/site-packages/meltano/schemas/meltano.schema.json"))
    if not found:
        missing("meltano is not installed in tests/validators/meltano/.venv")
    return json.loads(Path(found[0]).read_text())


def _errors(schema: dict[str, Any], doc: Any) -> list[str]:
    return [
        f"{list(e.absolute_path)}: {e.message[:200]}" for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)
    ]


@pytest.mark.parametrize("which", ["landscape", "shapes"])
def test_meltano_yml_matches_the_schema(
    which: str, request: pytest.FixtureRequest, meltano_schema: dict[str, Any]
) -> None:
    files = request.getfixturevalue(f"{which}_files")
    assert _errors(meltano_schema, load_yaml(files["middleware/meltano/meltano.yml"])) == []


def test_the_schema_check_rejects_a_misspelled_key(
    landscape_files: dict[str, str], meltano_schema: dict[str, Any]
) -> None:
    doc = load_yaml(landscape_files["middleware/meltano/meltano.yml"])
    doc["plugins"]["extractors"][0]["pip_urls"] = doc["plugins"]["extractors"][0].pop("pip_url")
    assert _errors(meltano_schema, doc)


def _plugin(doc: dict[str, Any], kind: str, name: str) -> dict[str, Any]:
    return next(p for p in doc["plugins"][kind] if p["name"] == name)


def test_the_nightly_export_selects_exactly_the_declared_fields(landscape_files: dict[str, str]) -> None:
    doc = load_yaml(landscape_files["middleware/meltano/meltano.yml"])
    tap = _plugin(doc, "extractors", "tap-salesforce--nightly-warehouse-export")
    assert tap["inherit_from"] == "tap-salesforce"
    assert tap["select"] == [
        "Account.Id",
        "Account.Name",
        "Account.Phone",
        "Account.BillingCity",
        "Account.ERP_Id__c",
        "Account.Credit_Limit__c",
        "Account.Payment_Terms__c",
        "Account.SystemModstamp",
        "Contact.Id",
        "Contact.FirstName",
        "Contact.LastName",
        "Contact.Email",
        "Contact.Marketing_Id__c",
        "Contact.Marketing_Consent__c",
        "Contact.Consent_Updated_At__c",
        "Contact.SystemModstamp",
        "Opportunity.Id",
        "Opportunity.Name",
        "Opportunity.Amount",
        "Opportunity.StageName",
        "Opportunity.CloseDate",
        "Opportunity.SystemModstamp",
        "Invoice__c.Id",
        "Invoice__c.Invoice_Number__c",
        "Invoice__c.Account__c",
        "Invoice__c.Amount__c",
        "Invoice__c.Due_Date__c",
        "Invoice__c.Status__c",
        "Invoice__c.SystemModstamp",
    ]
    assert set(tap["metadata"]) == {"Account", "Contact", "Opportunity", "Invoice__c"}
    assert all(
        m == {"replication-method": "INCREMENTAL", "replication-key": "SystemModstamp"}
        for m in tap["metadata"].values()
    )
    assert tap["config"] == {"api_type": "BULK"}


def test_loader_schedule_and_job_follow_the_spec(landscape_files: dict[str, str], shapes_files: dict[str, str]) -> None:
    doc = load_yaml(landscape_files["middleware/meltano/meltano.yml"])
    snowflake = _plugin(doc, "loaders", "target-snowflake")
    assert snowflake["pip_url"] == "meltanolabs-target-snowflake==0.20.4"
    assert snowflake["config"]["account"] == "acme"
    assert snowflake["config"]["user"] == "${SNOWFLAKE_USER}"
    assert snowflake["config"]["password"] == "${SNOWFLAKE_PASSWORD}"
    assert doc["schedules"] == [
        {"name": "nightly-warehouse-export", "interval": "0 2 * * *", "job": "nightly-warehouse-export"}
    ]
    assert doc["jobs"] == [
        {"name": "nightly-warehouse-export", "tasks": ["tap-salesforce--nightly-warehouse-export target-snowflake"]}
    ]
    shapes = load_yaml(shapes_files["middleware/meltano/meltano.yml"])
    assert _plugin(shapes, "loaders", "target-postgres")["config"]["password"] == "${LAKE_PASSWORD}"
    assert shapes["schedules"][0]["interval"] == "30 1 * * 1-5"


def test_every_credential_is_sensitive_and_an_env_reference(
    landscape_files: dict[str, str], shapes_files: dict[str, str]
) -> None:
    for files in (landscape_files, shapes_files):
        doc = load_yaml(files["middleware/meltano/meltano.yml"])
        for kind in ("extractors", "loaders"):
            for plugin in doc["plugins"][kind]:
                sensitive = {s["name"] for s in plugin.get("settings", []) if s.get("sensitive")}
                for name in sensitive & set(plugin.get("config", {})):
                    value = plugin["config"][name]
                    assert value.startswith("${") and value.endswith("}"), f"{plugin['name']}.{name}={value}"
        base = _plugin(doc, "extractors", "tap-salesforce")
        assert {"client_id", "client_secret", "refresh_token"} <= {
            s["name"] for s in base["settings"] if s.get("sensitive")
        }
        assert "catalog" not in base["capabilities"]  # the tap reads --properties only


def test_logging_config_drops_extractor_output_below_warning(landscape_files: dict[str, str]) -> None:
    import logging.config

    config = load_yaml(landscape_files["middleware/meltano/logging.yaml"])
    assert config["loggers"]["meltano.plugin.stderr.extractors"]["level"] == "WARNING"
    # a valid dictConfig apart from Meltano's formatter factory (checked by the e2e run)
    config["formatters"]["console"] = {"format": "%(message)s"}
    logging.config.dictConfig(config)
    tap = logging.getLogger("meltano.plugin.stderr.extractors.tap-salesforce--nightly-warehouse-export")
    try:
        assert not tap.isEnabledFor(logging.INFO) and tap.isEnabledFor(logging.WARNING)
        assert logging.getLogger("meltano.core.block").isEnabledFor(logging.INFO)
    finally:
        logging.config.dictConfig({"version": 1, "disable_existing_loggers": False})
