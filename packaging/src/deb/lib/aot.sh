# Sourced by /usr/bin/gantryd and /usr/bin/gantry: their AOT caches (JEP 483), which shorten start-up.
# A cache is made on this host by one training run under -XX:AOTCacheOutput, with the very options
# and class path it will be used with. The JVM refuses -XX:AOTCache together with any -Xshare option,
# so a cache replaces them; a cache the JVM cannot use costs one warning line, never the program.

# Prints the JVM options $1 without -Xshare:*.
gantry_without_xshare() {
    kept=
    for opt in $1; do
        case $opt in
            -Xshare:*) ;;
            *) kept="$kept $opt" ;;
        esac
    done
    echo "$kept"
}

# Prints the JVM options $2, using the cache $1 in place of -Xshare when it is there and readable.
gantry_aot_opts() {
    if [ -f "$1" ] && [ -r "$1" ]; then
        echo "$(gantry_without_xshare "$2") -XX:AOTCache=$1"
    else
        echo "$2"
    fi
}

# Installs the cache a training run wrote to $1.new as $1 (readable by every user); fails when there is none.
gantry_aot_install() {
    [ -f "$1.new" ] || return 1
    chmod 0644 "$1.new"
    mv -f "$1.new" "$1"
}
