#!/usr/bin/env bash
# Runs every test of ofxkit: Rust unit and integration tests (corpus tests skip visibly without
# ../shared; client, batch and transport tests against the sandbox FI over TLS), C tests (warnings as
# errors, sanitizers, valgrind, the client against the sandbox), the five bindings' own test suites
# (C++, C#, Go, Java, Python), fuzz-regression replay, benchmark smoke.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
phase() { echo; echo "=== $1 ($((SECONDS - t0)) s)"; }

phase "cargo build --release"
cargo build --release --locked 2>&1 | tail -3

phase "Rust tests"
cargo test --release --locked --no-fail-fast 2>&1 | tee target/rust-tests.log | grep -E '^(test result|running|SKIP|warning: unused)|FAILED|panicked' || true
if grep -q 'test result: FAILED\|error\[' target/rust-tests.log || ! grep -q 'test result: ok' target/rust-tests.log; then
  echo "Rust tests failed"; grep -B5 -A30 'panicked\|FAILED\|^error' target/rust-tests.log | head -150; exit 1
fi

phase "C tests"
bash tests/c/run.sh

phase "bindings"
bfail=0
for lang in cpp csharp go java python; do
  [ -f "bindings/$lang/test.sh" ] || continue
  echo "--- bindings/$lang"
  rc=0
  bash "bindings/$lang/test.sh" > "target/binding-$lang.log" 2>&1 || rc=$?
  tail -1 "target/binding-$lang.log"
  if [ "$rc" != 0 ]; then
    bfail=1
    tail -60 "target/binding-$lang.log"
  fi
done
[ "$bfail" = 0 ] || { echo "binding tests failed"; exit 1; }

phase "benchmark smoke"
cargo bench --locked --bench parse -- --smoke
cargo bench --locked --bench batch -- --smoke

phase "done"
