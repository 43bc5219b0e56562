"""Same spec, same bytes (research P5): no timestamps, stable order, no dependence on the cwd."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from sf_support import HERE, generate_files

from sfspec.resources import specs_dir


def test_two_runs_give_identical_output():
    first = generate_files(specs_dir() / "landscape", "dev")
    second = generate_files(specs_dir() / "landscape", "dev")
    assert [(f.path, f.content) for f in first] == [(f.path, f.content) for f in second]


def test_output_does_not_depend_on_the_working_directory(tmp_path):
    spec = HERE / "fixtures" / "every_shape.yaml"
    here = generate_files(spec)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        there = generate_files(Path(os.path.relpath(spec, tmp_path)))
    finally:
        os.chdir(cwd)
    assert [(f.path, f.content) for f in here] == [(f.path, f.content) for f in there]


def test_no_timestamps_and_lf_only():
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    for f in generate_files(HERE / "fixtures" / "every_shape.yaml"):
        assert "\r" not in f.content, f.path
        assert today not in f.content, f.path
        assert f.content.endswith("\n"), f.path


def test_output_does_not_depend_on_the_hash_seed():
    """Sets and dicts must never leak their order into files: two interpreters, two seeds."""
    import hashlib
    import subprocess
    import sys

    script = (
        "import hashlib, sys; sys.path.insert(0, sys.argv[1]); from sf_support import generate_files, HERE; "
        "files = generate_files(HERE / 'fixtures' / 'every_shape.yaml'); "
        "print(hashlib.sha256(repr([(f.path, f.content) for f in files]).encode()).hexdigest())"
    )
    digests = set()
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", script, str(HERE)], capture_output=True, text=True, env=env, check=True
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1
    assert hashlib.sha256(b"").hexdigest() not in digests
