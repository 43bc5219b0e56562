"""Stage 1: read spec files into one SpecDocument that remembers where every value came from.

A spec is one YAML file or a folder of them; top-level sections (systems, objects, flows, …) are
merged entry by entry, and every entry keeps the file and line it was written on. Nothing here
raises on bad input: problems come back as Diagnostics with a file:line:col.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from sfspec.diagnostics import Diagnostics, SourcePos, SourceRange

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_EXPANDED_NODES = 2_000_000
# ruamel's scanner is quadratic in the nesting depth of flow collections ([ ], { }): 20,000 `[`
# take minutes. No spec nests flow style anywhere near this deep.
MAX_FLOW_DEPTH = 100
SPEC_SUFFIXES = (".yaml", ".yml")
# Sections whose entries may be spread over several files of a folder spec.
MERGEABLE_SECTIONS = ("systems", "objects", "flows", "environments")
MERGEABLE_LISTS = ("waivers",)

JsonPath = Sequence[str | int]


class _NoCustomTags(RoundTripConstructor):
    """Refuse tags the spec language has no use for (`!custom`, `!!python/...`): round-trip
    mode would keep them as opaque tagged values that later stages would quietly stringify."""

    def construct_undefined(self, node: Any) -> Any:
        raise ConstructorError(None, None, f"the YAML tag {node.tag} is not supported", node.start_mark)


_NoCustomTags.add_constructor(None, _NoCustomTags.construct_undefined)


def new_yaml(*, preserve_quotes: bool = False) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _NoCustomTags
    yaml.allow_duplicate_keys = False
    yaml.preserve_quotes = preserve_quotes
    return yaml


@dataclass
class SourceFile:
    path: str
    text: str
    data: Any = None


@dataclass
class SpecDocument:
    """The merged spec, with a way back from any JSON path to the file, line and column."""

    root: CommentedMap
    files: list[SourceFile]
    origins: dict[int, str] = field(default_factory=dict)  # id(container) -> file
    key_origins: dict[tuple[int, Any], str] = field(default_factory=dict)  # merged entries

    @property
    def primary_path(self) -> str:
        return self.files[0].path if self.files else "<spec>"

    def locate(self, path: JsonPath, *, value: bool = False) -> SourceRange:
        """Position of the deepest node of `path` that exists (key position unless `value`)."""
        node: Any = self.root
        file = self.origins.get(id(self.root), self.primary_path)
        pos = SourcePos(1, 1)
        for step in path:
            found = _child_position(node, step, value)
            if found is None:
                break
            pos = SourcePos(found[0] + 1, found[1] + 1)
            file = self.key_origins.get((id(node), step), self.origins.get(id(node), file))
            node = node[step]
        return SourceRange(file, pos)

    def plain(self) -> dict[str, Any]:
        return to_plain(self.root)


def _child_position(node: Any, step: str | int, value: bool) -> tuple[int, int] | None:
    if isinstance(node, CommentedMap) and step in node:
        data = (node.lc.data or {}).get(step)
        if data is None:
            return None
        return (data[2], data[3]) if value and not isinstance(node[step], (dict, list)) else (data[0], data[1])
    if isinstance(node, CommentedSeq) and isinstance(step, int) and 0 <= step < len(node):
        data = (node.lc.data or {}).get(step)
        return (data[0], data[1]) if data else None
    return None


def to_plain(node: Any) -> Any:
    """ruamel's round-trip types → JSON-like Python (dict/list/str/int/float/bool/None)."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, (_dt.date, _dt.datetime)):
        return node.isoformat()
    if isinstance(node, str):
        return str(node)
    return str(node)


