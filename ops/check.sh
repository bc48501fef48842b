#!/usr/bin/env bash
# Validates AI-Org's operations files without a Docker engine:
#   Prometheus config (compose and localhost variants), alert rules and their
#   unit tests (promtool); alert conventions; Grafana dashboards (JSON, every
#   panel has a query, every query parses as PromQL); Grafana and Prometheus
#   wiring in the compose files; every compose file parses and every path it
#   mounts or builds from exists; ops/.env.example matches the compose
#   variables and holds no secret; ops/promql-metrics.txt is up to date and
#   docs/metrics.md describes every referenced metric; the Dockerfile's
#   essentials.
#
#   ops/check.sh        (from any directory)
#   ops/check.sh -v     also print the output of passing checks
#
# Prints one line per check and, last, "N passed, N failed"; exits 1 if any
# check failed, 2 if a needed tool is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VERBOSE=0
[[ "${1:-}" == "-v" ]] && VERBOSE=1

if ! command -v promtool >/dev/null 2>&1; then
  echo "check.sh: promtool not found: apt-get install prometheus" >&2
  exit 2
fi
# shellcheck source=lib/python.sh
. ops/lib/python.sh
if ! find_python; then
  echo "check.sh: python3 with PyYAML not found: apt-get install python3-yaml" >&2
  exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
# run NAME COMMAND...: one check; its output is shown when it fails (or -v).
run() {
  local name="$1" out
  shift
  if out="$("$@" 2>&1)"; then
    passed=$((passed + 1))
    printf 'ok    %s\n' "$name"
    if [[ $VERBOSE == 1 && -n "$out" ]]; then printf '%s\n' "$out" | sed 's/^/      /'; fi
  else
    failed=$((failed + 1))
    printf 'FAIL  %s\n' "$name"
    printf '%s\n' "$out" | sed 's/^/      /'
  fi
}

opscheck() { "$PYTHON" ops/lib/opscheck.py "$@"; }

# --- Prometheus ---------------------------------------------------------------
run "promtool check config ops/prometheus/prometheus.yml" \
  promtool check config ops/prometheus/prometheus.yml
run "promtool check config ops/prometheus/prometheus.local.yml" \
  promtool check config ops/prometheus/prometheus.local.yml
run "prometheus file_sd target files exist and hold host:port targets" \
  opscheck prom-sd ops/prometheus/prometheus.yml ops/prometheus/prometheus.local.yml
run "promtool check rules ops/prometheus/alerts.yml" \
  promtool check rules ops/prometheus/alerts.yml
run "promtool test rules ops/prometheus/tests/alerts_test.yml" \
  promtool test rules ops/prometheus/tests/alerts_test.yml
run "alerts: severity, summary/description, tenant, a firing and a quiet test each" \
  opscheck alerts

# --- Grafana ------------------------------------------------------------------
run "dashboards: valid JSON, uid/title, tenant variable, every panel has a non-empty expr" \
  opscheck dashboards
dashboard_promql() {
  opscheck dashboard-rules "$tmp/dashboard-rules.yml" && promtool check rules "$tmp/dashboard-rules.yml"
}
run "dashboards: every query parses as PromQL (promtool)" dashboard_promql
run "grafana provisioning + prometheus config mounted; scrape targets are compose services" \
  opscheck monitoring

# --- Compose ------------------------------------------------------------------
opscheck env-file "$tmp/compose.env"
if docker compose version >/dev/null 2>&1; then
  compose_tool="docker compose"
  compose() { docker compose --env-file "$tmp/compose.env" "$@" config -q; }
elif command -v docker-compose >/dev/null 2>&1; then
  compose_tool="docker-compose"
  compose() { docker-compose --env-file "$tmp/compose.env" "$@" config -q; }
else
  compose_tool="PyYAML (no docker compose / docker-compose: apt-get install docker-compose)"
  compose() {
    local files=() a
    for a in "$@"; do [[ "$a" != -f ]] && files+=("$a"); done
    opscheck compose-yaml "${files[@]}"
  }
fi
for f in persistent graph monitoring; do
  run "compose ops/$f.yml parses ($compose_tool)" compose -f "ops/$f.yml"
done
run "compose ops/app.yml parses with persistent.yml + graph.yml ($compose_tool)" \
  compose -f ops/persistent.yml -f ops/graph.yml -f ops/app.yml
run "compose full stack parses (persistent + graph + monitoring + app)" \
  compose -f ops/persistent.yml -f ops/graph.yml -f ops/monitoring.yml -f ops/app.yml
for f in persistent graph monitoring app; do
  run "compose ops/$f.yml: mounted and referenced paths exist" opscheck compose-refs "ops/$f.yml"
done
run "ops/.env.example lists every compose variable; secrets required, none committed" \
  opscheck env

# --- Metrics, docs, image -----------------------------------------------------
run "ops/promql-metrics.txt matches the PromQL of alerts and dashboards" \
  opscheck list-metrics --check
run "docs/metrics.md describes every referenced metric" opscheck docs
run "Dockerfile: multi-stage, temurin 21 JRE, non-root, ports, entrypoint; .dockerignore" \
  opscheck dockerfile
# shellcheck disable=SC2016  # the loop runs in the child bash
run "ops shell scripts parse (bash -n)" bash -c 'for f in ops/*.sh ops/lib/*.sh; do bash -n "$f" || exit 1; done'

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
