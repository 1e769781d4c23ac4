#!/bin/bash
# usage: [HALF=1] cache_rounds.sh <label> <rounds> [node flags...]
# Starts a fresh node (verticles/target/pyrope-node.jar) with the flags on RESP 6390 / HTTP 8090, loads
# bench/qqp (/tmp/cbench/load.resp from cache_bench_prep.py) and bench/small, fills the two cache entries,
# warms up, then runs <rounds> rounds of redis-benchmark -c 50 -P 16 against redis-server on 6399 (must be
# running, see cache.md) and the node, printing throughput, latency and server CPU per request
# (cache_cpu.sh). HALF=1 adds three rounds at lower concurrency (c=8 P=8, c=4 P=16): the p99 at about half load.
L=$1; N=$2; shift 2; R=$(cd "$(dirname "$0")/../../.." && pwd)
kill $(cat /tmp/cbench/node.pid 2>/dev/null) 2>/dev/null; sleep 2; rm -rf /tmp/cbench/dr
java -jar $R/verticles/target/pyrope-node.jar --resp.port=6390 --http.port=8090 --kafka.embedded.port=0 \
  --data.dir=/tmp/cbench/dr --log.level=warn --cache.ttl-ms=0 "$@" > /tmp/cbench/node-$L.log 2>&1 &
echo $! > /tmp/cbench/node.pid
for i in $(seq 90); do redis-cli -p 6390 PING >/dev/null 2>&1 && break; sleep 1; done
redis-cli -p 6390 --pipe < /tmp/cbench/load.resp > /dev/null
Q=$(cat /tmp/cbench/q384.json); S='[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1,1.1,1.2,1.3,1.4,1.5,1.6]'
K=$(python3 -c "print('k'*3588)"); redis-cli -p 6399 SET "$K" v >/dev/null; redis-cli -p 6399 SET k v >/dev/null
redis-cli -p 6390 VEC.SEARCH bench qqp TOPK 10 VECTOR "$Q" >/dev/null
redis-cli -p 6390 VEC.CREATE bench small DIM 16 METRIC cosine >/dev/null
redis-cli -p 6390 VEC.ADD bench small a VECTOR '[1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1]' b VECTOR '[0,1,0,0,0,0,0,0,0,0,0,0,0,0,1,0]' >/dev/null
redis-cli -p 6390 VEC.SEARCH bench small TOPK 2 VECTOR "$S" >/dev/null
for w in 1 2 3; do redis-benchmark -p 6390 -c 50 -P 16 -n 1000000 -q VEC.SEARCH bench small TOPK 2 VECTOR "$S" >/dev/null 2>&1; redis-benchmark -p 6390 -c 50 -P 16 -n 300000 -q VEC.SEARCH bench qqp TOPK 10 VECTOR "$Q" >/dev/null 2>&1; done
RP=$(pgrep -f "redis-server.*6399"); NP=$(cat /tmp/cbench/node.pid)
for r in $(seq $N); do
  echo "== $L round $r load $(cut -d' ' -f1 /proc/loadavg)"
  $(dirname "$0")/cache_cpu.sh 6399 $RP 2000000 GET k
  $(dirname "$0")/cache_cpu.sh 6399 $RP 1000000 GET "$K"
  $(dirname "$0")/cache_cpu.sh 6390 $NP 2000000 PING
  $(dirname "$0")/cache_cpu.sh 6390 $NP 1000000 VEC.SEARCH bench qqp TOPK 10 VECTOR "$Q"
  $(dirname "$0")/cache_cpu.sh 6390 $NP 2000000 VEC.SEARCH bench small TOPK 2 VECTOR "$S"
done
echo "hits l0: $(curl -s localhost:8090/v1/metrics | grep 'vector_db_cache_hit_total{' | grep l0 | tr '\n' ' ')"
if [ -n "$HALF" ]; then
  for r in 1 2 3; do
    echo "== $L half-load round $r load $(cut -d' ' -f1 /proc/loadavg)"
    for cp in "8 8" "4 16"; do set -- $cp
      echo -n "c=$1 P=$2 "; $(dirname "$0")/cache_cpu.sh 6399 $RP 2000000 -c $1 -P $2 GET k 2>/dev/null
      echo -n "c=$1 P=$2 "; $(dirname "$0")/cache_cpu.sh 6390 $NP 2000000 -c $1 -P $2 VEC.SEARCH bench small TOPK 2 VECTOR "$S"
    done
  done
fi
