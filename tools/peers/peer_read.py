#!/usr/bin/env python3
"""Independent OFX readers for cross-checking ofxkit.

Usage: peer_read.py READER FILE...
       READER: ofxtools | ofxparse | ofxdump
       (ofxtools/ofxparse need the venv made by .ci/run: .venv/bin/python;
        ofxdump needs Debian's `ofx` package and only the standard library)

Prints one JSON object per line per file:
  {"file", "reader", "ok", "error", "stage", "statements": [
     {"account_id", "kind": "bank"|"creditcard"|"investment", "n_transactions",
      "amount_sum", "first_date", "last_date", "fitids", "fitid_digest"}]}

- amount_sum: exact Decimal sum, as a string, of TRNAMT (bank/credit card) or, for
  investment statements, of each transaction's TOTAL where present plus INVBANKTRAN's
  TRNAMT. "0" when there are no transactions. Compare numerically: the scale is
  whatever Decimal addition gives (the largest scale among the addends).
  ofxdump prints amounts rounded to 2 decimals (libofx keeps doubles), so its sums
  are sums of those rounded values.
- first_date/last_date: earliest/latest transaction date in UTC, "YYYY-MM-DDTHH:MM:SSZ"
  (fractions of a second dropped). Bank: DTPOSTED; investment: DTTRADE (INVBANKTRAN:
  DTPOSTED). null when there are no dated transactions.
- fitids: the first 5 FITIDs in the reader's order (ofxparse groups investment
  transactions by aggregate type, so its order differs from document order there);
  fitid_digest: first 16 hex digits of sha256 over the sorted FITIDs joined by "\\n",
  an order-independent check of all of them. With PEER_ALL_FITIDS=1 in the environment each
  statement also carries "all_fitids": every FITID, in the reader's order.
- stage: where a failure happened: "header"/"parse"/"convert" (ofxtools, as in
  INDEX.tsv's parse-FAIL / parsed-but-convert-FAIL), "parse" (ofxparse), "run" (ofxdump),
  "timeout", "extract" (our own summarising code). null when ok.
- extra, reader-specific keys: ofxparse "n_accounts" (len(ofx.accounts), as in
  INDEX.tsv's "ok(N acct)"); ofxdump "exit_code", "libofx_errors" (ERROR lines libofx
  logged; ofxdump exits 1 then but still prints what it understood, and we count that as
  ok: filter on libofx_errors == 0 for a strict reading), "libofx_first_error",
  "libofx_account_id" (libofx's own "BANKID ACCTID" style id, per statement); ofxtools and
  ofxparse statements also carry "tranlist_start"/"tranlist_end" (the list's DTSTART/DTEND).
- ofxdump quirks to expect: amounts are doubles printed with 2 decimals; a DTxxx whose time
  is 000000 (or absent) becomes 10:59:00 UTC of that calendar date, its zone ignored;
  account ids longer than 23 characters are cut to 23.

Every exception is caught per file; a per-file timeout (PEER_TIMEOUT seconds,
default 20) guards against pathological inputs.
"""
import datetime as _dt
import decimal
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import warnings
import contextlib

warnings.filterwarnings("ignore")

decimal.getcontext().prec = 200  # sums stay exact

TIMEOUT = int(os.environ.get("PEER_TIMEOUT", "20"))
ALL_FITIDS = os.environ.get("PEER_ALL_FITIDS", "") not in ("", "0")
READERS = ("ofxtools", "ofxparse", "ofxdump")


class PeerTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise PeerTimeout(f"timed out after {TIMEOUT} s")


def fmt_date(d):
    if d is None:
        return None
    if isinstance(d, _dt.datetime):
        if d.tzinfo is not None:
            d = d.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return d.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(d, _dt.date):
        return d.isoformat()
    return str(d)


