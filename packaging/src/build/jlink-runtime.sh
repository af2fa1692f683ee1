#!/bin/sh
# Builds the trimmed Java runtime the .deb carries. Debian 12 has no JDK 25 package a .deb could
# depend on, so gantry ships its own runtime, made by jlink from the JDK that runs Maven.
#
# usage: jlink-runtime.sh JAVA_HOME LIB_DIR OUTPUT_DIR [EXCLUDED_MODULES]
#   LIB_DIR           every jar gantryd and gantry run with (the modules they need are read from them)
#   OUTPUT_DIR        replaced by the new runtime
#   EXCLUDED_MODULES  comma-separated modules jdeps finds but the programs never load (see pom.xml)
set -eu

fail() {
    echo "ERROR [jlink-runtime]: $*" >&2
    exit 1
}

[ $# -eq 3 ] || [ $# -eq 4 ] || fail "usage: $0 JAVA_HOME LIB_DIR OUTPUT_DIR [EXCLUDED_MODULES]"
java_home=$1
lib_dir=$2
out=$3
excluded=${4:-}

for tool in jdeps jlink; do
    [ -x "$java_home/bin/$tool" ] || fail "$java_home/bin/$tool not found: Maven must run on a full JDK 25, not a JRE"
done

# Sorted so that the module list, and with it the runtime, does not depend on directory order.
jars=$(find "$lib_dir" -maxdepth 1 -name '*.jar' | LC_ALL=C sort)
[ -n "$jars" ] || fail "no jars in $lib_dir (did copy-dependencies run?)"

# Analyse every jar, not only ours: a library can need a module our code never names. All jars are
# arguments (none on --class-path): jdeps then resolves them against each other without warnings.
# shellcheck disable=SC2086 # $jars is a newline-separated list of paths without spaces
detected=$("$java_home/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 $jars) \
    || fail "jdeps failed on the jars in $lib_dir"
case $detected in
    *java.base*) ;;
    *) fail "jdeps printed no module list but: $detected" ;;
esac

# Always present, whatever jdeps finds: jdk.net (socket options such as SO_PEERCRED),
# jdk.unsupported (sun.misc.Unsafe for libraries that probe for it), and modules that libraries
# load reflectively, which jdeps cannot see (JDBC, JNDI, JMX, XML parsers for logback, and
# jdk.management for Micrometer's process CPU, file descriptor and GC-pause metrics).
always=jdk.net,jdk.unsupported,java.sql,java.naming,java.management,jdk.management,java.xml
modules=$(printf '%s,%s\n' "$detected" "$always" | tr ',' '\n' | LC_ALL=C sort -u)

# Leave out the excluded modules, and show which classes refer to them so that a reviewer notices
# when a new library starts to depend on one for real.
for module in $(printf '%s\n' "$excluded" | tr ',' ' '); do
    case ",$always," in
        *",$module,"*) fail "module $module is both always added and excluded" ;;
    esac
    modules=$(printf '%s\n' "$modules" | grep -vx "$module" || true)
    echo "[jlink-runtime] excluded $module; classes that refer to it:"
    # shellcheck disable=SC2086
    "$java_home/bin/jdeps" --ignore-missing-deps --multi-release 25 -verbose:class $jars 2>/dev/null \
        | awk -v m="$module" 'NF == 4 && $2 == "->" && $4 == m { print "[jlink-runtime]   " $1 " -> " $3 }' \
        | LC_ALL=C sort -u
done
modules=$(printf '%s\n' "$modules" | paste -sd, -)

echo "[jlink-runtime] modules: $modules"
rm -rf "$out"
if ! "$java_home/bin/jlink" \
        --add-modules "$modules" \
        --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
        --output "$out"; then
    rm -rf "$out"
    fail "jlink failed building $out from $java_home with modules $modules"
fi
for module in $(printf '%s\n' "$excluded" | tr ',' ' '); do
    grep -q "^MODULES=.*\b$module\b" "$out/release" \
        && fail "excluded module $module came back as a dependency of another module"
done

# The .deb gives 0755 only to bin/*, lib/jspawnhelper and lib/jexec (see the jdeb dataSet in
# pom.xml); an executable anywhere else would be installed 0644 and fail at run time.
unexpected=$(cd "$out" && find . -type f -perm -u+x ! -path './bin/*' \
    ! -path ./lib/jspawnhelper ! -path ./lib/jexec)
[ -z "$unexpected" ] || fail "executables the jdeb dataSet would install without +x: $unexpected"

"$out/bin/java" -version >/dev/null 2>&1 || fail "the new runtime in $out does not start"
echo "[jlink-runtime] runtime: $out ($(du -sh "$out" | cut -f1))"
