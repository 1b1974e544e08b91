#!/usr/bin/env bash
# The main job, end to end on a fresh machine, in one command:
#  1. build the library and the CLI;
#  2. read the bundled sample statement with the CLI and from C (examples/read_file.c);
#  3. start the sandbox FI (a real HTTPS OFX server on loopback) and run the C batch example against
#     it: one signon, one HTTPS post, a bank statement, a credit-card statement and the FI profile
#     (examples/batch.c), then download a statement accepting the sandbox's certificate in the TLS
#     callback (examples/statement.c); the sandbox is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
mkdir -p target/examples
cc_example() { cc -std=c99 -Wall -Wextra -Iinclude "examples/$1.c" -Ltarget/release -lofxkit -Wl,-rpath,"$PWD/target/release" -o "target/examples/$1"; }

echo; echo "== ofxkit dump examples/data/sample.ofx"
./target/release/ofxkit dump examples/data/sample.ofx
echo; echo "== the same file through the C API (examples/read_file.c)"
cc_example read_file
./target/examples/read_file examples/data/sample.ofx

echo; echo "== the sandbox FI"
ready=target/examples/sandbox.json
rm -f "$ready"
./target/release/ofxkit sandbox --port 0 --quiet --ready-file "$ready" --cert-dir target/examples/sandbox-certs &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$ready" ] && break; sleep 0.1; done
url=$(sed -E 's/.*"url":"([^"]*)".*/\1/' "$ready")
ca=$(sed -E 's/.*"ca":"([^"]*)".*/\1/' "$ready")

echo; echo "== examples/batch.c: three requests, one signon, one HTTPS post"
cc_example batch
./target/examples/batch "$url" "$ca"

echo; echo "== examples/statement.c: a statement, the sandbox's certificate accepted by the TLS callback"
cc_example statement
./target/examples/statement "$url" | head -20

echo; echo "== examples/transfer.c: a transfer, its change, and token synchronization"
cc_example transfer
./target/examples/transfer "$url" "$ca"
