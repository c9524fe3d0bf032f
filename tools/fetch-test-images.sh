#!/usr/bin/env bash
# Fetches the face photos the skin-analysis tests use, from Debian packages:
# astronaut.png (scikit-image's sample data, public domain, NASA) from
# python3-skimage. The package is downloaded and unpacked into
# .tools/testdata rather than installed: the tests need one file, not
# scikit-image and its dependencies. Nothing is committed to the repository.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.tools/testdata/faces"
[[ -s "$out/astronaut.png" ]] && exit 0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download python3-skimage >/dev/null 2>&1) || {
  [[ "$(id -u)" == 0 ]] && apt-get update -qq && (cd "$tmp" && apt-get download python3-skimage >/dev/null)
}
dpkg-deb -x "$tmp"/python3-skimage_*.deb "$tmp/x"
mkdir -p "$out"
cp "$tmp/x/usr/lib/python3/dist-packages/skimage/data/astronaut.png" "$out/"
echo "fetch-test-images: astronaut.png in $out" >&2
