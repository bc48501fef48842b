#!/usr/bin/env bash
# Worker throughput: one `ai-org worker` process, synthetic LLM, N ready tasks of one tenant.
#
#   bench/workers.sh [sqlite|postgres|all] [latency] [concurrency]
#     latency      synthetic LLM latency (default 0s; e.g. 1s)
#     concurrency  worker --concurrency (default 256; use ~1000 with a 1s latency)
#   TASKS=10000 (default) tasks, all ready (no dependencies), the 7 roles in turn.
#   JAVA_OPTS are added to the worker's JVM (e.g. -XX:StartFlightRecording=filename=w.jfr).
#   PG_STATEMENTS=1 loads pg_stat_statements and prints PostgreSQL's 15 costliest statements of the run.
#
# PostgreSQL: a throwaway cluster (initdb) under target/bench-pg on port 55432, default settings
# (fsync and synchronous_commit on); needs initdb/pg_ctl/psql on PATH. SQLite: a fresh file
# under target/bench, opened by the worker as usual (WAL, synchronous=NORMAL).
#
# Measures, from the database: tasks/s = tasks / (last task done - workers started, as logged),
# and tasks in flight (status doing) sampled every 0.2 s: the maximum and the mean over the run.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bin/java-env.sh
. "$ROOT/bin/java-env.sh"
_aiorg_find_java || exit 1

WHICH=${1:-all}
LATENCY=${2:-0s}
CONCURRENCY=${3:-256}
TASKS=${TASKS:-10000}
JAR="$ROOT/target/ai-org.jar"
OUT="$ROOT/target/bench"
PGDIR="$ROOT/target/bench-pg"
PGPORT=${PGPORT:-55432}
PG_EXTRA=""
[ -n "${PG_STATEMENTS:-}" ] && PG_EXTRA="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
mkdir -p "$OUT"

if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -type f -print -quit)" ]; then
    (cd "$ROOT" && ./mvnw -q -B -DskipTests package)
fi

JAVA_OPTS=${JAVA_OPTS:-}
aiorg() { java --enable-native-access=ALL-UNNAMED -Xmx1g -jar "$JAR" "$@"; }

# Seed SQL: a tenant with a large budget and $TASKS ready tasks. $1 = sqlite|postgres.
seed_sql() {
    local id desc
    if [ "$1" = sqlite ]; then id="printf('%08d', i)"; desc="'Benchmark task ' || i"; else id="lpad(i::text, 8, '0')"; desc="'Benchmark task ' || i"; fi
    cat <<SQL
INSERT INTO tenant (id, name, purpose, created_at) VALUES ('bench', 'Bench', 'Benchmark the workers', 0);
INSERT INTO budget_account (tenant_id, limit_micros, spent_micros, reserved_micros, updated_at)
  VALUES ('bench', 1000000000000, 0, 0, 0);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $TASKS)
INSERT INTO task (id, tenant_id, description, status, est_value, tokens_plan, tokens_actual, purpose_relevance,
                  relevance_source, value_density, role, role_source, created_at, updated_at)
SELECT $id, 'bench', $desc, 'todo', 1 + (i % 10), 1, 0, 0.5, 'user', (1 + (i % 10)) * 0.5,
       CASE i % 7 WHEN 0 THEN 'architect' WHEN 1 THEN 'planner' WHEN 2 THEN 'dev' WHEN 3 THEN 'qa'
                  WHEN 4 THEN 'ux_ui' WHEN 5 THEN 'telemetry' ELSE 'research' END, 'user', i, i
FROM n;
SQL
}

# PostgreSQL refuses to run as root: then the cluster belongs to nobody.
PGRUN=()
[ "$(id -u)" = 0 ] && PGRUN=(runuser -u nobody --)

