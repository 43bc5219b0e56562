"""ruamel's round-trip loader: for a spec file positioned.py does not read exactly as ruamel would
(syntax errors, tags, aliases, merge keys, …), and for the commands that write YAML back (fmt,
import, adopt), which keep comments and quoting. Imported only by them: ruamel's import is a
tenth of a `validate`.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import warnings
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from ruamel.yaml.reader import ReaderError

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostics, SourceRange
from sfspec.load.positioned import NO_MARKS, Positions, table


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


def from_round_trip(node: Any, positions: Positions) -> Any:
    """ruamel's round-trip tree → plain data (as to_plain), recording each container's line/column
    marks under the id of its plain copy. An alias becomes a copy that keeps its node's marks."""
    if isinstance(node, dict):
        out = {str(k): from_round_trip(v, positions) for k, v in node.items()}
        marks = getattr(node, "lc", None)
        found = (marks.data or {}) if marks is not None else {}
        where = {str(k): m[:4] for k, m in found.items() if k in node}
        positions[id(out)] = table(out, [n for k in out for n in where.get(k, (NO_MARKS,) * 4)])
        return out
    if isinstance(node, list):
        items = [from_round_trip(v, positions) for v in node]
        marks = getattr(node, "lc", None)
        found = (marks.data or {}) if marks is not None else {}
        at = [(*found[i][:2], *found[i][:2]) if i in found else (NO_MARKS,) * 4 for i in range(len(items))]
        positions[id(items)] = table(range(len(items)), [n for four in at for n in four])
        return items
    return to_plain(node)


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


_DATE = re.compile(r"(?<![\w.:'\"-])(\d{4})-(\d\d?)-(\d\d?)(?![\w.:'\"-])")


def impossible_date(text: str) -> tuple[int, int, str] | None:
    """Line, column and text of the first unquoted YYYY-MM-DD that names no day (2024-02-30)."""
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split(" #", 1)[0]
        for match in _DATE.finditer(code):
            try:
                _dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return number, match.start() + 1, match.group()
    return None


def parse_yaml(text: str, shown: str, diags: Diagnostics) -> Any:
    try:
        with warnings.catch_warnings():
            # YAML 1.2 lets an anchor be defined again (the later one counts); ruamel says so on stderr,
            # which sfspec keeps for its own findings
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            return new_yaml().load(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        code, hint = Code.SFS001, "fix the YAML syntax"
        if "duplicate key" in problem:
            # ruamel quotes both values in its message; they may be secrets, so name only the key.
            code, hint = Code.SFS003, "remove or rename one of the two keys"
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
            Code.SFS001,
            f"YAML: {what} is not allowed in YAML text",
            SourceRange.at(shown, line, col),
            "remove it, or write it as an escape inside double quotes",
        )
    except RecursionError:
        diags.error(Code.SFS005, "document is nested too deeply", SourceRange.at(shown, 1, 1), "flatten the structure")
    except (YAMLError, ValueError, TypeError) as exc:
        bad = impossible_date(text) if isinstance(exc, ValueError) else None
        if bad is not None:  # an unquoted 2024-02-30: ruamel builds a date and raises without a mark
            line, col, value = bad
            diags.error(
                Code.SFS013,
                f"{value} is not a calendar date ({exc})",
                SourceRange.at(shown, line, col),
                "write a real date as YYYY-MM-DD",
            )
            return None
        diags.error(
            Code.SFS001,
            f"YAML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
            SourceRange.at(shown, 1, 1),
            "fix the YAML syntax",
        )
    except Exception as exc:
        diags.error(
            Code.SFS001,
            f"YAML: the parser gave up ({type(exc).__name__})",
            SourceRange.at(shown, 1, 1),
            "fix the YAML syntax",
        )
    return None
