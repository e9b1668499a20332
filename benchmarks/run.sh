#!/usr/bin/env bash
# Runs every fpauth benchmark and writes docs/performance.md:
#   JMH micro-benchmarks of the request path, wrk throughput (fpauth absent / anonymous /
#   authenticated), a login flood, hot swaps under load, start-up and memory, Karaf start-up,
#   the shared store on PostgreSQL (two runtimes on one database), and the runtime on Jetty 12
#   against the same runtime on Jetty 9.4 (start-up, throughput, memory), and both web servers
#   without OSGi beside them (where Jetty 12's time goes).
# Usage: benchmarks/run.sh [-Dbench.<setting>=<value> ...]   (settings: benchmarks/README.md)
# Takes about 90 minutes. Run it on a quiet machine: the figures are only as good as the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# wrk drives the throughput parts; part jdbc starts a throwaway PostgreSQL cluster (Debian's
# server binaries): installed when missing, as the test command installs what the tests drive.
bash scripts/test-prerequisites.sh wrk postgresql

echo "Building the runtime and the benchmarks (-Pbenchmarks)..."
mvn -B -q -Pbenchmarks -pl runtime,benchmarks/bench-bundle,benchmarks/harness,benchmarks/jetty94-runtime,benchmarks/bare-jetty94,benchmarks/bare-jetty12 -am \
  package -DskipTests

harness=benchmarks/harness/target
exec java -cp "$harness/classes:$(cat "$harness/classpath.txt")" \
  -Dbench.command="benchmarks/run.sh${*:+ $*}" \
  -Dbench.commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  "$@" io.github.fpauth.bench.load.PerformanceReport
