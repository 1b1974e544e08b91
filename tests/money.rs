//! Moving money against the sandbox FI over TLS, in SGML and XML versions: transfers (made,
//! modified, cancelled, interbank), bill payments and payees, synchronization from 0, from a token and
//! REFRESH, and the safety rules: a request asked again after a lost answer never moves money twice,
//! a sync never hands out a new token before the whole answer was read and every callback ran, bad
//! amounts and unknown accounts are refused before anything is sent.
#![cfg(feature = "sandbox")]

use std::sync::Arc;

use ofxkit::client::batch::Batch;
use ofxkit::client::events::{ErrorKind, NoEvents};
use ofxkit::client::money::{self, Change, PayeeRef, PayeeSpec, PaymentSpec, SyncToken, TransferSpec};
use ofxkit::client::ops::AccountRef;
use ofxkit::client::session::SyncRecord;
use ofxkit::client::{Client, ClientConfig, ClientErrorKind};
use ofxkit::sandbox::server::Fault;
use ofxkit::sandbox::{Sandbox, SandboxOptions};
use ofxkit::values::datetime::OfxDateTime;
use rust_decimal::Decimal;

const BANK: &str = "077700077";

fn sandbox() -> Sandbox {
    Sandbox::start(SandboxOptions::default()).expect("sandbox starts")
}

