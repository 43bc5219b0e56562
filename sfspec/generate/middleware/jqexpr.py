"""The jq programs the Camel routes run (Camel's `jq` language is jackson-jq).

Only a small jq subset is used, one that jackson-jq and jq 1.6+ both implement: `as` bindings,
`def`, `if/elif/else`, `//`, `select`, `has`, `getpath`, `length`, `type`, `tostring`, `tonumber`,
`ascii_downcase`/`ascii_upcase`, `sub`, `test`, `todate`, `join`, `range`, `floor`, `explode`,
`reverse`, `keys_unsorted`, `ltrimstr`, `startswith`, `split`, string slices and the `@csv`/`@html`
formats. The tests run every program with the real jq engine on sample payloads. `upper` and
`lower` change ASCII letters only: jq has no Unicode case mapping.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sfspec.generate.templates import xml_text
from sfspec.model.flows import Transform
from sfspec.model.objects import FieldType

Path = tuple[str, ...]


@dataclass(frozen=True)
class FieldMap:
    """One mapped field with everything a jq program needs to move its value."""

    field: str  # Salesforce field API name
    sf_path: Path  # where it sits on the Salesforce side (CDC compound path or (field,))
    remote: Path  # where it sits in the remote payload
    transform: Transform
    sf_type: FieldType | None  # None when the spec does not declare the field


def _str(text: str) -> str:
    """A jq string literal. `{`, `}` and `$` are written as \\u escapes: Camel resolves `{{…}}`
    property placeholders in expression text before jq sees it, so spec text must not form one."""
    return json.dumps(text).replace("{", "\\u007b").replace("}", "\\u007d").replace("$", "\\u0024")


def _getpath(path: Path) -> str:
    return "getpath([" + ", ".join(_str(p) for p in path) + "])"


def present(path: Path) -> str:
    """A predicate on an object: the path exists (a JSON null counts as present)."""
    head = f"has({_str(path[0])})"
    if len(path) == 1:
        return head
    return f'({head} and (.[{_str(path[0])}] | type == "object" and {present(path[1:])}))'


def transform(kind: Transform, sf_type: FieldType | None, outbound: bool) -> str:
    """Filter for one value; nulls pass through untouched.

    Outbound values come from CDC events, where Date is days since the epoch and DateTime is
    epoch milliseconds; inbound numbers for dates are taken as epoch milliseconds.
    """
    date_from_number = (
        "(. * 86400 | todate | .[0:10])"
        if outbound and sf_type is FieldType.Date
        else "(. / 1000 | floor | todate | .[0:10])"
    )
    body = {
        Transform.none: ".",
        Transform.trim: 'if type == "string" then sub("^\\\\s+"; "") | sub("\\\\s+$"; "") else . end',
        Transform.upper_case: 'if type == "string" then ascii_upcase else . end',
        Transform.lower_case: 'if type == "string" then ascii_downcase else . end',
        Transform.to_string: "tostring",
        Transform.to_number: 'if type == "string" then tonumber else . end',
        Transform.to_boolean: (
            'if type == "boolean" then . elif type == "number" then . != 0 '
            'elif type == "string" then (ascii_downcase | . == "true" or . == "1" or . == "yes") else . end'
        ),
        Transform.date_iso: (
            f'if type == "string" then .[0:10] elif type == "number" then {date_from_number} else . end'
        ),
        Transform.datetime_iso: 'if type == "number" then (. / 1000 | floor | todate) else . end',
    }[kind]
    if body == ".":
        return "."
    return f"if . == null then null else ({body}) end"


# Pub/Sub delivers the ChangeEventHeader's changedFields, nulledFields and diffFields as bitmaps
# (Salesforce, Pub/Sub API "Event Deserialization Considerations"): ["0x650004E0", "4-0x10"], where bit
# i of the first hex string is the field at position i of the event's Avro schema, and "P-0xNN" gives
# the nested fields of the compound field at position P. Camel's JSON deserialization writes every
# schema field, null or not, in schema order (Avro's JsonEncoder), so position i is the event's i-th
# key, and the nested positions are the keys of that compound object. A string that is not a bitmap
# is taken as a field name (the CometD shape). A compound field whose parts are not in the event
# stands for all of them.
BITMAP_DEFS = "\n".join(
    [
        'def sfspec_bits: ltrimstr("0x") | explode | reverse | . as $h',
        "  | [range(0; length) as $k",
        "     | ($h[$k] | if . >= 97 then . - 87 elif . >= 65 then . - 55 else . - 48 end) as $d",
        "     | range(0; 4) as $j | select((($d / [1, 2, 4, 8][$j]) | floor) % 2 == 1) | 4 * $k + $j];",
        "def sfspec_names($e): ($e | keys_unsorted) as $top",
        "  | [.[]? | tostring",
        '     | if test("^0x[0-9A-Fa-f]*$") then (sfspec_bits[] | $top[.] // empty)',
        '       elif test("^[0-9]+-0x[0-9A-Fa-f]*$") then split("-") as $p',
        "         | ($top[$p[0] | tonumber] // empty) as $parent",
        '         | if ($e[$parent] | type) == "object"',
        "           then ($e[$parent] | keys_unsorted) as $sub",
        '             | ($p[1] | sfspec_bits[] | $sub[.] // empty | $parent + "." + .)',
        "           else $parent end",
        "       else . end];",
    ]
)


def decoded(header_field: str) -> str:
    """The field names in a bitmap field of the ChangeEventHeader; needs `$e` (the event) bound."""
    return f"(($e.ChangeEventHeader.{header_field} // []) | sfspec_names($e))"


def covers(names: str, dotted: str) -> str:
    """Predicate: the list `names` holds the field `dotted` (`Name.FirstName`), or its whole compound."""
    field = _str(dotted)
    return f'([{names}[] as $c | select($c == {field} or ({field} | startswith($c + ".")))] | length) > 0'


def outbound_payload(fields: Sequence[FieldMap]) -> str:
    """CDC event → remote payload. UPDATE events carry only changed fields: a field is sent when
    the event has a value for it, sent as null when nulledFields lists it, and left out
    otherwise (so the target keeps its value)."""
    return BITMAP_DEFS + "\n" + _outbound_body(fields)


def _outbound_body(fields: Sequence[FieldMap]) -> str:
    lines = [". as $e", f"| {decoded('nulledFields')} as $nulled", "| {}"]
    for f in fields:
        target = "." + ".".join(_str(p) for p in f.remote)
        value = f"$e | {_getpath(f.sf_path)}"
        lines.append(
            f"| if ({value}) != null then {target} = ({value} | {transform(f.transform, f.sf_type, True)})"
            f" elif {covers('$nulled', '.'.join(f.sf_path))} then {target} = null else . end"
        )
    return "\n".join(lines)


def keep_event(change_types: Sequence[str], watched: Sequence[str]) -> str:
    """Predicate over a change event: not an echo of sfspec's own writes, a change type the flow
    triggers on, and (for UPDATE) a change to one of the watched fields.

    Echoes are recognised by the committing user (the integration user) or by the
    `client=sfspec` call option the inbound routes send (changeOrigin)."""
    types = "[" + ", ".join(_str(t) for t in change_types) + "]"
    fields = "[" + ", ".join(_str(w) for w in watched) + "]"
    return "\n".join(
        [
            BITMAP_DEFS,
            ". as $e",
            "| .ChangeEventHeader as $h",
            '| ($h.commitUser // "") as $user',
            '| ($h.changeOrigin // "") as $origin',
            f"| {types} as $types",
            f"| {fields} as $watched",
            f"| {decoded('changedFields')} as $changed",
            '| ($user != "{{sfspec.integrationUserId}}")',
            '  and ($origin | test("client=sfspec") | not)',
            "  and ([$types[] | select(. == $h.changeType)] | length) > 0",
            '  and ($h.changeType != "UPDATE" or ($watched | length) == 0',
            '    or ([$watched[] as $w | $changed[] as $c | select($c == $w or ($w | startswith($c + ".")))]'
            " | length) > 0)",
        ]
    )


def read_record(mapped: Sequence[str]) -> str:
    """Predicate over a change event: its values cannot be sent as they are, so the route reads the
    record. Gap events carry no values; a mapped field in diffFields carries a diff of a long text,
    not the text."""
    diff = " or ".join(covers("$diff", m) for m in mapped) or "false"
    return "\n".join(
        [
            BITMAP_DEFS,
            ". as $e",
            f"| {decoded('diffFields')} as $diff",
            '| (.ChangeEventHeader.changeType | test("^GAP_")) or ' + diff,
        ]
    )


def inbound_record(fields: Sequence[FieldMap], sobject: str | None = None) -> str:
    """Remote payload → Salesforce record. A remote value that is absent leaves the field out
    (no accidental clearing); an explicit null clears it. With `sobject`, the record carries
    the `attributes.type` that composite collections need."""
    lines = [". as $r", "| {}"]
    if sobject:
        lines.append(f'| .attributes = {{"type": {_str(sobject)}}}')
    for f in fields:
        lines.append(
            f'| if ($r | type == "object" and {present(f.remote)})'
            f" then .[{_str(f.field)}] = ($r | {_getpath(f.remote)} | {transform(f.transform, f.sf_type, False)})"
            " else . end"
        )
    return "\n".join(lines)


def records_array(fields: Sequence[FieldMap], sobject: str) -> str:
    """A remote array (or {records: [...]}) → array of Salesforce records for composite collections."""
    record = inbound_record(fields, sobject).replace("\n", " ")
    return f'(if type == "array" then . else (.records // []) end) | [ .[] | ({record}) ]'


def bulk_csv(fields: Sequence[FieldMap]) -> str:
    """A remote array (or {records: [...]}) → Bulk API 2.0 CSV: a header of field names, one
    line per record, LF line endings. Missing values are empty cells (Bulk leaves them as is)."""
    header = "[" + ", ".join(_str(f.field) for f in fields) + "] | @csv"
    cells = ", ".join(
        f'(. as $r | if (type == "object" and {present(f.remote)}) then ($r | {_getpath(f.remote)} | '
        f"{transform(f.transform, f.sf_type, False)}) else null end)"
        for f in fields
    )
    return "\n".join(
        [
            '(if type == "array" then . else (.records // []) end) as $rows',
            f"| [ ({header}), ($rows[] | [ {cells} ] | @csv) ]",
            '| join("\\n") + "\\n"',
        ]
    )


def soap_envelope(fields: Sequence[FieldMap], operation: str, namespace: str) -> str:
    """CDC event → SOAP 1.1 envelope text; values are XML-escaped with @html (& < > ' ")."""
    payload = _outbound_body(fields)
    head = (
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"'
        f' xmlns:ns="{xml_text(namespace)}"><soapenv:Body><ns:{operation}>'
    )
    tail = f"</ns:{operation}></soapenv:Body></soapenv:Envelope>"
    return "\n".join(
        [
            BITMAP_DEFS,
            f"({payload})",
            '| def xml: to_entries | map("<" + .key + ">" + (if (.value | type) == "object" then (.value | xml)'
            ' elif .value == null then "" else (.value | tostring | @html) end) + "</" + .key + ">") | join("");',
            f"{_str(head)} + xml + {_str(tail)}",
        ]
    )
