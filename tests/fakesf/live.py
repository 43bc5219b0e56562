"""Helpers for tests that read the fake Salesforce through the real live-org code."""

from __future__ import annotations

from typing import Any

import pytest

from fakesf import FakeSalesforce
from fakesf.fixtures import ACCESS_TOKEN
from sfspec.org.live import LiveOrg, RetryPolicy, open_live
from sfspec.orgref import OrgRef

FAST = RetryPolicy(attempts=4, base_delay=0.0, max_delay=0.0, timeout=5.0)


def live_reader(fake: FakeSalesforce, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> LiveOrg:
    """`--org env` against the fake: the CA reaches requests through REQUESTS_CA_BUNDLE."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake.ca_file)
    env = {"SF_INSTANCE_URL": fake.url, "SF_ACCESS_TOKEN": ACCESS_TOKEN}
    return open_live(OrgRef.parse("env"), env=env, policy=kwargs.pop("policy", FAST), **kwargs)
