#!/usr/bin/env bash
# Installs the Go tools at pinned versions into .tools/bin (git-ignored), with
# `go install` from the Go module proxy: code generation (buf and plugins)
# and grpcurl always; with --bench also the load generators (ghz, hey).
# Safe to run again: a tool already built at the pinned version is left alone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$here/.tools/bin"
export PATH="$here/.tools/go/bin:/usr/local/go/bin:$PATH"
export GOBIN="$bin"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"

# name  package  version
tools=(
  "buf                     github.com/bufbuild/buf/cmd/buf                                  v1.75.0"
  "protoc-gen-go           google.golang.org/protobuf/cmd/protoc-gen-go                     v1.36.12"
  "protoc-gen-go-grpc      google.golang.org/grpc/cmd/protoc-gen-go-grpc                    v1.6.2"
  "protoc-gen-grpc-gateway github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-grpc-gateway v2.32.0"
  "protoc-gen-openapiv2    github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-openapiv2    v2.32.0"
  "grpcurl                 github.com/fullstorydev/grpcurl/cmd/grpcurl                      v1.9.1"
)
bench_tools=(
  "ghz                     github.com/bojand/ghz/cmd/ghz                                    v0.120.0"
  "hey                     github.com/rakyll/hey                                            v0.1.4"
)
if [[ "${1:-}" == "--bench" ]]; then tools+=("${bench_tools[@]}"); fi

mkdir -p "$bin"
for line in "${tools[@]}"; do
  read -r name pkg version <<<"$line"
  stamp="$bin/.$name.version"
  if [[ -x "$bin/$name" && -f "$stamp" && "$(cat "$stamp")" == "$pkg@$version" ]]; then
    continue
  fi
  echo "installing $pkg@$version" >&2
  go install "$pkg@$version"
  echo "$pkg@$version" >"$stamp"
done
