"""sfspec build: the generated tree in out/, replaced whole; nothing written on errors."""

from __future__ import annotations

from pathlib import Path

from cli_run import sfspec


def test_build_writes_the_generated_tree_and_replaces_it(landscape: Path):
    run = sfspec("build", str(landscape), "-e", "dev")
    assert run.code == 0, run.err
    out = landscape.parent / "out"
    assert (out / "sfdx-project.json").is_file() and (out / "manifest" / "package.xml").is_file()
    assert any(out.glob("force-app/main/default/classes/*.cls")) and any(out.glob("middleware/**/*.yaml"))
    assert run.out.startswith(f"wrote {sum(1 for p in out.rglob('*') if p.is_file()) - 1} file(s) to out/")
    stray = out / "force-app" / "stale.txt"
    stray.write_text("from an older build")
    assert sfspec("build", str(landscape), "-e", "dev").code == 0
    assert not stray.exists()


def test_build_with_spec_errors_writes_nothing(landscape: Path):
    (landscape / "flows.yaml").write_text(
        (landscape / "flows.yaml").read_text().replace("target: erp", "target: nope", 1)
    )
    run = sfspec("build", str(landscape), "-e", "dev", "--out", "fresh")
    assert run.code == 1 and "SFS101" in run.err and "nothing written" in run.err
    assert not Path("fresh").exists()


def test_build_refuses_a_folder_it_did_not_write(landscape: Path):
    run = sfspec("build", str(landscape), "--out", str(landscape))
    assert run.code == 1 and "SFS902" in run.err
    assert (landscape / "landscape.yaml").is_file()
