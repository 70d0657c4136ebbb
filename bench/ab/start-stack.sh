#!/bin/bash
# Part of the CPU-per-entry A/B kit in bench/ab (see docs/benchmarks.md, "CPU cost of the bulk read path"); logs and pid files go to $AB_DIR (default /tmp/tributary-ab).
# start-stack.sh NAME APPDIR-ROOT BASEPORT [log-query jvm opts...]: reader BASEPORT, topology BASEPORT+1, log-query BASEPORT+2
name=$1 root=$2 base=$3; shift 3
"$(dirname "$0")"/start-reader.sh $name-reader $root/journal-reader $base >/dev/null
setsid java -Dquarkus.http.port=$((base+1)) -Dtributary.topology.readers=127.0.0.1:$base -Dtributary.service-auth.enabled=false \
  -jar $root/topology/quarkus-run.jar > ${AB_DIR:-/tmp/tributary-ab}/$name-topology.log 2>&1 < /dev/null &
echo $! > ${AB_DIR:-/tmp/tributary-ab}/$name-topology.pid
setsid java "$@" -Dquarkus.http.port=$((base+2)) -Dtributary.query.topology=127.0.0.1:$((base+1)) -Dtributary.query.auth.enabled=false \
  -Dtributary.service-auth.enabled=false -Dtributary.query.range-deadline=10m \
  -jar $root/log-query/quarkus-run.jar > ${AB_DIR:-/tmp/tributary-ab}/$name-log-query.log 2>&1 < /dev/null &
echo $! > ${AB_DIR:-/tmp/tributary-ab}/$name-log-query.pid
for i in $(seq 1 180); do curl -s http://127.0.0.1:$((base+2))/api/v1/nodes 2>/dev/null | grep -q '"healthy":true' && break; sleep 1; done
curl -s http://127.0.0.1:$((base+2))/api/v1/nodes; echo
