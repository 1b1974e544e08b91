//! Reading benchmark: throughput (MB/s) and peak heap memory of `Document::parse` into the typed model
//! over statements made by ../shared/tools/gen_ofx.py (1k, 10k and 100k transactions; SGML bank, XML
//! bank, XML investment), with the independent readers (ofxtools, ofxparse, libofx's ofxdump) measured
//! in the same run when asked.
//!
//! cargo bench --bench parse                 full run (ofxkit only)
//! cargo bench --bench parse -- --peers      full run with the peers (needs tools/peers and .venv)
//! cargo bench --bench parse -- --smoke      quick check for CI: 1k files, one iteration
//!
//! Peak memory is measured by a counting global allocator: the highest number of heap bytes live
//! during the parse beyond those live before it (the input buffer itself is not counted), divided by the
//! file size.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;
static CUR: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = CUR.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        CUR.fetch_sub(l.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            if new > l.size() {
                let now = CUR.fetch_add(new - l.size(), Ordering::Relaxed) + (new - l.size());
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CUR.fetch_sub(l.size() - new, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

const KINDS: [&str; 3] = ["sgml-bank", "xml-bank", "xml-invest"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let smoke = args.iter().any(|a| a == "--smoke");
    let peers = args.iter().any(|a| a == "--peers");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let gen_py = root.join("../shared/tools/gen_ofx.py");
    if !gen_py.exists() {
        println!("SKIP: ../shared/tools/gen_ofx.py absent; benchmark not run");
        return;
    }
    let data = root.join("target/bench-data");
    std::fs::create_dir_all(&data).unwrap();
    let sizes: &[usize] = if smoke { &[1000] } else { &[1000, 10_000, 100_000] };
    let mut rows = Vec::new();
    println!(
        "| input | transactions | size | ofxkit MB/s | ofxkit peak heap / size |{}",
        if peers { " ofxtools MB/s (x) | ofxparse MB/s (x) | ofxdump MB/s (x) |" } else { "" }
    );
    println!("|---|---|---|---|---|{}", if peers { "---|---|---|" } else { "" });
    for kind in KINDS {
        for &n in sizes {
            let path = data.join(format!("{kind}-{n}.ofx"));
            if !path.exists() {
                let ok = Command::new("python3")
                    .arg(&gen_py)
                    .arg(kind)
                    .arg(n.to_string())
                    .arg(&path)
                    .status()
                    .map(|s| s.success())
                    .unwrap_or(false);
                assert!(ok, "gen_ofx.py {kind} {n} failed");
            }
            let bytes = std::fs::read(&path).unwrap();
            let iters = if smoke {
                1
            } else if n >= 100_000 {
                5
            } else {
                20
            };
            let (secs, peak, count) = measure(&bytes, iters);
            assert_eq!(count, n, "{kind}-{n}: transaction count");
            let mbps = bytes.len() as f64 / 1e6 / secs;
            let ratio = peak as f64 / bytes.len() as f64;
            let mut line = format!("| {kind} | {n} | {:.1} MB | {mbps:.0} | {ratio:.2}x |", bytes.len() as f64 / 1e6);
            if peers {
                for p in ["ofxtools", "ofxparse", "ofxdump"] {
                    match peer(root, p, &path, n) {
                        Some(pm) => line.push_str(&format!(" {pm:.2} ({:.0}x) |", mbps / pm)),
                        None => line.push_str(" skipped |"),
                    }
                }
            }
            println!("{line}");
            rows.push((kind, n, mbps, ratio));
        }
    }
    if smoke {
        println!("bench smoke: {} inputs measured", rows.len());
    }
}

/// Best time over `iters` parses, peak extra heap, and the transaction count.
fn measure(bytes: &[u8], iters: usize) -> (f64, usize, usize) {
    let mut best = f64::MAX;
    let mut peak = 0;
    let mut count = 0;
    for _ in 0..iters {
        let base = CUR.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let t = Instant::now();
        let doc = ofxkit::Document::parse(bytes).expect("benchmark input parses");
        let el = t.elapsed().as_secs_f64();
        peak = peak.max(PEAK.load(Ordering::Relaxed) - base);
        count = doc.transaction_count();
        drop(doc);
        best = best.min(el);
    }
    (best, peak, count)
}

/// A peer's MB/s from tools/peers/peer_bench.py (None when unavailable or too slow for this size).
fn peer(root: &Path, reader: &str, file: &Path, n: usize) -> Option<f64> {
    let py: PathBuf =
        std::env::var_os("OFXKIT_PEER_PYTHON").map(PathBuf::from).unwrap_or_else(|| root.join(".venv/bin/python"));
    if !py.exists() || (n >= 100_000 && reader == "ofxdump") {
        return None;
    }
    let out =
        Command::new(&py).arg(root.join("tools/peers/peer_bench.py")).arg(reader).arg(file).arg("1").output().ok()?;
    let s = String::from_utf8_lossy(&out.stdout);
    let line = s.lines().rev().find(|l| l.contains("mb_per_s"))?;
    let v = line.split("\"mb_per_s\":").nth(1)?.trim_start();
    let end = v.find([',', '}']).unwrap_or(v.len());
    v[..end].trim().parse().ok()
}
