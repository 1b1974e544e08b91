//! Cross-check against independent OFX readers: ofxtools 1.1.1 and ofxparse 0.21 (tools/peers/peer_read.py)
//! over the shared corpus (../shared/corpus, third-party data read in place, never copied).
//!
//! For every file a peer reads, ofxkit must read it too, and for each of the peer's statements ofxkit must
//! have a statement of the same kind and account id with the same number of transactions, the same exact
//! amount sum, the same first and last transaction dates (as calendar days in UTC, and to the second where
//! ofxkit's date has a time) and the same FITIDs. An ofxkit statement the peer lacks (loans aside) counts
//! too. Every disagreement must be explained by an entry of [`KNOWN_PEER_DEVIATIONS`], where the peer was
//! shown to be wrong against the file and the spec; ofxkit bugs are never allowlisted.
//!
//! Skips, saying so, when ../shared/corpus is absent or no peer Python is found (`$OFXKIT_PEER_PYTHON`,
//! else `./.venv/bin/python`). Run: `cargo test --release --test crosscheck -- --nocapture`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use std::time::Instant;

use rust_decimal::Decimal;
use serde_json::Value;

/// Disagreements where the peer is wrong: (peer, corpus path, "ASPECTS: what the peer gets wrong and why").
///
/// ASPECTS is a comma-separated list of what the entry explains: `read` (ofxkit rejects a file the peer
/// read), `statement` (ofxkit has no statement of the peer's kind and account id), `extra_statement` (ofxkit
/// has a statement the peer lacks), `count`, `sum`, `first_date`/`last_date` (calendar day in UTC),
/// `first_time`/`last_time` (same day, but the time differs: checked only where ofxkit's date has a time),
/// `fitids` (the sorted FITIDs differ).
/// A disagreement of an aspect the file's entry does not name is still a failure, and so is an aspect that
/// no longer disagrees (the table stays exact).
const KNOWN_PEER_DEVIATIONS: &[(&str, &str, &str)] = &[
    (
        "ofxtools",
        "ofx-reader__ofx-reader/nubank.ofx",
        "count,sum,first_date,last_date,fitids: the five STMTTRN sit directly in CCSTMTRS with no \
         BANKTRANLIST around them (out of spec: ofx160-103.dtd has CCSTMTRS = CURDEF, CCACCTFROM, \
         BANKTRANLIST?, LEDGERBAL, ...); ofxtools silently reads the statement as having no transactions. \
         The file does carry them: 5 transactions, sum 125.53, 2017-11-04 .. 2017-11-15 (DTPOSTED \
         20171104000000[-3:GMT] is 03:00 UTC), which ofxkit (with a warning) and ofxparse read",
    ),
    (
        "ofxparse",
        "beancount__beancount/example.qbo",
        "first_time,last_time: DTPOSTED is 20130626120000[-5] (an offset without a zone name); ofxparse's \
         zone regex needs `[offset:NAME]`, so it reads the local noon as 12:00 UTC; the spec's \
         [gmt offset[:tz name]] makes the name optional, so it is 17:00 UTC (ofxkit); same calendar days",
    ),
    (
        "ofxparse",
        "bradenmacdonald__ofx-js/credit-card.qfx",
        "first_time,last_time: DTPOSTED is 20260323120000[-5] (no zone name): ofxparse reads 12:00 UTC, \
         the instant is 17:00 UTC (ofxkit and ofxtools agree); same calendar days",
    ),
];

const PEERS: &[&str] = &["ofxtools", "ofxparse"];
const ASPECTS: &[&str] = &[
    "read",
    "statement",
    "extra_statement",
    "count",
    "sum",
    "first_date",
    "last_date",
    "first_time",
    "last_time",
    "fitids",
];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_dir() -> Option<PathBuf> {
    let d = manifest_dir().join("../shared/corpus");
    if d.join("INDEX.tsv").exists() { Some(d) } else { None }
}

