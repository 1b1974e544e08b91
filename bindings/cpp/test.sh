#!/usr/bin/env bash
# Builds and runs the C++ binding's tests: g++ -std=c++17 -Wall -Wextra -Werror, once plain and once
# under AddressSanitizer + UndefinedBehaviorSanitizer, each run by the plain runner in tests/.
#
# Environment:
#   OFXKIT_LIB_DIR  directory holding libofxkit.so      (default: <repo>/target/release)
#   OFXKIT_BIN      the ofxkit CLI, to start the sandbox (default: <repo>/target/release/ofxkit)
#   CXX             the compiler                          (default: g++)
#   OFXKIT_CPP_NO_ASAN=1 skips the sanitizer run.
# Ends with "cpp: N passed, M failed" (both runs added up); exits non-zero on any failure.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
lib_dir=$(cd "${OFXKIT_LIB_DIR:-$repo/target/release}" 2>/dev/null && pwd || echo "${OFXKIT_LIB_DIR:-$repo/target/release}")
bin=${OFXKIT_BIN:-$repo/target/release/ofxkit}
cxx=${CXX:-g++}
out="$here/build"
mkdir -p "$out"

passed=0
failed=0
finish() {
  echo "cpp: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit $?
}

if [ ! -f "$lib_dir/libofxkit.so" ]; then
  echo "no libofxkit.so in $lib_dir (build it: cargo build --release, or set OFXKIT_LIB_DIR)"
  failed=1; finish
fi
if [ ! -x "$bin" ]; then
  echo "no ofxkit CLI at $bin (build it: cargo build --release, or set OFXKIT_BIN)"
  failed=1; finish
fi
if ! command -v "$cxx" >/dev/null; then
  echo "no C++ compiler '$cxx' (apt-get install g++)"
  failed=1; finish
fi

warn=(-std=c++17 -Wall -Wextra -Werror)
inc=(-I"$repo/include" -I"$here")
link=(-L"$lib_dir" -lofxkit -Wl,-rpath,"$lib_dir")

# The header alone, pedantic, as the first thing a user would compile.
echo '#include "ofx.hpp"' > "$out/header_only.cpp"
if "$cxx" "${warn[@]}" -Wpedantic "${inc[@]}" -c "$out/header_only.cpp" -o "$out/header_only.o"; then
  echo "ok   ofx.hpp compiles alone (-Wpedantic)"
else
  echo "FAIL ofx.hpp does not compile alone"; failed=$((failed + 1))
fi

# The README's example is literally the test read_sample_file_typed_values.
example_test=$(sed -n '/^TEST(read_sample_file_typed_values)/,/^}/p' "$here/tests/test_reading.cpp")
example_readme=$(sed -n '/^TEST(read_sample_file_typed_values)/,/^}/p' "$here/README.md")
if [ -n "$example_test" ] && [ "$example_test" = "$example_readme" ]; then
  echo "ok   README example is the test read_sample_file_typed_values"
else
  echo "FAIL README example differs from the test read_sample_file_typed_values"; failed=$((failed + 1))
fi

variants=(plain)
[ "${OFXKIT_CPP_NO_ASAN:-0}" = 1 ] || variants+=(asan)

flags_for() {
  case $1 in
    plain) echo "-O1 -g" ;;
    asan) echo "-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" ;;
  esac
}

# Compile every test file of every variant, two at a time (the machine has 2 cores).
compile() {
  local v=$1 src=$2
  local obj="$out/$v/$(basename "$src" .cpp).o"
  # shellcheck disable=SC2046
  if ! "$cxx" "${warn[@]}" $(flags_for "$v") "${inc[@]}" -c "$src" -o "$obj" 2> "$obj.log"; then
    echo "FAIL compile ($v) $(basename "$src")"; cat "$obj.log"; rm -f "$obj"; return 1
  fi
}
compile_failed=0
running=0
for v in "${variants[@]}"; do
  mkdir -p "$out/$v"
  rm -f "$out/$v"/*.o
  for src in "$here"/tests/*.cpp; do
    compile "$v" "$src" &
    running=$((running + 1))
    if [ "$running" -ge 2 ]; then
      wait -n || compile_failed=1
      running=$((running - 1))
    fi
  done
done
while [ "$running" -gt 0 ]; do
  wait -n || compile_failed=1
  running=$((running - 1))
done
if [ "$compile_failed" -ne 0 ]; then
  failed=$((failed + 1)); finish
fi

export OFXKIT_REPO="$repo" OFXKIT_BIN="$bin"
for v in "${variants[@]}"; do
  exe="$out/$v/ofxkit_cpp_tests"
  # shellcheck disable=SC2046
  if ! "$cxx" $(flags_for "$v") "$out/$v"/*.o "${link[@]}" -o "$exe"; then
    echo "FAIL link ($v)"; failed=$((failed + 1)); continue
  fi
  echo "== $v"
  log="$out/$v/run.log"
  case $v in
    plain) "$exe" "$@" 2>&1 | tee "$log"; rc=${PIPESTATUS[0]} ;;
    asan) ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 "$exe" "$@" 2>&1 | tee "$log"; rc=${PIPESTATUS[0]} ;;
  esac
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
  if [ -n "$line" ]; then
    p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
    passed=$((passed + p)); failed=$((failed + f))
    # A crash or a sanitizer report after the summary (e.g. leaks at exit) is a failure too.
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then echo "FAIL $v run exited $rc"; failed=$((failed + 1)); fi
  else
    echo "FAIL $v run ended without a summary (exit $rc)"; failed=$((failed + 1))
  fi
done
finish
