"""JSON inputs (snapshots, plans) are parsed within limits; every refusal is positioned."""

from __future__ import annotations

import json

import pytest

from sfspec import safejson


def test_ordinary_json_parses_as_json_does():
    text = '{"a": [1, -2, 3.5, "x[{", {"b": null, "c": true}], "d": "\\"]"}'
    assert safejson.loads(text) == json.loads(text)


def test_depth_counts_brackets_outside_strings_only():
    assert safejson.too_deep('"' + "[" * 500 + '"') is None
    assert safejson.too_deep("[" * 100 + "]" * 100) is None
    assert safejson.too_deep("[" * 101 + "]" * 101) == 100


@pytest.mark.parametrize(
    "text, where, message",
    [
        ("[" * 200_000 + "]" * 200_000, (1, 101), "nested more than 100"),
        ("[" * 101 + "]" * 101, (1, 101), "nested more than 100"),  # json parses it: refused after
        ('{"a": ' * 60 + '[{"b": ' * 30 + "1" + "}]" * 30 + "}" * 60, (1, 501), "nested more than 100"),
        ("[" * 150 + "1" * 30 + "]" * 150, (1, 101), "nested more than 100"),  # the nesting, before the number
        ('{\n  "n": ' + "1" * 4301 + "}", (2, 8), "more than 19 digits"),
        ('{"s": "123", "n": -' + "1" * 20 + "}", (1, 19), "more than 19 digits"),
        ('{"n": 1e400}', (1, 7), "out of range"),
        ('{"n": -Infinity}', (1, 7), "-Infinity is not a JSON number"),
    ],
)
def test_limits_are_positioned_decode_errors(text, where, message):
    with pytest.raises(json.JSONDecodeError, match=message) as err:
        safejson.loads(text)
    assert (err.value.lineno, err.value.colno) == where


def test_exactly_the_limit_is_accepted_in_any_mix_of_containers():
    text = '{"a": ' * 50 + '[{"b": ' * 25 + "[]" + "}]" * 25 + "}" * 50  # 101 levels counting the [] leaf
    assert safejson.nests_deeper(json.loads(text)) and not safejson.nests_deeper(json.loads(text), 101)
    shallower = '{"a": ' * 50 + '[{"b": ' * 25 + "1" + "}]" * 25 + "}" * 50  # 100 levels
    assert safejson.loads(shallower) == json.loads(shallower)
    assert not safejson.nests_deeper(1) and not safejson.nests_deeper([]) and safejson.nests_deeper([[]], 1)


def test_the_largest_64_bit_integer_is_accepted():
    assert safejson.loads(str(2**63 - 1)) == 2**63 - 1
