"""The Meltano environments: one per spec environment plus `test`, each telling tap-salesforce
whether its org is a sandbox (`is_sandbox`, which moves the login to test.salesforce.com)."""

from __future__ import annotations

from typing import Any

import pytest
from mwhelpers import load_yaml

from sfspec.generate.middleware.environments import meltano_environments, sandbox_host
from sfspec.model.spec import Spec


def _spec(environments: dict[str, Any]) -> Spec:
    return Spec.from_data({"sfspec": 1, "systems": {"crm": {"kind": "salesforce"}}, "environments": environments})


@pytest.mark.parametrize(
    "url,sandbox",
    [
        ("https://acme--uat.sandbox.my.salesforce.com", True),
        ("https://test.salesforce.com/services/oauth2/token", True),
        ("https://acme--dev.my.salesforce.com", True),  # legacy sandbox My Domain
        ("https://acme.my.salesforce.com/services/oauth2/token", False),
        ("https://login.salesforce.com", False),
        ("https://erp--test.example.com", False),  # not a Salesforce host
        (None, False),
    ],
)
def test_sandbox_hosts(url: str | None, sandbox: bool) -> None:
    assert sandbox_host(url) is sandbox


def test_each_environment_is_decided_from_the_spec() -> None:
    spec = _spec(
        {
            "prod": {"org": "sf:prod"},
            "uat": {
                "org": "sf:uat",
                "systems": {
                    "crm": {
                        "auth": {
                            "protocol": "oauth_client_credentials",
                            "token_url": "https://acme--uat.sandbox.my.salesforce.com/services/oauth2/token",
                        }
                    }
                },
            },
            "qa": {"org": "env", "sandbox": True},
            "perf": {"org": "env", "sandbox": False, "systems": {"crm": {"base_url": "https://test.salesforce.com"}}},
        }
    )
    envs, default = meltano_environments(spec, "crm")
    assert [(e.name, e.sandbox, e.smoke) for e in envs] == [
        ("perf", False, False),  # an explicit `sandbox: false` wins over the URL
        ("prod", False, False),
        ("qa", True, False),
        ("uat", True, False),
        ("test", True, True),
    ]
    assert default == "prod"
    assert "token_url" in envs[3].why


def test_without_environments_there_is_prod_and_the_smoke_test() -> None:
    envs, default = meltano_environments(_spec({}), "crm")
    assert [(e.name, e.sandbox) for e in envs] == [("prod", False), ("test", True)]
    assert default == "prod"
    envs, default = meltano_environments(_spec({"sandbox1": {"org": "env", "sandbox": True}}), "crm")
    assert default == "sandbox1"  # the only one there is


def test_the_landscape_sandbox_logs_in_to_a_sandbox(landscape_files: dict[str, str]) -> None:
    """The defect: every environment, the documented sandbox smoke run included, had is_sandbox false."""
    doc = load_yaml(landscape_files["middleware/meltano/meltano.yml"])
    envs = {e["name"]: e for e in doc["environments"]}
    assert set(envs) == {"dev", "prod", "test"} and doc["default_environment"] == "prod"
    jobs = [p["name"] for p in doc["plugins"]["extractors"] if p.get("inherit_from") == "tap-salesforce"]

    def is_sandbox(env: str, job: str) -> bool:
        base = next(p for p in doc["plugins"]["extractors"] if p["name"] == "tap-salesforce")["config"]["is_sandbox"]
        overrides = envs[env].get("config", {}).get("plugins", {}).get("extractors", [])
        return next((o["config"]["is_sandbox"] for o in overrides if o["name"] == job), base)

    for job in jobs:
        assert is_sandbox("dev", job) is True  # the landscape's dev environment says `sandbox: true`
        assert is_sandbox("test", job) is True
        assert is_sandbox("prod", job) is False
