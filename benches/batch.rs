//! Batch benchmark against the sandbox FI over TLS on loopback:
//! - an 8-item batch (one signon, one POST, one connection) against the same 8 requests sent one by one,
//!   each by a new client (a fresh TCP connection and TLS handshake, as an application without OFXBatch
//!   does), as a ratio of wall times;
//! - the per-item cost of building the batch's request document and of splitting its answer per item.
//!
//! cargo bench --bench batch              full run (20 rounds, median)
//! cargo bench --bench batch -- --smoke   quick check for CI: 2 rounds
#![cfg(feature = "sandbox")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use ofxkit::client::batch::Batch;
use ofxkit::client::events::NoEvents;
use ofxkit::client::ops::{self, AccountRef, StatementQuery};
use ofxkit::client::request::RequestBody;
use ofxkit::client::{Client, ClientConfig};
use ofxkit::sandbox::{Sandbox, SandboxOptions};
use ofxkit::values::datetime::OfxDateTime;

fn client(sb: &Sandbox) -> Client {
    let mut c = ClientConfig::default();
    for (k, v) in [
        ("url", sb.url().as_str()),
        ("org", "ofxkit Sandbox"),
        ("fid", "7777"),
        ("user_id", "demo"),
        ("password", "demo-pass"),
        ("version", "220"),
        ("ca_pem", std::str::from_utf8(sb.server.ca_pem()).unwrap()),
    ] {
        c.set(k, v).unwrap();
    }
    Client::new(c, Arc::new(NoEvents))
}

fn items() -> Vec<RequestBody> {
    let bank = |a: &str, t: &str| AccountRef::Bank {
        bank_id: "077700077".into(),
        branch_id: None,
        account_id: a.into(),
        account_type: t.into(),
        account_key: None,
    };
    let stmt = |a: AccountRef| {
        let mut q = StatementQuery::new(a);
        q.start = OfxDateTime::from_ymd(2025, 11, 1);
        q.end = OfxDateTime::from_ymd(2025, 12, 1);
        ops::statement(&q).unwrap()
    };
    vec![
        ops::account_info(None),
        stmt(bank("1000123456", "CHECKING")),
        stmt(bank("1000654321", "SAVINGS")),
        stmt(AccountRef::CreditCard { account_id: "4000123412341234".into(), account_key: None }),
        stmt(AccountRef::Investment { broker_id: "sandbox.ofxkit.example".into(), account_id: "INV-77001".into() }),
        stmt(AccountRef::Loan { account_id: "LN-55001".into(), loan_type: "AUTO".into() }),
        ops::closing(&bank("1000123456", "CHECKING"), None, None, None).unwrap(),
        ops::profile(None, None),
    ]
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let rounds = if smoke { 2 } else { 20 };
    let sb = Sandbox::start(SandboxOptions::default()).expect("sandbox");
    let bodies = items();
    let n = bodies.len();

    // Warm up both paths once (certificate generation, grammar caches).
    let mut warm = client(&sb);
    let mut b = Batch::new(&warm);
    for x in &bodies {
        b.add(warm.item(x.clone())).unwrap();
    }
    b.post(&mut warm).unwrap();

    let (mut batch_t, mut single_t) = (Vec::new(), Vec::new());
    let mut conns = (0, 0);
    for _ in 0..rounds {
        sb.server.reset_stats();
        let t0 = Instant::now();
        let mut c = client(&sb);
        let mut b = Batch::new(&c);
        for x in &bodies {
            b.add(c.item(x.clone())).unwrap();
        }
        b.post(&mut c).unwrap();
        assert!(b.items().iter().all(|i| i.error.is_none()));
        batch_t.push(t0.elapsed());
        conns.0 = sb.server.stats().tls_handshakes;

        sb.server.reset_stats();
        let t0 = Instant::now();
        for x in &bodies {
            let mut c = client(&sb);
            let it = c.item(x.clone());
            let d = c.exchange(std::slice::from_ref(&it)).unwrap();
            assert_eq!(d.signon_status().and_then(|s| s.code), Some(0));
        }
        single_t.push(t0.elapsed());
        conns.1 = sb.server.stats().tls_handshakes;
    }
    let (bt, st) = (median(batch_t), median(single_t));

    // Building and splitting, per item, without the network.
    let mut c = client(&sb);
    let mut b = Batch::new(&c);
    for x in &bodies {
        b.add(c.item(x.clone())).unwrap();
    }
    let reps = if smoke { 20 } else { 500 };
    let t0 = Instant::now();
    let mut len = 0;
    for _ in 0..reps {
        len += c.request_text(&b.requests(), false).unwrap().len();
    }
    let build = t0.elapsed() / (reps * n as u32);
    b.post(&mut c).unwrap();
    let answer = b.answer.take().unwrap();
    let answer_bytes = {
        let v = ofxkit::markup::writer::Version::from_number(220).unwrap();
        ofxkit::markup::writer::write_document(&answer.tree, &ofxkit::markup::writer::WriteOptions::new(v)).unwrap().len()
    };
    let t0 = Instant::now();
    for _ in 0..reps {
        b.split(&answer);
    }
    let split = t0.elapsed() / (reps * n as u32);

    println!("| measure | value |");
    println!("|---|---|");
    println!("| {n}-item batch, one POST (median of {rounds}) | {:.1} ms, {} TLS handshake |", bt.as_secs_f64() * 1e3, conns.0);
    println!("| {n} single requests, fresh connections (median of {rounds}) | {:.1} ms, {} TLS handshakes |", st.as_secs_f64() * 1e3, conns.1);
    println!("| ratio single / batch | {:.2}x |", st.as_secs_f64() / bt.as_secs_f64());
    println!("| building the request document, per item | {:.1} µs ({} bytes for {n} items) |", build.as_secs_f64() * 1e6, len / reps as usize);
    println!("| splitting the answer, per item | {:.1} µs (answer {answer_bytes} bytes) |", split.as_secs_f64() * 1e6);
    println!("batch bench: {} rounds", rounds);
}
