# shellcheck shell=bash
# Sourced by gantry-dev, bin/gantry and bin/gantryd: finds a JDK 25 and exports JAVA_HOME.
# Order: $JAVA_HOME if it is Java 25 or newer, else the newest /usr/lib/jvm/*25*.

# Prints the feature version (25 for 25.0.3) of the Java in $1, or nothing.
gantry_java_feature() {
    local home=$1 version=
    [ -x "$home/bin/java" ] || return 0
    if [ -r "$home/release" ]; then
        version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
    fi
    if [ -z "$version" ]; then
        # No release file (unusual layouts): ask the JVM itself.
        version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
            | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
    fi
    printf '%s' "$version"
}

# Exports JAVA_HOME as a JDK 25 or exits with a message saying how to get one.
gantry_use_jdk25() {
    local candidate feature
    local candidates=("${JAVA_HOME:-}")
    # Newest first; the glob stays unexpanded (and is skipped below) if nothing matches.
    mapfile -t -O 1 candidates < <(printf '%s\n' /usr/lib/jvm/*25* | sort -rV)
    for candidate in "${candidates[@]}"; do
        [ -n "$candidate" ] || continue
        feature=$(gantry_java_feature "$candidate")
        if [ -n "$feature" ] && [ "$feature" -ge 25 ] && [ -x "$candidate/bin/javac" ]; then
            export JAVA_HOME=$candidate
            return 0
        fi
    done
    echo "JDK 25 not found; install Temurin 25 (https://adoptium.net/installation/linux/, package temurin-25-jdk)" \
        "or set JAVA_HOME to a JDK 25 or newer" >&2
    exit 1
}
