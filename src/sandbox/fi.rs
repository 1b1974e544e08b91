//! The sandbox FI: the financial institution behind the sandbox server.
//!
//! [`Fi`] implements [`Handler`]: it reads each posted request with the library's reader in strict mode
//! (plus the header and structure rules of [`request`]), signs the user on ([`signon`]), answers every
//! transaction of the document ([`answer`], [`profile`]) and writes the answer with the library's writer
//! at the request's version: SGML for 1.x, XML for 2.x, `Content-Type: application/x-ofx`. Anything that is
//! not a valid request is HTTP 400 with a plain-text body saying what is wrong; nothing a client sends can
//! make it panic (and a panic would still be caught and answered 500).
//!
//! Behaviours where the spec leaves room, as chosen here:
//! - **Failed signon**: the answer holds the signon message set only (SONRS with the error; other message
//!   sets are left out: the spec has servers process no other request when the signon fails). For MFA (3000/3001) an MFACHALLENGETRNRS
//!   asked for in the same document is answered beside the SONRS.
//! - **FI check**: a SONRQ whose FI names another ORG/FID than "ofxkit Sandbox"/"7777" fails with 2000
//!   ("unknown FI"); a SONRQ without FI is accepted.
//! - **Software deny list**: APPID/APPVER pairs in [`FiConfig::denied_apps`] (default QWIN 1200) fail with
//!   2000 "software no longer supported"; every APPID/APPVER seen is recorded ([`Fi::apps_seen`]).
//! - **Profile**: status 1 "client is up to date" and no PROFRS when the client's DTPROFUP is not older
//!   than the profile's (2024-01-01).
//! - **Anonymous signon** (USERID "anonymous" + 23 zeros): accepted for documents that hold only profile
//!   requests; otherwise 15500.
//! - **Images** (2.1.1 and later): checks carry IMAGEDATA when the statement request says INCTRANIMG Y;
//!   even check numbers are OPAQUE references (fetched with an IMAGERQ), odd ones URL references to
//!   `/images/<id>` on the same server (plain GET, no signon). An IMAGERQ with a good signon is answered
//!   with the image itself (HTTP 200, `image/png`), as the spec has no OFX image response (the 2.3 schema
//!   has no IMAGETRNRS); an unknown IMAGEREF is HTTP 404. An image request must be the only transaction
//!   of its document. A failed signon is answered as any other (OFX, signon only).
//! - **Date ranges**: DTSTART inclusive, DTEND exclusive; without them, all the data (2024-2025).
//! - **Moving money** ([`money`], [`billpay`], [`sync`]): intrabank and interbank transfers, bill payments
//!   and the payee list, with modification and cancellation of scheduled items, idempotent TRNUIDs and
//!   token synchronization; the rules and status codes are in those modules.
//! - **Unsupported requests**: a …TRNRQ the sandbox does not serve gets status 2000 in its …TRNRS; an
//!   element with no …TRNRS (sync requests other than the four served) is HTTP 400.

mod answer;
mod billpay;
mod data;
mod el;
mod money;
mod profile;
mod request;
mod signon;
mod state;
mod sync;

use std::sync::{Mutex, MutexGuard};

use crate::markup::tree::NodeRef;
use crate::model::grammar::{self, ids};

use super::{Handler, HttpReply, HttpRequestInfo};
use el::El;
use state::State;

/// The sandbox FI's ORG.
pub const ORG: &str = "ofxkit Sandbox";
/// The sandbox FI's FID.
pub const FID: &str = "7777";
/// The Content-Type of OFX answers.
pub const OFX_CONTENT_TYPE: &str = "application/x-ofx";

pub use billpay::{STANDARD_PAYEES, StandardPayee};
pub use data::{AUTH_TOKEN, BANK_ID, BROKER_ID};
pub use signon::{ANONYMOUS, MFA_CHALLENGES};

/// How the FI behaves.
#[derive(Clone, Debug)]
pub struct FiConfig {
    /// Approve every CLIENTUID on first sight (the sandbox CLI's option) instead of keeping it pending
    /// until [`Fi::approve_client_uid`].
    pub auto_approve_client_uid: bool,
    /// A fixed server clock (UTC seconds) for DTSERVER; `None`: the system clock.
    pub clock: Option<i64>,
    /// APPID/APPVER pairs refused with 2000 "software no longer supported".
    pub denied_apps: Vec<(String, String)>,
    /// Base URL (`https://host:port`) for image links and the profile when a request has no Host header.
    pub default_base_url: String,
    /// Events kept per sync history (transfers and payments per account, payees per user; at least 1): a
    /// token older than the kept events gets LOSTSYNC Y and the current state.
    pub sync_history: usize,
}

