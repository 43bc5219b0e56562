"""guards.flow_depth_exceeded skips quoted and plain scalars with regular expressions; it must
answer exactly as the plain character-by-character walk below (its first version, kept here as
the reference) on YAML-like text full of quotes, comments, block scalars and brackets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sfspec.load.guards import MAX_FLOW_DEPTH, flow_depth_exceeded


def _skip_quoted(text: str, i: int) -> int:
    quote, j, n = text[i], i + 1, len(text)
    while j < n:
        c = text[j]
        if quote == '"' and c == "\\":
            j += 2
            continue
        if c == quote:
            if quote == "'" and j + 1 < n and text[j + 1] == "'":
                j += 2
                continue
            return j + 1
        j += 1
    return n


def reference(text: str, limit: int) -> int | None:
    depth, i, n = 0, 0, len(text)
    prev = "\n"
    indent, block_indent = 0, -1
    while i < n:
        c = text[i]
        if c == "\n":
            j = i + 1
            while j < n and text[j] == " ":
                j += 1
            indent, prev = j - i - 1, "\n"
            if block_indent >= 0 and (j >= n or text[j] == "\n" or indent > block_indent):
                end = text.find("\n", j)
                i = n if end < 0 else end
                continue
            block_indent = -1
            i = j
            continue
        if c in " \t\r":
            i += 1
            continue
        if c == "#" and (i == 0 or text[i - 1] in " \t\n"):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c in "'\"" and prev in "\n:-[{,?":
            i, prev = _skip_quoted(text, i), c
            continue
        if depth == 0 and c not in "[{]}'\"|>-?:":
            j = i
            while (
                j < n
                and text[j] != "\n"
                and not (text[j] == ":" and (j + 1 >= n or text[j + 1] in " \n"))
                and not (text[j] == "#" and text[j - 1] in " \t")
            ):
                j += 1
            i, prev = j, "a"
            continue
        if c in "[{" and (depth > 0 or prev in "\n:-[{,?"):
            depth += 1
            if depth > limit:
                return i
        elif c in "]}" and depth > 0:
            depth -= 1
        elif c in "|>" and depth == 0 and prev in ":-":
            block_indent = indent
        prev = c
        i += 1
    return None


# Pieces of YAML that move the walk's state: brackets, quotes (closed, escaped, left open), comments,
# `: ` and `-`, block scalar indicators, indentation, plain text.
_PIECES = st.sampled_from(
    ["[", "]", "{", "}", "'", "''", '"', '\\"', "\\", "#", " #", ": ", ":", "- ", "|", ">", "\n", "\n  ", "\n    ",
     " ", "\t", "\r", "a", "key", ",", "?", "x#y", "[[", "]]"]
)  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(_PIECES, max_size=60), st.integers(0, 4))
def test_answers_as_the_character_walk(pieces: list[str], limit: int) -> None:
    text = "".join(pieces)
    assert flow_depth_exceeded(text, limit) == reference(text, limit)


def test_deep_nesting_is_found_where_it_starts() -> None:
    text = "sfspec: 1\nx: " + "[" * (MAX_FLOW_DEPTH + 1) + "]" * (MAX_FLOW_DEPTH + 1) + "\n"
    assert flow_depth_exceeded(text, MAX_FLOW_DEPTH) == text.index("[") + MAX_FLOW_DEPTH


def test_brackets_inside_text_do_not_count() -> None:
    opened = "[" * (MAX_FLOW_DEPTH + 1)
    for text in (f"a: '{opened}'\n", f'a: "{opened}"\n', f"a: b {opened}\n", f"# {opened}\n", f"a: |\n  {opened}\n"):
        assert flow_depth_exceeded(text, MAX_FLOW_DEPTH) is None, text
