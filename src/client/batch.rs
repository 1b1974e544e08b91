//! OFXBatch: many requests under one signon in one HTTPS post, the answer split back per request.
//!
//! The batch belongs to one client (its FI, signon and transport); each item is a request item built
//! by the same constructors as the single operations. Posting writes one document (message sets in the
//! spec's order whatever the order of the items, items of one message set sharing its wrapper) and
//! sends it in one POST over one connection. The answer is split by TRNUID: item i's response is the
//! answer to item i whatever order the server used, as a document of its own (the signon, the item's
//! transaction response in its message set, and for investment statements the security list).

use crate::client::request::{RequestBody, RequestItem};
use crate::client::session::{Client, ClientError};
use crate::document::{Document, Syntax};
use crate::markup::tree::{NodeRef, Tree};
use crate::markup::writer::{Version, WriteOptions, write_document};
use crate::model::grammar::ids;

/// Why an item has no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemError {
    /// Not posted yet.
    NotPosted,
    /// The server's answer has no transaction response with this item's TRNUID.
    NotAnswered(String),
    /// The signon failed: the status applies to the whole batch (the item's response holds the
    /// signon answer).
    SignonFailed(String),
    /// The whole exchange failed (transport, request); no item has an answer.
    Exchange(String),
}

impl ItemError {
    pub fn message(&self) -> String {
        match self {
            ItemError::NotPosted => "the batch has not been posted".into(),
            ItemError::NotAnswered(m) | ItemError::SignonFailed(m) | ItemError::Exchange(m) => m.clone(),
        }
    }
}

/// One item of a batch: the request, and after posting its answer or why there is none.
#[derive(Debug)]
pub struct BatchItem {
    pub request: RequestItem,
    pub response: Option<Document>,
    pub error: Option<ItemError>,
}

/// A batch of requests of one client.
#[derive(Debug)]
pub struct Batch {
    owner: u64,
    items: Vec<BatchItem>,
    /// The whole answer of the last post (for writing the exchange to a file).
    pub answer: Option<Document>,
}

impl Batch {
    /// An empty batch for `client`.
    pub fn new(client: &Client) -> Batch {
        Batch { owner: client.id(), items: Vec::new(), answer: None }
    }

