//! Every request type ofxkit writes, at every version it exists in, checked by the independent
//! validators: `../shared/tools/ofx-validate` (OpenSP against the OFX 1.6 DTD for 1.x, xmllint against
//! the OFX 2.3 schemas for 2.x) and ofxtools' strict parser (versions it knows: up to 2.2).
//! Each document is also read back by ofxkit in strict mode and its request aggregates compared with
//! what was written (the sandbox reads requests this way).
//!
//! Skips, saying so, when ../shared (the validator) or the peer Python is absent; under CI
//! (`OFXKIT_PEER_PYTHON` set) a missing ofxtools is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use ofxkit::client::ops::{self, AccountRef, StatementQuery};
use ofxkit::client::request::{RequestBody, RequestFormat, RequestItem, RequestKind, build_document};
use ofxkit::model::signon::rq::{FiId, MfaChallengeAnswer, SonRq};
use ofxkit::values::datetime::OfxDateTime;
use ofxkit::{Document, ParseOptions};

const VERSIONS: [u16; 12] = [102, 103, 151, 160, 200, 201, 202, 203, 210, 211, 220, 230];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn signon(variant: &str) -> SonRq {
    let mut s = SonRq {
        dtclient: OfxDateTime::from_ymd_hms(2024, 3, 1, 9, 30, 0, -300),
        userid: Some("demo".into()),
        userpass: Some("demo-pass".into()),
        language: Some("ENG".into()),
        fi: Some(Box::new(FiId { org: Some("ofxkit Sandbox".into()), fid: Some("7777".into()) })),
        appid: Some("QWIN".into()),
        appver: Some("2700".into()),
        clientuid: Some("3F2504E0-4F89-11D3-9A0C-0305E82C3301".into()),
        ..Default::default()
    };
    match variant {
        "userkey" => {
            s.userid = None;
            s.userpass = None;
            s.userkey = Some("KEY-0123456789".into());
        }
        "tokens" => {
            s.genuserkey = Some(true);
            s.sesscookie = Some("SESSION-42".into());
            s.authtoken = Some("TOKEN-1234".into());
            s.accesskey = Some("ACCESS-KEY-9".into());
        }
        "mfa" => {
            s.mfachallengeanswer = vec![
                MfaChallengeAnswer { mfaphraseid: Some("MFA13".into()), mfaphrasea: Some("Blue".into()) },
                MfaChallengeAnswer { mfaphraseid: Some("MFA107".into()), mfaphrasea: Some("InetClntApp/3.0".into()) },
            ];
        }
        _ => {}
    }
    s
}

fn day(y: i32, m: u32, d: u32) -> Option<OfxDateTime> {
    OfxDateTime::from_ymd(y, m, d)
}