pg_start() {
    if [ ! -f "$PGDIR/PG_VERSION" ]; then
        rm -rf "$PGDIR"
        mkdir -p "$PGDIR"
        [ ${#PGRUN[@]} -gt 0 ] && chown nobody "$PGDIR"
        "${PGRUN[@]}" initdb -D "$PGDIR" -U postgres -A trust >/dev/null
    fi
    touch "$OUT/postgres.log"
    [ ${#PGRUN[@]} -gt 0 ] && chown nobody "$OUT/postgres.log"
    "${PGRUN[@]}" pg_ctl -D "$PGDIR" -o "-p $PGPORT -k /tmp -c max_connections=200 ${PG_EXTRA:-}" -l "$OUT/postgres.log" -w start >/dev/null
}

pg_stop() { [ -f "$PGDIR/postmaster.pid" ] && "${PGRUN[@]}" pg_ctl -D "$PGDIR" -m fast -w stop >/dev/null 2>&1; return 0; }

run() {
    local db=$1 url count log started last samples
    log="$OUT/worker-$db-$LATENCY-$CONCURRENCY.log"
    samples="$OUT/inflight-$db-$LATENCY-$CONCURRENCY.txt"
    if [ "$db" = sqlite ]; then
        rm -f "$OUT"/bench.db*
        url="jdbc:sqlite:$OUT/bench.db"
        q() { sqlite3 "$OUT/bench.db" "$1"; }
        aiorg migrate --db-url "$url" >/dev/null
        seed_sql sqlite | sqlite3 "$OUT/bench.db"
    else
        pg_start
        psql -h /tmp -p "$PGPORT" -U postgres -q -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench" >/dev/null
        url="jdbc:postgresql://127.0.0.1:$PGPORT/bench?user=postgres"
        q() { psql -h /tmp -p "$PGPORT" -U postgres -d bench -Atq -c "$1"; }
        aiorg migrate --db-url "$url" >/dev/null
        seed_sql postgres | psql -h /tmp -p "$PGPORT" -U postgres -d bench -q >/dev/null
        q "VACUUM ANALYZE task" >/dev/null
        if [ -n "${PG_STATEMENTS:-}" ]; then
            q "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
            q "SELECT pg_stat_statements_reset()" >/dev/null
        fi
    fi
    echo "== $db: $TASKS tasks, synthetic latency $LATENCY, concurrency $CONCURRENCY"
    # java itself in the background (not a shell function), so that $! is the JVM we stop with SIGTERM
    # shellcheck disable=SC2086
    java --enable-native-access=ALL-UNNAMED -Xmx1g $JAVA_OPTS -jar "$JAR" worker --db-url "$url" --synthetic \
        --synthetic-latency "$LATENCY" --concurrency "$CONCURRENCY" >"$log" 2>&1 &
    local pid=$!
    : >"$samples"
    local cpu0="" cpu1 hz
    hz=$(getconf CLK_TCK)
    while :; do
        count=$(q "SELECT COUNT(*) FROM task WHERE status = 'done'")
        if grep -q "Workers started" "$log"; then
            # the worker JVM's CPU time (user + system) from the start of its work on
            [ -z "$cpu0" ] && cpu0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
            q "SELECT COUNT(*) FROM task WHERE status = 'doing'" >>"$samples"
        fi
        [ "$count" -ge "$TASKS" ] && break
        if ! kill -0 "$pid" 2>/dev/null; then echo "worker died:"; tail -20 "$log"; return 1; fi
        sleep 0.2
    done
    cpu1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
    kill -TERM "$pid"; wait "$pid" || true
    started=$(grep -m1 "Workers started" "$log" | cut -c1-23)
    started=$(date -u -d "${started}Z" +%s%3N)
    last=$(q "SELECT MAX(updated_at) FROM task WHERE status = 'done'")
    awk -v n="$TASKS" -v ms="$((last - started))" 'BEGIN { printf "   %d tasks in %.2f s: %.0f tasks/s\n", n, ms / 1000, n * 1000 / ms }'
    awk -v t="$((cpu1 - cpu0))" -v hz="$hz" -v n="$TASKS" 'BEGIN { printf "   worker JVM CPU: %.1f s, %.0f us per task\n", t / hz, t / hz * 1e6 / n }'
    echo "   load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    awk '{ if ($1 > max) max = $1; sum += $1; k++ } END { printf "   in flight: max %d, mean %.0f over %d samples\n", max, (k ? sum / k : 0), k }' "$samples"
    q "SELECT COUNT(*) || ' done, ' || SUM(tokens_in) || ' tokens in, ' || SUM(tokens_out) || ' out' FROM task WHERE status = 'done'" | sed 's/^/   /'
    q "SELECT 'budget: spent ' || spent_micros || ', reserved ' || reserved_micros || ' micro-USD' FROM budget_account WHERE tenant_id = 'bench'" | sed 's/^/   /'
    if [ "$db" = postgres ] && [ -n "${PG_STATEMENTS:-}" ]; then
        echo "   PostgreSQL's costliest statements (calls, total ms, mean ms, rows, statement):"
        q "SELECT calls, round(total_exec_time::numeric), round(mean_exec_time::numeric, 3), rows,
                  left(regexp_replace(query, '\s+', ' ', 'g'), 100)
           FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15" | sed 's/^/     /'
    fi
    [ "$db" = postgres ] && pg_stop
    return 0
}

trap pg_stop EXIT
echo "machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'); $(java -version 2>&1 | head -1); $(date -u +%FT%TZ)"
case "$WHICH" in
    sqlite) run sqlite ;;
    postgres) run postgres ;;
    all) run sqlite; run postgres ;;
    *) echo "usage: bench/workers.sh [sqlite|postgres|all] [latency] [concurrency]"; exit 2 ;;
esac
