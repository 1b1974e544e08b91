//! The `ofxkit` command-line tool. Thin: parses arguments, calls the Rust API, prints.
//!
//! Exit status, `dump`: 0 when every file was read (warnings go to stderr), 1 when a file could not be
//! read (a one-line reason on stderr), 2 for usage errors. Client commands (`profile`, `accounts`,
//! `statement`, `closing`, `image`, `mfa`): 0 when the server answered and the signon succeeded, 3 when
//! the server answered with a non-zero signon status (the answer is still printed), 1 when the
//! exchange failed (a one-line reason on stderr), 2 for usage errors.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use ofxkit::client::ops::{self, AccountRef, StatementQuery};
use ofxkit::client::session::ImageRefType;
use ofxkit::client::{Client, ClientConfig};
use ofxkit::document::{ClosingBody, Document, ParseOptions, StatementBody};
use rust_decimal::Decimal;

#[derive(Parser)]
#[command(name = "ofxkit", version, about = "OFX (Open Financial Exchange) reader and client")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Read OFX/QFX files and print a summary, JSON or CSV.
    Dump {
        /// Files to read.
        #[arg(required = true)]
        files: Vec<String>,
        /// Print the JSON view (one document per line when several files).
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print transactions as CSV.
        #[arg(long)]
        csv: bool,
        /// Strict mode: spec violations are errors.
        #[arg(long)]
        strict: bool,
        /// Do not print warnings to stderr.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Download the FI profile (message sets, signon realms).
    Profile {
        #[command(flatten)]
        conn: ConnArgs,
    },
    /// Download the account list.
    Accounts {
        #[command(flatten)]
        conn: ConnArgs,
    },
    /// Download a statement (bank, credit card, investment or loan).
    Statement {
        #[command(flatten)]
        conn: ConnArgs,
        #[command(flatten)]
        acct: AcctArgs,
    },
    /// Download closing information (bank, credit card, loan).
    Closing {
        #[command(flatten)]
        conn: ConnArgs,
        #[command(flatten)]
        acct: AcctArgs,
    },
    /// Ask for the MFA questions (answer them with --mfa-answer on the next command).
    Mfa {
        #[command(flatten)]
        conn: ConnArgs,
    },
    /// Send many requests under one signon in one HTTPS post (OFXBatch).
    Batch {
        #[command(flatten)]
        conn: ConnArgs,
        /// One request: KIND[:key=value,...], e.g. statement:account-type=checking,bank-id=121000248,account=1234,start=2024-01-01;
        /// kinds: statement, closing (keys as the statement options), accounts, profile.
        #[arg(long = "item", value_name = "KIND[:key=value,...]", required = true)]
        items: Vec<String>,
        /// Also write the whole answer to this file (a data file `ofxkit dump` and ofx_batch_read_file read).
        #[arg(long, value_name = "FILE")]
        save: Option<String>,
    },
    /// Run the sandbox FI: a real HTTPS OFX server on loopback with demo users and accounts.
    #[cfg(feature = "sandbox")]
    Sandbox {
        /// Port on 127.0.0.1 (0: any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Where to write ca.pem, server.pem and server.key (default: a new directory under the
        /// system's temporary directory).
        #[arg(long)]
        cert_dir: Option<String>,
        /// Serve this certificate (PEM) instead of generating one (with --key).
        #[arg(long, requires = "key")]
        cert: Option<String>,
        /// The certificate's key (PEM).
        #[arg(long, requires = "cert")]
        key: Option<String>,
        /// Misbehave: none, delay:MS, drop-after-headers, truncated-body, truncated-ofx, html-error,
        /// html-200, empty-with-cookie, empty-no-cookie, untrusted-cert, drop-before-reply, status:CODE.
        #[arg(long, default_value = "none")]
        fault: String,
        /// Approve every CLIENTUID at once (user uid).
        #[arg(long)]
        auto_approve_clientuid: bool,
        /// Write {"url", "port", "ca"} as JSON to this file once listening (for scripts).
        #[arg(long)]
        ready_file: Option<String>,
        /// Do not print the demo users and accounts.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Download a check or statement image by its IMAGEREF.
    Image {
        #[command(flatten)]
        conn: ConnArgs,
        /// The IMAGEREF of an IMAGEDATA.
        #[arg(long = "ref")]
        image_ref: String,
        /// Its IMAGEREFTYPE: opaque (an OFX request, default), url or formurl.
        #[arg(long, default_value = "opaque")]
        ref_type: String,
        /// Where to write the image (default: stdout).
        #[arg(long, short)]
        output: Option<String>,
    },
}

/// How to reach the FI and sign on.
#[derive(Args, Clone, Debug)]
struct ConnArgs {
    /// The FI's OFX server URL.
    #[arg(long)]
    url: Option<String>,
    /// FI ORG of the signon.
    #[arg(long)]
    org: Option<String>,
    /// FI FID of the signon.
    #[arg(long)]
    fid: Option<String>,
    /// USERID.
    #[arg(long)]
    user: Option<String>,
    /// Name of the environment variable holding the password (never given on the command line).
    #[arg(long, value_name = "VAR")]
    password_env: Option<String>,
    /// APPID (default QWIN).
    #[arg(long)]
    app_id: Option<String>,
    /// APPVER (default 2700).
    #[arg(long)]
    app_version: Option<String>,
    /// OFX version: 102 103 151 160 200 201 202 203 210 211 220 230 (default 102).
    #[arg(long)]
    ofx_version: Option<String>,
    /// CLIENTUID.
    #[arg(long)]
    client_uid: Option<String>,
    /// Also trust the CA certificates of this PEM file.
    #[arg(long)]
    ca_file: Option<String>,
    /// A built-in quirk profile (discover, citi, amex, vanguard, ...).
    #[arg(long)]
    profile: Option<String>,
    /// Any other setting, KEY=VALUE (repeatable; keys as in the README's client configuration).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    settings: Vec<String>,
    /// An MFA answer, PHRASEID=ANSWER (repeatable).
    #[arg(long = "mfa-answer", value_name = "ID=ANSWER")]
    mfa_answers: Vec<String>,
    /// Print the answer as JSON (the same JSON as `dump --json`).
    #[arg(long)]
    json: bool,
    /// Print the exact request that would be posted (password masked) and exit 0 without any network.
    #[arg(long)]
    dry_run: bool,
}

/// Which account and period.
#[derive(Args, Clone, Debug)]
struct AcctArgs {
    /// checking, savings, moneymrkt, creditline, cd, creditcard, investment or loan.
    #[arg(long)]
    account_type: String,
    /// Bank routing number (bank accounts).
    #[arg(long)]
    bank_id: Option<String>,
    /// Broker id (investment accounts).
    #[arg(long)]
    broker_id: Option<String>,
    /// Loan type (loan accounts; default MORTGAGE).
    #[arg(long)]
    loan_type: Option<String>,
    /// The account number.
    #[arg(long)]
    account: String,
    /// Start date (YYYY-MM-DD).
    #[arg(long)]
    start: Option<String>,
    /// End date (YYYY-MM-DD).
    #[arg(long)]
    end: Option<String>,
    /// Balances only, no transactions.
    #[arg(long)]
    no_transactions: bool,
    /// 2.x: include pending transactions.
    #[arg(long)]
    include_pending: bool,
    /// 2.1.1: include image references.
    #[arg(long)]
    include_images: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.cmd {
        Cmd::Dump { files, json, csv, strict, quiet } => dump(&files, json, csv, strict, quiet),
        Cmd::Profile { conn } => run_op(&conn, |_| Ok(ops::profile(None, None))),
        Cmd::Accounts { conn } => run_op(&conn, |_| Ok(ops::account_info(None))),
        Cmd::Statement { conn, acct } => run_op(&conn, |_| {
            let q = query(&acct)?;
            ops::statement(&q)
        }),
        Cmd::Closing { conn, acct } => run_op(&conn, |_| {
            let q = query(&acct)?;
            ops::closing(&q.account, q.start, q.end, q.include_images)
        }),
        Cmd::Mfa { conn } => run_op(&conn, |_| Ok(ops::mfa_challenge(ops::now()))),
        #[cfg(feature = "sandbox")]
        Cmd::Sandbox { port, cert_dir, cert, key, fault, auto_approve_clientuid, ready_file, quiet } => {
            sandbox(port, cert_dir, cert, key, &fault, auto_approve_clientuid, ready_file, quiet)
        }
        Cmd::Batch { conn, items, save } => batch(&conn, &items, save.as_deref()),
        Cmd::Image { conn, image_ref, ref_type, output } => image(&conn, &image_ref, &ref_type, output.as_deref()),
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("ofxkit: {msg}");
    ExitCode::from(2)
}

/// The client the connection options describe.
fn client(c: &ConnArgs) -> Result<Client, String> {
    let mut cfg = ClientConfig::default();
    if let Some(p) = &c.profile {
        cfg.apply_profile(p)?;
    }
    let pairs = [
        ("url", &c.url),
        ("org", &c.org),
        ("fid", &c.fid),
        ("user_id", &c.user),
        ("app_id", &c.app_id),
        ("app_ver", &c.app_version),
        ("version", &c.ofx_version),
        ("client_uid", &c.client_uid),
        ("ca_file", &c.ca_file),
    ];
    for (k, v) in pairs {
        if let Some(v) = v {
            cfg.set(k, v).map_err(|e| format!("--{}: {e}", k.replace('_', "-")))?;
        }
    }
    if let Some(var) = &c.password_env {
        let pw = std::env::var(var).map_err(|_| format!("--password-env: environment variable {var} is not set"))?;
        cfg.set("password", &pw)?;
    }
    for kv in &c.settings {
        let (k, v) = kv.split_once('=').ok_or_else(|| format!("--set: '{kv}' is not KEY=VALUE"))?;
        cfg.set(k.trim(), v).map_err(|e| format!("--set {}: {e}", k.trim()))?;
    }
    let mut client = Client::new(cfg, std::sync::Arc::new(ofxkit::client::events::NoEvents));
    for kv in &c.mfa_answers {
        let (k, v) = kv.split_once('=').ok_or_else(|| format!("--mfa-answer: '{kv}' is not PHRASEID=ANSWER"))?;
        client.set_mfa_answer(k.trim(), v);
    }
    Ok(client)
}

fn query(a: &AcctArgs) -> Result<StatementQuery, String> {
    let account = AccountRef::from_words(
        &a.account_type,
        &a.account,
        a.bank_id.as_deref(),
        a.broker_id.as_deref(),
        a.loan_type.as_deref(),
    )?;
    let mut q = StatementQuery::new(account);
    q.start = a.start.as_deref().map(ops::parse_user_date).transpose().map_err(|e| format!("--start: {e}"))?;
    q.end = a.end.as_deref().map(ops::parse_user_date).transpose().map_err(|e| format!("--end: {e}"))?;
    q.include_transactions = !a.no_transactions;
    if a.include_pending {
        q.include_pending = Some(true);
    }
    if a.include_images {
        q.include_images = Some(true);
    }
    Ok(q)
}

/// Builds one request, then prints it (--dry-run) or posts it and prints the answer.
fn run_op(
    c: &ConnArgs,
    make: impl FnOnce(&Client) -> Result<ofxkit::client::request::RequestBody, String>,
) -> ExitCode {
    let mut client = match client(c) {
        Ok(cl) => cl,
        Err(e) => return usage(&e),
    };
    let body = match make(&client) {
        Ok(b) => b,
        Err(e) => return usage(&e),
    };
    let item = client.item(body);
    if c.dry_run {
        return match client.request_text(std::slice::from_ref(&item), true) {
            Ok(t) => {
                print!("{t}");
                ExitCode::SUCCESS
            }
            Err(e) => usage(&e.message),
        };
    }
    match client.exchange(std::slice::from_ref(&item)) {
        Ok(doc) => print_answer(&doc, c.json),
        Err(e) => {
            eprintln!("ofxkit: {}", e.message);
            if let Some(t) = &e.transport {
                if let Some(b) = &t.body_start {
                    eprintln!("ofxkit: the server's answer begins: {b}");
                }
            }
            ExitCode::from(1)
        }
    }
}

/// Prints an answer; 3 when the signon failed.
fn print_answer(doc: &Document, json: bool) -> ExitCode {
    if json {
        println!("{}", ofxkit::json::to_json(doc));
    } else {
        print!("{}", summary("answer", doc));
        for q in ofxkit::client::session::mfa_questions(doc) {
            println!("  MFA question {}: {}", q.phrase_id, q.label.as_deref().unwrap_or("(built-in)"));
        }
    }
    let code = doc.signon_status().and_then(|s| s.code).unwrap_or(-1);
    if code != 0 {
        let st = doc.signon_status();
        let msg = st.and_then(|s| doc.opt_text(&s.message)).unwrap_or("");
        eprintln!("ofxkit: the server refused the signon: status {code} {msg}");
        return ExitCode::from(3);
    }
    ExitCode::SUCCESS
}

#[cfg(feature = "sandbox")]
#[allow(clippy::too_many_arguments)]
fn sandbox(
    port: u16,
    cert_dir: Option<String>,
    cert: Option<String>,
    key: Option<String>,
    fault: &str,
    auto_approve: bool,
    ready_file: Option<String>,
    quiet: bool,
) -> ExitCode {
    use ofxkit::sandbox::{Sandbox, SandboxOptions};
    let fault = match ofxkit::sandbox::parse_fault(fault) {
        Ok(f) => f,
        Err(e) => return usage(&format!("--fault: {e}")),
    };
    let dir = cert_dir
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join(format!("ofxkit-sandbox-{}", std::process::id())));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("ofxkit: cannot create {}: {e}", dir.display());
        return ExitCode::from(1);
    }
    let mut opts = SandboxOptions::default();
    opts.server.port = port;
    opts.server.cert_dir = Some(dir.clone());
    opts.server.cert_pem = cert.map(Into::into);
    opts.server.key_pem = key.map(Into::into);
    opts.fi.auto_approve_client_uid = auto_approve;
    let sb = match Sandbox::start(opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("ofxkit: the sandbox could not start: {e}");
            return ExitCode::from(1);
        }
    };
    sb.server.set_fault(fault);
    let ca = sb
        .server
        .ca_path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| dir.join("ca.pem").display().to_string());
    println!("ofxkit sandbox FI listening on {}", sb.url());
    println!("CA certificate: {ca}");
    println!("  (trust it: --ca-file {ca}, or ofx_client_set(client, \"ca_file\", path))");
    if !quiet {
        print!("{}", sb.fi.describe());
    }
    println!("Ctrl-C stops it.");
    let _ = std::io::stdout().flush();
    if let Some(f) = ready_file {
        let mut j = String::from("{\"url\":");
        ofxkit::model::define::escape_into(&mut j, &sb.url());
        j.push_str(&format!(",\"port\":{},\"ca\":", sb.server.port()));
        ofxkit::model::define::escape_into(&mut j, &ca);
        j.push('}');
        // Written whole and renamed, so a reader never sees half of it.
        let tmp = format!("{f}.tmp");
        if std::fs::write(&tmp, j).and_then(|_| std::fs::rename(&tmp, &f)).is_err() {
            eprintln!("ofxkit: cannot write {f}");
            return ExitCode::from(1);
        }
    }
    loop {
        std::thread::park();
    }
}

