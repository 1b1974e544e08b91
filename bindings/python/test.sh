#!/usr/bin/env bash
# Runs the Python binding's tests (pytest) against libofxkit and the ofxkit CLI's sandbox.
#   OFXKIT_LIB_DIR  directory holding libofxkit.so      (default: <repo>/target/release)
#   OFXKIT_BIN      the ofxkit CLI (runs the sandbox)   (default: <repo>/target/release/ofxkit)
#   OFXKIT_PYTHON   a Python with pytest                (default: <repo>/.venv, else python3 if it
#                   has pytest, else a venv made in ${TMPDIR:-/tmp} with pytest from PyPI)
# From a fresh clone: cargo build --release && bash bindings/python/test.sh
# Last line: "python: N passed, M failed". Exit status non-zero on any failure.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export OFXKIT_LIB_DIR=${OFXKIT_LIB_DIR:-$ROOT/target/release}
export OFXKIT_BIN=${OFXKIT_BIN:-$ROOT/target/release/ofxkit}
PYTEST_PIN=${OFXKIT_PYTEST_PIN:-pytest==9.2.0}

summary() { if [ "${3:-0}" != 0 ]; then echo "python: $1 passed, $2 failed, $3 skipped"; else echo "python: $1 passed, $2 failed"; fi; }

for f in "$OFXKIT_LIB_DIR/libofxkit.so" "$OFXKIT_BIN"; do
  if [ ! -e "$f" ]; then
    echo "test.sh: $f not found: build it first (cargo build --release) or set OFXKIT_LIB_DIR / OFXKIT_BIN" >&2
    summary 0 1; exit 1
  fi
done

has_pytest() { [ -x "$1" ] && "$1" -c 'import pytest' >/dev/null 2>&1; }
PY=${OFXKIT_PYTHON:-}
if [ -z "$PY" ]; then
  for cand in "$ROOT/.venv/bin/python" "$(command -v python3 || true)"; do
    if [ -n "$cand" ] && has_pytest "$cand"; then PY=$cand; break; fi
  done
fi
if [ -z "$PY" ]; then
  VENV=${TMPDIR:-/tmp}/ofxkit-python-venv
  if ! has_pytest "$VENV/bin/python"; then
    BASE=$(command -v python3 || true)
    [ -n "$BASE" ] || { echo "test.sh: no python3 (apt package python3, python3-venv)" >&2; summary 0 1; exit 1; }
    "$BASE" -m venv "$VENV" && PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python" -m pip install -q "$PYTEST_PIN" ||
      { echo "test.sh: could not make a venv with $PYTEST_PIN in $VENV" >&2; summary 0 1; exit 1; }
  fi
  PY=$VENV/bin/python
fi
echo "test.sh: $("$PY" --version 2>&1), pytest $("$PY" -c 'import pytest; print(pytest.__version__)'), lib $OFXKIT_LIB_DIR"

REPORT=$(mktemp "${TMPDIR:-/tmp}/ofxkit-py-junit.XXXXXX.xml")
trap 'rm -f "$REPORT"' EXIT
cd "$HERE"
# the package is imported from this directory (no install needed); -p no:cacheprovider keeps the
# source tree clean
PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}" PYTHONDONTWRITEBYTECODE=1 \
  "$PY" -m pytest -p no:cacheprovider -ra --junitxml="$REPORT" "$@" tests
rc=$?

counts=$("$PY" - "$REPORT" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print("0 0"); sys.exit()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
t = f = e = s = 0
for x in suites:
    t += int(x.get("tests", 0)); f += int(x.get("failures", 0)); e += int(x.get("errors", 0)); s += int(x.get("skipped", 0))
print(t - f - e - s, f + e, s)
PYEOF
)
read -r passed failed skipped <<<"$counts"
if [ "$rc" -ne 0 ] && [ "$failed" = 0 ]; then failed=1; fi   # pytest failed without a failing test (collection, usage)
summary "$passed" "$failed" "$skipped"
exit "$rc"
