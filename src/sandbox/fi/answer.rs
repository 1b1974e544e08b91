//! Answers to the transactions the sandbox supports: statements (bank, credit card, investment, loan),
//! closing information, account information and the security list. Each function returns the whole
//! …TRNRS, built in the spec's element order.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use crate::markup::tree::NodeRef;
use crate::model::grammar::ids;
use crate::values::datetime::parse_ofx_datetime;

use super::data::{self, Account, ImageRef, InvTxn, Kind, Txn, amt, dt, money, money_text};
use super::el::{El, opt_leaf};
use super::signon::status;
use super::state::UserState;

/// The profile's date (DTPROFUP): a client whose DTPROFUP is not older is up to date.
pub fn profile_date() -> i64 {
    data::local(2024, 1, 1, 0, 0)
}

/// The account list's date (DTACCTUP).
pub fn accounts_date() -> i64 {
    data::local(2024, 1, 1, 0, 0)
}

/// What answering one document needs.
pub(crate) struct Cx<'a> {
    pub user: Option<&'a UserState>,
    pub version: u16,
    pub xml: bool,
    /// `https://host` of the server, for image URLs and the profile.
    pub base_url: &'a str,
    /// Securities referenced by the answers so far (index into the investment account's list).
    pub securities: BTreeSet<usize>,
    /// Whether a SECLISTMSGSRSV1 is due (investment statements or security list requests).
    pub seclist: bool,
}

impl Cx<'_> {
    fn accounts(&self) -> &[Account] {
        self.user.map(|u| u.user.accounts.as_slice()).unwrap_or(&[])
    }
    fn images(&self) -> bool {
        self.xml && self.version >= 211
    }
    fn loans(&self) -> bool {
        self.xml && self.version >= 210
    }
    /// The investment data securities are listed from (the first investment account).
    pub fn investment(&self) -> Option<&data::Investment> {
        self.accounts().iter().find_map(|a| a.invest.as_ref())
    }
}

/// The TRNUID and CLTCOOKIE of a …TRNRQ.
fn ids_of(trn: NodeRef<'_>) -> (&str, Option<&str>) {
    (trn.child_text(ids::TRNUID).unwrap_or("").trim(), trn.child_text(ids::CLTCOOKIE))
}

/// A …TRNRS: TRNUID, STATUS, CLTCOOKIE, then the response (if any).
pub(crate) fn wrap(rs: &'static str, trn: NodeRef<'_>, code: u32, msg: Option<&str>, body: Option<El>) -> El {
    let (uid, cookie) = ids_of(trn);
    let mut k = vec![El::leaf("TRNUID", uid), status(code, msg)];
    opt_leaf(&mut k, "CLTCOOKIE", cookie);
    k.extend(body);
    El::agg(rs, k)
}

/// The answer for a request the sandbox does not support: 2000 in its …TRNRS.
pub(crate) fn unsupported(rs: &'static str, trn: NodeRef<'_>) -> El {
    let msg = format!("{} is not supported by the sandbox", trn.name());
    wrap(rs, trn, 2000, Some(&msg), None)
}

fn not_found(rs: &'static str, trn: NodeRef<'_>) -> El {
    wrap(rs, trn, 2003, Some("account not found"), None)
}

fn time_of(n: Option<NodeRef<'_>>, id: crate::model::grammar::ElemId) -> Option<(i64, String)> {
    let t = n?.child_text(id)?.trim();
    parse_ofx_datetime(t).ok().map(|(d, _)| (d.unix_seconds, t.to_string()))
}

/// The date range of an INCTRAN (or of a closing request): [start, end), and the texts to echo.
struct Range {
    start: i64,
    end: i64,
    start_text: String,
    end_text: String,
}