/// Reads one `--item KIND[:key=value,...]` into a request body.
fn batch_item(spec: &str) -> Result<ofxkit::client::request::RequestBody, String> {
    let (kind, rest) = spec.split_once(':').unwrap_or((spec, ""));
    let mut kv = std::collections::BTreeMap::new();
    for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, "true"));
        kv.insert(k.trim().to_string(), v.trim().to_string());
    }
    let get = |k: &str| kv.get(k).cloned();
    let known: &[&str] = match kind {
        "accounts" | "profile" => &["since"],
        "statement" | "closing" => &[
            "account-type",
            "bank-id",
            "broker-id",
            "loan-type",
            "account",
            "start",
            "end",
            "no-transactions",
            "include-pending",
            "include-images",
        ],
        other => return Err(format!("--item: unknown kind '{other}' (statement, closing, accounts, profile)")),
    };
    if let Some(k) = kv.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(format!("--item {kind}: unknown key '{k}' (known: {})", known.join(", ")));
    }
    let since = get("since").as_deref().map(ops::parse_user_date).transpose()?;
    match kind {
        "accounts" => Ok(ops::account_info(since)),
        "profile" => Ok(ops::profile(since, None)),
        _ => {
            let flag = |k: &str| get(k).is_some_and(|v| v != "false" && v != "0" && v != "n");
            let a = AcctArgs {
                account_type: get("account-type").ok_or(format!("--item {kind}: account-type is needed"))?,
                bank_id: get("bank-id"),
                broker_id: get("broker-id"),
                loan_type: get("loan-type"),
                account: get("account").ok_or(format!("--item {kind}: account is needed"))?,
                start: get("start"),
                end: get("end"),
                no_transactions: flag("no-transactions"),
                include_pending: flag("include-pending"),
                include_images: flag("include-images"),
            };
            let q = query(&a)?;
            if kind == "statement" {
                ops::statement(&q)
            } else {
                ops::closing(&q.account, q.start, q.end, q.include_images)
            }
        }
    }
}

