#!/usr/bin/env bash
# Auth benchmark: builds what is missing, then runs io.tributary.bench.AuthBench (Authorize of a cached-key JWT:
# throughput with calls in flight, then latency at 5,000 calls/s) against the packaged services/auth in its own JVM,
# and the same latency measure against a plain grpc-java server (ReferenceGrpcServer) as the same-run reference.
# The Markdown results go to stdout, progress to stderr. Arguments are passed on, e.g.:
#   bench/run-auth.sh                              # defaults: 3 runs, 15 s measured each, 5,000/s, 4 connections
#   bench/run-auth.sh --rate 8000 --in-flight 256 --runs 1
#   bench/run-auth.sh --client-nice 0     # the bench client at the same CPU priority as the service (default +10)
#   REBUILD=1 bench/run-auth.sh                    # rebuild the modules first
# MVN_FLAGS defaults to offline (-o); set MVN_FLAGS= to let Maven download.
set -euo pipefail
cd "$(dirname "$0")/.."

MVN_FLAGS=${MVN_FLAGS--o}
mvn() { ./mvnw -q -B $MVN_FLAGS "$@"; }
V=0.1.0-SNAPSHOT
M2=${HOME}/.m2/repository/io/tributary

if [[ -n ${REBUILD:-} || ! -f $M2/testkit/$V/testkit-$V.jar || ! -f $M2/proto/$V/proto-$V.jar ]]; then
  echo "building proto, testkit" >&2
  mvn install -pl proto,testkit,service-auth -DskipTests
fi
if [[ -n ${REBUILD:-} || ! -f services/auth/target/quarkus-app/quarkus-run.jar ]]; then
  echo "building services/auth" >&2
  mvn package -pl services/auth -DskipTests
fi
if [[ -n ${REBUILD:-} || ! -f bench/target/bench-$V.jar ]]; then
  echo "building bench" >&2
  mvn package -pl bench -DskipTests
fi

echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), \
$(free -g | awk '/Mem:/ {print $2}') GiB RAM, kernel $(uname -r), $(java -version 2>&1 | head -1); \
$(date -u +%Y-%m-%dT%H:%MZ)"
echo
exec java -cp "bench/target/bench-$V.jar:bench/target/lib/*" io.tributary.bench.AuthBench "$@"