impl Range {
    fn of(n: Option<NodeRef<'_>>) -> Range {
        let s = time_of(n, ids::DTSTART);
        let e = time_of(n, ids::DTEND);
        Range {
            start: s.as_ref().map(|s| s.0).unwrap_or(i64::MIN),
            end: e.as_ref().map(|e| e.0).unwrap_or(i64::MAX),
            start_text: s.map(|s| s.1).unwrap_or_else(|| dt(data::data_start())),
            end_text: e.map(|e| e.1).unwrap_or_else(|| dt(data::data_end())),
        }
    }
    fn has(&self, t: i64) -> bool {
        t >= self.start && t < self.end
    }
    /// The DTEND text: as asked; without one, the end of the data or, when transfers and payments have
    /// posted later, just after the last of them (`last`: the latest DTPOSTED of the list's records).
    fn end_text(&self, last: Option<i64>) -> String {
        match last {
            Some(l) if self.end == i64::MAX && l >= data::data_end() => dt(l + 1),
            _ => self.end_text.clone(),
        }
    }
}

/// The transactions of an INCTRAN, when it asks for them (`INCLUDE` Y).
fn inctran(rq: NodeRef<'_>) -> Option<Range> {
    let i = rq.child(ids::INCTRAN)?;
    (i.child_text(ids::INCLUDE) == Some("Y")).then(|| Range::of(Some(i)))
}

fn flag(rq: NodeRef<'_>, id: crate::model::grammar::ElemId) -> bool {
    rq.child_text(id) == Some("Y")
}

fn bank_from(a: &Account) -> El {
    El::agg(
        "BANKACCTFROM",
        vec![
            El::leaf("BANKID", data::BANK_ID),
            El::leaf("ACCTID", a.acctid.clone()),
            El::leaf("ACCTTYPE", a.kind.accttype()),
        ],
    )
}

fn cc_from(a: &Account) -> El {
    El::agg("CCACCTFROM", vec![El::leaf("ACCTID", a.acctid.clone())])
}

fn inv_from(a: &Account) -> El {
    El::agg("INVACCTFROM", vec![El::leaf("BROKERID", data::BROKER_ID), El::leaf("ACCTID", a.acctid.clone())])
}

fn loan_from(a: &Account) -> El {
    El::agg("LOANACCTFROM", vec![El::leaf("LOANACCTID", a.acctid.clone()), El::leaf("LOANACCTTYPE", "AUTO")])
}

/// The user's bank account a BANKACCTFROM names.
fn find_bank<'a>(cx: &'a Cx<'_>, from: Option<NodeRef<'_>>) -> Option<&'a Account> {
    let f = from?;
    let (bank, acct, ty) = (f.child_text(ids::BANKID)?, f.child_text(ids::ACCTID)?, f.child_text(ids::ACCTTYPE)?);
    cx.accounts().iter().find(|a| {
        matches!(a.kind, Kind::Checking | Kind::Savings)
            && bank == data::BANK_ID
            && a.acctid == acct
            && a.kind.accttype() == ty
    })
}

fn find_kind<'a>(cx: &'a Cx<'_>, kind: Kind, acctid: Option<&str>) -> Option<&'a Account> {
    let id = acctid?;
    cx.accounts().iter().find(|a| a.kind == kind && a.acctid == id)
}

fn stmttrn(cx: &Cx<'_>, t: &Txn, images: bool) -> El {
    let mut k = vec![
        El::leaf("TRNTYPE", t.trntype),
        El::leaf("DTPOSTED", dt(t.posted)),
        El::leaf("TRNAMT", amt(t.amount)),
        El::leaf("FITID", t.fitid.clone()),
    ];
    opt_leaf(&mut k, "CHECKNUM", t.checknum.as_deref());
    k.push(El::leaf("NAME", t.name.clone()));
    opt_leaf(&mut k, "MEMO", t.memo.as_deref());
    if images {
        if let Some((id, kind)) = &t.image {
            let (r, ty) = match kind {
                ImageRef::Opaque => (id.clone(), "OPAQUE"),
                ImageRef::Url => (format!("{}/images/{id}", cx.base_url), "URL"),
            };
            k.push(El::agg(
                "IMAGEDATA",
                vec![
                    El::leaf("IMAGETYPE", "TRANSACTION"),
                    El::leaf("IMAGEREF", r),
                    El::leaf("IMAGEREFTYPE", ty),
                    El::leaf("IMAGEDELAY", "0"),
                    El::leaf("IMAGETTL", "30"),
                    El::leaf("CHECKSUP", "FRONTONLY"),
                ],
            ));
        }
    }
    El::agg("STMTTRN", k)
}

