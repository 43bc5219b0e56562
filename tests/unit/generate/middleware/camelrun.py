"""Run the data path of generated Camel routes with real engines: the jq programs in libjq (`jq`
package), the JSONPath expressions in jsonpath-ng, in the order the route runs them. Property
placeholders are resolved first, as Camel does when it builds the route. Imported by name."""

from __future__ import annotations

import re
from typing import Any

import jq
from jsonpath_ng.ext import parse as jsonpath
from mwhelpers import walk

INTEGRATION_USER = "005000000000001AAA"
PROPS = {"sfspec.integrationUserId": INTEGRATION_USER}


def run_jq(program: str, data: Any) -> Any:
    for key, value in PROPS.items():
        program = program.replace("{{" + key + "}}", value)
    return jq.compile(program).input_value(data).first()


def run_jsonpath(expression: str, data: Any) -> Any:
    return [m.value for m in jsonpath(expression).find(data)]


def first(node: Any, key: str) -> Any:
    return next(v for k, v in walk(node) if k == key)


class Subscriber:
    """The data path of a CDC route: filter → (GAP_OVERFLOW → dead letter | split on record ids →
    delete | read the record for a gap event | map the event)."""

    def __init__(self, doc: Any) -> None:
        steps = doc[1]["route"]["from"]["steps"]
        event_filter = next(s["filter"] for s in steps if "filter" in s)
        self.keep = event_filter["jq"]["expression"]
        overflow = first(event_filter, "choice")
        self.overflow = overflow["when"][0]["jq"]["expression"]
        self.split = first(overflow["otherwise"], "split")
        per_record = first(self.split, "choice")
        self.branches = [(w["jq"]["expression"], w["steps"]) for w in per_record["when"]]
        self.payload = first(per_record["otherwise"], "transform")["jq"]["expression"]

    def deliver(
        self, event: dict[str, Any], records: dict[str, dict[str, Any]] | None = None
    ) -> list[tuple[str, str, Any]]:
        """(record id, DELETE | SEND | DEAD_LETTER, payload) per call the route would make;
        `records` answers the getSObject reads (id → record as the REST API returns it)."""
        if not run_jq(self.keep, event):
            return []
        if run_jq(self.overflow, event):
            return [("", "DEAD_LETTER", event)]
        ids = run_jsonpath(self.split["jsonpath"]["expression"], event)[0]
        calls = []
        for record_id in ids:
            branch = next((steps for predicate, steps in self.branches if run_jq(predicate, event)), None)
            if branch is None:
                calls.append((record_id, "SEND", run_jq(self.payload, event)))
            elif any(k == "to" and "getSObject" in v["uri"] for k, v in walk(branch)):
                fetched = (records or {})[record_id]
                calls.append((record_id, "SEND", run_jq(first(branch, "transform")["jq"]["expression"], fetched)))
            else:
                calls.append((record_id, "DELETE", None))
        return calls


# ── error handling: which onException of a route's routeConfiguration takes a failure ─────────
# The subset of Camel's Simple language the generated onWhen predicates use: `${path}` on the
# exchange, comparison operators and `contains`, joined by `&&`.
_CLAUSE = re.compile(r"\$\{([\w.]+)\}\s+(>=|<=|==|!=|<|>|not contains|contains)\s+(.+)")
# Camel matches an onException by the thrown class or a superclass; the classes the tests throw.
SUPERCLASSES = {
    "org.apache.camel.component.salesforce.api.NoSuchSObjectException": (
        "org.apache.camel.component.salesforce.api.SalesforceException",
    ),
}


def simple_predicate(expression: str, values: dict[str, Any]) -> bool:
    def clause(text: str) -> bool:
        match = _CLAUSE.fullmatch(text.strip())
        assert match, f"not in the Simple subset the tests evaluate: {text!r}"
        path, op, literal = match.groups()
        left = values[path]
        right: Any = literal.strip("'") if literal.startswith("'") else int(literal)
        return {
            ">=": lambda: left >= right,
            "<=": lambda: left <= right,
            "<": lambda: left < right,
            ">": lambda: left > right,
            "==": lambda: left == right,
            "!=": lambda: left != right,
            "contains": lambda: right in left,
            "not contains": lambda: right not in left,
        }[op]()

    assert "||" not in expression
    return all(clause(part) for part in expression.split("&&"))


def on_failure(route_doc: Any, exception: str, status: int, message: str = "") -> tuple[str, int]:
    """What the route's error handling does with a failure: ("dead-letter", 0) when an onException
    dead-letters it at once, ("retry", N) when the dead-letter channel redelivers it N times first."""
    config = route_doc[0]["routeConfiguration"]
    values = {"exception.statusCode": status, "exception.message": message}
    classes = (exception, *SUPERCLASSES.get(exception, ()))
    for handler in config.get("onException", []):
        clause = handler["onException"]
        if not set(clause["exception"]) & set(classes):
            continue
        if "onWhen" in clause and not simple_predicate(clause["onWhen"]["simple"]["expression"], values):
            continue
        assert clause["handled"]["constant"]["expression"] == "true"
        sends = [step["to"]["uri"] for step in clause["steps"] if "to" in step]
        dead_letter = config["errorHandler"]["deadLetterChannel"]["deadLetterUri"]
        assert sends == [dead_letter]
        return ("dead-letter", 0)
    policy = config["errorHandler"]["deadLetterChannel"]["redeliveryPolicy"]
    return ("retry", int(policy["maximumRedeliveries"]))
