#!/usr/bin/env bash
# Regenerate the Python lock files from pyproject.toml with pip-tools:
#   requirements.txt        what the site needs (README command 1 installs it)
#   requirements-test.txt   the same versions plus the test extra (tests/run.sh installs it)
# Every package, indirect ones and the build backend included, is pinned with its hashes.
#   bash tests/update-lock.sh              keep today's pins, add or drop what pyproject.toml changed
#   bash tests/update-lock.sh --upgrade    take the newest releases the ranges allow
# Resolved from PyPI alone (a machine's own pip configuration is ignored), with the
# Python that runs this script: the lock is made for Python 3.11, like CI.
set -euo pipefail
cd "$(dirname "$0")/.."

tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
unset PIP_FIND_LINKS PIP_EXTRA_INDEX_URL PIP_CONSTRAINT PIP_INDEX_URL
export PIP_CONFIG_FILE=/dev/null
python3 -m venv "$tools"
"$tools/bin/python" -m pip install -q --disable-pip-version-check 'pip-tools==7.7.0'

compile=("$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras
         --no-emit-index-url --no-emit-find-links --build-deps-for=editable "$@")
CUSTOM_COMPILE_COMMAND="bash tests/update-lock.sh" \
  "${compile[@]}" --output-file=requirements.txt pyproject.toml
# The test lock is constrained by the runtime lock, so both name the same versions.
CUSTOM_COMPILE_COMMAND="bash tests/update-lock.sh" \
  "${compile[@]}" --extra=test --constraint=requirements.txt --output-file=requirements-test.txt pyproject.toml
echo "Wrote requirements.txt and requirements-test.txt"