def _date_key(d):
    # naive datetimes here are UTC already (ofxparse, ofxdump); make them comparable
    if isinstance(d, _dt.datetime):
        if d.tzinfo is None:
            return d.replace(tzinfo=_dt.timezone.utc)
        return d
    if isinstance(d, _dt.date):
        return _dt.datetime(d.year, d.month, d.day, tzinfo=_dt.timezone.utc)
    return None


def summarise(account_id, kind, txns, **extra):
    """txns: list of (amount Decimal|None, date|None, fitid str|None)."""
    total = decimal.Decimal(0)
    dates = []
    fitids = []
    for amount, date, fitid in txns:
        if amount is not None:
            total += decimal.Decimal(amount)
        k = _date_key(date) if date is not None else None
        if k is not None:
            dates.append(k)
        if fitid is not None:
            fitids.append(str(fitid))
    digest = hashlib.sha256("\n".join(sorted(fitids)).encode("utf-8")).hexdigest()[:16]
    st = {
        "account_id": None if account_id is None else str(account_id),
        "kind": kind,
        "n_transactions": len(txns),
        "amount_sum": str(total),
        "first_date": fmt_date(min(dates)) if dates else None,
        "last_date": fmt_date(max(dates)) if dates else None,
        "fitids": fitids[:5],
        "fitid_digest": digest,
    }
    if ALL_FITIDS:
        st["all_fitids"] = fitids
    st.update(extra)
    return st


def err_text(e):
    msg = str(e).replace("\n", " ")
    if len(msg) > 300:
        msg = msg[:300] + "..."
    return f"{type(e).__name__}: {msg}"


# ---------------------------------------------------------------- ofxtools
def read_ofxtools(path, out):
    from ofxtools.Parser import OFXTree
    from ofxtools.header import OFXHeaderError

    tree = OFXTree()
    out["stage"] = "parse"
    try:
        tree.parse(path)
    except OFXHeaderError:
        out["stage"] = "header"
        raise
    out["stage"] = "convert"
    ofx = tree.convert()
    out["stage"] = "extract"
    stmts = []
    for stmt in ofx.statements:
        name = type(stmt).__name__
        if name == "STMTRS":
            kind = "bank"
        elif name == "CCSTMTRS":
            kind = "creditcard"
        elif name == "INVSTMTRS":
            kind = "investment"
        else:  # STMTENDRS, CCSTMTENDRS, requests: no transaction list to compare
            continue
        acct = stmt.account
        acctid = getattr(acct, "acctid", None) if acct is not None else None
        tranlist = stmt.transactions
        txns = []
        if tranlist is not None:
            for tx in tranlist:
                tname = type(tx).__name__
                if kind != "investment":
                    txns.append((tx.trnamt, tx.dtposted, tx.fitid))
                elif tname == "INVBANKTRAN":
                    s = tx.stmttrn
                    txns.append((s.trnamt, s.dtposted, s.fitid))
                else:
                    try:
                        total = tx.total  # proxied to INVBUY/INVSELL where nested
                    except AttributeError:
                        total = None
                    try:
                        dttrade = tx.dttrade
                    except AttributeError:
                        dttrade = None
                    try:
                        fitid = tx.fitid
                    except AttributeError:
                        fitid = None
                    txns.append((total, dttrade, fitid))
        extra = {}
        if tranlist is not None:
            extra["tranlist_start"] = fmt_date(tranlist.dtstart)
            extra["tranlist_end"] = fmt_date(tranlist.dtend)
        stmts.append(summarise(acctid, kind, txns, **extra))
    out["statements"] = stmts


