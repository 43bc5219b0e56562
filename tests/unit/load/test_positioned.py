"""The libyaml reader (sfspec.load.positioned) reads every document it accepts exactly as ruamel's
round-trip loader does: the same plain data (value and type) and the same line and column for
every key, value and item. Whatever it declines goes to ruamel, so the two paths cannot differ
on it. Compared over every YAML file in the repository, the hardening corpus, tricky scalars in
every style, and random edits of the bundled landscape."""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from sfspec.diagnostics import Diagnostics
from sfspec.load import MAX_EXPANDED_NODES, _load_round_trip, load_spec
from sfspec.load.positioned import (
    _SPECIAL,
    SMALL,
    Positions,
    Unsupported,
    _by_ruamel,
    _without_ruamel,
    child_marks,
    compose_plain,
    special,
)

ROOT = Path(__file__).resolve().parents[3]
TRICKY = [
    "yes", "no", "on", "off", "y", "n", "true", "True", "FALSE", "null", "Null", "~", "",
    "0777", "0o17", "0x1F", "0b101", "1_000", "+12", "-0", "1e3", "1.5e-3", ".5", "1.", ".inf", "-.Inf", ".nan",
    "2025-01-01", "2025-01-01T10:00:00Z", "2025-1-1", "12:30", "1:20:30", "=", "<<",
    "-", "--", "- x", "#", "a #b", "a: b", "é", "日本語", "😀", "\u00a0x", "x\\y", "a'b", 'a"b', "  lead", "trail  ",
    "line\nbreak", "tab\there", "@at", "`tick", "%pct", "!bang", "&amp", "*star", "|pipe", ">gt", "[x]", "{y}", "a,b",
]  # fmt: skip


def both(text: str) -> tuple[Any, Positions, Any, Positions] | None:
    """(fast data, fast marks, ruamel data, ruamel marks), or None when the fast path declines."""
    try:
        fast, fast_marks = compose_plain(text, MAX_EXPANDED_NODES)
    except Unsupported:
        return None
    diags = Diagnostics()
    loaded = _load_round_trip(text, "t.yaml", diags)
    if loaded is None:  # ruamel refused it (or its checks did): the fast path must not accept it
        if fast is None or not isinstance(fast, dict):
            return None  # both are told "empty"/"not a mapping" by load_file the same way
        pytest.fail(f"accepted what ruamel refuses: {[d.format() for d in diags]}\n{text[:500]}")
    return fast, fast_marks, loaded.data, loaded.positions


def same(a: Any, b: Any, am: Positions, bm: Positions, path: tuple = ()) -> None:
    assert type(a) is type(b), (path, a, b)
    if isinstance(a, float) and math.isnan(a):
        assert math.isnan(b), path
        return
    assert a == b, (path, a, b)
    if isinstance(a, (dict, list)):
        assert am.get(id(a)) == bm.get(id(b)), (path, am.get(id(a)), bm.get(id(b)))
        children = a.items() if isinstance(a, dict) else enumerate(a)
        for key, child in children:
            same(child, b[key], am, bm, (*path, key))


def check(text: str) -> bool:
    found = both(text)
    if found is None:
        return False
    fast, fast_marks, slow, slow_marks = found
    if isinstance(fast, (dict, list)):
        try:
            same(fast, slow, fast_marks, slow_marks)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n--- text ---\n{text[:1500]}") from None
    else:
        assert type(fast) is type(slow) and fast == slow
    return True


def repository_yaml() -> Iterator[Path]:
    for folder in ("specs", "tests/fixtures", "tests/golden", "docs"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".yaml", ".yml") and path.is_file():
                yield path


def test_every_yaml_file_in_the_repository_reads_the_same() -> None:
    read = 0
    for path in repository_yaml():
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        read += check(text)
    assert read >= 40  # most of them are plain documents the fast path takes


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="%\\uUD09aAf? -[{,\n\r\t\x85\u2028\u2029x:#", max_size=40))
def test_special_is_the_alternation_searched_one_branch_at_a_time(text: str) -> None:
    assert special(text) == bool(_SPECIAL.search(text))


