#!/usr/bin/env bash
# ofxdump_read.sh FILE...  libofx's reading of OFX files (Debian package `ofx`), as one JSON line
# per file in peer_read.py's shape: ofxdump's text output parsed by peer_read.py (stdlib only).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=${OFXKIT_PEER_PYTHON:-}
[ -n "$py" ] && [ -x "$py" ] || py=python3
exec "$py" "$here/peer_read.py" ofxdump "$@"
