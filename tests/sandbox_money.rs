//! The sandbox FI moving money: transfers (intrabank, interbank) with modification and cancellation, bill
//! payments and payees, idempotent TRNUIDs, token synchronization. Requests are written with the client's
//! own builder (`ofxkit::client::money`, `build_document`), posted through `Handler::handle`, and the
//! answers read back with `Document::parse` and `ofxkit::client::money::records` (what the client reads);
//! every answer is run through ../shared/tools/ofx-validate when it is there (skipped, saying so, if not).
#![cfg(feature = "sandbox")]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use ofxkit::Document;
use ofxkit::client::money::*;
use ofxkit::client::ops::AccountRef;
use ofxkit::client::request::{RequestBody, RequestFormat, RequestItem, build_document};
use ofxkit::document::StatementBody;
use ofxkit::model::bank::rq::{BankAcctFrom, IncTran, StmtRq};
use ofxkit::model::bank::shared::PayeeO;
use ofxkit::model::creditcard::rq::{CcAcctFrom, CcStmtRq};
use ofxkit::model::grammar::ids;
use ofxkit::model::loan::rq::{LoanAcctFrom, LoanStmtRq};
use ofxkit::model::signon::rq::{FiId, SonRq};
use ofxkit::model::transfer::{InterRq, IntraRq, IntraSyncRq, XferInfo};
use ofxkit::sandbox::fi::{Fi, FiConfig};
use ofxkit::sandbox::{Handler, HttpReply, HttpRequestInfo};
use ofxkit::values::datetime::OfxDateTime;
use rust_decimal::Decimal;

// ---------------------------------------------------------------------------------------------
// The FI, the accounts, the dates
// ---------------------------------------------------------------------------------------------

const BANK: &str = "077700077";
const CHECKING: &str = "1000123456";
const SAVINGS: &str = "1000654321";
const CARD: &str = "4000123412341234";
const LOAN: &str = "LN-55001";

/// The FI's clock in these tests: 2026-01-05 12:00 US Eastern.
fn clock() -> i64 {
    OfxDateTime::from_ymd_hms(2026, 1, 5, 12, 0, 0, -300).unwrap().unix_seconds
}

fn fi() -> Fi {
    Fi::with_config(FiConfig { clock: Some(clock()), ..FiConfig::default() })
}

fn day(y: i32, m: u32, d: u32) -> OfxDateTime {
    OfxDateTime::from_ymd(y, m, d).unwrap()
}

fn future() -> OfxDateTime {
    day(2026, 2, 1)
}

fn bank(acct: &str, ty: &str) -> AccountRef {
    AccountRef::Bank {
        bank_id: BANK.into(),
        branch_id: None,
        account_id: acct.into(),
        account_type: ty.into(),
        account_key: None,
    }
}

fn checking() -> AccountRef {
    bank(CHECKING, "CHECKING")
}

fn savings() -> AccountRef {
    bank(SAVINGS, "SAVINGS")
}

fn card() -> AccountRef {
    AccountRef::CreditCard { account_id: CARD.into(), account_key: None }
}

fn loan() -> AccountRef {
    AccountRef::Loan { account_id: LOAN.into(), loan_type: "AUTO".into() }
}

fn external() -> AccountRef {
    AccountRef::Bank {
        bank_id: "999888777".into(),
        branch_id: None,
        account_id: "EXT-42".into(),
        account_type: "CHECKING".into(),
        account_key: None,
    }
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn spec(from: AccountRef, to: AccountRef, amount: &str, due: Option<OfxDateTime>) -> TransferSpec {
    TransferSpec { from, to, amount: dec(amount), due }
}

// ---------------------------------------------------------------------------------------------
// Requests and answers
// ---------------------------------------------------------------------------------------------

fn son_for(user: &str, pass: &str) -> SonRq {
    SonRq {
        dtclient: OfxDateTime::from_ymd_hms(2026, 1, 5, 12, 0, 0, -300),
        userid: Some(user.into()),
        userpass: Some(pass.into()),
        language: Some("ENG".into()),
        fi: Some(Box::new(FiId { org: Some("ofxkit Sandbox".into()), fid: Some("7777".into()) })),
        appid: Some("QWIN".into()),
        appver: Some("2700".into()),
        ..Default::default()
    }
}

fn item(body: RequestBody, uid: &str) -> RequestItem {
    RequestItem { trnuid: uid.into(), ..RequestItem::new(body, 1) }
}

fn document(v: u16, items: &[RequestItem]) -> Vec<u8> {
    let fmt = RequestFormat { version: v, ..Default::default() };
    build_document(&son_for("demo", "demo-pass"), items, &fmt).unwrap_or_else(|e| panic!("{v}: {e}")).into_bytes()
}

fn post(fi: &Fi, body: &[u8]) -> HttpReply {
    fi.handle(&HttpRequestInfo {
        method: "POST".into(),
        path: "/ofx".into(),
        headers: vec![("Host".into(), "127.0.0.1:8443".into())],
        body: body.to_vec(),
        connection_id: 1,
        client_cert_subject: None,
    })
}

fn validator() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/ofx-validate");
    p.exists().then_some(p)
}

static SEQ: AtomicUsize = AtomicUsize::new(0);

/// Runs ofx-validate on an answer; skips visibly when the tool or its programs are missing.
fn check_valid(label: &str, body: &[u8]) {
    let Some(tool) = validator() else {
        println!("SKIP: {label}: ../shared/tools/ofx-validate not found");
        return;
    };
    let n = SEQ.fetch_add(1, Ordering::SeqCst);
    let safe: String = label.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let f = std::env::temp_dir().join(format!("ofxkit-sandbox-money-{}-{n:04}-{safe}.ofx", std::process::id()));
    std::fs::write(&f, body).unwrap();
    let out = std::process::Command::new("bash").arg(&tool).arg(&f).output().unwrap();
    match out.status.code() {
        Some(2) => println!("SKIP: {label}: ofx-validate lacks its programs: {}", String::from_utf8_lossy(&out.stderr)),
        Some(0) => {
            let _ = std::fs::remove_file(&f);
        }
        _ => panic!(
            "{label}: ofx-validate says INVALID ({}):\n{}{}\n{}",
            f.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(body)
        ),
    }
}

/// An answer, read as the client reads it.
struct Answer {
    doc: Document,
    m: MoneyRecords,
    raw: Vec<u8>,
}

impl Answer {
    /// The only transfer record.
    fn transfer(&self) -> &TransferRecord {
        assert_eq!(self.m.transfers.len(), 1, "one transfer record: {:?}", self.m.transfers);
        &self.m.transfers[0]
    }
    fn payment(&self) -> &PaymentRecord {
        assert_eq!(self.m.payments.len(), 1, "one payment record: {:?}", self.m.payments);
        &self.m.payments[0]
    }
    fn payee(&self) -> &PayeeRecord {
        assert_eq!(self.m.payees.len(), 1, "one payee record: {:?}", self.m.payees);
        &self.m.payees[0]
    }
    fn sync(&self) -> &SyncInfo {
        assert_eq!(self.m.syncs.len(), 1, "one sync response: {:?}", self.m.syncs);
        &self.m.syncs[0]
    }
    fn token(&self) -> String {
        self.sync().token.clone().expect("TOKEN")
    }
}

/// Posts a request document, expects a valid OFX answer that the reader takes without warnings.
fn send_raw(fi: &Fi, label: &str, body: &[u8]) -> Answer {
    let r = post(fi, body);
    assert_eq!(r.status, 200, "{label}: {}", String::from_utf8_lossy(&r.body));
    let doc = Document::parse(&r.body).unwrap_or_else(|e| panic!("{label}: answer unreadable: {e}"));
    assert!(doc.warnings.is_empty(), "{label}: reader warnings: {:?}", doc.warnings);
    let signon = doc.signon.as_ref().and_then(|s| s.status.as_ref()).and_then(|s| s.code);
    assert_eq!(signon, Some(0), "{label}: signon");
    check_valid(label, &r.body);
    let m = records(&doc);
    Answer { doc, m, raw: r.body }
}

fn send(fi: &Fi, label: &str, v: u16, items: &[RequestItem]) -> Answer {
    send_raw(fi, label, &document(v, items))
}

/// One request in its own document.
fn one(fi: &Fi, label: &str, v: u16, body: RequestBody, uid: &str) -> Answer {
    send(fi, label, v, &[item(body, uid)])
}

fn code(s: &RecordStatus) -> i64 {
    s.code.expect("STATUS CODE")
}

fn prc(t: &TransferRecord) -> String {
    t.process_status.as_ref().and_then(|p| p.xferprccode.clone()).unwrap_or_default()
}

fn pmt_prc(p: &PaymentRecord) -> String {
    p.process_status.as_ref().and_then(|p| p.pmtprccode.clone()).unwrap_or_default()
}

