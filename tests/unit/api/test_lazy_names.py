"""sfspec.api imports each use case's module when the name is first asked for; the names stay the
use cases, also where a module has the same name (adopt, build, landscape)."""

from __future__ import annotations

import subprocess
import sys

import sfspec.api


def test_every_exported_name_is_a_use_case_or_a_type_of_its_module() -> None:
    for name in sfspec.api.__all__:
        value = getattr(sfspec.api, name)
        assert callable(value) and not isinstance(value, type(sys)), name
        assert value.__module__.startswith("sfspec.api."), name


def test_names_shared_with_modules_stay_the_use_cases_whatever_was_imported_first() -> None:
    code = (
        "import sfspec.api.adopt, sfspec.api.build, sfspec.api.landscape, sfspec.api.changes\n"
        "import sfspec.api as api\n"
        "from sfspec.api import build\n"
        "assert callable(api.adopt) and api.adopt.__name__ == 'adopt' and build.__name__ == 'build'\n"
        "assert api.landscape.__name__ == 'landscape' and api.desired.__module__ == 'sfspec.api.build'\n"
        "import sys; assert sys.modules['sfspec.api.build'].build is api.build\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        sfspec.api.no_such_use_case  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_use_case" in str(exc)
    else:
        raise AssertionError("no AttributeError")