/// Every request kind, in the forms it takes (plain, and with the 2.x-only options where they apply).
fn bodies(version: u16) -> Vec<(String, RequestBody)> {
    let bank = AccountRef::Bank {
        bank_id: "999000001".into(),
        branch_id: Some("01".into()),
        account_id: "100200300".into(),
        account_type: "CHECKING".into(),
        account_key: None,
    };
    let card = AccountRef::CreditCard { account_id: "4111111111111111".into(), account_key: None };
    let inv = AccountRef::Investment { broker_id: "sandbox.ofxkit.example".into(), account_id: "X100".into() };
    let loan = AccountRef::Loan { account_id: "L-5001".into(), loan_type: "MORTGAGE".into() };
    let xml = version >= 200;
    let img = version >= 211;
    let mut out: Vec<(String, RequestBody)> = Vec::new();
    out.push(("acctinfo".into(), ops::account_info(None)));
    out.push(("acctinfo-since".into(), ops::account_info(day(2024, 1, 1))));
    for (name, acct) in [("bank", &bank), ("cc", &card), ("inv", &inv), ("loan", &loan)] {
        if name == "loan" && version < 210 {
            continue;
        }
        let mut q = StatementQuery::new(acct.clone());
        q.start = day(2024, 1, 1);
        q.end = day(2024, 2, 1);
        out.push((format!("{name}-stmt"), ops::statement(&q).unwrap()));
        let mut q2 = StatementQuery::new(acct.clone());
        q2.include_transactions = false;
        q2.positions_as_of = day(2024, 2, 1);
        q2.include_open_orders = false;
        out.push((format!("{name}-stmt-notran"), ops::statement(&q2).unwrap()));
        if xml && name != "inv" {
            let mut q3 = q.clone();
            if name != "loan" {
                q3.include_pending = Some(true);
            }
            if img {
                q3.include_images = Some(true);
            }
            out.push((format!("{name}-stmt-options"), ops::statement(&q3).unwrap()));
        }
        if xml && name == "inv" {
            let mut q3 = q.clone();
            q3.include_401k = Some(true);
            q3.include_401k_balance = Some(true);
            if img {
                q3.include_images = Some(true);
            }
            out.push(("inv-stmt-options".into(), ops::statement(&q3).unwrap()));
        }
        if name != "inv" {
            out.push((format!("{name}-closing"), ops::closing(acct, day(2024, 1, 1), day(2024, 6, 30), None).unwrap()));
            if img && name != "loan" {
                out.push((format!("{name}-closing-img"), ops::closing(acct, None, None, Some(true)).unwrap()));
            }
        }
    }
    out.push(("profile".into(), ops::profile(None, None)));
    out.push(("profile-since".into(), ops::profile(day(2024, 1, 1), Some("MSGSET"))));
    if version == 103 || version == 151 || version == 160 || version >= 211 {
        out.push((
            "mfa-challenge".into(),
            ops::mfa_challenge(OfxDateTime::from_ymd_hms(2024, 3, 1, 9, 30, 0, 0).unwrap()),
        ));
    }
    if img {
        out.push(("image".into(), ops::image("IMG-000123").unwrap()));
    }
    out.extend(money_bodies(version));
    out
}

