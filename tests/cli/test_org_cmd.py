"""`sfspec org snapshot`: any org (SFDX, mock, live through the fake) saved as a mock org."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakesf import FakeSalesforce
from fakesf.fixtures import ACCESS_TOKEN

from sfspec.cli import main
from sfspec.org import open_org
from sfspec.orgref import OrgRef
from sfspec.resources import specs_dir

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DEV = specs_dir() / "landscape" / "orgs" / "dev.json"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


def test_snapshot_of_an_sfdx_project_is_deterministic_and_plannable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    code, out = _run(capsys, "org", "snapshot", "--org", f"source:{FIXTURES / 'sfdx' / 'quirks'}", "-o", str(first))
    assert code == 0 and "11 components" in out
    assert _run(capsys, "org", "snapshot", "--org", f"source:{FIXTURES / 'sfdx' / 'quirks'}", "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    saved = open_org(OrgRef.parse(f"mock:{first}")).read_all()
    assert dict(saved.components) == dict(
        open_org(OrgRef.parse(f"source:{FIXTURES / 'sfdx' / 'quirks'}")).read_all().components
    )


def test_snapshot_of_a_live_org(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_salesforce: FakeSalesforce
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake_salesforce.ca_file)
    monkeypatch.setenv("SF_INSTANCE_URL", fake_salesforce.url)
    monkeypatch.setenv("SF_ACCESS_TOKEN", ACCESS_TOKEN)
    out_file = tmp_path / "orgs" / "live.json"
    code, out = _run(capsys, "-v", "org", "snapshot", "--org", "env", "-o", str(out_file))
    assert code == 0 and "from env" in out and ACCESS_TOKEN not in out
    assert ACCESS_TOKEN not in out_file.read_text()
    data = json.loads(out_file.read_text())
    assert data["org"]["licenses"] == 250 and data["org"]["edition"] == "enterprise"
    assert dict(open_org(OrgRef.parse(f"mock:{out_file}")).read_all().components) == dict(
        open_org(OrgRef.parse(f"mock:{DEV}")).read_all().components
    )


def test_expired_session_is_one_line_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_salesforce: FakeSalesforce
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake_salesforce.ca_file)
    monkeypatch.setenv("SF_INSTANCE_URL", fake_salesforce.url)
    monkeypatch.setenv("SF_ACCESS_TOKEN", "00DFAKE!expired-token-value")
    code, out = _run(capsys, "org", "snapshot", "--org", "env", "-o", str(tmp_path / "x.json"))
    assert code == 1
    assert out.strip().splitlines() == [
        "sfspec: error: env: the session is expired or invalid (INVALID_SESSION_ID) while reading org facts; "
        "log in again (sf org login web) or refresh SF_ACCESS_TOKEN"
    ]
    assert not (tmp_path / "x.json").exists()


def test_broken_snapshot_is_positioned_exit_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{\n  "format_version": 1,\n  "org": {"api_version": "63", "edition": "enterprise"},\n'
        '  "objects": {}, "components": {}\n}\n'
    )
    code, out = _run(capsys, "org", "snapshot", "--org", f"mock:{broken}", "-o", str(tmp_path / "x.json"))
    assert code == 1
    assert f"{broken}:3:" in out and "org.api_version" in out and "'63' does not match" in out
