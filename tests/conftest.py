"""Shared pytest fixtures. The fake Salesforce lives in tests/fakesf (fixtures in fakesf/fixtures.py)."""

from fakesf.fixtures import fake_salesforce, fake_salesforce_factory, fake_tls  # noqa: F401