fn tranlist(cx: &Cx<'_>, a: &Account, r: &Range, images: bool) -> El {
    let end = r.end_text(a.txns.last().map(|t| t.posted));
    let mut k = vec![El::leaf("DTSTART", r.start_text.clone()), El::leaf("DTEND", end)];
    k.extend(a.txns.iter().filter(|t| r.has(t.posted)).map(|t| stmttrn(cx, t, images)));
    El::agg("BANKTRANLIST", k)
}

fn pending_list(a: &Account) -> El {
    let mut k = vec![El::leaf("DTASOF", dt(data::as_of()))];
    for t in &a.pending {
        k.push(El::agg(
            "STMTTRNP",
            vec![
                El::leaf("TRNTYPE", t.trntype),
                El::leaf("DTTRAN", dt(t.posted)),
                El::leaf("TRNAMT", amt(t.amount)),
                El::leaf("NAME", t.name.clone()),
            ],
        ));
    }
    El::agg("BANKTRANLISTP", k)
}

fn bal(name: &'static str, v: Decimal) -> El {
    El::agg(name, vec![El::leaf("BALAMT", amt(v)), El::leaf("DTASOF", dt(data::as_of()))])
}

/// STMTTRNRQ / CCSTMTTRNRQ.
pub(crate) fn statement(cx: &Cx<'_>, trn: NodeRef<'_>, cc: bool) -> El {
    let (rs_wrap, rq_id) = if cc { ("CCSTMTTRNRS", ids::CCSTMTRQ) } else { ("STMTTRNRS", ids::STMTRQ) };
    let Some(rq) = trn.child(rq_id) else { return unsupported(rs_wrap, trn) };
    let acct = if cc {
        find_kind(cx, Kind::CreditCard, rq.child(ids::CCACCTFROM).and_then(|f| f.child_text(ids::ACCTID)))
    } else {
        find_bank(cx, rq.child(ids::BANKACCTFROM))
    };
    let Some(a) = acct else { return not_found(rs_wrap, trn) };
    let images = cx.images() && flag(rq, ids::INCTRANIMG);
    let mut k = vec![El::leaf("CURDEF", "USD"), if cc { cc_from(a) } else { bank_from(a) }];
    if let Some(r) = inctran(rq) {
        k.push(tranlist(cx, a, &r, images));
    }
    if cx.xml && flag(rq, ids::INCLUDEPENDING) {
        k.push(pending_list(a));
    }
    k.push(bal("LEDGERBAL", a.ledger()));
    k.push(bal("AVAILBAL", a.available()));
    let rs = El::agg(if cc { "CCSTMTRS" } else { "STMTRS" }, k);
    wrap(rs_wrap, trn, 0, None, Some(rs))
}

/// One statement period: a calendar month of the data.
struct Period {
    y: i32,
    m: u32,
    /// Local start and end (exclusive) of the month: which transactions belong to it.
    start: i64,
    end: i64,
}

impl Period {
    /// The first and last days as date-only values (OFX reads those as midnight UTC of the day), and the
    /// instant of the closing day that date ranges are compared with.
    fn days(&self) -> (String, String, i64) {
        let last = data::civil(self.end - 1).2;
        let close =
            crate::values::datetime::OfxDateTime::from_ymd(self.y, self.m, last).map(|d| d.unix_seconds).unwrap_or(0);
        (format!("{:04}{:02}01", self.y, self.m), format!("{:04}{:02}{last:02}", self.y, self.m), close)
    }
}

fn periods() -> Vec<Period> {
    let mut out = Vec::new();
    for y in 2024..=2025 {
        for m in 1..=12u32 {
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            out.push(Period { y, m, start: data::local(y, m, 1, 0, 0), end: data::local(ny, nm, 1, 0, 0) });
        }
    }
    out
}

