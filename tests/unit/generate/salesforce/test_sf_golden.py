"""Golden trees for the landscape, every example and the every-shape fixture.

Refresh after an intended change: SFSPEC_UPDATE_GOLDEN=1 pytest tests/unit/generate/salesforce/test_sf_golden.py
and review the diff of tests/golden/salesforce/ like any code change.
"""

from __future__ import annotations

import os
import shutil

import pytest
from sf_support import ROOT, spec_cases

GOLDEN = ROOT / "tests" / "golden" / "salesforce"


@pytest.mark.parametrize("case", sorted(spec_cases()))
def test_output_matches_the_golden_tree(projects, case):
    files, _ = projects[case]
    expected_root = GOLDEN / case
    actual = {f.path: f.content for f in files}
    if os.environ.get("SFSPEC_UPDATE_GOLDEN") == "1":
        shutil.rmtree(expected_root, ignore_errors=True)
        for path, content in actual.items():
            target = expected_root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="\n")
    assert expected_root.is_dir(), f"no golden tree for {case}: run with SFSPEC_UPDATE_GOLDEN=1"
    expected = {
        p.relative_to(expected_root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(expected_root.rglob("*"))
        if p.is_file()
    }
    assert sorted(actual) == sorted(expected), "the set of generated files changed"
    changed = [path for path in actual if actual[path] != expected[path]]
    assert changed == [], f"generated content differs from tests/golden/salesforce/{case}"
