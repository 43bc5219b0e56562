"""pytest fixtures: `fake_salesforce` (a fresh fake per test, serving the bundled dev org) and
`fake_salesforce_factory` (serve any snapshot). The CA is made once per session."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fakesf import FakeSalesforce, TlsFiles, make_tls_files, start

ACCESS_TOKEN = "00DFAKE!test-access-token-do-not-print"


@pytest.fixture(scope="session")
def fake_tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("fake-sf-tls"))


@pytest.fixture
def fake_salesforce_factory(fake_tls: TlsFiles) -> Iterator[Callable[..., FakeSalesforce]]:
    started: list[FakeSalesforce] = []

    def factory(snapshot: dict[str, Any] | Path | None = None, **state: Any) -> FakeSalesforce:
        if snapshot is None:
            from sfspec.resources import specs_dir

            snapshot = specs_dir() / "landscape" / "orgs" / "dev.json"
        data = json.loads(snapshot.read_text(encoding="utf-8")) if isinstance(snapshot, Path) else snapshot
        fake = start(data, fake_tls, **state)
        fake.issue_token(ACCESS_TOKEN)
        started.append(fake)
        return fake

    yield factory
    for fake in started:
        fake.close()


@pytest.fixture
def fake_salesforce(fake_salesforce_factory: Callable[..., FakeSalesforce]) -> FakeSalesforce:
    """The bundled dev org served over HTTPS; `.url`, `.ca_file`, `.snapshot`, `.requests`, `.inject(...)`."""
    return fake_salesforce_factory()
