#!/usr/bin/env bash
# Makes .tools/venv-smtp-sink, the Python the e2e tests' SMTP relay runs in
# (gateway/e2e/testdata/smtp_sink.py, aiosmtpd from PyPI at the versions
# its requirements file pins), and prints its python's path. Quick when it
# is already there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.tools/venv-smtp-sink"
requirements="$root/gateway/e2e/testdata/requirements-smtp-sink.txt"
stamp="$venv/.requirements"
if [[ ! -x "$venv/bin/python" ]] || ! cmp -s "$requirements" "$stamp"; then
  "${STYLIST_PYTHON:-/usr/bin/python3}" -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$requirements" >&2
  cp "$requirements" "$stamp"
fi
echo "$venv/bin/python"
