"""The rules registry, the rule reference, and the pure helpers some rules are built on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sfspec.cli import main
from sfspec.codes import CODES, Stage
from sfspec.model.systems import SalesforceSettings
from sfspec.rules import RULES
from sfspec.rules.docs import render
from sfspec.rules.sfs106_field_cycle import find_cycle
from sfspec.rules.sfs108_limits import budgets
from sfspec.rules.sfs114_schedule import cron_problem
from sfspec.rules.sfs121_org_path import escapes
from sfspec.rules.sfs122_secret_in_text import PATTERNS

ROOT = Path(__file__).resolve().parents[3]
RULES_DIR = ROOT / "sfspec" / "rules"


def test_every_rule_file_is_registered_once() -> None:
    files = {p.stem.split("_")[0].upper() for p in RULES_DIR.glob("sfs[0-9]*.py")}
    assert files == set(RULES)
    assert len(RULES) >= 20


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_is_documented(code: str) -> None:
    r = RULES[code]
    assert re.fullmatch(r"SFS1\d\d", code) and r.code == code
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", r.name)
    assert r.summary.endswith(".") and len(r.doc.splitlines()) >= 3, "docstring: summary line, blank, details"
    assert r.check.__module__.startswith(f"sfspec.rules.{code.lower()}_")


def test_every_rule_code_is_declared_as_a_rule_and_every_declared_rule_exists() -> None:
    assert set(RULES) == {code for code, c in CODES.items() if c.stage is Stage.RULES}


def test_docs_rules_md_is_current() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render(), "run `python -m sfspec.rules.docs` and commit docs/rules.md"


def test_docs_rules_md_names_every_code() -> None:
    text = render()
    assert all(f"| {code} |" in text or f"| [{code}]" in text for code in CODES)


def test_sfspec_rules_lists_and_explains(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listing] == list(CODES)  # every code, rules and the stages'
    assert main(["rules", "sfs106"]) == 0
    assert "bidirectional" in capsys.readouterr().out
    for code in ("SFS003", "SFS032", "SFS701", "SFS902"):
        assert main(["rules", code]) == 0
        assert CODES[code].summary in capsys.readouterr().out
    assert main(["rules", "SFS999"]) == 64


# ── SFS114 cron ────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "expr", ["0 2 * * *", "*/15 * * * *", "0 8-18 * * MON-FRI", "30 1 1,15 * *", "0 0 * JAN,JUL 0"]
)
def test_valid_cron(expr: str) -> None:
    assert cron_problem(expr) is None


@pytest.mark.parametrize(
    "expr, problem",
    [
        ("60 * * * *", "minute"),
        ("0 24 * * *", "hour"),
        ("0 0 0 * *", "day of month"),
        ("0 0 * 13 *", "month"),
        ("0 0 * * 8", "day of week"),
        ("*/0 * * * *", "zero step"),
        ("0 5-1 * * *", "backwards"),
        ("0 0 * * * *", "6 fields"),
        ("0 0 * * FUNDAY", "day of week"),
    ],
)
def test_invalid_cron(expr: str, problem: str) -> None:
    assert problem in (cron_problem(expr) or "")


# ── SFS121 paths ───────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "path, outside",
    [
        ("orgs/dev.json", False),
        ("./orgs/../orgs/dev.json", False),
        ("../dev.json", True),
        ("/etc/passwd", True),
        ("C:\\orgs\\dev.json", True),
        ("~/dev.json", True),
        ("a/../../b.json", True),
        ("a\\..\\..\\b", True),
    ],
)
def test_escapes(path: str, outside: bool) -> None:
    assert escapes(path) is outside


# ── SFS106 cycles ──────────────────────────────────────────────────────────────────────────────
def test_find_cycle() -> None:
    assert find_cycle({"crm": [("erp", "a")], "erp": [("dwh", "b")]}) is None
    cycle = find_cycle({"crm": [("erp", "a")], "erp": [("mkt", "b")], "mkt": [("crm", "c")]})
    assert cycle == [("crm", "a"), ("erp", "b"), ("mkt", "c")]
    tail = find_cycle({"bi": [("crm", "x")], "crm": [("erp", "a")], "erp": [("crm", "b")]})
    assert tail == [("crm", "a"), ("erp", "b")]


def test_find_cycle_explores_past_dead_ends() -> None:
    edges = {"a": [("b", "f1"), ("c", "f2")], "b": [("d", "f3")], "c": [("a", "f4")]}
    assert find_cycle(edges) == [("a", "f2"), ("c", "f4")]


# ── SFS108 allowances (Salesforce's published formulas) ────────────────────────────────────────
@pytest.mark.parametrize(
    "edition, licences, api, async_apex, events",
    [
        ("enterprise", 250, 350_000, 250_000, 25_000),
        ("unlimited", 100, 600_000, 250_000, 50_000),
        ("enterprise", 2_000, 2_100_000, 400_000, 25_000),
        ("developer", 2, 15_000, 250_000, 10_000),
    ],
)
def test_budgets(edition: str, licences: int, api: int, async_apex: int, events: int) -> None:
    b = budgets(SalesforceSettings(edition=edition, licenses=licences))
    assert (b["api"].limit, b["async"].limit, b["events"].limit) == (api, async_apex, events)


# ── SFS122 secret shapes ───────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "text, kind",
    [
        ("url: https://bob:pa55@host.example.com/x", "a password in a URL"),
        ("-----BEGIN " + "OPENSSH PRIVATE KEY-----", "a private key"),  # split: repository secret scanners
        ("key AKIAIOSFODNN7EXAMPLE here", "an AWS access key id"),
        ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "a Stripe secret key"),
        ("xoxb-123456789012-abcdefghijkl", "a Slack token"),
        ("ghp_" + "a" * 36, "a GitHub token"),
    ],
)
def test_secret_shapes(text: str, kind: str) -> None:
    assert [k for k, p in PATTERNS if p.search(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "base_url: https://erp.example.com",
        "client_secret: secret:erp-client-secret",
        "email: ops@example.com",
        "token_url: https://login.example.com/oauth2/token",
        "description: the sk_ prefix marks keys",
    ],
)
def test_ordinary_text_is_not_a_secret(text: str) -> None:
    assert [k for k, p in PATTERNS if p.search(text)] == []


def test_sfs107_says_update_for_a_flow_that_only_updates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`write: update` by an external ID the object does not declare for the source was reported as
    an upsert (seen on a NebulaLogger Log__c update flow), which it is not."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        """\
