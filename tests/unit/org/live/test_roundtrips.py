"""The live reader's requests against an org of 2,000 objects / 60,000 fields do not grow with the
spec: a plan waits for 3 rounds of requests (facts and managed candidates together, the retrieve,
its status) up to 50,000 members, the packages of a large retrieve going out concurrently
(bench/roundtrips.py prints the figures). The org's custom metadata record names ride in the
facts' batch and add no round (test_live_records.py counts that case).

What is counted is the design, not the machine's speed: the fake answers the first status poll
with the result, and a request repeated after a timeout on a loaded machine is counted by the
reader as a retry, so it is allowed for instead of failing the test (it once read 5 == 4)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fakesf import FakeSalesforce
from fakesf.big import MANAGED_TYPES, big_org, spec_keys
from fakesf.live import live_reader

from sfspec.org.live import RetryPolicy
from sfspec.org.live.reader import MAX_MEMBERS
from sfspec.org.snapshot import components_from_json

MAX_ROUNDS = 6  # issue 16's budget for a live plan; the design needs 3
# Zipping 10,000 members takes the fake a while on a busy machine: a slow answer is not a failure here.
PATIENT = RetryPolicy(attempts=4, base_delay=0.0, max_delay=0.0, timeout=120.0)


@pytest.fixture(scope="module")
def big() -> dict:
    data = big_org()
    assert len(data["objects"]) == 2000 and sum(len(o["fields"]) for o in data["objects"].values()) == 60000
    return data


@pytest.mark.parametrize(("spec_objects", "fields"), [(3, 10), (150, 10), (1700, 28)])
def test_rounds_do_not_grow_with_the_spec(
    big: dict,
    spec_objects: int,
    fields: int,
    monkeypatch: pytest.MonkeyPatch,
    fake_salesforce_factory: Callable[..., FakeSalesforce],
) -> None:
    fake = fake_salesforce_factory(big)
    wanted = spec_keys(spec_objects, fields)
    reader = live_reader(fake, monkeypatch, policy=PATIENT)
    managed = {c.key for c in components_from_json(big) if c.managed} - set(wanted)
    members = len(wanted) + len(managed) + 1  # the candidates, and `*` for the other managed types
    packages = -(-members // MAX_MEMBERS)
    # Requests that may go out together must be in flight together (or they land in `apart`).
    fake.together({"composite_batch", "tooling_composite_batch"}, 2)
    if packages > 1:
        fake.together({"metadata:retrieve"}, packages)
        fake.together({"metadata:checkRetrieveStatus"}, packages)

    state = reader.read(wanted, managed_types=MANAGED_TYPES)

    assert not fake.apart, fake.apart
    # requests that depend on the spec's size: one retrieve per package of 10,000 members
    assert packages <= fake.requests["metadata:retrieve"] <= packages + reader.retries
    assert fake.requests["metadata:checkRetrieveStatus"] <= packages + reader.retries  # one poll each
    assert fake.requests.get("describe", 0) == 0 and fake.requests.get("sobjects", 0) == 0
    assert fake.rounds <= 3 + reader.retries, fake.log
    assert fake.rounds <= MAX_ROUNDS or reader.retries
    assert (spec_objects < 1700) == (packages == 1)  # the largest spec really needs several packages
    assert all(k in state for k in wanted)
    assert set(state.keys()) == set(wanted) | managed and len(managed) > (20 if spec_objects >= 1700 else 60)


def test_sequential_requests_are_not_mistaken_for_concurrent_ones(
    big: dict, monkeypatch: pytest.MonkeyPatch, fake_salesforce_factory: Callable[..., FakeSalesforce]
) -> None:
    """Negative control for `together`: two retrieves sent one after the other do not meet."""
    fake = fake_salesforce_factory(big)
    reader = live_reader(fake, monkeypatch, policy=PATIENT)
    fake.together({"metadata:retrieve"}, 2, timeout=0.5)
    reader.retrieve({"ApexClass": ["Service0000"]})
    reader.retrieve({"ApexClass": ["Service0020"]})
    assert fake.apart == ["metadata:retrieve"]  # the first waited in vain; the meeting is then over
    assert fake.rounds == 4