/// The peer Python: $OFXKIT_PEER_PYTHON, else ./.venv/bin/python; Err (skip) when it does not exist. One that
/// exists but cannot import both peers is a broken set-up: a failure when named by $OFXKIT_PEER_PYTHON (CI),
/// a skip for the default path.
fn peer_python() -> Result<PathBuf, String> {
    let (py, explicit) = match std::env::var_os("OFXKIT_PEER_PYTHON") {
        Some(p) if !p.is_empty() => (PathBuf::from(p), true),
        _ => (manifest_dir().join(".venv/bin/python"), false),
    };
    if !py.exists() {
        let how = if explicit { "OFXKIT_PEER_PYTHON" } else { "default, OFXKIT_PEER_PYTHON unset" };
        return Err(format!("no peer python ({} absent; {how})", py.display()));
    }
    let ok = Command::new(&py)
        .args(["-c", "import ofxtools, ofxparse"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        assert!(!explicit, "OFXKIT_PEER_PYTHON={} cannot import ofxtools and ofxparse", py.display());
        return Err(format!("{} cannot import ofxtools and ofxparse", py.display()));
    }
    Ok(py)
}

/// Corpus paths (relative to the corpus directory) in INDEX.tsv order.
fn corpus_paths(dir: &Path) -> Vec<String> {
    let index = std::fs::read_to_string(dir.join("INDEX.tsv")).expect("INDEX.tsv");
    let mut lines = index.lines();
    let head: Vec<&str> = lines.next().expect("INDEX.tsv header").split('\t').collect();
    let p = head.iter().position(|h| *h == "path").expect("path column");
    lines.filter(|l| !l.trim().is_empty()).map(|l| l.split('\t').nth(p).expect("path cell").to_string()).collect()
}

/// One statement as either side sees it.
#[derive(Clone, Debug)]
struct Stmt {
    account_id: String,
    kind: String,
    n: usize,
    sum: Decimal,
    /// The earliest and latest dated transaction.
    first: Option<When>,
    last: Option<When>,
    /// Every FITID, sorted (ofxparse lists investment transactions grouped by type, not in document order).
    fitids: Vec<String>,
}

/// A transaction date: UTC `YYYY-MM-DDTHH:MM:SS` (fractions dropped; a bare day is its midnight) and
/// whether it was a calendar day without a time (ofxkit only: a bare day is never shifted by a zone).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct When {
    utc: String,
    day_only: bool,
}

impl When {
    fn parse(s: &str) -> When {
        if s.len() == 10 {
            When { utc: format!("{s}T00:00:00"), day_only: true }
        } else {
            assert!(s.len() >= 19 && s.ends_with('Z'), "date {s:?} is not UTC ISO 8601");
            When { utc: s[..19].to_string(), day_only: false }
        }
    }
    fn day(&self) -> &str {
        &self.utc[..10]
    }
}

fn show(w: &Option<When>) -> String {
    match w {
        None => "none".into(),
        Some(w) if w.day_only => w.day().to_string(),
        Some(w) => format!("{}Z", w.utc),
    }
}

fn sorted(it: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = it.collect();
    v.sort();
    v
}

/// What one sorted FITID list has that the other lacks (multiset difference), the first few.
fn fitid_diff(a: &[String], b: &[String]) -> String {
    let mut only = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() {
        if j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < b.len() && b[j] < a[i] {
            j += 1;
        } else {
            only.push(a[i].as_str());
            i += 1;
        }
    }
    let n = only.len();
    only.truncate(3);
    format!("{n} [{}{}]", only.join(", "), if n > 3 { ", ..." } else { "" })
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).or_else(|_| Decimal::from_scientific(s)).unwrap_or_else(|e| panic!("decimal {s:?}: {e}"))
}

/// Runs peer_read.py once over all files; path (relative) -> its JSON result.
fn run_peer(py: &Path, peer: &str, dir: &Path, paths: &[String]) -> BTreeMap<String, Value> {
    let script = manifest_dir().join("tools/peers/peer_read.py");
    let out = Command::new(py)
        .arg(&script)
        .arg(peer)
        .args(paths.iter().map(|p| dir.join(p)))
        .env("PEER_TIMEOUT", "20")
        .env("PEER_ALL_FITIDS", "1")
        .output()
        .unwrap_or_else(|e| panic!("running {} {peer}: {e}", script.display()));
    assert!(out.status.success(), "{peer}: peer_read.py failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("peer output is UTF-8");
    let mut res = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{peer}: bad JSON line {line:?}: {e}"));
        let file = v["file"].as_str().expect("file").to_string();
        let rel = Path::new(&file).strip_prefix(dir).expect("file under corpus").to_string_lossy().into_owned();
        res.insert(rel, v);
    }
    assert_eq!(res.len(), paths.len(), "{peer}: one line per file");
    res
}

