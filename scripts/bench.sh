#!/usr/bin/env bash
# Runs one benchmark entry point (a main() under src/test/java/dev/orderlens/bench) with the test
# classpath:  scripts/bench.sh ModelBenchmark [args...]
# Benchmarks print their figures; record them in docs/benchmarks.md with the command.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/bench.sh BenchmarkClass [args...]}"; shift
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
  -Dmdep.includeScope=test 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
[ "${PIPESTATUS[0]}" = 0 ] || exit 1
exec java ${BENCH_JAVA_OPTS:--Xmx4g} -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
  "dev.orderlens.bench.$name" "$@"
