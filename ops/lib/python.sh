# shellcheck shell=bash
# Sourced by ops/check.sh and ops/list-metrics.sh: sets PYTHON to a python3
# that has PyYAML (the pyenv/virtualenv one first, then Debian's), or fails.
find_python() {
  local p
  for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import yaml' >/dev/null 2>&1; then
      # shellcheck disable=SC2034  # used by the sourcing script
      PYTHON="$p"
      return 0
    fi
  done
  return 1
}
