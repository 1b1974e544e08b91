//! The `ofxkit` command-line tool: output forms and exit statuses.
use std::process::Command;

fn run(args: &[&str]) -> (i32, String, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_ofxkit")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SAMPLE: &str = "examples/data/sample.ofx";

#[test]
fn dump_summary() {
    let (code, out, err) = run(&["dump", SAMPLE]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("bank statement, account 0004417725 (USD): 5 transactions, total 1106.05"), "{out}");
    assert!(
        out.contains("creditcard statement, account 4000123412341234 (USD): 2 transactions, total 476.01"),
        "{out}"
    );
    assert!(err.is_empty(), "a clean file prints no warnings: {err}");
}

#[test]
fn dump_json_one_line_per_file() {
    let (code, out, _) = run(&["dump", "--json", SAMPLE, "tests/fixtures/quirks/clean_bank_xml211.ofx"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["statements"][0]["transactions"][2]["amount"], "-64.37");
    assert_eq!(v["statements"][0]["transactions"][2]["name"], "GREEN & FRESH GROCERY");
    assert_eq!(v["statements"][1]["kind"], "creditcard");
    let v2: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(v2["syntax"], "xml");
}

#[test]
fn dump_csv() {
    let (code, out, _) = run(&["dump", "--csv", SAMPLE]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "account_id,kind,fitid,type,date_posted,amount,name,memo,check_number");
    assert_eq!(lines.len(), 1 + 7);
    assert_eq!(lines[2], "0004417725,bank,202401090001,CHECK,2024-01-09,-1200.00,CHECK 1042,,1042");
}

#[test]
fn unreadable_inputs_exit_1_with_one_line() {
    let dir = std::env::temp_dir().join(format!("ofxkit-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases: [(&str, &[u8], &str); 3] = [
        ("page.html", b"<!DOCTYPE html><html><body>Access Denied</body></html>", "HTML"),
        ("empty.ofx", b"", "empty"),
        ("junk.bin", b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x00\x00\x00", "binary"),
    ];
    for (name, bytes, word) in cases {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        let (code, out, err) = run(&["dump", p.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}");
        assert!(out.is_empty());
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(word), "{name}: {err}");
    }
    let (code, _, err) = run(&["dump", "/nonexistent/x.ofx"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn strict_mode_and_warnings() {
    // Comma decimals and other repairs: read with warnings on stderr, refused in strict mode.
    let f = "tests/fixtures/quirks/amounts_comma_decimal.ofx";
    let (code, _, err) = run(&["dump", f]);
    assert_eq!(code, 0);
    assert!(err.contains("warning"), "{err}");
    let (code, _, err) = run(&["dump", "--strict", f]);
    assert_eq!(code, 1);
    assert!(err.contains("strict mode"), "{err}");
    let (code, _, err) = run(&["dump", "--quiet", f]);
    assert_eq!(code, 0);
    assert!(err.is_empty());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).0, 2);
    assert_eq!(run(&["dump"]).0, 2);
    assert_eq!(run(&["dump", "--bogus", SAMPLE]).0, 2);
    assert_eq!(run(&["frobnicate"]).0, 2);
    assert_eq!(run(&["--help"]).0, 0);
}

const CONN: &[&str] = &["--url", "https://bank.example/ofx", "--org", "Example", "--fid", "1234", "--user", "alice"];

fn client_run(args: &[&str], password: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ofxkit"))
        .args(args)
        .env("OFXKIT_TEST_PW", password)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn dry_run_prints_the_request_with_the_password_masked() {
    let mut args = vec!["statement"];
    args.extend_from_slice(CONN);
    args.extend_from_slice(&[
        "--password-env",
        "OFXKIT_TEST_PW",
        "--account-type",
        "savings",
        "--bank-id",
        "121000248",
        "--account",
        "99-1",
        "--start",
        "2024-01-01",
        "--end",
        "2024-02-01",
        "--client-uid",
        "3F2504E0-4F89-11D3-9A0C-0305E82C3301",
        "--dry-run",
    ]);
    let (code, out, err) = client_run(&args, "correct horse battery");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n"), "{out}");
    assert!(out.contains("<USERID>alice\r\n<USERPASS>********\r\n"), "{out}");
    assert!(!out.contains("correct horse"));
    assert!(out.contains("<ACCTTYPE>SAVINGS") && out.contains("<DTEND>20240201000000.000[0:GMT]"));
    assert!(out.contains("<CLIENTUID>3F2504E0-4F89-11D3-9A0C-0305E82C3301"));
    // XML at 2.2 with a per-FI profile, investment account.
    let mut args = vec!["statement"];
    args.extend_from_slice(CONN);
    args.extend_from_slice(&[
        "--password-env",
        "OFXKIT_TEST_PW",
        "--ofx-version",
        "220",
        "--account-type",
        "investment",
        "--broker-id",
        "broker.example.com",
        "--account",
        "X1",
        "--dry-run",
    ]);
    let (code, out, err) = client_run(&args, "pw");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("VERSION=\"220\""), "{out}");
    assert!(
        out.contains("<INVACCTFROM><BROKERID>broker.example.com</BROKERID><ACCTID>X1</ACCTID></INVACCTFROM>"),
        "{out}"
    );
    assert!(out.contains("<INCOO>Y</INCOO><INCPOS><INCLUDE>Y</INCLUDE></INCPOS><INCBAL>Y</INCBAL>"), "{out}");
}

#[test]
fn client_usage_errors() {
    // Bank account without a bank id.
    let mut args = vec!["statement"];
    args.extend_from_slice(CONN);
    args.extend_from_slice(&[
        "--password-env",
        "OFXKIT_TEST_PW",
        "--account-type",
        "checking",
        "--account",
        "1",
        "--dry-run",
    ]);
    let (code, _, err) = client_run(&args, "pw");
    assert_eq!(code, 2);
    assert!(err.contains("a bank account needs a bank id"), "{err}");
    // A password variable that is not set.
    let (code, _, err) = client_run(
        &[
            "profile",
            "--url",
            "https://x.example/",
            "--user",
            "u",
            "--password-env",
            "OFXKIT_NOT_SET_ANYWHERE",
            "--dry-run",
        ],
        "pw",
    );
    assert_eq!(code, 2);
    assert!(err.contains("OFXKIT_NOT_SET_ANYWHERE is not set"), "{err}");
    // A version ofxkit does not write; an element the version lacks.
    let (code, _, err) = client_run(
        &["profile", "--ofx-version", "104", "--user", "u", "--password-env", "OFXKIT_TEST_PW", "--dry-run"],
        "pw",
    );
    assert_eq!(code, 2);
    assert!(err.contains("104"), "{err}");
    let mut args = vec!["statement"];
    args.extend_from_slice(CONN);
    args.extend_from_slice(&[
        "--password-env",
        "OFXKIT_TEST_PW",
        "--account-type",
        "loan",
        "--account",
        "L1",
        "--dry-run",
    ]);
    let (code, _, err) = client_run(&args, "pw");
    assert_eq!(code, 2);
    assert!(err.contains("LOANMSGSRQV1 does not exist in OFX 1.x"), "{err}");
    // No network without a URL.
    let (code, _, err) = client_run(&["accounts", "--user", "u", "--password-env", "OFXKIT_TEST_PW"], "pw");
    assert_eq!(code, 1);
    assert!(err.contains("no URL"), "{err}");
}