/// Transfers, payments, payees and their syncs.
fn money_bodies(version: u16) -> Vec<(String, RequestBody)> {
    use ofxkit::client::money::{self, PayeeRef, PayeeSpec, PaymentSpec, SyncToken, TransferSpec};
    use rust_decimal::Decimal;
    let bank = |b: &str, a: &str, t: &str| AccountRef::Bank {
        bank_id: b.into(),
        branch_id: None,
        account_id: a.into(),
        account_type: t.into(),
        account_key: None,
    };
    let from = bank("999000001", "100200300", "CHECKING");
    let spec = TransferSpec {
        from: from.clone(),
        to: bank("999000001", "100200301", "SAVINGS"),
        amount: Decimal::new(2500, 2),
        due: day(2024, 2, 1),
    };
    let to_card = TransferSpec {
        to: AccountRef::CreditCard { account_id: "4111111111111111".into(), account_key: None },
        ..spec.clone()
    };
    let inter = TransferSpec { to: bank("121000248", "5550001", "CHECKING"), due: None, ..spec.clone() };
    let address = ofxkit::model::bank::shared::PayeeO {
        name: Some("City Power & Light".into()),
        addr1: Some("1 Main St".into()),
        addr2: Some("Suite 200".into()),
        city: Some("Springfield".into()),
        state: Some("IL".into()),
        postalcode: Some("62701".into()),
        phone: Some("555-0100".into()),
        ..Default::default()
    };
    let pay = PaymentSpec {
        from: from.clone(),
        amount: Decimal::new(4999, 2),
        payee: PayeeRef::Address(Box::new(address.clone())),
        payee_list_id: None,
        pay_account: "CPL-7788".into(),
        due: day(2024, 2, 15).unwrap(),
        memo: Some("January bill".into()),
    };
    let pay_std = PaymentSpec {
        payee: PayeeRef::StandardId("STD-42".into()),
        payee_list_id: Some("L-3".into()),
        memo: None,
        ..pay.clone()
    };
    let mut v: Vec<(String, RequestBody)> = vec![
        ("xfer".into(), money::transfer(&spec).unwrap()),
        ("xfer-card".into(), money::transfer(&to_card).unwrap()),
        ("xfer-mod".into(), money::transfer_modify("SRV-1", &spec).unwrap()),
        ("xfer-can".into(), money::transfer_cancel("SRV-1", false).unwrap()),
        ("inter".into(), money::transfer(&inter).unwrap()),
        ("inter-mod".into(), money::transfer_modify("SRV-2", &inter).unwrap()),
        ("inter-can".into(), money::transfer_cancel("SRV-2", true).unwrap()),
        ("sync-full".into(), money::transfer_sync(&from, &SyncToken::Full, false, false).unwrap()),
        ("sync-refresh".into(), money::transfer_sync(&from, &SyncToken::Refresh, true, false).unwrap()),
        ("sync-token".into(), money::transfer_sync(&from, &SyncToken::Since("1234".into()), false, true).unwrap()),
        ("pmt".into(), money::payment(&pay).unwrap()),
        ("pmt-std".into(), money::payment(&pay_std).unwrap()),
        ("pmt-mod".into(), money::payment_modify("P-1", &pay).unwrap()),
        ("pmt-can".into(), money::payment_cancel("P-1").unwrap()),
        ("pmt-inq".into(), money::payment_status("P-1").unwrap()),
        (
            "payee-add".into(),
            money::payee_add(&PayeeSpec {
                payee: PayeeRef::Address(Box::new(address.clone())),
                pay_accounts: vec!["CPL-7788".into()],
            })
            .unwrap(),
        ),
        ("payee-mod".into(), money::payee_modify("L-3", Some(&address), &["CPL-9".into()]).unwrap()),
        ("payee-del".into(), money::payee_delete("L-3").unwrap()),
        ("payee-sync".into(), money::payee_sync(&SyncToken::Full, false)),
        ("pmt-sync".into(), money::payment_sync(&from, &SyncToken::Refresh, false).unwrap()),
    ];
    if version >= 200 {
        let loan = AccountRef::Loan { account_id: "L-5001".into(), loan_type: "MORTGAGE".into() };
        v.push(("xfer-loan".into(), money::transfer(&TransferSpec { to: loan, ..spec }).unwrap()));
    }
    v
}

struct Case {
    path: PathBuf,
    version: u16,
    /// ofxtools reads it (its versions; its MFA answer element is MFACHALLENGEA, not the grammar's
    /// MFACHALLENGEANSWER; it does not know 2.3, nor XFERINFO's LOANACCTTO).
    ofxtools: bool,
    /// A 2.x MFA challenge request: the 2.1.1 text has MFACHALLENGETRNRQ in SIGNONMSGSRQV1, the
    /// published 2.3 schemas do not. ofx-validate must refuse it for that reason and nothing else.
    xsd_gap: bool,
}

