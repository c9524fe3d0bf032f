#!/usr/bin/env bash
# Installs the Python client (with its pinned test dependencies) into
# .tools/venv-python-client and runs its end-to-end tests, which need a live
# stack: run it through tools/test-stack.sh, which exports STYLIST_EDGE_ADDR
# and STYLIST_BOOTSTRAP_API_KEY (the tests fail without them). Extra
# arguments go to pytest.
#
#   tools/test-stack.sh clients/python/test.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/clients/python"
venv="$root/.tools/venv-python-client"
py="${STYLIST_PYTHON:-/usr/bin/python3}"

[[ -f "$here/stylist/v1/user_pb2.py" ]] || { echo "test: no generated code; run clients/python/generate.sh" >&2; exit 1; }
[[ -x "$venv/bin/python" ]] || "$py" -m venv "$venv"
pip=("$venv/bin/python" -m pip --disable-pip-version-check --quiet)
"${pip[@]}" install -r "$here/requirements-tools.txt" -r "$here/requirements-test.txt"
# A regular (not editable) install, so the tests import what a user would
# get; built with the venv's pinned setuptools, in a scratch copy so that no
# build/ or egg-info is left in the tree.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp -R "$here/pyproject.toml" "$here/README.md" "$here/stylist" "$here/stylist_client" "$scratch/"
"${pip[@]}" install --no-build-isolation --no-deps --force-reinstall "$scratch"
"${pip[@]}" check

cd "$here"
export PYTHONDONTWRITEBYTECODE=1
# -P: the tests import the installed package, not the source tree in cwd.
exec "$venv/bin/python" -P -m pytest -p no:cacheprovider -v "$@"
