# Sourced by bin/ai-org and .ci/run: finds a JDK 21 or newer and exports JAVA_HOME and PATH.
# Looks at JAVA_HOME, then `java` on PATH, then the system's JVM folders; newest first there.

_aiorg_java_major() {
    "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

_aiorg_find_java() {
    local candidates=()
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
    command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
    local dir
    for dir in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ /usr/local/lib/jvm/*/ 2>/dev/null | sort -Vr); do
        candidates+=("${dir%/}/bin/java")
    done
    local j major
    for j in "${candidates[@]}"; do
        [ -x "$j" ] || continue
        major=$(_aiorg_java_major "$j")
        if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
            j=$(readlink -f "$j")
            export JAVA_HOME="${j%/bin/java}"
            export PATH="$JAVA_HOME/bin:$PATH"
            return 0
        fi
    done
    echo "ai-org: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, or set JAVA_HOME." >&2
    return 1
}
