"""StrEnum reads as its value on every supported Python: str(), f-strings, format specs, Jinja."""

from __future__ import annotations

import jinja2

from sfspec.enums import StrEnum


class Colour(StrEnum):
    RED = "red"


def test_a_member_renders_as_its_value() -> None:
    assert str(Colour.RED) == f"{Colour.RED}" == "red"
    assert f"[{Colour.RED:>5}]" == "[  red]"
    assert "{}".format(Colour.RED) == "red"  # noqa: UP032 (str.format, as a library would call it)
    assert jinja2.Template("{{ c }} {{ c | upper }}").render(c=Colour.RED) == "red RED"
    assert repr(Colour.RED) == f"{Colour.RED!r}" == "'red'"  # messages quote it like the text it was read from


def test_a_member_equals_and_hashes_as_its_value() -> None:
    assert Colour.RED == "red" and hash(Colour.RED) == hash("red")
    assert Colour("red") is Colour.RED
