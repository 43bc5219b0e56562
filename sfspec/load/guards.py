"""Hostile-input guards: limits checked before (and just after) a spec file is parsed, so a huge,
binary, alias-bombed or absurdly nested file is refused with a positioned SFS00x, never a hang or
a traceback.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostics, SourceRange

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_EXPANDED_NODES = 2_000_000
# ruamel's scanner is quadratic in the nesting depth of flow collections ([ ], { }): 20,000 `[`
# take minutes. No spec nests flow style anywhere near this deep.
MAX_FLOW_DEPTH = 100


def read_text(path: Path, shown: str, diags: Diagnostics) -> str | None:
    """Decode a spec file as UTF-8, reporting the position of the first bad byte."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            # Reading /dev/zero or a named pipe would never end.
            diags.error(
                Code.SFS007,
                "not a regular file (a device, pipe or socket)",
                SourceRange.at(shown, 1, 1),
                "pass a .yaml file or a folder of them",
            )
            return None
        size = st.st_size
        if size > MAX_FILE_BYTES:
            diags.error(
                Code.SFS005,
                f"file is {size / 1048576:.1f} MiB, larger than the {MAX_FILE_BYTES // 1048576} MiB limit",
                SourceRange.at(shown, 1, 1),
                "split the spec into a folder of smaller files",
            )
            return None
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)  # bounded: the file may grow after stat()
    except OSError as exc:
        diags.error(Code.SFS007, f"cannot read file: {exc.strerror or exc}", SourceRange.at(shown, 1, 1))
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        diags.error(Code.SFS002, "file is UTF-16 encoded", SourceRange.at(shown, 1, 1), "save it as UTF-8")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        diags.error(
            Code.SFS002,
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            SourceRange.at(shown, line, col),
            "save the file as UTF-8",
        )
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        diags.error(
            Code.SFS002, "file contains NUL characters", SourceRange.at(shown, line, 1), "is this a binary file?"
        )
        return None
    return text


def expanded_size(node: Any, limit: int = MAX_EXPANDED_NODES) -> int:
    """Node count with aliases expanded (memoised, so an alias bomb is measured, not expanded)."""
    memo: dict[int, int] = {}
    active: set[int] = set()

    def size(n: Any, depth: int) -> int:
        if not isinstance(n, (dict, list)):
            return 1
        key = id(n)
        if key in memo:
            return memo[key]
        if key in active or depth > 200:
            return limit + 1  # a recursive alias or absurd nesting: treat as unbounded
        active.add(key)
        children = n.values() if isinstance(n, dict) else n
        total = 1
        for child in children:
            total += size(child, depth + 1)
            if total > limit:
                break
        active.discard(key)
        memo[key] = total
        return total

    return size(node, 0)


_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")


def _surrogate_escape(text: str, data: Any) -> tuple[int, int] | None:
    """Line and column of a `"\\ud800"` escape that really produced a lone surrogate, else None.

    Such a string breaks every later write (fmt, generated files) with an encoding error."""
    match = _SURROGATE_ESCAPE.search(text)
    if match is None:
        return None
    stack, seen = [data], set()
    while stack:
        node = stack.pop()
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.extend(node.items() if isinstance(node, dict) else node)
        elif isinstance(node, tuple):
            stack.extend(node)
        elif isinstance(node, str):
            try:
                node.encode("utf-8")
            except UnicodeEncodeError:
                start = match.start()
                return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1
    return None


# The runs `flow_depth_exceeded` skips, matched in C rather than walked character by character
# (the walk was a tenth of a small plan): a quoted scalar's body up to its closing quote ('' escapes
# a single quote, \\ any character in a double-quoted one), a plain scalar up to `: `, ` #` or the
# line's end, a line's indentation.
_SINGLE_QUOTED_BODY = re.compile(r"(?:[^']|'')*")
_DOUBLE_QUOTED_BODY = re.compile(r'(?:[^"\\]|\\.)*', re.DOTALL)
_PLAIN_SCALAR_END = re.compile(r"\n|:(?=[ \n])|:\Z|(?<=[ \t])#")
_INDENT = re.compile(" *")
_FLOW_TEXT = re.compile(r"[^\n \t\r#'\"\[\]{}]+")  # inside [ ] or { }: characters that only move `prev`


def _run_end(run: re.Pattern[str], text: str, start: int) -> int:
    found = run.match(text, start)
    return found.end() if found else start  # the runs above match the empty string: never None


