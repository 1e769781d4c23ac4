#!/bin/bash
# usage: [NODE_FLAGS="--k=v ..."] durability_rounds.sh <rounds> [warm-up loads per node, default 30] [extra bench options...]
#
# Issue 5's benchmark with each node in a process of its own, started as `./pyrope run` starts one
# (java -jar verticles/target/pyrope-node.jar: default JVM flags plus $PYROPE_JAVA_OPTS, embedded broker):
#   RESP 6391: wal.enabled=true (the default)      RESP 6392: wal.enabled=false
# then `./pyrope bench durability` loads qqp-minilm 50k into both from a third process, alternating,
# and prints each round (vectors/s, node CPU per vector from INFO cpu) and the medians.
# Both nodes and their temporary data directories are removed at the end. Needs ./pyrope build, redis-cli.
set -euo pipefail
N=$1; W=${2:-30}; shift; [ $# -gt 0 ] && shift
R=$(cd "$(dirname "$0")/../../.." && pwd)
T=$(mktemp -d /tmp/pyrope-durability-rounds.XXXXXX)
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT

for node in "6391 true" "6392 false"; do
  set -- $node "$@"
  java ${PYROPE_JAVA_OPTS:-} -jar "$R/verticles/target/pyrope-node.jar" --resp.port=$1 --http.port=$(($1 + 100)) \
    --kafka.embedded.port=0 --data.dir="$T/node-$1" --log.level=warn --wal.enabled=$2 ${NODE_FLAGS:-} > "$T/node-$1.log" 2>&1 &
  PIDS+=($!)
  shift 2
done
for p in 6391 6392; do
  for i in $(seq 120); do redis-cli -p $p PING >/dev/null 2>&1 && break; sleep 1; done
done
echo "node flags: ${NODE_FLAGS:-(none)}; load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores, $(date -u +%FT%TZ), commit $(git -C "$R" rev-parse --short HEAD)"
"$R/pyrope" bench durability --durable-port 6391 --plain-port 6392 --rounds "$N" --warmup "$W" --quiet "$@"
