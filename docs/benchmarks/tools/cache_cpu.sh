#!/bin/bash
# usage: cpu.sh <port> <pid> <n> <cmd...>: throughput and server CPU µs per request
P=$1; PID=$2; N=$3; shift 3
T0=$(awk '{print $14+$15}' /proc/$PID/stat)
L=$(redis-benchmark -p $P -c 50 -P 16 -n $N --csv "$@" 2>/dev/null | tail -1)
T1=$(awk '{print $14+$15}' /proc/$PID/stat)
python3 - "$L" $T1 $T0 $N <<'PY'
import sys
l=sys.argv[1].split('","'); t1,t0,n=int(sys.argv[2]),int(sys.argv[3]),int(sys.argv[4])
print(f"{l[0][1:30]:30s} {float(l[1])/1000:6.0f}k/s  avg {l[2]} p50 {l[4]} p99 {l[6]}  server cpu {(t1-t0)*10000/n:.2f} us/req")
PY
