#!/usr/bin/env bash
# Generates the Dart client (clients/dart/lib/src/generated) where a Dart or
# Flutter SDK is installed. protoc-gen-dart comes from the protoc_plugin
# package, at the version pinned below.
#
#   clients/dart/generate.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
protoc_plugin_version=22.5.0
command -v dart >/dev/null || { echo "generate.sh: no dart on PATH; install the Dart or Flutter SDK" >&2; exit 1; }
dart pub global activate protoc_plugin "$protoc_plugin_version" >/dev/null
export PATH="$HOME/.pub-cache/bin:$PATH"
"$root/tools/fetch-googleapis-protos.sh"
rm -rf "$here/lib/src/generated"
cd "$root"
"$root/.tools/bin/buf" generate --template clients/dart/buf.gen.yaml
(cd "$here" && dart pub get && dart analyze lib)
