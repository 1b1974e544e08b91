#!/usr/bin/env bash
# Builds and runs the C tests against include/ofx.h and target/release/libofxkit.{so,a}:
# -Wall -Wextra -Wpedantic -Werror; the header alone as C99 and C++; each test linked dynamically,
# statically with AddressSanitizer + UndefinedBehaviorSanitizer, and run under valgrind (leak check).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/ctest
mkdir -p "$out"
CFLAGS="-std=c99 -Wall -Wextra -Wpedantic -Werror -Iinclude"
LIBDIR=target/release
pass=0; fail=0

# The sandbox FI for the client tests: started here, stopped on exit.
ready=$out/sandbox.json
rm -f "$ready"
"$LIBDIR/ofxkit" sandbox --port 0 --quiet --ready-file "$ready" --cert-dir "$out/sandbox-certs" >"$out/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$ready" ] && break; sleep 0.1; done
[ -s "$ready" ] || { echo "the sandbox did not start:"; cat "$out/sandbox.log"; exit 1; }
OFXKIT_SANDBOX_URL=$(sed -E 's/.*"url":"([^"]*)".*/\1/' "$ready")
OFXKIT_SANDBOX_CA=$(sed -E 's/.*"ca":"([^"]*)".*/\1/' "$ready")
export OFXKIT_SANDBOX_URL OFXKIT_SANDBOX_CA
echo "sandbox at $OFXKIT_SANDBOX_URL"

echo '#include "ofx.h"' > "$out/header_only.c"
gcc $CFLAGS -c "$out/header_only.c" -o "$out/header_only.o"
g++ -std=c++17 -Wall -Wextra -Wpedantic -Werror -Iinclude -x c++ -c "$out/header_only.c" -o "$out/header_only_cpp.o"
echo "header compiles as C99 and C++17"

for src in tests/c/test_*.c; do
  name=$(basename "$src" .c)
  gcc $CFLAGS "$src" -L"$LIBDIR" -lofxkit -Wl,-rpath,"$PWD/$LIBDIR" -o "$out/$name"
  gcc $CFLAGS -g -fsanitize=address,undefined -fno-sanitize-recover=all "$src" "$LIBDIR/libofxkit.a" -lssl -lcrypto -lpthread -ldl -lm -o "$out/${name}_asan"
  for variant in plain asan valgrind; do
    case $variant in
      plain) cmd=("$out/$name") ;;
      asan) cmd=(env ASAN_OPTIONS=detect_leaks=1 "$out/${name}_asan") ;;
      valgrind)
        if ! command -v valgrind >/dev/null; then echo "SKIP valgrind (not installed)"; continue; fi
        cmd=(valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite "$out/$name") ;;
    esac
    if "${cmd[@]}" > "$out/$name.$variant.log" 2>&1; then
      pass=$((pass + 1)); echo "ok   $name ($variant)"
    else
      fail=$((fail + 1)); echo "FAIL $name ($variant)"; tail -40 "$out/$name.$variant.log"
    fi
  done
done
echo "ctests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
