"""Enough SOQL for the queries sfspec (and simple clients) send to the fake server.

SELECT f1, Rel.f2 FROM T [WHERE cond] [ORDER BY f [ASC|DESC]] [LIMIT n], where cond combines
`f = v`, `f != v`, `f IN (...)`, `f NOT IN (...)`, `f LIKE 'p%'` with AND, OR, NOT and
parentheses; values are 'strings', numbers, true/false, null. Names are case-insensitive, as in
Salesforce. Anything else raises SoqlError, which the server returns as MALFORMED_QUERY.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_TOKEN = re.compile(
    r"""\s*(?:(?P<str>'(?:[^'\\]|\\.)*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<op>!=|<=|>=|=|<|>|\(|\)|,)|(?P<word>[A-Za-z_][A-Za-z0-9_.]*))"""
)

Row = Mapping[str, Any]


class SoqlError(ValueError):
    pass


@dataclass(frozen=True)
class Query:
    fields: list[str]
    table: str
    where: Callable[[Row], bool]
    order_by: str | None
    descending: bool
    limit: int | None


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise SoqlError(f"unexpected character at {pos}: {text[pos : pos + 10]!r}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def get(row: Row, path: str) -> Any:
    """Case-insensitive (dotted) field lookup."""
    value: Any = row
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        lowered = {k.lower(): v for k, v in value.items()}
        value = lowered.get(part.lower())
    return value


def _like(pattern: str) -> re.Pattern[str]:
    return re.compile(
        "^" + "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern) + "$",
        re.IGNORECASE | re.DOTALL,
    )


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.t = tokens
        self.i = 0

    def peek(self) -> tuple[str, str]:
        return self.t[self.i] if self.i < len(self.t) else ("end", "")

    def word(self, *expected: str) -> bool:
        kind, value = self.peek()
        if kind == "word" and value.upper() in expected:
            self.i += 1
            return True
        return False

    def need(self, value: str) -> None:
        _kind, got = self.peek()
        if got.upper() != value.upper():
            raise SoqlError(f"expected {value} but found {got or 'end of query'}")
        self.i += 1

    def name(self) -> str:
        kind, value = self.peek()
        if kind != "word":
            raise SoqlError(f"expected a field name but found {value or 'end of query'}")
        self.i += 1
        return value

    def value(self) -> Any:
        kind, value = self.peek()
        self.i += 1
        if kind == "str":
            return re.sub(r"\\(.)", r"\1", value[1:-1])
        if kind == "num":
            return float(value) if "." in value else int(value)
        if kind == "word" and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if kind == "word" and value.lower() == "null":
            return None
        raise SoqlError(f"expected a value but found {value or 'end of query'}")

    def condition(self) -> Callable[[Row], bool]:
        left = self.conjunction()
        while self.word("OR"):
            right = self.conjunction()
            left = (lambda a, b: lambda r: a(r) or b(r))(left, right)
        return left

    def conjunction(self) -> Callable[[Row], bool]:
        left = self.atom()
        while self.word("AND"):
            right = self.atom()
            left = (lambda a, b: lambda r: a(r) and b(r))(left, right)
        return left

    def atom(self) -> Callable[[Row], bool]:
        if self.word("NOT"):
            inner = self.atom()
            return lambda r: not inner(r)
        if self.peek()[1] == "(":
            self.i += 1
            inner = self.condition()
            self.need(")")
            return inner
        field = self.name()
        negate = self.word("NOT")
        if self.word("IN"):
            self.need("(")
            values = [self.value()]
            while self.peek()[1] == ",":
                self.i += 1
                values.append(self.value())
            self.need(")")
            lowered = {str(v).lower() if isinstance(v, str) else v for v in values}

            def member(r: Row) -> bool:
                v = get(r, field)
                return (v.lower() if isinstance(v, str) else v) in lowered

            return (lambda r: not member(r)) if negate else member
        if negate:
            raise SoqlError("NOT must be followed by IN here")
        if self.word("LIKE"):
            pattern = _like(str(self.value()))
            return lambda r: isinstance(get(r, field), str) and bool(pattern.match(get(r, field)))
        kind, op = self.peek()
        if kind != "op" or op in "(),":
            raise SoqlError(f"expected an operator after {field}")
        self.i += 1
        target = self.value()

        def compare(r: Row) -> bool:
            v = get(r, field)
            a = v.lower() if isinstance(v, str) else v
            b = target.lower() if isinstance(target, str) else target
            if op == "=":
                return a == b
            if op == "!=":
                return a != b
            if a is None or b is None:
                return False
            return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]

        return compare


def parse(text: str) -> Query:
    p = _Parser(_tokens(text))
    p.need("SELECT")
    fields = [p.name()]
    while p.peek()[1] == ",":
        p.i += 1
        fields.append(p.name())
    p.need("FROM")
    table = p.name()

    def where(r: Row) -> bool:
        return True

    if p.word("WHERE"):
        where = p.condition()
    order_by, descending, limit = None, False, None
    if p.word("ORDER"):
        p.need("BY")
        order_by = p.name()
        descending = p.word("DESC")
        p.word("ASC")
    if p.word("LIMIT"):
        limit = int(p.value())
    if p.peek()[0] != "end":
        raise SoqlError(f"unexpected {p.peek()[1]!r}")
    return Query(fields, table, where, order_by, descending, limit)


def run(query: Query, rows: list[Row]) -> list[dict[str, Any]]:
    """Matching rows, projected to the selected fields (relationships as nested records)."""
    matched = [r for r in rows if query.where(r)]
    if query.order_by:
        matched.sort(
            key=lambda r: (get(r, query.order_by) is None, str(get(r, query.order_by))), reverse=query.descending
        )
    if query.limit is not None:
        matched = matched[: query.limit]
    out = []
    for row in matched:
        record: dict[str, Any] = {"attributes": {"type": query.table}}
        for field in query.fields:
            parts = field.split(".")
            target = record
            for rel in parts[:-1]:
                target = target.setdefault(rel, {"attributes": {"type": rel}})
            target[parts[-1]] = get(row, field)
        out.append(record)
    return out