fn write_cases(dir: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut kinds_seen = std::collections::HashSet::new();
    for &v in &VERSIONS {
        let fmt = RequestFormat { version: v, ..Default::default() };
        for (name, body) in bodies(v) {
            kinds_seen.insert(body.kind());
            let item = RequestItem { trnuid: format!("{v}-{name}"), ..RequestItem::new(body.clone(), 1) };
            let text = build_document(&signon("plain"), std::slice::from_ref(&item), &fmt)
                .unwrap_or_else(|e| panic!("{v} {name}: {e}"));
            let path = dir.join(format!("rq-{v}-{name}.ofx"));
            std::fs::write(&path, &text).unwrap();
            check_roundtrip(&text, &item, v, &name);
            let xsd_gap = v >= 200 && name == "mfa-challenge";
            // ofxtools' XFERINFO lacks the 2.x LOANACCTTO (the 2.3 schemas have it).
            let ofxtools = v <= 220 && name != "xfer-loan";
            cases.push(Case { path, version: v, ofxtools, xsd_gap });
        }
        // Signon variants, with one request, and with SGML leaf end tags.
        for variant in ["userkey", "tokens", "mfa"] {
            let text = build_document(&signon(variant), &[RequestItem::new(ops::account_info(None), 1)], &fmt)
                .unwrap_or_else(|e| panic!("{v} signon {variant}: {e}"));
            let path = dir.join(format!("rq-{v}-signon-{variant}.ofx"));
            std::fs::write(&path, &text).unwrap();
            cases.push(Case { path, version: v, ofxtools: v <= 220 && variant != "mfa", xsd_gap: false });
        }
        if v < 200 {
            let fmt = RequestFormat { leaf_end_tags: true, ..fmt.clone() };
            let text =
                build_document(&signon("plain"), &[RequestItem::new(ops::profile(None, None), 1)], &fmt).unwrap();
            let path = dir.join(format!("rq-{v}-endtags.ofx"));
            std::fs::write(&path, &text).unwrap();
            cases.push(Case { path, version: v, ofxtools: true, xsd_gap: false });
        }
    }
    assert_eq!(kinds_seen.len(), RequestKind::ALL.len(), "every request kind is written: {kinds_seen:?}");
    cases
}

