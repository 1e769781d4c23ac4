#!/usr/bin/env bash
# Reproduces every table of docs/benchmarks/README.md on this machine.
#
#   docs/benchmarks/run-all.sh [RESULTS_DIR]        (default: docs/benchmarks/results)
#
# Starts its own node (the jar ./pyrope run starts, on ports 6392/8092, a throw-away data directory), runs the
# loads and sweeps against it over RESP, stops it, then runs `compare` (which starts a node of its
# own inside the benchmark process). Datasets are read from ../shared/data (see its README); run
# it from anywhere. Takes about 20 minutes on 2 cores. Run nothing else heavy meanwhile.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:-$ROOT/docs/benchmarks/results}"
PORT=6392
HTTP_PORT=8092
cd "$ROOT"
mkdir -p "$OUT"
SIFT=../shared/data/siftsmall
QQP=../shared/data/qqp-minilm
B=(./pyrope bench)

NODE_DIR="$(mktemp -d -t pyrope-bench-node.XXXXXX)"
"${B[@]}" help >/dev/null   # builds bench and the node jar (reactor package, nothing installed)
java -jar verticles/target/pyrope-node.jar --data.dir="$NODE_DIR" --resp.port=$PORT --http.port=$HTTP_PORT \
  --kafka.embedded.port=0 >"$OUT/node.log" 2>&1 &
NODE_PID=$!
trap 'kill $NODE_PID 2>/dev/null || true; wait $NODE_PID 2>/dev/null || true; rm -rf "$NODE_DIR"' EXIT
for _ in $(seq 60); do
  redis-cli -p $PORT PING >/dev/null 2>&1 && break
  sleep 1
done

# This machine is shared (other people's builds and test suites): before each table, wait (up to
# QUIET_WAIT seconds) for the 1-minute load average to fall below QUIET_LOAD. The JSON records the
# load average at the start and end of every run, so a noisy one can be told apart.
QUIET_LOAD="${QUIET_LOAD:-1.0}"
QUIET_WAIT="${QUIET_WAIT:-600}"
wait_quiet() {
  local waited=0
  while awk -v max="$QUIET_LOAD" '{ exit !($1 >= max) }' /proc/loadavg && [ $waited -lt "$QUIET_WAIT" ]; do
    sleep 5; waited=$((waited + 5))
  done
  [ $waited -gt 0 ] && echo "(waited ${waited}s for a quiet machine: load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  return 0
}

run() { # name, then the bench arguments; table to OUT/name.txt, JSON to OUT/name.json
  local name="$1"; shift
  wait_quiet
  echo "== $name: ./pyrope bench $*" | tee "$OUT/$name.txt"
  "${B[@]}" "$@" --json "$OUT/$name.json" | tee -a "$OUT/$name.txt"
}

# 1. siftsmall (10k x 128, L2), 100 queries, over RESP with one client.
SQ=(--queries $SIFT/siftsmall_query.fvecs --truth $SIFT/siftsmall_groundtruth.ivecs --port $PORT --k 10)
SL=(--dataset $SIFT/siftsmall_base.fvecs --metric l2 --port $PORT --build --drop)
run sift-load-flat    load "${SL[@]}" --index sift/flat --factory Flat
run sift-flat         search "${SQ[@]}" --index sift/flat --repeat 10
run sift-load-hnsw    load "${SL[@]}" --index sift/hnsw32 --factory HNSW32
run sift-hnsw         search "${SQ[@]}" --index sift/hnsw32 --repeat 20 --sweep ef=16,32,64,128,256
run sift-load-ivf     load "${SL[@]}" --index sift/ivf64 --factory IVF64,Flat
run sift-ivf          search "${SQ[@]}" --index sift/ivf64 --repeat 20 --sweep nprobe=1,2,4,8,16,64
run sift-load-ivfpq   load "${SL[@]}" --index sift/ivfpq --factory IVF64,PQ32np
run sift-ivfpq        search "${SQ[@]}" --index sift/ivfpq --repeat 20 --sweep nprobe=1,4,16,64

# 2. qqp-minilm (50k x 384, cosine), 1000 queries, over RESP with one client.
QQ=(--queries $QQP/qqp1k_minilm_query.fvecs --truth $QQP/qqp_minilm_groundtruth_top100_ip.ivecs --port $PORT --k 10)
QL=(--dataset $QQP/qqp50k_minilm_base.fvecs --metric cosine --port $PORT --drop)
# 4. bulk load: Flat (ingest only), then HNSW32 with the default head_max (background rebuilds
#    run while loading; --build then waits for them, so nothing runs behind the next tables) and
#    with head_max above the row count plus one VEC.BUILD.
run qqp-load-flat     load "${QL[@]}" --index qqp/flat --factory Flat --build
run qqp-flat          search "${QQ[@]}" --index qqp/flat --repeat 1
run qqp-load-hnsw-default load "${QL[@]}" --index qqp/hnsw32d --factory HNSW32 --build
redis-cli -p $PORT VEC.DROP qqp hnsw32d >/dev/null
run qqp-load-hnsw     load "${QL[@]}" --index qqp/hnsw32 --factory HNSW32 --params head_max=60000 --build
run qqp-hnsw          search "${QQ[@]}" --index qqp/hnsw32 --repeat 3 --sweep ef=16,32,64,128,256
run qqp-hnsw-c2       search "${QQ[@]}" --index qqp/hnsw32 --repeat 3 --sweep ef=16,64,256 --concurrency 2
run qqp-load-ivf      load "${QL[@]}" --index qqp/ivf256 --factory IVF256,Flat --params head_max=60000 --build
run qqp-ivf           search "${QQ[@]}" --index qqp/ivf256 --repeat 3 --sweep nprobe=1,4,8,16,32,64
run qqp-load-ivfpq    load "${QL[@]}" --index qqp/ivfpq --factory IVF256,PQ32np --params head_max=60000 --build
run qqp-ivfpq         search "${QQ[@]}" --index qqp/ivfpq --repeat 3 --sweep nprobe=1,4,16,64

# 5. The result cache on a realistic stream: default cache settings (L0), then L1 for that index
#    only (policy rule), the same stream, its cache emptied first (--http-port flushes it).
WL=(--port $PORT --queries 5000 --zipf 1.1 --seed 42)
run workload-default  workload "${WL[@]}" --drop --trace "$OUT/workload-default.trace.jsonl"
curl -sf -X PUT "http://127.0.0.1:$HTTP_PORT/v1/cache/policies" -H 'content-type: application/json' \
  -d '{"rules":[{"tenant":"qqp","index":"workload","query_key_level":1},{"tenant":"*","index":"*"}]}' >/dev/null
run workload-l1       workload "${WL[@]}" --no-load --http-port $HTTP_PORT

kill $NODE_PID; wait $NODE_PID 2>/dev/null || true

# 3. C++ / JNA / RESP in one run (qqp-minilm 50k, HNSW32, ef=64; node inside the bench process).
run compare           compare --repeat 5 --concurrency 1,2,4

# 3b. The same qqp sweeps in-process (no server), single thread, JNA and C++.
QI=(--dataset $QQP/qqp50k_minilm_base.fvecs --queries $QQP/qqp1k_minilm_query.fvecs
    --truth $QQP/qqp_minilm_groundtruth_top100_ip.ivecs --metric cosine --repeat 3)
run inproc-qqp-hnsw   inproc "${QI[@]}" --factory HNSW32 --sweep ef=16,32,64,128,256
run inproc-qqp-ivf    inproc "${QI[@]}" --factory IVF256,Flat --sweep nprobe=1,4,8,16,32,64
