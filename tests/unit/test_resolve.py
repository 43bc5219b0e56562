"""Stage 4a: an environment's overrides make the effective spec (systems, flows, the org's integration user)."""

from __future__ import annotations

from pathlib import Path

from sfspec import resolve
from sfspec.api import check_spec
from sfspec.generate import generate
from sfspec.generate.context import GenerationContext

SPEC = """\
sfspec: 1
salesforce:
  integration_user: integration@acme.example
systems:
  crm: {kind: salesforce}
  erp:
    kind: erp
    base_url: https://erp.acme.example
  esb: {kind: middleware, engine: camel}
objects:
  Account:
    owner: crm
    fields:
      Name: {type: Text}
flows:
  account-to-erp:
    source: crm
    target: erp
    object: Account
    transport: rest
    endpoint: {path: /customers}
    mapping:
      - {field: Name, remote: name}
  account-to-esb:
    source: crm
    target: erp
    via: esb
    object: Account
    transport: streaming
    event: cdc
    endpoint: {path: /customers}
    mapping:
      - {field: Name, remote: name}
environments:
  dev:
    org: mock:dev.json
    salesforce:
      integration_user: integration@acme.example.dev
  prod:
    org: mock:prod.json
"""


def _files(tmp_path: Path, environment: str | None) -> dict[str, str]:
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC, encoding="utf-8")
    checked, diags = check_spec(path)
    assert checked is not None, [d.format() for d in diags]
    resolved, diags = resolve.for_environment(checked.spec, checked.doc, path, environment)
    assert resolved is not None, [d.format() for d in diags]
    ctx = GenerationContext(resolved.spec, checked.doc, resolved.environment)
    desired, diags = generate(ctx)
    assert not diags.has_errors(), [d.format() for d in diags]
    return {f.path: f.content for f in desired.files}


CONFIG = (
    "force-app/main/default/PlatformEventSubscriberConfigs/"
    "AccountToErpEventTriggerConfig.platformEventSubscriberConfig-meta.xml"
)


def test_a_sandbox_environment_names_its_own_integration_user(tmp_path: Path):
    """Sandbox usernames carry the sandbox's suffix: the subscriber runs as that user there."""
    dev = _files(tmp_path, "dev")
    assert "<user>integration@acme.example.dev</user>" in dev[CONFIG]
    assert "`integration@acme.example.dev`" in dev["POSTDEPLOY.md"]


def test_without_an_override_the_spec_wide_integration_user_holds(tmp_path: Path):
    for env in ("prod", None):
        files = _files(tmp_path, env)
        assert "<user>integration@acme.example</user>" in files[CONFIG]
        assert "integration@acme.example.dev" not in "".join(files.values())


def test_the_override_is_traced_to_its_environment_line(tmp_path: Path):
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC, encoding="utf-8")
    checked, _ = check_spec(path)
    assert checked is not None
    for env, line in (
        ("dev", SPEC.splitlines().index("      integration_user: integration@acme.example.dev") + 1),
        (None, 3),
    ):
        resolved, _ = resolve.for_environment(checked.spec, checked.doc, path, env)
        assert resolved is not None
        assert GenerationContext(resolved.spec, checked.doc, env).salesforce_at("integration_user").start.line == line
