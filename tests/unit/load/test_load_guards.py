"""Stage 1's hostile-input guards (sfspec/load/guards.py); tests/hardening throws the corpus at them."""

from __future__ import annotations

from sfspec.load.guards import expanded_size


def test_expanded_size_counts_aliases_without_expanding_them() -> None:
    leaf = ["x"] * 10
    level = leaf
    for _ in range(8):
        level = [level] * 10
    assert expanded_size({"bomb": level}) > 2_000_000
    assert expanded_size({"a": [1, 2, 3]}) == 5
