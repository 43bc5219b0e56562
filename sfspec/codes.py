"""Every diagnostic code sfspec can emit, declared once: its severity, the stage that reports it and
a one-line summary.

A Diagnostic refuses a code that is not declared here, so `sfspec rules` (which lists this table)
explains every code a user can meet. A semantic rule's longer explanation is its check's docstring
(sfspec/rules/); its summary line is here.
"""

from __future__ import annotations

from enum import Enum

from sfspec.enums import StrEnum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Stage(str, Enum):
    """Which part of sfspec reports a code; `sfspec rules` and docs/rules.md group codes by it."""

    LOAD = "load"
    SCHEMA = "schema"
    MODEL = "model"
    ENVIRONMENT = "environment"
    RULES = "rules"
    PLAN = "plan"
    DRIFT = "drift"
    LIMITS = "limits"
    GENERATE = "generate"
    OUTPUT = "output"


class UndeclaredCode(ValueError):
    """A code sfspec does not declare, or declares with another severity: a bug in sfspec."""


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO


class Code(StrEnum):
    """Every code, as a member named and valued by its id (`Code.SFS030` is the str "SFS030"), with
    its severity, stage and summary. Call sites name a member, so mypy refuses a code that is not
    declared here (tests/unit/test_codes.py refuses a bare "SFSnnn" string in sfspec/)."""

    severity: Severity
    stage: Stage
    summary: str

    def __new__(cls, id_: str, severity: Severity, stage: Stage, summary: str) -> Code:
        member = str.__new__(cls, id_)
        member._value_ = id_
        member.severity = severity
        member.stage = stage
        member.summary = summary
        return member

    @property
    def id(self) -> str:
        return str(self.value)

    SFS001 = ("SFS001", _E, Stage.LOAD, "YAML syntax error (including tab indentation).")
    SFS002 = ("SFS002", _E, Stage.LOAD, "The file is not UTF-8 (non-UTF-8 bytes, UTF-16, NUL characters).")
    SFS003 = ("SFS003", _E, Stage.LOAD, "Duplicate key in one mapping; only the key is named, never the values.")
    SFS004 = ("SFS004", _E, Stage.LOAD, "The document is a list or a single value instead of a mapping of sections.")
    SFS005 = (
        "SFS005",
        _E,
        Stage.LOAD,
        "Too large: a file over 8 MiB, anchors and aliases that expand past 2,000,000 nodes, or absurd nesting.",
    )
    SFS006 = ("SFS006", _E, Stage.LOAD, "The file is empty (or holds only comments).")
    SFS007 = (
        "SFS007",
        _E,
        Stage.LOAD,
        "The spec path is missing or unreadable, a folder holds no or too many spec files, or a link leaves it.",
    )
    SFS010 = ("SFS010", _E, Stage.SCHEMA, "Unknown key, with a did-you-mean hint.")
    SFS011 = ("SFS011", _E, Stage.SCHEMA, "Wrong type (for example a list where a mapping is expected).")
    SFS012 = ("SFS012", _E, Stage.SCHEMA, "Missing required key.")
    SFS013 = (
        "SFS013",
        _E,
        Stage.SCHEMA,
        "Value not allowed: bad enum value (with did-you-mean), pattern, range or format.",
    )
    SFS014 = (
        "SFS014",
        _E,
        Stage.LOAD,
        "A folder spec defines the same entry (or a non-mergeable section) in two files.",
    )
    SFS015 = (
        "SFS015",
        _E,
        Stage.SCHEMA,
        "Invalid name: not a Salesforce API name / system / flow name, or a path such as `../x`.",
    )
    SFS016 = ("SFS016", _E, Stage.MODEL, "The typed model refused a value the schema let through.")
    SFS017 = ("SFS017", _E, Stage.ENVIRONMENT, "Unknown environment passed with `-e`.")
    SFS030 = ("SFS030", _E, Stage.PLAN, "No org to plan against (no `--org` and the environment names none).")
    SFS031 = ("SFS031", _W, Stage.DRIFT, "A drift waiver has expired.")
    SFS032 = ("SFS032", _W, Stage.DRIFT, "A drift waiver names a component this spec does not manage.")
    SFS033 = (
        "SFS033",
        _E,
        Stage.PLAN,
        "The spec adds fields or lookups to an object that the org lacks and the spec does not create.",
    )
    SFS034 = (
        "SFS034",
        _W,
        Stage.PLAN,
        "A live deploy sfspec stopped following (Ctrl-C, --wait, lost session) may still change the org.",
    )
    SFS040 = ("SFS040", _E, Stage.PLAN, "`sfspec adopt`: the object or field does not exist in the org.")
    SFS041 = ("SFS041", _W, Stage.PLAN, "`sfspec adopt`: the component is managed by sfspec already; nothing to adopt.")
    SFS042 = (
        "SFS042",
        _E,
        Stage.PLAN,
        "`sfspec adopt`: the field cannot be expressed in the spec; declare it by hand.",
    )
    SFS043 = ("SFS043", _E, Stage.PLAN, "`sfspec adopt`: not an object (`Obj__c`) or field (`Obj__c.Field__c`) name.")
    SFS101 = ("SFS101", _E, Stage.RULES, "A reference names a system that is not declared under `systems:`.")
    SFS102 = ("SFS102", _E, Stage.RULES, "A reference names an object that is not declared under `objects:`.")
    SFS103 = ("SFS103", _E, Stage.RULES, "A reference names a field that is not declared on its object.")
    SFS104 = ("SFS104", _E, Stage.RULES, "Exactly one system has `kind: salesforce`.")
    SFS105 = (
        "SFS105",
        _E,
        Stage.RULES,
        "A flow sends a field whose source of truth is neither the flow's source nor its target.",
    )
    SFS106 = ("SFS106", _E, Stage.RULES, "A field travels in a cycle of flows but is not declared bidirectional.")
    SFS107 = ("SFS107", _E, Stage.RULES, "A flow into Salesforce has no external-ID field for its source system.")
    SFS108 = ("SFS108", _E, Stage.RULES, "Realtime flows would use more than the org's daily Salesforce allowance.")
    SFS109 = (
        "SFS109",
        _E,
        Stage.SCHEMA,
        "A literal value where a secret reference (`secret:NAME` / `env:NAME`) is required; the value is never echoed.",
    )
    SFS110 = ("SFS110", _E, Stage.RULES, "An endpoint (`base_url`, `auth.token_url`) does not use https.")
    SFS111 = ("SFS111", _E, Stage.RULES, "A mapping sends a field the source does not own to the system that owns it.")
    SFS112 = (
        "SFS112",
        _E,
        Stage.RULES,
        "`transport: streaming` needs `event`, and `event` needs `transport: streaming`.",
    )
    SFS113 = ("SFS113", _E, Stage.RULES, "A bidirectional flow or field has no `conflict` policy.")
    SFS114 = (
        "SFS114",
        _E,
        Stage.RULES,
        "`timing: scheduled` needs a valid cron `schedule`; other timings must not have one.",
    )
    SFS115 = ("SFS115", _E, Stage.RULES, "A flow's source and target are the same system.")
    SFS116 = ("SFS116", _E, Stage.RULES, "`via` must name a middleware system with an `engine` that fits the flow.")
    SFS117 = ("SFS117", _E, Stage.RULES, "A flow names exactly one of `object` and `objects`.")
    SFS118 = (
        "SFS118",
        _E,
        Stage.RULES,
        "An `auth` block lacks a part its protocol needs, or has parts of another protocol.",
    )
    SFS119 = ("SFS119", _E, Stage.RULES, "A field's attributes do not fit its type.")
    SFS120 = ("SFS120", _W, Stage.RULES, "The transport does not suit the flow's declared volume (a warning).")
    SFS121 = (
        "SFS121",
        _W,
        Stage.RULES,
        "An environment's `mock:` or `source:` path leaves the spec's folder (a warning).",
    )
    SFS122 = ("SFS122", _E, Stage.RULES, "A value or comment contains what looks like a literal secret.")
    SFS123 = ("SFS123", _E, Stage.RULES, "An environment overrides a flow that is not declared under `flows:`.")
    SFS124 = (
        "SFS124",
        _E,
        Stage.RULES,
        "`trigger` belongs to flows out of Salesforce, `receive` to flows through middleware.",
    )
    SFS125 = ("SFS125", _E, Stage.RULES, "A flow calls a system from Apex, but that system has no `base_url`.")
    SFS126 = ("SFS126", _E, Stage.RULES, "`salesforce.api_version` is older than the generated source needs (57.0).")
    SFS127 = ("SFS127", _E, Stage.RULES, "Change Data Capture on an object that has no change event.")
    SFS128 = ("SFS128", _E, Stage.RULES, "A flow writes a field Salesforce computes or sets itself (read-only).")
    SFS129 = (
        "SFS129",
        _E,
        Stage.RULES,
        "Two names differ only in case, or a spec name takes the name of a component sfspec generates.",
    )
    SFS130 = ("SFS130", _E, Stage.RULES, "An object or field name is longer than Salesforce allows (40 before `__c`).")
    SFS131 = (
        "SFS131",
        _E,
        Stage.RULES,
        "A master-detail relationship Salesforce refuses: to itself, a cycle, too many.",
    )
    SFS132 = ("SFS132", _E, Stage.RULES, "An upsert into Salesforce matches on an external ID that no flow fills.")
    SFS133 = ("SFS133", _E, Stage.RULES, "An inbound flow can create records without a field Salesforce requires.")
    SFS701 = ("SFS701", _W, Stage.LIMITS, "A Salesforce allocation is estimated at 80 % or more of its limit.")
    SFS702 = ("SFS702", _E, Stage.LIMITS, "A Salesforce allocation is estimated at 100 % or more of its limit.")
    SFS703 = (
        "SFS703",
        _I,
        Stage.LIMITS,
        "The transport a flow's volume calls for "
        "(Bulk for large loads, streaming for frequent changes, REST collections for small batches).",
    )
    SFS900 = ("SFS900", _E, Stage.GENERATE, "Two generators wrote different content to one file: a bug in sfspec.")
    SFS901 = ("SFS901", _E, Stage.OUTPUT, "A generated file's path would leave the output folder: a bug in sfspec.")
    SFS902 = (
        "SFS902",
        _E,
        Stage.OUTPUT,
        "The output folder exists and was not written by sfspec; it is never replaced.",
    )


CODES: dict[str, Code] = {code.value: code for code in Code}
"""Every declared code by its id, in code order."""


def declared(code: Code | str, severity: Severity | None = None) -> Code:
    """The declared Code for `code`; UndeclaredCode when sfspec does not declare it (or declares it
    with another severity than `severity`)."""
    found = CODES.get(str(code))
    if found is None:
        raise UndeclaredCode(f"{code!s} is not declared in sfspec/codes.py")
    if severity is not None and severity is not found.severity:
        raise UndeclaredCode(f"{found.id} is declared as {found.severity.value}, reported as {severity.value}")
    return found
