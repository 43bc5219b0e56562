"""The hostile-spec corpus, generated from compact tables.

Every case starts from the bundled example landscape (specs/landscape, merged into one file, or the
folder itself) and breaks it one way: a text edit (syntax), raw bytes (encodings), a size or nesting
attack, or a data mutation (schema, hostile names, literal secrets, semantic errors). Each case
says which diagnostic codes may answer it and, when the break sits on a known line, that line.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ruamel.yaml import YAML

from sfspec.load import load_spec
from sfspec.resources import specs_dir

from . import hostile

SPEC = "spec.yaml"


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, bytes]
    codes: frozenset[str]
    target: str = SPEC  # what the CLI is given
    line: int | None = None  # the line the finding must point at, when the break is on one line
    symlinks: dict[str, str] = field(default_factory=dict)  # link path → link target
    secret: str | None = None  # a literal that must not be echoed


# ── the base spec ──────────────────────────────────────────────────────────────────────────────
@cache
def base_data() -> dict[str, Any]:
    doc, diags = load_spec(specs_dir() / "landscape")
    assert doc is not None, [d.format() for d in diags]
    return doc.plain()


def dump(data: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 1 << 20
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[attr-defined]
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@cache
def base_text() -> str:
    return dump(base_data())


def landscape_files() -> dict[str, bytes]:
    folder = specs_dir() / "landscape"
    return {f"spec/{p.name}": p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


# ── data mutations ─────────────────────────────────────────────────────────────────────────────
Path = Sequence[str | int]
Op = tuple[str, Path, Any]


def _parent(data: Any, path: Path) -> Any:
    node = data
    for step in path[:-1]:
        node = node[step]
    return node


def mutate(ops: Sequence[Op]) -> dict[str, Any]:
    data = copy.deepcopy(base_data())
    for op, path, value in ops:
        parent = _parent(data, path)
        last = path[-1]
        if op == "set":
            parent[last] = value
        elif op == "del":
            del parent[last]
        elif op == "rename":  # replace a mapping key, keeping its value and position
            items = list(parent.items())
            parent.clear()
            parent.update({(value if k == last else k): v for k, v in items})
        else:
            raise ValueError(op)
    return data


def data_case(id_: str, codes: str, *ops: Op, secret: str | None = None) -> Case:
    return Case(id_, {SPEC: dump(mutate(ops)).encode()}, frozenset(codes.split()), secret=secret)


def text_case(id_: str, codes: str, text: str | bytes, line: int | None = None) -> Case:
    raw = text.encode() if isinstance(text, str) else text
    return Case(id_, {SPEC: raw}, frozenset(codes.split()), line=line)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def replaced(id_: str, codes: str, old: str, new: str, exact: bool = True, offset: int = 0) -> Case:
    """Replace the first `old` in the base text; the finding must be on that line when `exact`
    (an unclosed bracket is only noticed where the parser runs into the next token)."""
    text = base_text()
    assert old in text, old
    return text_case(id_, codes, text.replace(old, new, 1), _line_of(text, old) + offset if exact else None)


def appended(id_: str, codes: str, tail: str, line_offset: int | None = 1) -> Case:
    """Append `tail` to the base text; the finding must be on its `line_offset`-th line, if given."""
    text = base_text()
    return text_case(id_, codes, text + tail, None if line_offset is None else text.count("\n") + line_offset)


# ── A. YAML syntax ─────────────────────────────────────────────────────────────────────────────
def syntax_cases() -> Iterator[Case]:
    yield replaced("unclosed-flow-mapping", "SFS001", "- field: Name\n", "- {field: Name,\n", exact=False)
    yield replaced("unclosed-flow-sequence", "SFS001", "    on:\n", "    on: [create, update\n", exact=False)
    yield replaced("tab-indent", "SFS001", "  crm:\n", "\tcrm:\n")
    yield replaced(
        "duplicate-nested-key", "SFS003", "    kind: salesforce\n", "    kind: salesforce\n    kind: erp\n", offset=1
    )
    yield appended("duplicate-top-key", "SFS003", "sfspec: 1\n")
    yield appended("unterminated-double-quote", "SFS001", 'name: "acme\n', None)
    yield appended("unterminated-single-quote", "SFS001", "name: 'acme\n", None)
    yield appended("mapping-in-plain-scalar", "SFS001", "label: a: b: c\n")
    yield appended("bad-dedent", "SFS001", "  stray: 1\n bad: 2\n", 2)
    yield appended("second-document", "SFS001", "---\nsfspec: 1\n")
    yield appended("undefined-alias", "SFS001", "extra: *nothing\n")
    yield appended("invalid-escape", "SFS001", 'extra: "\\q"\n')
    yield appended("bad-directive", "SFS001", "%YAML 9.9\n---\n", None)
    yield appended("block-scalar-bad-indicator", "SFS001", "extra: |9x\n  text\n")
    yield appended("unclosed-flow-at-eof", "SFS001", "extra: {a: [1, 2\n", 2)
    yield appended("control-character", "SFS001", "extra: a\x07b\n")
    yield appended("escape-character", "SFS001", "extra: \x1b[31mred\n")
    yield appended("lone-surrogate-escape", "SFS001 SFS002", 'extra: "\\ud800"\n')
    yield appended("custom-tag", "SFS001", "description: !custom hello\n")
    yield appended("python-object-tag", "SFS001 SFS011", "description: !!python/object/apply:os.system [id]\n")
    yield appended("python-name-tag", "SFS001 SFS011", "description: !!python/name:os.system ''\n")
    yield appended("long-key", "SFS001 SFS010", "k" * 5000 + ": 1\n")
    yield text_case("top-level-list", "SFS004", "- sfspec: 1\n- systems: {}\n", 1)
    yield text_case("top-level-scalar", "SFS004", "just some text\n", 1)
    yield text_case("top-level-number", "SFS004", "42\n", 1)
    yield text_case("empty-file", "SFS006", "", 1)
    yield text_case("whitespace-only", "SFS006", "  \n\n   \n", 1)
    yield text_case("comments-only", "SFS006", "# yaml-language-server: $schema=x\n# nothing\n", 1)
    yield text_case("document-marker-only", "SFS006", "---\n", 1)
    yield text_case("null-document", "SFS006", "~\n", 1)
    yield text_case(
        "complex-key",
        "SFS015",
        "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\nobjects:\n  ? [a, b]\n  : {owner: crm}\n",
        5,
    )
    yield text_case(
        "null-key", "SFS015", "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\nobjects:\n  null: {owner: crm}\n", 5
    )
    yield text_case(
        "integer-key", "SFS015", "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\nobjects:\n  1: {owner: crm}\n", 5
    )
    yield text_case("bool-top-key", "SFS010", "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\nyes: 1\n", 4)
    yield text_case("merge-key-into-list", "SFS001", "sfspec: 1\nbase: &b [1]\nsystems:\n  <<: *b\n")


# ── B. encodings ───────────────────────────────────────────────────────────────────────────────
def encoding_cases() -> Iterator[Case]:
    text = base_text()
    yield text_case("utf16-le-bom", "SFS002", text.encode("utf-16"), 1)
    yield text_case("utf16-be-bom", "SFS002", b"\xfe\xff" + text.encode("utf-16-be"), 1)
    yield text_case("utf16-le-no-bom", "SFS002", text.encode("utf-16-le"), 1)
    yield text_case("utf32-bom", "SFS002", text.encode("utf-32"), 1)
    latin = text.replace("label: Account\n", "label: Ünïcödé\n", 1)
    yield text_case("latin1", "SFS002", latin.encode("latin-1"), _line_of(latin, "Ünïcödé"))
    cp = text.replace("label: Invoice\n", "label: \u201cInvoice\u201d\n", 1)
    yield text_case("cp1252-smart-quotes", "SFS002", cp.encode("cp1252"), _line_of(cp, "\u201c"))
    for name, bad in [
        ("overlong", b"\xc0\xaf"),
        ("cesu-surrogate", b"\xed\xa0\x80"),
        ("truncated", b"\xe2\x82"),
        ("lone-continuation", b"\x80"),
        ("ff-byte", b"\xff"),
    ]:
        raw = text.encode()
        at = raw.index(b"label: Account")
        yield text_case(
            f"invalid-utf8-{name}", "SFS002", raw[:at] + b"label: Acc" + bad + raw[at + 10 :], raw[:at].count(b"\n") + 1
        )
    raw = text.encode()
    yield text_case("nul-byte", "SFS002", raw[:40] + b"\x00" + raw[40:], raw[:40].count(b"\n") + 1)
    yield text_case("binary-garbage", "SFS002 SFS001", bytes(range(256)) * 4)
    yield text_case("gzip-magic", "SFS002", b"\x1f\x8b\x08\x00" + b"\x00" * 64, 1)


# ── C. size, nesting and alias attacks ────────────────────────────────────────────────────────
def size_cases() -> Iterator[Case]:
    yield text_case("nine-mib", "SFS005", base_text() + "#" + "x" * (9 << 20) + "\n", 1)
    yield text_case("deep-flow-nesting", "SFS005", "sfspec: 1\nx: " + "[" * 200_000 + "]" * 200_000 + "\n", 2)
    yield text_case("deep-flow-mapping", "SFS005", "sfspec: 1\nx: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n")
    deep = "".join("  " * i + "a:\n" for i in range(300)) + "  " * 300 + "a: 1\n"
    yield text_case("deep-block-nesting", "SFS005", "sfspec: 1\n" + deep)
    laughs = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    yield text_case("billion-laughs", "SFS005", "sfspec: 1\n" + "\n".join(laughs) + "\n", 1)
    yield text_case(
        "billion-laughs-in-description", "SFS005", "\n".join(laughs) + "\n" + base_text() + "extra: *a9\n", 1
    )
    yield text_case("recursive-sequence-alias", "SFS005 SFS010", "sfspec: 1\nx: &a [*a]\n")
    yield text_case("recursive-mapping-alias", "SFS005 SFS010", "sfspec: 1\nx: &a {y: *a}\n")
    yield text_case("recursive-systems", "SFS005 SFS011", "sfspec: 1\nsystems: &s\n  crm: *s\n")
    wide = "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\nobjects:\n" + "".join(
        f"  Obj{i}__c: {{owner: crm, fields: {{F__c: {{type: Nope}}}}}}\n" for i in range(1500)
    )
    yield text_case("many-errors", "SFS013", wide, 5)


# ── D. schema ─────────────────────────────────────────────────────────────────────────────────
F = ("flows", "account-to-erp")
FC = ("flows", "erp-credit-to-crm")
O = ("objects", "Account")
FLD = ("objects", "Account", "fields", "ERP_Id__c")
ERP = ("systems", "erp")
AUTH = ("systems", "erp", "auth")
ENV = ("environments", "dev")

MISSING = [
    ("sfspec",),
    ("systems",),
    ("systems", "crm", "kind"),
    (*O, "owner"),
    (*F, "source"),
    (*F, "target"),
    (*F, "transport"),
    (*ENV, "org"),
    (*F, "mapping", 0, "field"),
    (*F, "mapping", 0, "remote"),
    (*F, "endpoint", "path"),
    (*F, "volume", "records_per_day"),
    (*FLD, "type"),
    (*AUTH, "protocol"),
    (*FC, "receive", "mode"),
]

WRONG = [  # (path, value, codes)
    (("sfspec",), "1", "SFS013"),
    (("sfspec",), 2, "SFS013"),
    (("sfspec",), None, "SFS013"),
    (("systems",), [], "SFS011"),
    (("systems",), "crm", "SFS011"),
    (("objects",), ["Account"], "SFS011"),
    (("flows",), None, "SFS011"),
    ((*O, "fields"), [], "SFS011"),
    (("name",), "1bad name", "SFS013"),
    (("description",), {"a": 1}, "SFS011"),
    (("description",), ["x"], "SFS011"),
    ((*FLD, "length"), "40", "SFS011"),
    ((*FLD, "length"), 40.5, "SFS011"),
    ((*FLD, "length"), True, "SFS011"),
    ((*FLD, "length"), -1, "SFS013"),
    ((*FLD, "length"), 10**12, "SFS013"),
    ((*FLD, "length"), 0, "SFS013"),
    ((*O, "fields", "Credit_Limit__c", "precision"), 19, "SFS013"),
    ((*O, "fields", "Credit_Limit__c", "scale"), -1, "SFS013"),
    ((*FLD, "required"), "yes", "SFS011"),
    ((*FLD, "unique"), 1, "SFS011"),
    (("salesforce", "licenses"), 0, "SFS013"),
    (("salesforce", "licenses"), 10**20, "SFS013"),
    (("salesforce", "licenses"), "250", "SFS011"),
    (("salesforce", "api_version"), "63", "SFS013"),
    (("salesforce", "api_version"), 63.0, "SFS011"),
    (("salesforce", "api_version"), "../63.0", "SFS013"),
    (("salesforce", "edition"), "free", "SFS013"),
    (("salesforce", "trigger_framework"), "mine", "SFS013"),
    (("salesforce", "integration_permission_set"), "perm set; x", "SFS013"),
    (("systems", "crm", "kind"), "mainframe", "SFS013"),
    ((*AUTH, "protocol"), "kerberos", "SFS013"),
    (("systems", "warehouse", "warehouse"), "oracle", "SFS013"),
    (("systems", "esb", "engine"), "mule", "SFS013"),
    ((*ERP, "base_url"), "not a url", "SFS013"),
    ((*ERP, "base_url"), "javascript:alert(1)", "SFS013"),
    ((*ERP, "base_url"), "https://a b", "SFS013"),
    ((*AUTH, "token_url"), 42, "SFS011"),
    # Camel would resolve these in application.properties / a Simple expression (issue 15)
    ((*AUTH, "scope"), "{{env:AWS_SECRET_ACCESS_KEY}}", "SFS013"),
    ((*AUTH, "scope"), "read ${env:AWS_SECRET_ACCESS_KEY}", "SFS013"),
    ((*AUTH, "scope"), "read\nwrite", "SFS013"),
    ((*AUTH, "scope"), "read  write", "SFS013"),
    ((*AUTH, "scope"), "lecture écriture", "SFS013"),
    ((*ERP, "rate_limit", "requests_per_second"), 0, "SFS013"),
    ((*ERP, "rate_limit", "requests_per_second"), float("nan"), "SFS013 SFS016"),
    ((*ERP, "rate_limit", "requests_per_day"), float("inf"), "SFS011"),
    (("systems", "marketing", "auth", "header"), "X API Key", "SFS013"),
    ((*F, "retry", "max_attempts"), 11, "SFS013"),
    ((*F, "retry", "max_attempts"), 0, "SFS013"),
    ((*F, "volume"), [], "SFS011"),
    ((*F, "volume", "records_per_day"), -5, "SFS013"),
    ((*F, "mapping"), {"field": "Name"}, "SFS011"),
    ((*F, "mapping", 0), "Name", "SFS011"),
    ((*F, "trigger", "on"), [], "SFS013"),
    ((*F, "trigger", "on"), ["explode"], "SFS013"),
    ((*F, "trigger", "on"), "create", "SFS011"),
    ((*F, "timing"), "sometimes", "SFS013"),
    ((*F, "transport"), "ftp", "SFS013"),
    ((*F, "transport"), "REST", "SFS013"),
    ((*F, "event"), "kafka", "SFS013"),
    ((*F, "endpoint", "method"), "DELETE", "SFS013"),
    ((*F, "endpoint", "id_path"), "a-b", "SFS013"),
    ((*F, "endpoint", "path"), "/with space", "SFS013"),
    ((*F, "endpoint", "path"), "", "SFS013"),
    ((*F, "direction"), "both", "SFS013"),
    ((*F, "conflict"), "random", "SFS013"),
    ((*F, "mapping", 0, "transform"), "eval", "SFS013"),
    ((*F, "mapping", 0, "remote"), "a..b", "SFS013"),
    ((*F, "mapping", 0, "remote"), "$.x[0]", "SFS013"),
    ((*F, "mapping", 0, "field"), "Name; x", "SFS013"),
    (("flows", "nightly-warehouse-export", "schedule"), "every day", "SFS013"),
    (("flows", "nightly-warehouse-export", "schedule"), "* * *", "SFS013"),
    (("flows", "nightly-warehouse-export", "objects"), [], "SFS013"),
    ((*FC, "receive", "mode"), "carrier-pigeon", "SFS013"),
    ((*FC, "receive", "interval_seconds"), 1, "SFS013"),
    (("flows", "consent-to-crm", "receive", "topic"), "a topic", "SFS013"),
    ((*ENV, "org"), "ftp://x", "SFS013"),
    ((*ENV, "org"), "sf:alias with space", "SFS013"),
    ((*ENV, "org"), "mock:", "SFS013"),
    (("waivers",), {"a": 1}, "SFS011"),
    (("waivers",), [{"component": "ApexClass:X", "reason": "ok", "expires": "2030-01-01"}], "SFS013"),
    (("waivers",), [{"component": "nocolon", "reason": "because", "expires": "2030-01-01"}], "SFS013"),
    (("waivers",), [{"component": "ApexClass:X", "reason": "because", "expires": "tomorrow"}], "SFS013"),
    (("waivers",), [{"component": "ApexClass:X", "reason": "because"}], "SFS012"),
    ((*O, "label"), "", "SFS013"),
    ((*O, "label"), "L" * 256, "SFS013"),
    (("description",), "d" * 4001, "SFS013"),
    ((*O, "fields", "Payment_Terms__c", "values"), ["NET15", ""], "SFS013"),
    ((*O, "fields", "Payment_Terms__c", "values"), [15, 30], "SFS011"),
    ((*O, "fields", "Payment_Terms__c", "values"), "NET15", "SFS011"),
]

UNKNOWN_KEYS = [
    ("extra_top",),
    ("salesforce", "orgid"),
    ("systems", "crm", "lable"),
    (*AUTH, "secret"),
    (*O, "feilds"),
    (*FLD, "size"),
    (*F, "sorce"),
    (*F, "mapping", 0, "to"),
    (*F, "endpoint", "verb"),
    (*F, "retry", "forever"),
    (*ENV, "org_alias"),
    (*F, "volume", "per_minute"),
]

SECRET_FIELDS = [
    "client_id",
    "client_secret",
    "username",
    "password",
    "private_key",
    "api_key",
    "access_key_id",
    "secret_access_key",
]
LITERAL_SECRETS = ["hunter2-canary-Zq81", "-----BEGIN PRIVATE KEY-----canary", "00D000000000001!AQcanary.tok"]

NAME_PLACES = {  # where a hostile name is put, as a rename of an existing key
    "system": ("systems", "warehouse"),
    "object": ("objects", "Opportunity"),
    "field": ("objects", "Opportunity", "fields", "CloseDate"),
    "flow": ("flows", "nightly-warehouse-export"),
    "environment": ("environments", "prod"),
}

REFERENCE_PLACES = {  # where a hostile name is put as a value
    "flow-source": (*F, "source"),
    "flow-object": (*F, "object"),
    "match-key": (*F, "match_key"),
    "mapping-field": (*F, "mapping", 0, "field"),
    "object-owner": (*O, "owner"),
    "reference-to": ("objects", "Invoice__c", "fields", "Account__c", "reference_to"),
    "trigger-field": (*F, "trigger", "fields"),
}


def _slug(text: str) -> str:
    cleaned = "".join(c if c.isalnum() else "-" for c in text)[:24].strip("-")
    return cleaned or "blank"


def schema_cases() -> Iterator[Case]:
    for path in MISSING:
        yield data_case("missing-" + ".".join(map(str, path)), "SFS012", ("del", path, None))
    for i, (path, value, codes) in enumerate(WRONG):
        yield data_case(f"wrong-{i:02d}-" + ".".join(map(str, path[-2:])), codes, ("set", path, value))
    for path in UNKNOWN_KEYS:
        yield data_case("unknown-key-" + ".".join(map(str, path)), "SFS010", ("set", path, 1))
    for i, secret in enumerate(LITERAL_SECRETS):
        for name in SECRET_FIELDS:
            yield data_case(f"literal-secret-{i}-{name}", "SFS109", ("set", (*AUTH, name), secret), secret=secret)
        yield data_case(
            f"literal-secret-{i}-env-override",
            "SFS109",
            ("set", (*ENV, "systems", "erp", "auth"), {"protocol": "basic", "username": "env:U", "password": secret}),
            secret=secret,
        )


def name_cases() -> Iterator[Case]:
    for i, name in enumerate(hostile.BAD_NAMES):
        for place, path in NAME_PLACES.items():
            yield data_case(f"bad-name-{place}-{i:02d}-{_slug(name)}", "SFS015 SFS016", ("rename", path, name))
    for i, name in enumerate(hostile.BAD_NAMES[::2]):
        for place, path in REFERENCE_PLACES.items():
            value: Any = [name] if place == "trigger-field" else name
            # The schema or, for names it cannot judge alone (too long for a field), the rules refuse it.
            yield data_case(
                f"bad-ref-{place}-{i:02d}-{_slug(name)}", "SFS013 SFS016 SFS101 SFS102 SFS103", ("set", path, value)
            )


# ── E. semantic ───────────────────────────────────────────────────────────────────────────────
def semantic_cases() -> Iterator[Case]:
    yield data_case("unknown-source", "SFS101", ("set", (*F, "source"), "sap"))
    yield data_case("unknown-target", "SFS101", ("set", (*F, "target"), "netsuite"))
    yield data_case("unknown-via", "SFS101", ("set", (*FC, "via"), "mulesoft"))
    yield data_case("unknown-owner", "SFS101", ("set", (*O, "owner"), "crn"))
    yield data_case("unknown-field-owner", "SFS101", ("set", (*FLD, "owner"), "ledger"))
    yield data_case("unknown-external-id-system", "SFS101", ("set", (*O, "external_ids", "billing"), "ERP_Id__c"))
    yield data_case(
        "unknown-env-system", "SFS101", ("set", (*ENV, "systems", "sap"), {"base_url": "https://x.example"})
    )
    yield data_case("unknown-object", "SFS102", ("set", (*F, "object"), "Acount"))
    yield data_case(
        "unknown-object-in-list",
        "SFS102",
        ("set", ("flows", "nightly-warehouse-export", "objects"), ["Account", "Lead__c"]),
    )
    yield data_case(
        "unknown-reference-to",
        "SFS102",
        ("set", ("objects", "Invoice__c", "fields", "Account__c", "reference_to"), "Acct"),
    )
    yield data_case("unknown-mapped-field", "SFS103", ("set", (*F, "mapping", 0, "field"), "Nmae"))
    yield data_case("unknown-match-key", "SFS103", ("set", (*F, "match_key"), "SAP_Id__c"))
    yield data_case("two-salesforce-systems", "SFS104", ("set", ("systems", "crm2"), {"kind": "salesforce"}))
    yield data_case("no-salesforce-system", "SFS104", ("set", ("systems", "crm", "kind"), "custom"))
    yield data_case("writes-field-it-does-not-own", "SFS105 SFS111", ("set", (*FC, "mapping", 0, "field"), "Name"))
    yield data_case("upsert-without-match-key", "SFS107", ("del", (*FC, "match_key"), None))
    yield data_case("plain-http-base-url", "SFS110", ("set", (*ERP, "base_url"), "http://erp.acme.example"))
    yield data_case("plain-http-token-url", "SFS110", ("set", (*AUTH, "token_url"), "http://erp.acme.example/t"))
    yield data_case("streaming-without-event", "SFS112", ("del", ("flows", "contacts-to-marketing", "event"), None))
    yield data_case("event-without-streaming", "SFS112", ("set", (*F, "event"), "cdc"))
    yield data_case("bidirectional-without-conflict", "SFS113", ("set", (*F, "direction"), "bidirectional"))
    yield data_case(
        "scheduled-without-schedule", "SFS114", ("del", ("flows", "nightly-warehouse-export", "schedule"), None)
    )
    yield data_case("source-is-target", "SFS115", ("set", (*F, "target"), "crm"))
    yield data_case("via-not-middleware", "SFS116", ("set", (*FC, "via"), "bi"))
    yield data_case("object-and-objects", "SFS117", ("set", (*F, "objects"), ["Contact"]))
    yield data_case("auth-missing-part", "SFS118", ("del", (*AUTH, "client_secret"), None))
    yield data_case("picklist-without-values", "SFS119", ("del", (*O, "fields", "Payment_Terms__c", "values"), None))
    text = {"type": "Text", "length": 10}
    yield data_case("field-name-80-chars", "SFS130", ("set", (*O, "fields", "F" * 77 + "__c"), text))
    yield data_case("object-name-41-chars", "SFS130", ("set", ("objects", "O" * 41 + "__c"), {"owner": "crm"}))
    yield data_case("object-differs-in-case", "SFS129", ("set", ("objects", "invoice__c"), {"owner": "crm"}))
    yield data_case("field-differs-in-case", "SFS129", ("set", (*O, "fields", "erp_id__c"), text))
    yield data_case("object-is-dead-letter", "SFS129", ("set", ("objects", "Integration_Error__c"), {"owner": "crm"}))
    yield data_case("object-is-flow-event", "SFS129", ("set", ("objects", "Account_To_Erp_Event__e"), {"owner": "crm"}))
    md = {"type": "MasterDetail", "reference_to": "Invoice__c"}
    yield data_case("master-detail-to-itself", "SFS131", ("set", ("objects", "Invoice__c", "fields", "Parent__c"), md))
    yield data_case("master-detail-on-standard", "SFS131", ("set", (*O, "fields", "Invoice__c"), md))
    yield data_case(
        "master-detail-cycle",
        "SFS131",
        ("set", ("objects", "Line__c"), {"owner": "crm", "fields": {"Invoice__c": md}}),
        ("set", ("objects", "Invoice__c", "fields", "Line__c"), {**md, "reference_to": "Line__c"}),
    )
    for date in ("2024-02-30", "2024-13-01", "0000-01-01"):  # unquoted: YAML reads a timestamp
        yield appended(
            f"impossible-waiver-date-unquoted-{date}",
            "SFS013",
            f"waivers:\n  - component: ApexClass:AccountTriggerHandler\n    reason: accepted\n    expires: {date}\n",
            line_offset=4,
        )
    for date in ("2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "0000-01-01", "2024-04-31"):
        waiver = {"component": "ApexClass:AccountTriggerHandler", "reason": "accepted", "expires": date}
        yield data_case(f"impossible-waiver-date-{date}", "SFS016", ("set", ("waivers",), [waiver]))


# ── F. folder specs ───────────────────────────────────────────────────────────────────────────
def folder_cases() -> Iterator[Case]:
    files = landscape_files()

    def folder(id_: str, codes: str, extra: dict[str, bytes], line: int | None = None, **kw: Any) -> Case:
        return Case(id_, {**files, **extra}, frozenset(codes.split()), target="spec", line=line, **kw)

    dup_obj = b"objects:\n  Account:\n    owner: crm\n"
    yield folder("object-in-two-files", "SFS014", {"spec/zz-more.yaml": dup_obj}, 2)
    yield folder("section-in-two-files", "SFS014", {"spec/more.yaml": b"salesforce:\n  licenses: 3\n"}, 1)
    yield folder("version-in-two-files", "SFS014", {"spec/more.yaml": b"sfspec: 1\n"}, 1)
    yield folder("bad-utf8-in-one-file", "SFS002", {"spec/more.yaml": b"description: caf\xe9\n"}, 1)
    yield folder("empty-file-in-folder", "SFS006", {"spec/more.yaml": b""}, 1)
    yield folder("list-file-in-folder", "SFS004", {"spec/more.yaml": b"- a\n"}, 1)
    yield folder("syntax-in-nested-folder", "SFS001", {"spec/deep/er/x.yml": b"flows: {a: [\n"})
    # A folder spec reads only files with an sfspec section (issue 14): `bogus: 1` alone is some
    # other YAML, so the unknown key sits beside a section.
    yield folder("spaces-and-unicode-file-name", "SFS010", {"spec/mé and you.yaml": b"flows: {}\nbogus: 1\n"}, 2)
    yield folder(
        "hostile-name-in-second-file",
        "SFS015",
        {"spec/more.yaml": b"objects:\n  ../../etc/passwd:\n    owner: crm\n"},
        2,
    )
    yield folder("dev-zero-link", "SFS007 SFS002", {}, symlinks={"spec/zero.yaml": "/dev/zero"})
    yield folder("dangling-link", "SFS007", {}, symlinks={"spec/gone.yaml": "/nonexistent/x.yaml"})
    yield folder(
        "link-loop",
        "SFS010",
        {"spec/zz.yaml": b"flows: {}\nbogus: 1\n"},
        2,
        symlinks={"spec/loop": ".", "spec/up": "../spec"},
    )
    yield folder(
        "file-link-loop",
        "SFS007",
        {},
        1,
        symlinks={"spec/a-loop.yaml": "b-loop.yaml", "spec/b-loop.yaml": "a-loop.yaml"},
    )
    # a file name that is not UTF-8 (byte 0xff) would reach generated UTF-8 files: refused by name
    yield folder("non-utf8-file-name", "SFS007", {"spec/bad\udcff.yaml": b"objects:\n  Extra__c: {owner: crm}\n"}, 1)
    # links that leave the spec folder: a file or a folder of someone else's, read as part of the spec
    outside = b"objects:\n  Extra__c: {owner: crm}\n"
    yield folder(
        "file-link-outside", "SFS007", {"elsewhere.yaml": outside}, 1, symlinks={"spec/x.yaml": "../elsewhere.yaml"}
    )
    yield folder("folder-link-outside", "SFS007", {"shared/x.yaml": outside}, 1, symlinks={"spec/shared": "../shared"})
    many = {f"spec/many/o{i:04}.yaml": b"objects:\n  O%d__c: {owner: crm}\n" % i for i in range(1001)}
    yield folder("thousand-and-one-files", "SFS007", many, 1)
    yield Case("no-yaml-in-folder", {"spec/readme.txt": b"hi"}, frozenset({"SFS007"}), target="spec")
    yield Case("dev-zero-as-spec", {}, frozenset({"SFS007"}), target="zero.yaml", symlinks={"zero.yaml": "/dev/zero"})
    yield Case("fifo-as-spec", {}, frozenset({"SFS007"}), target="fifo.yaml", symlinks={"fifo.yaml": "<fifo>"})
    yield Case("directory-named-yaml", {"d.yaml/x.txt": b""}, frozenset({"SFS007"}), target="d.yaml")


GENERATORS: Sequence[Callable[[], Iterator[Case]]] = (
    syntax_cases,
    encoding_cases,
    size_cases,
    schema_cases,
    name_cases,
    semantic_cases,
    folder_cases,
)


def all_cases() -> list[Case]:
    cases = [case for gen in GENERATORS for case in gen()]
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    return cases


# ── G. mock org snapshots (planned against with the valid base spec) ─────────────────────────
@dataclass(frozen=True)
class SnapshotCase:
    id: str
    content: bytes
    line: int | None = None


@cache
def snapshot_text() -> str:
    return (specs_dir() / "landscape" / "orgs" / "dev.json").read_text(encoding="utf-8")


def _snapshot_json(mutation: Callable[[dict[str, Any]], Any]) -> bytes:
    import json

    data = json.loads(snapshot_text())
    mutation(data)
    return json.dumps(data, indent=2).encode()


def snapshot_cases() -> list[SnapshotCase]:
    text = snapshot_text()
    raw = text.encode()
    first_obj = next(iter(__import__("json").loads(text)["objects"]))
    cases = [
        SnapshotCase("truncated", raw[: len(raw) // 2]),
        SnapshotCase("trailing-comma", text.replace('"format_version": 1,', '"format_version": 1,,', 1).encode(), 2),
        SnapshotCase("single-quotes", text.replace('"format_version"', "'format_version'", 1).encode(), 2),
        SnapshotCase("comment", ("// exported\n" + text).encode(), 1),
        SnapshotCase("empty", b"", 1),
        SnapshotCase("top-level-list", b"[1, 2]\n", 1),
        SnapshotCase("top-level-string", b'"org"\n', 1),
        SnapshotCase("utf16", text.encode("utf-16")),
        SnapshotCase("latin1-byte", raw.replace(b'"enterprise"', b'"enterpr\xeese"', 1)),
        SnapshotCase("nul-byte", raw[:30] + b"\x00" + raw[30:]),
        SnapshotCase("deep-nesting", b'{"format_version": 1, "org": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"),
        SnapshotCase(
            "duplicate-key",
            text.replace('"format_version": 1,', '"format_version": 1, "format_version": 1,', 1).encode(),
        ),
        SnapshotCase("format-version-2", _snapshot_json(lambda d: d.update(format_version=2))),
        SnapshotCase("format-version-string", _snapshot_json(lambda d: d.update(format_version="1"))),
        SnapshotCase("format-version-missing", _snapshot_json(lambda d: d.pop("format_version"))),
        SnapshotCase("org-missing", _snapshot_json(lambda d: d.pop("org"))),
        SnapshotCase("objects-missing", _snapshot_json(lambda d: d.pop("objects"))),
        SnapshotCase("components-missing", _snapshot_json(lambda d: d.pop("components"))),
        SnapshotCase("org-is-list", _snapshot_json(lambda d: d.update(org=[]))),
        SnapshotCase("objects-is-list", _snapshot_json(lambda d: d.update(objects=[]))),
        SnapshotCase("components-is-string", _snapshot_json(lambda d: d.update(components="x"))),
        SnapshotCase("unknown-top-key", _snapshot_json(lambda d: d.update(token="00Dx!secret"))),
        SnapshotCase("object-fields-null", _snapshot_json(lambda d: d["objects"][first_obj].update(fields=None))),
        SnapshotCase("api-version-number", _snapshot_json(lambda d: d["org"].update(api_version=63))),
        SnapshotCase("nan-literal", text.replace('"licenses": 250', '"licenses": NaN', 1).encode()),
        SnapshotCase("huge-number", text.replace('"licenses": 250', '"licenses": 1e999', 1).encode()),
    ]
    return cases
