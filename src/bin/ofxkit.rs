//! The `ofxkit` command-line tool. Thin: parses arguments, calls the Rust API, prints.
//!
//! Exit status: 0 when every file was read (warnings go to stderr), 1 when a file could not be read (a
//! one-line reason on stderr), 2 for usage errors.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
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
