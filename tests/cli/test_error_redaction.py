"""A fatal error's message is masked for live-org secrets before it is printed."""

from __future__ import annotations

import pytest

import sfspec.api
from sfspec.cli import main
from sfspec.errors import OrgError
from sfspec.resources import specs_dir

CANARY = "00Dcanary!TOKEN-do-not-print-42"


def test_error_messages_never_show_the_access_token(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SF_ACCESS_TOKEN", CANARY)

    def fails(*_args: object, **_kwargs: object) -> None:
        raise OrgError(f"the server echoed the session {CANARY}")

    monkeypatch.setattr(sfspec.api, "check_spec", fails)
    assert main(["validate", str(specs_dir() / "landscape")]) == 1
    err = capsys.readouterr().err
    assert "the server echoed the session ****" in err
    assert CANARY not in err
