#!/usr/bin/env bash
# Builds the Dockerfile's image (stylist-server and stylist-gateway) with
# buildah, on a machine with no container runtime and no registry: chroot
# isolation, vfs storage, run as root. Not part of the default test run (it
# compiles the server again inside the build, tens of minutes on 2 cores).
#   tools/build-images.sh            build localhost/stylist:local, report sizes, smoke-test it
#   tools/build-images.sh --smoke    only the smoke test of an image built before
#
# The Dockerfile's base images come from Docker Hub, which these machines
# cannot reach. Stand-ins are made locally and tagged with the official
# names, so the Dockerfile builds unchanged:
#   debian:bookworm, debian:bookworm-slim   debootstrap (minbase) from the Debian mirror
#   golang:1.26-bookworm                    that, with the Go toolchain the project builds with
#                                           (tools/install-deps.sh: from the Go module proxy)
#   node:22-bookworm-slim                   that, with Debian's nodejs and npm (18: enough for
#                                           the docs bundle, which only runs npm ci)
# The smoke test runs the image's binaries in containers (buildah run, the
# host's network) against a throwaway PostgreSQL: the edge's /healthz is
# 200 and a user registers over REST.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export BUILDAH_ISOLATION=chroot
# vfs: no overlay mounts needed (none are allowed here); every call names it.
buildah() { command buildah --storage-driver vfs "$@"; }
[[ "$(id -u)" == 0 ]] || { echo "build-images: run as root (buildah with chroot isolation)" >&2; exit 1; }
tools/install-deps.sh
for tool in buildah debootstrap; do
  command -v "$tool" >/dev/null || { echo "build-images: installing $tool" >&2; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends buildah debootstrap >/dev/null; }
done
export PATH="$root/.tools/go/bin:/usr/local/go/bin:$root/.tools/bin:$PATH"
image=localhost/stylist:local
step() { printf '\n=== build-images: %s (%s)\n' "$*" "$(date -u +%H:%M:%S)" >&2; }
have() { buildah images --quiet "$1" >/dev/null 2>&1; }

