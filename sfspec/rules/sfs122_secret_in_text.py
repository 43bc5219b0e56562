from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from sfspec.codes import Code
from sfspec.diagnostics import Diagnostic, SourceRange
from sfspec.rules.base import Rule, RuleContext, rule

# Well-known shapes of credentials. The value is never echoed: findings name only the kind.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A scheme starts where no scheme character precedes it, and every part is bounded: an unbounded
    # `[A-Za-z0-9+.-]*` tried from each letter of a 250 KB comment line took minutes (quadratic).
    (
        "a password in a URL",
        re.compile(r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}://[^\s/@:]{1,256}:[^\s/@]{1,256}@"),
    ),
    ("a private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("an AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a Stripe secret key", re.compile(r"\b[sr]k_(?:live|test)_[0-9A-Za-z]{10,}")),
    ("a Slack token", re.compile(r"\bxox[abprs]-[0-9A-Za-z-]{10,}")),
    ("a GitHub token", re.compile(r"\bgh[pousr]_[0-9A-Za-z]{30,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("a Salesforce session id", re.compile(r"\b00D[0-9A-Za-z]{12,15}![0-9A-Za-z._]{20,}")),
)
# Text every match of a kind holds (one of them): a line without any is not searched. The patterns
# start with `\b` or a look-behind, from which `re` cannot skip ahead to a likely start, so each
# search tries every position of the line; a substring test does not (most of this rule's time in a
# large plan went to searching lines that held none of these).
CLUES: dict[str, tuple[str, ...]] = {
    "a password in a URL": ("://",),
    "a private key": ("-----BEGIN ",),
    "an AWS access key id": ("AKIA", "ASIA"),
    "a Stripe secret key": ("k_live_", "k_test_"),
    "a Slack token": ("xox",),
    "a GitHub token": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    "a Google API key": ("AIza",),
    "a Salesforce session id": ("00D",),
}


@rule(Code.SFS122, "secret-in-text")
def check(ctx: RuleContext, r: Rule) -> Iterable[Diagnostic]:
    """Secrets belong in a secret store and are referenced as `secret:NAME` or `env:NAME`
    (SFS109 catches a literal in a credential slot). This rule scans every line of the spec,
    comments included, for well-known credential shapes: `user:password@` in a URL, private
    keys (`-----BEGIN … PRIVATE KEY-----`), AWS key ids (`AKIA…`), Stripe (`sk_live_…`), Slack
    (`xoxb-…`), GitHub (`ghp_…`) and Google (`AIza…`) keys, and Salesforce session ids. The
    finding names the kind of secret, never its value. Remove it from the spec and rotate it:
    it is in your version control history.
    """
    for source in ctx.doc.files:
        for number, column, kind in secrets_in(source.text):
            yield r.finding(
                f"line holds {kind}",
                SourceRange.at(source.path, number, column),
                "remove it, rotate it, and reference it as `secret:NAME` or `env:NAME`",
            )


def secrets_in(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, 1-based column, kind) of the first secret shape, in PATTERNS order, on each line that holds one.

    A shape is tried only on the lines that hold one of its CLUES, and on none when the text holds none."""
    candidates = [(kind, pattern, CLUES[kind]) for kind, pattern in PATTERNS if any(c in text for c in CLUES[kind])]
    if not candidates:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        for kind, pattern, clues in candidates:
            if any(c in line for c in clues):
                match = pattern.search(line)
                if match:
                    yield number, match.start() + 1, kind
                    break
