"""The spec model's classes (sfspec.model.record): generated from the language's pydantic
definitions and committed, frozen and slotted, with the few pydantic methods the stages use.
tests/hardening/test_records.py holds them equal to pydantic's reading of the same data."""

from __future__ import annotations

import copy
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sfspec.model.flows import Flow, Mapping, Retry, Transform, Transport
from sfspec.model.language.compile import MODULES, generated_mark, with_region
from sfspec.model.objects import FieldSpec, FieldType
from sfspec.model.record import FrozenRecordError, Record
from sfspec.model.schema import formatted
from sfspec.model.spec import Spec

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("module", MODULES)
def test_the_committed_classes_are_what_the_language_generates(module: str) -> None:
    path = ROOT / "sfspec" / "model" / f"{module}.py"
    committed = path.read_text(encoding="utf-8")
    assert generated_mark(module) in committed
    assert formatted(with_region(committed, module), path) == committed, (
        f"run `python -m sfspec.model.schema` and commit sfspec/model/{module}.py"
    )


def test_a_changed_definition_makes_the_classes_stale(tmp_path: Path) -> None:
    """The negative control: a field added to the language changes the generated region."""
    shutil.copytree(ROOT / "sfspec", tmp_path / "sfspec", ignore=shutil.ignore_patterns("__pycache__"))
    definition = tmp_path / "sfspec" / "model" / "language" / "flows.py"
    text = definition.read_text(encoding="utf-8")
    marker = (
        '    max_attempts: int = Field(5, ge=1, le=10, description="Attempts before a message is dead-lettered.")\n'
    )
    assert marker in text
    definition.write_text(text.replace(marker, marker + "    jitter: bool = Field(False)\n"), encoding="utf-8")
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from pathlib import Path\n"
        "from sfspec.model.language.compile import with_region\n"
        "text = Path(sys.argv[1], 'sfspec/model/flows.py').read_text()\n"
        "print('jitter: bool' in with_region(text, 'flows'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "True", done.stderr[-2000:]


def test_records_convert_data_and_fill_defaults() -> None:
    flow = Flow(
        source="crm", target="erp", object="Account", transport="rest", mapping=[{"field": "Name", "remote": "n"}]
    )
    assert flow.transport is Transport.rest and isinstance(flow.mapping[0], Mapping)
    assert flow.mapping[0].transform is Transform.none and flow.retry == Retry()
    assert flow.trigger is None and flow.objects is None
    field = FieldSpec(type="Text", length=80.0)
    assert field.type is FieldType.Text and field.length == 80 and type(field.length) is int


@pytest.mark.parametrize(
    "data",
    [
        {"sfspec": 1, "systems": {"crm\n": {"kind": "salesforce"}}},  # `$` before a final newline
        {"sfspec": 1, "systems": {"crm": {"kind": "salesforce"}}, "objects": {"A" * 81: {"owner": "crm"}}},
        {
            "sfspec": 1,
            "systems": {},
            "waivers": [{"component": "ApexClass:X", "reason": "why", "expires": "2024-02-30"}],
        },
        {"sfspec": 1, "systems": {"erp": {"kind": "erp", "rate_limit": {"requests_per_second": float("nan")}}}},
        {
            "sfspec": 1,
            "systems": {},
            "objects": {"A": {"owner": "crm", "fields": {"F": {"type": "Text", "length": 1.5}}}},
        },
    ],
)
def test_values_only_the_language_judges_are_refused(data: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # Refused, or the language's own check (a calendar date)
        Spec.from_data(data)


def test_a_final_line_break_is_refused_only_where_the_pattern_refuses_it() -> None:
    """pydantic's `$` is the text's end: a description (any line) may end with a line break, a label
    (one line) may not; the schema checker's Python `$` would pass both."""
    assert FieldSpec(type="Text", description="two\nlines\n").description == "two\nlines\n"
    with pytest.raises(ValueError):
        FieldSpec(type="Text", label="Status\n")


def test_records_are_frozen_slotted_and_compare_by_value() -> None:
    one = FieldSpec(type="Text", length=10)
    with pytest.raises(FrozenRecordError):
        one.length = 20  # type: ignore[misc]
    with pytest.raises(FrozenRecordError):
        del one.label
    assert not hasattr(one, "__dict__")  # a large spec holds one per field: no per-instance dict
    assert one == FieldSpec(type=FieldType.Text, length=10) and one != FieldSpec(type="Text", length=11)
    assert hash(one) == hash(FieldSpec(type="Text", length=10))
    assert repr(one).startswith("FieldSpec(type=")


def test_copies_dumps_and_pickles() -> None:
    field = FieldSpec(type="Picklist", values=["a", "b"])
    changed = field.model_copy(update={"label": "Status"})
    assert changed.label == "Status" and field.label is None and changed.values is field.values
    with pytest.raises(TypeError):
        field.model_copy(update={"colour": "red"})
    assert copy.deepcopy(field) == field and copy.copy(field) == field
    assert pickle.loads(pickle.dumps(field)) == field
    dumped = Flow(source="a", target="b", transport="bulk").model_dump(mode="json", exclude_none=True)
    assert dumped["transport"] == "bulk" and "object" not in dumped and dumped["retry"]["max_attempts"] == 5
    assert type(Flow(source="a", target="b", transport="bulk").model_dump()["transport"]) is Transport
    assert FieldSpec.field_names()[:2] == ("type", "label") and issubclass(FieldSpec, Record)
