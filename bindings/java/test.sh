#!/usr/bin/env bash
# Builds the Java binding and runs its JUnit 5 tests against libofxkit.so and the sandbox FI.
#   OFXKIT_LIB_DIR  directory holding libofxkit.so   (default: <repo>/target/release)
#   OFXKIT_BIN      the ofxkit CLI (starts the sandbox) (default: <repo>/target/release/ofxkit)
# Needs (Debian bookworm): openjdk-17-jdk-headless, libjna-java, junit5.
# Ends with the line "java: N passed, M failed"; exits non-zero on any failure.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LIB_DIR=${OFXKIT_LIB_DIR:-$ROOT/target/release}
BIN=${OFXKIT_BIN:-$ROOT/target/release/ofxkit}
JARS=/usr/share/java
JNA=$JARS/jna.jar
LAUNCHER=$JARS/junit-platform-console-standalone.jar
TEST_CP=$JARS/junit-jupiter-api.jar:$JARS/opentest4j.jar:$JARS/apiguardian-api.jar:$JARS/junit-platform-commons.jar

fail() { echo "java: $*" >&2; echo "java: 0 passed, 1 failed"; exit 1; }

command -v javac >/dev/null || fail "javac not found (apt-get install openjdk-17-jdk-headless)"
for j in "$JNA" "$LAUNCHER" "$JARS/junit-jupiter-api.jar"; do
  [ -f "$j" ] || fail "$j missing (apt-get install libjna-java junit5)"
done
[ -f "$LIB_DIR/libofxkit.so" ] || fail "$LIB_DIR/libofxkit.so missing (cargo build --release, or set OFXKIT_LIB_DIR)"
[ -x "$BIN" ] || fail "$BIN missing (cargo build --release, or set OFXKIT_BIN)"

# The README's example must be literally a test.
SNIPPET=$(awk '/^```java$/{f=1;next} /^```$/{f=0} f' "$HERE/README.md")
TESTSRC=$(cat "$HERE/src/test/java/org/ofxkit/ReadingTest.java")
[ -n "$SNIPPET" ] && [[ "$TESTSRC" == *"$SNIPPET"* ]] || fail "the README example is not in ReadingTest.java"

BUILD=$HERE/build
rm -rf "$BUILD"
mkdir -p "$BUILD/classes" "$BUILD/test-classes"

echo "== javac (main)"
javac -Xlint:all -Werror --release 17 -encoding UTF-8 -d "$BUILD/classes" -cp "$JNA" \
  $(find "$HERE/src/main/java" -name '*.java') || fail "compiling the binding failed"
echo "== javac (tests)"
javac -Xlint:all,-serial,-try --release 17 -encoding UTF-8 -d "$BUILD/test-classes" -cp "$BUILD/classes:$JNA:$TEST_CP" \
  $(find "$HERE/src/test/java" -name '*.java') || fail "compiling the tests failed"

echo "== junit"
OUT=$BUILD/junit.out
java -Djna.library.path="$LIB_DIR" -Dofxkit.root="$ROOT" -Dofxkit.bin="$BIN" \
  -jar "$LAUNCHER" --disable-banner --disable-ansi-colors --details=tree --fail-if-no-tests \
  --class-path "$BUILD/classes:$BUILD/test-classes:$JNA" --select-package org.ofxkit 2>&1 | tee "$OUT"
RC=${PIPESTATUS[0]}

PASSED=$(sed -n 's/^\[ *\([0-9]*\) tests successful *\]$/\1/p' "$OUT" | tail -1)
FAILED=$(sed -n 's/^\[ *\([0-9]*\) tests failed *\]$/\1/p' "$OUT" | tail -1)
PASSED=${PASSED:-0}
FAILED=${FAILED:-0}
if [ "$RC" != 0 ] && [ "$FAILED" = 0 ]; then FAILED=1; fi
echo "java: $PASSED passed, $FAILED failed"
[ "$RC" = 0 ] && [ "$FAILED" = 0 ]
