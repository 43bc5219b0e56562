#!/usr/bin/env bash
# Install the real validators the test suite runs generated output through: every generated
# artifact is checked by the tool that consumes it.
# Each subfolder with a package.json is an npm project pinned by its package-lock.json.
# Idempotent: a second run installs nothing new.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
command -v shellcheck >/dev/null 2>&1 || need_apt+=(shellcheck)  # actionlint checks `run:` scripts with it
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "tests/validators/install.sh: please install: ${need_apt[*]} (tests that need them will fail)" >&2
  fi
fi

for pkg in "$here"/*/package.json; do
  [ -f "$pkg" ] || continue
  dir="$(dirname "$pkg")"
  stamp="$dir/node_modules/.sfspec-installed"
  # The stamp holds a digest of what was installed (not a time: a fresh checkout or a second
  # worktree has newer file times for the same pins, and reinstalling under running tests breaks them).
  want="$(cat "$pkg" "$dir/package-lock.json" 2>/dev/null | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    if [ -f "$dir/package-lock.json" ]; then
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    else
      (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
    fi
    echo "$want" > "$stamp"
  fi
done
for script in "$here"/*/install-extra.sh; do
  [ -f "$script" ] && bash "$script"
done
exit 0
