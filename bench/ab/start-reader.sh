#!/bin/bash
# Part of the CPU-per-entry A/B kit in bench/ab (see docs/benchmarks.md, "CPU cost of the bulk read path"); logs and pid files go to $AB_DIR (default /tmp/tributary-ab).
# start-reader.sh NAME APPDIR PORT [extra jvm opts...]  -> prints pid
name=$1 app=$2 port=$3; shift 3
FIX=${FIX:-/var/tmp/tributary-bench/journal-e1000000-n1-f80-x5-seed42-sp0}
mkdir -p ${AB_DIR:-/tmp/tributary-ab}
setsid java -Xmx${HEAP:-256m} "$@" -Dquarkus.http.port=$port -Dtributary.journal.directory=$FIX \
  -Dtributary.service-auth.enabled=false -Dtributary.reader.node-id=${NODE:-node-0} \
  -jar $app/quarkus-run.jar > ${AB_DIR:-/tmp/tributary-ab}/$name.log 2>&1 < /dev/null &
echo $! > ${AB_DIR:-/tmp/tributary-ab}/$name.pid
for i in $(seq 1 120); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 1; done
cat ${AB_DIR:-/tmp/tributary-ab}/$name.pid
