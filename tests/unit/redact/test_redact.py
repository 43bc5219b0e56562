"""sfspec.redact masks known secret values, in every form they may be printed, and nothing else."""

from __future__ import annotations

import json
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from sfspec.redact import MASK, Redactor, env_references, redactor_for

TOKEN = "00D5g000004!AQ8AQ.canary/token+x=="


def test_env_references_are_found_anywhere_in_the_spec() -> None:
    data = {
        "systems": {"erp": {"auth": {"client_id": "env:ERP_ID", "client_secret": "secret:s"}}},
        "environments": {"dev": {"systems": {"erp": {"auth": {"password": "env:ERP_PW"}}}}},
        "list": ["env:IN_LIST", 3, None],
        "description": "see env:IN_TEXT",
    }
    assert env_references(data) == {"ERP_ID", "ERP_PW", "IN_LIST", "IN_TEXT"}


def test_known_variables_and_spec_references_are_masked() -> None:
    env = {
        "SF_ACCESS_TOKEN": TOKEN,
        "ERP_ID": "erp-client-canary",
        "SF_INSTANCE_URL": "https://x.my.salesforce.com",
        "UNRELATED": "not-a-secret-value",
    }
    redact = redactor_for(env, {"auth": {"client_id": "env:ERP_ID"}})
    text = f"token={TOKEN} id=erp-client-canary url=https://x.my.salesforce.com other=not-a-secret-value"
    assert redact(text) == f"token={MASK} id={MASK} url=https://x.my.salesforce.com other=not-a-secret-value"


def test_encoded_forms_are_masked() -> None:
    redact = Redactor.of([TOKEN])
    for form in (json.dumps(TOKEN), quote(TOKEN, safe=""), f"Bearer {TOKEN}"):
        assert TOKEN not in redact(form) and MASK in redact(form)
    assert quote(TOKEN, safe="") not in redact(f"?t={quote(TOKEN, safe='')}")


def test_short_values_are_not_masked_and_empty_redactor_is_identity() -> None:
    redact = Redactor.of(["dev", "", "abc12"])
    assert not redact and redact("dev abc12") == "dev abc12"


def test_a_secret_containing_another_is_masked_whole() -> None:
    assert Redactor.of(["secret", "secret-longer"])("x secret-longer y") == f"x {MASK} y"


@given(secret=st.text(min_size=6, max_size=40), before=st.text(max_size=30), after=st.text(max_size=30))
def test_the_secret_never_survives(secret: str, before: str, after: str) -> None:
    assert secret not in Redactor.of([secret])(before + secret + after)


def test_a_registry_masks_every_value_remembered_so_far() -> None:
    from sfspec.redact import SecretRegistry

    known = SecretRegistry()
    assert known("token-one-canary") == "token-one-canary"
    known.add("token-one-canary", None, "", "short")
    known.add_environment(
        {"SF_ACCESS_TOKEN": TOKEN, "SPEC_VAR": "spec-var-canary", "OTHER": "other-value"}, ["SPEC_VAR"]
    )
    text = f"a token-one-canary b {TOKEN} c {quote(TOKEN, safe='')} d spec-var-canary e other-value f short"
    assert known(text) == f"a {MASK} b {MASK} c {MASK} d {MASK} e other-value f short"


def test_the_redacting_stream_masks_tokens_written_in_pieces() -> None:
    import io

    from sfspec.redact import RedactingStream, SecretRegistry

    known = SecretRegistry()
    known.add(TOKEN)
    target = io.StringIO()
    stream = RedactingStream(target, known)
    stream.write("session " + TOKEN[:7])
    stream.write(TOKEN[7:] + " refused\nnext ")
    assert target.getvalue() == f"session {MASK} refused\n"
    stream.write(TOKEN)
    stream.flush()
    assert target.getvalue() == f"session {MASK} refused\nnext {MASK}"
    assert stream.encoding and not stream.isatty()


def test_a_token_learnt_mid_run_is_masked_in_everything_printed_after(capsys) -> None:
    """The CLI's streams mask what sfspec remembers while it runs (an sf CLI token), including
    output that does not go through click (a library writing to sys.stderr)."""
    import sys

    import click

    from sfspec.cli import cli, main
    from sfspec.redact import remember

    learnt = "00DLEARNT!mid-run-token-canary-0917"

    @cli.command("leak-test")
    def leak_test() -> None:
        remember(learnt)
        click.echo(f"stdout {learnt}")
        print(f"library stderr {learnt}", file=sys.stderr)

    try:
        assert main(["leak-test"]) == 0
    finally:
        cli.commands.pop("leak-test")
    out, err = capsys.readouterr()
    assert learnt not in out + err
    assert f"stdout {MASK}" in out and f"library stderr {MASK}" in err