/// A transfer answered with status 0: its SRVRTID.
fn ok_transfer(a: &Answer) -> String {
    let t = a.transfer();
    assert_eq!(code(&t.status), 0, "{:?}", t.status);
    t.transfer_id.clone().expect("SRVRTID")
}

fn refused(a: &Answer, want: i64) -> String {
    let (st, change) = match (a.m.transfers.first(), a.m.payments.first(), a.m.payees.first()) {
        (Some(t), _, _) => (&t.status, t.change),
        (_, Some(p), _) => (&p.status, p.change),
        (_, _, Some(p)) => (&p.status, p.change),
        _ => panic!("no money record in {}", String::from_utf8_lossy(&a.raw)),
    };
    assert_eq!(code(st), want, "{st:?}");
    assert_eq!(st.severity.as_deref(), Some("ERROR"));
    assert_eq!(change, Change::None, "a refusal carries no response");
    st.message.clone().unwrap_or_default()
}

fn stmt_rq(acct: &str, ty: &str) -> RequestBody {
    RequestBody::BankStatement(StmtRq {
        bankacctfrom: Some(Box::new(BankAcctFrom {
            bankid: Some(BANK.into()),
            acctid: Some(acct.into()),
            accttype: Some(ty.into()),
            ..Default::default()
        })),
        inctran: Some(Box::new(IncTran {
            dtstart: Some(day(2025, 12, 30)),
            include: Some(true),
            ..Default::default()
        })),
        ..Default::default()
    })
}