fn client(sb: &Sandbox, version: u16) -> Client {
    let mut c = ClientConfig::default();
    for (k, v) in [
        ("url", sb.url().as_str()),
        ("org", "ofxkit Sandbox"),
        ("fid", "7777"),
        ("user_id", "demo"),
        ("password", "demo-pass"),
        ("version", &version.to_string()),
        ("ca_pem", std::str::from_utf8(sb.server.ca_pem()).unwrap()),
    ] {
        c.set(k, v).unwrap();
    }
    Client::new(c, Arc::new(NoEvents))
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

fn checking() -> AccountRef {
    bank("1000123456", "CHECKING")
}

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

/// Due in the future: a scheduled transfer (modifiable).
fn later() -> Option<OfxDateTime> {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let d = OfxDateTime::from_unix(now + 40 * 86400, 0);
    let (y, m, dd, ..) = d.utc_parts();
    OfxDateTime::from_ymd(y, m, dd)
}

fn spec(amount: i64, due: Option<OfxDateTime>) -> TransferSpec {
    TransferSpec { from: checking(), to: bank("1000654321", "SAVINGS"), amount: cents(amount), due }
}

/// Runs a sync, collecting the transfer records the callback saw.
fn sync_transfers(c: &mut Client, token: &str) -> (String, bool, Vec<money::TransferRecord>) {
    let body = money::transfer_sync(&checking(), &SyncToken::parse(token).unwrap(), false, false).unwrap();
    let mut seen = Vec::new();
    let o = c
        .sync(body, &mut |r| {
            if let SyncRecord::Transfer(t) = r {
                seen.push(t.clone());
            }
            true
        })
        .unwrap_or_else(|e| panic!("sync from {token}: {e}"));
    assert_eq!(
        seen.len(),
        o.records.transfers.iter().filter(|t| t.in_sync).count(),
        "every record reached the callback"
    );
    (o.token, o.lost_sync, seen)
}

#[test]
fn transfer_modify_cancel_and_sync_at_sgml_and_xml() {
    let sb = sandbox();
    for v in [102u16, 220] {
        let mut c = client(&sb, v);
        let (t0, _, before) = sync_transfers(&mut c, "0");
        // A scheduled transfer.
        let item = c.item(money::transfer(&spec(2500, later())).unwrap());
        let doc = c.post_checked(&item).unwrap_or_else(|e| panic!("{v}: {e}"));
        let m = money::records(&doc);
        assert_eq!(m.transfers.len(), 1, "{v}");
        let t = &m.transfers[0];
        assert_eq!(t.change, Change::Added);
        assert_eq!(t.trnuid, item.trnuid);
        assert_eq!(t.amount(), Some(cents(2500)));
        assert_eq!(t.from_account().as_deref(), Some("077700077:1000123456"));
        assert_eq!(t.to_account().as_deref(), Some("077700077:1000654321"));
        assert_eq!(t.process_status.as_ref().and_then(|p| p.xferprccode.as_deref()), Some("WILLPROCESSON"), "{v}");
        let id = t.transfer_id.clone().expect("the server's transfer id");
        // Modify it.
        let m2 = c.post_checked(&c.item(money::transfer_modify(&id, &spec(3000, later())).unwrap())).unwrap();
        let t2 = &money::records(&m2).transfers[0];
        assert_eq!(
            (t2.change, t2.transfer_id.as_deref(), t2.amount()),
            (Change::Modified, Some(id.as_str()), Some(cents(3000)))
        );
        // Sync from the token before: exactly the added and the modified event, in order.
        let (t1, lost, recs) = sync_transfers(&mut c, &t0);
        assert!(!lost, "{v}");
        assert_ne!(t1, t0, "{v}: a new token");
        let mine: Vec<(Change, Option<Decimal>)> = recs
            .iter()
            .filter(|r| r.transfer_id.as_deref() == Some(id.as_str()))
            .map(|r| (r.change, r.amount()))
            .collect();
        assert_eq!(mine, vec![(Change::Added, Some(cents(2500))), (Change::Modified, Some(cents(3000)))], "{v}");
        // Nothing since: no records, the same token.
        let (t2tok, _, none) = sync_transfers(&mut c, &t1);
        assert!(none.is_empty(), "{v}: {none:?}");
        assert_eq!(t2tok, t1);
        // Cancel it; the full history now has it added, modified, cancelled.
        let cdoc = c.post_checked(&c.item(money::transfer_cancel(&id, false).unwrap())).unwrap();
        assert_eq!(money::records(&cdoc).transfers[0].change, Change::Cancelled);
        let (_, _, all) = sync_transfers(&mut c, "0");
        let kinds: Vec<Change> =
            all.iter().filter(|r| r.transfer_id.as_deref() == Some(id.as_str())).map(|r| r.change).collect();
        assert_eq!(kinds, vec![Change::Added, Change::Modified, Change::Cancelled], "{v}");
        assert!(all.len() >= before.len() + 3);
        // A cancelled transfer cannot be modified: a clear refusal with the server's status.
        let e = c.post_checked(&c.item(money::transfer_modify(&id, &spec(100, later())).unwrap())).unwrap_err();
        assert!(matches!(e.kind, ClientErrorKind::Refused(code) if code != 0), "{v}: {e}");
    }
}

#[test]
fn refresh_gives_one_record_per_live_transfer() {
    let sb = sandbox();
    let mut c = client(&sb, 211);
    let doc = c.post_checked(&c.item(money::transfer(&spec(1000, later())).unwrap())).unwrap();
    let id = money::records(&doc).transfers[0].transfer_id.clone().unwrap();
    for amount in [1100, 1200, 1300] {
        c.post_checked(&c.item(money::transfer_modify(&id, &spec(amount, later())).unwrap())).unwrap();
    }
    let (_, lost, recs) = sync_transfers(&mut c, "REFRESH");
    assert!(!lost);
    let mine: Vec<&money::TransferRecord> =
        recs.iter().filter(|r| r.transfer_id.as_deref() == Some(id.as_str())).collect();
    assert_eq!(mine.len(), 1, "one record for the live transfer: {mine:?}");
    assert_eq!(mine[0].amount(), Some(cents(1300)), "its current state");
    let (_, _, lower) = sync_transfers(&mut c, "refresh");
    assert_eq!(lower.len(), recs.len(), "REFRESH in any case");
}

#[test]
fn a_lost_answer_asked_again_moves_money_once() {
    let sb = sandbox();
    let mut c = client(&sb, 102);
    let (t0, _, _) = sync_transfers(&mut c, "0");
    let item = c.item(money::transfer(&spec(4242, None)).unwrap());
    // The server commits the transfer, then the connection drops before any answer.
    sb.server.set_fault_times(Fault::DropBeforeReply, 1);
    let e = c.exchange(std::slice::from_ref(&item)).unwrap_err();
    assert_eq!(e.error_kind(), Some(ErrorKind::Reset), "{e}");
    // Sent again with the same TRNUID: the server's original answer, nothing done twice.
    let doc = c.post_checked(&item).unwrap();
    let t = &money::records(&doc).transfers[0];
    let id = t.transfer_id.clone().unwrap();
    assert_eq!(t.trnuid, item.trnuid);
    let again = c.post_checked(&item).unwrap();
    assert_eq!(money::records(&again).transfers[0].transfer_id.as_deref(), Some(id.as_str()), "the same transfer id");
    let (_, _, recs) = sync_transfers(&mut c, &t0);
    let made: Vec<&money::TransferRecord> = recs.iter().filter(|r| r.amount() == Some(cents(4242))).collect();
    assert_eq!(made.len(), 1, "exactly one transfer exists: {made:?}");
    assert_eq!(made[0].transfer_id.as_deref(), Some(id.as_str()));
}

#[test]
fn a_sync_hands_out_its_token_only_after_everything_was_read() {
    let sb = sandbox();
    let mut c = client(&sb, 220);
    for a in [501, 502, 503] {
        c.post_checked(&c.item(money::transfer(&spec(a, later())).unwrap())).unwrap();
    }
    // The answer is cut in the middle: an error, no token, no record handed out.
    sb.server.set_fault_times(Fault::TruncatedBody, 1);
    let body = || money::transfer_sync(&checking(), &SyncToken::Full, false, false).unwrap();
    let mut called = 0;
    let e = c
        .sync(body(), &mut |_| {
            called += 1;
            true
        })
        .unwrap_err();
    assert_eq!(e.error_kind(), Some(ErrorKind::Reset), "{e}");
    assert_eq!(called, 0, "no callback ran on a cut answer");
    // A cut OFX document (complete HTTP) is refused the same way.
    sb.server.set_fault_times(Fault::TruncatedOfx, 1);
    let e = c.sync(body(), &mut |_| true).unwrap_err();
    assert_eq!(e.error_kind(), Some(ErrorKind::Truncated), "{e}");
    // A callback that stops: an error, and no token.
    let mut n = 0;
    let e = c
        .sync(body(), &mut |_| {
            n += 1;
            n < 2
        })
        .unwrap_err();
    assert_eq!(e.kind, ClientErrorKind::Callback, "{e}");
    assert!(e.message.contains("token is unchanged"));
    // Asking again with the old token gives the same records, twice.
    let (ta, _, ra) = sync_transfers(&mut c, "0");
    let (tb, _, rb) = sync_transfers(&mut c, "0");
    assert_eq!(ta, tb);
    assert_eq!(ra, rb);
    assert!(ra.len() >= 3);
}

#[test]
fn refused_before_anything_is_sent() {
    let sb = sandbox();
    let mut c = client(&sb, 102);
    for bad in ["0", "-5", "1,50", "abc", ""] {
        assert!(money::parse_money(bad).is_err(), "{bad}");
    }
    assert!(money::transfer(&spec(0, None)).is_err());
    assert!(money::transfer(&TransferSpec { to: checking(), ..spec(100, None) }).is_err(), "to itself");
    // With the account list known, an account that is not the user's is refused locally.
    c.account_info(None).unwrap();
    sb.server.reset_stats();
    let foreign = TransferSpec { from: bank("9999999999", "CHECKING"), ..spec(100, None) };
    let e = c.exchange(&[c.item(money::transfer(&foreign).unwrap())]).unwrap_err();
    assert_eq!(e.kind, ClientErrorKind::Request, "{e}");
    assert!(e.message.contains("9999999999") && e.message.contains("nothing was sent"), "{e}");
    let to_unknown = TransferSpec { to: bank("1000000000", "SAVINGS"), ..spec(100, None) };
    assert!(c.exchange(&[c.item(money::transfer(&to_unknown).unwrap())]).is_err());
    assert_eq!(sb.server.stats().requests, 0, "nothing reached the server");
}

#[test]
fn interbank_transfers_and_their_sync() {
    let sb = sandbox();
    let mut c = client(&sb, 220);
    let inter = TransferSpec {
        to: AccountRef::Bank {
            bank_id: "121000248".into(),
            branch_id: None,
            account_id: "5550001".into(),
            account_type: "CHECKING".into(),
            account_key: None,
        },
        ..spec(7777, later())
    };
    assert!(inter.is_interbank());
    let doc = c.post_checked(&c.item(money::transfer(&inter).unwrap())).unwrap();
    let t = &money::records(&doc).transfers[0];
    assert!(t.interbank);
    assert_eq!(t.to_account().as_deref(), Some("121000248:5550001"));
    let body = money::transfer_sync(&checking(), &SyncToken::Full, false, true).unwrap();
    let o = c.sync(body, &mut |_| true).unwrap();
    assert!(o.records.transfers.iter().any(|r| r.interbank && r.amount() == Some(cents(7777))));
}

#[test]
fn bill_payment_and_payees() {
    let sb = sandbox();
    for v in [160u16, 211] {
        let mut c = client(&sb, v);
        let address = ofxkit::model::bank::shared::PayeeO {
            name: Some("City Power & Light".into()),
            addr1: Some("1 Main St".into()),
            city: Some("Springfield".into()),
            state: Some("IL".into()),
            postalcode: Some("62701".into()),
            phone: Some("555-0100".into()),
            ..Default::default()
        };
        let pay = PaymentSpec {
            from: checking(),
            amount: cents(4999),
            payee: PayeeRef::Address(Box::new(address.clone())),
            payee_list_id: None,
            pay_account: "CPL-7788".into(),
            due: later().unwrap(),
            memo: Some("January".into()),
        };
        let doc = c.post_checked(&c.item(money::payment(&pay).unwrap())).unwrap_or_else(|e| panic!("{v}: {e}"));
        let p = &money::records(&doc).payments[0];
        let pid = p.payment_id.clone().unwrap();
        let list_id = p.payee_list_id.clone().expect("a new payee gets a list id");
        assert_eq!(p.process_status.as_ref().and_then(|s| s.pmtprccode.as_deref()), Some("WILLPROCESSON"), "{v}");
        // Status, then a second payment to the list entry, then cancel the first.
        let st = c.post_checked(&c.item(money::payment_status(&pid).unwrap())).unwrap();
        assert_eq!(money::records(&st).payments[0].change, Change::Status);
        let again = PaymentSpec { payee_list_id: Some(list_id.clone()), amount: cents(1500), ..pay.clone() };
        c.post_checked(&c.item(money::payment(&again).unwrap())).unwrap();
        let can = c.post_checked(&c.item(money::payment_cancel(&pid).unwrap())).unwrap();
        assert_eq!(money::records(&can).payments[0].change, Change::Cancelled);
        let mut seen = Vec::new();
        let o = c
            .sync(money::payment_sync(&checking(), &SyncToken::Full, false).unwrap(), &mut |r| {
                if let SyncRecord::Payment(p) = r {
                    seen.push((p.payment_id.clone(), p.change));
                }
                true
            })
            .unwrap();
        assert!(
            seen.contains(&(Some(pid.clone()), Change::Added))
                && seen.contains(&(Some(pid.clone()), Change::Cancelled)),
            "{v}: {seen:?}"
        );
        assert!(!o.token.is_empty());
        // Payees: add, modify, delete, sync.
        let add = c
            .post_checked(
                &c.item(
                    money::payee_add(&PayeeSpec {
                        payee: PayeeRef::Address(Box::new(address.clone())),
                        pay_accounts: vec!["W-1".into()],
                    })
                    .unwrap(),
                ),
            )
            .unwrap();
        let lid = money::records(&add).payees[0].payee_list_id.clone().unwrap();
        let moved = ofxkit::model::bank::shared::PayeeO { addr1: Some("2 Elm St".into()), ..address.clone() };
        c.post_checked(&c.item(money::payee_modify(&lid, Some(&moved), &[]).unwrap())).unwrap();
        c.post_checked(&c.item(money::payee_delete(&lid).unwrap())).unwrap();
        let mut changes = Vec::new();
        c.sync(money::payee_sync(&SyncToken::Full, false), &mut |r| {
            if let SyncRecord::Payee(p) = r {
                if p.payee_list_id.as_deref() == Some(lid.as_str()) {
                    changes.push(p.change);
                }
            }
            true
        })
        .unwrap();
        assert_eq!(changes, vec![Change::Added, Change::Modified, Change::Deleted], "{v}");
    }
}

#[test]
fn money_in_a_batch() {
    let sb = sandbox();
    let mut c = client(&sb, 220);
    let mut b = Batch::new(&c);
    b.add(c.item(money::transfer(&spec(1234, later())).unwrap())).unwrap();
    b.add(c.item(money::transfer_sync(&checking(), &SyncToken::Full, false, false).unwrap())).unwrap();
    b.add(c.item(money::payee_sync(&SyncToken::Full, false))).unwrap();
    b.post(&mut c).unwrap();
    for (i, it) in b.items().iter().enumerate() {
        assert!(it.error.is_none(), "item {i}: {:?}", it.error);
    }
    let t = money::records(b.item(0).unwrap().response.as_ref().unwrap());
    assert_eq!(t.transfers[0].amount(), Some(cents(1234)));
    let s = money::records(b.item(1).unwrap().response.as_ref().unwrap());
    assert_eq!(s.syncs.len(), 1);
    assert_eq!(s.syncs[0].tag, "INTRASYNCRS");
    let p = money::records(b.item(2).unwrap().response.as_ref().unwrap());
    assert_eq!(p.syncs[0].tag, "PAYEESYNCRS");
}
