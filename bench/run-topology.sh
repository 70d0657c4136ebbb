#!/usr/bin/env bash
# Topology benchmarks: builds what is missing, then runs io.tributary.bench.TopologyBench (index size, Resolve
# latency at 5,000 calls/s with a plain grpc-java server as the same-run reference, container-id freshness)
# against the packaged services/topology fed by a fake Mesos master in the bench process. The Markdown results
# table goes to stdout, progress to stderr. Needs jcmd (JDK).
# Arguments are passed on, e.g.:
#   bench/run-topology.sh                          # defaults: 100,000 tasks / 1,000 agents, -Xmx512m
#   bench/run-topology.sh --heap 256m --seconds 10
#   bench/run-topology.sh --client-nice 0     # the bench client at the same CPU priority as the service (default +10)
#   REBUILD=1 bench/run-topology.sh                # rebuild the modules first
# MVN_FLAGS defaults to offline (-o); set MVN_FLAGS= to let Maven download.
set -euo pipefail
cd "$(dirname "$0")/.."

MVN_FLAGS=${MVN_FLAGS--o}
mvn() { ./mvnw -q -B $MVN_FLAGS "$@"; }
V=0.1.0-SNAPSHOT
M2=${HOME}/.m2/repository/io/tributary

if [[ -n ${REBUILD:-} || ! -f $M2/testkit/$V/testkit-$V.jar || ! -f $M2/proto/$V/proto-$V.jar ]]; then
  echo "building proto, testkit" >&2
  mvn install -pl proto,testkit -DskipTests
fi
if [[ -n ${REBUILD:-} || ! -f services/topology/target/quarkus-app/quarkus-run.jar ]]; then
  echo "building services/topology" >&2
  mvn package -pl services/topology -DskipTests
fi
if [[ -n ${REBUILD:-} || ! -f bench/target/bench-$V.jar ]]; then
  echo "building bench" >&2
  mvn package -pl bench -DskipTests
fi

echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), \
$(free -g | awk '/Mem:/ {print $2}') GiB RAM, kernel $(uname -r), $(java -version 2>&1 | head -1); \
$(date -u +%Y-%m-%dT%H:%MZ)"
echo
exec java -cp "bench/target/bench-$V.jar:bench/target/lib/*" io.tributary.bench.TopologyBench "$@"
