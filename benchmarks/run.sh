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

if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)..."
  if [ "$(id -u)" = 0 ]; then apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }
  else sudo apt-get install -y wrk || { sudo apt-get update && sudo apt-get install -y wrk; }; fi
fi

# part jdbc starts a throwaway PostgreSQL cluster: Debian's server binaries
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "Installing postgresql (Debian package)..."
  if [ "$(id -u)" = 0 ]; then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  else sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; fi
fi

echo "Building the runtime and the benchmarks (-Pbenchmarks)..."
mvn -B -q -Pbenchmarks -pl runtime,benchmarks/bench-bundle,benchmarks/harness,benchmarks/jetty94-runtime,benchmarks/bare-jetty94,benchmarks/bare-jetty12 -am \
  package -DskipTests

harness=benchmarks/harness/target
exec java -cp "$harness/classes:$(cat "$harness/classpath.txt")" \
  -Dbench.command="benchmarks/run.sh${*:+ $*}" \
  -Dbench.commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  "$@" io.github.fpauth.bench.load.PerformanceReport