/// STMTENDTRNRQ / CCSTMTENDTRNRQ: one closing per month whose closing date lies in the range (the
/// period dates are calendar days).
pub(crate) fn closing(cx: &Cx<'_>, trn: NodeRef<'_>, cc: bool) -> El {
    let (rs_wrap, rq_id) = if cc { ("CCSTMTENDTRNRS", ids::CCSTMTENDRQ) } else { ("STMTENDTRNRS", ids::STMTENDRQ) };
    let Some(rq) = trn.child(rq_id) else { return unsupported(rs_wrap, trn) };
    let acct = if cc {
        find_kind(cx, Kind::CreditCard, rq.child(ids::CCACCTFROM).and_then(|f| f.child_text(ids::ACCTID)))
    } else {
        find_bank(cx, rq.child(ids::BANKACCTFROM))
    };
    let Some(a) = acct else { return not_found(rs_wrap, trn) };
    let r = Range::of(Some(rq));
    let mut k = vec![El::leaf("CURDEF", "USD"), if cc { cc_from(a) } else { bank_from(a) }];
    for p in periods() {
        let (first, last, close) = p.days();
        if !r.has(close) {
            continue;
        }
        let open = a.opening + a.txns.iter().filter(|t| t.posted < p.start).map(|t| t.amount).sum::<Decimal>();
        let inside: Vec<&Txn> = a.txns.iter().filter(|t| t.posted >= p.start && t.posted < p.end).collect();
        let credits: Decimal = inside.iter().map(|t| t.amount).filter(|x| x.is_sign_positive()).sum();
        let debits: Decimal = inside.iter().map(|t| t.amount).filter(|x| x.is_sign_negative()).sum();
        let close_bal = open + credits + debits;
        let fitid = format!("CL-{}-{:04}{:02}", a.acctid, p.y, p.m);
        let mut c = vec![
            El::leaf("FITID", fitid),
            El::leaf("DTOPEN", first.clone()),
            El::leaf("DTCLOSE", last.clone()),
            El::leaf("BALOPEN", amt(open)),
            El::leaf("BALCLOSE", amt(close_bal)),
        ];
        if cc {
            let owed = -close_bal;
            let min = if owed > Decimal::ZERO {
                money(owed * Decimal::new(2, 2)).max(Decimal::new(2500, 2)).min(owed)
            } else {
                money(Decimal::ZERO)
            };
            c.push(El::leaf("DTPMTDUE", dt(p.end + 24 * 86_400 + 12 * 3_600)));
            c.push(El::leaf("MINPMTDUE", amt(min)));
            c.push(El::leaf("PAYANDCREDIT", amt(credits)));
            c.push(El::leaf("PURANDADV", amt(-debits)));
            c.push(El::leaf("CREDITLIMIT", "10000.00"));
        } else {
            c.push(El::leaf("DEPANDCREDIT", amt(credits)));
            c.push(El::leaf("CHKANDDEB", amt(debits)));
        }
        c.push(El::leaf("DTPOSTSTART", first));
        c.push(El::leaf("DTPOSTEND", last));
        k.push(El::agg(if cc { "CCCLOSING" } else { "CLOSING" }, c));
    }
    let rs = El::agg(if cc { "CCSTMTENDRS" } else { "STMTENDRS" }, k);
    wrap(rs_wrap, trn, 0, None, Some(rs))
}

fn secid(s: &data::Security) -> El {
    El::agg("SECID", vec![El::leaf("UNIQUEID", s.uniqueid), El::leaf("UNIQUEIDTYPE", "CUSIP")])
}

fn invtran(fitid: &str, date: i64) -> El {
    El::agg(
        "INVTRAN",
        vec![El::leaf("FITID", fitid), El::leaf("DTTRADE", dt(date)), El::leaf("DTSETTLE", dt(date + 2 * 86_400))],
    )
}

