//! The JSON view of a document (the same text from `ofx_response_to_json` and `ofxkit dump --json`),
//! and the CSV view of its transactions.
//!
//! Shape (keys present only when the document has the value):
//! ```text
//! { "version": "102", "syntax": "sgml"|"xml", "charset": "windows-1252",
//!   "header": {"OFXHEADER": "100", ...},
//!   "signon": {"status": {"code","severity","message"}, "dtserver", "language", "org", "fid", "fi": {...}, ...},
//!   "statements": [ {"kind": "bank"|"creditcard"|"investment"|"loan", "account_id", "bank_id", "branch_id",
//!        "account_type", "broker_id", "currency", "start", "end", "trnuid", "status": {...},
//!        "ledger_balance": {"amount","date"}, "available_balance": {...}, "balances": [...],
//!        "transactions": [ {"fitid","type","date_posted","amount","name","memo", ...} ],
//!        "positions": [...], "open_orders": [...], "investment_balance": {...}, "detail": {...} } ],
//!   "closings": [ {"kind","account_id","fitid","date_close","balance_close", ...} ],
//!   "accounts": [...], "securities": [...], "profile": {...},
//!   "responses": [ {"type": "STMTTRNRS", "trnuid", "status"} ],
//!   "warnings": [ {"code","message","line","offset"} ] }
//! ```
//! Amounts are exact decimal strings; date-times are ISO 8601 in UTC (`2024-01-15T17:00:00Z`), a date
//! without a time is that calendar day (`2024-01-15`).

use crate::document::{ClosingBody, Document, StatementBody, Wrapper};
use crate::model::bank::{Bal, BankAcct};
use crate::model::common::BalList;
use crate::model::define::{Aggregate, Json, TextRef};
use crate::model::signon::Status;

