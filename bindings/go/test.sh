#!/usr/bin/env bash
# Builds and runs the Go binding's tests with `go test` against libofxkit.so and the sandbox FI.
#
#   OFXKIT_LIB_DIR  directory holding libofxkit.so   (default: <repo>/target/release)
#   OFXKIT_BIN      the ofxkit CLI (starts the sandbox) (default: <repo>/target/release/ofxkit)
#   OFXKIT_GO_RACE  1: run the tests under the race detector
#
# Needs Debian's golang-go (Go 1.19) and a C compiler (gcc, libc6-dev) for cgo. Uses only the
# standard library: no module proxy is contacted. Ends with "go: N passed, M failed".
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
lib_dir="${OFXKIT_LIB_DIR:-$root/target/release}"
bin="${OFXKIT_BIN:-$root/target/release/ofxkit}"

fail() {
    echo "go: $*" >&2
    echo "go: 0 passed, 1 failed"
    exit 1
}

command -v go >/dev/null 2>&1 || fail "the go command is missing (apt-get install golang-go)"
command -v gcc >/dev/null 2>&1 || command -v cc >/dev/null 2>&1 || fail "no C compiler for cgo (apt-get install gcc libc6-dev)"
[ -f "$lib_dir/libofxkit.so" ] || fail "no libofxkit.so in $lib_dir (cargo build --release, or set OFXKIT_LIB_DIR)"
[ -x "$bin" ] || fail "no ofxkit CLI at $bin (cargo build --release, or set OFXKIT_BIN)"
lib_dir="$(cd "$lib_dir" && pwd)"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

export OFXKIT_LIB_DIR="$lib_dir" OFXKIT_BIN="$bin"
export CGO_ENABLED=1
export CGO_LDFLAGS="-L$lib_dir -Wl,-rpath,$lib_dir ${CGO_LDFLAGS:-}"
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS="${GOFLAGS:-}" GO111MODULE=on
export GOCACHE="${GOCACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/go-build}"
# Strict checks of the cgo pointer-passing rules while the tests run.
export GODEBUG="cgocheck=2${GODEBUG:+,$GODEBUG}"
race=()
[ "${OFXKIT_GO_RACE:-0}" = 1 ] && race=(-race) # optional: the race detector (slower build)

cd "$here"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

go vet ./... 2>&1 | tee "$log"
vet_rc=${PIPESTATUS[0]}

go test -v -count=1 -timeout 600s "${race[@]}" ./... 2>&1 | tee -a "$log"
rc=${PIPESTATUS[0]}

passed=$(grep -cE '^\s*--- PASS' "$log")
failed=$(grep -cE '^\s*--- FAIL' "$log")
if [ "$vet_rc" -ne 0 ]; then
    echo "go vet failed" >&2
    failed=$((failed + 1))
fi
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1 # the build, TestMain or the runner itself failed
fi
echo "go: $passed passed, $failed failed"
[ "$rc" -eq 0 ] && [ "$vet_rc" -eq 0 ] && [ "$failed" -eq 0 ]