    /// An empty batch for the client with this id (items of other clients are refused).
    pub fn for_owner(owner: u64) -> Batch {
        Batch { owner, items: Vec::new(), answer: None }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn items(&self) -> &[BatchItem] {
        &self.items
    }

    pub fn item(&self, i: usize) -> Option<&BatchItem> {
        self.items.get(i)
    }

    /// Moves every item's response out (its error stays): for a caller that keeps the documents in
    /// views of its own, instead of copying them.
    pub fn take_responses(&mut self) -> Vec<Option<Document>> {
        self.items.iter_mut().map(|it| it.response.take()).collect()
    }

    fn check(&self, it: &RequestItem, replacing: Option<usize>) -> Result<(), String> {
        if it.owner != self.owner {
            return Err(format!(
                "request {} ({}) was made for another signon: a batch holds requests of its own client only",
                it.trnuid,
                it.body.tag()
            ));
        }
        if let Some(j) =
            self.items.iter().enumerate().position(|(j, x)| Some(j) != replacing && x.request.trnuid == it.trnuid)
        {
            return Err(format!("TRNUID {} is already used by item {j} of the batch", it.trnuid));
        }
        Ok(())
    }

    /// Appends an item; returns its index. A changed batch has no answer: every item is "not
    /// posted" again.
    pub fn add(&mut self, it: RequestItem) -> Result<usize, String> {
        self.check(&it, None)?;
        self.items.push(BatchItem { request: it, response: None, error: Some(ItemError::NotPosted) });
        self.invalidate();
        Ok(self.items.len() - 1)
    }

    /// Drops the answer of an earlier post (the batch changed).
    fn invalidate(&mut self) {
        self.answer = None;
        for it in &mut self.items {
            it.response = None;
            it.error = Some(ItemError::NotPosted);
        }
    }

    /// Sets item `i` (replacing it), or appends when `i` is the current length.
    pub fn set(&mut self, i: usize, it: RequestItem) -> Result<(), String> {
        if i > self.items.len() {
            return Err(format!("item index {i} is past the end (the batch has {} items)", self.items.len()));
        }
        if i == self.items.len() {
            return self.add(it).map(|_| ());
        }
        self.check(&it, Some(i))?;
        self.items[i] = BatchItem { request: it, response: None, error: Some(ItemError::NotPosted) };
        self.invalidate();
        Ok(())
    }

    /// Removes every item.
    pub fn clear(&mut self) {
        self.items.clear();
        self.answer = None;
    }

    /// The requests, in item order.
    pub fn requests(&self) -> Vec<RequestItem> {
        self.items.iter().map(|i| i.request.clone()).collect()
    }

    /// Posts the whole batch in one exchange and splits the answer per item. Err only when the
    /// exchange as a whole failed (every item then carries that error too).
    pub fn post(&mut self, client: &mut Client) -> Result<(), ClientError> {
        if self.items.is_empty() {
            return Err(ClientError::config("the batch is empty"));
        }
        let reqs = self.requests();
        match client.exchange(&reqs) {
            Ok(doc) => {
                self.split(&doc);
                self.answer = Some(doc);
                Ok(())
            }
            Err(e) => {
                for it in &mut self.items {
                    it.response = None;
                    it.error = Some(ItemError::Exchange(e.message.clone()));
                }
                self.answer = None;
                Err(e)
            }
        }
    }

    /// Splits a whole answer into the items' responses by TRNUID.
    pub fn split(&mut self, doc: &Document) {
        let signon_code = doc.signon_status().and_then(|s| s.code);
        let signon_msg = doc
            .signon_status()
            .map(|s| {
                format!(
                    "the signon failed ({} {}{}): the status applies to the whole batch",
                    s.code.unwrap_or(-1),
                    doc.opt_text(&s.severity).unwrap_or(""),
                    doc.opt_text(&s.message).map(|m| format!(": {m}")).unwrap_or_default()
                )
            })
            .unwrap_or_else(|| "the answer has no signon response".into());
        let index = answers_by_trnuid(doc);
        let syncs = sync_answers(doc);
        // Sync requests carry no TRNUID: the k-th sync item of a kind gets the k-th answer of its kind.
        let mut seen_syncs: Vec<(String, usize)> = Vec::new();
        for it in &mut self.items {
            let want = it.request.body.response_wrapper();
            let found = if it.request.body.is_wrapped() {
                index.iter().find(|(uid, tag, _)| *uid == it.request.trnuid && *tag == want).copied()
            } else {
                let k = match seen_syncs.iter_mut().find(|(t, _)| *t == want) {
                    Some((_, n)) => {
                        *n += 1;
                        *n - 1
                    }
                    None => {
                        seen_syncs.push((want.clone(), 1));
                        0
                    }
                };
                syncs.iter().filter(|(tag, _)| *tag == want).nth(k).map(|(tag, n)| ("", *tag, *n))
            };
            match found {
                Some((_, _, node)) => {
                    it.response = item_document(doc, Some(node), &it.request.body);
                    it.error = match it.response {
                        Some(_) => None,
                        None => Some(ItemError::NotAnswered(format!(
                            "the answer to {} could not be read back",
                            it.request.trnuid
                        ))),
                    };
                }
                None if signon_code != Some(0) => {
                    it.response = item_document(doc, None, &it.request.body);
                    it.error = Some(ItemError::SignonFailed(signon_msg.clone()));
                }
                None => {
                    it.response = None;
                    it.error = Some(ItemError::NotAnswered(format!(
                        "the server did not answer this request ({want} with TRNUID {})",
                        it.request.trnuid
                    )));
                }
            }
        }
    }

    /// Builds a batch from a whole answer read from a data file: one item per transaction response
    /// (in document order), each with its own document; the requests are rebuilt as far as the answer
    /// tells (kind and TRNUID).
    pub fn from_answer(owner: u64, doc: Document) -> Batch {
        let mut b = Batch::for_owner(owner);
        let mut all: Vec<(&str, &'static str, NodeRef<'_>)> = answers_by_trnuid(&doc);
        all.extend(sync_answers(&doc).into_iter().map(|(tag, n)| ("", tag, n)));
        all.sort_by_key(|(_, _, n)| n.id());
        for (uid, tag, node) in all {
            let Some(body) = body_for_response(tag) else { continue };
            let mut request = RequestItem::new(body.clone(), owner);
            if !uid.is_empty() {
                request.trnuid = uid.to_string();
            }
            let response = item_document(&doc, Some(node), &body);
            let error = if response.is_some() { None } else { Some(ItemError::NotAnswered("unreadable".into())) };
            b.items.push(BatchItem { request, response, error });
        }
        b.answer = Some(doc);
        b
    }
}

/// Every transaction response of a document with a TRNUID: (TRNUID, wrapper tag, node), in
/// document order.
pub fn answers_by_trnuid(doc: &Document) -> Vec<(&str, &'static str, NodeRef<'_>)> {
    let mut out = Vec::new();
    let root = doc.root();
    for set in root.children() {
        for w in set.children() {
            let Some(id) = w.elem() else { continue };
            let name = crate::model::grammar::name(id);
            if !name.ends_with("TRNRS") {
                continue;
            }
            if let Some(uid) = w.child_text(ids::TRNUID) {
                out.push((uid.trim(), name, w));
            }
        }
    }
    out
}

/// Every synchronization answer (…SYNCRS) of a document: (tag, node), in document order.
pub fn sync_answers(doc: &Document) -> Vec<(&'static str, NodeRef<'_>)> {
    let mut out = Vec::new();
    for set in doc.root().children() {
        for n in set.children() {
            let Some(id) = n.elem() else { continue };
            let name = crate::model::grammar::name(id);
            if name.ends_with("SYNCRS") {
                out.push((name, n));
            }
        }
    }
    out
}

/// A request body of the kind that `tag` (a …TRNRS) answers, empty (for batches read from files).
fn body_for_response(tag: &str) -> Option<RequestBody> {
    use crate::client::ops;
    Some(match tag {
        "ACCTINFOTRNRS" => ops::account_info(None),
        "STMTTRNRS" => RequestBody::BankStatement(Default::default()),
        "STMTENDTRNRS" => RequestBody::BankClosing(Default::default()),
        "CCSTMTTRNRS" => RequestBody::CreditCardStatement(Default::default()),
        "CCSTMTENDTRNRS" => RequestBody::CreditCardClosing(Default::default()),
        "INVSTMTTRNRS" => RequestBody::InvestmentStatement(Default::default()),
        "LOANSTMTTRNRS" => RequestBody::LoanStatement(Default::default()),
        "LOANSTMTENDTRNRS" => RequestBody::LoanClosing(Default::default()),
        "PROFTRNRS" => ops::profile(None, None),
        "MFACHALLENGETRNRS" => RequestBody::MfaChallenge(Default::default()),
        "IMAGETRNRS" => RequestBody::Image(Default::default()),
        "INTRATRNRS" => RequestBody::Transfer(Default::default()),
        "INTERTRNRS" => RequestBody::InterbankTransfer(Default::default()),
        "PMTTRNRS" => RequestBody::Payment(Default::default()),
        "PMTINQTRNRS" => RequestBody::PaymentStatus(Default::default()),
        "PAYEETRNRS" => RequestBody::PayeeAdd(Default::default()),
        "INTRASYNCRS" => RequestBody::TransferSync(Default::default()),
        "INTERSYNCRS" => RequestBody::InterbankSync(Default::default()),
        "PMTSYNCRS" => RequestBody::PaymentSync(Default::default()),
        "PAYEESYNCRS" => RequestBody::PayeeSync(Default::default()),
        _ => return None,
    })
}

/// One item's own document: the signon, the item's transaction response inside its message set,
/// and the security list for investment statements; written in the answer's syntax and read again.
fn item_document(doc: &Document, node: Option<NodeRef<'_>>, body: &RequestBody) -> Option<Document> {
    let root = doc.root();
    let mut t = Tree::new();
    let top = t.open("OFX");
    let signon_set = root.child(ids::SIGNONMSGSRSV1);
    let node_set_is_signon = node.map(|n| parent_of(root, n).is_some_and(|p| p.elem() == Some(ids::SIGNONMSGSRSV1)));
    if let Some(s) = signon_set {
        let id = t.open(s.name());
        if let Some(sonrs) = s.child(ids::SONRS) {
            t.copy_subtree(sonrs);
        }
        if node_set_is_signon == Some(true) {
            if let Some(n) = node {
                t.copy_subtree(n);
            }
        }
        t.close(id);
    }
    if let (Some(n), Some(false)) = (node, node_set_is_signon) {
        let set = parent_of(root, n)?;
        let id = t.open(set.name());
        t.copy_subtree(n);
        t.close(id);
    }
    if matches!(body, RequestBody::InvestmentStatement(_)) && node.is_some() {
        if let Some(sl) = root.child(ids::SECLISTMSGSRSV1) {
            t.copy_subtree(sl);
        }
    }
    t.close(top);
    let version = Version::from_number(u32::from(doc.version()))
        .unwrap_or_else(|| Version::from_number(if doc.syntax == Syntax::Xml { 220 } else { 102 }).expect("known"));
    let mut o = WriteOptions::new(version);
    o.indent = false;
    let text = write_document(&t, &o).ok()?;
    Document::parse(text.as_bytes()).ok()
}

fn parent_of<'a>(root: NodeRef<'a>, n: NodeRef<'a>) -> Option<NodeRef<'a>> {
    root.children().find(|set| set.children().any(|c| c.id() == n.id()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::ClientConfig;
    use crate::client::events::NoEvents;
    use crate::client::ops::{self, AccountRef, StatementQuery};
    use std::sync::Arc;

    const ANSWER: &str = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n\
<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240201120000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>\
<BANKMSGSRSV1>\
<STMTTRNRS><TRNUID>B<STATUS><CODE>2003<SEVERITY>ERROR<MESSAGE>no such account</STATUS></STMTTRNRS>\
<STMTTRNRS><TRNUID>A<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>11<ACCTTYPE>CHECKING</BANKACCTFROM>\
<BANKTRANLIST><DTSTART>20240101<DTEND>20240201<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-5.00<FITID>1</STMTTRN></BANKTRANLIST>\
<LEDGERBAL><BALAMT>100.00<DTASOF>20240201</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1>\
<PROFMSGSRSV1><PROFTRNRS><TRNUID>P<STATUS><CODE>1<SEVERITY>INFO</STATUS></PROFTRNRS></PROFMSGSRSV1></OFX>";

    fn client() -> Client {
        Client::new(ClientConfig::default(), Arc::new(NoEvents))
    }

    fn stmt(c: &Client, acct: &str, uid: &str) -> RequestItem {
        let q = StatementQuery::new(AccountRef::Bank {
            bank_id: "1".into(),
            branch_id: None,
            account_id: acct.into(),
            account_type: "CHECKING".into(),
            account_key: None,
        });
        RequestItem { trnuid: uid.into(), ..c.item(ops::statement(&q).unwrap()) }
    }

    #[test]
    fn split_by_trnuid_whatever_the_order() {
        let c = client();
        let mut b = Batch::new(&c);
        b.add(RequestItem { trnuid: "P".into(), ..c.item(ops::profile(None, None)) }).unwrap();
        b.add(stmt(&c, "11", "A")).unwrap();
        b.add(stmt(&c, "12", "B")).unwrap();
        b.add(stmt(&c, "13", "C")).unwrap();
        let doc = Document::parse(ANSWER.as_bytes()).unwrap();
        b.split(&doc);
        let a = b.item(1).unwrap();
        assert!(a.error.is_none());
        let r = a.response.as_ref().unwrap();
        assert_eq!(r.statements.len(), 1);
        assert_eq!(r.transaction_count(), 1);
        assert_eq!(r.opt_text(&r.statements[0].wrapper.trnuid), Some("A"));
        assert_eq!(r.signon_status().and_then(|s| s.code), Some(0));
        let bb = b.item(2).unwrap().response.as_ref().unwrap();
        assert_eq!(bb.wrappers[0].status.as_ref().and_then(|s| s.code), Some(2003));
        assert!(bb.statements.is_empty());
        assert_eq!(b.item(0).unwrap().response.as_ref().unwrap().wrappers[0].tag, "PROFTRNRS");
        assert!(matches!(&b.item(3).unwrap().error, Some(ItemError::NotAnswered(m)) if m.contains("TRNUID C")));
        // From the whole answer (a data file): three items, in document order.
        let again = Batch::from_answer(c.id(), Document::parse(ANSWER.as_bytes()).unwrap());
        let uids: Vec<&str> = again.items().iter().map(|i| i.request.trnuid.as_str()).collect();
        assert_eq!(uids, ["B", "A", "P"]);
        assert_eq!(again.item(1).unwrap().response.as_ref().unwrap().transaction_count(), 1);
    }

    #[test]
    fn refuses_foreign_and_duplicate_items() {
        let c = client();
        let other = client();
        let mut b = Batch::new(&c);
        assert!(b.add(stmt(&other, "1", "X")).unwrap_err().contains("another signon"));
        b.add(stmt(&c, "1", "X")).unwrap();
        assert!(b.add(stmt(&c, "2", "X")).unwrap_err().contains("already used"));
        b.set(0, stmt(&c, "2", "X")).unwrap();
        assert!(b.set(5, stmt(&c, "3", "Y")).is_err());
        b.set(1, stmt(&c, "3", "Y")).unwrap();
        assert_eq!(b.len(), 2);
        b.clear();
        assert!(b.is_empty());
    }

    #[test]
    fn signon_failure_applies_to_every_item() {
        let c = client();
        let mut b = Batch::new(&c);
        b.add(stmt(&c, "11", "A")).unwrap();
        let doc = Document::parse(
            b"<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500<SEVERITY>ERROR<MESSAGE>bad password</STATUS>\
              <DTSERVER>20240201<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1></OFX>",
        )
        .unwrap();
        b.split(&doc);
        let it = b.item(0).unwrap();
        assert!(
            matches!(&it.error, Some(ItemError::SignonFailed(m)) if m.contains("15500") && m.contains("bad password"))
        );
        assert_eq!(it.response.as_ref().unwrap().signon_status().and_then(|s| s.code), Some(15500));
    }
}
