#!/usr/bin/env bash
# Budget gate benchmark: reservations + settlements per second from one JVM with 64 threads, on
# Redis (ledger in PostgreSQL, and in SQLite), on PostgreSQL and on SQLite; then redis-benchmark
# running EVALSHA of the gate's own reserve script, which bounds what the gate can do on Redis.
# Needs redis-server and redis-benchmark (Debian: apt-get install redis-server redis-tools).
# Usage: bench/budget.sh [SECONDS] [THREADS]     results also go to bench/results/budget-*.txt
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=bin/java-env.sh
. bin/java-env.sh
_aiorg_find_java || exit 1
SECS=${1:-15}
THREADS=${2:-64}
for tool in redis-server redis-cli redis-benchmark; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install redis-server redis-tools)" >&2; exit 1; }
done
mkdir -p bench/results
OUT="bench/results/budget-$(date +%Y%m%d-%H%M%S).txt"

./mvnw -q -B -DskipTests test-compile
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --logfile "$ROOT/target/bench-redis.log" &
REDIS_PID=$!
trap 'kill $REDIS_PID 2>/dev/null || true' EXIT
until redis-cli -p "$PORT" ping >/dev/null 2>&1; do sleep 0.1; done

{
    echo "# $(date -u +%Y-%m-%dT%H:%MZ)  nproc=$(nproc)  $(lscpu | grep 'Model name' | sed 's/  */ /g')"
    echo "# $(java -version 2>&1 | head -1)  $(redis-server --version | cut -d' ' -f1-3)"
    echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"

JAVA_FLAGS=(--enable-native-access=ALL-UNNAMED -Xmx1g -Djava.io.tmpdir="$ROOT/target" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
for store in redis redis-sqlite postgres sqlite; do
    java "${JAVA_FLAGS[@]}" -cp "$CP" org.aiorg.budget.BudgetBench "$store" "$THREADS" "$SECS" "redis://127.0.0.1:$PORT" 2>/dev/null \
        | grep -E '^(redis|postgres|sqlite)' | tee -a "$OUT"
done

# The bound: the reserve script alone, unpipelined, 64 connections, a fresh reservation id each call.
redis-cli -p "$PORT" HSET 'budget:{rb}' limit 1000000000000000 spent 0 reserved 0 version 0 >/dev/null
SHA=$(redis-cli -p "$PORT" SCRIPT LOAD "$(cat src/main/resources/budget/redis/reserve.lua)")
echo "redis-benchmark EVALSHA reserve.lua, -c $THREADS, unpipelined:" | tee -a "$OUT"
redis-benchmark -p "$PORT" -c "$THREADS" -n 400000 -r 1000000000 -q \
    EVALSHA "$SHA" 3 'budget:{rb}' 'budget:{rb}:res:__rand_int__' 'budget:{rb}:exp' __rand_int__ 1000 99999999999999 task model \
    | tr '\r' '\n' | grep -E 'requests per second' | tail -1 | tee -a "$OUT"
echo "redis-benchmark EVALSHA reserve.lua, -c $THREADS, pipeline 16:" | tee -a "$OUT"
redis-benchmark -p "$PORT" -c "$THREADS" -n 1000000 -r 1000000000 -P 16 -q \
    EVALSHA "$SHA" 3 'budget:{rb}' 'budget:{rb}:res:__rand_int__' 'budget:{rb}:exp' __rand_int__ 1000 99999999999999 task model \
    | tr '\r' '\n' | grep -E 'requests per second' | tail -1 | tee -a "$OUT"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
echo "bench: results in $OUT"