def spec_files(path: Path) -> list[Path]:
    if path.is_dir():
        # Not `is_file()`: a pipe, device or dangling link named *.yaml is reported, not skipped.
        return sorted(p for p in path.rglob("*") if p.suffix in SPEC_SUFFIXES and not p.is_dir())
    return [path]


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_text(path: Path, shown: str, diags: Diagnostics) -> str | None:
    """Decode a spec file as UTF-8, reporting the position of the first bad byte."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            # Reading /dev/zero or a named pipe would never end.
            diags.error(
                "SFS007",
                "not a regular file (a device, pipe or socket)",
                SourceRange.at(shown, 1, 1),
                "pass a .yaml file or a folder of them",
            )
            return None
        size = st.st_size
        if size > MAX_FILE_BYTES:
            diags.error(
                "SFS005",
                f"file is {size / 1048576:.1f} MiB, larger than the {MAX_FILE_BYTES // 1048576} MiB limit",
                SourceRange.at(shown, 1, 1),
                "split the spec into a folder of smaller files",
            )
            return None
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)  # bounded: the file may grow after stat()
    except OSError as exc:
        diags.error("SFS007", f"cannot read file: {exc.strerror or exc}", SourceRange.at(shown, 1, 1))
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        diags.error("SFS002", "file is UTF-16 encoded", SourceRange.at(shown, 1, 1), "save it as UTF-8")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        diags.error(
            "SFS002",
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            SourceRange.at(shown, line, col),
            "save the file as UTF-8",
        )
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        diags.error("SFS002", "file contains NUL characters", SourceRange.at(shown, line, 1), "is this a binary file?")
        return None
    return text


def parse_yaml(text: str, shown: str, diags: Diagnostics) -> Any:
    try:
        return new_yaml().load(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        code, hint = "SFS001", "fix the YAML syntax"
        if "duplicate key" in problem:
            # ruamel quotes both values in its message; they may be secrets, so name only the key.
            code, hint = "SFS003", "remove or rename one of the two keys"
            key = problem.split('"')[1] if problem.count('"') >= 2 else ""
            problem = f"duplicate key {key!r}" if key and len(key) <= 80 else "duplicate key"
        elif "'\\t'" in problem or "\t" in problem:
            hint = "indent with spaces; YAML does not allow tabs"
        diags.error(code, f"YAML: {problem}", SourceRange.at(shown, line, col), hint)
    except ReaderError as exc:
        # A character YAML forbids (control characters): the reader knows its offset, not its line.
        offset = exc.position if isinstance(exc.position, int) else 0
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        char = exc.character if isinstance(exc.character, int) else None
        what = f"character U+{char:04X}" if char is not None else "character"
        diags.error(
            "SFS001",
            f"YAML: {what} is not allowed in YAML text",
            SourceRange.at(shown, line, col),
            "remove it, or write it as an escape inside double quotes",
        )
    except RecursionError:
        diags.error("SFS005", "document is nested too deeply", SourceRange.at(shown, 1, 1), "flatten the structure")
    except (YAMLError, ValueError, TypeError) as exc:
        diags.error(
            "SFS001",
            f"YAML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
            SourceRange.at(shown, 1, 1),
            "fix the YAML syntax",
        )
    except Exception as exc:
        diags.error(
            "SFS001",
            f"YAML: the parser gave up ({type(exc).__name__})",
            SourceRange.at(shown, 1, 1),
            "fix the YAML syntax",
        )
    return None


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


def _record_origins(node: Any, file: str, origins: dict[int, str]) -> None:
    stack = [node]
    seen: set[int] = set()
    while stack:
        n = stack.pop()
        if not isinstance(n, (dict, list)) or id(n) in seen:
            continue
        seen.add(id(n))
        origins[id(n)] = file
        stack.extend(n.values() if isinstance(n, dict) else n)


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


def _skip_quoted(text: str, i: int) -> int:
    """Index after the quoted scalar starting at text[i] ('' escapes a single quote, \\ a double)."""
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


def flow_depth_exceeded(text: str, limit: int) -> int | None:
    """Offset of the first `[`/`{` nested deeper than `limit`, else None. One linear pass that
    knows just enough YAML (comments, quoted scalars, block scalar bodies) not to count brackets
    inside text; a plain scalar continued on a line starting with `[` may over-count, harmlessly."""
    depth, i, n = 0, 0, len(text)
    prev = "\n"  # the previous significant character on this line; "\n" at a line start
    indent, block_indent = 0, -1  # block_indent >= 0: inside a `|`/`>` body more indented than it
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
            # A plain scalar in block context (a key or a value): brackets in it are text. It
            # ends at a `: ` (the value follows), a ` #` comment or the end of the line.
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
                    where = (getattr(node, "lc", None) and (node.lc.data or {}).get(key)) or None
                    line, col = (where[0] + 1, where[1] + 1) if where else (1, 1)
                    return key, line, col
            stack.extend(node.values())
        else:
            stack.extend(node)
    return None


def load_file(path: Path, diags: Diagnostics) -> SourceFile | None:
    shown = display_path(path)
    text = read_text(path, shown, diags)
    if text is None:
        return None
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        diags.error("SFS006", "file is empty", SourceRange.at(shown, 1, 1), "start with `sfspec: 1`")
        return None
    too_deep = flow_depth_exceeded(text, MAX_FLOW_DEPTH)
    if too_deep is not None:
        line = text.count("\n", 0, too_deep) + 1
        col = too_deep - (text.rfind("\n", 0, too_deep) + 1) + 1
        diags.error(
            "SFS005",
            f"flow collections ([ ], {{ }}) are nested more than {MAX_FLOW_DEPTH} deep",
            SourceRange.at(shown, line, col),
            "flatten the structure",
        )
        return None
    data = parse_yaml(text, shown, diags)
    if data is None:
        if not diags.has_errors():
            diags.error("SFS006", "file is empty", SourceRange.at(shown, 1, 1), "start with `sfspec: 1`")
        return None
    if not isinstance(data, CommentedMap):
        kind = "a list" if isinstance(data, list) else "a single value"
        diags.error(
            "SFS004",
            f"the document is {kind}, expected a mapping of sections",
            SourceRange.at(shown, 1, 1),
            "a spec starts with `sfspec: 1` followed by systems:, objects:, flows:",
        )
        return None
    if expanded_size(data) > MAX_EXPANDED_NODES:
        diags.error(
            "SFS005",
            f"document expands to more than {MAX_EXPANDED_NODES:,} nodes (anchors and aliases)",
            SourceRange.at(shown, 1, 1),
            "write the values out instead of nesting aliases",
        )
        return None
    odd_key = _non_text_key(data)
    if odd_key is not None:
        key, line, col = odd_key
        diags.error(
            "SFS015",
            f"key {key!r} is not text (YAML read it as {type(key).__name__})",
            SourceRange.at(shown, line, col),
            "names start with a letter; quote the key if it is meant",
        )
        return None
    surrogate = _surrogate_escape(text, data)
    if surrogate is not None:
        diags.error(
            "SFS002",
            "a \\u escape names half of a UTF-16 surrogate pair, which UTF-8 cannot hold",
            SourceRange.at(shown, *surrogate),
            "write the character itself; the file is UTF-8",
        )
        return None
    return SourceFile(shown, text, data)


def merge(files: Iterable[SourceFile], diags: Diagnostics) -> SpecDocument | None:
    files = list(files)
    if not files:
        return None
    root = CommentedMap()
    doc = SpecDocument(root, files)
    for f in files:
        _record_origins(f.data, f.path, doc.origins)
    if len(files) == 1:
        doc.root = files[0].data
        return doc
    doc.origins[id(root)] = files[0].path
    for f in files:
        data: CommentedMap = f.data
        for key, value in data.items():
            line, col = data.lc.data[key][0], data.lc.data[key][1]
            if key in MERGEABLE_SECTIONS and isinstance(value, dict):
                section = root.get(key)
                if section is None:
                    section = root[key] = CommentedMap()
                    root.lc.add_kv_line_col(key, list(data.lc.data[key]))
                    doc.key_origins[(id(root), key)] = f.path
                    doc.origins[id(section)] = f.path
                if not isinstance(section, CommentedMap):
                    continue
                for name, entry in value.items():
                    if name in section:
                        first = doc.key_origins.get((id(section), name), "?")
                        diags.error(
                            "SFS014",
                            f"{key}.{name} is defined twice (first in {first})",
                            SourceRange.at(f.path, value.lc.data[name][0] + 1, value.lc.data[name][1] + 1),
                            "keep one definition",
                        )
                        continue
                    section[name] = entry
                    section.lc.add_kv_line_col(name, list(value.lc.data[name]))
                    doc.key_origins[(id(section), name)] = f.path
            elif key in MERGEABLE_LISTS and isinstance(value, list):
                seq = root.get(key)
                if seq is None:
                    seq = root[key] = CommentedSeq()
                    root.lc.add_kv_line_col(key, list(data.lc.data[key]))
                    doc.key_origins[(id(root), key)] = f.path
                for i, item in enumerate(value):
                    seq.lc.add_kv_line_col(len(seq), list((value.lc.data or {}).get(i, [line, col])))
                    doc.key_origins[(id(seq), len(seq))] = f.path
                    seq.append(item)
            elif key in root:
                first = doc.key_origins.get((id(root), key), "?")
                diags.error(
                    "SFS014",
                    f"section {key!r} is defined in more than one file (first in {first})",
                    SourceRange.at(f.path, line + 1, col + 1),
                    f"only {', '.join(MERGEABLE_SECTIONS)} may be split across files",
                )
            else:
                root[key] = value
                root.lc.add_kv_line_col(key, list(data.lc.data[key]))
                doc.key_origins[(id(root), key)] = f.path
    return doc


def load_spec(path: Path) -> tuple[SpecDocument | None, Diagnostics]:
    """Read a spec file or folder. Returns (None, errors) when nothing usable was read."""
    diags = Diagnostics()
    if not path.exists():
        diags.error("SFS007", f"no such file or folder: {path}", None, "pass the path of a spec file or folder")
        return None, diags
    paths = spec_files(path)
    if not paths:
        diags.error(
            "SFS007",
            f"no .yaml files in {display_path(path)}",
            SourceRange.at(display_path(path), 1, 1),
            "a folder spec holds one or more .yaml files",
        )
        return None, diags
    loaded = [f for f in (load_file(p, diags) for p in paths) if f is not None]
    if diags.has_errors():
        return None, diags
    return merge(loaded, diags), diags