def test_special_agrees_with_the_alternation_on_every_yaml_file_and_its_branches() -> None:
    texts = [p.read_text(encoding="utf-8-sig", errors="replace") for p in repository_yaml()]
    texts += ["%YAML 1.2\n", "a: 1\n%x", "a: '\\ud800'", "a: \\U0000DFFF", "a:\tb", "a: \x85", "\u2028", "\u2029"]
    texts += ["? a\n: b", "[? a]", "a: b?", "a: 'is it?'", "x: -? y", "{? a: 1}", "?"]
    assert {special(t) for t in texts} == {True, False}
    for text in texts:
        assert special(text) == bool(_SPECIAL.search(text)), text


def test_the_hardening_corpus_reads_the_same_or_goes_to_ruamel() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from hardening.corpus import all_cases

    read = 0
    for case in all_cases():
        for content in case.files.values():
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                continue
            if "\x00" in text:
                continue  # refused before parsing
            read += check(text)
    assert read > 50


@pytest.mark.parametrize("value", TRICKY)
@pytest.mark.parametrize("style", ["plain-value", "plain-key", "flow", "single", "double", "block"])
def test_tricky_scalars_in_every_style(value: str, style: str) -> None:
    if style == "plain-value":
        text = f"a: {value}\nb: [{value}]\n"
    elif style == "plain-key":
        text = f"{value}: 1\nz: 2\n"
    elif style == "flow":
        text = f"m: {{k: {value}, j: [1, {value}]}}\n"
    elif style == "single":
        text = "a: '" + value.replace("'", "''") + "'\n"
    elif style == "double":
        text = 'a: "' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"\n'
    else:
        text = "a: |\n  " + value.replace("\n", "\n  ") + "\nb: >-\n  " + value.replace("\n", "\n  ") + "\n"
    check(text)


def test_positions_are_characters_not_bytes() -> None:
    text = "a:\n  été: {x: 日本, y: 😀}\n  z: [é, 1]\n"
    assert check(text)
    data, marks = compose_plain(text, MAX_EXPANDED_NODES)
    inner = data["a"]["été"]
    assert child_marks(marks[id(inner)], inner, "y") == (1, 15, 1, 18)  # characters: 日本 is 2, not 6


def test_what_the_fast_path_declines() -> None:
    for text in (
        "a: &x 1\nb: *x\n",  # an alias
        "a: !!int '1'\n",  # an explicit tag (other than !!str, which reads as ruamel reads it)
        "a: !custom x\n",
        "base: &b {x: 1}\nc:\n  <<: *b\n",  # a merge key
        "%YAML 1.1\n---\na: yes\n",  # a directive changes how scalars are typed
        "a: 1\na: 2\n",  # a duplicate key (ruamel words it)
        "1: x\n",  # a key that is not text
        'a: "\\ud800"\n',  # a surrogate escape (the loader's own check words it)
        "a: [1, 2\n",  # a syntax error
        "a: x\n---\nb: y\n",  # two documents
    ):
        with pytest.raises(Unsupported):
            compose_plain(text, MAX_EXPANDED_NODES)


def test_crlf_line_ends_and_block_scalars_read_the_same() -> None:
    text = "sfspec: 1\r\nname: x\r\nd: |\r\n  one\r\n  two\r\nl:\r\n- a\r\n-\r\n- {k: , j: 1}\r\ne:\r\n# c\r\nz: 1\r\n"
    assert check(text)
    assert check(text.replace("\r\n", "\n"))


def test_the_bundled_landscape_loads_with_positions_as_before() -> None:
    doc, diags = load_spec(ROOT / "specs" / "landscape")
    assert doc is not None and not diags.has_errors()
    flows = (ROOT / "specs" / "landscape" / "flows.yaml").read_text(encoding="utf-8").splitlines()
    where = doc.locate(["flows", "account-to-erp", "endpoint", "path"], value=True)
    assert where.path.endswith("flows.yaml")
    assert flows[where.start.line - 1][where.start.col - 1 :] == "/api/v1/customers"
    objects = (ROOT / "specs" / "landscape" / "objects.yaml").read_text(encoding="utf-8").splitlines()
    where = doc.locate(["objects", "Account", "fields", "ERP_Id__c"])
    assert objects[where.start.line - 1][where.start.col - 1 :] == "ERP_Id__c:"