/// The transactions (FITID, amount, NAME) and the ledger balance of the n-th statement of an answer.
fn statement(a: &Answer, n: usize) -> (Vec<(String, Decimal, String)>, Decimal) {
    let (list, ledger) = match &a.doc.statements[n].body {
        StatementBody::Bank(b) => (b.banktranlist.as_ref(), b.ledgerbal.as_ref()),
        StatementBody::CreditCard(c) => (c.banktranlist.as_ref(), c.ledgerbal.as_ref()),
        other => panic!("not a bank or card statement: {other:?}"),
    };
    let d = &a.doc;
    let lines = list
        .map(|l| {
            l.transactions
                .iter()
                .map(|t| {
                    (
                        d.opt_text(&t.fitid).unwrap_or("").to_string(),
                        t.trnamt.expect("TRNAMT").value,
                        d.opt_text(&t.name).unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (lines, ledger.and_then(|b| b.balamt).expect("LEDGERBAL").value)
}

fn checking_statement(fi: &Fi, label: &str, v: u16) -> (Vec<(String, Decimal, String)>, Decimal) {
    statement(&one(fi, label, v, stmt_rq(CHECKING, "CHECKING"), "stmt"), 0)
}

fn payee_address(name: &str) -> PayeeO {
    PayeeO {
        name: Some(name.into()),
        addr1: Some("7 Elm St".into()),
        city: Some("Shelbyville".into()),
        state: Some("IL".into()),
        postalcode: Some("62565".into()),
        phone: Some("217-555-0177".into()),
        ..Default::default()
    }
}

fn pay(payee: PayeeRef, list: Option<&str>, amount: &str, due: OfxDateTime) -> PaymentSpec {
    PaymentSpec {
        from: checking(),
        amount: dec(amount),
        payee,
        payee_list_id: list.map(str::to_string),
        pay_account: "ACCT-991".into(),
        due,
        memo: Some("January & co".into()),
    }
}

fn by_address(name: &str) -> PayeeRef {
    PayeeRef::Address(Box::new(payee_address(name)))
}

fn intra_sync(acct: AccountRef, token: SyncToken) -> RequestBody {
    transfer_sync(&acct, &token, false, false).unwrap()
}

fn changes(m: &MoneyRecords) -> Vec<(&'static str, String)> {
    m.transfers.iter().map(|t| (t.change.name(), t.trnuid.clone())).collect()
}

/// A raw XFERINFO (for what the client's own checks refuse to build).
fn xferinfo(from: BankAcctFrom, to: BankAcctFrom, amount: &str) -> XferInfo {
    XferInfo {
        bankacctfrom: Some(Box::new(from)),
        bankacctto: Some(Box::new(to)),
        trnamt: Some(dec(amount)),
        ..Default::default()
    }
}

fn acct(bank: &str, id: &str, ty: &str) -> BankAcctFrom {
    BankAcctFrom { bankid: Some(bank.into()), acctid: Some(id.into()), accttype: Some(ty.into()), ..Default::default() }
}

// ---------------------------------------------------------------------------------------------
// Transfers
// ---------------------------------------------------------------------------------------------

#[test]
fn transfer_posted_now_and_scheduled() {
    for v in [102, 160, 211, 220] {
        let fi = fi();
        let label = |s: &str| format!("{s} {v}");
        let a = one(&fi, &label("now"), v, transfer(&spec(checking(), savings(), "25.00", None)).unwrap(), "t-now");
        let id_now = ok_transfer(&a);
        let t = a.transfer();
        assert_eq!((t.change, t.interbank, t.in_sync), (Change::Added, false, false));
        assert_eq!(t.trnuid, "t-now");
        assert_eq!(t.currency.as_deref(), Some("USD"));
        assert_eq!(t.amount(), Some(dec("25.00")));
        assert!(String::from_utf8_lossy(&a.raw).contains("<TRNAMT>25.00"), "the amount echoed as sent");
        assert_eq!(t.from_account().as_deref(), Some("077700077:1000123456"));
        assert_eq!(t.to_account().as_deref(), Some("077700077:1000654321"));
        assert_eq!(prc(t), "POSTEDON");
        assert_eq!(t.posted.map(|p| p.unix_seconds), Some(clock()), "posted at the FI's now");
        assert!(t.projected.is_none());
        assert!(id_now.len() <= 10 && !id_now.is_empty(), "SRVRTID fits A-10: {id_now}");

        let a = one(
            &fi,
            &label("later"),
            v,
            transfer(&spec(checking(), savings(), "40.00", Some(future()))).unwrap(),
            "t-later",
        );
        let id_later = ok_transfer(&a);
        let t = a.transfer();
        assert_eq!(prc(t), "WILLPROCESSON");
        assert_eq!(t.projected.map(|p| p.unix_seconds), Some(future().unix_seconds), "DTXFERPRJ is the due date");
        assert_eq!(
            t.process_status.as_ref().and_then(|p| p.dtxferprc).map(|d| d.unix_seconds),
            Some(future().unix_seconds)
        );
        assert!(t.posted.is_none());
        assert_eq!(t.due().map(|d| d.unix_seconds), Some(future().unix_seconds), "XFERINFO echoed with DTDUE");
        assert_ne!(id_now, id_later, "server ids are unique");

        // Due today or in the past: posted at once.
        for (what, due) in [("today", day(2026, 1, 5)), ("past", day(2025, 12, 1))] {
            let a = one(&fi, &label(what), v, transfer(&spec(savings(), checking(), "1.50", Some(due))).unwrap(), what);
            ok_transfer(&a);
            assert_eq!(prc(a.transfer()), "POSTEDON", "{what}");
        }
        // To the credit card: an intrabank transfer too.
        let a = one(&fi, &label("card"), v, transfer(&spec(checking(), card(), "99.99", None)).unwrap(), "t-card");
        ok_transfer(&a);
        assert_eq!(a.transfer().to_account().as_deref(), Some(CARD));
    }
}

#[test]
fn transfer_refusals() {
    let fi = fi();
    for v in [102, 220] {
        let l = |s: &str| format!("{s} {v}");
        let run = |label: &str, body: RequestBody, want: i64| {
            let a = one(&fi, &l(label), v, body, label);
            let msg = refused(&a, want);
            assert!(!msg.is_empty(), "{label}: a message says why");
            msg
        };
        let raw = |x: XferInfo| RequestBody::Transfer(IntraRq { xferinfo: Some(Box::new(x)) });
        let m = run("unknown source", transfer(&spec(bank("1999", "CHECKING"), savings(), "5", None)).unwrap(), 2003);
        assert!(m.contains("1999"), "{m}");
        // Another user's account.
        run("foreign source", transfer(&spec(bank("2000111111", "CHECKING"), savings(), "5", None)).unwrap(), 2003);
        // Right number, wrong type.
        run("wrong type", transfer(&spec(bank(CHECKING, "SAVINGS"), savings(), "5", None)).unwrap(), 2003);
        run("card source", transfer(&spec(card(), checking(), "5", None)).unwrap(), 2008);
        run("unknown destination", transfer(&spec(checking(), bank("777", "SAVINGS"), "5", None)).unwrap(), 2009);
        let m = run(
            "intrabank to another bank",
            raw(xferinfo(acct(BANK, CHECKING, "CHECKING"), acct("999888777", "EXT-42", "CHECKING"), "5")),
            2009,
        );
        assert!(m.contains("INTERRQ"), "{m}");
        run("to itself", raw(xferinfo(acct(BANK, CHECKING, "CHECKING"), acct(BANK, CHECKING, "CHECKING"), "5")), 2011);
        for amount in ["0.00", "-5.00"] {
            run(
                &format!("amount {amount}"),
                raw(xferinfo(acct(BANK, CHECKING, "CHECKING"), acct(BANK, SAVINGS, "SAVINGS"), amount)),
                2012,
            );
        }
        let m = run("sub-cent", transfer(&spec(checking(), savings(), "1.005", None)).unwrap(), 2012);
        assert!(m.contains("two decimals"), "{m}");
        let m = run("too much", transfer(&spec(checking(), savings(), "9999999.00", None)).unwrap(), 10504);
        assert!(m.contains("insufficient funds"), "{m}");
        let inter_here = RequestBody::InterbankTransfer(InterRq {
            xferinfo: Some(Box::new(xferinfo(acct(BANK, CHECKING, "CHECKING"), acct(BANK, SAVINGS, "SAVINGS"), "5"))),
        });
        let m = run("interbank to this bank", inter_here, 2011);
        assert!(m.contains("INTRARQ"), "{m}");
    }
    // Nothing moved.
    let (lines, ledger) = checking_statement(&fi, "after refusals", 220);
    assert!(lines.iter().all(|(f, ..)| !f.ends_with("-D")), "no transfer posted: {lines:?}");
    assert_eq!(ledger, dec("54442.23"));
}

#[test]
fn modify_and_cancel() {
    for v in [102, 220] {
        let fi = fi();
        let l = |s: &str| format!("{s} {v}");
        let sched = ok_transfer(&one(
            &fi,
            &l("schedule"),
            v,
            transfer(&spec(checking(), savings(), "40", Some(future()))).unwrap(),
            "s1",
        ));
        let later = day(2026, 2, 15);
        let a = one(
            &fi,
            &l("modify"),
            v,
            transfer_modify(&sched, &spec(checking(), savings(), "30.00", Some(later))).unwrap(),
            "m1",
        );
        let t = a.transfer();
        assert_eq!((code(&t.status), t.change), (0, Change::Modified));
        assert_eq!(t.transfer_id.as_deref(), Some(sched.as_str()));
        assert_eq!(t.amount(), Some(dec("30.00")));
        assert_eq!(t.due().map(|d| d.unix_seconds), Some(later.unix_seconds));
        assert_eq!(prc(t), "WILLPROCESSON");
        // A new destination is fine; a new source is not; it must stay scheduled.
        let a = one(
            &fi,
            &l("new destination"),
            v,
            transfer_modify(&sched, &spec(checking(), card(), "30.00", Some(later))).unwrap(),
            "m2",
        );
        assert_eq!(a.transfer().to_account().as_deref(), Some(CARD));
        let a = one(
            &fi,
            &l("new source"),
            v,
            transfer_modify(&sched, &spec(savings(), checking(), "30.00", Some(later))).unwrap(),
            "m3",
        );
        refused(&a, 10506);
        let a = one(
            &fi,
            &l("due now"),
            v,
            transfer_modify(&sched, &spec(checking(), savings(), "30.00", None)).unwrap(),
            "m4",
        );
        refused(&a, 2014);
        let a = one(
            &fi,
            &l("bad amount"),
            v,
            transfer_modify(&sched, &spec(checking(), bank("404", "SAVINGS"), "30.00", Some(later))).unwrap(),
            "m5",
        );
        refused(&a, 2009);
        // Cancel, then nothing more.
        let a = one(&fi, &l("cancel"), v, transfer_cancel(&sched, false).unwrap(), "c1");
        let t = a.transfer();
        assert_eq!((code(&t.status), t.change), (0, Change::Cancelled));
        assert_eq!(t.transfer_id.as_deref(), Some(sched.as_str()));
        let m = refused(&one(&fi, &l("cancel again"), v, transfer_cancel(&sched, false).unwrap(), "c2"), 2017);
        assert!(m.contains("cancelled"), "{m}");
        refused(
            &one(
                &fi,
                &l("modify cancelled"),
                v,
                transfer_modify(&sched, &spec(checking(), savings(), "1", Some(later))).unwrap(),
                "m6",
            ),
            2017,
        );
        // A posted transfer cannot change.
        let posted = ok_transfer(&one(
            &fi,
            &l("posted"),
            v,
            transfer(&spec(checking(), savings(), "12.00", None)).unwrap(),
            "p1",
        ));
        let m = refused(
            &one(
                &fi,
                &l("modify posted"),
                v,
                transfer_modify(&posted, &spec(checking(), savings(), "13.00", Some(later))).unwrap(),
                "m7",
            ),
            2016,
        );
        assert!(m.contains("posted"), "{m}");
        refused(&one(&fi, &l("cancel posted"), v, transfer_cancel(&posted, false).unwrap(), "c3"), 2016);
        // Unknown ids, and an intrabank id used as an interbank one.
        let m = refused(&one(&fi, &l("unknown"), v, transfer_cancel("T999999", false).unwrap(), "c4"), 2018);
        assert!(m.contains("T999999"), "{m}");
        refused(&one(&fi, &l("wrong kind"), v, transfer_cancel(&posted, true).unwrap(), "c5"), 2018);
    }
}

#[test]
fn interbank_transfers() {
    for v in [102, 220] {
        let fi = fi();
        let l = |s: &str| format!("{s} {v}");
        let s = spec(checking(), external(), "100.00", None);
        assert!(s.is_interbank());
        let a = one(&fi, &l("interbank now"), v, transfer(&s).unwrap(), "i1");
        let id = ok_transfer(&a);
        let t = a.transfer();
        assert!(t.interbank);
        assert_eq!(prc(t), "POSTEDON");
        assert_eq!(t.to_account().as_deref(), Some("999888777:EXT-42"));
        assert_eq!(t.refnum.as_deref(), Some(format!("SBX-{id}").as_str()));
        assert!(a.doc.path("INTERXFERMSGSRSV1/INTERTRNRS/INTERRS").is_some());
        // The source account is debited; nothing else at this bank moves.
        let (lines, ledger) = checking_statement(&fi, &l("after interbank"), v);
        assert!(lines.contains(&(format!("{id}-D"), dec("-100.00"), "Interbank transfer".into())), "{lines:?}");
        assert_eq!(ledger, dec("54342.23"));
        // Scheduled: modify and cancel.
        let s = spec(checking(), external(), "50.00", Some(future()));
        let id = ok_transfer(&one(&fi, &l("interbank later"), v, transfer(&s).unwrap(), "i2"));
        assert!(id.starts_with('X'), "{id}");
        let a = one(
            &fi,
            &l("interbank modify"),
            v,
            transfer_modify(&id, &spec(checking(), external(), "55.00", Some(future()))).unwrap(),
            "i3",
        );
        assert_eq!((a.transfer().change, a.transfer().amount()), (Change::Modified, Some(dec("55.00"))));
        assert!(a.transfer().interbank);
        let a = one(&fi, &l("interbank cancel"), v, transfer_cancel(&id, true).unwrap(), "i4");
        assert_eq!(a.transfer().change, Change::Cancelled);
        refused(&one(&fi, &l("interbank id as intrabank"), v, transfer_cancel(&id, false).unwrap(), "i5"), 2018);
    }
}

#[test]
fn statements_reflect_a_posted_transfer() {
    for v in [102, 220] {
        let fi = fi();
        let l = |s: &str| format!("{s} {v}");
        let (before, ledger_before) = checking_statement(&fi, &l("before"), v);
        // The transfer and the statements in one document: answered in order, so the statements show it.
        let a = send(
            &fi,
            &l("transfer then statements"),
            v,
            &[
                item(transfer(&spec(checking(), savings(), "250.00", None)).unwrap(), "x1"),
                item(stmt_rq(CHECKING, "CHECKING"), "s1"),
                item(stmt_rq(SAVINGS, "SAVINGS"), "s2"),
            ],
        );
        let id = a.m.transfers[0].transfer_id.clone().unwrap();
        let (chk, chk_ledger) = statement(&a, 0);
        let (sav, sav_ledger) = statement(&a, 1);
        assert_eq!(chk.len(), before.len() + 1);
        assert!(chk.contains(&(format!("{id}-D"), dec("-250.00"), format!("Transfer to {SAVINGS}"))), "{chk:?}");
        assert!(sav.contains(&(format!("{id}-C"), dec("250.00"), format!("Transfer from {CHECKING}"))), "{sav:?}");
        assert_eq!(chk_ledger, ledger_before - dec("250.00"));
        assert_eq!(sav_ledger, dec("17391.65") + dec("250.00"));
        // The statement's DTEND (none asked) covers the new transaction.
        let end = a.doc.path("BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/DTEND").and_then(|n| n.text()).unwrap();
        assert!(end >= "20260105", "{end}");
        // A scheduled transfer moves nothing yet.
        ok_transfer(&one(
            &fi,
            &l("scheduled"),
            v,
            transfer(&spec(checking(), savings(), "70.00", Some(future()))).unwrap(),
            "x2",
        ));
        assert_eq!(checking_statement(&fi, &l("after scheduled"), v).1, chk_ledger);
        // To the card: a PAYMENT credit on the card statement.
        let id =
            ok_transfer(&one(&fi, &l("to card"), v, transfer(&spec(checking(), card(), "80.00", None)).unwrap(), "x3"));
        let cc = RequestBody::CreditCardStatement(CcStmtRq {
            ccacctfrom: Some(Box::new(CcAcctFrom { acctid: Some(CARD.into()), acctkey: None })),
            inctran: Some(Box::new(IncTran {
                dtstart: Some(day(2026, 1, 1)),
                include: Some(true),
                ..Default::default()
            })),
            ..Default::default()
        });
        let (card_lines, _) = statement(&one(&fi, &l("card statement"), v, cc, "cc"), 0);
        assert_eq!(card_lines, [(format!("{id}-C"), dec("80.00"), format!("Transfer from {CHECKING}"))]);
    }
}

#[test]
fn transfer_to_a_loan_at_2x() {
    let fi = fi();
    let id = ok_transfer(&one(&fi, "to loan", 220, transfer(&spec(checking(), loan(), "500.00", None)).unwrap(), "ln"));
    let rq = RequestBody::LoanStatement(LoanStmtRq {
        loanacctfrom: Some(Box::new(LoanAcctFrom { loanacctid: Some(LOAN.into()), loanaccttype: Some("AUTO".into()) })),
        inctran: Some(Box::new(IncTran { dtstart: Some(day(2026, 1, 1)), include: Some(true), ..Default::default() })),
        ..Default::default()
    });
    let a = one(&fi, "loan statement", 220, rq, "ls");
    let mut fitids = Vec::new();
    a.doc.root().find_all(ids::FITID, &mut fitids);
    let fitids: Vec<&str> = fitids.iter().filter_map(|n| n.text()).collect();
    assert_eq!(fitids, [format!("{id}-C")], "the principal payment is the only loan transaction of 2026");
    // A loan cannot be a source (XFERSRC N).
    refused(&one(&fi, "from loan", 220, transfer(&spec(loan(), checking(), "5", None)).unwrap(), "ln2"), 2008);
    // 1.x sync leaves the loan transfer out (LOANACCTTO exists at 2.x only); 2.x shows it.
    let s1 = one(&fi, "sync 1.x", 160, intra_sync(checking(), SyncToken::Full), "");
    assert!(s1.m.transfers.is_empty(), "{:?}", s1.m.transfers);
    let s2 = one(&fi, "sync 2.x", 220, intra_sync(checking(), SyncToken::Full), "");
    assert_eq!(s2.m.transfers.len(), 1);
    assert_eq!(s1.token(), s2.token());
}

// ---------------------------------------------------------------------------------------------
// Idempotency, lost answers
// ---------------------------------------------------------------------------------------------

#[test]
fn repeated_trnuid_gets_the_stored_answer() {
    for v in [102, 220] {
        let fi = fi();
        let l = |s: &str| format!("{s} {v}");
        let body = document(v, &[item(transfer(&spec(checking(), savings(), "33.00", None)).unwrap(), "same-uid")]);
        let first = send_raw(&fi, &l("first"), &body);
        let second = send_raw(&fi, &l("second"), &body);
        let (a, b) = (first.transfer(), second.transfer());
        assert_eq!(a.transfer_id, b.transfer_id, "same SRVRTID");
        assert_eq!(a, b, "the same answer");
        assert_eq!(prc(b), "POSTEDON");
        // One transfer: one record in the history, one posting in each account.
        let s = one(&fi, &l("history"), v, intra_sync(checking(), SyncToken::Full), "");
        assert_eq!(changes(&s.m), [("added", "same-uid".to_string())]);
        let (lines, ledger) = checking_statement(&fi, &l("statement"), v);
        let id = a.transfer_id.clone().unwrap();
        assert_eq!(lines.iter().filter(|(f, ..)| f.starts_with(&id)).count(), 1, "{lines:?}");
        assert_eq!(ledger, dec("54442.23") - dec("33.00"));
        // A refusal is stored as well: the same TRNUID gets the same refusal.
        let bad = document(v, &[item(transfer_cancel("T424242", false).unwrap(), "bad-uid")]);
        let r1 = send_raw(&fi, &l("refused once"), &bad);
        let r2 = send_raw(&fi, &l("refused twice"), &bad);
        assert_eq!(r1.transfer(), r2.transfer());
        // The TRNUID of the transfer reused for a payment: 2019, nothing done.
        let p = pay(by_address("Reuse Inc"), None, "10.00", future());
        let a = one(&fi, &l("reuse"), v, payment(&p).unwrap(), "same-uid");
        let m = refused(&a, 2019);
        assert!(m.contains("same-uid"), "{m}");
        let s = one(&fi, &l("payments"), v, payment_sync(&checking(), &SyncToken::Full, false).unwrap(), "");
        assert!(s.m.payments.is_empty());
        // Modifications and cancellations are idempotent too.
        let id = ok_transfer(&one(
            &fi,
            &l("sched"),
            v,
            transfer(&spec(checking(), savings(), "5", Some(future()))).unwrap(),
            "u1",
        ));
        let cancel = document(v, &[item(transfer_cancel(&id, false).unwrap(), "u2")]);
        let c1 = send_raw(&fi, &l("cancel"), &cancel);
        let c2 = send_raw(&fi, &l("cancel repeated"), &cancel);
        assert_eq!((code(&c1.transfer().status), code(&c2.transfer().status)), (0, 0), "not 2017 the second time");
    }
}

#[test]
fn a_dropped_answer_is_still_committed() {
    let fi = fi();
    let body = document(211, &[item(transfer(&spec(checking(), savings(), "44.00", None)).unwrap(), "lost-1")]);
    fi.drop_answer_for_trnuid(Some("lost-1".into()));
    let a = send_raw(&fi, "dropped", &body);
    assert!(a.m.transfers.is_empty(), "no answer for lost-1");
    assert!(a.doc.path("BANKMSGSRSV1").is_none());
    fi.drop_answer_for_trnuid(None);
    // The transfer was made.
    let (lines, _) = checking_statement(&fi, "after the lost answer", 211);
    let made: Vec<_> = lines.iter().filter(|(_, amt, _)| *amt == dec("-44.00")).collect();
    assert_eq!(made.len(), 1, "{lines:?}");
    // Asking again with the same TRNUID: the stored answer, nothing done twice.
    let again = send_raw(&fi, "asked again", &body);
    let t = again.transfer();
    assert_eq!((code(&t.status), t.trnuid.as_str()), (0, "lost-1"));
    assert_eq!(Some(format!("{}-D", t.transfer_id.clone().unwrap())), made.first().map(|m| m.0.clone()));
    let (lines, _) = checking_statement(&fi, "after asking again", 211);
    assert_eq!(lines.iter().filter(|(_, amt, _)| *amt == dec("-44.00")).count(), 1);
}

#[test]
fn reorder_hook_keeps_the_bill_pay_order() {
    let fi = fi();
    fi.set_reorder_answers(true);
    let items = [
        item(payee_add(&PayeeSpec { payee: by_address("Order Co"), pay_accounts: vec!["A-1".into()] }).unwrap(), "o1"),
        item(payment(&pay(PayeeRef::StandardId("SBX-POWER".into()), None, "10", future())).unwrap(), "o2"),
        item(payment(&pay(PayeeRef::StandardId("SBX-WATER".into()), None, "11", future())).unwrap(), "o3"),
        item(transfer(&spec(checking(), savings(), "1", None)).unwrap(), "o4"),
        item(transfer(&spec(checking(), savings(), "2", None)).unwrap(), "o5"),
    ];
    for v in [102, 220] {
        let items: Vec<RequestItem> =
            items.iter().map(|i| RequestItem { trnuid: format!("{}-{v}", i.trnuid), ..i.clone() }).collect();
        let a = send(&fi, &format!("reordered {v}"), v, &items);
        let uids: Vec<_> = a.m.transfers.iter().map(|t| t.trnuid.clone()).collect();
        assert_eq!(uids, [format!("o5-{v}"), format!("o4-{v}")]);
        let uids: Vec<_> = a.m.payments.iter().map(|t| t.trnuid.clone()).collect();
        assert_eq!(uids, [format!("o3-{v}"), format!("o2-{v}")]);
        let text = String::from_utf8_lossy(&a.raw);
        assert!(text.find("<PAYEETRNRS>") < text.find("<PMTTRNRS>"), "payee answers first");
    }
}

// ---------------------------------------------------------------------------------------------
// Bill payment
// ---------------------------------------------------------------------------------------------

#[test]
fn payments_by_address_list_id_and_payee_id() {
    for v in [102, 220] {
        let fi = fi();
        let l = |s: &str| format!("{s} {v}");
        // A new address: a new payee list entry, in the PMTRS.
        let a = one(
            &fi,
            &l("by address"),
            v,
            payment(&pay(by_address("Acme & Sons"), None, "120.00", future())).unwrap(),
            "p1",
        );
        let p = a.payment();
        assert_eq!((code(&p.status), p.change), (0, Change::Added));
        let list_id = p.payee_list_id.clone().expect("PAYEELSTID");
        assert!(list_id.len() <= 12, "{list_id}");
        let pid = p.payment_id.clone().expect("SRVRTID");
        assert_eq!(p.currency.as_deref(), Some("USD"));
        assert_eq!(pmt_prc(p), "WILLPROCESSON");
        let info = p.info.as_ref().unwrap();
        assert_eq!(info.payeelstid.as_deref(), Some(list_id.as_str()), "PMTINFO carries the list id");
        assert_eq!(info.trnamt, Some(dec("120.00")));
        assert_eq!(info.memo.as_deref(), Some("January & co"));
        assert_eq!(p.extended_payee.as_ref().and_then(|e| e.daystopay), Some(5));
        // The payee list has it, set up by p1.
        let s = one(&fi, &l("payees"), v, payee_sync(&SyncToken::Full, false), "");
        assert_eq!(s.m.payees.len(), 1);
        assert_eq!((s.m.payees[0].change, s.m.payees[0].trnuid.as_str()), (Change::Added, "p1"));
        assert_eq!(s.m.payees[0].payee_list_id.as_deref(), Some(list_id.as_str()));
        assert_eq!(s.m.payees[0].payee.as_ref().and_then(|p| p.name.as_deref()), Some("Acme & Sons"));
        // The same address again, and by list id: the same entry.
        let a = one(
            &fi,
            &l("same address"),
            v,
            payment(&pay(by_address("Acme & Sons"), None, "1.00", future())).unwrap(),
            "p2",
        );
        assert_eq!(a.payment().payee_list_id.as_deref(), Some(list_id.as_str()));
        let a = one(
            &fi,
            &l("by list id"),
            v,
            payment(&pay(by_address("Acme & Sons"), Some(&list_id), "2.00", future())).unwrap(),
            "p3",
        );
        assert_eq!(a.payment().payee_list_id.as_deref(), Some(list_id.as_str()));
        assert_ne!(a.payment().payment_id.as_deref(), Some(pid.as_str()));
        let m = refused(
            &one(
                &fi,
                &l("unknown list id"),
                v,
                payment(&pay(by_address("Acme & Sons"), Some("PL999"), "2", future())).unwrap(),
                "p4",
            ),
            10519,
        );
        assert!(m.contains("PL999"), "{m}");
        // A standard payee: the directory's name in EXTDPAYEE.
        let a = one(
            &fi,
            &l("standard"),
            v,
            payment(&pay(PayeeRef::StandardId("SBX-POWER".into()), None, "75.25", day(2026, 1, 5))).unwrap(),
            "p5",
        );
        let p = a.payment();
        assert_eq!(pmt_prc(p), "PROCESSEDON", "due today: processed at once");
        let e = p.extended_payee.as_ref().unwrap();
        assert_eq!(
            (e.payeeid.as_deref(), e.idscope.as_deref(), e.name.as_deref()),
            (Some("SBX-POWER"), Some("GLOBAL"), Some("City Power & Light"))
        );
        assert_ne!(p.payee_list_id.as_deref(), Some(list_id.as_str()));
        refused(
            &one(
                &fi,
                &l("unknown payee id"),
                v,
                payment(&pay(PayeeRef::StandardId("NOPE".into()), None, "1", future())).unwrap(),
                "p6",
            ),
            10510,
        );
        // The processed payment debited checking; the scheduled ones did not.
        let (lines, ledger) = checking_statement(&fi, &l("statement"), v);
        let pid5 = p.payment_id.clone().unwrap();
        assert!(lines.contains(&(format!("{pid5}-D"), dec("-75.25"), "City Power & Light".into())), "{lines:?}");
        assert_eq!(ledger, dec("54442.23") - dec("75.25"));
        // Payment refusals.
        let mut bad = pay(by_address("X"), None, "1", future());
        bad.from = bank("1234", "CHECKING");
        refused(&one(&fi, &l("unknown account"), v, payment(&bad).unwrap(), "p7"), 2003);
        refused(
            &one(
                &fi,
                &l("too much"),
                v,
                payment(&pay(by_address("X"), None, "99999999", day(2026, 1, 1))).unwrap(),
                "p8",
            ),
            10504,
        );
    }
}

#[test]
fn payment_modify_cancel_and_status() {
    for v in [102, 220] {
        let fi = fi();
        let l = |s: &str| format!("{s} {v}");
        let p = pay(by_address("Gas & Co"), None, "60.00", future());
        let a = one(&fi, &l("pay"), v, payment(&p).unwrap(), "q1");
        let id = a.payment().payment_id.clone().unwrap();
        let list_id = a.payment().payee_list_id.clone().unwrap();
        // Status.
        let a = one(&fi, &l("status"), v, payment_status(&id).unwrap(), "q2");
        let s = a.payment();
        assert_eq!((code(&s.status), s.change, pmt_prc(s)), (0, Change::Status, "WILLPROCESSON".into()));
        assert_eq!(s.payment_id.as_deref(), Some(id.as_str()));
        refused(&one(&fi, &l("status unknown"), v, payment_status("P000999").unwrap(), "q3"), 2018);
        // Modify.
        let later = day(2026, 2, 20);
        let m = PaymentSpec { amount: dec("65.00"), due: later, payee_list_id: Some(list_id.clone()), ..p.clone() };
        let a = one(&fi, &l("modify"), v, payment_modify(&id, &m).unwrap(), "q4");
        let r = a.payment();
        assert_eq!((code(&r.status), r.change), (0, Change::Modified));
        assert_eq!(r.info.as_ref().and_then(|i| i.trnamt), Some(dec("65.00")));
        assert_eq!(r.info.as_ref().and_then(|i| i.dtdue).map(|d| d.unix_seconds), Some(later.unix_seconds));
        assert_eq!(pmt_prc(r), "WILLPROCESSON");
        let other = PaymentSpec { payee: by_address("Someone Else"), payee_list_id: None, ..m.clone() };
        refused(&one(&fi, &l("other payee"), v, payment_modify(&id, &other).unwrap(), "q5"), 10505);
        let now = PaymentSpec { due: day(2026, 1, 2), ..m.clone() };
        refused(&one(&fi, &l("due now"), v, payment_modify(&id, &now).unwrap(), "q6"), 2014);
        let from_savings = PaymentSpec { from: savings(), ..m.clone() };
        refused(&one(&fi, &l("other source"), v, payment_modify(&id, &from_savings).unwrap(), "q7"), 10506);
        // Cancel.
        let a = one(&fi, &l("cancel"), v, payment_cancel(&id).unwrap(), "q8");
        assert_eq!((a.payment().change, a.payment().payment_id.as_deref()), (Change::Cancelled, Some(id.as_str())));
        let a = one(&fi, &l("status cancelled"), v, payment_status(&id).unwrap(), "q9");
        assert_eq!(pmt_prc(a.payment()), "CANCELEDON");
        refused(&one(&fi, &l("cancel again"), v, payment_cancel(&id).unwrap(), "q10"), 2017);
        refused(&one(&fi, &l("modify cancelled"), v, payment_modify(&id, &m).unwrap(), "q11"), 2017);
        // A processed payment.
        let now_pay = pay(by_address("Gas & Co"), None, "5.00", day(2026, 1, 5));
        let a = one(&fi, &l("processed"), v, payment(&now_pay).unwrap(), "q12");
        let done = a.payment().payment_id.clone().unwrap();
        let msg = refused(&one(&fi, &l("modify processed"), v, payment_modify(&done, &m).unwrap(), "q13"), 10514);
        assert!(msg.contains("already processed"), "{msg}");
        refused(&one(&fi, &l("cancel processed"), v, payment_cancel(&done).unwrap(), "q14"), 10514);
        refused(&one(&fi, &l("cancel unknown"), v, payment_cancel("P424242").unwrap(), "q15"), 2018);
        let a = one(&fi, &l("status processed"), v, payment_status(&done).unwrap(), "q16");
        assert_eq!(pmt_prc(a.payment()), "PROCESSEDON");
    }
}

#[test]
fn payees_add_modify_delete() {
    for v in [102, 220] {
        let fi = fi();
        let l = |s: &str| format!("{s} {v}");
        let add = PayeeSpec { payee: by_address("Lawn <Care> Ltd"), pay_accounts: vec!["L-1".into()] };
        let a = one(&fi, &l("add"), v, payee_add(&add).unwrap(), "y1");
        let p = a.payee();
        assert_eq!((code(&p.status), p.change), (0, Change::Added));
        let id = p.payee_list_id.clone().unwrap();
        assert_eq!(p.payee.as_ref().and_then(|x| x.name.as_deref()), Some("Lawn <Care> Ltd"));
        assert_eq!(p.pay_accounts, ["L-1"]);
        // By standard id: the directory's address comes back.
        let std_add = PayeeSpec { payee: PayeeRef::StandardId("SBX-PHONE".into()), pay_accounts: vec![] };
        let a = one(&fi, &l("add standard"), v, payee_add(&std_add).unwrap(), "y2");
        let std_id = a.payee().payee_list_id.clone().unwrap();
        assert_ne!(std_id, id);
        assert_eq!(a.payee().payee.as_ref().and_then(|x| x.name.as_deref()), Some("Bell Téléphone Co"));
        assert_eq!(a.payee().extended_payee.as_ref().and_then(|e| e.payeeid.as_deref()), Some("SBX-PHONE"));
        refused(
            &one(
                &fi,
                &l("add unknown standard"),
                v,
                payee_add(&PayeeSpec { payee: PayeeRef::StandardId("ZZZ".into()), pay_accounts: vec![] }).unwrap(),
                "y3",
            ),
            10510,
        );
        // Modify.
        let new_addr = payee_address("Lawn Care Ltd (new)");
        let a =
            one(&fi, &l("modify"), v, payee_modify(&id, Some(&new_addr), &["L-2".into(), "L-3".into()]).unwrap(), "y4");
        let p = a.payee();
        assert_eq!((code(&p.status), p.change), (0, Change::Modified));
        assert_eq!(p.payee.as_ref().and_then(|x| x.name.as_deref()), Some("Lawn Care Ltd (new)"));
        assert_eq!(p.pay_accounts, ["L-2", "L-3"]);
        let a =
            one(&fi, &l("modify standard accounts"), v, payee_modify(&std_id, None, &["PH-9".into()]).unwrap(), "y5");
        assert_eq!(a.payee().pay_accounts, ["PH-9"]);
        refused(
            &one(&fi, &l("modify standard address"), v, payee_modify(&std_id, Some(&new_addr), &[]).unwrap(), "y6"),
            10515,
        );
        refused(
            &one(&fi, &l("modify unknown"), v, payee_modify("PL424242", None, &["A".into()]).unwrap(), "y7"),
            10519,
        );
        // Delete.
        let a = one(&fi, &l("delete"), v, payee_delete(&id).unwrap(), "y8");
        assert_eq!((a.payee().change, a.payee().payee_list_id.as_deref()), (Change::Deleted, Some(id.as_str())));
        refused(&one(&fi, &l("delete again"), v, payee_delete(&id).unwrap(), "y9"), 10519);
        refused(
            &one(
                &fi,
                &l("pay deleted"),
                v,
                payment(&pay(by_address("Lawn Care Ltd (new)"), Some(&id), "3", future())).unwrap(),
                "y10",
            ),
            10519,
        );
        // The payee history: every change in order, with its kind and TRNUID.
        let s = one(&fi, &l("payee sync"), v, payee_sync(&SyncToken::Full, false), "");
        let got: Vec<_> = s.m.payees.iter().map(|p| (p.change.name(), p.trnuid.as_str())).collect();
        assert_eq!(got, [("added", "y1"), ("added", "y2"), ("modified", "y4"), ("modified", "y5"), ("deleted", "y8")]);
        assert!(s.m.payees.iter().all(|p| p.in_sync && p.status.ok()));
        // REFRESH: the live list only.
        let r = one(&fi, &l("payee refresh"), v, payee_sync(&SyncToken::Refresh, false), "");
        assert_eq!(r.m.payees.len(), 1);
        assert_eq!(
            (r.m.payees[0].change, r.m.payees[0].payee_list_id.as_deref()),
            (Change::Added, Some(std_id.as_str()))
        );
        assert_eq!(r.m.payees[0].pay_accounts, ["PH-9"]);
        assert_eq!(r.token(), s.token());
    }
}

// ---------------------------------------------------------------------------------------------
// Synchronization
// ---------------------------------------------------------------------------------------------

#[test]
fn sync_from_zero_then_from_the_token() {
    for v in [102, 220] {
        let fi = fi();
        let l = |s: &str| format!("{s} {v}");
        let empty = one(&fi, &l("empty"), v, intra_sync(checking(), SyncToken::Full), "");
        assert_eq!((empty.token(), empty.sync().lost_sync), ("0".to_string(), false));
        assert!(empty.m.transfers.is_empty());
        let a = ok_transfer(&one(
            &fi,
            &l("a"),
            v,
            transfer(&spec(checking(), savings(), "10", Some(future()))).unwrap(),
            "e1",
        ));
        one(
            &fi,
            &l("a mod"),
            v,
            transfer_modify(&a, &spec(checking(), savings(), "11", Some(future()))).unwrap(),
            "e2",
        );
        ok_transfer(&one(&fi, &l("b"), v, transfer(&spec(checking(), card(), "12", None)).unwrap(), "e3"));
        one(&fi, &l("a cancel"), v, transfer_cancel(&a, false).unwrap(), "e4");
        // Other histories do not mix in: savings' transfers, interbank ones, refusals.
        ok_transfer(&one(&fi, &l("from savings"), v, transfer(&spec(savings(), checking(), "1", None)).unwrap(), "e5"));
        ok_transfer(&one(&fi, &l("interbank"), v, transfer(&spec(checking(), external(), "1", None)).unwrap(), "e6"));
        refused(&one(&fi, &l("refused"), v, transfer_cancel(&a, false).unwrap(), "e7"), 2017);

        let s = one(&fi, &l("from 0"), v, intra_sync(checking(), SyncToken::Full), "");
        let want = [("added", "e1"), ("modified", "e2"), ("added", "e3"), ("cancelled", "e4")];
        let got: Vec<(&str, &str)> = s.m.transfers.iter().map(|t| (t.change.name(), t.trnuid.as_str())).collect();
        assert_eq!(got, want);
        assert!(s.m.transfers.iter().all(|t| t.in_sync && t.status.ok() && !t.interbank));
        assert_eq!(s.m.transfers[1].amount(), Some(dec("11")), "the modification's XFERINFO");
        assert_eq!(s.m.transfers[0].amount(), Some(dec("10")), "the add as it was");
        assert_eq!(s.m.transfers[3].transfer_id.as_deref(), Some(a.as_str()));
        assert!(!s.sync().lost_sync);
        assert_eq!(s.sync().tag, "INTRASYNCRS");
        assert!(s.doc.path("BANKMSGSRSV1/INTRASYNCRS/BANKACCTFROM").is_some(), "the account is echoed");
        let token = s.token();
        assert!(token.parse::<u64>().is_ok() && token.len() <= 10, "{token}");
        // Nothing since: no records, the same token.
        let s2 = one(&fi, &l("since token"), v, intra_sync(checking(), SyncToken::Since(token.clone())), "");
        assert!(s2.m.transfers.is_empty());
        assert_eq!((s2.token(), s2.sync().lost_sync), (token.clone(), false));
        // One more change: only it.
        ok_transfer(&one(&fi, &l("c"), v, transfer(&spec(checking(), savings(), "13", None)).unwrap(), "e8"));
        let s3 = one(&fi, &l("since token again"), v, intra_sync(checking(), SyncToken::Since(token.clone())), "");
        assert_eq!(changes(&s3.m), [("added", "e8".to_string())]);
        assert_ne!(s3.token(), token);
        // A middle token gives what came after it.
        let mid = one(&fi, &l("mid"), v, intra_sync(checking(), SyncToken::Since(s3.token())), "");
        assert!(mid.m.transfers.is_empty());
        // The interbank history of the same account.
        let i =
            one(&fi, &l("interbank sync"), v, transfer_sync(&checking(), &SyncToken::Full, false, true).unwrap(), "");
        assert_eq!(i.sync().tag, "INTERSYNCRS");
        assert_eq!(changes(&i.m), [("added", "e6".to_string())]);
        assert!(i.m.transfers[0].interbank);
        // TOKENONLY: the current token only.
        let tok = RequestBody::TransferSync(IntraSyncRq {
            tokenonly: Some(true),
            rejectifmissing: Some(false),
            bankacctfrom: Some(Box::new(acct(BANK, CHECKING, "CHECKING"))),
            ..Default::default()
        });
        let t = one(&fi, &l("token only"), v, tok, "");
        assert!(t.m.transfers.is_empty());
        assert_eq!(t.token(), s3.token());
    }
}

#[test]
fn refresh_gives_one_record_per_live_transfer() {
    for v in [102, 220] {
        let fi = fi();
        let l = |s: &str| format!("{s} {v}");
        let id = ok_transfer(&one(
            &fi,
            &l("add"),
            v,
            transfer(&spec(checking(), savings(), "10.00", Some(future()))).unwrap(),
            "r0",
        ));
        for (k, amount) in ["11.00", "12.00", "13.00"].iter().enumerate() {
            let body = transfer_modify(&id, &spec(checking(), savings(), amount, Some(future()))).unwrap();
            one(&fi, &l(&format!("mod {k}")), v, body, &format!("r{}", k + 1));
        }
        let gone = ok_transfer(&one(
            &fi,
            &l("other"),
            v,
            transfer(&spec(checking(), savings(), "1.00", Some(future()))).unwrap(),
            "r4",
        ));
        one(&fi, &l("cancel other"), v, transfer_cancel(&gone, false).unwrap(), "r5");
        let posted = ok_transfer(&one(
            &fi,
            &l("posted"),
            v,
            transfer(&spec(checking(), savings(), "2.00", None)).unwrap(),
            "r6",
        ));
        let r = one(&fi, &l("refresh"), v, intra_sync(checking(), SyncToken::Refresh), "");
        assert!(!r.sync().lost_sync);
        let got: Vec<_> =
            r.m.transfers.iter().map(|t| (t.transfer_id.clone().unwrap(), t.change, t.trnuid.clone())).collect();
        assert_eq!(got, [(id.clone(), Change::Added, "r0".into()), (posted.clone(), Change::Added, "r6".into())]);
        let t = &r.m.transfers[0];
        assert_eq!(t.amount(), Some(dec("13.00")), "the current XFERINFO");
        assert_eq!(prc(t), "WILLPROCESSON");
        assert_eq!(prc(&r.m.transfers[1]), "POSTEDON");
        let full = one(&fi, &l("full"), v, intra_sync(checking(), SyncToken::Full), "");
        assert_eq!(full.m.transfers.len(), 7);
        assert_eq!(r.token(), full.token(), "REFRESH gives the current token");
        // Payments likewise.
        let p = pay(by_address("Refresh Co"), None, "20.00", future());
        let pid = one(&fi, &l("pay"), v, payment(&p).unwrap(), "rp1").payment().payment_id.clone().unwrap();
        let m = PaymentSpec { amount: dec("21.00"), ..p.clone() };
        one(&fi, &l("pay mod"), v, payment_modify(&pid, &m).unwrap(), "rp2");
        let r = one(&fi, &l("pay refresh"), v, payment_sync(&checking(), &SyncToken::Refresh, false).unwrap(), "");
        assert_eq!(r.m.payments.len(), 1);
        assert_eq!((r.m.payments[0].change, r.m.payments[0].trnuid.as_str()), (Change::Added, "rp1"));
        assert_eq!(r.m.payments[0].info.as_ref().and_then(|i| i.trnamt), Some(dec("21.00")));
        let s = one(&fi, &l("pay full"), v, payment_sync(&checking(), &SyncToken::Full, false).unwrap(), "");
        let got: Vec<_> = s.m.payments.iter().map(|p| (p.change.name(), p.trnuid.as_str())).collect();
        assert_eq!(got, [("added", "rp1"), ("modified", "rp2")]);
        assert_eq!(s.sync().tag, "PMTSYNCRS");
    }
}

#[test]
fn a_too_old_token_loses_sync() {
    let fi = Fi::with_config(FiConfig { clock: Some(clock()), sync_history: 3, ..FiConfig::default() });
    for v in [102, 220] {
        let l = |s: &str| format!("{s} {v}");
        let first = ok_transfer(&one(
            &fi,
            &l("first"),
            v,
            transfer(&spec(checking(), savings(), "1", Some(future()))).unwrap(),
            &format!("{v}-k0"),
        ));
        let mut tokens = vec![one(&fi, &l("token 0"), v, intra_sync(checking(), SyncToken::Full), "").token()];
        for k in 1..=4 {
            let body =
                transfer_modify(&first, &spec(checking(), savings(), &format!("{}", k + 1), Some(future()))).unwrap();
            one(&fi, &l(&format!("mod {k}")), v, body, &format!("{v}-k{k}"));
            tokens.push(one(&fi, &l(&format!("token {k}")), v, intra_sync(checking(), SyncToken::Full), "").token());
        }
        // Only the last 3 events are kept (modifications 2, 3, 4).
        let full = one(&fi, &l("full"), v, intra_sync(checking(), SyncToken::Full), "");
        let uids: Vec<_> = full.m.transfers.iter().map(|t| t.trnuid.clone()).collect();
        assert_eq!(uids, [format!("{v}-k2"), format!("{v}-k3"), format!("{v}-k4")]);
        assert!(!full.sync().lost_sync);
        assert_eq!(full.token(), tokens[4]);
        let lost = one(&fi, &l("too old"), v, intra_sync(checking(), SyncToken::Since(tokens[0].clone())), "");
        assert!(lost.sync().lost_sync, "a token older than the kept history");
        assert_eq!(lost.token(), full.token());
        let cur: Vec<_> = lost.m.transfers.iter().map(|t| (t.change, t.transfer_id.clone(), t.amount())).collect();
        assert!(cur.contains(&(Change::Added, Some(first.clone()), Some(dec("5")))), "the current state: {cur:?}");
        assert!(cur.iter().all(|c| c.0 == Change::Added), "{cur:?}");
        let unknown = one(&fi, &l("unknown"), v, intra_sync(checking(), SyncToken::Since("987654321".into())), "");
        assert!(unknown.sync().lost_sync);
        let garbage = one(&fi, &l("garbage"), v, intra_sync(checking(), SyncToken::Since("abc".into())), "");
        assert!(garbage.sync().lost_sync);
        // The newest dropped event's token still works: exactly the kept events follow it.
        let edge = one(&fi, &l("edge"), v, intra_sync(checking(), SyncToken::Since(tokens[1].clone())), "");
        assert!(!edge.sync().lost_sync);
        assert_eq!(edge.m.transfers.len(), 3);
        let older = one(&fi, &l("older"), v, intra_sync(checking(), SyncToken::Since(tokens[0].clone())), "");
        assert!(older.sync().lost_sync);
        // The current token: in sync, nothing new.
        let recent = one(&fi, &l("recent"), v, intra_sync(checking(), SyncToken::Since(full.token())), "");
        assert!(!recent.sync().lost_sync && recent.m.transfers.is_empty());
    }
}

#[test]
fn tokens_are_per_account() {
    let fi = fi();
    for v in [102, 220] {
        let l = |s: &str| format!("{s} {v}");
        ok_transfer(&one(
            &fi,
            &l("from checking"),
            v,
            transfer(&spec(checking(), savings(), "3", None)).unwrap(),
            &format!("pa-{v}"),
        ));
        ok_transfer(&one(
            &fi,
            &l("from savings"),
            v,
            transfer(&spec(savings(), checking(), "4", None)).unwrap(),
            &format!("pb-{v}"),
        ));
        let c = one(&fi, &l("checking"), v, intra_sync(checking(), SyncToken::Full), "");
        let s = one(&fi, &l("savings"), v, intra_sync(savings(), SyncToken::Full), "");
        assert!(c.m.transfers.iter().all(|t| t.from_account().as_deref() == Some("077700077:1000123456")));
        assert!(s.m.transfers.iter().all(|t| t.from_account().as_deref() == Some("077700077:1000654321")));
        assert_ne!(c.token(), s.token());
        // Checking's token means nothing for savings: LOSTSYNC Y, savings' own state.
        let x = one(&fi, &l("crossed"), v, intra_sync(savings(), SyncToken::Since(c.token())), "");
        assert!(x.sync().lost_sync);
        assert_eq!(x.token(), s.token());
        // Its own token: in sync.
        let own = one(&fi, &l("own"), v, intra_sync(savings(), SyncToken::Since(s.token())), "");
        assert!(!own.sync().lost_sync && own.m.transfers.is_empty());
        // Payments and payees have their own histories too.
        let p =
            one(&fi, &l("payments"), v, payment_sync(&checking(), &SyncToken::Since(c.token()), false).unwrap(), "");
        assert!(p.sync().lost_sync);
    }
    // An account that is not the user's: one record saying so.
    let a = one(&fi, "not mine", 220, intra_sync(bank("2000111111", "CHECKING"), SyncToken::Full), "");
    assert_eq!(a.token(), "0");
    assert_eq!(a.m.transfers.len(), 1);
    assert_eq!(code(&a.m.transfers[0].status), 2003);
}

#[test]
fn sync_with_embedded_transactions_is_refused() {
    let fi = fi();
    let body = String::from_utf8(document(211, &[item(intra_sync(checking(), SyncToken::Full), "")])).unwrap();
    let inner =
        String::from_utf8(document(211, &[item(transfer(&spec(checking(), savings(), "1", None)).unwrap(), "emb")]))
            .unwrap();
    let trn = &inner[inner.find("<INTRATRNRQ>").unwrap()..inner.find("</INTRATRNRQ>").unwrap() + "</INTRATRNRQ>".len()];
    let body = body.replace("</INTRASYNCRQ>", &format!("{trn}</INTRASYNCRQ>"));
    let r = post(&fi, body.as_bytes());
    assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
    assert!(String::from_utf8_lossy(&r.body).contains("inside <INTRASYNCRQ>"));
}

#[test]
fn a_scheduled_transfer_posts_when_its_day_comes() {
    let fi = fi();
    let id = ok_transfer(&one(
        &fi,
        "schedule",
        220,
        transfer(&spec(checking(), savings(), "321.00", Some(future()))).unwrap(),
        "d1",
    ));
    let pid = one(
        &fi,
        "schedule payment",
        220,
        payment(&pay(PayeeRef::StandardId("SBX-WATER".into()), None, "45.00", future())).unwrap(),
        "d2",
    )
    .payment()
    .payment_id
    .clone()
    .unwrap();
    fi.set_clock(Some(OfxDateTime::from_ymd_hms(2026, 2, 1, 10, 0, 0, -300).unwrap().unix_seconds));
    let (lines, ledger) = checking_statement(&fi, "on the day", 220);
    assert!(lines.iter().any(|(f, a, _)| *f == format!("{id}-D") && *a == dec("-321.00")), "{lines:?}");
    assert!(lines.iter().any(|(f, a, _)| *f == format!("{pid}-D") && *a == dec("-45.00")), "{lines:?}");
    assert_eq!(ledger, dec("54442.23") - dec("321.00") - dec("45.00"));
    refused(&one(&fi, "too late to cancel", 220, transfer_cancel(&id, false).unwrap(), "d3"), 2016);
    let r = one(&fi, "refresh", 220, intra_sync(checking(), SyncToken::Refresh), "");
    assert_eq!(prc(r.transfer()), "POSTEDON");
    assert_eq!(pmt_prc(one(&fi, "status", 220, payment_status(&pid).unwrap(), "d4").payment()), "PROCESSEDON");
}

#[test]
fn hostile_amounts_and_dates_are_answered() {
    let fi = fi();
    let raw = |x: XferInfo| RequestBody::Transfer(IntraRq { xferinfo: Some(Box::new(x)) });
    let huge = "9999999999999999.99";
    let now = raw(xferinfo(acct(BANK, CHECKING, "CHECKING"), acct(BANK, SAVINGS, "SAVINGS"), huge));
    refused(&one(&fi, "huge now", 220, now, "h1"), 10504);
    let mut later = xferinfo(acct(BANK, CHECKING, "CHECKING"), acct(BANK, SAVINGS, "SAVINGS"), huge);
    later.dtdue = Some(future());
    let id = ok_transfer(&one(&fi, "huge later", 220, raw(later), "h2"));
    let mut far = xferinfo(acct(BANK, CHECKING, "CHECKING"), acct(BANK, SAVINGS, "SAVINGS"), "1.00");
    far.dtdue = Some(day(9999, 12, 31));
    ok_transfer(&one(&fi, "far future", 220, raw(far), "h3"));
    let tiny = raw(xferinfo(
        acct(BANK, CHECKING, "CHECKING"),
        acct(BANK, SAVINGS, "SAVINGS"),
        "0.0000000000000000000000000001",
    ));
    refused(&one(&fi, "tiny", 220, tiny, "h4"), 2012);
    // The huge one comes due: refused for want of funds, nothing moves.
    fi.set_clock(Some(OfxDateTime::from_ymd_hms(2026, 3, 1, 12, 0, 0, -300).unwrap().unix_seconds));
    let r = one(&fi, "refresh", 220, intra_sync(checking(), SyncToken::Refresh), "");
    let huge_rec = r.m.transfers.iter().find(|t| t.transfer_id.as_deref() == Some(id.as_str())).unwrap();
    assert_eq!(prc(huge_rec), "NOFUNDSON");
    assert_eq!(checking_statement(&fi, "statement", 220).1, dec("54442.23"));
    refused(&one(&fi, "cancel no funds", 220, transfer_cancel(&id, false).unwrap(), "h5"), 2016);
    // What the client's own checks would refuse to write, sent anyway: answered (OFX or HTTP 400), never 500.
    let ok = document(102, &[item(transfer(&spec(checking(), savings(), "1.00", Some(future()))).unwrap(), "h6")]);
    let ok = String::from_utf8(ok).unwrap();
    for bad in [
        "79228162514264337593543950335",
        "1e9",
        "-0",
        "0.0000000000000000000000000001",
        "99999999999999999999999999999999",
    ] {
        let body = ok.replace("<TRNAMT>1.00", &format!("<TRNAMT>{bad}")).replace("h6", &format!("h6-{bad}"));
        let r = post(&fi, body.as_bytes());
        assert!(r.status == 200 || r.status == 400, "{bad}: {} {}", r.status, String::from_utf8_lossy(&r.body));
        if r.status == 200 {
            let doc = Document::parse(&r.body).unwrap();
            let m = records(&doc);
            assert!(m.transfers.iter().all(|t| t.status.code != Some(0) || t.amount().is_some()), "{bad}");
        }
    }
}

#[test]
fn every_answer_validates_at_every_version() {
    // One document of every money request the FI serves, at each version the client writes.
    for v in [102, 103, 151, 160, 200, 203, 211, 220, 230] {
        let fi = fi();
        let l = |s: &str| format!("{s} {v}");
        let sched = ok_transfer(&one(
            &fi,
            &l("t"),
            v,
            transfer(&spec(checking(), savings(), "10", Some(future()))).unwrap(),
            "v1",
        ));
        let inter = ok_transfer(&one(
            &fi,
            &l("i"),
            v,
            transfer(&spec(checking(), external(), "10", Some(future()))).unwrap(),
            "v2",
        ));
        let p = pay(by_address("Valid & Co"), None, "10", future());
        let pa = one(&fi, &l("p"), v, payment(&p).unwrap(), "v3");
        let pid = pa.payment().payment_id.clone().unwrap();
        let list = pa.payment().payee_list_id.clone().unwrap();
        let items = vec![
            item(
                payee_add(&PayeeSpec { payee: by_address("New & Co"), pay_accounts: vec!["N1".into()] }).unwrap(),
                "w1",
            ),
            item(payee_modify(&list, None, &["N2".into()]).unwrap(), "w2"),
            item(transfer_modify(&sched, &spec(checking(), savings(), "11", Some(future()))).unwrap(), "w3"),
            item(transfer_modify(&inter, &spec(checking(), external(), "11", Some(future()))).unwrap(), "w4"),
            item(payment_modify(&pid, &PaymentSpec { amount: dec("12"), ..p.clone() }).unwrap(), "w5"),
            item(payment_status(&pid).unwrap(), "w6"),
            item(transfer(&spec(checking(), savings(), "0.01", None)).unwrap(), "w7"),
            item(transfer_cancel("T999999", false).unwrap(), "w8"),
            item(intra_sync(checking(), SyncToken::Full), ""),
            item(transfer_sync(&checking(), &SyncToken::Refresh, false, true).unwrap(), ""),
            item(payment_sync(&checking(), &SyncToken::Full, false).unwrap(), ""),
            item(payee_sync(&SyncToken::Full, false), ""),
        ];
        let a = send(&fi, &l("everything"), v, &items);
        assert_eq!(a.m.syncs.len(), 4);
        assert!(a.m.transfers.len() >= 4 && a.m.payments.len() >= 2 && a.m.payees.len() >= 2);
        let cancels = vec![
            item(transfer_cancel(&sched, false).unwrap(), "x1"),
            item(transfer_cancel(&inter, true).unwrap(), "x2"),
            item(payment_cancel(&pid).unwrap(), "x3"),
            item(payee_delete(&list).unwrap(), "x4"),
            item(intra_sync(checking(), SyncToken::Full), ""),
            item(payee_sync(&SyncToken::Refresh, false), ""),
        ];
        let a = send(&fi, &l("cancels"), v, &cancels);
        assert!(a.m.transfers.iter().filter(|t| !t.in_sync).all(|t| t.change == Change::Cancelled && t.status.ok()));
    }
}

#[test]
fn describe_mentions_moving_money() {
    let d = fi().describe();
    for want in ["INTRARQ", "INTERRQ", "PMTRQ", "SBX-POWER", "TRNUID", "sync", "64"] {
        assert!(d.contains(want), "describe lacks {want:?}:\n{d}");
    }
}
