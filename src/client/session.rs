//! A client's session with one FI: the signon built from the configuration and what the server gave
//! back (ACCESSKEY after MFA, USERKEY, SESSCOOKIE), the operations, and the exchange: build, post,
//! read, report.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use zeroize::Zeroizing;

use crate::client::config::{ClientConfig, ClientUidPolicy, Secret};
use crate::client::events::{ErrorEvent, ErrorKind, EventSink};
use crate::client::ops::{self, AccountRef, StatementQuery};
use crate::client::request::{RequestBody, RequestFormat, RequestItem, RequestKind, build_document};
use crate::client::transport::{HttpAnswer, Transport, TransportError};
use crate::document::{Document, ParseError};
use crate::markup::warning::WarningCode;
use crate::model::grammar::ids;
use crate::model::signon::rq::{FiId, MfaChallengeAnswer, SonRq};
use crate::values::datetime::OfxDateTime;

/// What went wrong in an exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientErrorKind {
    /// A setting is missing or wrong (no URL, no credentials, a bad value).
    Config,
    /// The request could not be written (a field the version lacks, a value the spec refuses).
    Request,
    /// The transport failed (DNS, TLS, HTTP status, ...): see the transport error kind.
    Transport(ErrorKind),
    /// The server answered but refused: a non-zero signon or transaction STATUS (code in the message).
    Refused(i64),
    /// A callback asked to stop (a sync's record callback): nothing was handed out.
    Callback,
}

/// A client error: kind, message (never containing credentials) and the transport details.
#[derive(Clone, Debug)]
pub struct ClientError {
    pub kind: ClientErrorKind,
    pub message: String,
    pub transport: Option<Box<TransportError>>,
}

impl ClientError {
    pub fn config(msg: impl Into<String>) -> ClientError {
        ClientError { kind: ClientErrorKind::Config, message: msg.into(), transport: None }
    }
    fn request(msg: impl Into<String>) -> ClientError {
        ClientError { kind: ClientErrorKind::Request, message: msg.into(), transport: None }
    }
    fn bad_response(msg: impl Into<String>) -> ClientError {
        ClientError { kind: ClientErrorKind::Transport(ErrorKind::BadResponse), message: msg.into(), transport: None }
    }
    fn refused(code: i64, msg: impl Into<String>) -> ClientError {
        ClientError { kind: ClientErrorKind::Refused(code), message: msg.into(), transport: None }
    }
    fn truncated(msg: impl Into<String>) -> ClientError {
        ClientError { kind: ClientErrorKind::Transport(ErrorKind::Truncated), message: msg.into(), transport: None }
    }
    /// The transport-level kind, if any.
    pub fn error_kind(&self) -> Option<ErrorKind> {
        match self.kind {
            ClientErrorKind::Transport(k) => Some(k),
            _ => None,
        }
    }
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ClientError {}

impl From<TransportError> for ClientError {
    fn from(e: TransportError) -> Self {
        ClientError {
            kind: ClientErrorKind::Transport(e.kind),
            message: e.message.clone(),
            transport: Some(Box::new(e)),
        }
    }
}

/// One MFA question of the FI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MfaQuestion {
    pub phrase_id: String,
    /// The question text; absent for the spec's built-in ids (MFA101..MFA107) that need none.
    pub label: Option<String>,
}

/// A downloaded image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// How an image reference is fetched (IMAGEREFTYPE).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageRefType {
    /// An OFX IMAGERQ to the OFX server, signed on.
    Opaque,
    /// An HTTP GET of the URL, without authentication.
    Url,
    /// The URL receives the signed-on OFX IMAGERQ (authentication by the signon).
    FormUrl,
}