EDITS = [
    "\n",
    "  ",
    "x: 1\n",
    "- a\n",
    " #c\n",
    "? k\n: v\n",
    "'q'",
    '"\\t"',
    "[1, {a: b}]",
    "{}",
    ": ",
    "|\n  t\n",
    "yes",
    "0x10",
    "é",
    "\t",
    "&a ",
    "*a",
    "!t ",
    "---\n",
]


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_edits_of_the_landscape_read_the_same(data: st.DataObject) -> None:
    files = sorted((ROOT / "specs" / "landscape").glob("*.yaml"))
    text = data.draw(st.sampled_from(files)).read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        text = text[:at] + data.draw(st.sampled_from(EDITS)) + text[at:]
    check(text)


scalars = st.one_of(
    st.sampled_from(TRICKY),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.text(max_size=12),
)
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(TRICKY) | st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(trees, st.sampled_from(["pyyaml-block", "pyyaml-flow", "pyyaml-mixed", "ruamel"]))
def test_random_documents_in_several_layouts_read_the_same(tree: Any, layout: str) -> None:
    doc = {"root": tree}
    if layout == "ruamel":
        import io

        out = io.StringIO()
        dumper = YAML(typ="rt")
        dumper.dump(doc, out)
        text = out.getvalue()
    else:
        flow = {"pyyaml-block": False, "pyyaml-flow": True, "pyyaml-mixed": None}[layout]
        text = yaml.safe_dump(doc, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    check(text)


def _ruamel_says(value: str) -> tuple[bool, Any] | str:
    try:
        return _by_ruamel(value)
    except Unsupported:
        return "unsupported"


WORDS = [
    *TRICKY, "t", "tru", "truE", "tRUE", "nul", "NuLL", "nan", "NaN", "none", "None", "f", "F", "false!", "n/a",
    "0", "00", "01", "7", "10", "99999999999999999", "999999999999999999", "9999999999999999999", "1 000", "1,000",
    "1_0", "١٢", "１２", "²", "+1", "-1", "5.", "5e", "2024-02-30", "~x", "x~", "!x", "&x", "*x", "<", "<<<", "==",
]  # fmt: skip


@pytest.mark.parametrize("value", WORDS)
def test_scalars_typed_without_ruamel_are_typed_as_ruamel_types_them(value: str) -> None:
    """The scalars positioned.py types itself (so `validate` need not import ruamel) get ruamel's answer."""
    mine = _without_ruamel(value)
    assert mine is None or (mine == _ruamel_says(value) and type(mine[1]) is type(_by_ruamel(value)[1]))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("tTfFnNrRuUeElLsS~0123456789+-._:xyé !<="), max_size=8))
def test_random_words_typed_without_ruamel_are_typed_as_ruamel_types_them(value: str) -> None:
    mine = _without_ruamel(value)
    if mine is not None:
        theirs = _ruamel_says(value)
        assert mine == theirs and type(mine[1]) is type(theirs[1])  # type: ignore[index]


def test_small_containers_keep_an_array_and_large_ones_a_dict() -> None:
    """Memory: a container of at most SMALL children holds its marks in one array (found by the
    child's place), a larger one a dict of packed marks (found by key); both answer alike."""
    wide = "".join(f"  k{i}: {i}\n" for i in range(SMALL + 1))
    text = f"small:\n  a: 1\n  b: [x, y]\nwide:\n{wide}"
    data, marks = compose_plain(text, MAX_EXPANDED_NODES)
    small, wide_map = data["small"], data["wide"]
    assert isinstance(marks[id(small)], array) and isinstance(marks[id(data["small"]["b"])], array)
    assert isinstance(marks[id(wide_map)], dict)
    assert child_marks(marks[id(small)], small, "b") == (2, 2, 2, 5)
    assert child_marks(marks[id(small["b"])], small["b"], 1) == (2, 9, 2, 9)
    assert child_marks(marks[id(wide_map)], wide_map, f"k{SMALL}") == (4 + SMALL, 2, 4 + SMALL, 2 + len(f"k{SMALL}: "))
    assert child_marks(marks[id(small)], small, "missing") is None and child_marks(None, small, "a") is None
