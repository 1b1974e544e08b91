#!/usr/bin/env python3
"""Time and measure an independent OFX reader on one file.

Usage: peer_bench.py READER FILE [REPEAT]
       READER: ofxtools | ofxparse | ofxdump      REPEAT: best of N timings (default 3)
       (run with the venv's python for ofxtools/ofxparse: .venv/bin/python)

Prints one JSON line:
  {"reader", "file", "bytes", "seconds", "mb_per_s", "peak_rss_bytes", "peak_over_size",
   "baseline_rss_bytes", "runs", "ok", "error"}

- seconds: best wall time of REPEAT parses. ofxtools: OFXTree().parse(path) + convert();
  ofxparse: OfxParser.parse(open(path, "rb")); both timed inside a fresh interpreter, so
  start-up and imports are not counted. ofxdump (libofx): the whole process, run with
  stdout and stderr sent to /dev/null and info/status messages off, so process start,
  DTD loading and printing are counted.
- peak_rss_bytes: max RSS (getrusage of the child, via wait4) of a fresh process that
  parses the file once, minus the max RSS of the same kind of process on an empty run
  (Python: interpreter + the reader imported, no parse; ofxdump: ofxdump on an empty file,
  peaks read by GNU time when /usr/bin/time exists, see ofxdump_run).
- peak_over_size = peak_rss_bytes / bytes; mb_per_s = bytes / 1e6 / seconds.
- PEER_BENCH_TIMEOUT=S kills a child that runs longer than S seconds (default: no limit).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

READERS = ("ofxtools", "ofxparse", "ofxdump")

CHILD = r'''
import sys, time, json, warnings
warnings.filterwarnings("ignore")
reader, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
if reader == "ofxtools":
    from ofxtools.Parser import OFXTree
    def parse():
        t = OFXTree(); t.parse(path); return t.convert()
else:
    from ofxparse import OfxParser
    def parse():
        with open(path, "rb") as fh:
            return OfxParser.parse(fh)
times = []
err = None
if path != "-":
    for _ in range(n):
        t0 = time.perf_counter()
        try:
            r = parse()
        except Exception as e:
            err = "%s: %s" % (type(e).__name__, str(e)[:200])
        times.append(time.perf_counter() - t0)
        r = None
print(json.dumps({"times": times, "error": err}))
'''


LIMIT = float(os.environ.get("PEER_BENCH_TIMEOUT", "0") or 0)  # seconds per child; 0: none


def run_child(argv, stdout=subprocess.PIPE):
    """Run argv, return (returncode, stdout bytes, maxrss bytes, wall seconds)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL,
                         env=dict(os.environ, TZ="UTC"))
    timer = None
    if LIMIT > 0:
        import threading
        timer = threading.Timer(LIMIT, p.kill)
        timer.daemon = True
        timer.start()
    out = b""
    if stdout == subprocess.PIPE:
        out = p.stdout.read()
        p.stdout.close()
    _, status, ru = os.wait4(p.pid, 0)
    if timer is not None:
        timer.cancel()
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, out, ru.ru_maxrss * 1024, wall  # ru_maxrss is KiB on Linux


def py_run(reader, path, n):
    rc, out, rss, _ = run_child([sys.executable, "-c", CHILD, reader, path, str(n)])
    if rc != 0:
        why = " (killed after PEER_BENCH_TIMEOUT=%gs)" % LIMIT if LIMIT > 0 and rc < 0 else ""
        return None, "child exit %d%s" % (rc, why), rss
    d = json.loads(out.decode().strip().splitlines()[-1])
    return d["times"], d["error"], rss


GNU_TIME = "/usr/bin/time"


def ofxdump_run(path):
    """One ofxdump run: (wall seconds, error or None, max RSS bytes).

    The max RSS a parent reads with wait4 for a child it spawned is never below the
    parent's own high-water mark (Python spawns with vfork and Linux carries the peak
    across exec), so for the small ofxdump the peak is read by GNU time (whose own
    footprint is tiny) when it is installed (Debian package `time`)."""
    argv = [os.environ.get("OFXDUMP", "ofxdump"), "--msg_info", "--msg_status", path]
    tf = None
    if os.access(GNU_TIME, os.X_OK):
        tf = tempfile.NamedTemporaryFile(prefix="peer_bench_time_", delete=False)
        tf.close()
        argv = [GNU_TIME, "-f", "%M", "-o", tf.name] + argv
    rc, _, rss, wall = run_child(argv, stdout=subprocess.DEVNULL)
    if tf is not None:
        try:
            with open(tf.name) as fh:
                rss = int(fh.read().split()[-1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        os.unlink(tf.name)
    err = None if rc in (0, 1) else "ofxdump exit %d" % rc  # 1: libofx recovered from errors
    return wall, err, rss


def bench(reader, path, repeat):
    size = os.path.getsize(path)
    if reader == "ofxdump":
        with tempfile.NamedTemporaryFile(suffix=".ofx") as empty:
            base = min(ofxdump_run(empty.name)[2] for _ in range(2))
        times, errs, rss_runs = [], [], []
        for _ in range(repeat):
            w, e, r = ofxdump_run(path)
            times.append(w)
            rss_runs.append(r)
            errs.append(e)
        peak = rss_runs[0]
        err = next((e for e in errs if e), None)
    else:
        base = min(py_run(reader, "-", 0)[2] for _ in range(2))
        times, err, peak = py_run(reader, path, 1)  # fresh process: time + peak of one parse
        if times is None:
            times = []
        if repeat > 1 and not err:
            more, err2, _ = py_run(reader, path, repeat - 1)
            times += more or []
            err = err or err2
    best = min(times) if times else None
    extra = max(0, peak - base)
    return {
        "reader": reader, "file": path, "bytes": size,
        "seconds": None if best is None else round(best, 4),
        "mb_per_s": None if not best else round(size / 1e6 / best, 3),
        "peak_rss_bytes": extra,
        "peak_over_size": round(extra / size, 2) if size else None,
        "baseline_rss_bytes": base,
        "runs": len(times), "ok": err is None, "error": err,
    }


def main(argv):
    if len(argv) < 3 or argv[1] not in READERS:
        sys.stderr.write(__doc__)
        return 2
    repeat = int(argv[3]) if len(argv) > 3 else 3
    print(json.dumps(bench(argv[1], argv[2], max(1, repeat))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
