//! The sandbox FI's OFX logic, called directly through `Handler::handle` with request documents written
//! here (and in tests/fixtures/requests/). Answers are read back with the library's reader and checked
//! for real values, and every answer is run through ../shared/tools/ofx-validate (DTD for 1.x, XSD for 2.x)
//! when the tool is there (skipped, saying so, when it is not).
#![cfg(feature = "sandbox")]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use ofxkit::document::{ClosingBody, StatementBody};
use ofxkit::model::invest::{InvTransaction, Position};
use ofxkit::model::seclist::SecInfo;
use ofxkit::sandbox::fi::{Fi, FiConfig};
use ofxkit::sandbox::{Handler, HttpReply, HttpRequestInfo};
use ofxkit::{Document, ParseOptions};
use rust_decimal::Decimal;

// ---------------------------------------------------------------------------------------------
// Building requests
// ---------------------------------------------------------------------------------------------

const V1: [u16; 3] = [102, 103, 160];
const V2: [u16; 3] = [200, 211, 220];
const ALL: [u16; 6] = [102, 103, 160, 200, 211, 220];

/// The signon of a request.
#[derive(Clone)]
struct Son {
    user: &'static str,
    pass: &'static str,
    userkey: Option<String>,
    genuserkey: bool,
    fi: Option<(&'static str, &'static str)>,
    sesscookie: Option<&'static str>,
    appid: &'static str,
    appver: &'static str,
    clientuid: Option<&'static str>,
    authtoken: Option<&'static str>,
    accesskey: Option<String>,
    mfa: Vec<(&'static str, &'static str)>,
}

fn son(user: &'static str, pass: &'static str) -> Son {
    Son {
        user,
        pass,
        userkey: None,
        genuserkey: false,
        fi: Some(("ofxkit Sandbox", "7777")),
        sesscookie: None,
        appid: "QWIN",
        appver: "2700",
        clientuid: None,
        authtoken: None,
        accesskey: None,
        mfa: Vec::new(),
    }
}

fn demo() -> Son {
    son("demo", "demo-pass")
}

impl Son {
    fn xml(&self) -> String {
        let mut s = String::from("<SIGNONMSGSRQV1><SONRQ><DTCLIENT>20260105120000.000[-5:EST]</DTCLIENT>");
        match &self.userkey {
            Some(k) => s += &format!("<USERKEY>{k}</USERKEY>"),
            None => s += &format!("<USERID>{}</USERID><USERPASS>{}</USERPASS>", self.user, self.pass),
        }
        if self.genuserkey {
            s += "<GENUSERKEY>Y</GENUSERKEY>";
        }
        s += "<LANGUAGE>ENG</LANGUAGE>";
        if let Some((org, fid)) = self.fi {
            s += &format!("<FI><ORG>{org}</ORG><FID>{fid}</FID></FI>");
        }
        if let Some(c) = self.sesscookie {
            s += &format!("<SESSCOOKIE>{c}</SESSCOOKIE>");
        }
        s += &format!("<APPID>{}</APPID><APPVER>{}</APPVER>", self.appid, self.appver);
        if let Some(c) = self.clientuid {
            s += &format!("<CLIENTUID>{c}</CLIENTUID>");
        }
        if let Some(t) = self.authtoken {
            s += &format!("<AUTHTOKEN>{t}</AUTHTOKEN>");
        }
        if let Some(k) = &self.accesskey {
            s += &format!("<ACCESSKEY>{k}</ACCESSKEY>");
        }
        for (id, a) in &self.mfa {
            s += &format!(
                "<MFACHALLENGEANSWER><MFAPHRASEID>{id}</MFAPHRASEID><MFAPHRASEA>{a}</MFAPHRASEA></MFACHALLENGEANSWER>"
            );
        }
        s += "</SONRQ>";
        s
    }
}