/// The whole document as JSON.
pub fn to_json(doc: &Document) -> String {
    let mut j = Json::new(&doc.tree);
    j.out.reserve(doc.tree.text_buffer().len() * 2);
    j.begin_obj();
    j.key("version");
    j.raw_str(&doc.version().to_string());
    j.key("syntax");
    j.raw_str(match doc.syntax {
        crate::document::Syntax::Sgml => "sgml",
        crate::document::Syntax::Xml => "xml",
    });
    j.key("charset");
    j.raw_str(doc.charset.name());
    j.key("header");
    j.begin_obj();
    for (k, v) in &doc.header.fields {
        j.key(k);
        j.str(v);
    }
    j.end_obj();

    if let Some(s) = &doc.signon {
        j.key("signon");
        j.begin_obj();
        s.json_fields(&mut j);
        if let Some(fi) = &s.fi {
            j.field("org", &fi.org);
            j.field("fid", &fi.fid);
        }
        j.end_obj();
    }

    j.key("statements");
    j.begin_arr();
    for st in &doc.statements {
        j.elem();
        j.begin_obj();
        j.key("kind");
        j.raw_str(st.kind().name());
        match &st.body {
            StatementBody::Bank(b) => {
                account(&mut j, b.bankacctfrom.as_deref());
                j.field("currency", &b.curdef);
                wrapper(&mut j, &st.wrapper);
                if let Some(l) = &b.banktranlist {
                    j.field("start", &l.dtstart);
                    j.field("end", &l.dtend);
                }
                balances(&mut j, b.ledgerbal.as_deref(), b.availbal.as_deref(), b.ballist.as_deref());
                j.key("transactions");
                j.begin_arr();
                for t in b.banktranlist.iter().flat_map(|l| l.transactions.iter()) {
                    j.elem();
                    j.agg(t);
                }
                j.end_arr();
                j.field("marketing_info", &b.mktginfo);
            }
            StatementBody::CreditCard(b) => {
                if let Some(a) = &b.ccacctfrom {
                    j.field("account_id", &a.acctid);
                }
                j.field("currency", &b.curdef);
                wrapper(&mut j, &st.wrapper);
                if let Some(l) = &b.banktranlist {
                    j.field("start", &l.dtstart);
                    j.field("end", &l.dtend);
                }
                balances(&mut j, b.ledgerbal.as_deref(), b.availbal.as_deref(), b.ballist.as_deref());
                j.key("transactions");
                j.begin_arr();
                for t in b.banktranlist.iter().flat_map(|l| l.transactions.iter()) {
                    j.elem();
                    j.agg(t);
                }
                j.end_arr();
                if let Some(r) = &b.rewardinfo {
                    j.key("reward_info");
                    j.agg(&**r);
                }
                j.field("marketing_info", &b.mktginfo);
            }
            StatementBody::Investment(b) => {
                if let Some(a) = &b.invacctfrom {
                    j.field("account_id", &a.acctid);
                    j.field("broker_id", &a.brokerid);
                }
                j.field("currency", &b.curdef);
                j.field("date_as_of", &b.dtasof);
                wrapper(&mut j, &st.wrapper);
                if let Some(l) = &b.invtranlist {
                    j.field("start", &l.dtstart);
                    j.field("end", &l.dtend);
                }
                if let Some(bal) = &b.invbal {
                    if let Some(bl) = &bal.ballist {
                        bal_list(&mut j, bl);
                    }
                    j.key("investment_balance");
                    j.agg(&**bal);
                }
                j.key("transactions");
                j.begin_arr();
                for t in b.invtranlist.iter().flat_map(|l| l.transactions.iter()) {
                    j.elem();
                    t.json(&mut j);
                }
                j.end_arr();
                j.key("positions");
                j.begin_arr();
                for p in b.invposlist.iter().flat_map(|l| l.positions.iter()) {
                    j.elem();
                    p.json(&mut j);
                }
                j.end_arr();
                if let Some(oo) = &b.invoolist {
                    j.key("open_orders");
                    j.begin_arr();
                    for o in oo.orders.iter() {
                        j.elem();
                        o.json(&mut j);
                    }
                    j.end_arr();
                }
                if let Some(k) = &b.inv401k {
                    j.key("inv401k");
                    j.agg(&**k);
                }
                if let Some(k) = &b.inv401kbal {
                    j.key("inv401k_balance");
                    j.agg(&**k);
                }
                j.field("marketing_info", &b.mktginfo);
            }
            StatementBody::Loan(b) => {
                if let Some(a) = &b.loanacctfrom {
                    j.field("account_id", &a.loanacctid);
                }
                j.field("currency", &b.curdef);
                wrapper(&mut j, &st.wrapper);
                if let Some(l) = &b.loantranlist {
                    j.field("start", &l.dtstart);
                    j.field("end", &l.dtend);
                }
                j.key("transactions");
                j.begin_arr();
                for t in b.loantranlist.iter().flat_map(|l| l.transactions.iter()) {
                    j.elem();
                    j.agg(t);
                }
                j.end_arr();
                j.key("detail");
                j.agg(&**b);
            }
        }
        j.end_obj();
    }
    j.end_arr();

    if !doc.closings.is_empty() {
        j.key("closings");
        j.begin_arr();
        for c in &doc.closings {
            match &c.body {
                ClosingBody::Bank(b) => {
                    let acct = |j: &mut Json<'_>| account(j, b.bankacctfrom.as_deref());
                    closing_records(&mut j, "bank", &acct, &b.curdef, &b.closings);
                }
                ClosingBody::CreditCard(b) => {
                    let acct = |j: &mut Json<'_>| j.field("account_id", &b.ccacctfrom.as_ref().and_then(|a| a.acctid));
                    closing_records(&mut j, "creditcard", &acct, &b.curdef, &b.closings);
                }
                ClosingBody::Loan(b) => {
                    let acct =
                        |j: &mut Json<'_>| j.field("account_id", &b.loanacctfrom.as_ref().and_then(|a| a.loanacctid));
                    closing_records(&mut j, "loan", &acct, &b.curdef, &b.closings);
                }
                ClosingBody::Investment(b) => {
                    let acct = |j: &mut Json<'_>| {
                        j.field("account_id", &b.invacctfrom.as_ref().and_then(|a| a.acctid));
                        j.field("broker_id", &b.invacctfrom.as_ref().and_then(|a| a.brokerid));
                    };
                    closing_records(&mut j, "investment", &acct, &b.curdef, &b.closings);
                }
            }
        }
        j.end_arr();
    }

    if !doc.accounts.is_empty() {
        j.key("accounts");
        j.begin_arr();
        for a in &doc.accounts {
            j.elem();
            a.view_json(&mut j);
        }
        j.end_arr();
    }
    if !doc.securities.is_empty() {
        j.key("securities");
        j.begin_arr();
        for s in &doc.securities {
            j.elem();
            s.json(&mut j);
        }
        j.end_arr();
    }
    if let Some(p) = &doc.profile {
        j.key("profile");
        p.view_json(&mut j);
    }
    if !doc.wrappers.is_empty() {
        j.key("responses");
        j.begin_arr();
        for w in &doc.wrappers {
            j.elem();
            j.begin_obj();
            j.kv_str("type", w.tag);
            wrapper(&mut j, w);
            j.end_obj();
        }
        j.end_arr();
    }
    j.key("warnings");
    j.begin_arr();
    for w in &doc.warnings {
        j.elem();
        j.begin_obj();
        j.key("code");
        j.raw_str(w.code.name());
        j.kv_str("message", &w.message);
        j.key("line");
        j.raw(&w.line.to_string());
        j.key("offset");
        j.raw(&w.offset.to_string());
        j.end_obj();
    }
    j.end_arr();
    j.end_obj();
    j.out
}

