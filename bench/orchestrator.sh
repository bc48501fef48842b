#!/usr/bin/env bash
# Times one orchestrator cycle (read the tenant's graph from the database, analyse it, compare,
# alert) over 100,000 tasks with about two dependencies each, on SQLite and on PostgreSQL.
#   bench/orchestrator.sh [sqlite|postgres|all]     (TASKS=100000 by default)
# PostgreSQL: a throwaway cluster like bench/workers.sh (initdb, pg_ctl, psql on PATH).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bin/java-env.sh"
_aiorg_find_java
TASKS=${TASKS:-100000}
OUT="$ROOT/target/bench-orchestrator"
PGDIR="$ROOT/target/bench-orchestrator-pg"
PGPORT=${PGPORT:-55433}
mkdir -p "$OUT"
[ -f "$ROOT/target/ai-org.jar" ] || (cd "$ROOT" && ./mvnw -q -B -DskipTests package)
JAR="$ROOT/target/ai-org.jar"

# Task i depends on i-1 and i/2; a tenth done, a few failed, some doing: blocked sets and a long critical path.
seed_sql() {
    local id dep1 dep2
    if [ "$1" = sqlite ]; then id="printf('%08d', i)"; dep1="printf('%08d', i - 1)"; dep2="printf('%08d', i / 2)"
    else id="lpad(i::text, 8, '0')"; dep1="lpad((i - 1)::text, 8, '0')"; dep2="lpad((i / 2)::text, 8, '0')"; fi
    cat <<SQL
INSERT INTO tenant (id, name, purpose, created_at) VALUES ('bench', 'Bench', 'Benchmark the orchestrator', 0);
INSERT INTO budget_account (tenant_id, limit_micros, spent_micros, reserved_micros, updated_at, limit_version)
  VALUES ('bench', 1000000000, 0, 0, 0, 0);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $TASKS)
INSERT INTO task (id, tenant_id, description, status, est_value, tokens_plan, tokens_actual, purpose_relevance,
                  relevance_source, value_density, role, role_source, created_at, updated_at)
SELECT $id, 'bench', 'Benchmark task ' || i,
       CASE WHEN i <= $TASKS / 10 THEN 'done' WHEN i % 997 = 0 THEN 'failed' WHEN i % 101 = 0 THEN 'doing' ELSE 'todo' END,
       1 + (i % 10), 1 + (i % 5), 0, 0.5, 'user', 1, 'dev', 'user', i, i FROM n;
WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $TASKS)
INSERT INTO task_dependency (tenant_id, task_id, depends_on_id) SELECT 'bench', $id, $dep1 FROM n;
WITH RECURSIVE n(i) AS (SELECT 4 UNION ALL SELECT i + 1 FROM n WHERE i < $TASKS)
INSERT INTO task_dependency (tenant_id, task_id, depends_on_id) SELECT 'bench', $id, $dep2 FROM n WHERE i / 2 <> i - 1;
SQL
}

PGRUN=()
[ "$(id -u)" = 0 ] && PGRUN=(runuser -u nobody --)

run() {
    local db=$1 url
    if [ "$db" = sqlite ]; then
        rm -f "$OUT/o.db"*
        url="jdbc:sqlite:$OUT/o.db"
        java -jar "$JAR" migrate --db-url "$url" >/dev/null
        seed_sql sqlite | python3 -c "import sqlite3,sys; c=sqlite3.connect('$OUT/o.db'); c.executescript(sys.stdin.read()); c.commit()"
    else
        if [ ! -f "$PGDIR/PG_VERSION" ]; then
            mkdir -p "$PGDIR"; [ ${#PGRUN[@]} -gt 0 ] && chown nobody "$PGDIR"
            "${PGRUN[@]}" initdb -D "$PGDIR" -U postgres -A trust >/dev/null
        fi
        touch "$OUT/pg.log"; [ ${#PGRUN[@]} -gt 0 ] && chown nobody "$OUT/pg.log"
        "${PGRUN[@]}" pg_ctl -D "$PGDIR" -o "-p $PGPORT -k /tmp" -l "$OUT/pg.log" -w start >/dev/null
        trap '"${PGRUN[@]}" pg_ctl -D "$PGDIR" -m fast -w stop >/dev/null 2>&1 || true' EXIT
        psql -h /tmp -p "$PGPORT" -U postgres -q -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench" >/dev/null
        url="jdbc:postgresql://127.0.0.1:$PGPORT/bench?user=postgres"
        java -jar "$JAR" migrate --db-url "$url" >/dev/null
        seed_sql postgres | psql -h /tmp -p "$PGPORT" -U postgres -d bench -q >/dev/null
    fi
    echo "## $db, $TASKS tasks"
    for i in 1 2 3; do
        java -jar "$JAR" orchestrator --once --tenant bench --db-url "$url" | grep -E "^(todo|critical path|cycle)" | cut -c1-160
    done
}

echo "# orchestrator cycle, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -1)"
case "${1:-all}" in
    sqlite|postgres) run "$1" ;;
    all) run sqlite; run postgres ;;
esac
