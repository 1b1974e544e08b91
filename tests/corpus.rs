//! The shared corpus of 206 real OFX/QFX files (../shared/corpus, third-party data that is never copied
//! into the project): every file ends in a typed document or a clean error, never a panic or a hang;
//! every OFX file is read; the files that are not OFX are rejected. Skips, saying so, when ../shared is
//! absent.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use ofxkit::document::{Document, StatementBody};

pub struct Row {
    pub path: String,
    pub format: String,
    pub malformed: String,
    pub notes: String,
}

pub fn corpus_dir() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if d.join("INDEX.tsv").exists() { Some(d) } else { None }
}

pub fn rows(dir: &Path) -> Vec<Row> {
    let index = std::fs::read_to_string(dir.join("INDEX.tsv")).unwrap();
    let mut lines = index.lines();
    let head: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |n: &str| head.iter().position(|h| *h == n).unwrap();
    let (p, f, m, n) = (col("path"), col("format"), col("malformed"), col("notes"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Row {
                path: c[p].to_string(),
                format: c[f].to_string(),
                malformed: c[m].to_string(),
                notes: c[n].to_string(),
            }
        })
        .collect()
}

/// Whether INDEX.tsv says the file is not OFX at all.
fn not_ofx(r: &Row) -> bool {
    r.format.contains("not OFX") || r.format.starts_with("OFC")
}

/// Parses with a time limit; Err(msg) for a clean error, panics propagate as a failure message.
fn parse_limited(bytes: Vec<u8>) -> Result<Result<Document, String>, String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(|| Document::parse(&bytes).map_err(|e| e.to_string()));
        let _ = tx.send(r);
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(_)) => Err("PANIC".into()),
        Err(_) => Err("HANG (over 20 s)".into()),
    }
}

fn txn_count(d: &Document) -> usize {
    d.statements
        .iter()
        .map(|s| match &s.body {
            StatementBody::Bank(b) => b.banktranlist.as_ref().map_or(0, |l| l.transactions.len()),
            StatementBody::CreditCard(b) => b.banktranlist.as_ref().map_or(0, |l| l.transactions.len()),
            StatementBody::Investment(b) => b.invtranlist.as_ref().map_or(0, |l| l.transactions.len()),
            StatementBody::Loan(b) => b.loantranlist.as_ref().map_or(0, |l| l.transactions.len()),
        })
        .sum()
}

#[test]
fn corpus_every_file() {
    let Some(dir) = corpus_dir() else {
        println!("SKIP: ../shared/corpus absent; corpus test not run");
        return;
    };
    let rows = rows(&dir);
    assert!(rows.len() >= 200, "INDEX.tsv lists {} files", rows.len());
    let mut problems = Vec::new();
    let (mut read, mut rejected, mut malformed_read, mut txns) = (0, 0, 0, 0usize);
    for r in &rows {
        let bytes = std::fs::read(dir.join(&r.path)).unwrap();
        match parse_limited(bytes) {
            Err(fatal) => problems.push(format!("{}: {fatal}", r.path)),
            Ok(Ok(doc)) => {
                if not_ofx(r) {
                    problems.push(format!("{}: INDEX says not OFX ({}), but it was read", r.path, r.format));
                    continue;
                }
                read += 1;
                if r.malformed.trim_start_matches('"').starts_with("yes") {
                    malformed_read += 1;
                }
                txns += txn_count(&doc);
                // Every view works on every document.
                let json = ofxkit::json::to_json(&doc);
                assert!(json.starts_with('{') && json.ends_with('}'), "{}", r.path);
                let _ = ofxkit::json::to_csv(&doc);
                // A document that says something: signon, a statement, a list or a response wrapper.
                let empty = doc.signon.is_none()
                    && doc.statements.is_empty()
                    && doc.accounts.is_empty()
                    && doc.securities.is_empty()
                    && doc.profile.is_none()
                    && doc.closings.is_empty()
                    && doc.wrappers.is_empty();
                // Fuzzer leftovers and by-design junk may carry nothing typed (still reachable generically).
                // A document made only of proprietary elements has nothing to type either.
                let known_inside = doc.root().children().any(|c| c.elem().is_some());
                if empty && known_inside && !r.malformed.trim_start_matches('"').starts_with("yes") {
                    problems.push(format!("{}: read but nothing typed came out", r.path));
                }
                // Writing it out again as SGML and XML and reading that back keeps every transaction.
                for v in [102u32, 211] {
                    let ver = ofxkit::markup::writer::Version::from_number(v).unwrap();
                    let text = ofxkit::markup::writer::write_document(
                        &doc.tree,
                        &ofxkit::markup::writer::WriteOptions::new(ver),
                    )
                    .unwrap();
                    match Document::parse(text.as_bytes()) {
                        Ok(again) => {
                            if txn_count(&again) != txn_count(&doc) {
                                problems.push(format!(
                                    "{}: rewritten as {v}: {} transactions, was {}",
                                    r.path,
                                    txn_count(&again),
                                    txn_count(&doc)
                                ));
                            }
                        }
                        Err(e) => problems.push(format!("{}: rewritten as {v} does not read back: {e}", r.path)),
                    }
                }
            }
            Ok(Err(msg)) => {
                rejected += 1;
                println!("rejected: {} ({msg})", r.path);
                if !not_ofx(r) && !r.notes.contains("FUZZER") {
                    problems
                        .push(format!("{}: OFX file rejected: {msg} (INDEX: {} / {})", r.path, r.format, r.malformed));
                }
            }
        }
    }
    println!(
        "corpus: {} files: {read} read ({malformed_read} of them malformed), {rejected} rejected as not OFX, {txns} transactions",
        rows.len()
    );
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