/// One JSON object per closing period: its kind, the account (written by `acct`), the currency and
/// every field of the closing record.
fn closing_records<A: Aggregate>(
    j: &mut Json<'_>,
    kind: &str,
    acct: &dyn Fn(&mut Json<'_>),
    curdef: &Option<TextRef>,
    list: &[A],
) {
    for cl in list {
        j.elem();
        j.begin_obj();
        j.kv_str("kind", kind);
        acct(j);
        j.field("currency", curdef);
        cl.json_fields(j);
        j.end_obj();
    }
}

fn account(j: &mut Json<'_>, a: Option<&BankAcct>) {
    if let Some(a) = a {
        j.field("account_id", &a.acctid);
        j.field("bank_id", &a.bankid);
        j.field("branch_id", &a.branchid);
        j.field("account_type", &a.accttype);
    }
}

fn wrapper(j: &mut Json<'_>, w: &Wrapper) {
    j.field("trnuid", &w.trnuid);
    if let Some(s) = &w.status {
        j.key("status");
        status(j, s);
    }
}

fn status(j: &mut Json<'_>, s: &Status) {
    j.agg(s);
}

fn balances(j: &mut Json<'_>, ledger: Option<&Bal>, avail: Option<&Bal>, list: Option<&BalList>) {
    if let Some(b) = ledger {
        j.key("ledger_balance");
        j.agg(b);
    }
    if let Some(b) = avail {
        j.key("available_balance");
        j.agg(b);
    }
    if let Some(l) = list {
        bal_list(j, l);
    }
}

fn bal_list(j: &mut Json<'_>, l: &BalList) {
    j.key("balances");
    j.begin_arr();
    for b in &l.items {
        j.elem();
        j.agg(b);
    }
    j.end_arr();
}

/// One CSV row per transaction over every statement:
/// `account_id,kind,fitid,type,date_posted,amount,name,memo,check_number`, with a header line.
pub fn to_csv(doc: &Document) -> String {
    let mut out = String::from("account_id,kind,fitid,type,date_posted,amount,name,memo,check_number\n");
    let t = |r: &Option<TextRef>| r.as_ref().map(|r| r.get(&doc.tree).to_string()).unwrap_or_default();
    for st in &doc.statements {
        let kind = st.kind().name();
        match &st.body {
            StatementBody::Bank(_) | StatementBody::CreditCard(_) => {
                let (acct, list) = match &st.body {
                    StatementBody::Bank(b) => {
                        (b.bankacctfrom.as_ref().and_then(|a| a.acctid), b.banktranlist.as_deref())
                    }
                    StatementBody::CreditCard(b) => {
                        (b.ccacctfrom.as_ref().and_then(|a| a.acctid), b.banktranlist.as_deref())
                    }
                    _ => (None, None),
                };
                for tr in list.iter().flat_map(|l| l.transactions.iter()) {
                    let row = [
                        t(&acct),
                        kind.to_string(),
                        t(&tr.fitid),
                        t(&tr.trntype),
                        tr.dtposted.map(|d| d.to_iso_utc()).unwrap_or_default(),
                        tr.trnamt.map(|a| crate::values::amount::format_amount(&a.value)).unwrap_or_default(),
                        t(&tr.name),
                        t(&tr.memo),
                        t(&tr.checknum),
                    ];
                    csv_row(&mut out, &row);
                }
            }
            StatementBody::Investment(b) => {
                let acct = b.invacctfrom.as_ref().and_then(|a| a.acctid);
                for tr in b.invtranlist.iter().flat_map(|l| l.transactions.iter()) {
                    let row = [
                        t(&acct),
                        kind.to_string(),
                        t(&tr.fitid()),
                        tr.kind_tag().to_string(),
                        tr.date_trade().map(|d| d.to_iso_utc()).unwrap_or_default(),
                        tr.amount().map(|a| crate::values::amount::format_amount(&a.value)).unwrap_or_default(),
                        t(&tr.name()),
                        t(&tr.memo()),
                        String::new(),
                    ];
                    csv_row(&mut out, &row);
                }
            }
            StatementBody::Loan(b) => {
                let acct = b.loanacctfrom.as_ref().and_then(|a| a.loanacctid);
                for tr in b.loantranlist.iter().flat_map(|l| l.transactions.iter()) {
                    let row = [
                        t(&acct),
                        kind.to_string(),
                        t(&tr.fitid),
                        t(&tr.loantrntype),
                        tr.dtposted.map(|d| d.to_iso_utc()).unwrap_or_default(),
                        tr.trnamt.map(|a| crate::values::amount::format_amount(&a.value)).unwrap_or_default(),
                        t(&tr.name),
                        t(&tr.memo),
                        String::new(),
                    ];
                    csv_row(&mut out, &row);
                }
            }
        }
    }
    out
}

fn csv_row(out: &mut String, cells: &[String]) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if c.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&c.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(c);
        }
    }
    out.push('\n');
}
