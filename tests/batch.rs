//! OFXBatch against the sandbox FI over real TLS: every mix of request types in one POST over one
//! connection and one handshake, items added out of order, answers the server reorders, an item the
//! server drops, a failing signon, a request of another signon refused, SGML and XML versions, and the
//! whole exchange written to a data file and read back.
#![cfg(feature = "sandbox")]

use std::sync::Arc;

use ofxkit::client::batch::{Batch, ItemError};
use ofxkit::client::events::NoEvents;
use ofxkit::client::ops::{self, AccountRef, StatementQuery};
use ofxkit::client::request::{RequestBody, RequestKind};
use ofxkit::client::{Client, ClientConfig};
use ofxkit::document::StatementBody;
use ofxkit::sandbox::{Sandbox, SandboxOptions};
use ofxkit::values::datetime::OfxDateTime;

const BANK: &str = "077700077";

fn sandbox() -> Sandbox {
    Sandbox::start(SandboxOptions::default()).expect("sandbox starts")
}

fn client(sb: &Sandbox, password: &str, version: u16) -> Client {
    let mut c = ClientConfig::default();
    for (k, v) in [
        ("url", sb.url().as_str()),
        ("org", "ofxkit Sandbox"),
        ("fid", "7777"),
        ("user_id", "demo"),
        ("password", password),
        ("version", &version.to_string()),
        ("ca_pem", std::str::from_utf8(sb.server.ca_pem()).unwrap()),
    ] {
        c.set(k, v).unwrap();
    }
    Client::new(c, Arc::new(NoEvents))
}

fn stmt(account: AccountRef) -> RequestBody {
    let mut q = StatementQuery::new(account);
    q.start = OfxDateTime::from_ymd(2025, 1, 1);
    q.end = OfxDateTime::from_ymd(2025, 2, 1);
    ops::statement(&q).unwrap()
}

fn bank(acct: &str, t: &str) -> AccountRef {
    AccountRef::Bank {
        bank_id: BANK.into(),
        branch_id: None,
        account_id: acct.into(),
        account_type: t.into(),
        account_key: None,
    }
}

/// The requests of a household refresh, deliberately out of the spec's order.
fn household(v: u16) -> Vec<RequestBody> {
    let mut v_items = vec![
        ops::profile(None, None),
        stmt(AccountRef::Investment { broker_id: "sandbox.ofxkit.example".into(), account_id: "INV-77001".into() }),
        stmt(AccountRef::CreditCard { account_id: "4000123412341234".into(), account_key: None }),
        stmt(bank("1000654321", "SAVINGS")),
        ops::account_info(None),
        stmt(bank("1000123456", "CHECKING")),
        ops::closing(&bank("1000123456", "CHECKING"), None, None, None).unwrap(),
    ];
    if v >= 210 {
        v_items.push(stmt(AccountRef::Loan { account_id: "LN-55001".into(), loan_type: "AUTO".into() }));
    }
    v_items
}

/// The account id of an item's statement, whatever its kind.
fn account_of(doc: &ofxkit::Document) -> Option<String> {
    let st = doc.statements.first()?;
    let t = match &st.body {
        StatementBody::Bank(b) => b.bankacctfrom.as_ref()?.acctid,
        StatementBody::CreditCard(b) => b.ccacctfrom.as_ref()?.acctid,
        StatementBody::Investment(b) => b.invacctfrom.as_ref()?.acctid,
        StatementBody::Loan(b) => b.loanacctfrom.as_ref()?.loanacctid,
    };
    doc.opt_text(&t).map(str::to_string)
}

fn expected_account(b: &RequestBody) -> Option<&str> {
    match b {
        RequestBody::BankStatement(r) => r.bankacctfrom.as_ref()?.acctid.as_deref(),
        RequestBody::CreditCardStatement(r) => r.ccacctfrom.as_ref()?.acctid.as_deref(),
        RequestBody::InvestmentStatement(r) => r.invacctfrom.as_ref()?.acctid.as_deref(),
        RequestBody::LoanStatement(r) => r.loanacctfrom.as_ref()?.loanacctid.as_deref(),
        _ => None,
    }
}

/// Each item's response is the answer to that item.
fn check_items(b: &Batch, v: u16) {
    for (i, it) in b.items().iter().enumerate() {
        assert!(it.error.is_none(), "{v} item {i} ({}): {:?}", it.request.body.tag(), it.error);
        let r = it.response.as_ref().unwrap();
        assert_eq!(r.signon_status().and_then(|s| s.code), Some(0));
        assert_eq!(r.wrappers.len(), 1, "{v} item {i}: exactly its own answer");
        assert_eq!(r.opt_text(&r.wrappers[0].trnuid), Some(it.request.trnuid.as_str()));
        match it.request.body.kind() {
            RequestKind::AccountInfo => assert!(r.accounts.len() >= 4),
            RequestKind::Profile => assert!(r.profile.is_some()),
            RequestKind::BankClosing => assert_eq!(r.closings.len(), 1),
            RequestKind::InvestmentStatement => {
                assert_eq!(account_of(r).as_deref(), expected_account(&it.request.body));
                assert!(r.securities.len() >= 3, "the security list goes with the investment statement");
            }
            _ => {
                assert_eq!(account_of(r).as_deref(), expected_account(&it.request.body), "{v} item {i}");
                assert!(r.transaction_count() > 0, "{v} item {i}");
            }
        }
    }
}