fn inv_txn(inv: &data::Investment, t: &InvTxn) -> El {
    let sec = &inv.securities[t.sec()];
    match t {
        InvTxn::BuyStock { fitid, date, units, price, commission, .. } => El::agg(
            "BUYSTOCK",
            vec![
                El::agg(
                    "INVBUY",
                    vec![
                        invtran(fitid, *date),
                        secid(sec),
                        El::leaf("UNITS", amt(*units)),
                        El::leaf("UNITPRICE", amt(*price)),
                        El::leaf("COMMISSION", amt(*commission)),
                        El::leaf("TOTAL", amt(t.total())),
                        El::leaf("SUBACCTSEC", "CASH"),
                        El::leaf("SUBACCTFUND", "CASH"),
                    ],
                ),
                El::leaf("BUYTYPE", "BUY"),
            ],
        ),
        InvTxn::SellMf { fitid, date, units, price, fees, .. } => El::agg(
            "SELLMF",
            vec![
                El::agg(
                    "INVSELL",
                    vec![
                        invtran(fitid, *date),
                        secid(sec),
                        El::leaf("UNITS", amt(-*units)),
                        El::leaf("UNITPRICE", amt(*price)),
                        El::leaf("FEES", amt(*fees)),
                        El::leaf("TOTAL", amt(t.total())),
                        El::leaf("SUBACCTSEC", "CASH"),
                        El::leaf("SUBACCTFUND", "CASH"),
                    ],
                ),
                El::leaf("SELLTYPE", "SELL"),
            ],
        ),
        InvTxn::Income { fitid, date, total, .. } => El::agg(
            "INCOME",
            vec![
                invtran(fitid, *date),
                secid(sec),
                El::leaf("INCOMETYPE", "DIV"),
                El::leaf("TOTAL", amt(*total)),
                El::leaf("SUBACCTSEC", "CASH"),
                El::leaf("SUBACCTFUND", "CASH"),
            ],
        ),
    }
}

/// INVSTMTTRNRQ. Securities the answer mentions are noted for the SECLIST.
pub(crate) fn investment(cx: &mut Cx<'_>, trn: NodeRef<'_>) -> El {
    const RS: &str = "INVSTMTTRNRS";
    let Some(rq) = trn.child(ids::INVSTMTRQ) else { return unsupported(RS, trn) };
    let from = rq.child(ids::INVACCTFROM);
    let broker_ok = from.and_then(|f| f.child_text(ids::BROKERID)) == Some(data::BROKER_ID);
    let found = find_kind(cx, Kind::Investment, from.and_then(|f| f.child_text(ids::ACCTID))).filter(|_| broker_ok);
    let Some(a) = found else { return not_found(RS, trn) };
    let Some(inv) = a.invest.as_ref() else { return not_found(RS, trn) };
    let mut used = BTreeSet::new();
    let mut k = vec![El::leaf("DTASOF", dt(data::as_of())), El::leaf("CURDEF", "USD"), inv_from(a)];
    if let Some(r) = inctran(rq) {
        let mut l = vec![El::leaf("DTSTART", r.start_text.clone()), El::leaf("DTEND", r.end_text.clone())];
        for t in inv.trades.iter().filter(|t| r.has(t.date())) {
            used.insert(t.sec());
            l.push(inv_txn(inv, t));
        }
        for t in inv.cash.iter().filter(|t| r.has(t.posted)) {
            l.push(El::agg("INVBANKTRAN", vec![stmttrn(cx, t, false), El::leaf("SUBACCTFUND", "CASH")]));
        }
        k.push(El::agg("INVTRANLIST", l));
    }
    if rq.child(ids::INCPOS).and_then(|p| p.child_text(ids::INCLUDE)) == Some("Y") {
        let mut l = Vec::new();
        for (i, units) in inv.units().into_iter().enumerate() {
            if units.is_zero() {
                continue;
            }
            let s = &inv.securities[i];
            used.insert(i);
            let pos = El::agg(
                "INVPOS",
                vec![
                    secid(s),
                    El::leaf("HELDINACCT", "CASH"),
                    El::leaf("POSTYPE", "LONG"),
                    El::leaf("UNITS", amt(units)),
                    El::leaf("UNITPRICE", amt(s.price)),
                    El::leaf("MKTVAL", money_text(units * s.price)),
                    El::leaf("DTPRICEASOF", dt(data::as_of())),
                ],
            );
            l.push(El::agg(if s.fund { "POSMF" } else { "POSSTOCK" }, vec![pos]));
        }
        k.push(El::agg("INVPOSLIST", l));
    }
    if flag(rq, ids::INCBAL) {
        let cash = inv.cash_balance();
        k.push(El::agg(
            "INVBAL",
            vec![
                El::leaf("AVAILCASH", amt(cash)),
                El::leaf("MARGINBALANCE", "0.00"),
                El::leaf("SHORTBALANCE", "0.00"),
                El::leaf("BUYPOWER", amt(cash)),
            ],
        ));
    }
    if flag(rq, ids::INCOO) {
        let mut l = Vec::new();
        for o in &inv.open_orders {
            used.insert(o.sec);
            let oo = El::agg(
                "OO",
                vec![
                    El::leaf("FITID", o.fitid.clone()),
                    secid(&inv.securities[o.sec]),
                    El::leaf("DTPLACED", dt(o.placed)),
                    El::leaf("UNITS", amt(o.units)),
                    El::leaf("SUBACCT", "CASH"),
                    El::leaf("DURATION", "GOODTILCANCEL"),
                    El::leaf("RESTRICTION", "NONE"),
                    El::leaf("LIMITPRICE", amt(o.limit)),
                ],
            );
            l.push(El::agg("OOBUYSTOCK", vec![oo, El::leaf("BUYTYPE", "BUY")]));
        }
        k.push(El::agg("INVOOLIST", l));
    }
    cx.securities.extend(used);
    cx.seclist = true;
    wrap(RS, trn, 0, None, Some(El::agg("INVSTMTRS", k)))
}

