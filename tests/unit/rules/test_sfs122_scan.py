"""SFS122 tries a secret shape only on lines that hold one of its clues: it must find exactly what
trying every shape on every line finds (same lines, columns and kinds)."""

from __future__ import annotations

import random

from sfspec.rules.sfs122_secret_in_text import CLUES, PATTERNS, secrets_in

# Secret-like pieces (split so repository secret scanners do not flag this file), near misses, and
# the characters around which a whole-text search could differ from a per-line one.
PIECES = [
    "https://bob:pa55@host.example.com/x",
    "git+ssh://u:p@h",
    "x://a:b@",
    "://no-scheme:pw@h",
    "-----BEGIN " + "RSA PRIVATE KEY-----",
    "-----BEGIN " + "PRIVATE KEY-----",
    "AKIA" + "IOSFODNN7EXAMPLE",
    "ASIA" + "IOSFODNN7EXAMPL",  # one short
    "ASIA" + "IOSFODNN7EXAMPLE",
    "xAKIA" + "IOSFODNN7EXAMPLE",  # no word boundary before
    "sk_" + "live_4eC39HqLyjWDarjtT1zdp7dc",
    "rk_" + "test_0123456789",
    "xox" + "b-123456789012-abcdefghijkl",
    *("gh" + c + "_" + "a" * 30 for c in "pousr"),
    "xox" + "s-abcdefghij",
    "sk_" + "test_0123456789",
    "rk_" + "live_0123456789",
    "-----BEGIN " + "EC PRIVATE KEY-----",
    "AIza" + "b" * 35,
    "00D" + "x" * 12 + "!" + "y" * 20,
    "sk_ prefix",
    "ops@example.com",
    "secret:erp",
    "word",
    "Zürich",
    "_",
    "",
]
BREAKS = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
GLUE = [" ", "", "-", ":", "@", "/", ".", "a", "_", "\t", "# ", *BREAKS]


def by_every_line(text: str) -> list[tuple[int, int, str]]:
    """The definition: each line, each shape in PATTERNS order, the first that matches."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for kind, pattern in PATTERNS:
            match = pattern.search(line)
            if match:
                found.append((number, match.start() + 1, kind))
                break
    return found


def test_the_scan_by_clues_finds_what_a_scan_of_every_line_finds() -> None:
    rng = random.Random(122)
    texts = [rng.choice(GLUE).join(rng.choices(PIECES, k=rng.randint(1, 12))) for _ in range(3000)]
    texts += [b.join(PIECES) for b in BREAKS] + ["", "\n", "AKIA" + "IOSFODNN7EXAMPLE"]
    kinds_seen = set()
    for text in texts:
        expected = by_every_line(text)
        assert list(secrets_in(text)) == expected, repr(text)
        kinds_seen |= {k for _, _, k in expected}
    assert kinds_seen == {kind for kind, _ in PATTERNS}  # every shape was exercised


def test_every_shape_has_clues() -> None:
    assert set(CLUES) == {kind for kind, _ in PATTERNS} and all(CLUES.values())


def test_a_line_with_several_shapes_is_reported_once_as_the_first_shape_in_pattern_order() -> None:
    line = "sk_" + "live_4eC39HqLyjWDarjtT1zdp7dc then https://u:p@h"
    assert list(secrets_in("ok\n" + line + "\n")) == [(2, len(line) - len("https://u:p@h") + 1, "a password in a URL")]
