#!/usr/bin/env bash
# Fetches the googleapis common .proto files (google/api, google/rpc,
# google/type) that our contracts import, from the pinned PyPI wheel
# googleapis-common-protos, verified by hash. They are not committed: they are
# another project's files. Output: third_party/googleapis/ (git-ignored).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/third_party/googleapis}"
version="1.66.0"
sha256="d7abcd75fabb2e0ec9f74466401f6c119a0b498e27370e9be4c94cb7e382b8ed"
stamp="$out/.version"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; then
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
printf 'googleapis-common-protos==%s --hash=sha256:%s\n' "$version" "$sha256" >"$tmp/req.txt"
python3 -m pip download --quiet --no-deps --only-binary=:all: --require-hashes \
  -r "$tmp/req.txt" -d "$tmp/wheel"
rm -rf "$out"
mkdir -p "$out"
python3 - "$tmp/wheel" "$out" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.endswith(".proto") and name.split("/")[1] in ("api", "rpc", "type"):
            z.extract(name, sys.argv[2])
PY
echo "$version" >"$stamp"
