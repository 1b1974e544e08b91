#!/usr/bin/env python3
"""Run the peers over the shared corpus and compare with corpus/INDEX.tsv.

Usage: index_agreement.py [CORPUS_DIR] [--json OUT] [--show-mismatches]
       (default CORPUS_DIR: ../shared/corpus beside the repository; run with .venv/bin/python)

Checks:
  1. ofxtools outcome vs INDEX "ofxtools_1.1.1_result": ok / parse-FAIL / parsed-but-convert-FAIL,
     and the exception type named there.
  2. ofxparse outcome vs INDEX "ofxparse_0.21_result": ok(N acct) / FAIL: Type.
  3. Peer against peer (ofxtools, ofxparse, ofxdump) on files that two of them read:
     same statements (account, kind), transaction counts and amount sums (numerically;
     for ofxdump the sum is compared after rounding the other side's amounts to cents).
"""
import csv
import decimal
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def run_reader(reader, corpus, files):
    env = dict(os.environ)
    p = subprocess.run([sys.executable, os.path.join(HERE, "peer_read.py"), reader] + files,
                       cwd=corpus, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                       check=True)
    out = {}
    for line in p.stdout.decode("utf-8").splitlines():
        r = json.loads(line)
        out[r["file"]] = r
    return out


def ofxtools_cat(r):
    if r["ok"]:
        return "ok"
    if r["stage"] in ("header", "parse"):
        return "parse-FAIL"
    if r["stage"] == "convert":
        return "parsed-but-convert-FAIL"
    return "other-FAIL(%s)" % r["stage"]


def index_ofxtools(s):
    if s == "ok":
        return "ok", None
    cat, _, rest = s.partition(": ")
    return cat, rest.split(":")[0].strip()


def index_ofxparse(s):
    if s.startswith("ok("):
        return "ok", int(s[3:].split()[0])
    return "FAIL", s.partition(": ")[2].split(":")[0].strip()


def etype(r):
    return (r["error"] or "").split(":")[0].strip() or None


def main(argv):
    corpus = os.path.join(os.path.dirname(REPO), "shared", "corpus")
    json_out = None
    show = "--show-mismatches" in argv
    args = [a for a in argv[1:] if a != "--show-mismatches"]
    if "--json" in args:
        i = args.index("--json")
        json_out = args[i + 1]
        del args[i:i + 2]
    if args:
        corpus = args[0]
    with open(os.path.join(corpus, "INDEX.tsv"), newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    files = [r["path"] for r in rows]
    res = {rd: run_reader(rd, corpus, files) for rd in ("ofxtools", "ofxparse", "ofxdump")}
    report = {}
    mism = []

    # 1. ofxtools vs INDEX
    n = cat_ok = type_ok = 0
    for row in rows:
        f = row["path"]
        want_cat, want_type = index_ofxtools(row["ofxtools_1.1.1_result"])
        r = res["ofxtools"][f]
        got_cat = ofxtools_cat(r)
        n += 1
        if got_cat == want_cat:
            cat_ok += 1
            if want_type is None or want_type == etype(r):
                type_ok += 1
            else:
                mism.append(("ofxtools-type", f, want_type, etype(r)))
        else:
            mism.append(("ofxtools-outcome", f, row["ofxtools_1.1.1_result"][:80], got_cat + " " + (r["error"] or "")[:80]))
    report["ofxtools_vs_index"] = {"files": n, "same_outcome": cat_ok, "same_outcome_and_error_type": type_ok}

    # 2. ofxparse vs INDEX
    n = out_ok = full_ok = 0
    for row in rows:
        f = row["path"]
        want, detail = index_ofxparse(row["ofxparse_0.21_result"])
        r = res["ofxparse"][f]
        got = "ok" if r["ok"] else "FAIL"
        n += 1
        if got == want:
            out_ok += 1
            gd = r.get("n_accounts") if r["ok"] else etype(r)
            if gd == detail:
                full_ok += 1
            else:
                mism.append(("ofxparse-detail", f, detail, gd))
        else:
            mism.append(("ofxparse-outcome", f, row["ofxparse_0.21_result"][:80], (r["error"] or "ok")[:80]))
    report["ofxparse_vs_index"] = {"files": n, "same_outcome": out_ok, "same_outcome_and_accounts_or_error_type": full_ok}

    # 3. peer vs peer
    def key(st):
        return (st["account_id"], st["kind"])

    def cmp_pair(a, b, cents):
        both = agree_n = agree_sum = agree_dates = 0
        for f in files:
            ra, rb = res[a][f], res[b][f]
            if not (ra["ok"] and rb["ok"]):
                continue
            both += 1
            order = lambda s: (str(s["account_id"]), s["kind"], s["n_transactions"],
                               decimal.Decimal(s["amount_sum"]))
            sa = sorted(ra["statements"], key=order)
            sb = sorted(rb["statements"], key=order)
            if [key(s) for s in sa] != [key(s) for s in sb] or \
                    [s["n_transactions"] for s in sa] != [s["n_transactions"] for s in sb]:
                mism.append((f"{a}~{b}-counts", f, [(key(s), s["n_transactions"]) for s in sa],
                             [(key(s), s["n_transactions"]) for s in sb]))
                continue
            agree_n += 1
            q = decimal.Decimal("0.01")
            ok_sum = True
            for x, y in zip(sa, sb):
                dx, dy = decimal.Decimal(x["amount_sum"]), decimal.Decimal(y["amount_sum"])
                if cents:  # ofxdump rounds each amount to cents: allow n * half a cent
                    tol = decimal.Decimal("0.005") * max(1, x["n_transactions"])
                    if abs(dx - dy) > tol:
                        ok_sum = False
                elif dx != dy:
                    ok_sum = False
            if ok_sum:
                agree_sum += 1
            else:
                mism.append((f"{a}~{b}-sum", f, [s["amount_sum"] for s in sa], [s["amount_sum"] for s in sb]))
            # libofx turns a midnight time into 10:59:00 UTC of that calendar date (its "no time
            # given" rule) and ignores the zone then: compare with it by date only
            cut = (lambda d: d and d[:10]) if cents else (lambda d: d)
            if [(cut(s["first_date"]), cut(s["last_date"])) for s in sa] == \
                    [(cut(s["first_date"]), cut(s["last_date"])) for s in sb]:
                agree_dates += 1
            else:
                mism.append((f"{a}~{b}-dates", f, [(s["first_date"], s["last_date"]) for s in sa],
                             [(s["first_date"], s["last_date"]) for s in sb]))
        return {"both_ok": both, "same_statements_and_counts": agree_n,
                "same_sums": agree_sum, ("same_first_last_dates" if not cents else "same_first_last_days"): agree_dates}

    report["ofxtools~ofxparse"] = cmp_pair("ofxtools", "ofxparse", False)
    report["ofxtools~ofxdump"] = cmp_pair("ofxtools", "ofxdump", True)
    report["ofxparse~ofxdump"] = cmp_pair("ofxparse", "ofxdump", True)
    report["ok_counts"] = {rd: sum(1 for r in res[rd].values() if r["ok"]) for rd in res}
    report["ok_counts"]["files"] = len(files)
    print(json.dumps(report, indent=1))
    if show:
        for m in mism:
            print("\t".join(str(x) for x in m))
    if json_out:
        with open(json_out, "w") as fh:
            json.dump({"report": report, "mismatches": mism, "results": res}, fh, indent=1, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
