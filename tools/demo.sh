#!/usr/bin/env bash
# The main job, end to end on a fresh machine: build the library and the CLI, read the bundled sample
# statement with the CLI, then with a C program linked against libofxkit.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
echo; echo "== ofxkit dump examples/data/sample.ofx"
./target/release/ofxkit dump examples/data/sample.ofx
echo; echo "== the same file through the C API (examples/read_file.c)"
mkdir -p target/examples
cc -std=c99 -Wall -Wextra -Iinclude examples/read_file.c -Ltarget/release -lofxkit -Wl,-rpath,"$PWD/target/release" -o target/examples/read_file
./target/examples/read_file examples/data/sample.ofx
