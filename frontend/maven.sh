#!/usr/bin/env bash
# Called by the Maven build (exec-maven-plugin): `build` installs dependencies when the lockfile
# changed and rebuilds dist/ when sources changed; `test` runs the unit tests. Skipping work
# that is up to date keeps an unchanged `mvn package` fast.
set -euo pipefail
cd "$(dirname "$0")"
command -v npm >/dev/null || { echo "frontend: npm not found: install Node.js 20+ and npm (apt-get install nodejs npm)" >&2; exit 1; }

newer_than() { # newer_than STAMP PATH...: true when STAMP is missing or any file under PATH is newer
    local stamp=$1; shift
    [ ! -e "$stamp" ] && return 0
    [ -n "$(find "$@" -newer "$stamp" -type f -print -quit 2>/dev/null)" ]
}

install() {
    if newer_than node_modules/.installed package.json package-lock.json; then
        npm ci --no-audit --no-fund --loglevel=error
        touch node_modules/.installed
    fi
}

case "${1:-build}" in
    build)
        install
        if newer_than dist/index.html src index.html package-lock.json vite.config.ts tsconfig.json tsconfig.app.json tsconfig.node.json; then
            npm run --silent build
        else
            echo "frontend: dist/ is up to date"
        fi
        ;;
    test)
        install
        npm test --silent
        ;;
    *) echo "usage: frontend/maven.sh build|test" >&2; exit 2 ;;
esac