impl Default for FiConfig {
    fn default() -> Self {
        FiConfig {
            auto_approve_client_uid: false,
            clock: None,
            denied_apps: vec![("QWIN".into(), "1200".into())],
            default_base_url: "https://localhost".into(),
            sync_history: 64,
        }
    }
}

/// The sandbox FI (internally synchronized: [`Handler::handle`] may run on many threads at once).
pub struct Fi {
    cfg: FiConfig,
    state: Mutex<State>,
}

impl std::fmt::Debug for Fi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fi").field("cfg", &self.cfg).finish_non_exhaustive()
    }
}

impl Default for Fi {
    fn default() -> Self {
        Fi::new_demo()
    }
}

/// What one transaction of the request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trn {
    Stmt,
    CcStmt,
    StmtEnd,
    CcStmtEnd,
    Inv,
    Loan,
    LoanEnd,
    AcctInfo,
    Prof,
    SecList,
    Image,
    Mfa,
    /// Transfers, payments, payment inquiries, payees.
    Money(money::MoneyTrn),
    /// A sync request (no …TRNRQ wrapper).
    Sync(sync::SyncKind),
    /// A transaction the sandbox does not serve: 2000 in this …TRNRS.
    Unsupported(&'static str),
}

/// One transaction to answer, with the response message set it goes to.
struct Item<'d> {
    set: &'static str,
    node: NodeRef<'d>,
    trn: Trn,
}

impl Fi {
    /// The FI with the demo data (see [`Fi::describe`]) and the default configuration.
    pub fn new_demo() -> Fi {
        Fi::with_config(FiConfig::default())
    }

    /// The FI with the demo data and this configuration.
    pub fn with_config(cfg: FiConfig) -> Fi {
        Fi { cfg, state: Mutex::new(State::new_demo()) }
    }

    /// The configuration in force.
    pub fn config(&self) -> &FiConfig {
        &self.cfg
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A poisoned lock only means a panic was caught mid-request; the state is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Approves a CLIENTUID for a user (what the FI's back office does out of band). Returns false for
    /// an unknown user.
    pub fn approve_client_uid(&self, user: &str, client_uid: &str) -> bool {
        let mut st = self.lock();
        let Some(u) = st.user_mut(user) else { return false };
        u.pending_uids.remove(client_uid);
        u.approved_uids.insert(client_uid.to_string());
        true
    }

    /// The CLIENTUIDs a user signed on with that wait for approval.
    pub fn pending_client_uids(&self, user: &str) -> Vec<String> {
        self.lock().users.get(user).map(|u| u.pending_uids.iter().cloned().collect()).unwrap_or_default()
    }

    /// Every APPID/APPVER pair seen in a signon.
    pub fn apps_seen(&self) -> Vec<(String, String)> {
        self.lock().apps_seen.iter().cloned().collect()
    }

    /// Test hook for the batch feature: answer the transactions of each message set in reverse order.
    pub fn set_reorder_answers(&self, on: bool) {
        self.lock().reorder_answers = on;
    }

    /// Test hook for the batch feature: leave the transaction with this TRNUID unanswered (`None`: answer
    /// everything). A money-moving request is still carried out (and its answer stored): that is what a
    /// lost answer looks like, and the same TRNUID again gets the stored answer.
    pub fn drop_answer_for_trnuid(&self, trnuid: Option<String>) {
        self.lock().drop_trnuid = trnuid;
    }

    /// Test hook: sets the FI's clock (UTC seconds; `None`: back to [`FiConfig::clock`]). Scheduled
    /// transfers and payments that have come due are processed at their user's next signon.
    pub fn set_clock(&self, secs: Option<i64>) {
        self.lock().clock = secs;
    }

    /// A human summary of the FI: identity, users and passwords, what each needs, account ids.
    pub fn describe(&self) -> String {
        use std::fmt::Write as _;
        let st = self.lock();
        let mut s = String::new();
        let _ = writeln!(s, "ofxkit sandbox FI: ORG \"{ORG}\", FID \"{FID}\", BANKID {BANK_ID}, BROKERID {BROKER_ID}");
        let _ = writeln!(s, "data: 2024-01-01 to 2025-12-31 (US Eastern); balances as of 2025-12-31");
        for u in st.users.values() {
            let need = match u.user.need {
                data::Need::Nothing => "password only".to_string(),
                data::Need::Mfa => "MFA challenge (MFA13 'blue', MFA16 'rex', MFA107 any), then ACCESSKEY".to_string(),
                data::Need::ClientUid => {
                    let how = if self.cfg.auto_approve_client_uid { "auto-approved" } else { "approved out of band" };
                    format!("registered CLIENTUID ({how})")
                }
                data::Need::AuthToken => format!("AUTHTOKEN {AUTH_TOKEN} on the first signon"),
                data::Need::Locked => "locked out (15502)".to_string(),
            };
            let _ = writeln!(s, "user {} / {}: {need}", u.user.id, u.user.password);
            for a in &u.user.accounts {
                let _ = writeln!(s, "  {:<12} {:<18} {}", a.kind.label(), a.acctid, a.desc);
            }
        }
        let _ = writeln!(s, "loans from OFX 2.1 on; check images (INCTRANIMG Y) from 2.1.1 on, GET /images/<id>");
        let _ = writeln!(s, "profile: anonymous signon ({ANONYMOUS}) accepted for profile requests");
        let standard: Vec<&str> = billpay::STANDARD_PAYEES.iter().map(|p| p.id).collect();
        let _ = writeln!(
            s,
            "money: transfers (INTRARQ to your accounts here, INTERRQ to other banks) from checking/savings, bill pay \
             (PMTRQ by PAYEELSTID, payee id {} or address; payees), scheduled when DTDUE is after today (then \
             modifiable/cancellable); repeated TRNUIDs get the stored answer; sync per account (payees per user), \
             tokens = event numbers, last {} events kept",
            standard.join("/"),
            self.cfg.sync_history.max(1)
        );
        s
    }

    fn now(&self, st: &State) -> i64 {
        st.clock.or(self.cfg.clock).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
        })
    }

