#!/usr/bin/env bash
# Installs what building, running and testing Stylist need, and only what is
# missing: Debian packages (as root or through sudo), a Go toolchain when
# there is none new enough (from the Go module proxy, into .tools/go), the
# googleapis protos (PyPI wheel) and the pinned Go tools (tools/install-go-tools.sh).
# Safe to run again; a second run on a ready machine takes a second or two.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Build and runtime libraries, the PostgreSQL server, and the tools the
# scripts call. Keep this list in step with the Dockerfile.
packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl unzip python3
  # The e2e tests make their mail relay's certificate with the openssl tool.
  openssl
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libpqxx-dev libpq-dev libsodium-dev libssl-dev nlohmann-json3-dev libcpp-jwt-dev libcurl4-openssl-dev
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libopencv-objdetect-dev opencv-data libtorch-dev
  libjpeg62-turbo-dev libpng-dev libwebp-dev libexif-dev
  prometheus-cpp-dev
  libgtest-dev libgmock-dev
  postgresql-15 postgresql-client-15
  # The clients' tests: the browser test drives Debian's Chromium; the
  # Python client's venv needs venv.
  chromium python3-venv
  # promtool checks the alert rules and the dashboard (deploy/monitoring).
  prometheus
  # Backups of the PostgreSQL cluster (tools/backup.sh, tools/restore.sh).
  pgbackrest
  # The fuzz targets (tools/fuzz.sh): clang and its libFuzzer runtime. Tests
  # only; the Dockerfile's images do not need them.
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
done
# pip fetches the googleapis protos wheel; any python3 with pip will do.
python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
# Node and npm build and test the TypeScript client, and bundle the edge's
# API reference UI (gateway/docsui); any install will do.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  echo "install-deps: installing Debian packages: ${missing[*]}" >&2
  sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  # Debian would start the packages' system-wide daemons (a PostgreSQL
  # cluster, a Prometheus server); Stylist runs its own clusters
  # (tools/pg.sh) and only needs promtool, so a policy-rc.d keeps them from
  # starting while installing (unless the machine has a policy of its own).
  guard=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$guard" >/dev/null
    "${sudo[@]}" chmod 755 "$guard"
  fi
  status=0
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
  if [[ -n "$guard" ]]; then "${sudo[@]}" rm -f "$guard"; fi
  ((status == 0)) || exit "$status"
fi

# The word lists the server reads (server/wordlists: the swap market's
# inappropriate-language list), from npm at the versions of its lock file.
if [[ ! -f "$root/server/wordlists/node_modules/naughty-words/en.json" ]] ||
   [[ "$root/server/wordlists/package-lock.json" -nt "$root/server/wordlists/node_modules/.package-lock.json" ]]; then
  (cd "$root/server/wordlists" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# Go: the one on PATH (or /usr/local/go) when new enough for gateway/go.mod,
# otherwise a toolchain from the Go module proxy.
want_go="$(awk '/^go /{print $2; exit}' "$root/gateway/go.mod")"
version_ok() { # have want
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" == "$2" ]]
}
export PATH="$root/.tools/go/bin:/usr/local/go/bin:$PATH"
have_go="$(go env GOVERSION 2>/dev/null | sed 's/^go//' || true)"
if [[ -z "$have_go" ]] || ! version_ok "$have_go" "$want_go"; then
  arch="$(dpkg --print-architecture)"
  zip="v0.0.1-go${want_go}.linux-${arch}.zip"
  echo "install-deps: fetching Go $want_go from the Go module proxy" >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  curl -fsSL "https://proxy.golang.org/golang.org/toolchain/@v/$zip" -o "$tmp/go.zip"
  unzip -q "$tmp/go.zip" -d "$tmp"
  rm -rf "$root/.tools/go"
  mkdir -p "$root/.tools"
  mv "$tmp"/golang.org/toolchain@*/ "$root/.tools/go"
  chmod +x "$root/.tools/go/bin/"* "$root/.tools/go/pkg/tool/"*/* 2>/dev/null || true
fi

"$root/tools/fetch-googleapis-protos.sh"
"$root/tools/install-go-tools.sh"
"$root/tools/fetch-test-images.sh"