if [[ "${1:-}" != --smoke ]]; then
  if ! have docker.io/library/debian:bookworm; then
    step "debian:bookworm from the Debian mirror (debootstrap)"
    ctr="$(buildah from scratch)"
    mnt="$(buildah mount "$ctr")"
    debootstrap --variant=minbase bookworm "$mnt" http://deb.debian.org/debian >/dev/null
    rm -rf "$mnt"/var/cache/apt/archives/*.deb "$mnt"/var/lib/apt/lists/*
    # The certificate authorities this machine adds to Debian's (a proxy's
    # on the way out, say): the builds inside fetch over TLS through it
    # (pip, npm, the Go module proxy), and ca-certificates, which the
    # Dockerfile installs, takes them in.
    if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
      mkdir -p "$mnt/usr/local/share/ca-certificates"
      cp /usr/local/share/ca-certificates/*.crt "$mnt/usr/local/share/ca-certificates/"
    fi
    buildah umount "$ctr" >/dev/null
    buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --cmd /bin/bash "$ctr"
    buildah commit --quiet "$ctr" docker.io/library/debian:bookworm >/dev/null
    buildah tag docker.io/library/debian:bookworm docker.io/library/debian:bookworm-slim
    buildah rm "$ctr" >/dev/null
  fi
  if ! have docker.io/library/golang:1.26-bookworm; then
    step "golang:1.26-bookworm: debian with this project's Go toolchain"
    ctr="$(buildah from docker.io/library/debian:bookworm)"
    buildah run "$ctr" -- sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates git >/dev/null && rm -rf /var/lib/apt/lists/*'
    buildah copy --quiet "$ctr" "$(go env GOROOT)" /usr/local/go >/dev/null
    buildah config --env PATH=/usr/local/go/bin:/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      --env GOPATH=/go --env GOTOOLCHAIN=local "$ctr"
    buildah commit --quiet "$ctr" docker.io/library/golang:1.26-bookworm >/dev/null
    buildah rm "$ctr" >/dev/null
  fi
  if ! have docker.io/library/node:22-bookworm-slim; then
    step "node:22-bookworm-slim: debian with Debian's nodejs and npm"
    ctr="$(buildah from docker.io/library/debian:bookworm)"
    buildah run "$ctr" -- sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates nodejs npm >/dev/null && rm -rf /var/lib/apt/lists/*'
    buildah commit --quiet "$ctr" docker.io/library/node:22-bookworm-slim >/dev/null
    buildah rm "$ctr" >/dev/null
  fi
  step "the Dockerfile (buildah bud, chroot isolation, vfs storage)"
  started=$(date +%s)
  # No cached layers: with vfs every layer is a full copy of the file
  # system (a build stage is about 2 GB), which would take tens of GB.
  buildah bud --pull=never --layers=false --isolation chroot -f Dockerfile -t "$image" . >/tmp/stylist-build-images.log 2>&1 \
    || { tail -40 /tmp/stylist-build-images.log >&2; echo "build-images: the build failed (log: /tmp/stylist-build-images.log)" >&2; exit 1; }
  echo "build-images: built $image in $(( $(date +%s) - started )) s" >&2
  # The build stages' images are not needed once the runtime image exists.
  buildah images --format '{{.ID}} {{.Name}}' | awk '$2 == "<none>" {print $1}' | xargs -r buildah rmi >/dev/null 2>&1 || true
fi

step "sizes"
buildah images --format '{{.Name}}:{{.Tag}}  {{.Size}}' | grep -E 'stylist|debian|golang|node' >&2

step "smoke test: the image's server and edge against a throwaway PostgreSQL"
work="$(mktemp -d /tmp/stylist-image-smoke.XXXXXX)"
chmod 755 "$work"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pg_port="$(free_port)"; grpc_port="$(free_port)"; http_port="$(free_port)"
containers=()
cleanup() {
  # The processes buildah run started (chroot isolation: plain children,
  # found by their command lines), then the containers.
  pkill -TERM -f "stylist-server --listen-address=127.0.0.1:$grpc_port" 2>/dev/null || true
  pkill -TERM -f "stylist-gateway -listen 127.0.0.1:$http_port" 2>/dev/null || true
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for c in "${containers[@]}"; do buildah rm "$c" >/dev/null 2>&1 || true; done
  tools/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
pids=()
trap cleanup EXIT
STYLIST_PG_FSYNC=off tools/pg.sh start "$work/pg" "$pg_port"
server="$(buildah from "$image")"; containers+=("$server")
edge="$(buildah from "$image")"; containers+=("$edge")
buildah run --env STYLIST_DATABASE_URL="postgresql://postgres@127.0.0.1:$pg_port/postgres" \
  --env STYLIST_JWT_SECRET="image-smoke-secret-0123456789abcdef0123" \
  --env STYLIST_METRICS_ADDRESS=off --env STYLIST_STORAGE_DIR=/tmp/blobs \
  "$server" -- stylist-server "--listen-address=127.0.0.1:$grpc_port" >"$work/server.log" 2>&1 &
pids+=($!)
buildah run "$edge" -- stylist-gateway -listen "127.0.0.1:$http_port" -upstream "127.0.0.1:$grpc_port" \
  -metrics-listen off >"$work/edge.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null \
  || { cat "$work/server.log" "$work/edge.log" >&2; echo "build-images: the image's edge never became healthy" >&2; exit 1; }
answer="$(curl -s -w ' %{http_code}' -H 'Content-Type: application/json' \
  -d '{"email":"image@example.com","password":"Silk-Scarf-2026","username":"image_smoke"}' \
  "http://127.0.0.1:$http_port/v1/auth:register")"
[[ "$answer" == *" 200" && "$answer" == *access_token* ]] \
  || { echo "build-images: register through the image failed: $answer" >&2; exit 1; }
echo "build-images: smoke test passed (healthz 200, a user registered through the image's edge and server)" >&2
