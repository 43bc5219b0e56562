"""The live reader's round trips against an org of 2,000 objects / 60,000 fields do not grow with
the spec: at most 6 HTTP requests for a plan (bench/roundtrips.py prints the figures)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fakesf import FakeSalesforce
from fakesf.big import MANAGED_TYPES, big_org, spec_keys
from fakesf.live import live_reader

from sfspec.org.snapshot import components_from_json

MAX_ROUND_TRIPS = 6


@pytest.fixture(scope="module")
def big() -> dict:
    data = big_org()
    assert len(data["objects"]) == 2000 and sum(len(o["fields"]) for o in data["objects"].values()) == 60000
    return data


@pytest.mark.parametrize("spec_objects", [3, 150])
def test_round_trips_do_not_grow_with_the_spec(
    big: dict,
    spec_objects: int,
    monkeypatch: pytest.MonkeyPatch,
    fake_salesforce_factory: Callable[..., FakeSalesforce],
) -> None:
    fake = fake_salesforce_factory(big)
    wanted = spec_keys(spec_objects)
    state = live_reader(fake, monkeypatch).read(wanted, managed_types=MANAGED_TYPES)
    assert fake.round_trips <= MAX_ROUND_TRIPS, fake.log
    assert fake.round_trips == 4
    assert fake.requests.get("describe", 0) == 0 and fake.requests.get("sobjects", 0) == 0
    assert all(k in state for k in wanted)
    managed = {c.key for c in components_from_json(big) if c.managed} - set(wanted)
    assert set(state.keys()) == set(wanted) | managed and len(managed) > 60
