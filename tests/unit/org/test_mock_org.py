"""The mock-org reader and writer: reading, selecting, atomic locked writes, positioned errors."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from sfspec.errors import ApplyFailed, OrgError
from sfspec.org import open_org
from sfspec.org.mock import write_snapshot
from sfspec.org.snapshot_load import SnapshotError, load_snapshot
from sfspec.orgref import OrgRef
from sfspec.resources import specs_dir
from sfspec.state import MANAGED_MARKER, Component, ComponentKey

K = ComponentKey
DEV = specs_dir() / "landscape" / "orgs" / "dev.json"


def test_bundled_dev_org_loads_with_standard_objects_and_facts() -> None:
    state = open_org(OrgRef.parse(f"mock:{DEV}")).read_all()
    assert K("CustomObject", "Account") in state
    assert state.get(K("CustomField", "Account.Name")).attributes["type"] == "Text"
    assert state.facts.licenses == 250 and state.facts.edition == "enterprise"
    assert state.facts.limits["DailyApiRequests"]["Max"] == 350000
    assert not any(c.managed for c in state.components.values())  # nothing managed yet
    assert state.get(K("ApexClass", "AccountRegionHelper")).body.startswith("/**")


def test_read_returns_wanted_that_exist_plus_managed_of_managed_types(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    managed = Component(
        K("ApexClass", "Old_Handler"),
        {"apiVersion": "63.0", "status": "Active"},
        f"// {MANAGED_MARKER}\npublic class Old_Handler {{}}\n",
    )
    unmanaged = Component(K("ApexClass", "Mine"), {"apiVersion": "63.0", "status": "Active"}, "public class Mine {}\n")
    obj = Component(K("CustomObject", "Invoice__c"), {"label": "Invoice", "pluralLabel": "Invoices"})
    write_snapshot(path, [managed, unmanaged, obj], [])
    state = open_org(OrgRef.parse(f"mock:{path}")).read(
        [K("CustomObject", "Invoice__c"), K("CustomObject", "Missing__c")], managed_types=["ApexClass"]
    )
    assert set(map(str, state)) == {"CustomObject:Invoice__c", "ApexClass:Old_Handler"}
    assert state.get(K("ApexClass", "Old_Handler")) == managed
    assert state.origin == f"mock:{path}"


def test_write_upserts_fields_into_objects_and_deletes(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    write_snapshot(
        path,
        [
            Component(K("CustomObject", "Invoice__c"), {"label": "Invoice"}),
            Component(
                K("CustomField", "Invoice__c.Amount__c"),
                {"label": "Amount", "type": "Currency", "precision": 16, "required": False},
            ),
        ],
        [],
    )
    data = json.loads(path.read_text())
    assert data["objects"]["Invoice__c"]["fields"]["Amount__c"] == {
        "label": "Amount",
        "type": "Currency",
        "precision": "16",
        "required": "false",
    }
    write_snapshot(path, [], [K("CustomObject", "Invoice__c")])
    assert json.loads(path.read_text())["objects"] == {}
    assert not list(tmp_path.glob("*.tmp"))


def test_write_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    comps = [Component(K("CustomObject", n), {"label": n, "pluralLabel": n + "s"}) for n in ("B__c", "A__c")]
    write_snapshot(a, comps, [])
    write_snapshot(b, comps[::-1], [])
    assert a.read_text() == b.read_text()


def test_field_on_missing_object_fails_and_leaves_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    write_snapshot(path, [Component(K("CustomObject", "A__c"), {"label": "A"})], [])
    before = path.read_bytes()
    with pytest.raises(ApplyFailed) as err:
        write_snapshot(path, [Component(K("CustomField", "Nope__c.X__c"), {"label": "X"})], [])
    assert "Nope__c does not exist" in err.value.details[0]
    assert path.read_bytes() == before


def _append_class(args: tuple[str, int]) -> None:
    path, i = args
    write_snapshot(
        Path(path),
        [Component(K("ApexClass", f"C{i}"), {"apiVersion": "63.0", "status": "Active"}, f"public class C{i} {{}}\n")],
        [],
    )


def test_concurrent_writers_serialise_without_losing_changes(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    write_snapshot(path, [], [])
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_append_class, [(str(path), i) for i in range(12)])
    assert len(json.loads(path.read_text())["components"]["ApexClass"]) == 12


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format_version": 1,\n  "org": {', "org.json:2:"),
        (
            '{\n  "format_version": 2, "org": {}, "objects": {}, "components": {}}',
            "org.json:2:3: format_version 2 is not supported",
        ),
        (
            '{\n  "format_version": 1,\n  "org": {"api_version": "63.0", "edition": "enterprise"},\n  "objects": {\n'
            '    "Account": {"fields": {"Name": {"label": 5, "x": null}}}},\n  "components": {}}',
            "org.json:5:",
        ),
        ("[1, 2]", "org.json:1:1: a mock org snapshot is a JSON object"),
        (
            '{"format_version": 1, "org": {"api_version": "63.0", "edition": "x"}, "components": {},\n'
            ' "objects": {"A__c": {}, \n   "A__c": {}}}',
            "org.json:3:4: key 'A__c' appears twice",
        ),
    ],
)
def test_broken_snapshot_gives_positioned_error(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "org.json"
    path.write_text(text)
    with pytest.raises(SnapshotError) as err:
        open_org(OrgRef.parse(f"mock:{path}"))
    lines = [str(err.value), *err.value.details]
    assert any(expected in line for line in lines), lines


def test_unwritable_location_is_apply_failed(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with pytest.raises(ApplyFailed, match=r"cannot write mock org .*a-file/org.json: "):
        write_snapshot(tmp_path / "a-file" / "org.json", [], [])


def test_missing_snapshot_and_bad_reference_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(OrgError, match="does not exist"):
        open_org(OrgRef.parse(f"mock:{tmp_path / 'nope.json'}"))
    with pytest.raises(OrgError, match="unknown org reference 'ftp:x'"):
        open_org(OrgRef.parse("ftp:x"))


def test_dev_snapshot_is_schema_valid_and_canonical() -> None:
    from sfspec.org.snapshot import dumps

    data = load_snapshot(DEV)
    assert DEV.read_text(encoding="utf-8") == dumps(data)
