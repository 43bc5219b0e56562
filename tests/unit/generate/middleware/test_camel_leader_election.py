"""Leader election is an option of the Camel middleware system. By default the routes start with
plain `camel run` (no `master:` endpoint, which fails without a cluster service: Camel's
ClusterServiceHelper.mandatoryLookupService); with `leader_election: kubernetes` every consumer
that must be single runs behind `master:` and the Kubernetes cluster service is enabled.
The landscape uses the default; the shapes fixture asks for Kubernetes."""

from __future__ import annotations

import re
from typing import Any

from mwhelpers import endpoints, properties, walk

SINGLE_CONSUMERS = ("salesforce:pubSubSubscribe:", "quartz:", "timer:")


def _sources(routes: dict[str, Any], tag: str) -> list[str]:
    return [
        doc[1]["route"]["from"]["uri"]
        for name, doc in sorted(routes.items())
        if name.startswith(tag + ":") and isinstance(doc, list)
    ]


def _dependencies(readme: str) -> set[str]:
    line = re.search(r"^Dependencies: (.+?)\.$", readme, re.M | re.S)
    assert line, "the README lists the Camel dependencies"
    return {d.strip() for d in line.group(1).replace("\n", " ").split(",")}


def test_by_default_no_route_needs_a_cluster_service(
    all_routes: dict[str, Any], landscape_files: dict[str, str], camel_catalog: dict[str, Any]
) -> None:
    sources = _sources(all_routes, "landscape")
    assert any(s.startswith(SINGLE_CONSUMERS) for s in sources)  # it has subscriptions and schedules
    uris = [uri for name, doc in all_routes.items() if name.startswith("landscape:") for uri, _ in endpoints(doc)]
    assert not [u for u in uris if u.startswith("master:")]
    props = properties(landscape_files["middleware/camel/application.properties"])
    assert not [k for k in props if k.startswith("camel.cluster.")]
    # the replay checkpoints default to a folder any user running `camel run` can write
    default_dir = props["sfspec.checkpointDir"].removesuffix("}}").split(":", 2)[2]
    assert default_dir and not default_dir.startswith("/")
    readme = landscape_files["middleware/README.md"]
    assert "camel run camel/*.camel.yaml camel/application.properties" in readme
    assert "ONE replica" in readme
    # every component a route uses is a dependency the README names: `camel run` resolves them
    used = {uri.split(":", 1)[0] for uri in uris}
    needed = {camel_catalog[s]["component"]["artifactId"] for s in used}
    assert needed <= _dependencies(readme)
    assert "camel-master" not in _dependencies(readme)


def test_kubernetes_leader_election_puts_every_single_consumer_behind_master(
    all_routes: dict[str, Any], shapes_files: dict[str, str], camel_catalog: dict[str, Any]
) -> None:
    sources = _sources(all_routes, "shapes")
    singles = [s for s in sources if s.startswith("master:") or s.startswith(SINGLE_CONSUMERS)]
    assert len(singles) >= 5
    for uri in singles:
        _, _, delegate = uri.removeprefix("master:").partition(":")
        assert uri.startswith("master:sfspec-") and delegate.startswith(SINGLE_CONSUMERS), uri
    # a namespace per route: two flows never share a lock
    namespaces = [s.split(":")[1] for s in singles]
    assert len(set(namespaces)) == len(namespaces)
    # webhooks and Kafka consumers scale out: never behind master:
    assert [s for s in sources if s.startswith(("platform-http:", "kafka:"))]
    props = properties(shapes_files["middleware/camel/application.properties"])
    assert props["camel.cluster.kubernetes.enabled"] == "true"
    readme = shapes_files["middleware/README.md"]
    deps = _dependencies(readme)
    assert {"camel-master", "camel-kubernetes-cluster-service"} <= deps
    uris = [u for name, doc in all_routes.items() if name.startswith("shapes:") for u, _ in endpoints(doc)]
    assert {camel_catalog[u.split(":", 1)[0]]["component"]["artifactId"] for u in uris} <= deps


def test_schedules_and_polls_never_overlap(all_routes: dict[str, Any]) -> None:
    """Quartz `stateful` (DisallowConcurrentExecution); timers wait for the previous run."""
    seen = 0
    for doc in all_routes.values():
        source = doc[1]["route"]["from"]
        delegate = source["uri"].split(":", 2)[2] if source["uri"].startswith("master:") else source["uri"]
        params = source.get("parameters") or {}
        if delegate.startswith("quartz:"):
            assert params["stateful"] == "true"
            seen += 1
        elif delegate.startswith("timer:"):
            assert params["fixedRate"] == "false"
            seen += 1
    assert seen >= 2
    assert not [v for k, v in walk(all_routes) if k == "fixedRate" and v != "false"]