fn batch(c: &ConnArgs, specs: &[String], save: Option<&str>) -> ExitCode {
    let mut client = match client(c) {
        Ok(cl) => cl,
        Err(e) => return usage(&e),
    };
    let mut b = ofxkit::client::batch::Batch::new(&client);
    for spec in specs {
        match batch_item(spec) {
            Ok(body) => {
                if let Err(e) = b.add(client.item(body)) {
                    return usage(&e);
                }
            }
            Err(e) => return usage(&e),
        }
    }
    if c.dry_run {
        return match client.request_text(&b.requests(), true) {
            Ok(t) => {
                print!("{t}");
                ExitCode::SUCCESS
            }
            Err(e) => usage(&e.message),
        };
    }
    if let Err(e) = b.post(&mut client) {
        eprintln!("ofxkit: {}", e.message);
        return ExitCode::from(1);
    }
    if let (Some(path), Some(doc)) = (save, b.answer.as_ref()) {
        let v = ofxkit::markup::writer::Version::from_number(u32::from(doc.version()));
        let text = v.and_then(|v| {
            ofxkit::markup::writer::write_document(&doc.tree, &ofxkit::markup::writer::WriteOptions::new(v)).ok()
        });
        if let Err(e) = std::fs::write(path, text.unwrap_or_default()) {
            eprintln!("ofxkit: cannot write {path}: {e}");
            return ExitCode::from(1);
        }
    }
    let signon_ok = b.answer.as_ref().and_then(|d| d.signon_status()).and_then(|s| s.code) == Some(0);
    if c.json {
        let mut out = String::from("{\"items\":[");
        for (i, it) in b.items().iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"type\":");
            ofxkit::model::define::escape_into(&mut out, it.request.body.kind().name());
            out.push_str(",\"uid\":");
            ofxkit::model::define::escape_into(&mut out, &it.request.trnuid);
            out.push_str(",\"status\":");
            match (&it.error, &it.response) {
                (None, Some(doc)) => {
                    let st = doc.wrappers.first().and_then(|w| w.status.as_ref());
                    out.push_str(&format!("{{\"code\":{}", st.and_then(|s| s.code).unwrap_or(-1)));
                    if let Some(sev) = st.and_then(|s| doc.opt_text(&s.severity)) {
                        out.push_str(",\"severity\":");
                        ofxkit::model::define::escape_into(&mut out, sev);
                    }
                    if let Some(m) = st.and_then(|s| doc.opt_text(&s.message)) {
                        out.push_str(",\"message\":");
                        ofxkit::model::define::escape_into(&mut out, m);
                    }
                    out.push('}');
                }
                (Some(e), _) => {
                    out.push_str("{\"error\":");
                    ofxkit::model::define::escape_into(&mut out, &e.message());
                    out.push('}');
                }
                (None, None) => out.push_str("null"),
            }
            out.push_str(",\"response\":");
            match &it.response {
                Some(doc) => out.push_str(&ofxkit::json::to_json(doc)),
                None => out.push_str("null"),
            }
            out.push('}');
        }
        out.push_str("]}");
        println!("{out}");
    } else {
        for (i, it) in b.items().iter().enumerate() {
            println!("item {i}: {} {}", it.request.body.kind().name(), it.request.trnuid);
            match (&it.error, &it.response) {
                (None, Some(doc)) => print!("{}", summary("  answer", doc)),
                (Some(e), _) => println!("  error: {}", e.message()),
                _ => {}
            }
        }
    }
    if !signon_ok {
        eprintln!("ofxkit: the server refused the signon");
        return ExitCode::from(3);
    }
    ExitCode::SUCCESS
}

