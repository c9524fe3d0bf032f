#!/usr/bin/env bash
# CI gate on the contracts: lint, regenerate and fail when the committed
# generated code is stale, then check protos/ for breaking changes against a
# git ref (default: the local `main` branch; override with
# BUF_BREAKING_AGAINST=<ref>).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
buf="$root/.tools/bin/buf"
generated=(gateway/gen gateway/openapi clients/go/stylist clients/typescript/src/gen clients/python/stylist)

tools/generate.sh

if ! git diff --exit-code --stat -- "${generated[@]}"; then
  echo "error: generated code is stale; run tools/generate.sh and commit the result" >&2
  exit 1
fi
untracked="$(git ls-files --others --exclude-standard -- "${generated[@]}")"
if [[ -n "$untracked" ]]; then
  printf 'error: generated files are not committed:\n%s\n' "$untracked" >&2
  exit 1
fi

# Breaking-change check. `buf breaking --against '.git#branch=main'` cannot be
# used as is: the googleapis imports are git-ignored, so the old tree would
# not compile. Instead the old protos/ (and buf.yaml) are exported from git
# into a scratch workspace next to the same googleapis files.
against="${BUF_BREAKING_AGAINST:-main}"
if ! git rev-parse --verify --quiet "$against^{commit}" >/dev/null; then
  echo "breaking: '$against' has no commits; nothing to compare against, skipped"
  exit 0
fi
if [[ -z "$(git ls-tree -r --name-only "$against" -- protos | grep '\.proto$' || true)" ]]; then
  echo "breaking: '$against' has no protos yet; skipped"
  exit 0
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
git archive "$against" -- protos | tar -x -C "$scratch"
if git cat-file -e "$against:buf.yaml" 2>/dev/null; then
  git show "$against:buf.yaml" >"$scratch/buf.yaml"
else
  cp buf.yaml "$scratch/buf.yaml"
fi
mkdir -p "$scratch/third_party"
cp -R third_party/googleapis "$scratch/third_party/googleapis"
"$buf" breaking --against "$scratch"
echo "breaking: no breaking changes against '$against'"