/// SECLISTTRNRQ: the securities asked for join the SECLIST; unknown ones make the status 2000.
pub(crate) fn seclist(cx: &mut Cx<'_>, trn: NodeRef<'_>) -> El {
    const RS: &str = "SECLISTTRNRS";
    let Some(rq) = trn.child(ids::SECLISTRQ) else { return unsupported(RS, trn) };
    let mut unknown = Vec::new();
    let mut found = Vec::new();
    if let Some(inv) = cx.investment() {
        for s in rq.children().filter(|c| c.elem() == Some(ids::SECRQ)) {
            let want_id = s.child(ids::SECID).and_then(|i| i.child_text(ids::UNIQUEID));
            let want_ticker = s.child_text(ids::TICKER);
            match inv.securities.iter().position(|x| Some(x.uniqueid) == want_id || Some(x.ticker) == want_ticker) {
                Some(i) => found.push(i),
                None => unknown.push(want_id.or(want_ticker).or(s.child_text(ids::FIID)).unwrap_or("?").to_string()),
            }
        }
    } else {
        unknown.push("(this user has no investment account)".into());
    }
    cx.securities.extend(found);
    cx.seclist = true;
    if unknown.is_empty() {
        wrap(RS, trn, 0, None, Some(El::agg("SECLISTRS", Vec::new())))
    } else {
        let msg = format!("unknown securities: {}", unknown.join(", "));
        wrap(RS, trn, 2000, Some(&msg), Some(El::agg("SECLISTRS", Vec::new())))
    }
}

/// The SECLIST of every security noted.
pub(crate) fn seclist_body(cx: &Cx<'_>) -> Option<El> {
    let inv = cx.investment()?;
    let mut k = Vec::new();
    for &i in &cx.securities {
        let s = &inv.securities[i];
        let info = El::agg(
            "SECINFO",
            vec![
                secid(s),
                El::leaf("SECNAME", s.name),
                El::leaf("TICKER", s.ticker),
                El::leaf("UNITPRICE", amt(s.price)),
                El::leaf("DTASOF", dt(data::as_of())),
            ],
        );
        k.push(if s.fund {
            El::agg("MFINFO", vec![info, El::leaf("MFTYPE", "OPENEND")])
        } else {
            El::agg("STOCKINFO", vec![info, El::leaf("STOCKTYPE", "COMMON")])
        });
    }
    Some(El::agg("SECLIST", k))
}

fn prinbal(v: Decimal, at: i64) -> El {
    El::agg("PRINBAL", vec![El::leaf("BALAMT", amt(v)), El::leaf("DTASOF", dt(at))])
}

fn find_loan<'a>(cx: &'a Cx<'_>, rq: NodeRef<'_>) -> Option<&'a Account> {
    let f = rq.child(ids::LOANACCTFROM)?;
    find_kind(cx, Kind::Loan, f.child_text(ids::LOANACCTID))
}

