#!/usr/bin/env bash
# Meltano and the Singer plugins the end-to-end test runs, each in its own virtualenv: singer-python
# (under tap-salesforce and target-jsonl) pins libraries that clash with Meltano's, which is why
# Meltano itself keeps one venv per plugin. Idempotent: a venv whose stamp matches the pins is kept.
#   .venv/                      meltano (also provides meltano/schemas/meltano.schema.json)
#   .plugins/tap-salesforce/    tap-salesforce==2.8.1
#   .plugins/target-jsonl/      target-jsonl==0.1.4
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
PY="${PYTHON:-python3}"

make_venv() {  # dir, pip requirement...
  local dir="$1"; shift
  local want="$*"
  if [ -f "$dir/.sfspec-installed" ] && [ "$(cat "$dir/.sfspec-installed")" = "$want" ]; then
    return 0
  fi
  rm -rf "$dir"
  "$PY" -m venv "$dir"
  # pip's own noise goes to a log that is shown only when the install fails
  if ! "$dir/bin/python" -m pip install -q --disable-pip-version-check "$@" >"$dir.log" 2>&1; then
    cat "$dir.log" >&2
    exit 1
  fi
  rm -f "$dir.log"
  echo "$want" > "$dir/.sfspec-installed"
}

make_venv "$here/.venv" "meltano==4.4.1"
make_venv "$here/.plugins/tap-salesforce" "tap-salesforce==2.8.1"
make_venv "$here/.plugins/target-jsonl" "target-jsonl==0.1.4"
