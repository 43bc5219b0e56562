#!/usr/bin/env bash
# Meltano and the Singer plugins the end-to-end test runs (tests/e2e/test_meltano_run.py).
#   .venv/      meltano itself (also provides meltano/schemas/meltano.schema.json)
#   .project/   a Meltano project whose `meltano install` built the plugin venvs the test links
#               into the generated project: tap-salesforce and target-jsonl, pinned as sfspec
#               generates them (meltano keeps one venv per plugin: singer-python's pins clash
#               with Meltano's own).
# Idempotent: a folder whose stamp matches the pins is kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
PY="${PYTHON:-python3}"
MELTANO="meltano==4.4.1"
TAP="tap-salesforce==2.8.1"
TARGET="target-jsonl==0.1.4"
export MELTANO_SEND_ANONYMOUS_USAGE_STATS=false

quiet() {  # run a command; show its output only when it fails
  local log
  log="$(mktemp)"
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
}

if [ "$(cat "$here/.venv/.sfspec-installed" 2>/dev/null)" != "$MELTANO" ]; then
  rm -rf "$here/.venv"
  "$PY" -m venv "$here/.venv"
  quiet "$here/.venv/bin/python" -m pip install -q --disable-pip-version-check "$MELTANO"
  echo "$MELTANO" > "$here/.venv/.sfspec-installed"
fi

project="$here/.project"
if [ "$(cat "$project/.sfspec-installed" 2>/dev/null)" != "$MELTANO $TAP $TARGET" ]; then
  rm -rf "$project"
  mkdir -p "$project"
  cat > "$project/meltano.yml" <<YAML
project_id: sfspec-test-plugins
send_anonymous_usage_stats: false
plugins:
  extractors:
    - {name: tap-salesforce, namespace: tap_salesforce, pip_url: "$TAP", executable: tap-salesforce}
  loaders:
    - {name: target-jsonl, namespace: target_jsonl, pip_url: "$TARGET", executable: target-jsonl}
YAML
  (cd "$project" && quiet "$here/.venv/bin/meltano" install)
  echo "$MELTANO $TAP $TARGET" > "$project/.sfspec-installed"
fi
