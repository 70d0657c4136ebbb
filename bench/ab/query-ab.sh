#!/bin/bash
# Part of the CPU-per-entry A/B kit in bench/ab (see docs/benchmarks.md, "CPU cost of the bulk read path"); logs and pid files go to $AB_DIR (default /tmp/tributary-ab).
# queryab.sh RUNS NAME=PORT(log-query) ... : alternating NDJSON ranges of all entries via curl;
# CPU-s per 1M entries of log-query, reader (pids from ${AB_DIR:-/tmp/tributary-ab}/NAME-*.pid) and curl.
runs=$1; shift
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
for r in $(seq 0 $runs); do
  for spec in "$@"; do
    name=${spec%%=*} port=${spec#*=}
    q=$(cat ${AB_DIR:-/tmp/tributary-ab}/$name-log-query.pid) rd=$(cat ${AB_DIR:-/tmp/tributary-ab}/$name-reader.pid)
    q0=$(cpu $q) r0=$(cpu $rd) t0=$(date +%s.%N)
    out=$( { /usr/bin/time -f '%U %S' curl -s -N -H 'Accept: application/x-ndjson' "http://127.0.0.1:$port/api/v1/entries${QS:-}" | wc -l; } 2>&1 )
    t1=$(date +%s.%N) q1=$(cpu $q) r1=$(cpu $rd)
    n=$(echo "$out" | tail -1); cu=$(echo "$out" | head -1)
    awk -v name=$name -v r=$r -v n=$n -v dq=$((q1-q0)) -v dr=$((r1-r0)) -v t=$(echo "$t1 - $t0" | bc) -v cu="$cu" \
      'BEGIN{split(cu,c," "); f=1e6/n/100; printf "%s run %d: n=%d %.1f s, log-query %.2f reader %.2f curl %.2f CPU-s/1M\n", name, r, n, t, dq*f, dr*f, (c[1]+c[2])*1e6/n}'
  done
done
