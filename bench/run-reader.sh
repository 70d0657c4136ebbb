#!/usr/bin/env bash
# Reader benchmarks: builds what is missing, then runs io.tributary.bench.ReaderBench (all measures by default).
# The Markdown results table goes to stdout, progress to stderr. Needs root (private journald), journalctl,
# systemd-journal-remote and python3. Arguments are passed on, e.g.:
#   bench/run-reader.sh                      # everything, 5 runs after 1 warm-up
#   bench/run-reader.sh range --runs 3       # only the range reads
#   REBUILD=1 bench/run-reader.sh            # rebuild the modules first
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
if [[ -n ${REBUILD:-} || ! -f services/journal-reader/target/quarkus-app/quarkus-run.jar ]]; then
  echo "building services/journal-reader" >&2
  mvn package -pl services/journal-reader -DskipTests
fi
if [[ -n ${REBUILD:-} || ! -f bench/target/bench-$V.jar ]]; then
  echo "building bench" >&2
  mvn package -pl bench -DskipTests
fi

# The C ceiling (raw libsystemd loop) for the range measure: built with the system's gcc when it is there.
if command -v gcc >/dev/null && [[ ! -x bench/target/sd-read-all || bench/src/main/c/sd-read-all.c -nt bench/target/sd-read-all ]]; then
  mkdir -p bench/target
  gcc -O2 -o bench/target/sd-read-all bench/src/main/c/sd-read-all.c "$(ldconfig -p | awk '/libsystemd.so.0 /{print $NF; exit}')"
fi

echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), \
$(free -g | awk '/Mem:/ {print $2}') GiB RAM, kernel $(uname -r), $(journalctl --version | head -1), \
$(java -version 2>&1 | head -1); $(date -u +%Y-%m-%dT%H:%MZ)"
echo
exec java -cp "bench/target/bench-$V.jar:bench/target/lib/*" io.tributary.bench.ReaderBench "$@"