#[test]
fn one_post_one_connection_one_handshake_at_sgml_and_xml() {
    let sb = sandbox();
    for v in [102u16, 160, 211, 220] {
        let mut c = client(&sb, "demo-pass", v);
        let mut b = Batch::new(&c);
        for body in household(v) {
            b.add(c.item(body)).unwrap();
        }
        sb.server.reset_stats();
        b.post(&mut c).unwrap_or_else(|e| panic!("{v}: {e}"));
        let st = sb.server.stats();
        assert_eq!((st.connections, st.tls_handshakes, st.requests), (1, 1, 1), "{v}: {st:?}");
        check_items(&b, v);
        // The request put the message sets in the spec's order whatever the items' order.
        let body = String::from_utf8_lossy(&sb.server.requests().last().unwrap().body).to_string();
        let pos = |s: &str| body.find(s).unwrap_or_else(|| panic!("{v}: {s} missing"));
        assert!(pos("<SIGNONMSGSRQV1>") < pos("<SIGNUPMSGSRQV1>"));
        assert!(pos("<SIGNUPMSGSRQV1>") < pos("<BANKMSGSRQV1>"));
        assert!(pos("<BANKMSGSRQV1>") < pos("<CREDITCARDMSGSRQV1>"));
        assert!(pos("<CREDITCARDMSGSRQV1>") < pos("<INVSTMTMSGSRQV1>"));
        assert!(pos("<INVSTMTMSGSRQV1>") < pos("<PROFMSGSRQV1>"));
        assert_eq!(body.matches("<BANKMSGSRQV1>").count(), 1, "{v}: items of one message set share its wrapper");
        // Posting again reuses the connection.
        b.post(&mut c).unwrap();
        let st = sb.server.stats();
        assert_eq!((st.connections, st.tls_handshakes), (1, 1), "{v}: {st:?}");
    }
}

#[test]
fn reordered_and_dropped_answers() {
    let sb = sandbox();
    let mut c = client(&sb, "demo-pass", 220);
    let mut b = Batch::new(&c);
    for body in household(220) {
        b.add(c.item(body)).unwrap();
    }
    sb.fi.set_reorder_answers(true);
    b.post(&mut c).unwrap();
    sb.fi.set_reorder_answers(false);
    check_items(&b, 220);
    // The answer really came in another order than the request.
    let answer = b.answer.as_ref().unwrap();
    let order: Vec<&str> = ofxkit::client::batch::answers_by_trnuid(answer).into_iter().map(|(u, _, _)| u).collect();
    let bank_items: Vec<&str> = b
        .items()
        .iter()
        .filter(|i| i.request.body.kind() == RequestKind::BankStatement)
        .map(|i| i.request.trnuid.as_str())
        .collect();
    let answered: Vec<&str> = order.iter().copied().filter(|u| bank_items.contains(u)).collect();
    assert_eq!(answered, bank_items.iter().rev().copied().collect::<Vec<_>>(), "the sandbox reversed them");

    let dropped = b.item(3).unwrap().request.trnuid.clone();
    sb.fi.drop_answer_for_trnuid(Some(dropped.clone()));
    b.post(&mut c).unwrap();
    sb.fi.drop_answer_for_trnuid(None);
    for (i, it) in b.items().iter().enumerate() {
        if i == 3 {
            assert!(it.response.is_none());
            assert!(matches!(&it.error, Some(ItemError::NotAnswered(m)) if m.contains(&dropped)), "{:?}", it.error);
        } else {
            assert!(it.error.is_none() && it.response.is_some(), "item {i} is still readable");
        }
    }
}

#[test]
fn failing_signon_and_foreign_requests() {
    let sb = sandbox();
    let mut bad = client(&sb, "wrong-password", 102);
    let mut b = Batch::new(&bad);
    for body in household(102) {
        b.add(bad.item(body)).unwrap();
    }
    b.post(&mut bad).unwrap();
    for it in b.items() {
        assert!(matches!(&it.error, Some(ItemError::SignonFailed(m)) if m.contains("15500")), "{:?}", it.error);
        assert_eq!(it.response.as_ref().unwrap().signon_status().and_then(|s| s.code), Some(15500));
    }
    let other = client(&sb, "demo-pass", 102);
    let e = b.add(other.item(ops::profile(None, None))).unwrap_err();
    assert!(e.contains("another signon"), "{e}");
    let e = bad.exchange(&[other.item(ops::profile(None, None))]).unwrap_err();
    assert!(e.message.contains("another client"), "{e}");
}

#[test]
fn data_file_round_trip() {
    let sb = sandbox();
    for v in [102u16, 220] {
        let mut c = client(&sb, "demo-pass", v);
        let mut b = Batch::new(&c);
        for body in household(v) {
            b.add(c.item(body)).unwrap();
        }
        b.post(&mut c).unwrap();
        let doc = b.answer.as_ref().unwrap();
        let ver = ofxkit::markup::writer::Version::from_number(u32::from(doc.version())).unwrap();
        let text =
            ofxkit::markup::writer::write_document(&doc.tree, &ofxkit::markup::writer::WriteOptions::new(ver)).unwrap();
        let path = std::env::temp_dir().join(format!("ofxkit-batch-{}-{v}.ofx", std::process::id()));
        std::fs::write(&path, &text).unwrap();
        let read = ofxkit::Document::read_file(&path).unwrap().unwrap();
        let again = Batch::from_answer(c.id(), read);
        assert_eq!(again.len(), b.len(), "{v}");
        for it in b.items() {
            let same = again.items().iter().find(|x| x.request.trnuid == it.request.trnuid).expect("item read back");
            assert_eq!(same.request.body.kind(), it.request.body.kind(), "{v}");
            let a = ofxkit::json::to_json(it.response.as_ref().unwrap());
            let z = ofxkit::json::to_json(same.response.as_ref().unwrap());
            assert_eq!(a, z, "{v}: item {} reads back the same", it.request.trnuid);
        }
        let _ = std::fs::remove_file(&path);
    }
}
