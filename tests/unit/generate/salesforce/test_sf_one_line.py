"""emit.one_line: the text a -meta.xml carries, on one line and within Salesforce's limit."""

from __future__ import annotations

from sfspec.generate.salesforce.emit import managed_description, one_line


def test_whitespace_is_collapsed_and_long_text_cut() -> None:
    assert one_line("  Order\n  total\t(net) ", 40) == "Order total (net)"
    assert one_line("word " * 20, 20) == "word word word wo..."
    assert len(one_line("x" * 300, 255)) == 255


def test_text_already_on_one_line_is_the_spec_string_itself() -> None:
    """Memory (issue 16): a label the spec wrote on one line is held once, not beside an equal copy."""
    label = "".join(["Order ", "total"])  # built at run time: not a constant the compiler shares
    assert one_line(label, 40) is label
    assert one_line(label + " ", 40) == label and one_line(label + " ", 40) is not label + " "


def test_managed_description_keeps_the_marker_when_cut() -> None:
    text = managed_description("why " * 400, limit=255)
    assert text.startswith("Managed by sfspec. ") and text.endswith("...") and len(text) == 255