fn image(c: &ConnArgs, image_ref: &str, ref_type: &str, output: Option<&str>) -> ExitCode {
    let Some(t) = ImageRefType::from_name(ref_type) else {
        return usage(&format!("--ref-type: '{ref_type}' is not opaque, url or formurl"));
    };
    let mut client = match client(c) {
        Ok(cl) => cl,
        Err(e) => return usage(&e),
    };
    if c.dry_run {
        if t == ImageRefType::Url {
            println!("GET {image_ref}");
            return ExitCode::SUCCESS;
        }
        let body = match ops::image(image_ref) {
            Ok(b) => b,
            Err(e) => return usage(&e),
        };
        let item = client.item(body);
        return match client.request_text(std::slice::from_ref(&item), true) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => usage(&e.message),
        };
    }
    match client.image(t, image_ref) {
        Ok(img) => {
            let r = match output {
                Some(p) => std::fs::write(p, &img.bytes)
                    .map(|_| eprintln!("ofxkit: {} bytes of {} written to {p}", img.bytes.len(), img.content_type)),
                None => std::io::stdout().write_all(&img.bytes),
            };
            match r {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("ofxkit: cannot write the image: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Err(e) => {
            eprintln!("ofxkit: {}", e.message);
            ExitCode::from(1)
        }
    }
}

fn dump(files: &[String], json: bool, csv: bool, strict: bool, quiet: bool) -> ExitCode {
    let mut failed = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (i, f) in files.iter().enumerate() {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("ofxkit: {f}: cannot read: {e}");
                failed = true;
                continue;
            }
        };
        let doc = match Document::parse_with(&bytes, ParseOptions { strict }) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("ofxkit: {f}: {e}");
                failed = true;
                continue;
            }
        };
        if !quiet {
            for w in &doc.warnings {
                eprintln!("ofxkit: {f}: warning: {w}");
            }
        }
        let r = if json {
            writeln!(out, "{}", ofxkit::json::to_json(&doc))
        } else if csv {
            write!(out, "{}", ofxkit::json::to_csv(&doc))
        } else {
            if i > 0 {
                let _ = writeln!(out);
            }
            write!(out, "{}", summary(f, &doc))
        };
        if r.is_err() {
            // Broken pipe: stop quietly.
            return ExitCode::from(if failed { 1 } else { 0 });
        }
    }
    ExitCode::from(if failed { 1 } else { 0 })
}

