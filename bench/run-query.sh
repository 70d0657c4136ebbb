#!/usr/bin/env bash
# log-query benchmarks (issue 5): builds what is missing, then runs io.tributary.bench.QueryBench (all measures by
# default) through the packaged stack — journal-reader(s) + topology + log-query, auth off — against
# systemd-journal-gatewayd and journalctl in the same run. The Markdown results table goes to stdout, progress to
# stderr. Needs root (private journald), journalctl, systemd-journal-remote (gatewayd), systemd-socket-activate,
# python3 and a JDK (jstat, jcmd). Arguments are passed on, e.g.:
#   bench/run-query.sh                              # everything, 3 rounds after 3 log-query warm-up runs (JIT)
#   bench/run-query.sh range --runs 1               # only the range measures (1M NDJSON/text/export, merge, 1%)
#   bench/run-query.sh follow                       # follow latency only; `followers` = 500 SSE followers only
#   bench/run-query.sh range --entries 100000 --runs 1 --formats json   # a small run while developing
#   bench/run-query.sh --query-jvm-opts "-XX:StartFlightRecording=filename=/tmp/lq-%n.jfr,settings=profile"
#   REBUILD=1 bench/run-query.sh                    # rebuild the modules first
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
for m in journal-reader topology log-query; do
  if [[ -n ${REBUILD:-} || ! -f services/$m/target/quarkus-app/quarkus-run.jar ]]; then
    echo "building services/$m" >&2
    mvn package -pl services/$m -DskipTests
  fi
done
if [[ -n ${REBUILD:-} || ! -f bench/target/bench-$V.jar ]]; then
  echo "building bench" >&2
  mvn package -pl bench -DskipTests
fi

for tool in journalctl systemd-socket-activate jstat jcmd python3; do
  command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
[[ -x /lib/systemd/systemd-journal-gatewayd ]] || { echo "missing: /lib/systemd/systemd-journal-gatewayd (apt-get install systemd-journal-remote)" >&2; exit 1; }

echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), \
$(free -g | awk '/Mem:/ {print $2}') GiB RAM, kernel $(uname -r), $(journalctl --version | head -1), \
$(java -version 2>&1 | head -1); $(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD 2>/dev/null || echo ?)"
echo
exec java -cp "bench/target/bench-$V.jar:bench/target/lib/*" io.tributary.bench.QueryBench "$@"