sfspec: 1
systems:
  crm: {kind: salesforce}
  itsm: {kind: custom, base_url: "https://itsm.example.com", auth: {protocol: none}}
  esb: {kind: middleware, engine: camel}
objects:
  Log__c:
    owner: crm
    fields:
      Ticket__c: {type: Text, length: 40, owner: itsm, external_id: true, unique: true}
      State__c: {type: Text, length: 40, owner: itsm}
flows:
  state-from-itsm:
    source: itsm
    target: crm
    via: esb
    object: Log__c
    receive: {mode: http, path: /itsm}
    transport: rest
    write: update
    match_key: Ticket__c
    mapping:
      - {field: State__c, remote: state}
""",
        encoding="utf-8",
    )
    assert main(["validate", str(spec)]) == 1
    said = capsys.readouterr()
    assert "SFS107 Log__c has no external-ID field for 'itsm', which updates it by Ticket__c" in said.out + said.err
    assert "upserts" not in said.out + said.err


CORRELATION = """\
sfspec: 1
systems:
  crm: {kind: salesforce}
  itsm: {kind: custom, base_url: "https://itsm.example.com", auth: {protocol: none}}
  esb: {kind: middleware, engine: camel}
objects:
  Log__c:
    owner: crm
    external_ids: {itsm: TransactionId__c}
    fields:
      TransactionId__c: {type: Text, length: 36, external_id: true, unique: true}
      Priority__c: {type: Text, length: 20}
      State__c: {type: Text, length: 40, owner: itsm}
flows:
  logs-to-itsm:
    source: crm
    target: itsm
    object: Log__c
    transport: rest
    trigger: {on: [update]}
    endpoint: {path: /incidents}
    mapping:
      - {field: TransactionId__c, remote: correlationId}
      - {field: Priority__c, remote: priority}
  state-from-itsm:
    source: itsm
    target: crm
    via: esb
    object: Log__c
    receive: {mode: http, path: /itsm}
    transport: rest
    write: update
    match_key: TransactionId__c
    mapping:
      - {field: State__c, remote: state}
"""


def test_sfs132_accepts_a_key_salesforce_keeps_and_sends_to_the_updating_system(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """NebulaLogger's Log__c.TransactionId__c is filled in Salesforce; a flow sends it to the ITSM,
    which updates the Log__c by it later: the key is known on both sides, nothing to report."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(CORRELATION, encoding="utf-8")
    assert main(["validate", str(spec)]) == 0, capsys.readouterr()
    for unsent in (
        CORRELATION.replace("      - {field: TransactionId__c, remote: correlationId}\n", ""),  # never sent
        CORRELATION.replace("target: itsm\n    object: Log__c", "target: esb\n    object: Log__c"),  # sent elsewhere
        CORRELATION.replace(
            "TransactionId__c: {type: Text, length: 36,", "TransactionId__c: {type: Text, length: 36, owner: itsm,"
        ),
    ):
        spec.write_text(unsent, encoding="utf-8")
        main(["validate", str(spec)])
        said = capsys.readouterr()
        assert "SFS132" in said.out + said.err, unsent


class _CountedName(str):
    """An object name that counts the comparisons made with it (a list scan compares with every entry)."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _CountedName.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


@pytest.mark.parametrize("code, section", [("SFS102", "objects"), ("SFS123", "flows")])
def test_name_lookups_do_not_scan_every_declared_name(code: str, section: str) -> None:
    """SFS102 asked, per Lookup field, whether its target is among a *list* of every object:
    quadratic, ~0.5 s of a 5,000-object plan (bench/scale.py). Each lookup compares a handful of
    names, however many are declared."""
    from sfspec.load.document import SpecDocument
    from sfspec.model.spec import Spec
    from sfspec.rules.base import RuleContext

    size = 400
    names = [_CountedName(f"Thing{i}__c") for i in range(size)]
    flows = {
        f"flow-{i}": {"source": "crm", "target": "erp", "object": "Thing0__c", "transport": "rest"} for i in range(size)
    }
    data = {
        "sfspec": 1,
        "systems": {"crm": {"kind": "salesforce"}, "erp": {"kind": "erp"}},
        "objects": {
            name: {"owner": "crm", "fields": {"Next__c": {"type": "Lookup", "reference_to": str(names[i - 1])}}}
            for i, name in enumerate(names)
        },
        "flows": {_CountedName(k): v for k, v in flows.items()},
        "environments": {"dev": {"org": "mock:org.json", "flows": {k: {"schedule": "0 2 * * *"} for k in flows}}},
    }
    spec = Spec.from_data(data)
    _CountedName.compared = 0
    found = list(RULES[code].check(RuleContext(spec, SpecDocument(data, [], positions={}))))
    assert found == [] and _CountedName.compared < 4 * size, (section, _CountedName.compared)
