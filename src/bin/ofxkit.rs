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
    /// Transfer money (intrabank when the destination is at the same bank, else interbank).
    Transfer {
        #[command(flatten)]
        conn: ConnArgs,
        #[command(flatten)]
        xfer: XferArgs,
        /// Keep this TRNUID (to ask again, after a lost answer, without moving money twice).
        #[arg(long)]
        trnuid: Option<String>,
    },
    /// Change a scheduled transfer (the full transfer is sent again).
    TransferModify {
        #[command(flatten)]
        conn: ConnArgs,
        #[arg(long)]
        transfer_id: String,
        #[command(flatten)]
        xfer: XferArgs,
    },
    /// Cancel a scheduled transfer.
    TransferCancel {
        #[command(flatten)]
        conn: ConnArgs,
        #[arg(long)]
        transfer_id: String,
        #[command(flatten)]
        acct: FromArgs,
        /// The transfer was interbank.
        #[arg(long)]
        interbank: bool,
    },
    /// What happened to the transfers of an account since a token (0: everything, REFRESH: the current state).
    SyncTransfers {
        #[command(flatten)]
        conn: ConnArgs,
        #[command(flatten)]
        acct: FromArgs,
        #[arg(long)]
        token: String,
        /// Interbank transfers instead of intrabank ones.
        #[arg(long)]
        interbank: bool,
        /// REJECTIFMISSING.
        #[arg(long)]
        reject_if_missing: bool,
    },
    /// Pay a bill.
    Pay {
        #[command(flatten)]
        conn: ConnArgs,
        #[command(flatten)]
        pay: PayArgs,
        #[arg(long)]
        trnuid: Option<String>,
    },
    /// Change a scheduled payment.
    PaymentModify {
        #[command(flatten)]
        conn: ConnArgs,
        #[arg(long)]
        payment_id: String,
        #[command(flatten)]
        pay: PayArgs,
    },
    /// Cancel a scheduled payment.
    PaymentCancel {
        #[command(flatten)]
        conn: ConnArgs,
        #[arg(long)]
        payment_id: String,
    },
    /// Where a payment stands.
    PaymentStatus {
        #[command(flatten)]
        conn: ConnArgs,
        #[arg(long)]
        payment_id: String,
    },
    /// Add a payee to the payee list.
    PayeeAdd {
        #[command(flatten)]
        conn: ConnArgs,
        #[command(flatten)]
        payee: PayeeArgs,
    },
    /// Change a payee of the list.
    PayeeModify {
        #[command(flatten)]
        conn: ConnArgs,
        #[arg(long)]
        payee_list_id: String,
        #[command(flatten)]
        payee: PayeeArgs,
    },
    /// Delete a payee from the list.
    PayeeDelete {
        #[command(flatten)]
        conn: ConnArgs,
        #[arg(long)]
        payee_list_id: String,
    },
    /// What happened to the payee list since a token.
    SyncPayees {
        #[command(flatten)]
        conn: ConnArgs,
        #[arg(long)]
        token: String,
        #[arg(long)]
        reject_if_missing: bool,
    },
    /// What happened to the payments of an account since a token.
    SyncPayments {
        #[command(flatten)]
        conn: ConnArgs,
        #[command(flatten)]
        acct: FromArgs,
        #[arg(long)]
        token: String,
        #[arg(long)]
        reject_if_missing: bool,
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

/// The account money leaves.
#[derive(Args, Clone, Debug)]
struct FromArgs {
    /// checking, savings, moneymrkt, creditline, cd, creditcard or loan.
    #[arg(long)]
    account_type: String,
    /// Bank routing number (bank accounts).
    #[arg(long)]
    bank_id: Option<String>,
    /// The account number.
    #[arg(long)]
    account: String,
}

impl FromArgs {
    fn account(&self) -> Result<AccountRef, String> {
        AccountRef::from_words(&self.account_type, &self.account, self.bank_id.as_deref(), None, None)
    }
}

/// A transfer.
#[derive(Args, Clone, Debug)]
struct XferArgs {
    #[command(flatten)]
    from: FromArgs,
    /// The destination's bank id (absent or equal to --bank-id: intrabank).
    #[arg(long)]
    to_bank_id: Option<String>,
    /// The destination account number.
    #[arg(long)]
    to_account: String,
    /// The destination's type (checking, savings, creditcard, loan, ...).
    #[arg(long)]
    to_account_type: String,
    /// The amount, e.g. 25.00 (more than zero).
    #[arg(long)]
    amount: String,
    /// Due date (YYYY-MM-DD); absent: as soon as possible.
    #[arg(long)]
    due: Option<String>,
}

impl XferArgs {
    fn spec(&self) -> Result<ofxkit::client::money::TransferSpec, String> {
        let from = self.from.account()?;
        let to_bank = self.to_bank_id.as_deref().or(self.from.bank_id.as_deref());
        let to = AccountRef::from_words(&self.to_account_type, &self.to_account, to_bank, None, None)
            .map_err(|e| format!("destination: {e}"))?;
        let amount = ofxkit::client::money::parse_money(&self.amount).map_err(|e| format!("--amount: {e}"))?;
        let due = self.due.as_deref().map(ops::parse_user_date).transpose().map_err(|e| format!("--due: {e}"))?;
        Ok(ofxkit::client::money::TransferSpec { from, to, amount, due })
    }
}

/// A payee, by standard id or full address, with the account at the payee.
#[derive(Args, Clone, Debug)]
struct PayeeArgs {
    /// A standard payee id (PAYEEID) instead of an address.
    #[arg(long)]
    payee_id: Option<String>,
    #[arg(long)]
    payee_name: Option<String>,
    #[arg(long)]
    payee_addr1: Option<String>,
    #[arg(long)]
    payee_addr2: Option<String>,
    #[arg(long)]
    payee_city: Option<String>,
    #[arg(long)]
    payee_state: Option<String>,
    #[arg(long)]
    payee_postal_code: Option<String>,
    #[arg(long)]
    payee_phone: Option<String>,
    /// The user's account number at the payee.
    #[arg(long)]
    pay_account: Option<String>,
}

impl PayeeArgs {
    fn address(&self) -> Option<ofxkit::model::bank::shared::PayeeO> {
        self.payee_name.as_ref()?;
        Some(ofxkit::model::bank::shared::PayeeO {
            name: self.payee_name.clone(),
            addr1: self.payee_addr1.clone(),
            addr2: self.payee_addr2.clone(),
            city: self.payee_city.clone(),
            state: self.payee_state.clone(),
            postalcode: self.payee_postal_code.clone(),
            phone: self.payee_phone.clone(),
            ..Default::default()
        })
    }
    fn payee(&self) -> Result<ofxkit::client::money::PayeeRef, String> {
        use ofxkit::client::money::PayeeRef;
        match (&self.payee_id, self.address()) {
            (Some(id), _) => Ok(PayeeRef::StandardId(id.clone())),
            (None, Some(a)) => Ok(PayeeRef::Address(Box::new(a))),
            (None, None) => Err("give --payee-id or --payee-name with the address".into()),
        }
    }
}

/// A payment.
#[derive(Args, Clone, Debug)]
struct PayArgs {
    #[command(flatten)]
    from: FromArgs,
    #[command(flatten)]
    payee: PayeeArgs,
    /// The payee's entry in the payee list.
    #[arg(long)]
    payee_list_id: Option<String>,
    #[arg(long)]
    amount: String,
    /// Due date (YYYY-MM-DD).
    #[arg(long)]
    due: String,
    #[arg(long)]
    memo: Option<String>,
}

impl PayArgs {
    fn spec(&self) -> Result<ofxkit::client::money::PaymentSpec, String> {
        Ok(ofxkit::client::money::PaymentSpec {
            from: self.from.account()?,
            amount: ofxkit::client::money::parse_money(&self.amount).map_err(|e| format!("--amount: {e}"))?,
            payee: self.payee.payee()?,
            payee_list_id: self.payee_list_id.clone(),
            pay_account: self.payee.pay_account.clone().ok_or("--pay-account is needed")?,
            due: ops::parse_user_date(&self.due).map_err(|e| format!("--due: {e}"))?,
            memo: self.memo.clone(),
        })
    }
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
        Cmd::Transfer { conn, xfer, trnuid } => {
            money_op(&conn, trnuid, || xfer.spec().and_then(|s| ofxkit::client::money::transfer(&s)))
        }
        Cmd::TransferModify { conn, transfer_id, xfer } => {
            money_op(&conn, None, || xfer.spec().and_then(|s| ofxkit::client::money::transfer_modify(&transfer_id, &s)))
        }
        Cmd::TransferCancel { conn, transfer_id, acct: _, interbank } => {
            money_op(&conn, None, || ofxkit::client::money::transfer_cancel(&transfer_id, interbank))
        }
        Cmd::Pay { conn, pay, trnuid } => {
            money_op(&conn, trnuid, || pay.spec().and_then(|s| ofxkit::client::money::payment(&s)))
        }
        Cmd::PaymentModify { conn, payment_id, pay } => {
            money_op(&conn, None, || pay.spec().and_then(|s| ofxkit::client::money::payment_modify(&payment_id, &s)))
        }
        Cmd::PaymentCancel { conn, payment_id } => {
            money_op(&conn, None, || ofxkit::client::money::payment_cancel(&payment_id))
        }
        Cmd::PaymentStatus { conn, payment_id } => {
            money_op(&conn, None, || ofxkit::client::money::payment_status(&payment_id))
        }
        Cmd::PayeeAdd { conn, payee } => money_op(&conn, None, || {
            let spec = ofxkit::client::money::PayeeSpec {
                payee: payee.payee()?,
                pay_accounts: payee.pay_account.clone().into_iter().collect(),
            };
            ofxkit::client::money::payee_add(&spec)
        }),
        Cmd::PayeeModify { conn, payee_list_id, payee } => money_op(&conn, None, || {
            let accts: Vec<String> = payee.pay_account.clone().into_iter().collect();
            ofxkit::client::money::payee_modify(&payee_list_id, payee.address().as_ref(), &accts)
        }),
        Cmd::PayeeDelete { conn, payee_list_id } => {
            money_op(&conn, None, || ofxkit::client::money::payee_delete(&payee_list_id))
        }
        Cmd::SyncTransfers { conn, acct, token, interbank, reject_if_missing } => sync_op(&conn, "transfers", || {
            let t = ofxkit::client::money::SyncToken::parse(&token)?;
            ofxkit::client::money::transfer_sync(&acct.account()?, &t, reject_if_missing, interbank)
        }),
        Cmd::SyncPayees { conn, token, reject_if_missing } => sync_op(&conn, "payees", || {
            let t = ofxkit::client::money::SyncToken::parse(&token)?;
            Ok(ofxkit::client::money::payee_sync(&t, reject_if_missing))
        }),
        Cmd::SyncPayments { conn, acct, token, reject_if_missing } => sync_op(&conn, "payments", || {
            let t = ofxkit::client::money::SyncToken::parse(&token)?;
            ofxkit::client::money::payment_sync(&acct.account()?, &t, reject_if_missing)
        }),
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
    // A directory made here (no --cert-dir) is removed again when the sandbox stops on SIGINT/SIGTERM.
    let made_dir = cert_dir.is_none();
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
    if !quiet {
        println!("ofxkit sandbox FI listening on {}", sb.url());
        println!("CA certificate: {ca}");
        println!("  (trust it: --ca-file {ca}, or ofx_client_set(client, \"ca_file\", path))");
        print!("{}", sb.fi.describe());
        println!("Ctrl-C stops it.");
    }
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
    stop_on_signal();
    while !STOP.load(std::sync::atomic::Ordering::SeqCst) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    drop(sb);
    if made_dir {
        let _ = std::fs::remove_dir_all(&dir);
    }
    ExitCode::SUCCESS
}

#[cfg(feature = "sandbox")]
static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// SIGINT and SIGTERM set STOP (the handler only stores to an atomic, which is async-signal-safe).
#[cfg(feature = "sandbox")]
fn stop_on_signal() {
    extern "C" fn on_signal(_: libc::c_int) {
        STOP.store(true, std::sync::atomic::Ordering::SeqCst);
    }
    // SAFETY: installing a handler that only stores to an atomic.
    unsafe {
        libc::signal(libc::SIGINT, on_signal as *const () as libc::sighandler_t);
        libc::signal(libc::SIGTERM, on_signal as *const () as libc::sighandler_t);
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

/// Builds one money request, then prints it (--dry-run) or posts it and prints what the server did;
/// 3 when the server refused (the answer is still printed).
fn money_op(
    c: &ConnArgs,
    trnuid: Option<String>,
    make: impl FnOnce() -> Result<ofxkit::client::request::RequestBody, String>,
) -> ExitCode {
    let mut client = match client(c) {
        Ok(cl) => cl,
        Err(e) => return usage(&e),
    };
    let body = match make() {
        Ok(b) => b,
        Err(e) => return usage(&e),
    };
    let mut item = client.item(body);
    if let Some(t) = trnuid {
        if t.is_empty() || t.chars().count() > 36 {
            return usage("--trnuid: 1 to 36 characters");
        }
        item.trnuid = t;
    }
    if c.dry_run {
        return match client.request_text(std::slice::from_ref(&item), true) {
            Ok(t) => {
                print!("{t}");
                ExitCode::SUCCESS
            }
            Err(e) => usage(&e.message),
        };
    }
    let doc = match client.exchange(std::slice::from_ref(&item)) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("ofxkit: {}", e.message);
            eprintln!(
                "ofxkit: the request's TRNUID was {} (give --trnuid {} to ask again without acting twice)",
                item.trnuid, item.trnuid
            );
            return ExitCode::from(1);
        }
    };
    let m = ofxkit::client::money::records(&doc);
    let parts: Vec<String> = m
        .transfers
        .iter()
        .map(ofxkit::client::money::json::transfer)
        .chain(m.payments.iter().map(ofxkit::client::money::json::payment))
        .chain(m.payees.iter().map(ofxkit::client::money::json::payee))
        .collect();
    if c.json {
        match parts.len() {
            1 => println!("{}", parts[0]),
            _ => println!("[{}]", parts.join(",")),
        }
    } else {
        for t in &m.transfers {
            println!(
                "transfer {} {}: status {} {}, {} from {} to {}{}",
                t.transfer_id.as_deref().unwrap_or("-"),
                t.change.name(),
                t.status.code.unwrap_or(-1),
                t.status.message.as_deref().unwrap_or(""),
                t.amount().map(|a| a.to_string()).unwrap_or_default(),
                t.from_account().unwrap_or_default(),
                t.to_account().unwrap_or_default(),
                t.process_status
                    .as_ref()
                    .and_then(|p| p.xferprccode.as_deref())
                    .map(|p| format!(", {p}"))
                    .unwrap_or_default()
            );
        }
        for p in &m.payments {
            println!(
                "payment {} {}: status {} {}{}",
                p.payment_id.as_deref().unwrap_or("-"),
                p.change.name(),
                p.status.code.unwrap_or(-1),
                p.status.message.as_deref().unwrap_or(""),
                p.process_status
                    .as_ref()
                    .and_then(|s| s.pmtprccode.as_deref())
                    .map(|s| format!(", {s}"))
                    .unwrap_or_default()
            );
        }
        for p in &m.payees {
            println!(
                "payee {} {}: status {} {}",
                p.payee_list_id.as_deref().unwrap_or("-"),
                p.change.name(),
                p.status.code.unwrap_or(-1),
                p.status.message.as_deref().unwrap_or("")
            );
        }
    }
    match ofxkit::client::session::check_statuses(&doc) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ofxkit: {}", e.message);
            ExitCode::from(3)
        }
    }
}