fn peer_statements(v: &Value) -> Vec<Stmt> {
    v["statements"]
        .as_array()
        .expect("statements")
        .iter()
        .map(|s| Stmt {
            account_id: s["account_id"].as_str().unwrap_or("").trim().to_string(),
            kind: s["kind"].as_str().unwrap_or("").to_string(),
            n: s["n_transactions"].as_u64().expect("n_transactions") as usize,
            sum: dec(s["amount_sum"].as_str().expect("amount_sum")),
            first: s["first_date"].as_str().map(When::parse),
            last: s["last_date"].as_str().map(When::parse),
            fitids: sorted(
                s["all_fitids"]
                    .as_array()
                    .expect("all_fitids (PEER_ALL_FITIDS=1)")
                    .iter()
                    .map(|f| f.as_str().expect("FITID").to_string()),
            ),
        })
        .collect()
}

/// ofxkit's statements through its JSON view; Err(message) when it does not read the file.
fn ofxkit_statements(bytes: &[u8]) -> Result<Vec<Stmt>, String> {
    let doc = ofxkit::document::Document::parse(bytes).map_err(|e| e.to_string())?;
    let v: Value = serde_json::from_str(&ofxkit::json::to_json(&doc)).map_err(|e| format!("JSON view: {e}"))?;
    Ok(v["statements"]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or(&[])
        .iter()
        .map(|s| {
            let txns = s["transactions"].as_array().map(|a| a.as_slice()).unwrap_or(&[]);
            let sum = txns
                .iter()
                .filter_map(|t| match &t["amount"] {
                    Value::Null => None,
                    Value::String(a) => Some(dec(a)),
                    other => panic!("ofxkit JSON amount {other} is not a decimal string"),
                })
                .sum();
            let dates: Vec<When> = txns.iter().filter_map(|t| t["date_posted"].as_str()).map(When::parse).collect();
            Stmt {
                account_id: s["account_id"].as_str().unwrap_or("").trim().to_string(),
                kind: s["kind"].as_str().unwrap_or("").to_string(),
                n: txns.len(),
                sum,
                first: dates.iter().min().cloned(),
                last: dates.iter().max().cloned(),
                fitids: sorted(txns.iter().filter_map(|t| t["fitid"].as_str()).map(str::to_string)),
            }
        })
        .collect())
}

#[derive(Default)]
struct Tally {
    files_ok: usize,
    files_compared: usize,
    stmts: usize,
    count_ok: usize,
    sum_ok: usize,
    date_ok: usize,
    time_ok: usize,
    fitid_ok: usize,
}

struct Disagreement {
    peer: &'static str,
    path: String,
    aspect: &'static str,
    detail: String,
}

fn entry_aspects(why: &str) -> impl Iterator<Item = &str> {
    why.split_once(':').map_or("", |(a, _)| a).split(',').map(str::trim)
}

fn known(peer: &str, path: &str, aspect: &str) -> Option<usize> {
    KNOWN_PEER_DEVIATIONS
        .iter()
        .position(|(p, f, why)| *p == peer && *f == path && entry_aspects(why).any(|a| a == aspect))
}

/// Compares one extreme date: the calendar day always; the time to the second too when ofxkit's date has one.
/// Returns (day agrees, time agrees).
///
/// How the three read dates: a date-time without a zone is UTC for all of them; `[-5:EST]` shifts for all;
/// `[-5]` (offset, no name) shifts in ofxkit and ofxtools but is UTC in ofxparse (its regex wants
/// `[offset:NAME]`: a known peer deviation). A bare day (`20240115`, with or without a zone) is that calendar
/// day in ofxkit, never shifted; the peers make it midnight and shift it by the zone, so for those only the
/// day is compared (a positive offset would move the peers to the day before: that would show as a date
/// disagreement, and none of the corpus has one).
fn compare_when(peer: &Option<When>, ours: &Option<When>) -> (bool, bool) {
    match (peer, ours) {
        (None, None) => (true, true),
        (Some(p), Some(o)) => {
            let day = p.day() == o.day();
            (day, day && (o.day_only || p.utc == o.utc))
        }
        _ => (false, false),
    }
}