# ---------------------------------------------------------------- ofxparse
def read_ofxparse(path, out):
    from ofxparse import OfxParser
    from ofxparse.ofxparse import AccountType, InvestmentTransaction

    # accounts that ofxparse builds from ACCTINFORS (account listings) are not statements:
    # note which they are by wrapping parseAcctinfors
    listed = []
    if not getattr(OfxParser, "_peer_wrapped", False):
        orig = OfxParser.parseAcctinfors.__func__

        def parse_acctinfors(cls, *a, **kw):
            res = orig(cls, *a, **kw)
            cls._peer_listed.extend(res)
            return res
        OfxParser.parseAcctinfors = classmethod(parse_acctinfors)
        OfxParser._peer_wrapped = True
    OfxParser._peer_listed = listed
    out["stage"] = "parse"
    with open(path, "rb") as fh:
        ofx = OfxParser.parse(fh)
    out["stage"] = "extract"
    out["n_accounts"] = len(ofx.accounts)
    kinds = {AccountType.Bank: "bank", AccountType.CreditCard: "creditcard",
             AccountType.Investment: "investment"}
    stmts = []
    for acct in ofx.accounts:
        st = acct.statement
        if st is None or any(acct is x for x in listed):  # ACCTINFORS listing, no statement
            continue
        kind = kinds.get(acct.type, "unknown")
        txns = []
        for tx in st.transactions:
            if isinstance(tx, InvestmentTransaction):
                txns.append((tx.total, tx.tradeDate, getattr(tx, "id", None)))
            else:
                txns.append((tx.amount, tx.date, tx.id))
        extra = {}
        if kind != "investment" or getattr(st, "start_date", ""):
            sd, ed = getattr(st, "start_date", None), getattr(st, "end_date", None)
            extra["tranlist_start"] = fmt_date(sd) if sd else None
            extra["tranlist_end"] = fmt_date(ed) if ed else None
        stmts.append(summarise(acct.account_id, kind, txns, **extra))
    out["statements"] = stmts


