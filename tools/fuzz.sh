#!/usr/bin/env bash
# Fuzzes what clients control.
#
#   tools/fuzz.sh TARGET [DURATION]      e.g. tools/fuzz.sh image_gate 2h
#   tools/fuzz.sh all [DURATION]         every target in turn (CI: a few seconds each)
#
# C++ targets (libFuzzer with ASan and UBSan, Debian's clang, built into
# build-fuzz): image_gate, page_token, jwt. Go targets (Go's native
# fuzzing): go:PACKAGE:FuzzName, e.g. go:./internal/compat:FuzzLegacyRequests.
# DURATION: 30s, 10m, 2h, 1h30m (default 60s). Seeds: tests/fuzz/corpus/TARGET
# (committed); what the fuzzer adds goes to build-fuzz/corpus/TARGET. A
# failing input (crash, leak, timeout, out of memory) is saved under
# build-fuzz/crashes/TARGET and the script fails, as it does when the
# fuzzer itself fails; move the saved input away once it is fixed (a
# regression seed belongs in tests/fuzz/corpus/TARGET).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# The Go toolchain tools/install-go-tools.sh installs, as tools/test.sh uses.
export PATH="$root/.tools/go/bin:/usr/local/go/bin:$root/.tools/bin:$PATH"
target="${1:?usage: tools/fuzz.sh TARGET|all [DURATION]}"
duration="${2:-60s}"
cpp_targets=(image_gate page_token jwt)
go_targets=(go:./internal/compat:FuzzLegacyRequests go:./internal/gateway:FuzzRESTRequests go:./internal/chatws:FuzzClientFrames)

# 1h30m -> 5400; a bare number is seconds.
seconds() {
  local rest="$1" total=0
  [[ "$rest" =~ ^([0-9]+[hms]?)+$ ]] || { echo "fuzz: bad duration '$1' (e.g. 30s, 10m, 2h, 1h30m)" >&2; return 2; }
  while [[ "$rest" =~ ^([0-9]+)([hms]?)(.*)$ ]]; do
    case "${BASH_REMATCH[2]}" in
      h) total=$((total + BASH_REMATCH[1] * 3600)) ;; m) total=$((total + BASH_REMATCH[1] * 60)) ;;
      *) total=$((total + BASH_REMATCH[1])) ;;
    esac
    rest="${BASH_REMATCH[3]}"
  done
  echo "$total"
}

build_cpp() {
  if ! command -v clang++ >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
    echo "fuzz: installing clang and its libFuzzer runtime" >&2
    sudo=()
    [[ "$(id -u)" == 0 ]] || sudo=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev >/dev/null
  fi
  if [[ ! -f build-fuzz/build.ninja ]]; then
    CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DSTYLIST_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  ninja -C build-fuzz >/dev/null
}

run_cpp() { # name duration
  local name="$1" corpus="build-fuzz/corpus/$1" crashes="build-fuzz/crashes/$1" secs status
  secs="$(seconds "$2")"
  mkdir -p "$corpus" "$crashes"
  echo "=== fuzz $name for $2"
  # Seeds first, then what earlier runs found; -max_len keeps inputs small
  # enough that each run explores parsers, not allocation. -timeout is wall
  # time: the slowest inputs take about 0.3 s alone, and a fuzzer sharing
  # the cores with a build has been starved past 10 s twice (both inputs
  # kept as seeds, *-starved-timeout), so a minute: a real hang still shows.
  set +e
  build-fuzz/tests/fuzz/"$name"_fuzz -max_total_time="$secs" -max_len=65536 -timeout=60 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" "tests/fuzz/corpus/$name" 2>&1 |
    grep -E "^#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY|Test unit written|^INFO: Seed"
  status="${PIPESTATUS[0]}"
  set -e
  if compgen -G "$crashes/*-*" >/dev/null; then
    echo "fuzz: $name found a failing input: $(ls "$crashes")" >&2
    return 1
  fi
  if [[ "$status" != 0 ]]; then
    echo "fuzz: $name exited with status $status" >&2
    return 1
  fi
}

run_go() { # go:PKG:Func duration
  local spec="${1#go:}" pkg func
  pkg="${spec%%:*}"
  func="${spec##*:}"
  echo "=== fuzz $1 for $2"
  (cd gateway && go test -run '^$' -fuzz "^${func}\$" -fuzztime "$(seconds "$2")s" "$pkg")
}

case "$target" in
  all)
    build_cpp
    for t in "${cpp_targets[@]}"; do run_cpp "$t" "$duration"; done
    for t in "${go_targets[@]}"; do run_go "$t" "$duration"; done
    ;;
  go:*) run_go "$target" "$duration" ;;
  *)
    build_cpp
    run_cpp "$target" "$duration"
    ;;
esac
