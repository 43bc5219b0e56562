"""Small pure parts of the middleware generator: cron conversion, CDC paths, env names."""

from __future__ import annotations

import pytest

from sfspec.generate.middleware import cdc
from sfspec.generate.middleware.cron import five_field, to_quartz
from sfspec.generate.middleware.naming import env_name, split_base_url


@pytest.mark.parametrize(
    ("cron", "quartz"),
    [
        ("0 2 * * *", "0 0 2 * * ?"),
        ("0 * * * *", "0 0 * * * ?"),
        ("30 1 * * 1-5", "0 30 1 ? * 2-6"),
        ("*/15 8-18 * * 0,6", "0 */15 8-18 ? * 1,7"),
        ("0 6 1 * *", "0 0 6 1 * ?"),
        ("0 9 * * MON-FRI", "0 0 9 ? * MON-FRI"),
        ("0 0 12 * * *", "0 0 12 * * ?"),
    ],
)
def test_cron_to_quartz(cron: str, quartz: str) -> None:
    assert to_quartz(cron) == quartz


def test_five_field_drops_seconds() -> None:
    assert five_field("0 0 2 * * *") == "0 2 * * *"
    assert five_field("0 2 * * *") == "0 2 * * *"


@pytest.mark.parametrize(
    ("obj", "field", "path"),
    [
        ("Account", "BillingCity", ("BillingAddress", "City")),
        ("Contact", "MailingPostalCode", ("MailingAddress", "PostalCode")),
        ("Contact", "FirstName", ("Name", "FirstName")),
        ("Lead", "City", ("Address", "City")),
        ("Account", "Name", ("Name",)),
        ("Account", "Billing_Code__c", ("Billing_Code__c",)),
    ],
)
def test_cdc_event_paths(obj: str, field: str, path: tuple[str, ...]) -> None:
    assert cdc.event_path(obj, field) == path


def test_cdc_channels() -> None:
    assert cdc.channel("Account") == "/data/AccountChangeEvent"
    assert cdc.channel("Invoice__c") == "/data/Invoice__ChangeEvent"


def test_env_names() -> None:
    assert env_name("env:ERP_CLIENT_ID") == "ERP_CLIENT_ID"
    assert env_name("secret:erp-client-secret") == "ERP_CLIENT_SECRET"
    assert env_name("secret:vault/sf.jwt-key") == "VAULT_SF_JWT_KEY"
    assert split_base_url("https://erp.acme.example/base/") == ("https", "erp.acme.example/base")