# ---------------------------------------------------------------- ofxdump (libofx)
_OFXDUMP_DATE = re.compile(r"^\w{3} (\w{3}) +(\d+) (\d\d):(\d\d):(\d\d) (\d{4})")
_MONTHS = {m: i for i, m in enumerate(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def _ofxdump_date(s):
    # ofxdump prints ctime-like local times, e.g. "Wed Jun  6 12:00:00 2007 UTC"; we run it with TZ=UTC
    m = _OFXDUMP_DATE.match(s.strip())
    if not m:
        return None
    mon, day, hh, mi, ss, yr = m.groups()
    return _dt.datetime(int(yr), _MONTHS[mon], int(day), int(hh), int(mi), int(ss))


def parse_ofxdump_text(text):
    """Group ofxdump's callback blocks into statements.

    ofxdump prints one block per libofx callback: a line "ofx_proc_NAME():" followed
    by indented "Label: value" lines, blocks separated by blank lines.
    """
    blocks = []
    cur = None
    for line in text.splitlines():
        if line.startswith("ofx_proc_") and line.rstrip().endswith("():"):
            cur = {"_type": line.strip()[len("ofx_proc_"):-3]}
            blocks.append(cur)
        elif cur is not None and line.startswith("    ") and ":" in line:
            label, _, value = line.strip().partition(":")
            label = label.strip()
            if label not in cur:  # keep the first occurrence
                cur[label] = value.strip()
    # libofx emits, per statement response: ofx_proc_account, ofx_proc_statement, then its
    # ofx_proc_transaction blocks. A new group starts at each account block; transactions go
    # to the latest group of their "Account ID". Groups that got neither a statement nor a
    # transaction (ACCTINFO listings) are not statements and are dropped.
    groups = []
    latest = {}

    def new_group(aid):
        g = {"id": aid, "number": None, "type": None, "name": "", "stmt": False, "txns": []}
        groups.append(g)
        latest[aid] = g
        return g

    for b in blocks:
        t = b["_type"]
        aid = b.get("Account ID", "")
        if t == "account":
            g = new_group(aid)
            g["number"] = b.get("Account #")
            g["type"] = b.get("Account type")
            g["name"] = b.get("Account name", "")
        elif t == "statement":
            g = latest.get(aid)
            if g is None or g["stmt"]:
                g = new_group(aid)
            g["stmt"] = True
        elif t == "transaction":
            g = latest.get(aid) or new_group(aid)
            amt = b.get("Total money amount")
            amount = None
            if amt is not None:
                try:
                    amount = decimal.Decimal(amt.split()[0])
                except (decimal.InvalidOperation, IndexError):
                    amount = None
            g["txns"].append((amount, b, b.get("Financial institution's ID for this transaction")))
    stmts = []
    for g in groups:
        if not g["stmt"] and not g["txns"]:
            continue
        typ = (g["type"] or "").split(":")[0].strip().upper()
        name = g["name"]  # "Bank account N", "Credit card N", "Investment account N at broker B"
        if typ == "CREDITCARD" or (not typ and name.startswith("Credit card")):
            kind = "creditcard"
        elif typ == "INVESTMENT" or (not typ and name.startswith("Investment")):
            kind = "investment"
        elif typ or name.startswith("Bank account"):
            kind = "bank"
        else:
            kind = "unknown"
        txns = []
        for amount, b, fitid in g["txns"]:
            invbank = b.get("Investment transaction type", "").startswith("INVBANKTRAN")
            if kind == "investment" and not invbank:
                # libofx: "Date initiated" is DTTRADE here (DTUSER in a STMTTRN), "posted" DTSETTLE
                d = b.get("Date initiated") or b.get("Date posted")
            else:
                d = b.get("Date posted")
            txns.append((amount, _ofxdump_date(d) if d else None, fitid))
        acctid = g["number"] if g["number"] is not None else g["id"]
        stmts.append(summarise(acctid, kind, txns, libofx_account_id=g["id"]))
    return stmts


def read_ofxdump(path, out):
    out["stage"] = "run"
    env = dict(os.environ, TZ="UTC")
    p = subprocess.run([os.environ.get("OFXDUMP", "ofxdump"), "--msg_info", "--msg_status", path],
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    out["exit_code"] = p.returncode
    errs = [l.strip() for l in p.stderr.decode("utf-8", "replace").splitlines() if "ERROR" in l]
    # ofxdump exits 1 whenever libofx logged an ERROR it recovered from (OpenSP "misc parse
    # error", an unsupported element, ...) and still prints everything it understood; 255 when
    # it could not even tell the format; a negative code is a signal (crash).
    out["libofx_errors"] = len(errs)
    out["libofx_first_error"] = errs[0][:300] if errs else None
    text = p.stdout.decode("utf-8", "replace")
    out["stage"] = "extract"
    out["statements"] = parse_ofxdump_text(text)
    if p.returncode not in (0, 1):
        out["stage"] = "run"
        sig = f" (signal {-p.returncode})" if p.returncode < 0 else ""
        raise RuntimeError(f"ofxdump exit {p.returncode}{sig}" + (": " + errs[-1] if errs else ""))


FUNCS = {"ofxtools": read_ofxtools, "ofxparse": read_ofxparse, "ofxdump": read_ofxdump}


def read_file(reader, path):
    out = {"file": path, "reader": reader, "ok": False, "error": None, "stage": None,
           "statements": []}
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIMEOUT)
    try:
        with contextlib.redirect_stdout(sys.stderr):  # keep stdout pure JSON lines
            FUNCS[reader](path, out)
        out["ok"] = True
        out["stage"] = None
    except PeerTimeout as e:
        out["stage"] = "timeout"
        out["error"] = err_text(e)
    except subprocess.TimeoutExpired as e:
        out["stage"] = "timeout"
        out["error"] = err_text(e)
    except BaseException as e:  # noqa: BLE001 - every failure is a per-file result
        if isinstance(e, KeyboardInterrupt):
            raise
        out["error"] = err_text(e)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    return out


def main(argv):
    if len(argv) < 3 or argv[1] not in READERS:
        sys.stderr.write(__doc__)
        return 2
    reader = argv[1]
    for path in argv[2:]:
        res = read_file(reader, path)
        sys.stdout.write(json.dumps(res, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
