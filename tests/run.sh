#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run it.
#   bash tests/run.sh [pytest arguments]          e.g. -m "not slow" for the fast tier (about two minutes)
# Installs (when missing): Debian's chromium (unless $CHROMIUM names another build) and a
# Java runtime (root or sudo needed),
# a virtual environment in .venv with the locked packages (requirements-test.txt), and the
# npm checkers (axe-core, vnu-jar) in tests/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -n "${CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v git >/dev/null 2>&1 || missing+=(git)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Install only what is missing or out of date: a stamp records the lock and
# package-lock.json that the installed packages came from. Python packages come from the
# lock alone, checked against its hashes, then the
# project itself without its dependencies and with the locked setuptools.
[ -x .venv/bin/python ] || python3 -m venv .venv
python_stamp=".venv/.installed-$(cat requirements-test.txt pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$python_stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check \
    --require-hashes -r requirements-test.txt
  .venv/bin/python -m pip install -q --disable-pip-version-check \
    --no-deps --no-build-isolation -e .
  rm -f .venv/.installed-* && touch "$python_stamp"
fi
npm_stamp="tests/node_modules/.installed-$(sha256sum tests/package-lock.json | cut -c1-16)"
if [ ! -f "$npm_stamp" ]; then
  # --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime; the machine's Java is used.
  npm ci --prefix tests --ignore-scripts --no-audit --no-fund --silent
  touch "$npm_stamp"
fi

exec .venv/bin/python -m pytest "$@"
