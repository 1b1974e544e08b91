#!/usr/bin/env bash
# Builds the C# binding (Ofxkit.dll) and its tests with Mono's mcs, then runs the tests with mono.
#   OFXKIT_LIB_DIR  directory holding libofxkit.so   (default: <repo>/target/release)
#   OFXKIT_BIN      the ofxkit CLI, for the sandbox  (default: <repo>/target/release/ofxkit)
# Extra arguments filter tests by name (e.g. `bash test.sh Batch.`). Exits non-zero on any failure;
# the last line is "csharp: N passed, M failed".
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
lib_dir="${OFXKIT_LIB_DIR:-$root/target/release}"
bin="${OFXKIT_BIN:-$root/target/release/ofxkit}"
case "$lib_dir" in /*) ;; *) lib_dir="$root/$lib_dir" ;; esac
case "$bin" in /*) ;; *) bin="$root/$bin" ;; esac
build="$here/build"

fail() {
    echo "csharp: $*" >&2
    echo "csharp: 0 passed, 1 failed"
    exit 1
}

command -v mcs >/dev/null || fail "mcs not found (apt-get install mono-mcs mono-runtime libmono-system-core4.0-cil)"
command -v mono >/dev/null || fail "mono not found (apt-get install mono-runtime)"
[ -f "$lib_dir/libofxkit.so" ] || fail "no libofxkit.so in $lib_dir (cargo build --release, or set OFXKIT_LIB_DIR)"
[ -x "$bin" ] || fail "no ofxkit CLI at $bin (cargo build --release, or set OFXKIT_BIN)"

mkdir -p "$build"
mcs -nologo -target:library -unsafe -warn:4 -warnaserror+ -debug -out:"$build/Ofxkit.dll" "$here"/src/*.cs \
    || fail "building Ofxkit.dll failed"
cp "$here/Ofxkit.dll.config" "$build/Ofxkit.dll.config"
mcs -nologo -debug -r:"$build/Ofxkit.dll" -r:System.Core.dll -out:"$build/OfxkitTests.exe" "$here"/tests/*.cs \
    || fail "building the tests failed"

pids="$(mktemp)"
log="$(mktemp)"
cleanup() {
    # End the sandboxes the runner started, should it have died without stopping them.
    while read -r pid; do
        if [ -n "$pid" ] && grep -qa sandbox "/proc/$pid/cmdline" 2>/dev/null; then kill "$pid" 2>/dev/null; fi
    done < "$pids"
    rm -f "$pids" "$log"
}
trap cleanup EXIT

export LD_LIBRARY_PATH="$lib_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
OFXKIT_REPO_ROOT="$root" OFXKIT_BIN="$bin" OFXKIT_CS_PIDS="$pids" \
    mono --debug "$build/OfxkitTests.exe" "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
if ! tail -n 1 "$log" | grep -Eq '^csharp: [0-9]+ passed, [0-9]+ failed$'; then
    echo "csharp: the test runner died (exit status $rc) before reporting"
    echo "csharp: 0 passed, 1 failed"
    exit 1
fi
exit "$rc"