/// Runs a sync and prints `{"token", "lost_sync", "<what>": [...]}`; the token is printed only when
/// the whole answer was read.
fn sync_op(
    c: &ConnArgs,
    what: &str,
    make: impl FnOnce() -> Result<ofxkit::client::request::RequestBody, String>,
) -> ExitCode {
    let mut client = match client(c) {
        Ok(cl) => cl,
        Err(e) => return usage(&e),
    };
    let body = match make() {
        Ok(b) => b,
        Err(e) => return usage(&e),
    };
    if c.dry_run {
        let item = client.item(body);
        return match client.request_text(std::slice::from_ref(&item), true) {
            Ok(t) => {
                print!("{t}");
                ExitCode::SUCCESS
            }
            Err(e) => usage(&e.message),
        };
    }
    let mut records: Vec<String> = Vec::new();
    let mut each = |r: ofxkit::client::session::SyncRecord<'_>| {
        use ofxkit::client::session::SyncRecord;
        records.push(match r {
            SyncRecord::Transfer(t) => ofxkit::client::money::json::transfer(t),
            SyncRecord::Payment(p) => ofxkit::client::money::json::payment(p),
            SyncRecord::Payee(p) => ofxkit::client::money::json::payee(p),
        });
        true
    };
    match client.sync(body, &mut each) {
        Ok(o) => {
            if c.json {
                println!("{}", ofxkit::client::money::json::sync(&o.token, o.lost_sync, what, &records));
            } else {
                println!(
                    "token {}{}: {} {what}",
                    o.token,
                    if o.lost_sync { " (LOSTSYNC: the current state)" } else { "" },
                    records.len()
                );
                for r in &records {
                    println!("  {r}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("ofxkit: {} (keep the old token)", e.message);
            ExitCode::from(if matches!(e.kind, ofxkit::client::ClientErrorKind::Refused(_)) { 3 } else { 1 })
        }
    }
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