/// LOANSTMTTRNRQ (2.1 and later).
///
/// Note: the 2.3 schema makes LOANSTMTRS required in LOANSTMTTRNRS (and LOANSTMTENDRS in LOANSTMTENDTRNRS),
/// so the spec's error answer without a response (2003 for an unknown account) cannot validate against it.
pub(crate) fn loan_statement(cx: &Cx<'_>, trn: NodeRef<'_>) -> El {
    const RS: &str = "LOANSTMTTRNRS";
    let Some(rq) = trn.child(ids::LOANSTMTRQ) else { return unsupported(RS, trn) };
    let Some(a) = find_loan(cx, rq) else { return not_found(RS, trn) };
    let Some(l) = a.loan.as_ref() else { return not_found(RS, trn) };
    let mut k = vec![El::leaf("CURDEF", "USD"), loan_from(a)];
    if let Some(r) = inctran(rq) {
        let end = r.end_text(l.payments.last().map(|p| p.posted));
        let mut t = vec![El::leaf("DTSTART", r.start_text.clone()), El::leaf("DTEND", end)];
        for p in l.payments.iter().filter(|p| r.has(p.posted)) {
            t.push(El::agg(
                "LOANSTMTTRN",
                vec![
                    El::leaf("LOANTRNTYPE", "PAYMENT"),
                    El::leaf("DTPOSTED", dt(p.posted)),
                    El::leaf("TRNAMT", amt(p.principal + p.interest)),
                    El::agg(
                        "LOANTRNAMT",
                        vec![El::leaf("PRINAMT", amt(p.principal)), El::leaf("INTAMT", amt(p.interest))],
                    ),
                    El::leaf("FITID", p.fitid.clone()),
                    El::leaf("NAME", "Payment - thank you"),
                ],
            ));
        }
        k.push(El::agg("LOANTRANLIST", t));
    }
    k.push(prinbal(l.balance(), data::as_of()));
    wrap(RS, trn, 0, None, Some(El::agg("LOANSTMTRS", k)))
}

/// LOANSTMTENDTRNRQ (2.1 and later): one LOANCLOSING per month in the range.
pub(crate) fn loan_closing(cx: &Cx<'_>, trn: NodeRef<'_>) -> El {
    const RS: &str = "LOANSTMTENDTRNRS";
    let Some(rq) = trn.child(ids::LOANSTMTENDRQ) else { return unsupported(RS, trn) };
    let Some(a) = find_loan(cx, rq) else { return not_found(RS, trn) };
    let Some(l) = a.loan.as_ref() else { return not_found(RS, trn) };
    let r = Range::of(Some(rq));
    let mut k = vec![El::leaf("CURDEF", "USD"), loan_from(a)];
    for p in periods() {
        let (first, last, close) = p.days();
        if !r.has(close) {
            continue;
        }
        let paid_before: Decimal = l.payments.iter().filter(|x| x.posted < p.start).map(|x| x.principal).sum();
        let paid_in: Decimal =
            l.payments.iter().filter(|x| x.posted >= p.start && x.posted < p.end).map(|x| x.principal).sum();
        let year_start = data::local(p.y, 1, 1, 0, 0);
        let int_ytd: Decimal =
            l.payments.iter().filter(|x| x.posted >= year_start && x.posted < p.end).map(|x| x.interest).sum();
        k.push(El::agg(
            "LOANCLOSING",
            vec![
                El::leaf("FITID", format!("LC-{}-{:04}{:02}", a.acctid, p.y, p.m)),
                El::leaf("DTOPEN", first.clone()),
                El::leaf("DTCLOSE", last.clone()),
                El::leaf("BALOPEN", amt(l.initial - paid_before)),
                El::agg(
                    "PRINBAL",
                    vec![El::leaf("BALAMT", amt(l.initial - paid_before - paid_in)), El::leaf("DTASOF", last.clone())],
                ),
                El::agg("LOANINT", vec![El::leaf("LOANINTYTD", amt(int_ytd)), El::leaf("DTASOF", last.clone())]),
                El::agg(
                    "LOANRATE",
                    vec![
                        El::leaf("LOANINTRATE", amt(l.rate)),
                        El::leaf("RATETYPE", "FIXED"),
                        El::leaf("DTASOF", last.clone()),
                    ],
                ),
                El::leaf("DTPOSTSTART", first),
                El::leaf("DTPOSTEND", last),
            ],
        ));
    }
    wrap(RS, trn, 0, None, Some(El::agg("LOANSTMTENDRS", k)))
}