/// ofxkit reads its own request back in strict mode; the request aggregate read with its owned
/// definition equals the one written (dates compare as instants, in the written style).
fn check_roundtrip(text: &str, item: &RequestItem, v: u16, name: &str) {
    let doc = Document::parse_with(text.as_bytes(), ParseOptions { strict: true })
        .unwrap_or_else(|e| panic!("{v} {name}: ofxkit's strict reader refuses its own request: {e}"));
    let wrapper = item.body.wrapper();
    let node = doc.root().find(ofxkit::model::grammar::lookup(item.body.tag().as_bytes()).unwrap()).unwrap();
    assert_eq!(node.name(), item.body.tag());
    if item.body.is_wrapped() {
        let trn = doc.root().find(ofxkit::model::grammar::lookup(wrapper.as_bytes()).unwrap()).unwrap();
        assert_eq!(trn.child_named("TRNUID").and_then(|t| t.text()), Some(item.trnuid.as_str()));
    }
    let tree = &doc.tree;
    let mut w = ofxkit::markup::warning::Warnings::new();
    let mut cx = ofxkit::model::define::ReadCx { tree, warnings: &mut w };
    let back = RequestBody::read(node, &mut cx).unwrap_or_else(|| panic!("{} is not read back", item.body.tag()));
    assert_eq!(back.kind(), item.body.kind());
    // Dates come back at millisecond precision with the zone written: compare the instants.
    let norm = |b: &RequestBody| {
        format!("{b:?}")
            .split("unix_seconds: ")
            .skip(1)
            .map(|s| s.split(',').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(norm(&back), norm(&item.body), "{v} {name}: dates read back");
    let strip = |b: &RequestBody| {
        let s = format!("{b:?}");
        // Everything but the date structs must be equal.
        s.split("Some(OfxDateTime").map(|p| p.split_once(')').map(|x| x.1).unwrap_or(p).to_string()).collect::<String>()
    };
    assert_eq!(strip(&back), strip(&item.body), "{v} {name}: request read back");
}

fn validator() -> Option<PathBuf> {
    let p = manifest_dir().join("../shared/tools/ofx-validate");
    p.exists().then_some(p)
}

fn peer_python() -> Result<PathBuf, String> {
    let (py, explicit) = match std::env::var_os("OFXKIT_PEER_PYTHON") {
        Some(p) if !p.is_empty() => (PathBuf::from(p), true),
        _ => (manifest_dir().join(".venv/bin/python"), false),
    };
    if !py.exists() {
        assert!(!explicit, "OFXKIT_PEER_PYTHON={} does not exist", py.display());
        return Err(format!("no peer python at {}", py.display()));
    }
    let ok = Command::new(&py).args(["-c", "import ofxtools"]).output().map(|o| o.status.success()).unwrap_or(false);
    if !ok {
        assert!(!explicit, "OFXKIT_PEER_PYTHON={} cannot import ofxtools", py.display());
        return Err(format!("{} cannot import ofxtools", py.display()));
    }
    Ok(py)
}

#[test]
fn every_request_type_and_version_validates() {
    let dir = std::env::temp_dir().join(format!("ofxkit-requests-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let cases = write_cases(&dir);
    assert!(cases.len() > 200, "{} documents", cases.len());
    println!("{} request documents written and read back strictly by ofxkit", cases.len());

    // 1. ofx-validate: DTD (1.x) and XSD (2.x).
    match validator() {
        None => println!("SKIP: ../shared/tools/ofx-validate absent; DTD/XSD validation not run"),
        Some(tool) => {
            let have_tools = Command::new("sh").args(["-c", "command -v onsgmls && command -v xmllint"]).output();
            if !have_tools.map(|o| o.status.success()).unwrap_or(false) {
                assert!(std::env::var_os("CI").is_none(), "CI must install opensp and libxml2-utils");
                println!("SKIP: onsgmls/xmllint not installed; DTD/XSD validation not run");
            } else {
                let out = Command::new(&tool).args(cases.iter().map(|c| &c.path)).output().unwrap();
                let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
                let valid = text.lines().filter(|l| l.starts_with("VALID ")).count();
                let gaps: Vec<String> =
                    cases.iter().filter(|c| c.xsd_gap).map(|c| c.path.display().to_string()).collect();
                let invalid: Vec<&str> = text
                    .lines()
                    .filter(|l| !l.starts_with("VALID "))
                    .filter(|l| {
                        // The schema gap, and only it, for the 2.x MFA challenge requests.
                        let gap = gaps.iter().any(|g| l.contains(g.as_str()));
                        let why = l.contains("Element 'MFACHALLENGETRNRQ': This element is not expected")
                            || l.starts_with("INVALID ")
                            || *l == "- fails to validate";
                        !(gap && why || *l == "- fails to validate")
                    })
                    .collect();
                assert!(invalid.is_empty(), "ofx-validate refused:\n{}", invalid.join("\n"));
                let refused = text.lines().filter(|l| l.starts_with("INVALID ")).count();
                assert_eq!(refused, gaps.len(), "only the MFA schema gap is refused:\n{text}");
                assert_eq!(valid, cases.len() - gaps.len());
                let v1 = cases.iter().filter(|c| c.version < 200).count();
                println!(
                    "ofx-validate: {valid} valid ({v1} against the 1.6 DTD, {} against the 2.3 schemas); \
                     {} 2.x MFA challenge requests refused only for the schemas' known MFACHALLENGETRNRQ gap",
                    valid - v1,
                    gaps.len()
                );
            }
        }
    }

    // 2. ofxtools, strict.
    match peer_python() {
        Err(why) => println!("SKIP: {why}; ofxtools check not run"),
        Ok(py) => {
            let script = manifest_dir().join("tools/peers/ofxtools_check.py");
            let files: Vec<&PathBuf> = cases.iter().filter(|c| c.ofxtools).map(|c| &c.path).collect();
            let out = Command::new(&py).arg(&script).args(&files).output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            let ok = text.lines().filter(|l| l.starts_with("OK ")).count();
            let bad: Vec<&str> = text.lines().filter(|l| !l.starts_with("OK ")).collect();
            assert!(bad.is_empty(), "ofxtools refused:\n{}\n{}", bad.join("\n"), String::from_utf8_lossy(&out.stderr));
            assert_eq!(ok, files.len());
            println!(
                "ofxtools: {ok} parsed and converted strictly (2.3 and MFA answers not checked: ofxtools lacks them)"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
