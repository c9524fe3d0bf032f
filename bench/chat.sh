#!/usr/bin/env bash
# Chat benchmark (issue: chat).
#
# Starts a throwaway PostgreSQL cluster (fsync on), the tests' fake
# OpenAI-compatible provider as a program (stylist-fake-llm, which streams
# as fast as it can), and stylist-server pointed at it, then runs
# stylist-chatbench (gateway/cmd/stylist-chatbench):
#   1. time to first token through Converse, one turn at a time, against
#      the provider alone (same request shape): what the server adds
#      (storing the user's message, gathering the context, relaying);
#   2. tokens per second relayed on one stream and on 8 at once;
#   3. idle Converse streams held open (default 5,000, over connections of
#      90 streams each), with the server's resident memory and threads.
# Everything runs on the same machine; read the figures as a lower bound.
#
# Usage: bench/chat.sh [idle streams (default 5000)] [turns (default 300)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
streams="${1:-5000}"
turns="${2:-300}"
export PATH="$root/.tools/go/bin:/usr/local/go/bin:$root/.tools/bin:$PATH"

source bench/lib.sh
# lib.sh's server has no model; this benchmark starts its own.
kill -TERM "${pids[0]}" && wait "${pids[0]}" 2>/dev/null || true

(cd gateway && go build -trimpath -o ../data/bin/stylist-chatbench ./cmd/stylist-chatbench)
port="$(free_port)"
start_chat_server "$port" "$work/chat-server.log"
server_pid="$chat_server_pid"
for _ in $(seq 1 300); do
  grpcurl -plaintext "127.0.0.1:$port" grpc.health.v1.Health/Check >/dev/null 2>&1 && break
  sleep 0.1
done

bench="data/bin/stylist-chatbench -server 127.0.0.1:$port"
$bench -mode ttft -provider "$provider" -n "$turns"
$bench -mode rate -tokens 2000 -parallel 8
$bench -mode idle -streams "$streams" -server-pid "$server_pid"