fn summary(file: &str, doc: &Document) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let t = |r: &Option<ofxkit::model::define::TextRef>| doc.opt_text(r).unwrap_or("").to_string();
    let _ = writeln!(s, "{file}: OFX {} ({:?}, {})", doc.version(), doc.syntax, doc.charset.name());
    if let Some(so) = &doc.signon {
        let st = so.status.as_deref();
        let code = st.and_then(|s| s.code).unwrap_or(-1);
        let sev = st.map(|s| t(&s.severity)).unwrap_or_default();
        let org = so.fi.as_deref().map(|f| t(&f.org)).unwrap_or_default();
        let _ = writeln!(
            s,
            "  signon: status {code} {sev}{}",
            if org.is_empty() { String::new() } else { format!(", FI {org}") }
        );
        if let Some(m) = st.and_then(|s| s.message.as_ref()) {
            let _ = writeln!(s, "    message: {}", doc.text(m));
        }
    }
    for st in &doc.statements {
        let (acct, cur, n, sum) = match &st.body {
            StatementBody::Bank(b) => {
                let txs = b.banktranlist.iter().flat_map(|l| l.transactions.iter());
                let sum: Decimal = txs.clone().filter_map(|x| x.trnamt.map(|a| a.value)).sum();
                (b.bankacctfrom.as_deref().map(|a| t(&a.acctid)).unwrap_or_default(), t(&b.curdef), txs.count(), sum)
            }
            StatementBody::CreditCard(b) => {
                let txs = b.banktranlist.iter().flat_map(|l| l.transactions.iter());
                let sum: Decimal = txs.clone().filter_map(|x| x.trnamt.map(|a| a.value)).sum();
                (b.ccacctfrom.as_deref().map(|a| t(&a.acctid)).unwrap_or_default(), t(&b.curdef), txs.count(), sum)
            }
            StatementBody::Investment(b) => {
                let txs = b.invtranlist.iter().flat_map(|l| l.transactions.iter());
                let sum: Decimal = txs.clone().filter_map(|x| x.amount().map(|a| a.value)).sum();
                (b.invacctfrom.as_deref().map(|a| t(&a.acctid)).unwrap_or_default(), t(&b.curdef), txs.count(), sum)
            }
            StatementBody::Loan(b) => {
                let txs = b.loantranlist.iter().flat_map(|l| l.transactions.iter());
                let sum: Decimal = txs.clone().filter_map(|x| x.trnamt.map(|a| a.value)).sum();
                (
                    b.loanacctfrom.as_deref().map(|a| t(&a.loanacctid)).unwrap_or_default(),
                    t(&b.curdef),
                    txs.count(),
                    sum,
                )
            }
        };
        let _ = writeln!(s, "  {} statement, account {acct} ({cur}): {n} transactions, total {sum}", st.kind().name());
        match &st.body {
            StatementBody::Bank(b) => {
                if let Some(l) = b.ledgerbal.as_deref().and_then(|l| l.balamt) {
                    let _ = writeln!(s, "    ledger balance {}", l.value);
                }
            }
            StatementBody::CreditCard(b) => {
                if let Some(l) = b.ledgerbal.as_deref().and_then(|l| l.balamt) {
                    let _ = writeln!(s, "    ledger balance {}", l.value);
                }
            }
            StatementBody::Investment(b) => {
                let np = b.invposlist.as_ref().map(|p| p.positions.len()).unwrap_or(0);
                let _ = writeln!(s, "    {np} positions");
            }
            StatementBody::Loan(_) => {}
        }
    }
    for c in &doc.closings {
        let n = match &c.body {
            ClosingBody::Bank(b) => b.closings.len(),
            ClosingBody::CreditCard(b) => b.closings.len(),
            ClosingBody::Loan(b) => b.closings.len(),
            ClosingBody::Investment(b) => b.closings.len(),
        };
        let _ = writeln!(s, "  closing information: {n} periods");
    }
    if !doc.accounts.is_empty() {
        let _ = writeln!(s, "  accounts: {}", doc.accounts.len());
        for a in &doc.accounts {
            let _ = writeln!(s, "    {} {}", a.kind(), doc.opt_text(&a.account_id()).unwrap_or(""));
        }
    }
    if !doc.securities.is_empty() {
        let _ = writeln!(s, "  securities: {}", doc.securities.len());
    }
    if doc.profile.is_some() {
        let _ = writeln!(s, "  FI profile");
    }
    if !doc.warnings.is_empty() {
        let _ = writeln!(s, "  {} warnings", doc.warnings.len());
    }
    s
}