/// ACCTINFOTRNRQ: every account of the user (loans only at 2.1 and later, where LOANACCTINFO exists).
pub(crate) fn account_info(cx: &Cx<'_>, trn: NodeRef<'_>) -> El {
    const RS: &str = "ACCTINFOTRNRS";
    let mut k = vec![El::leaf("DTACCTUP", dt(accounts_date()))];
    for a in cx.accounts() {
        let yn = |b: bool| if b { "Y" } else { "N" };
        let info = match a.kind {
            Kind::Checking | Kind::Savings => El::agg(
                "BANKACCTINFO",
                vec![
                    bank_from(a),
                    El::leaf("SUPTXDL", "Y"),
                    El::leaf("XFERSRC", "Y"),
                    El::leaf("XFERDEST", "Y"),
                    El::leaf("SVCSTATUS", "ACTIVE"),
                ],
            ),
            Kind::CreditCard => El::agg(
                "CCACCTINFO",
                vec![
                    cc_from(a),
                    El::leaf("SUPTXDL", "Y"),
                    El::leaf("XFERSRC", "N"),
                    El::leaf("XFERDEST", "Y"),
                    El::leaf("SVCSTATUS", "ACTIVE"),
                ],
            ),
            Kind::Investment => El::agg(
                "INVACCTINFO",
                vec![
                    inv_from(a),
                    El::leaf("USPRODUCTTYPE", "NORMAL"),
                    El::leaf("CHECKING", "N"),
                    El::leaf("SVCSTATUS", "ACTIVE"),
                    El::leaf("INVACCTTYPE", "INDIVIDUAL"),
                ],
            ),
            Kind::Loan => {
                let Some(l) = a.loan.as_ref().filter(|_| cx.loans()) else { continue };
                let paid = l.payments.len() as u32;
                El::agg(
                    "LOANACCTINFO",
                    vec![
                        loan_from(a),
                        El::leaf("LOANINITBAL", amt(l.initial)),
                        El::leaf("LOANFREQ", "MONTHLY"),
                        El::leaf("DTLOANSTART", dt(l.start)),
                        El::leaf("DTLOANMATURITY", dt(l.maturity)),
                        prinbal(l.balance(), data::as_of()),
                        El::agg(
                            "LOANIRATE",
                            vec![
                                El::leaf("LOANINTRATE", amt(l.rate)),
                                El::leaf("RATETYPE", "FIXED"),
                                El::leaf("DTASOF", dt(data::as_of())),
                            ],
                        ),
                        El::agg(
                            "LOANPMT",
                            vec![
                                El::leaf("PMTAMT", amt(l.payment)),
                                El::leaf("DTPMTDUE", dt(data::local(2026, 1, 10, 8, 0))),
                            ],
                        ),
                        El::leaf("LOANRMNPMTS", l.total_payments.saturating_sub(paid).to_string()),
                        El::leaf("SUPTXDL", yn(true)),
                        El::leaf("XFERSRC", yn(false)),
                        El::leaf("XFERDEST", yn(true)),
                        El::leaf("SVCSTATUS", "ACTIVE"),
                    ],
                )
            }
        };
        k.push(El::agg("ACCTINFO", vec![El::leaf("DESC", a.desc.clone()), info]));
    }
    wrap(RS, trn, 0, None, Some(El::agg("ACCTINFORS", k)))
}

/// The image an IMAGEREF (or a `/images/<id>` path) names, among every account's checks.
pub(crate) fn find_image<'a>(accounts: impl Iterator<Item = &'a Account>, r: &str) -> Option<&'a str> {
    let id = r.rsplit('/').next().unwrap_or(r);
    accounts
        .flat_map(|a| a.txns.iter())
        .filter_map(|t| t.image.as_ref())
        .find(|(i, _)| i == id)
        .map(|(i, _)| i.as_str())
}
