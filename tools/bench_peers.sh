#!/usr/bin/env bash
# bench_peers.sh DIR [READER...]
#   Benchmarks the independent OFX readers (ofxtools, ofxparse: PyPI; ofxdump: libofx, Debian
#   package `ofx`) on the synthetic statements of ../shared/tools/gen_ofx.py:
#   {sgml-bank, xml-bank, xml-invest} x {1k, 10k, 100k} transactions, written into DIR when absent.
#   Prints a table (and, with JSONL=FILE, keeps every peer_bench.py result line in FILE).
#   Timings: best of 3 for 1k, best of 1 for 10k and 100k (override: REPEAT_1K, REPEAT_BIG).
#   A peer skips the 100k file of a kind when its 10k run of that kind took more than
#   SKIP_AFTER seconds (default 30), and the table says so; PEER_BENCH_TIMEOUT=S (peer_bench.py)
#   kills any one run after S seconds. ofxparse and ofxdump are superlinear: a full run took ~75 min.
#   Needs the venv made by .ci/run (.venv/bin/python, or PEER_PYTHON=...). Not part of CI.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
shared=${OFXKIT_SHARED:-$(cd "$repo/.." && pwd)/shared}
py=${PEER_PYTHON:-${OFXKIT_PEER_PYTHON:-$repo/.venv/bin/python}}
[ -x "$py" ] || { echo "bench_peers: $py not found: run the install part of .ci/run first" >&2; exit 2; }
[ $# -ge 1 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
dir=$1; shift
readers=("$@"); [ ${#readers[@]} -gt 0 ] || readers=(ofxtools ofxparse ofxdump)
skip_after=${SKIP_AFTER:-30}
r1k=${REPEAT_1K:-3}; rbig=${REPEAT_BIG:-1}
jsonl=${JSONL:-}
[ -n "$jsonl" ] && : >"$jsonl"

mkdir -p "$dir"
kinds=(sgml-bank xml-bank xml-invest)
ext() { case $1 in sgml-bank) echo .ofx ;; *) echo .xml.ofx ;; esac; }
for k in "${kinds[@]}"; do
  for n in 1k 10k 100k; do
    f="$dir/$k-$n$(ext "$k")"
    if [ ! -s "$f" ]; then
      case $n in 1k) c=1000 ;; 10k) c=10000 ;; 100k) c=100000 ;; esac
      python3 "$shared/tools/gen_ofx.py" "$k" "$c" "$f"
    fi
  done
done

printf '%-9s %-10s %5s %11s %9s %9s %13s %9s  %s\n' reader kind n bytes seconds MB/s peak_rss_MB peak/size note
for r in "${readers[@]}"; do
  for k in "${kinds[@]}"; do
    t10k=0
    for n in 1k 10k 100k; do
      f="$dir/$k-$n$(ext "$k")"
      bytes=$(stat -c %s "$f")
      if [ "$n" = 100k ] && awk -v t="$t10k" -v s="$skip_after" 'BEGIN{exit !(t>s)}'; then
        printf '%-9s %-10s %5s %11s %9s %9s %13s %9s  %s\n' "$r" "$k" "$n" "$bytes" - - - - \
          "skipped: 10k took ${t10k}s > ${skip_after}s"
        continue
      fi
      rep=$rbig; [ "$n" = 1k ] && rep=$r1k
      line=$("$py" "$here/peers/peer_bench.py" "$r" "$f" "$rep")
      [ -n "$jsonl" ] && echo "$line" >>"$jsonl"
      row=$(printf '%s' "$line" | "$py" -c '
import json, sys
d = json.loads(sys.stdin.read())
s = d["seconds"]
note = "" if d["ok"] else "FAILED: " + (d["error"] or "")[:60]
print("%s\t%.3f\t%s\t%.1f\t%s\t%s" % (
    "-" if s is None else "%.3f" % s, 1e9 if s is None else s,  # a failed 10k run skips 100k
    "-" if not d["mb_per_s"] else "%.2f" % d["mb_per_s"],
    d["peak_rss_bytes"] / 1e6, d["peak_over_size"], note))')
      IFS=$'\t' read -r secs rawsecs mbs rss ratio note <<<"$row"
      [ "$n" = 10k ] && t10k=$rawsecs
      printf '%-9s %-10s %5s %11s %9s %9s %13s %9s  %s\n' "$r" "$k" "$n" "$bytes" "$secs" "$mbs" "$rss" "$ratio" "$note"
    done
  done
done