    fn base_url(&self, req: &HttpRequestInfo) -> String {
        match req.header("Host").map(str::trim).filter(|h| {
            !h.is_empty()
                && h.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
        }) {
            Some(h) => format!("https://{h}"),
            None => self.cfg.default_base_url.clone(),
        }
    }

    fn get_image(&self, id: &str) -> HttpReply {
        let st = self.lock();
        match answer::find_image(st.users.values().flat_map(|u| u.user.accounts.iter()), id) {
            Some(i) => HttpReply::ok("image/png", data::png(i)),
            None => HttpReply::error(404, &format!("no image with id '{id}'")),
        }
    }

    /// Answers a request that passed every check.
    fn answer(&self, r: &request::Request, base_url: &str) -> Result<HttpReply, String> {
        let items = plan(r)?;
        let profile_only = !items.is_empty() && items.iter().all(|i| i.trn == Trn::Prof);
        let mut st = self.lock();
        let now = self.now(&st);
        let out = signon::signon(&mut st, &self.cfg, r.sonrq(), profile_only);
        // The signon message set: SONRS, then its own transactions.
        let mut signon_set = vec![signon::sonrs(&out, now)];
        let password_ok = out.ok() || matches!(out.code, 3000 | 3001);
        for i in items.iter().filter(|i| i.set == "SIGNONMSGSRSV1") {
            let answer = match i.trn {
                Trn::Mfa if password_ok => {
                    let (uid, cookie) =
                        (i.node.child_text(ids::TRNUID).unwrap_or("").trim(), i.node.child_text(ids::CLTCOOKIE));
                    signon::mfa_challenge(&st, &out, uid, cookie)
                }
                Trn::Unsupported(rs) if out.ok() => answer::unsupported(rs, i.node),
                _ => continue,
            };
            signon_set.push(answer);
        }
        let signon_el = El::agg("SIGNONMSGSRSV1", signon_set);
        if !out.ok() {
            return write(r, El::agg("OFX", vec![signon_el]));
        }
        let user_id = out.user;
        if let Some(u) = user_id {
            money::settle(&mut st, u, now);
        }
        if let Some(img) = items.iter().find(|i| i.trn == Trn::Image) {
            let want = img.node.path("IMAGERQ/IMAGEREF").and_then(|n| n.text()).unwrap_or("").trim();
            let user = user_id.and_then(|u| st.users.get(u));
            let found = user.and_then(|u| answer::find_image(u.user.accounts.iter(), want));
            return Ok(match found {
                Some(id) => HttpReply::ok("image/png", data::png(id)),
                None => HttpReply::error(404, &format!("no image with IMAGEREF '{want}' for this user")),
            });
        }
        let keep = self.cfg.sync_history.max(1);
        let (mut securities, mut seclist) = (Default::default(), false);
        let mut sets: Vec<(&'static str, Vec<El>)> = Vec::new();
        for i in items.iter().filter(|i| i.set != "SIGNONMSGSRSV1") {
            let uid = i.node.child_text(ids::TRNUID).unwrap_or("").trim();
            // Transactions are answered in document order, so a statement after a transfer shows it. Money
            // requests act and store their answers by TRNUID (see `money`) even when the drop hook then
            // leaves the answer out.
            let a = match i.trn {
                Trn::Money(k) => match user_id {
                    Some(u) => money::answer(&mut st, u, k, i.node, now, r.version, keep),
                    None => answer::wrap(k.rs(), i.node, 2000, Some("a money request needs a signed-on user"), None),
                },
                Trn::Sync(k) => match user_id {
                    Some(u) => money::sync_answer(&mut st, u, k, i.node, now, r.version, keep)?,
                    None => return Err(format!("<{}> needs a signed-on user", i.node.name())),
                },
                Trn::Image | Trn::Mfa => continue,
                trn => {
                    let mut cx = answer::Cx {
                        user: user_id.and_then(|u| st.users.get(u)),
                        version: r.version,
                        xml: r.xml,
                        base_url,
                        securities: std::mem::take(&mut securities),
                        seclist,
                    };
                    let a = match trn {
                        Trn::Stmt => answer::statement(&cx, i.node, false),
                        Trn::CcStmt => answer::statement(&cx, i.node, true),
                        Trn::StmtEnd => answer::closing(&cx, i.node, false),
                        Trn::CcStmtEnd => answer::closing(&cx, i.node, true),
                        Trn::Inv => answer::investment(&mut cx, i.node),
                        Trn::Loan => answer::loan_statement(&cx, i.node),
                        Trn::LoanEnd => answer::loan_closing(&cx, i.node),
                        Trn::AcctInfo => answer::account_info(&cx, i.node),
                        Trn::Prof => profile::profile(&cx, i.node),
                        Trn::SecList => answer::seclist(&mut cx, i.node),
                        Trn::Unsupported(rs) => answer::unsupported(rs, i.node),
                        Trn::Image | Trn::Mfa | Trn::Money(_) | Trn::Sync(_) => continue,
                    };
                    (securities, seclist) = (cx.securities, cx.seclist);
                    a
                }
            };
            if !uid.is_empty() && st.drop_trnuid.as_deref() == Some(uid) {
                continue;
            }
            match sets.iter_mut().find(|(n, _)| *n == i.set) {
                Some((_, v)) => v.push(a),
                None => sets.push((i.set, vec![a])),
            }
        }
        if st.reorder_answers {
            for (n, v) in &mut sets {
                v.reverse();
                if *n == "BILLPAYMSGSRSV1" {
                    // The spec wants payee answers before payment answers in this message set.
                    v.sort_by_key(|a| !matches!(a.name(), "PAYEETRNRS" | "PAYEESYNCRS"));
                }
            }
        }
        if seclist {
            let cx = answer::Cx {
                user: user_id.and_then(|u| st.users.get(u)),
                version: r.version,
                xml: r.xml,
                base_url,
                securities,
                seclist,
            };
            if let Some(list) = answer::seclist_body(&cx) {
                match sets.iter_mut().find(|(n, _)| *n == "SECLISTMSGSRSV1") {
                    Some((_, v)) => v.push(list),
                    None => sets.push(("SECLISTMSGSRSV1", vec![list])),
                }
            }
        }
        let mut kids: Vec<El> = sets.into_iter().filter(|(_, v)| !v.is_empty()).map(|(n, v)| El::agg(n, v)).collect();
        el::sort_message_sets(&mut kids, r.xml);
        kids.insert(0, signon_el);
        write(r, El::agg("OFX", kids))
    }
}

fn write(r: &request::Request, root: El) -> Result<HttpReply, String> {
    let text = el::write(&root, r.version, &r.old_uid, &r.new_uid)?;
    Ok(HttpReply::ok(OFX_CONTENT_TYPE, text))
}

/// Classifies every transaction of the request; an element the sandbox cannot answer at all is an error
/// (HTTP 400).
fn plan(r: &request::Request) -> Result<Vec<Item<'_>>, String> {
    let mut items = Vec::new();
    for set in r.doc.root().children() {
        let n = set.name();
        if n == "LOANMSGSRQV1" && r.version < 210 {
            return Err(format!("LOANMSGSRQV1 needs OFX 2.1 or later (the request is version {})", r.version));
        }
        if n == "IMAGEMSGSRQV1" && r.version < 211 {
            return Err(format!("IMAGEMSGSRQV1 needs OFX 2.1.1 or later (the request is version {})", r.version));
        }
        let rs_set: &'static str = if n == "IMAGEMSGSRQV1" {
            "IMAGE"
        } else {
            let want = n.replace("MSGSRQV1", "MSGSRSV1");
            match grammar::lookup(want.as_bytes()) {
                Some(id) => grammar::name(id),
                None => return Err(format!("<{n}> is not a request message set the sandbox knows")),
            }
        };
        for t in set.children() {
            let tn = t.name();
            if t.elem() == Some(ids::SONRQ) {
                continue;
            }
            let trn = match tn {
                "STMTTRNRQ" => Trn::Stmt,
                "CCSTMTTRNRQ" => Trn::CcStmt,
                "STMTENDTRNRQ" => Trn::StmtEnd,
                "CCSTMTENDTRNRQ" => Trn::CcStmtEnd,
                "INVSTMTTRNRQ" => Trn::Inv,
                "LOANSTMTTRNRQ" => Trn::Loan,
                "LOANSTMTENDTRNRQ" => Trn::LoanEnd,
                "ACCTINFOTRNRQ" => Trn::AcctInfo,
                "PROFTRNRQ" => Trn::Prof,
                "SECLISTTRNRQ" => Trn::SecList,
                "IMAGETRNRQ" => Trn::Image,
                "MFACHALLENGETRNRQ" => Trn::Mfa,
                "INTRATRNRQ" => Trn::Money(money::MoneyTrn::Intra),
                "INTERTRNRQ" => Trn::Money(money::MoneyTrn::Inter),
                "PMTTRNRQ" => Trn::Money(money::MoneyTrn::Pmt),
                "PMTINQTRNRQ" => Trn::Money(money::MoneyTrn::PmtInq),
                "PAYEETRNRQ" => Trn::Money(money::MoneyTrn::Payee),
                "INTRASYNCRQ" | "INTERSYNCRQ" | "PMTSYNCRQ" | "PAYEESYNCRQ" => {
                    if let Some(e) = t.children().find(|c| c.name().ends_with("TRNRQ")) {
                        return Err(format!(
                            "<{}> inside <{tn}>: the sandbox does not serve transactions inside a sync request; send \
                             them in their own message set",
                            e.name()
                        ));
                    }
                    Trn::Sync(match tn {
                        "INTRASYNCRQ" => sync::SyncKind::Intra,
                        "INTERSYNCRQ" => sync::SyncKind::Inter,
                        "PMTSYNCRQ" => sync::SyncKind::Pmt,
                        _ => sync::SyncKind::Payee,
                    })
                }
                _ => {
                    let rs = tn.strip_suffix("TRNRQ").map(|b| format!("{b}TRNRS"));
                    match rs.as_deref().and_then(|rs| grammar::lookup(rs.as_bytes())) {
                        Some(id) => Trn::Unsupported(grammar::name(id)),
                        None => return Err(format!("<{tn}> in <{n}> is not supported by the sandbox")),
                    }
                }
            };
            items.push(Item { set: rs_set, node: t, trn });
        }
    }
    let images = items.iter().filter(|i| i.trn == Trn::Image).count();
    if images > 0 && items.len() != images + items.iter().filter(|i| i.set == "SIGNONMSGSRSV1").count() || images > 1 {
        return Err("an image request (IMAGETRNRQ) must be the only transaction of its document: the answer is the \
                    image itself"
            .into());
    }
    Ok(items)
}

impl Handler for Fi {
    fn handle(&self, req: &HttpRequestInfo) -> HttpReply {
        let run = || {
            let path = req.path.split('?').next().unwrap_or("");
            if req.method.eq_ignore_ascii_case("GET") {
                return match path.strip_prefix("/images/") {
                    Some(id) if !id.is_empty() => self.get_image(id),
                    _ => HttpReply::error(404, "not found: POST OFX requests (any path); GET /images/<id> for images"),
                };
            }
            if !req.method.eq_ignore_ascii_case("POST") {
                let mut r = HttpReply::error(405, "method not allowed: POST an OFX request");
                r.headers.push(("Allow".into(), "POST, GET".into()));
                return r;
            }
            let base = self.base_url(req);
            match request::read(&req.body) {
                Err(m) => HttpReply::error(400, &m),
                Ok(r) => self.answer(&r, &base).unwrap_or_else(|m| HttpReply::error(400, &m)),
            }
        };
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
            .unwrap_or_else(|_| HttpReply::error(500, "internal error in the sandbox FI (a bug: please report it)"))
    }
}
