"""Properties over VALID specs with hostile text in every free-text place (labels, plural labels,
descriptions, picklist values, the integration user, OAuth scopes of RFC 6749 syntax), run through
the real CLI:

- `validate` accepts them, `fmt` is idempotent and keeps the meaning (same data after formatting);
- `build` succeeds, every generated XML file is well-formed and passes the Metadata API v63 XSD,
  and the label text survives escaping unchanged;
- `plan` → `apply --auto-approve` → `plan --detailed-exitcode` is empty against a copy of the
  bundled mock org.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sfspec.load import load_spec
from sfspec.model.patterns import SCOPE_PATTERN
from sfspec.resources import specs_dir

from . import hostile
from .conftest import TRACEBACK_MARKERS, run_cli
from .corpus import SPEC, dump, mutate

MD = "{http://soap.sforce.com/2006/04/metadata}"

# Characters XML and the spec language accept: no surrogates, no control characters.
_CHARS = st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="\ufffe\uffff")
# One line by Unicode's rules too: U+2028, U+2029 and U+0085 end a line (labels refuse them).
_one_line = [t for t in hostile.FREE_TEXT if len(t.splitlines()) == 1 and "\t" not in t and t.strip()]
LABEL = (
    (st.sampled_from(_one_line) | st.text(_CHARS, min_size=1, max_size=40))
    .filter(lambda s: s.strip() != "")
    .map(lambda s: s[:255])
)


def _scope(text: str) -> str:
    """A hostile label made an RFC 6749 scope: only scope-token characters, single spaces."""
    kept = "".join(ch if re.fullmatch(SCOPE_PATTERN, ch) else " " for ch in text)
    return " ".join(kept.split()) or "api"


# drawn like a label (so the other places draw the same examples as before), then made a scope
SCOPE = LABEL.map(_scope)
TEXT = st.sampled_from(hostile.FREE_TEXT) | st.text(_CHARS | st.sampled_from("\n\t"), max_size=200)

O = ("objects", "Invoice__c")
PLACES: dict[tuple[Any, ...], st.SearchStrategy[Any]] = {
    ("description",): TEXT,
    ("systems", "erp", "label"): LABEL,
    ("systems", "erp", "description"): TEXT,
    ("systems", "marketing", "label"): LABEL,
    (*O, "label"): LABEL,
    (*O, "plural_label"): LABEL,
    (*O, "description"): TEXT,
    (*O, "fields", "Invoice_Number__c", "label"): LABEL,
    (*O, "fields", "Invoice_Number__c", "description"): TEXT,
    (*O, "fields", "Amount__c", "label"): LABEL,
    ("objects", "Account", "fields", "ERP_Id__c", "description"): TEXT,
    ("objects", "Account", "fields", "Payment_Terms__c", "label"): LABEL,
    ("flows", "account-to-erp", "description"): TEXT,
    ("flows", "erp-invoices-to-crm", "description"): TEXT,
    ("environments", "dev", "description"): TEXT,
    ("salesforce", "integration_user"): LABEL,
    # RFC 6749 scope tokens; braces are refused (Camel placeholders), see test_generated_text.py
    ("systems", "erp", "auth", "scope"): SCOPE,
}
STATUS_LABEL = (*O, "fields", "Status__c", "label")
STATUS_VALUES = (*O, "fields", "Status__c", "values")

# Picklist values: distinct once Salesforce's case-insensitive, trimmed comparison is applied; the
# generator writes a value on one line with runs of whitespace collapsed, so the spec does too.
VALUES = st.lists(
    LABEL.map(lambda s: " ".join(s.split())).filter(bool), min_size=1, max_size=5, unique_by=lambda s: s.casefold()
)


@st.composite
def hostile_specs(draw: st.DrawFn) -> dict[str, Any]:
    ops = [("set", path, draw(strategy)) for path, strategy in PLACES.items()]
    ops.append(("set", STATUS_LABEL, draw(LABEL)))
    ops.append(("set", STATUS_VALUES, draw(VALUES)))
    return mutate(ops)


def write_spec(root: Path, data: dict[str, Any]) -> Path:
    path = root / SPEC
    path.write_text(dump(data), encoding="utf-8")
    return path


def fresh(root: Path) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    return root


def clean(run: Any) -> None:
    for marker in TRACEBACK_MARKERS:
        assert marker not in run.text, run.text[-2000:]


@settings(max_examples=25)
@given(data=hostile_specs())
def test_validate_accepts_and_fmt_is_idempotent(
    data: dict[str, Any], sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = fresh(sandbox / "fmt")
    spec = write_spec(root, data)
    run = run_cli(["validate", str(spec)], capsys)
    clean(run)
    assert run.code == 0, run.text
    assert run_cli(["fmt", str(spec)], capsys).code == 0
    once = spec.read_text(encoding="utf-8")
    check = run_cli(["fmt", "--check", str(spec)], capsys)
    assert check.code == 0, check.text
    assert run_cli(["fmt", str(spec)], capsys).code == 0
    assert spec.read_text(encoding="utf-8") == once
    doc, diags = load_spec(spec)
    assert doc is not None, [d.format() for d in diags]
    assert doc.plain() == json.loads(json.dumps(data)), "fmt changed the meaning of the spec"


@settings(max_examples=12)
@given(data=hostile_specs())
def test_build_output_parses_and_passes_the_xsd(
    data: dict[str, Any], sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from validators.salesforce import xsd_errors

    root = fresh(sandbox / "build")
    spec = write_spec(root, data)
    out = root / "out"
    run = run_cli(["build", str(spec), "-e", "dev", "--out", str(out)], capsys)
    clean(run)
    assert run.code == 0, run.text
    problems: dict[str, list[str]] = {}
    for path in sorted(out.rglob("*.xml")):
        text = path.read_text(encoding="utf-8")
        ET.fromstring(text.encode("utf-8"))  # well-formed, whatever the spec said
        if path.name.endswith("-meta.xml"):
            found = xsd_errors(text)
            if found:
                problems[str(path.relative_to(out))] = found
    assert not problems, problems
    field = next(out.rglob("Invoice__c/fields/Status__c.field-meta.xml"))
    tree = ET.parse(field).getroot()
    assert tree.findtext(f"{MD}label") == data["objects"]["Invoice__c"]["fields"]["Status__c"]["label"]
    values = [v.findtext(f"{MD}fullName") for v in tree.iter(f"{MD}value")]
    assert values == data["objects"]["Invoice__c"]["fields"]["Status__c"]["values"]


@settings(max_examples=8)
@given(data=hostile_specs())
def test_plan_apply_plan_is_empty(data: dict[str, Any], sandbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = fresh(sandbox / "apply")
    spec = write_spec(root, data)
    (root / "orgs").mkdir()
    shutil.copy(specs_dir() / "landscape" / "orgs" / "dev.json", root / "orgs" / "dev.json")
    first = run_cli(["plan", str(spec), "-e", "dev", "--detailed-exitcode"], capsys)
    clean(first)
    assert first.code == 2, first.text
    applied = run_cli(["apply", str(spec), "-e", "dev", "--auto-approve", "--out-dir", str(root / "out")], capsys)
    clean(applied)
    assert applied.code == 0, applied.text
    again = run_cli(["plan", str(spec), "-e", "dev", "--detailed-exitcode", "--out-dir", str(root / "out")], capsys)
    clean(again)
    assert again.code == 0, again.text


def _rounds() -> list[list[tuple[tuple[Any, ...], str]]]:
    """Every hostile string in some free-text place: round r gives place k string r*len+k."""
    places = [*PLACES, STATUS_LABEL]
    labels = [t for t in hostile.FREE_TEXT if len(t.splitlines()) == 1 and "\t" not in t and t.strip()]
    texts = hostile.FREE_TEXT
    scopes = [_scope(t) for t in labels]
    rounds = []
    for r in range((len(texts) + len(places) - 1) // len(places)):
        chosen = []
        for k, place in enumerate(places):
            strategy = PLACES.get(place, LABEL)
            pool = labels if strategy is LABEL else scopes if strategy is SCOPE else texts
            chosen.append((place, pool[(r * len(places) + k) % len(pool)][:255]))
        rounds.append(chosen)
    return rounds


ROUNDS = _rounds()


@pytest.mark.parametrize("chosen", ROUNDS, ids=[f"round-{i}" for i in range(len(ROUNDS))])
def test_every_hostile_string_builds_artifacts_the_real_validators_accept(
    chosen: list[tuple[tuple[Any, ...], str]], sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Salesforce's Apex parser, apex-ls's semantic check, the Metadata API XSD, and YAML parsers for
    Camel and Meltano."""
    from ruamel.yaml import YAML
    from validators.apexls import require_apexls, semantic_issues
    from validators.salesforce import apex_parse_errors, require_apex_parser, xsd_errors

    require_apex_parser()
    require_apexls()
    data = mutate([("set", place, text) for place, text in chosen])
    spec = write_spec(sandbox, data)
    assert run_cli(["validate", str(spec)], capsys).code == 0
    run = run_cli(["build", str(spec), "-e", "dev", "--out", "out"], capsys)
    clean(run)
    assert run.code == 0, run.text
    out = sandbox / "out"
    sources = {
        str(p.relative_to(out)): p.read_text(encoding="utf-8")
        for p in out.rglob("*")
        if p.suffix in (".cls", ".trigger")
    }
    assert sources
    assert apex_parse_errors(sources) == {}
    bad_xml = {str(p): xsd_errors(p.read_text(encoding="utf-8")) for p in out.rglob("*-meta.xml")}
    assert {k: v for k, v in bad_xml.items() if v} == {}
    for path in [*out.rglob("*.yaml"), *out.rglob("*.yml")]:
        YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    assert [str(i) for i in semantic_issues(out)] == []  # and the Apex still compiles (apex-ls)