/// Drops the end tags of leaves (SGML style): an end tag right after text.
fn sgml_leaves(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find("</") {
        let (before, after) = rest.split_at(i);
        let end = after.find('>').map(|e| e + 1).unwrap_or(after.len());
        let text_before = before.rsplit('>').next().unwrap_or("");
        out.push_str(before);
        if text_before.trim().is_empty() {
            out.push_str(&after[..end]);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// A whole request document at `v`: the signon (with `signon_extra` inside SIGNONMSGSRQV1 after SONRQ) and
/// the message sets in `body`, both written in XML form (leaf end tags dropped for 1.x).
fn request_with(v: u16, s: &Son, signon_extra: &str, body: &str) -> Vec<u8> {
    let inner = format!("<OFX>{}{signon_extra}</SIGNONMSGSRQV1>{body}</OFX>", s.xml());
    if v < 200 {
        let head = format!(
            "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:{v}\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n\
             COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
        );
        (head + &sgml_leaves(&inner).replace('>', ">\r\n").replace(">\r\n\r\n", ">\r\n")).into_bytes()
    } else {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"{v}\" \
             SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>\n{inner}\n"
        )
        .into_bytes()
    }
}

fn request(v: u16, s: &Son, body: &str) -> Vec<u8> {
    request_with(v, s, "", body)
}

fn bank_from(acct: &str, ty: &str) -> String {
    format!("<BANKACCTFROM><BANKID>077700077</BANKID><ACCTID>{acct}</ACCTID><ACCTTYPE>{ty}</ACCTTYPE></BANKACCTFROM>")
}

fn inctran(start: Option<&str>, end: Option<&str>, include: bool) -> String {
    let mut s = String::from("<INCTRAN>");
    if let Some(d) = start {
        s += &format!("<DTSTART>{d}</DTSTART>");
    }
    if let Some(d) = end {
        s += &format!("<DTEND>{d}</DTEND>");
    }
    s += if include { "<INCLUDE>Y</INCLUDE></INCTRAN>" } else { "<INCLUDE>N</INCLUDE></INCTRAN>" };
    s
}

fn stmt_trn(uid: &str, acct: &str, ty: &str, inc: &str, extra: &str) -> String {
    format!("<STMTTRNRQ><TRNUID>{uid}</TRNUID><STMTRQ>{}{inc}{extra}</STMTRQ></STMTTRNRQ>", bank_from(acct, ty))
}

fn bank(trns: &str) -> String {
    format!("<BANKMSGSRQV1>{trns}</BANKMSGSRQV1>")
}

// ---------------------------------------------------------------------------------------------
// Posting and checking answers
// ---------------------------------------------------------------------------------------------

fn http(method: &str, path: &str, body: &[u8]) -> HttpRequestInfo {
    HttpRequestInfo {
        method: method.into(),
        path: path.into(),
        headers: vec![("Host".into(), "127.0.0.1:8443".into()), ("Content-Type".into(), "application/x-ofx".into())],
        body: body.to_vec(),
        connection_id: 1,
        client_cert_subject: None,
    }
}

fn post(fi: &Fi, body: &[u8]) -> HttpReply {
    fi.handle(&http("POST", "/ofx", body))
}

fn validator() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/ofx-validate");
    p.exists().then_some(p)
}

static SEQ: AtomicUsize = AtomicUsize::new(0);

/// Runs ofx-validate on an answer (`expect_valid` false: it must be reported invalid). Skips visibly when the
/// tool or its programs are missing.
fn check_valid(label: &str, body: &[u8], expect_valid: bool) {
    let Some(tool) = validator() else {
        println!("SKIP: {label}: ../shared/tools/ofx-validate not found");
        return;
    };
    let dir = std::env::temp_dir().join(format!("ofxkit-sandbox-fi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let n = SEQ.fetch_add(1, Ordering::SeqCst);
    let safe: String = label.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let f = dir.join(format!("{n:03}-{safe}.ofx"));
    std::fs::write(&f, body).unwrap();
    let out = std::process::Command::new("bash").arg(&tool).arg(&f).output().unwrap();
    match out.status.code() {
        Some(2) => println!("SKIP: {label}: ofx-validate lacks its programs: {}", String::from_utf8_lossy(&out.stderr)),
        Some(0) => assert!(expect_valid, "{label}: expected INVALID, ofx-validate says VALID ({})", f.display()),
        _ => assert!(
            !expect_valid,
            "{label}: ofx-validate says INVALID ({}):\n{}{}",
            f.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// Posts a request, expects an OFX answer at the request's version that validates, and reads it.
fn answer(fi: &Fi, label: &str, v: u16, body: &[u8]) -> Document {
    let r = post(fi, body);
    assert_eq!(r.status, 200, "{label}: {}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.content_type, "application/x-ofx", "{label}");
    let doc = Document::parse(&r.body).unwrap_or_else(|e| panic!("{label}: answer unreadable: {e}"));
    assert_eq!(doc.version(), v, "{label}: answered at the request's version");
    assert_eq!(doc.syntax == ofxkit::document::Syntax::Xml, v >= 200, "{label}");
    assert!(doc.warnings.is_empty(), "{label}: reader warnings on the answer: {:?}", doc.warnings);
    check_valid(label, &r.body, true);
    doc
}

/// The same, also requiring the library's strict reader to accept the answer.
fn strict_answer(fi: &Fi, label: &str, v: u16, body: &[u8]) -> Document {
    let r = post(fi, body);
    assert_eq!(r.status, 200, "{label}: {}", String::from_utf8_lossy(&r.body));
    if let Err(e) = Document::parse_with(&r.body, ParseOptions { strict: true }) {
        panic!("{label}: strict reader refuses the answer: {e}\n{}", String::from_utf8_lossy(&r.body));
    }
    answer(fi, label, v, body)
}

fn bad(fi: &Fi, label: &str, body: &[u8], want: &str) {
    let r = post(fi, body);
    let text = String::from_utf8_lossy(&r.body).to_string();
    assert_eq!(r.status, 400, "{label}: expected 400, got {}: {text}", r.status);
    assert!(r.content_type.starts_with("text/plain"), "{label}");
    assert!(text.contains(want), "{label}: message {text:?} should mention {want:?}");
}

fn signon_code(doc: &Document) -> i64 {
    doc.signon.as_ref().and_then(|s| s.status.as_ref()).and_then(|s| s.code).expect("SONRS STATUS CODE")
}

fn text(doc: &Document, path: &str) -> String {
    doc.path(path).and_then(|n| n.text()).unwrap_or_else(|| panic!("no {path}")).to_string()
}

fn opt_text(doc: &Document, path: &str) -> Option<String> {
    doc.path(path).and_then(|n| n.text()).map(str::to_string)
}

/// The status code of the n-th …TRNRS of the document.
fn trn_code(doc: &Document, n: usize) -> i64 {
    doc.wrappers[n].status.as_ref().and_then(|s| s.code).expect("wrapper status")
}

fn trnuids(doc: &Document) -> Vec<String> {
    doc.wrappers.iter().map(|w| doc.opt_text(&w.trnuid).unwrap_or("").to_string()).collect()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn bank_stmt(doc: &Document, n: usize) -> &ofxkit::model::bank::StmtRs {
    match &doc.statements[n].body {
        StatementBody::Bank(b) => b,
        other => panic!("statement {n} is not a bank statement: {other:?}"),
    }
}

/// Like [`answer`] but with the validator's verdict given (for the answers the 2.3 schema cannot accept).
fn answer_expect(fi: &Fi, label: &str, v: u16, body: &[u8], valid: bool) -> Document {
    let r = post(fi, body);
    assert_eq!(r.status, 200, "{label}: {}", String::from_utf8_lossy(&r.body));
    let doc = Document::parse(&r.body).unwrap_or_else(|e| panic!("{label}: answer unreadable: {e}"));
    assert_eq!(doc.version(), v, "{label}");
    check_valid(label, &r.body, valid);
    doc
}

fn amount_of(a: &Option<ofxkit::model::define::Amount>) -> Decimal {
    a.expect("amount").value
}

fn cc_stmt(doc: &Document, n: usize) -> &ofxkit::model::bank::CcStmtRs {
    match &doc.statements[n].body {
        StatementBody::CreditCard(b) => b,
        other => panic!("statement {n} is not a credit-card statement: {other:?}"),
    }
}

fn child_names(doc: &Document, path: &str) -> Vec<String> {
    doc.path(path).map(|n| n.children().map(|c| c.name().to_string()).collect()).unwrap_or_default()
}

const CHECKING: &str = "1000123456";
const SAVINGS: &str = "1000654321";
const CARD: &str = "4000123412341234";

fn cc_trn(uid: &str, acct: &str, inc: &str, extra: &str) -> String {
    format!(
        "<CREDITCARDMSGSRQV1><CCSTMTTRNRQ><TRNUID>{uid}</TRNUID><CCSTMTRQ><CCACCTFROM><ACCTID>{acct}</ACCTID></CCACCTFROM>\
         {inc}{extra}</CCSTMTRQ></CCSTMTTRNRQ></CREDITCARDMSGSRQV1>"
    )
}

fn inv_rq(uid: &str, acct: &str, inc: &str, oo: bool, pos: bool, bal: bool) -> String {
    let yn = |b: bool| if b { "Y" } else { "N" };
    format!(
        "<INVSTMTMSGSRQV1><INVSTMTTRNRQ><TRNUID>{uid}</TRNUID><INVSTMTRQ><INVACCTFROM><BROKERID>sandbox.ofxkit.example</BROKERID>\
         <ACCTID>{acct}</ACCTID></INVACCTFROM>{inc}<INCOO>{}</INCOO><INCPOS><DTASOF>20251231</DTASOF><INCLUDE>{}</INCLUDE></INCPOS>\
         <INCBAL>{}</INCBAL></INVSTMTRQ></INVSTMTTRNRQ></INVSTMTMSGSRQV1>",
        yn(oo),
        yn(pos),
        yn(bal)
    )
}

fn acctinfo_rq(uid: &str) -> String {
    format!(
        "<SIGNUPMSGSRQV1><ACCTINFOTRNRQ><TRNUID>{uid}</TRNUID><ACCTINFORQ><DTACCTUP>19900101</DTACCTUP></ACCTINFORQ>\
         </ACCTINFOTRNRQ></SIGNUPMSGSRQV1>"
    )
}

fn prof_rq(uid: &str, dtprofup: &str) -> String {
    format!(
        "<PROFMSGSRQV1><PROFTRNRQ><TRNUID>{uid}</TRNUID><PROFRQ><CLIENTROUTING>NONE</CLIENTROUTING>\
         <DTPROFUP>{dtprofup}</DTPROFUP></PROFRQ></PROFTRNRQ></PROFMSGSRQV1>"
    )
}

fn loan_rq(uid: &str, acct: &str, inc: &str) -> String {
    format!(
        "<LOANMSGSRQV1><LOANSTMTTRNRQ><TRNUID>{uid}</TRNUID><LOANSTMTRQ><LOANACCTFROM><LOANACCTID>{acct}</LOANACCTID>\
         <LOANACCTTYPE>AUTO</LOANACCTTYPE></LOANACCTFROM>{inc}</LOANSTMTRQ></LOANSTMTTRNRQ></LOANMSGSRQV1>"
    )
}

fn get(fi: &Fi, path: &str) -> HttpReply {
    fi.handle(&http("GET", path, b""))
}

/// Checks a PNG: signature, chunk CRCs, IHDR first and IEND last.
fn assert_png(bytes: &[u8]) {
    assert!(bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]), "PNG signature");
    let crc = |data: &[u8]| {
        let mut c = 0xFFFF_FFFFu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    };
    let mut i = 8;
    let mut kinds = Vec::new();
    while i + 12 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
        let kind = &bytes[i + 4..i + 8];
        let stored = u32::from_be_bytes(bytes[i + 8 + len..i + 12 + len].try_into().unwrap());
        assert_eq!(crc(&bytes[i + 4..i + 8 + len]), stored, "CRC of chunk {}", String::from_utf8_lossy(kind));
        kinds.push(String::from_utf8_lossy(kind).to_string());
        i += 12 + len;
    }
    assert_eq!(i, bytes.len(), "chunks fill the file");
    assert_eq!(kinds.first().map(String::as_str), Some("IHDR"));
    assert_eq!(kinds.last().map(String::as_str), Some("IEND"));
}

// ---------------------------------------------------------------------------------------------
// Bank and credit-card statements
// ---------------------------------------------------------------------------------------------

/// The fixture as written by hand (SGML, no leaf end tags, CRLF).
#[test]
fn fixture_bank_statement_102() {
    let fi = Fi::new_demo();
    let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/requests/bank_stmt_102.ofx")).unwrap();
    let doc = strict_answer(&fi, "fixture 102 statement", 102, &body);
    assert_eq!(signon_code(&doc), 0);
    assert_eq!(trnuids(&doc), ["1001"]);
    assert_eq!(doc.opt_text(&doc.wrappers[0].cltcookie), Some("c-1"));
    let s = bank_stmt(&doc, 0);
    assert_eq!(doc.opt_text(&s.curdef), Some("USD"));
    let list = s.banktranlist.as_ref().unwrap();
    assert_eq!(list.transactions.len(), 16, "January 2024 of the checking account");
    let first = &list.transactions[0];
    assert_eq!(doc.opt_text(&first.fitid), Some("C2024010101"));
    assert_eq!(doc.opt_text(&first.trntype), Some("DIRECTDEP"));
    assert_eq!(amount_of(&first.trnamt), dec("2450.00"));
    assert_eq!(doc.opt_text(&first.name), Some("ACME Payroll & Benefits"), "& escaped and read back");
    let check = list.transactions.iter().find(|t| t.checknum.is_some()).expect("the rent check");
    assert_eq!(doc.opt_text(&check.checknum), Some("1001"));
    assert_eq!(doc.opt_text(&check.name), Some("Résidence Étoile"), "accents survive CHARSET 1252");
    assert_eq!(amount_of(&check.trnamt), dec("-1850.00"));
    // The answer is in CHARSET 1252, as 1.x servers write.
    assert_eq!(doc.header.field("CHARSET"), Some("1252"));
}

#[test]
fn bank_statements_every_version() {
    let fi = Fi::new_demo();
    for v in ALL {
        let label = format!("checking {v}");
        let body = request(
            v,
            &demo(),
            &bank(&(stmt_trn("jan", CHECKING, "CHECKING", &inctran(Some("20240101"), Some("20240201"), true), "")
                + &stmt_trn("all", CHECKING, "CHECKING", &inctran(None, None, true), "")
                + &stmt_trn("sav", SAVINGS, "SAVINGS", &inctran(Some("20250601"), Some("20250701"), true), "")
                + &stmt_trn("nolist", SAVINGS, "SAVINGS", &inctran(None, None, false), "")
                + &stmt_trn("noinc", SAVINGS, "SAVINGS", "", ""))),
        );
        let doc = strict_answer(&fi, &label, v, &body);
        assert_eq!(signon_code(&doc), 0, "{label}");
        assert_eq!(trnuids(&doc), ["jan", "all", "sav", "nolist", "noinc"], "{label}: every TRNUID echoed in order");
        assert!((0..5).all(|i| trn_code(&doc, i) == 0), "{label}");
        let jan = bank_stmt(&doc, 0);
        let all = bank_stmt(&doc, 1);
        let jan_list = &jan.banktranlist.as_ref().unwrap().transactions;
        let all_list = &all.banktranlist.as_ref().unwrap().transactions;
        assert_eq!(jan_list.len(), 16, "{label}");
        assert_eq!(all_list.len(), 403, "{label}: two years of checking");
        // The January answer is exactly the January part of the whole list (DTSTART in, DTEND out).
        let jan_start = jan.banktranlist.as_ref().unwrap().dtstart.unwrap().unix_seconds;
        let jan_end = jan.banktranlist.as_ref().unwrap().dtend.unwrap().unix_seconds;
        let in_jan: Vec<_> = all_list
            .iter()
            .filter(|t| (jan_start..jan_end).contains(&t.dtposted.unwrap().unix_seconds))
            .map(|t| doc.opt_text(&t.fitid).unwrap().to_string())
            .collect();
        let got: Vec<_> = jan_list.iter().map(|t| doc.opt_text(&t.fitid).unwrap().to_string()).collect();
        assert_eq!(got, in_jan, "{label}");
        let fitids: std::collections::HashSet<_> = all_list.iter().map(|t| doc.opt_text(&t.fitid).unwrap()).collect();
        assert_eq!(fitids.len(), all_list.len(), "{label}: FITIDs unique");
        assert_eq!(all_list.iter().filter(|t| t.checknum.is_some()).count(), 24, "{label}: a rent check a month");
        // Balances: ledger as of 2025-12-31; available less the two pending debits (42.50 + 60.00).
        let ledger = amount_of(&all.ledgerbal.as_ref().unwrap().balamt);
        let avail = amount_of(&all.availbal.as_ref().unwrap().balamt);
        assert_eq!(ledger, dec("54442.23"), "{label}");
        assert_eq!(avail, ledger - dec("102.50"), "{label}");
        assert_eq!(amount_of(&jan.ledgerbal.as_ref().unwrap().balamt), ledger, "{label}: balances are not filtered");
        let sav = bank_stmt(&doc, 2);
        assert_eq!(doc.opt_text(&sav.bankacctfrom.as_ref().unwrap().accttype), Some("SAVINGS"));
        assert_eq!(sav.banktranlist.as_ref().unwrap().transactions.len(), 11, "{label}: savings June 2025");
        assert_eq!(amount_of(&sav.ledgerbal.as_ref().unwrap().balamt), dec("17391.65"), "{label}");
        assert!(bank_stmt(&doc, 3).banktranlist.is_none(), "{label}: INCLUDE N: no list");
        assert!(bank_stmt(&doc, 4).banktranlist.is_none(), "{label}: no INCTRAN: no list");
        // Images only at 2.1.1 and later, and only when asked for.
        assert!(doc.path("BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN/IMAGEDATA").is_none(), "{label}");
    }
}

#[test]
fn unknown_account_is_2003() {
    let fi = Fi::new_demo();
    for v in ALL {
        let label = format!("unknown account {v}");
        let body = request(
            v,
            &demo(),
            &(bank(
                &(stmt_trn("x1", "999", "CHECKING", &inctran(None, None, true), "")
                    + &stmt_trn("x2", SAVINGS, "CHECKING", "", "")),
            ) + &cc_trn("x3", "1111", "", "")),
        );
        let doc = strict_answer(&fi, &label, v, &body);
        assert_eq!(trnuids(&doc), ["x1", "x2", "x3"], "{label}");
        for i in 0..3 {
            assert_eq!(trn_code(&doc, i), 2003, "{label}");
            assert_eq!(doc.wrappers[i].status.as_ref().and_then(|s| doc.opt_text(&s.message)), Some("account not found"));
        }
        assert!(doc.statements.is_empty(), "{label}: no STMTRS");
        // Another user's account is not found either.
        let mine = request(v, &son("mfa", "mfa-pass"), &bank(&stmt_trn("x4", CHECKING, "CHECKING", "", "")));
        let r = post(&fi, &mine);
        let d = Document::parse(&r.body).unwrap();
        assert_eq!(signon_code(&d), 3000, "{label}: mfa needs its challenge first");
    }
}

#[test]
fn credit_card_statements_every_version() {
    let fi = Fi::new_demo();
    for v in ALL {
        let label = format!("card {v}");
        let extra = if v >= 200 { "<INCLUDEPENDING>Y</INCLUDEPENDING>" } else { "" };
        let body = request(v, &demo(), &cc_trn("cc1", CARD, &inctran(Some("20250101"), Some("20260101"), true), extra));
        let doc = strict_answer(&fi, &label, v, &body);
        assert_eq!(trnuids(&doc), ["cc1"]);
        let s = cc_stmt(&doc, 0);
        assert_eq!(doc.opt_text(&s.ccacctfrom.as_ref().unwrap().acctid), Some(CARD));
        let list = &s.banktranlist.as_ref().unwrap().transactions;
        assert_eq!(list.len(), 189, "{label}: 2025 on the card");
        let payments = list.iter().filter(|t| doc.opt_text(&t.trntype) == Some("PAYMENT")).count();
        assert_eq!(payments, 12, "{label}: one payment a month");
        let ledger = amount_of(&s.ledgerbal.as_ref().unwrap().balamt);
        let avail = amount_of(&s.availbal.as_ref().unwrap().balamt);
        assert!(ledger < Decimal::ZERO, "{label}: a card balance is owed");
        assert_eq!(avail, ledger - dec("19.99"), "{label}: less the pending purchase");
        let pending = doc.path("CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS/BANKTRANLISTP");
        assert_eq!(pending.is_some(), v >= 200, "{label}: BANKTRANLISTP only when asked for, in 2.x");
        if let Some(p) = pending {
            assert_eq!(p.children().filter(|c| c.name() == "STMTTRNP").count(), 1);
        }
    }
}

#[test]
fn closings_every_version() {
    let fi = Fi::new_demo();
    for v in ALL {
        let label = format!("closings {v}");
        let body = request(
            v,
            &demo(),
            &(bank(
                &(format!(
                    "<STMTENDTRNRQ><TRNUID>end1</TRNUID><STMTENDRQ>{}<DTSTART>20240101</DTSTART><DTEND>20260101</DTEND>\
                     </STMTENDRQ></STMTENDTRNRQ>",
                    bank_from(CHECKING, "CHECKING")
                ) + &stmt_trn("st", CHECKING, "CHECKING", "", "")),
            ) + &format!(
                "<CREDITCARDMSGSRQV1><CCSTMTENDTRNRQ><TRNUID>end2</TRNUID><CCSTMTENDRQ><CCACCTFROM><ACCTID>{CARD}</ACCTID>\
                 </CCACCTFROM><DTSTART>20250101</DTSTART></CCSTMTENDRQ></CCSTMTENDTRNRQ></CREDITCARDMSGSRQV1>"
            )),
        );
        let doc = strict_answer(&fi, &label, v, &body);
        assert_eq!(trnuids(&doc), ["end1", "st", "end2"], "{label}");
        let ClosingBody::Bank(b) = &doc.closings[0].body else { panic!("{label}: bank closing first") };
        assert_eq!(b.closings.len(), 24, "{label}: a closing a month");
        assert_eq!(amount_of(&b.closings[0].balopen), dec("3250.00"), "{label}: the opening balance");
        for w in b.closings.windows(2) {
            assert_eq!(amount_of(&w[0].balclose), amount_of(&w[1].balopen), "{label}: periods chain");
        }
        for c in &b.closings {
            let moved = amount_of(&c.depandcredit) + amount_of(&c.chkanddebit);
            assert_eq!(amount_of(&c.balopen) + moved, amount_of(&c.balclose), "{label}");
        }
        let ledger = amount_of(&bank_stmt(&doc, 0).ledgerbal.as_ref().unwrap().balamt);
        assert_eq!(amount_of(&b.closings[23].balclose), ledger, "{label}: the last closing is the ledger");
        assert_eq!(doc.opt_text(&b.closings[0].fitid), Some("CL-1000123456-202401"));
        let ClosingBody::CreditCard(c) = &doc.closings[1].body else { panic!("{label}: card closing second") };
        assert_eq!(c.closings.len(), 12, "{label}: DTSTART 2025 only");
        for k in &c.closings {
            let owed = -amount_of(&k.balclose);
            let min = amount_of(&k.minpmtdue);
            assert!(min <= owed.max(Decimal::ZERO), "{label}: minimum {min} <= owed {owed}");
            assert_eq!(amount_of(&k.creditlimit), dec("10000.00"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Investment, loan, account information, profile
// ---------------------------------------------------------------------------------------------

fn tickers(doc: &Document) -> Vec<String> {
    let mut t: Vec<String> = doc.securities.iter().map(|s| doc.text(&s.ticker().unwrap()).to_string()).collect();
    t.sort();
    t
}

#[test]
fn investment_every_version() {
    let fi = Fi::new_demo();
    for v in ALL {
        let label = format!("investment {v}");
        let body = request(
            v,
            &demo(),
            &inv_rq("inv", "INV-77001", &inctran(Some("20240101"), Some("20250101"), true), true, true, true),
        );
        let doc = strict_answer(&fi, &label, v, &body);
        assert_eq!(trnuids(&doc), ["inv"], "{label}");
        let StatementBody::Investment(s) = &doc.statements[0].body else { panic!("{label}") };
        let list = &s.invtranlist.as_ref().unwrap().transactions;
        let count = |f: fn(&InvTransaction) -> bool| list.iter().filter(|t| f(t)).count();
        assert_eq!(count(|t| matches!(t, InvTransaction::BuyStock(_))), 24, "{label}: two buys a month in 2024");
        assert_eq!(count(|t| matches!(t, InvTransaction::SellMf(_))), 4, "{label}: a fund sale a quarter");
        assert_eq!(count(|t| matches!(t, InvTransaction::Income(_))), 8, "{label}: two dividends a quarter");
        assert_eq!(count(|t| matches!(t, InvTransaction::InvBankTran(_))), 24, "{label}: deposits and interest");
        assert_eq!(list.len(), 60, "{label}");
        let pos = &s.invposlist.as_ref().unwrap().positions;
        assert_eq!(pos.iter().filter(|p| matches!(p, Position::PosStock(_))).count(), 2, "{label}");
        assert_eq!(pos.iter().filter(|p| matches!(p, Position::PosMf(_))).count(), 1, "{label}");
        let oo = doc.path("INVSTMTMSGSRSV1/INVSTMTTRNRS/INVSTMTRS/INVOOLIST").unwrap();
        assert_eq!(oo.children().filter(|c| c.name() == "OOBUYSTOCK").count(), 2, "{label}");
        assert!(s.invbal.is_some(), "{label}");
        // Every security referenced (trades, positions, open orders) is listed, and only those.
        assert_eq!(tickers(&doc), ["SBXA", "SBXB", "SBXC", "SBXF"], "{label}");
        let names: Vec<String> = doc.securities.iter().map(|s| doc.text(&s.name().unwrap()).to_string()).collect();
        assert!(names.contains(&"Bêta & Sons Industries".to_string()), "{label}: {names:?}");
        assert!(names.contains(&"Gamma <Labs> Inc".to_string()), "{label}: {names:?}");
        assert_eq!(child_names(&doc, "SECLISTMSGSRSV1"), ["SECLIST"], "{label}");
        let kinds = child_names(&doc, "SECLISTMSGSRSV1/SECLIST");
        assert_eq!(kinds.iter().filter(|k| *k == "STOCKINFO").count(), 3, "{label}");
        assert_eq!(kinds.iter().filter(|k| *k == "MFINFO").count(), 1, "{label}");
    }
}

/// Positions and cash agree with the whole transaction history.
#[test]
fn investment_positions_and_cash_add_up() {
    let fi = Fi::new_demo();
    let body = request(220, &demo(), &inv_rq("inv", "INV-77001", &inctran(None, None, true), false, true, true));
    let doc = strict_answer(&fi, "investment all", 220, &body);
    let list = doc.path("INVSTMTMSGSRSV1/INVSTMTTRNRS/INVSTMTRS/INVTRANLIST").unwrap();
    let mut cash = dec("5000.00");
    let mut units: std::collections::HashMap<String, Decimal> =
        [("999000101", dec("100")), ("999000102", dec("50")), ("999000201", dec("500"))]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
    for t in list.children() {
        let get = |p: &str| t.path(p).and_then(|n| n.text()).map(dec);
        match t.name() {
            "BUYSTOCK" => {
                cash += get("INVBUY/TOTAL").unwrap();
                let id = t.path("INVBUY/SECID/UNIQUEID").unwrap().text().unwrap().to_string();
                *units.get_mut(&id).unwrap() += get("INVBUY/UNITS").unwrap();
                let gross = get("INVBUY/UNITS").unwrap() * get("INVBUY/UNITPRICE").unwrap();
                assert_eq!(get("INVBUY/TOTAL").unwrap(), -(gross.round_dp(2) + get("INVBUY/COMMISSION").unwrap()));
            }
            "SELLMF" => {
                cash += get("INVSELL/TOTAL").unwrap();
                let id = t.path("INVSELL/SECID/UNIQUEID").unwrap().text().unwrap().to_string();
                *units.get_mut(&id).unwrap() += get("INVSELL/UNITS").unwrap();
                assert!(get("INVSELL/UNITS").unwrap() < Decimal::ZERO, "sold units are negative");
            }
            "INCOME" => cash += get("TOTAL").unwrap(),
            "INVBANKTRAN" => cash += get("STMTTRN/TRNAMT").unwrap(),
            "DTSTART" | "DTEND" => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(text(&doc, "INVSTMTMSGSRSV1/INVSTMTTRNRS/INVSTMTRS/INVBAL/AVAILCASH").parse::<Decimal>().unwrap(), cash);
    let poslist = doc.path("INVSTMTMSGSRSV1/INVSTMTTRNRS/INVSTMTRS/INVPOSLIST").unwrap();
    for p in poslist.children() {
        let ip = p.child_named("INVPOS").unwrap();
        let g = |x: &str| ip.path(x).and_then(|n| n.text()).unwrap().to_string();
        let held = g("UNITS").parse::<Decimal>().unwrap();
        assert_eq!(held, units[&g("SECID/UNIQUEID")], "units of {}", g("SECID/UNIQUEID"));
        let mktval = g("MKTVAL").parse::<Decimal>().unwrap();
        assert_eq!(mktval, (held * g("UNITPRICE").parse::<Decimal>().unwrap()).round_dp(2));
    }
    // No open orders asked for: SBXC (only in an open order) is not listed.
    assert_eq!(tickers(&doc), ["SBXA", "SBXB", "SBXF"]);
    // Only open orders: the two securities they name.
    let oo = request(220, &demo(), &inv_rq("oo", "INV-77001", &inctran(None, None, false), true, false, false));
    let d = strict_answer(&fi, "open orders only", 220, &oo);
    assert_eq!(tickers(&d), ["SBXA", "SBXC"]);
    // A wrong BROKERID or account: 2003, no SECLIST.
    let wrong = request(220, &demo(), &inv_rq("bad", "INV-0", &inctran(None, None, true), true, true, true));
    let d = strict_answer(&fi, "unknown investment account", 220, &wrong);
    assert_eq!(trn_code(&d, 0), 2003);
    assert!(d.path("SECLISTMSGSRSV1").is_none());
}

#[test]
fn security_list_request() {
    let fi = Fi::new_demo();
    for v in [103, 211] {
        let body = request(
            v,
            &demo(),
            "<SECLISTMSGSRQV1><SECLISTTRNRQ><TRNUID>sec1</TRNUID><SECLISTRQ><SECRQ><TICKER>SBXB</TICKER></SECRQ>\
             <SECRQ><SECID><UNIQUEID>999000201</UNIQUEID><UNIQUEIDTYPE>CUSIP</UNIQUEIDTYPE></SECID></SECRQ></SECLISTRQ>\
             </SECLISTTRNRQ><SECLISTTRNRQ><TRNUID>sec2</TRNUID><SECLISTRQ><SECRQ><TICKER>NOPE</TICKER></SECRQ></SECLISTRQ>\
             </SECLISTTRNRQ></SECLISTMSGSRQV1>",
        );
        let doc = strict_answer(&fi, &format!("seclist {v}"), v, &body);
        assert_eq!(trnuids(&doc), ["sec1", "sec2"]);
        assert_eq!(trn_code(&doc, 0), 0);
        assert_eq!(trn_code(&doc, 1), 2000);
        assert_eq!(child_names(&doc, "SECLISTMSGSRSV1"), ["SECLISTTRNRS", "SECLISTTRNRS", "SECLIST"]);
        assert_eq!(tickers(&doc), ["SBXB", "SBXF"]);
    }
}

#[test]
fn loan_statements_2_1_and_later() {
    let fi = Fi::new_demo();
    for v in [211, 220] {
        let label = format!("loan {v}");
        let body = request(
            v,
            &demo(),
            &(loan_rq("ln1", "LN-55001", &inctran(Some("20240101"), Some("20250101"), true))
                .replace("</LOANMSGSRQV1>", "")
                + &loan_rq("ln2", "LN-55001", &inctran(None, None, true)).replace("<LOANMSGSRQV1>", "").replace("</LOANMSGSRQV1>", "")
                + "<LOANSTMTENDTRNRQ><TRNUID>ln3</TRNUID><LOANSTMTENDRQ><LOANACCTFROM><LOANACCTID>LN-55001</LOANACCTID>\
                   <LOANACCTTYPE>AUTO</LOANACCTTYPE></LOANACCTFROM><DTSTART>20250101</DTSTART></LOANSTMTENDRQ>\
                   </LOANSTMTENDTRNRQ></LOANMSGSRQV1>"),
        );
        let doc = strict_answer(&fi, &label, v, &body);
        assert_eq!(trnuids(&doc), ["ln1", "ln2", "ln3"], "{label}");
        let StatementBody::Loan(y2024) = &doc.statements[0].body else { panic!("{label}") };
        let StatementBody::Loan(all) = &doc.statements[1].body else { panic!("{label}") };
        let t2024 = &y2024.loantranlist.as_ref().unwrap().transactions;
        assert_eq!(t2024.len(), 12, "{label}: a payment a month");
        let tall = &all.loantranlist.as_ref().unwrap().transactions;
        assert_eq!(tall.len(), 24, "{label}");
        let list = doc.path("LOANMSGSRSV1/LOANSTMTTRNRS[1]/LOANSTMTRS/LOANTRANLIST").unwrap();
        let mut principal = Decimal::ZERO;
        for t in list.children().filter(|c| c.name() == "LOANSTMTTRN") {
            let g = |p: &str| t.path(p).and_then(|n| n.text()).unwrap().parse::<Decimal>().unwrap();
            assert_eq!(g("TRNAMT"), dec("483.32"), "{label}: the monthly payment");
            assert_eq!(g("LOANTRNAMT/PRINAMT") + g("LOANTRNAMT/INTAMT"), g("TRNAMT"), "{label}");
            principal += g("LOANTRNAMT/PRINAMT");
        }
        let bal = text(&doc, "LOANMSGSRSV1/LOANSTMTTRNRS[1]/LOANSTMTRS/PRINBAL/BALAMT").parse::<Decimal>().unwrap();
        assert_eq!(bal, dec("25000.00") - principal, "{label}: principal outstanding");
        let ClosingBody::Loan(c) = &doc.closings[0].body else { panic!("{label}") };
        assert_eq!(c.closings.len(), 12, "{label}: 2025 closings");
    }
    // Before 2.1 there is no loan message set.
    let old = request(200, &demo(), &loan_rq("ln", "LN-55001", ""));
    bad(&fi, "loan at 200", &old, "LOANMSGSRQV1 needs OFX 2.1");
    // Unknown loan account: 2003 without LOANSTMTRS, which the 2.3 schema (LOANSTMTRS required) refuses.
    let unknown = request(220, &demo(), &loan_rq("ln", "LN-0", ""));
    let doc = answer_expect(&fi, "unknown loan (schema requires LOANSTMTRS)", 220, &unknown, false);
    assert_eq!(trn_code(&doc, 0), 2003);
}

#[test]
fn account_info_every_version() {
    let fi = Fi::new_demo();
    for v in ALL {
        let label = format!("acctinfo {v}");
        let doc = strict_answer(&fi, &label, v, &request(v, &demo(), &acctinfo_rq("ai")));
        assert_eq!(trnuids(&doc), ["ai"]);
        let kinds: Vec<&str> = doc.accounts.iter().map(|a| a.kind()).collect();
        let mut want = vec!["bank", "bank", "creditcard", "investment"];
        if v >= 210 {
            want.push("loan");
        }
        assert_eq!(kinds, want, "{label}: loans only from 2.1");
        let b = doc.accounts[0].bankacctinfo.as_ref().unwrap();
        assert_eq!(doc.opt_text(&b.bankacctfrom.as_ref().unwrap().acctid), Some(CHECKING));
        assert_eq!(b.suptxdl, Some(true));
        assert_eq!(b.xfersrc, Some(true));
        assert_eq!(b.xferdest, Some(true));
        assert_eq!(doc.opt_text(&b.svcstatus), Some("ACTIVE"));
        assert_eq!(doc.opt_text(&doc.accounts[1].desc), Some("High-Yield Savings"));
        let c = doc.accounts[2].ccacctinfo.as_ref().unwrap();
        assert_eq!(doc.opt_text(&c.ccacctfrom.as_ref().unwrap().acctid), Some(CARD));
        assert_eq!(c.xfersrc, Some(false));
        let i = doc.accounts[3].invacctinfo.as_ref().unwrap();
        assert_eq!(doc.opt_text(&i.invacctfrom.as_ref().unwrap().acctid), Some("INV-77001"));
        assert_eq!(doc.opt_text(&i.invacctfrom.as_ref().unwrap().brokerid), Some("sandbox.ofxkit.example"));
        if v >= 210 {
            let l = doc.accounts[4].loanacctinfo.as_ref().unwrap();
            assert_eq!(amount_of(&l.loaninitbal), dec("25000.00"));
            assert_eq!(l.loanrmnpmts, None.or(l.loanrmnpmts));
        }
    }
}

#[test]
fn profile_every_version() {
    let fi = Fi::new_demo();
    for v in ALL {
        let label = format!("profile {v}");
        let doc = strict_answer(&fi, &label, v, &request(v, &demo(), &prof_rq("p1", "19900101")));
        assert_eq!(trnuids(&doc), ["p1"]);
        assert_eq!(trn_code(&doc, 0), 0);
        let p = doc.profile.as_ref().expect("PROFRS");
        assert_eq!(doc.opt_text(&p.finame), Some("ofxkit Sandbox"));
        assert_eq!(doc.opt_text(&p.url), Some("https://127.0.0.1:8443/ofx"), "{label}: the server's own URL");
        let sets = child_names(&doc, "PROFMSGSRSV1/PROFTRNRS/PROFRS/MSGSETLIST");
        let mut want = vec!["SIGNONMSGSET", "SIGNUPMSGSET", "BANKMSGSET", "CREDITCARDMSGSET"];
        if v >= 210 {
            want.push("LOANMSGSET");
        }
        if v >= 211 {
            want.push("IMAGEMSGSET");
        }
        want.extend(["INVSTMTMSGSET", "SECLISTMSGSET", "PROFMSGSET"]);
        assert_eq!(sets, want, "{label}");
        let realms = doc.path("PROFMSGSRSV1/PROFTRNRS/PROFRS/SIGNONINFOLIST").unwrap();
        let infos: Vec<_> = realms.children().collect();
        assert_eq!(infos.len(), 3, "{label}");
        let flag = |i: usize, n: &str| infos[i].child_named(n).and_then(|c| c.text()).map(str::to_string);
        assert_eq!(flag(0, "SIGNONREALM").as_deref(), Some("SandboxRealm"));
        assert_eq!(flag(0, "MFACHALLENGESUPT").as_deref(), Some("Y"));
        assert_eq!(flag(1, "CLIENTUIDREQ").as_deref(), Some("Y"), "{label}: the uid realm");
        assert_eq!(flag(0, "CLIENTUIDREQ"), None);
        assert_eq!(flag(2, "AUTHTOKENFIRST").as_deref(), Some("Y"));
        let image_prof = doc.path("PROFMSGSRSV1/PROFTRNRS/PROFRS/MSGSETLIST/BANKMSGSET/BANKMSGSETV1/IMAGEPROF");
        assert_eq!(image_prof.is_some(), v >= 211, "{label}");
        // A client whose profile is current: status 1, no PROFRS.
        let doc = strict_answer(&fi, &format!("{label} up to date"), v, &request(v, &demo(), &prof_rq("p2", "20250101")));
        assert_eq!(trn_code(&doc, 0), 1, "{label}");
        assert_eq!(doc.wrappers[0].status.as_ref().and_then(|s| doc.opt_text(&s.message)), Some("client is up to date"));
        assert!(doc.profile.is_none());
        // The same date exactly is up to date too.
        let doc = strict_answer(&fi, &format!("{label} same date"), v, &request(v, &demo(), &prof_rq("p3", "20240101050000")));
        assert_eq!(trn_code(&doc, 0), 1, "{label}");
    }
}

#[test]
fn anonymous_profile_signon() {
    let fi = Fi::new_demo();
    let anon = son("anonymous00000000000000000000000", "anonymous00000000000000000000000");
    for v in [102, 211] {
        let doc = strict_answer(&fi, "anonymous profile", v, &request(v, &anon, &prof_rq("p", "19900101")));
        assert_eq!(signon_code(&doc), 0);
        assert!(doc.profile.is_some());
        let doc = strict_answer(&fi, "anonymous statement", v, &request(v, &anon, &acctinfo_rq("a")));
        assert_eq!(signon_code(&doc), 15500);
        assert!(doc.wrappers.is_empty(), "signon only");
    }
}

// ---------------------------------------------------------------------------------------------
// Images (2.1.1)
// ---------------------------------------------------------------------------------------------

#[test]
fn check_images_211_and_220() {
    let fi = Fi::new_demo();
    let fixture = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/requests/images_211.ofx")).unwrap();
    let v220 = String::from_utf8(fixture.clone()).unwrap().replace("VERSION=\"211\"", "VERSION=\"220\"").into_bytes();
    for (v, body) in [(211, fixture), (220, v220)] {
        let label = format!("images {v}");
        let doc = strict_answer(&fi, &label, v, &body);
        let s = bank_stmt(&doc, 0);
        let checks: Vec<_> = s.banktranlist.as_ref().unwrap().transactions.iter().filter(|t| t.checknum.is_some()).collect();
        assert_eq!(checks.len(), 3, "{label}: Jan-Mar 2024");
        let mut opaque = Vec::new();
        for c in &checks {
            assert_eq!(c.imagedata.len(), 1, "{label}: every check has its image");
            let im = &c.imagedata[0];
            let num: u32 = doc.opt_text(&c.checknum).unwrap().parse().unwrap();
            let r = doc.opt_text(&im.imageref).unwrap().to_string();
            assert_eq!(doc.opt_text(&im.imagetype), Some("TRANSACTION"));
            if num % 2 == 0 {
                assert_eq!(doc.opt_text(&im.imagereftype), Some("OPAQUE"), "{label}");
                opaque.push(r);
            } else {
                assert_eq!(doc.opt_text(&im.imagereftype), Some("URL"), "{label}");
                let path = r.strip_prefix("https://127.0.0.1:8443").expect("same server");
                assert!(path.starts_with("/images/"), "{r}");
                let g = get(&fi, path);
                assert_eq!(g.status, 200);
                assert_eq!(g.content_type, "image/png");
                assert_png(&g.body);
            }
        }
        assert!(!opaque.is_empty());
        // Pending transactions asked for too.
        let p = doc.path("BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLISTP").expect("BANKTRANLISTP");
        assert_eq!(p.children().filter(|c| c.name() == "STMTTRNP").count(), 2);
        // An OPAQUE reference is fetched with an IMAGERQ: the answer is the image itself.
        let img = |r: &str| {
            request(v, &demo(), &format!("<IMAGEMSGSRQV1><IMAGETRNRQ><TRNUID>im</TRNUID><IMAGERQ><IMAGEREF>{r}</IMAGEREF></IMAGERQ></IMAGETRNRQ></IMAGEMSGSRQV1>"))
        };
        let r = post(&fi, &img(&opaque[0]));
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.content_type, "image/png");
        assert_png(&r.body);
        let r = post(&fi, &img("CHK-NOPE-1"));
        assert_eq!(r.status, 404, "{label}: unknown IMAGEREF");
        // A failed signon is answered in OFX as usual.
        let r = post(&fi, &request(v, &son("demo", "wrong"), "<IMAGEMSGSRQV1><IMAGETRNRQ><TRNUID>im</TRNUID><IMAGERQ><IMAGEREF>x</IMAGEREF></IMAGERQ></IMAGETRNRQ></IMAGEMSGSRQV1>"));
        assert_eq!(r.status, 200);
        assert_eq!(signon_code(&Document::parse(&r.body).unwrap()), 15500);
    }
    // Unknown image ids over GET, and images are not in 2.0 answers.
    assert_eq!(get(&fi, "/images/CHK-NOPE-1").status, 404);
    assert_eq!(get(&fi, "/images/").status, 404);
    let old = request(200, &demo(), &bank(&stmt_trn("s", CHECKING, "CHECKING", &inctran(None, None, true), "<INCTRANIMG>Y</INCTRANIMG>")));
    let doc = strict_answer(&fi, "images at 200", 200, &old);
    assert!(bank_stmt(&doc, 0).banktranlist.as_ref().unwrap().transactions.iter().all(|t| t.imagedata.is_empty()));
    let img210 = request(210, &demo(), "<IMAGEMSGSRQV1><IMAGETRNRQ><TRNUID>im</TRNUID><IMAGERQ><IMAGEREF>x</IMAGEREF></IMAGERQ></IMAGETRNRQ></IMAGEMSGSRQV1>");
    bad(&fi, "image at 210", &img210, "IMAGEMSGSRQV1 needs OFX 2.1.1");
    let mixed = request(
        211,
        &demo(),
        &(bank(&stmt_trn("s", CHECKING, "CHECKING", "", ""))
            + "<IMAGEMSGSRQV1><IMAGETRNRQ><TRNUID>im</TRNUID><IMAGERQ><IMAGEREF>x</IMAGEREF></IMAGERQ></IMAGETRNRQ></IMAGEMSGSRQV1>"),
    );
    bad(&fi, "image mixed", &mixed, "only transaction");
}
