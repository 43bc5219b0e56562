"""Built as a wheel and installed outside the checkout, sfspec still finds its schemas, templates and specs.

The wheel is installed with --no-deps into a fresh virtualenv; the runtime dependencies are taken
from the test environment through a path line in a .pth file (which adds their folder to sys.path
but does not run the editable-install hook there), so no network is needed and the checkout is
never importable: every command runs from a temporary folder.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "LC_ALL": "C.UTF-8"}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("wheel")
    wheelhouse = base / "wheelhouse"
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q", "-w", str(wheelhouse), str(ROOT)],
        cwd=base,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheelhouse.glob("sfspec-*.whl")

    venv = base / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=base)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    got = _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)], cwd=base
    )
    assert got.returncode == 0, got.stderr
    site = Path(
        _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=base).stdout.strip()
    )
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_test_runtime_deps.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    return wheel, venv


def test_wheel_ships_the_data_folders(installed: tuple[Path, Path]) -> None:
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "sfspec/_data/schemas/sfspec.schema.json" in names
    assert any(n.startswith("sfspec/_data/generators/") for n in names)
    assert "sfspec/_data/specs/landscape/landscape.yaml" in names
    assert "sfspec/_data/specs/examples/minimal.yaml" in names
    assert "sfspec/_data/catalogue/standard-objects.json" in names
    assert "sfspec/_data/catalogue/LICENSE-sobject-types" in names
    assert not any(n.startswith(("tests/", "sfspec/tests/")) for n in names)


def test_installed_package_is_the_wheel_not_the_checkout(installed: tuple[Path, Path], tmp_path: Path) -> None:
    _, venv = installed
    probe = _run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import sfspec, sfspec.resources as r; print(sfspec.__file__); print(r.schema_path('sfspec.schema.json'))",
        ],
        cwd=tmp_path,
    )
    assert probe.returncode == 0, probe.stderr
    module, schema = probe.stdout.split()
    assert module.startswith(str(venv)) and schema.startswith(str(venv))
    assert not module.startswith(str(ROOT) + "/sfspec")


def test_validate_from_another_directory(installed: tuple[Path, Path], tmp_path: Path) -> None:
    _, venv = installed
    shutil.copytree(ROOT / "specs" / "landscape", tmp_path / "landscape")
    shutil.copy(ROOT / "specs" / "examples" / "minimal.yaml", tmp_path / "minimal.yaml")
    sfspec = str(venv / "bin" / "sfspec")
    for spec in ("landscape", "minimal.yaml"):
        ok = _run([sfspec, "validate", spec], cwd=tmp_path)
        assert ok.returncode == 0, ok.stdout + ok.stderr
        assert "valid (" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\nobjects:\n  Account: {owner: erp}\n", encoding="utf-8"
    )
    found = _run([sfspec, "validate", "bad.yaml"], cwd=tmp_path)
    assert found.returncode == 1 and "bad.yaml:5:" in found.stdout and "SFS101" in found.stdout
    zip_ = tmp_path / "zip.yaml"  # the standard-object catalogue is found in the installed wheel
    zip_.write_text(
        "sfspec: 1\nsystems:\n  crm: {kind: salesforce}\nobjects:\n  Account:\n    owner: crm\n"
        "    fields:\n      BillingZip: {type: Text}\n",
        encoding="utf-8",
    )
    found = _run([sfspec, "validate", "zip.yaml"], cwd=tmp_path)
    assert found.returncode == 1 and "zip.yaml:8:" in found.stdout and "'BillingPostalCode'" in found.stdout
    assert _run([sfspec, "validate", "--bogus"], cwd=tmp_path).returncode == 64
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "landscape", "minimal.yaml", "zip.yaml"]
