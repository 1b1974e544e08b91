//! The client commands of the CLI against the sandbox FI (started in-process): statement, batch,
//! transfer and sync-transfers with --json, and the exit status of a refused signon.
#![cfg(feature = "sandbox")]

use std::process::Command;

use ofxkit::sandbox::{Sandbox, SandboxOptions};

fn run(sb: &Running, ca: &std::path::Path, password: &str, args: &[&str]) -> (i32, serde_json::Value, String) {
    let mut all = vec![
        args[0],
        "--url",
        &sb.url_string,
        "--org",
        "ofxkit Sandbox",
        "--fid",
        "7777",
        "--user",
        "demo",
        "--password-env",
        "OFXKIT_CLI_PW",
        "--ca-file",
        ca.to_str().unwrap(),
        "--json",
    ];
    all.extend_from_slice(&args[1..]);
    let out = Command::new(env!("CARGO_BIN_EXE_ofxkit")).args(&all).env("OFXKIT_CLI_PW", password).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let v = serde_json::from_str(stdout.trim()).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), v, String::from_utf8_lossy(&out.stderr).to_string())
}

struct Running {
    sb: Sandbox,
    url_string: String,
}

impl std::ops::Deref for Running {
    type Target = Sandbox;
    fn deref(&self) -> &Sandbox {
        &self.sb
    }
}

#[test]
fn client_commands_print_json() {
    let sb = Sandbox::start(SandboxOptions::default()).unwrap();
    let sb = Running { url_string: sb.url(), sb };
    let ca = std::env::temp_dir().join(format!("ofxkit-cli-ca-{}.pem", std::process::id()));
    std::fs::write(&ca, sb.server.ca_pem()).unwrap();
    let r = |pw: &str, args: &[&str]| run(&sb, &ca, pw, args);

    let (code, v, err) = r(
        "demo-pass",
        &[
            "statement",
            "--account-type",
            "checking",
            "--bank-id",
            "077700077",
            "--account",
            "1000123456",
            "--start",
            "2025-01-01",
            "--end",
            "2025-02-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["statements"][0]["account_id"], "1000123456");
    assert!(v["statements"][0]["transactions"].as_array().unwrap().len() > 5);

    let (code, v, err) = r(
        "demo-pass",
        &[
            "batch",
            "--item",
            "statement:account-type=checking,bank-id=077700077,account=1000123456,start=2025-01-01",
            "--item",
            "statement:account-type=creditcard,account=4000123412341234,start=2025-01-01",
            "--item",
            "accounts",
            "--item",
            "profile",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[0]["type"], "bank_statement");
    assert_eq!(items[0]["status"]["code"], 0);
    assert_eq!(items[0]["uid"].as_str().unwrap().len(), 36);
    assert_eq!(items[1]["response"]["statements"][0]["account_id"], "4000123412341234");
    assert!(items[0]["response"]["statements"][0]["transactions"].as_array().unwrap().len() > 5);
    assert!(items[2]["response"]["accounts"].as_array().unwrap().len() >= 4);

    let (code, v, err) = r(
        "demo-pass",
        &[
            "transfer",
            "--account-type",
            "checking",
            "--bank-id",
            "077700077",
            "--account",
            "1000123456",
            "--to-account",
            "1000654321",
            "--to-account-type",
            "savings",
            "--amount",
            "25.00",
            "--due",
            "2031-03-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let id = v["transfer_id"].as_str().unwrap().to_string();
    assert_eq!(v["status"]["code"], 0);
    assert_eq!(v["amount"], "25.00");
    assert_eq!(v["due"], "2031-03-01T00:00:00Z");
    assert_eq!(v["process_code"], "WILLPROCESSON");

    let (code, v, err) = r(
        "demo-pass",
        &[
            "sync-transfers",
            "--account-type",
            "checking",
            "--bank-id",
            "077700077",
            "--account",
            "1000123456",
            "--token",
            "0",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["lost_sync"], false);
    let token = v["token"].as_str().unwrap().to_string();
    let t = v["transfers"].as_array().unwrap();
    assert!(t.iter().any(|x| x["transfer_id"] == id.as_str()
        && x["change"] == "added"
        && x["to_account"] == "077700077:1000654321"));
    let (_, v, _) = r(
        "demo-pass",
        &[
            "sync-transfers",
            "--account-type",
            "checking",
            "--bank-id",
            "077700077",
            "--account",
            "1000123456",
            "--token",
            &token,
        ],
    );
    assert_eq!(v["transfers"].as_array().unwrap().len(), 0);
    assert_eq!(v["token"], token.as_str());

    // A refused signon: exit status 3, the answer still printed.
    let (code, v, err) = r("wrong", &["accounts"]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(v["signon"]["status"]["code"], 15500);
    let _ = std::fs::remove_file(&ca);
}