def _skip_quoted(text: str, i: int) -> int:
    """Index after the quoted scalar starting at text[i], or len(text) when it is not closed."""
    body = _SINGLE_QUOTED_BODY if text[i] == "'" else _DOUBLE_QUOTED_BODY
    return min(_run_end(body, text, i + 1) + 1, len(text))


def flow_depth_exceeded(text: str, limit: int) -> int | None:
    """Offset of the first `[`/`{` nested deeper than `limit`, else None. One linear pass that
    knows just enough YAML (comments, quoted scalars, block scalar bodies) not to count brackets
    inside text; a plain scalar continued on a line starting with `[` may over-count, harmlessly."""
    if text.count("[") + text.count("{") <= limit:
        return None  # not enough brackets to nest that deep, wherever they are
    depth, i, n = 0, 0, len(text)
    prev = "\n"  # the previous significant character on this line; "\n" at a line start
    indent, block_indent = 0, -1  # block_indent >= 0: inside a `|`/`>` body more indented than it
    while i < n:
        c = text[i]
        if c == "\n":
            j = _run_end(_INDENT, text, i + 1)
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
            # A plain scalar in block context (a key or a value): brackets in it are text. It
            # ends at a `: ` (the value follows), a ` #` comment or the end of the line.
            end_of_scalar = _PLAIN_SCALAR_END.search(text, i)
            i, prev = (n if end_of_scalar is None else end_of_scalar.start()), "a"
            continue
        if depth > 0 and c not in "#'\"[]{}":
            i = _run_end(_FLOW_TEXT, text, i)
            prev = text[i - 1]
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


def _non_text_key(data: Any) -> tuple[Any, int, int] | None:
    """The first mapping key that YAML typed as null, a number, a bool or a tuple, with its position.

    Every key of the spec language is a name; `null:` would otherwise become an object named "None"."""
    stack, seen = [data], set()
    while stack:
        node = stack.pop()
        if not isinstance(node, (dict, list)) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            for key in node:
                if not isinstance(key, str):
                    lines = getattr(node, "lc", None)  # ruamel's line/column record, on every loaded mapping
                    where = (lines.data or {}).get(key) if lines is not None else None
                    line, col = (where[0] + 1, where[1] + 1) if where else (1, 1)
                    return key, line, col
            stack.extend(node.values())
        else:
            stack.extend(node)
    return None


def text_is_safe(text: str, shown: str, diags: Diagnostics) -> bool:
    """Before parsing: the file holds a document, and no flow collection the parser would choke on."""
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        diags.error(Code.SFS006, "file is empty", SourceRange.at(shown, 1, 1), "start with `sfspec: 1`")
        return False
    too_deep = flow_depth_exceeded(text, MAX_FLOW_DEPTH)
    if too_deep is not None:
        line = text.count("\n", 0, too_deep) + 1
        col = too_deep - (text.rfind("\n", 0, too_deep) + 1) + 1
        diags.error(
            Code.SFS005,
            f"flow collections ([ ], {{ }}) are nested more than {MAX_FLOW_DEPTH} deep",
            SourceRange.at(shown, line, col),
            "flatten the structure",
        )
        return False
    return True


def tree_is_safe(data: Any, text: str, shown: str, diags: Diagnostics) -> bool:
    """After parsing: no alias bomb, every key is text, no string a UTF-8 write would fail on."""
    if expanded_size(data) > MAX_EXPANDED_NODES:
        diags.error(
            Code.SFS005,
            f"document expands to more than {MAX_EXPANDED_NODES:,} nodes (anchors and aliases)",
            SourceRange.at(shown, 1, 1),
            "write the values out instead of nesting aliases",
        )
        return False
    odd_key = _non_text_key(data)
    if odd_key is not None:
        key, line, col = odd_key
        diags.error(
            Code.SFS015,
            f"key {key!r} is not text (YAML read it as {type(key).__name__})",
            SourceRange.at(shown, line, col),
            "names start with a letter; quote the key if it is meant",
        )
        return False
    surrogate = _surrogate_escape(text, data)
    if surrogate is not None:
        diags.error(
            Code.SFS002,
            "a \\u escape names half of a UTF-16 surrogate pair, which UTF-8 cannot hold",
            SourceRange.at(shown, *surrogate),
            "write the character itself; the file is UTF-8",
        )
        return False
    return True
