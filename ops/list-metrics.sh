#!/usr/bin/env bash
# Lists every metric name referenced by PromQL in ops/prometheus/alerts.yml
# and dashboards/*.json (panel queries, variables, annotations): one name a
# line, sorted, exactly as written (so histogram series appear as
# <name>_bucket / _count / _sum, counters with their _total).
#
#   ops/list-metrics.sh            print the list
#   ops/list-metrics.sh --exposed  leave out series Prometheus makes itself (up, ALERTS)
#   ops/list-metrics.sh --write    also rewrite ops/promql-metrics.txt (commit it)
#   ops/list-metrics.sh --check    fail if ops/promql-metrics.txt is stale
#
# ops/promql-metrics.txt is the full list (with up and ALERTS); a test that
# compares it with the service's /metrics should skip those two.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/python.sh
. "$here/lib/python.sh"
if ! find_python; then
  echo "list-metrics.sh: needs python3 with PyYAML: apt-get install python3-yaml" >&2
  exit 2
fi
exec "$PYTHON" "$here/lib/opscheck.py" list-metrics "$@"