impl ImageRefType {
    pub fn from_name(s: &str) -> Option<ImageRefType> {
        match s.trim().to_ascii_uppercase().as_str() {
            "OPAQUE" => Some(ImageRefType::Opaque),
            "URL" => Some(ImageRefType::Url),
            "FORMURL" => Some(ImageRefType::FormUrl),
            _ => None,
        }
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A client: one FI, one user, one HTTP agent (connections are reused).
pub struct Client {
    pub config: ClientConfig,
    events: Arc<dyn EventSink>,
    transport: Option<Transport>,
    id: u64,
    mfa_answers: Vec<(String, Secret)>,
    /// The user's accounts as the last account list gave them (money requests are checked against it).
    known_accounts: Option<Vec<KnownAccount>>,
}

/// An account of the user's account list, as far as money requests need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownAccount {
    /// bank, creditcard, loan, investment, billpay, ...
    pub kind: &'static str,
    pub bank_id: Option<String>,
    pub account_id: String,
    /// XFERSRC / XFERDEST (None when the list does not say).
    pub transfer_source: Option<bool>,
    pub transfer_destination: Option<bool>,
}

/// One record of a sync answer, handed to the sync callback.
#[derive(Clone, Copy, Debug)]
pub enum SyncRecord<'a> {
    Transfer(&'a crate::client::money::TransferRecord),
    Payment(&'a crate::client::money::PaymentRecord),
    Payee(&'a crate::client::money::PayeeRecord),
}

/// What a synchronization gave: the new token (to keep for next time), LOSTSYNC, and the records.
#[derive(Debug)]
pub struct SyncOutcome {
    pub token: String,
    pub lost_sync: bool,
    pub records: crate::client::money::MoneyRecords,
    pub doc: Document,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("id", &self.id).field("config", &self.config).finish_non_exhaustive()
    }
}

impl Client {
    /// A client with this configuration and event sink. Nothing is sent until an operation runs.
    pub fn new(config: ClientConfig, events: Arc<dyn EventSink>) -> Client {
        Client {
            config,
            events,
            transport: None,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            mfa_answers: Vec::new(),
            known_accounts: None,
        }
    }

    /// A copy for a batch: the same id (so the client's request items are accepted), configuration,
    /// session state and events, with a transport of its own.
    pub fn clone_for_batch(&self) -> Client {
        Client {
            config: self.config.clone(),
            events: self.events.clone(),
            transport: None,
            id: self.id,
            mfa_answers: self.mfa_answers.clone(),
            known_accounts: self.known_accounts.clone(),
        }
    }

    /// The client's id: request items carry it, and a batch refuses items of another client.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Replaces the event sink (connections already open keep reporting to the new one only after
    /// the next reconnect; the transport is rebuilt).
    pub fn set_events(&mut self, events: Arc<dyn EventSink>) {
        self.events = events;
        self.transport = None;
    }

    /// The event sink.
    pub fn events(&self) -> &Arc<dyn EventSink> {
        &self.events
    }

    /// Sets one configuration knob (see [`crate::client::config::KEYS`]); the transport is rebuilt on
    /// the next exchange unless the key only concerns the request document (signon fields, versions,
    /// format).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), ClientError> {
        self.config.set(key, value).map_err(ClientError::config)?;
        if !crate::client::config::is_document_key(key) {
            self.transport = None;
        }
        Ok(())
    }

    /// Applies a profile an application supplies (`key=value` lines, all or nothing); the transport
    /// is rebuilt on the next exchange.
    pub fn apply_profile_text(&mut self, text: &str) -> Result<(), ClientError> {
        self.config.apply_profile_text(text).map_err(ClientError::config)?;
        self.transport = None;
        Ok(())
    }

    /// Gives the answer to one MFA question for the next signon (replacing an earlier answer to it).
    pub fn set_mfa_answer(&mut self, phrase_id: &str, answer: &str) {
        self.mfa_answers.retain(|(p, _)| p != phrase_id);
        self.mfa_answers.push((phrase_id.to_string(), Secret::new(answer)));
    }

    /// A request item of this client with a fresh TRNUID.
    pub fn item(&self, body: RequestBody) -> RequestItem {
        RequestItem::new(body, self.id)
    }

    /// The signon for a request at `version`; `masked` replaces secrets by asterisks (for showing).
    pub fn signon(&self, version: u16, masked: bool) -> Result<SonRq, ClientError> {
        let c = &self.config;
        let show = |s: &Option<Secret>| {
            s.as_ref().map(|s| if masked { "********".to_string() } else { s.expose().to_string() })
        };
        let mut s = SonRq {
            dtclient: Some(ops::now()),
            language: Some(c.language.clone()),
            appid: Some(c.app_id.clone()),
            appver: Some(c.app_ver.clone()),
            appkey: c.app_key.clone(),
            sesscookie: c.sess_cookie.clone(),
            usercred1: show(&c.user_cred1),
            usercred2: show(&c.user_cred2),
            authtoken: show(&c.auth_token),
            accesskey: show(&c.access_key),
            ..Default::default()
        };
        if c.user_key.is_some() && c.user_id.is_none() {
            s.userkey = show(&c.user_key);
        } else if c.access_token.is_some() && c.user_id.is_none() {
            s.accesstoken = show(&c.access_token);
        } else {
            let (Some(_), Some(_)) = (&c.user_id, &c.password) else {
                return Err(ClientError::config(
                    "no credentials: set user_id and password (or user_key, or access_token)",
                ));
            };
            // The user id is shown: it identifies whose request it is; only the password is masked.
            s.userid = c.user_id.as_ref().map(|u| u.expose().to_string());
            s.userpass = show(&c.password);
        }
        if c.gen_user_key {
            s.genuserkey = Some(true);
        }
        if let Some(org) = &c.org {
            s.fi = Some(Box::new(FiId { org: Some(org.clone()), fid: c.fid.clone() }));
        } else if c.fid.is_some() {
            return Err(ClientError::config("fid is set but org is not: the signon's FI needs ORG"));
        }
        let send_uid = match c.client_uid_policy {
            ClientUidPolicy::WhenSet => true,
            ClientUidPolicy::FromV103 => version >= 103,
            ClientUidPolicy::Never => false,
        };
        if send_uid {
            s.clientuid = c.client_uid.clone();
        }
        s.mfachallengeanswer = self
            .mfa_answers
            .iter()
            .map(|(id, a)| MfaChallengeAnswer {
                mfaphraseid: Some(id.clone()),
                mfaphrasea: Some(if masked { "********".into() } else { a.expose().to_string() }),
            })
            .collect();
        Ok(s)
    }

    /// The version a set of items is sent at: the per-type version when they all agree, else the
    /// client's version.
    pub fn version_for_items(&self, items: &[RequestItem]) -> u16 {
        let mut vs = items.iter().map(|i| self.config.version_for(i.body.kind()));
        match vs.next() {
            Some(first) if vs.all(|v| v == first) => first,
            Some(_) => self.config.version,
            None => self.config.version_for(RequestKind::Profile),
        }
    }

    fn format(&self, version: u16) -> RequestFormat {
        let mut f = self.config.format.clone();
        f.version = version;
        if f.new_file_uid.eq_ignore_ascii_case("uuid") {
            f.new_file_uid = crate::client::request::new_trnuid();
        }
        f
    }

    /// The request document for `items` exactly as it would be posted; `masked` hides the password
    /// and other secrets (for `--dry-run` and logs).
    pub fn request_text(&self, items: &[RequestItem], masked: bool) -> Result<String, ClientError> {
        let version = self.version_for_items(items);
        let signon = self.signon(version, masked)?;
        build_document(&signon, items, &self.format(version)).map_err(|e| ClientError::request(e.0))
    }

    fn transport(&mut self) -> Result<&Transport, ClientError> {
        if self.transport.is_none() {
            let t = Transport::new(self.config.transport.clone(), self.events.clone())?;
            self.transport = Some(t);
        }
        self.transport.as_ref().ok_or_else(|| ClientError::config("no transport"))
    }

    fn report(&self, e: ClientError) -> ClientError {
        let kind = match e.kind {
            ClientErrorKind::Transport(k) => k,
            _ => ErrorKind::InvalidUrl,
        };
        if matches!(e.kind, ClientErrorKind::Transport(_)) {
            self.events.error(&ErrorEvent { kind, message: &e.message });
        }
        e
    }

    /// Posts `items` under one signon and reads the answer. OFX-level failures (a non-zero signon or
    /// transaction status) are not errors: the document is returned and says what the server said.
    pub fn exchange(&mut self, items: &[RequestItem]) -> Result<Document, ClientError> {
        let r = self.exchange_inner(items);
        r.map_err(|e| self.report(e))
    }

    fn exchange_inner(&mut self, items: &[RequestItem]) -> Result<Document, ClientError> {
        if let Some(it) = items.iter().find(|i| i.owner != self.id) {
            return Err(ClientError::request(format!(
                "request {} ({}) was made for another client's signon",
                it.trnuid,
                it.body.tag()
            )));
        }
        self.check_accounts(items)?;
        let url = self.url()?;
        let version = self.version_for_items(items);
        let signon = self.signon(version, false)?;
        let text = Zeroizing::new(
            build_document(&signon, items, &self.format(version)).map_err(|e| ClientError::request(e.0))?,
        );
        let answer = self.transport()?.post_ofx(&url, text.as_bytes())?;
        let doc = read_answer(&answer)?;
        self.learn(&doc);
        Ok(doc)
    }

    fn url(&self) -> Result<String, ClientError> {
        let url = self.config.url.trim();
        if url.is_empty() {
            return Err(ClientError::config("no URL: set the FI's OFX server URL"));
        }
        Ok(url.to_string())
    }

    /// The accounts of the last account list, if one was downloaded (or set).
    pub fn known_accounts(&self) -> Option<&[KnownAccount]> {
        self.known_accounts.as_deref()
    }

    /// Sets the accounts money requests are checked against (None: no check beyond the shape).
    pub fn set_known_accounts(&mut self, accounts: Option<Vec<KnownAccount>>) {
        self.known_accounts = accounts;
    }

    /// Refuses, before anything is sent, a transfer or payment from an account the user's account list
    /// does not have or that does not allow transfers out, and an intrabank transfer to an account the
    /// list does not have or that does not take transfers in. Without an account list only the
    /// request's shape is checked.
    fn check_accounts(&self, items: &[RequestItem]) -> Result<(), ClientError> {
        use crate::model::transfer::XferInfo;
        let Some(known) = &self.known_accounts else { return Ok(()) };
        let find = |bank: Option<&str>, acct: &str| {
            known.iter().find(|k| k.account_id == acct && (bank.is_none() || k.bank_id.as_deref() == bank))
        };
        let label = |bank: Option<&str>, acct: &str| match bank {
            Some(b) => format!("{b}:{acct}"),
            None => acct.to_string(),
        };
        let ends = |x: &XferInfo| {
            let from = x
                .bankacctfrom
                .as_deref()
                .map(|b| (b.bankid.clone(), b.acctid.clone().unwrap_or_default()))
                .or_else(|| x.ccacctfrom.as_deref().map(|c| (None, c.acctid.clone().unwrap_or_default())))
                .or_else(|| x.loanacctfrom.as_deref().map(|l| (None, l.loanacctid.clone().unwrap_or_default())));
            let to = x
                .bankacctto
                .as_deref()
                .map(|b| (b.bankid.clone(), b.acctid.clone().unwrap_or_default()))
                .or_else(|| x.ccacctto.as_deref().map(|c| (None, c.acctid.clone().unwrap_or_default())))
                .or_else(|| x.loanacctto.as_deref().map(|l| (None, l.loanacctid.clone().unwrap_or_default())));
            (from, to)
        };
        for it in items {
            let (xfer, intrabank) = match &it.body {
                RequestBody::Transfer(r) => (r.xferinfo.as_deref(), true),
                RequestBody::TransferModify(r) => (r.xferinfo.as_deref(), true),
                RequestBody::InterbankTransfer(r) => (r.xferinfo.as_deref(), false),
                RequestBody::InterbankModify(r) => (r.xferinfo.as_deref(), false),
                _ => (None, false),
            };
            if let Some(x) = xfer {
                let (from, to) = ends(x);
                if let Some((b, a)) = from {
                    match find(b.as_deref(), &a) {
                        None => {
                            return Err(ClientError::request(format!(
                                "account {} is not in this user's account list: nothing was sent",
                                label(b.as_deref(), &a)
                            )));
                        }
                        Some(k) if k.transfer_source == Some(false) => {
                            return Err(ClientError::request(format!(
                                "account {} does not allow transfers out (XFERSRC N): nothing was sent",
                                label(b.as_deref(), &a)
                            )));
                        }
                        _ => {}
                    }
                }
                if intrabank {
                    if let Some((b, a)) = to {
                        match find(b.as_deref(), &a) {
                            None => {
                                return Err(ClientError::request(format!(
                                    "account {} is not in this user's account list: nothing was sent",
                                    label(b.as_deref(), &a)
                                )));
                            }
                            Some(k) if k.transfer_destination == Some(false) => {
                                return Err(ClientError::request(format!(
                                    "account {} does not take transfers in (XFERDEST N): nothing was sent",
                                    label(b.as_deref(), &a)
                                )));
                            }
                            _ => {}
                        }
                    }
                }
            }
            let pmt = match &it.body {
                RequestBody::Payment(r) => r.pmtinfo.as_deref(),
                RequestBody::PaymentModify(r) => r.pmtinfo.as_deref(),
                _ => None,
            };
            if let Some(b) = pmt.and_then(|p| p.bankacctfrom.as_deref()) {
                let a = b.acctid.clone().unwrap_or_default();
                if find(b.bankid.as_deref(), &a).is_none() {
                    return Err(ClientError::request(format!(
                        "account {} is not in this user's account list: nothing was sent",
                        label(b.bankid.as_deref(), &a)
                    )));
                }
            }
        }
        Ok(())
    }

    /// Posts one request and returns the answer and its first transaction status; a non-zero
    /// signon or transaction status is an error ([`ClientErrorKind::Refused`]) carrying the server's
    /// code and message.
    pub fn post_checked(&mut self, item: &RequestItem) -> Result<Document, ClientError> {
        let doc = self.exchange(std::slice::from_ref(item))?;
        check_statuses(&doc)?;
        Ok(doc)
    }

    /// Runs a synchronization (transfers, payments or payees). The whole answer is read and every
    /// record parsed first; then `on_record` runs for each record in the server's order; only when
    /// all of that succeeded is the new token handed out. On any failure — transport, a refused
    /// signon, an answer without the sync response, or `on_record` returning false — the caller keeps
    /// its old token, and asking again with it gives the same records.
    pub fn sync(
        &mut self,
        body: RequestBody,
        on_record: &mut dyn FnMut(SyncRecord<'_>) -> bool,
    ) -> Result<SyncOutcome, ClientError> {
        if body.is_wrapped() {
            return Err(ClientError::request(format!("{} is not a synchronization request", body.tag())));
        }
        let want = body.response_wrapper();
        let item = self.item(body);
        let doc = self.exchange(std::slice::from_ref(&item))?;
        if let Some(st) = doc.signon_status().filter(|s| s.code != Some(0)) {
            return Err(ClientError::refused(
                st.code.unwrap_or(-1),
                format!("the signon failed: {}", status_text(&doc, st)),
            ));
        }
        let records = crate::client::money::records(&doc);
        let Some(info) = records.syncs.iter().find(|s| s.tag == want) else {
            let why = doc
                .wrappers
                .iter()
                .find_map(|w| w.status.as_ref().filter(|s| s.code != Some(0)))
                .map(|s| format!(" (status {})", status_text(&doc, s)))
                .unwrap_or_default();
            return Err(ClientError::bad_response(format!("the answer has no {want}{why}: the token is unchanged")));
        };
        let Some(token) = info.token.clone().filter(|t| !t.is_empty()) else {
            return Err(ClientError::bad_response(format!("{want} without a TOKEN: the token is unchanged")));
        };
        let lost_sync = info.lost_sync;
        let mut i = 0usize;
        let mut go = |r: SyncRecord<'_>| {
            i += 1;
            on_record(r)
        };
        let stopped = match want.as_str() {
            "INTRASYNCRS" | "INTERSYNCRS" => {
                records.transfers.iter().filter(|t| t.in_sync).any(|t| !go(SyncRecord::Transfer(t)))
            }
            "PMTSYNCRS" => records.payments.iter().filter(|t| t.in_sync).any(|t| !go(SyncRecord::Payment(t))),
            _ => records.payees.iter().filter(|t| t.in_sync).any(|t| !go(SyncRecord::Payee(t))),
        };
        if stopped {
            return Err(ClientError {
                kind: ClientErrorKind::Callback,
                message: format!("the record callback stopped the sync at record {i}: the token is unchanged"),
                transport: None,
            });
        }
        Ok(SyncOutcome { token, lost_sync, records, doc })
    }

    /// Keeps what the signon answer gives for later signons: ACCESSKEY (after MFA; the answers are
    /// then dropped), USERKEY (after GENUSERKEY), SESSCOOKIE.
    fn learn(&mut self, doc: &Document) {
        if !doc.accounts.is_empty() {
            let t = |r: Option<crate::model::define::TextRef>| r.map(|r| doc.text(&r).to_string());
            self.known_accounts = Some(
                doc.accounts
                    .iter()
                    .filter_map(|a| {
                        let (_, src, dst) = a.services();
                        Some(KnownAccount {
                            kind: a.kind(),
                            bank_id: t(a.bank_id()),
                            account_id: t(a.account_id())?,
                            transfer_source: src,
                            transfer_destination: dst,
                        })
                    })
                    .collect(),
            );
        }
        let Some(s) = &doc.signon else { return };
        let ok = s.status.as_ref().and_then(|st| st.code) == Some(0);
        if let Some(k) = doc.opt_text(&s.accesskey) {
            self.config.access_key = Some(Secret::new(k));
            self.mfa_answers.clear();
        }
        if ok {
            if let Some(k) = doc.opt_text(&s.userkey) {
                if self.config.gen_user_key {
                    self.config.user_key = Some(Secret::new(k));
                }
            }
            if let Some(c) = doc.opt_text(&s.sesscookie) {
                self.config.sess_cookie = Some(c.to_string());
            }
            // An AUTHTOKEN is good for one signon.
            self.config.auth_token = None;
        }
    }

    fn one(&mut self, body: RequestBody) -> Result<Document, ClientError> {
        let item = self.item(body);
        self.exchange(std::slice::from_ref(&item))
    }

    /// The account list (Account.GetInfo), changed since `since`.
    pub fn account_info(&mut self, since: Option<OfxDateTime>) -> Result<Document, ClientError> {
        self.one(ops::account_info(since))
    }

    /// A statement of any kind of account.
    pub fn statement(&mut self, q: &StatementQuery) -> Result<Document, ClientError> {
        let body = ops::statement(q).map_err(ClientError::request)?;
        self.one(body)
    }

    /// Closing information (GetClosingInfo).
    pub fn closing(
        &mut self,
        account: &AccountRef,
        start: Option<OfxDateTime>,
        end: Option<OfxDateTime>,
        include_images: Option<bool>,
    ) -> Result<Document, ClientError> {
        let body = ops::closing(account, start, end, include_images).map_err(ClientError::request)?;
        self.one(body)
    }

    /// The FI profile (FIProfile.GetProfile).
    pub fn profile(&mut self, since: Option<OfxDateTime>, routing: Option<&str>) -> Result<Document, ClientError> {
        self.one(ops::profile(since, routing))
    }

    /// Asks for the MFA questions; answer them with [`Client::set_mfa_answer`], then repeat the
    /// operation the server refused with 3000.
    pub fn mfa_challenge(&mut self) -> Result<(Document, Vec<MfaQuestion>), ClientError> {
        let doc = self.one(ops::mfa_challenge(ops::now()))?;
        let qs = mfa_questions(&doc);
        Ok((doc, qs))
    }

    /// Downloads a check or statement image by its reference (2.1.1 image download).
    pub fn image(&mut self, reftype: ImageRefType, imageref: &str) -> Result<Image, ClientError> {
        let r = self.image_inner(reftype, imageref);
        r.map_err(|e| self.report(e))
    }

    fn image_inner(&mut self, reftype: ImageRefType, imageref: &str) -> Result<Image, ClientError> {
        let answer = match reftype {
            ImageRefType::Url => {
                check_http_url(imageref)?;
                self.transport()?.get(imageref)?
            }
            ImageRefType::Opaque | ImageRefType::FormUrl => {
                let body = ops::image(if reftype == ImageRefType::Opaque { imageref } else { "FORMURL" })
                    .map_err(ClientError::request)?;
                let body = match (reftype, body) {
                    (ImageRefType::FormUrl, RequestBody::Image(mut r)) => {
                        r.imageref = Some(imageref.to_string());
                        RequestBody::Image(r)
                    }
                    (_, b) => b,
                };
                let item = self.item(body);
                let url = if reftype == ImageRefType::FormUrl {
                    check_http_url(imageref)?;
                    imageref.to_string()
                } else {
                    self.url()?
                };
                let mut version = self.config.version_for(RequestKind::Image);
                if version < 211 {
                    version = 211;
                }
                let signon = self.signon(version, false)?;
                let text = Zeroizing::new(
                    build_document(&signon, std::slice::from_ref(&item), &self.format(version))
                        .map_err(|e| ClientError::request(e.0))?,
                );
                self.transport()?.post_ofx(&url, text.as_bytes())?
            }
        };
        image_from_answer(answer)
    }
}

fn check_http_url(u: &str) -> Result<(), ClientError> {
    let l = u.trim().to_ascii_lowercase();
    if l.starts_with("https://") || l.starts_with("http://") {
        Ok(())
    } else {
        Err(ClientError::request(format!("image reference '{u}' is not an http(s) URL")))
    }
}

fn status_text(doc: &Document, s: &crate::model::signon::Status) -> String {
    format!(
        "{} {}{}",
        s.code.unwrap_or(-1),
        doc.opt_text(&s.severity).unwrap_or(""),
        doc.opt_text(&s.message).map(|m| format!(": {m}")).unwrap_or_default()
    )
}

/// Fails with [`ClientErrorKind::Refused`] when the signon or any transaction response of `doc` has
/// a non-zero STATUS (the first one found, with the server's code and message).
pub fn check_statuses(doc: &Document) -> Result<(), ClientError> {
    if let Some(st) = doc.signon_status().filter(|s| s.code != Some(0)) {
        return Err(ClientError::refused(
            st.code.unwrap_or(-1),
            format!("the signon failed: {}", status_text(doc, st)),
        ));
    }
    for w in &doc.wrappers {
        if let Some(st) = w.status.as_ref().filter(|s| s.code != Some(0)) {
            let uid = doc.opt_text(&w.trnuid).unwrap_or("?");
            return Err(ClientError::refused(
                st.code.unwrap_or(-1),
                format!("the server refused {} {uid}: {}", w.tag, status_text(doc, st)),
            ));
        }
    }
    // Transactions inside sync responses are not in doc.wrappers' top level only: look at them too.
    let m = crate::client::money::records(doc);
    let bad = m
        .transfers
        .iter()
        .map(|t| (&t.trnuid, &t.status))
        .chain(m.payments.iter().map(|p| (&p.trnuid, &p.status)))
        .chain(m.payees.iter().map(|p| (&p.trnuid, &p.status)))
        .find(|(_, s)| s.code.is_some_and(|c| c != 0));
    if let Some((uid, s)) = bad {
        return Err(ClientError::refused(
            s.code.unwrap_or(-1),
            format!(
                "the server refused {uid}: {} {}{}",
                s.code.unwrap_or(-1),
                s.severity.as_deref().unwrap_or(""),
                s.message.as_deref().map(|m| format!(": {m}")).unwrap_or_default()
            ),
        ));
    }
    Ok(())
}

/// The MFA questions of an MFACHALLENGERS.
pub fn mfa_questions(doc: &Document) -> Vec<MfaQuestion> {
    let mut out = Vec::new();
    let mut nodes = Vec::new();
    doc.root().find_all(ids::MFACHALLENGE, &mut nodes);
    for n in nodes {
        if let Some(id) = n.child_text(ids::MFAPHRASEID) {
            out.push(MfaQuestion {
                phrase_id: id.trim().to_string(),
                label: n.child_text(ids::MFAPHRASELABEL).map(|s| s.trim().to_string()),
            });
        }
    }
    out
}

/// Reads a server's answer body: an OFX document, or a clear error for HTML pages, empty or cut-off
/// answers.
pub fn read_answer(answer: &HttpAnswer) -> Result<Document, ClientError> {
    let doc = Document::parse(&answer.body).map_err(|e| {
        let start = first_text(&answer.body, 200);
        match e {
            ParseError::NotOfx(_) => {
                ClientError::bad_response(format!("the server's answer is not OFX ({e}); it begins: {start}"))
            }
            other => ClientError::bad_response(format!("the server's answer could not be read: {other}")),
        }
    })?;
    if let Some(w) = doc.warnings.iter().find(|w| w.code == WarningCode::Truncated) {
        return Err(ClientError::truncated(format!(
            "truncated OFX: the answer ({} bytes) was cut off: {}",
            answer.body.len(),
            w.message
        )));
    }
    Ok(doc)
}

/// The first `n` characters of a body as one line of text (HTML tags removed).
pub fn first_text(body: &[u8], n: usize) -> String {
    let s = String::from_utf8_lossy(&body[..body.len().min(4096)]);
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' if s.contains("<html") || s.contains("<HTML") || s.contains("<!DOCTYPE") => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if in_tag => {}
            c if c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let mut t = words.join(" ");
    if t.chars().count() > n {
        t = t.chars().take(n).collect::<String>() + "…";
    }
    t
}

fn image_from_answer(answer: HttpAnswer) -> Result<Image, ClientError> {
    let ct = answer.content_type.clone().unwrap_or_default();
    let lower = ct.to_ascii_lowercase();
    if lower.starts_with("multipart/") {
        // The boundary keeps its case as sent.
        let boundary = ct
            .split(';')
            .find_map(|p| {
                let p = p.trim();
                p.get(..9).filter(|k| k.eq_ignore_ascii_case("boundary=")).map(|_| p[9..].trim_matches('"').to_string())
            })
            .ok_or_else(|| ClientError::bad_response("multipart answer without a boundary"))?;
        for (pct, body) in multipart_parts(&answer.body, &boundary) {
            let p = pct.to_ascii_lowercase();
            if !p.contains("ofx") && !p.starts_with("text/") && !body.is_empty() {
                return Ok(Image { content_type: pct, bytes: body });
            }
        }
        return Err(ClientError::bad_response("multipart answer without an image part"));
    }
    let looks_ofx = lower.contains("ofx")
        || lower.contains("xml")
        || answer.body.windows(5).take(4096).any(|w| w == b"<OFX>" || w == b"OFXHE");
    if looks_ofx {
        let doc = read_answer(&answer)?;
        let st = doc
            .wrappers
            .iter()
            .find_map(|w| w.status.as_ref())
            .or_else(|| doc.signon_status())
            .map(|s| {
                format!(
                    "{} {}{}",
                    s.code.unwrap_or(-1),
                    doc.opt_text(&s.severity).unwrap_or(""),
                    doc.opt_text(&s.message).map(|m| format!(": {m}")).unwrap_or_default()
                )
            })
            .unwrap_or_else(|| "no status".into());
        return Err(ClientError::bad_response(format!("no image: the server answered OFX with status {st}")));
    }
    if answer.body.is_empty() {
        return Err(ClientError::bad_response("empty image"));
    }
    Ok(Image { content_type: if ct.is_empty() { "application/octet-stream".into() } else { ct }, bytes: answer.body })
}

/// The parts of a multipart body: (content type, bytes).
fn multipart_parts(body: &[u8], boundary: &str) -> Vec<(String, Vec<u8>)> {
    let delim = format!("--{boundary}");
    let d = delim.as_bytes();
    let mut starts = Vec::new();
    let mut i = 0;
    while i + d.len() <= body.len() {
        if &body[i..i + d.len()] == d {
            starts.push(i);
            i += d.len();
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    for w in starts.windows(2) {
        let part = &body[w[0] + d.len()..w[1]];
        let part = part.strip_prefix(b"\r\n").or_else(|| part.strip_prefix(b"\n")).unwrap_or(part);
        let (head, rest) = match find(part, b"\r\n\r\n") {
            Some(p) => (&part[..p], &part[p + 4..]),
            None => match find(part, b"\n\n") {
                Some(p) => (&part[..p], &part[p + 2..]),
                None => continue,
            },
        };
        let rest = rest.strip_suffix(b"\r\n").or_else(|| rest.strip_suffix(b"\n")).unwrap_or(rest);
        let head = String::from_utf8_lossy(head);
        let ct = head
            .lines()
            .find_map(|l| l.split_once(':').filter(|(k, _)| k.trim().eq_ignore_ascii_case("content-type")))
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default();
        out.push((ct, rest.to_vec()));
    }
    out
}

fn find(h: &[u8], n: &[u8]) -> Option<usize> {
    h.windows(n.len()).position(|w| w == n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::events::NoEvents;

    fn client() -> Client {
        let mut c = ClientConfig::default();
        c.set("url", "https://localhost:1/ofx").unwrap();
        c.set("org", "Org").unwrap();
        c.set("fid", "1").unwrap();
        c.set("user_id", "demo").unwrap();
        c.set("password", "s3cret-pw").unwrap();
        Client::new(c, Arc::new(NoEvents))
    }

    #[test]
    fn dry_run_masks_the_password() {
        let mut c = client();
        c.set_mfa_answer("MFA13", "Blue");
        c.set("client_uid", "3F2504E0-4F89-11D3-9A0C-0305E82C3301").unwrap();
        let it = c.item(ops::profile(None, None));
        let t = c.request_text(std::slice::from_ref(&it), true).unwrap();
        assert!(t.contains("<USERID>demo") && t.contains("<USERPASS>********"), "{t}");
        assert!(!t.contains("s3cret-pw") && !t.contains("Blue"));
        assert!(t.contains("<CLIENTUID>3F2504E0-4F89-11D3-9A0C-0305E82C3301"));
        assert!(t.contains("<MFAPHRASEID>MFA13"));
        let real = c.request_text(&[it], false).unwrap();
        assert!(real.contains("<USERPASS>s3cret-pw"));
        c.set("client_uid_policy", "from_103").unwrap();
        let t = c.request_text(&[c.item(ops::profile(None, None))], true).unwrap();
        assert!(!t.contains("CLIENTUID"));
    }

    #[test]
    fn items_of_another_client_refused() {
        let mut a = client();
        let b = client();
        let it = b.item(ops::profile(None, None));
        let e = a.exchange(&[it]).unwrap_err();
        assert_eq!(e.kind, ClientErrorKind::Request);
        assert!(e.message.contains("another client"), "{e}");
    }

    #[test]
    fn missing_credentials() {
        let mut c = ClientConfig::default();
        c.set("url", "https://x.invalid/").unwrap();
        let cl = Client::new(c, Arc::new(NoEvents));
        let e = cl.request_text(&[cl.item(ops::profile(None, None))], false).unwrap_err();
        assert_eq!(e.kind, ClientErrorKind::Config);
    }

    #[test]
    fn answers_read() {
        let html = HttpAnswer {
            status: 200,
            headers: vec![],
            content_type: Some("text/html".into()),
            body: b"<html><head><title>Access Denied</title></head><body>You don't have permission</body></html>"
                .to_vec(),
        };
        let e = read_answer(&html).unwrap_err();
        assert_eq!(e.error_kind(), Some(ErrorKind::BadResponse));
        assert!(e.message.contains("Access Denied You don't have permission"), "{e}");
        let cut = HttpAnswer {
            status: 200,
            headers: vec![],
            content_type: None,
            body: b"OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n\r\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240101<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1".to_vec(),
        };
        let e = read_answer(&cut).unwrap_err();
        assert!(e.message.starts_with("truncated OFX"), "{e}");
    }

    #[test]
    fn images_from_answers() {
        let png = HttpAnswer {
            status: 200,
            headers: vec![],
            content_type: Some("image/png".into()),
            body: vec![0x89, b'P', b'N', b'G'],
        };
        assert_eq!(image_from_answer(png).unwrap().bytes, vec![0x89, b'P', b'N', b'G']);
        let body = b"--XyZ\r\nContent-Type: application/x-ofx\r\n\r\n<OFX></OFX>\r\n--XyZ\r\nContent-Type: image/tiff\r\n\r\nII*\x00data\r\n--XyZ--\r\n".to_vec();
        let mp = HttpAnswer {
            status: 200,
            headers: vec![],
            content_type: Some("multipart/mixed; boundary=XyZ".into()),
            body,
        };
        let img = image_from_answer(mp).unwrap();
        assert_eq!(img.content_type, "image/tiff");
        assert_eq!(img.bytes, b"II*\x00data");
    }
}