#[test]
fn crosscheck_with_peers() {
    let started = Instant::now();
    let Some(dir) = corpus_dir() else {
        println!("SKIP: ../shared/corpus absent; cross-check not run");
        return;
    };
    let py = match peer_python() {
        Ok(p) => p,
        Err(why) => {
            println!("SKIP: {why}; cross-check not run");
            return;
        }
    };
    for (peer, path, why) in KNOWN_PEER_DEVIATIONS {
        assert!(PEERS.contains(peer), "KNOWN_PEER_DEVIATIONS: unknown peer {peer}");
        assert!(dir.join(path).exists(), "KNOWN_PEER_DEVIATIONS: no corpus file {path}");
        let (aspects, _) = why.split_once(':').expect("KNOWN_PEER_DEVIATIONS reason starts with `ASPECTS:`");
        for a in aspects.split(',') {
            assert!(ASPECTS.contains(&a.trim()), "KNOWN_PEER_DEVIATIONS {peer} {path}: unknown aspect {a:?}");
        }
    }
    let paths = corpus_paths(&dir);
    assert!(paths.len() >= 200, "INDEX.tsv lists {} files", paths.len());

    // Both peers run in their own subprocess while ofxkit reads the corpus here.
    let (peer_results, ours) = std::thread::scope(|s| {
        let handles: Vec<_> = PEERS.iter().map(|peer| s.spawn(|| run_peer(&py, peer, &dir, &paths))).collect();
        let ours: BTreeMap<String, Result<Vec<Stmt>, String>> = paths
            .iter()
            .map(|p| {
                let bytes = std::fs::read(dir.join(p)).expect("corpus file");
                let r =
                    std::panic::catch_unwind(|| ofxkit_statements(&bytes)).unwrap_or_else(|_| Err("PANIC".to_string()));
                (p.clone(), r)
            })
            .collect();
        let peers: Vec<_> = handles.into_iter().map(|h| h.join().expect("peer thread")).collect();
        (peers, ours)
    });

    let mut tallies: Vec<Tally> = Vec::new();
    let mut disagreements: Vec<Disagreement> = Vec::new();
    for (pi, peer) in PEERS.iter().enumerate() {
        let mut t = Tally::default();
        for path in &paths {
            let v = &peer_results[pi][path];
            if v["ok"].as_bool() != Some(true) {
                continue;
            }
            t.files_ok += 1;
            let mut dis = |aspect: &'static str, detail: String| {
                disagreements.push(Disagreement { peer, path: path.clone(), aspect, detail })
            };
            let mine = match &ours[path] {
                Ok(m) => m,
                Err(e) => {
                    dis("read", format!("{peer} read it, ofxkit: {e}"));
                    continue;
                }
            };
            t.files_compared += 1;
            // The k-th peer statement of a (kind, account id) pairs with ofxkit's k-th of the same.
            let mut used = vec![false; mine.len()];
            for ps in peer_statements(v) {
                let found = mine
                    .iter()
                    .enumerate()
                    .position(|(i, m)| !used[i] && m.kind == ps.kind && m.account_id == ps.account_id);
                let Some(i) = found else {
                    let have: Vec<String> = mine.iter().map(|m| format!("{} {:?}", m.kind, m.account_id)).collect();
                    dis(
                        "statement",
                        format!("{peer} has {} {:?}; ofxkit has [{}]", ps.kind, ps.account_id, have.join(", ")),
                    );
                    continue;
                };
                used[i] = true;
                let m = &mine[i];
                t.stmts += 1;
                let who = format!("{} {:?}", ps.kind, ps.account_id);
                if m.n == ps.n {
                    t.count_ok += 1;
                } else {
                    dis("count", format!("{who}: {peer} {} transactions, ofxkit {}", ps.n, m.n));
                }
                if m.sum == ps.sum {
                    t.sum_ok += 1;
                } else {
                    dis("sum", format!("{who}: {peer} sum {}, ofxkit {}", ps.sum, m.sum));
                }
                let (first_day, first_time) = compare_when(&ps.first, &m.first);
                let (last_day, last_time) = compare_when(&ps.last, &m.last);
                let dates = format!(
                    "{who}: {peer} {} .. {}, ofxkit {} .. {}",
                    show(&ps.first),
                    show(&ps.last),
                    show(&m.first),
                    show(&m.last)
                );
                if !first_day {
                    dis("first_date", dates.clone());
                } else if !first_time {
                    dis("first_time", dates.clone());
                }
                if !last_day {
                    dis("last_date", dates.clone());
                } else if !last_time {
                    dis("last_time", dates.clone());
                }
                if m.fitids == ps.fitids {
                    t.fitid_ok += 1;
                } else {
                    dis(
                        "fitids",
                        format!(
                            "{who}: FITIDs only {peer} has: {}; only ofxkit has: {}",
                            fitid_diff(&ps.fitids, &m.fitids),
                            fitid_diff(&m.fitids, &ps.fitids)
                        ),
                    );
                }
                t.date_ok += usize::from(first_day && last_day);
                t.time_ok += usize::from(first_time && last_time);
            }
            // A statement only ofxkit has (loans: the peers do not report them).
            for (m, _) in mine.iter().zip(&used).filter(|(m, u)| !**u && m.kind != "loan") {
                dis(
                    "extra_statement",
                    format!("ofxkit has {} {:?} with {} transactions; {peer} has none", m.kind, m.account_id, m.n),
                );
            }
        }
        tallies.push(t);
    }

    println!();
    println!(
        "cross-check over {} corpus files (date: calendar day in UTC; time: to the second, where ofxkit has one)",
        paths.len()
    );
    println!(
        "{:<9} {:>7} {:>8} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "peer", "peer-ok", "compared", "stmts", "count", "sum", "date", "time", "fitids"
    );
    for (peer, t) in PEERS.iter().zip(&tallies) {
        let frac = |k: usize| format!("{k}/{}", t.stmts);
        println!(
            "{:<9} {:>7} {:>8} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9}",
            peer,
            t.files_ok,
            t.files_compared,
            t.stmts,
            frac(t.count_ok),
            frac(t.sum_ok),
            frac(t.date_ok),
            frac(t.time_ok),
            frac(t.fitid_ok)
        );
    }
    println!();

    // Every aspect an entry names must still be needed, so the table stays exact.
    let mut used_aspects: Vec<(usize, &str)> = Vec::new();
    let mut unexplained = Vec::new();
    for d in &disagreements {
        let line = format!("{} {} [{}] {}", d.peer, d.path, d.aspect, d.detail);
        match known(d.peer, &d.path, d.aspect) {
            Some(i) => {
                used_aspects.push((i, d.aspect));
                println!("known peer deviation: {line}");
            }
            None => {
                println!("UNEXPLAINED: {line}");
                unexplained.push(line);
            }
        }
    }
    let mut stale = Vec::new();
    for (i, (p, f, why)) in KNOWN_PEER_DEVIATIONS.iter().enumerate() {
        for a in entry_aspects(why) {
            if !used_aspects.contains(&(i, a)) {
                stale.push(format!("{p} {f} [{a}]"));
            }
        }
    }
    println!(
        "{} disagreements, {} explained by KNOWN_PEER_DEVIATIONS, {} unexplained; {:.1} s",
        disagreements.len(),
        disagreements.len() - unexplained.len(),
        unexplained.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        unexplained.is_empty(),
        "{} disagreements with the peers not explained by KNOWN_PEER_DEVIATIONS:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    assert!(stale.is_empty(), "KNOWN_PEER_DEVIATIONS entries that explain nothing now:\n{}", stale.join("\n"));
    // Each peer must have read a good share of the corpus, or the comparison says little.
    for (peer, t) in PEERS.iter().zip(&tallies) {
        assert!(t.files_compared >= 50 && t.stmts >= 50, "{peer}: only {} files compared", t.files_compared);
    }
}
