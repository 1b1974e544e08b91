//! `ofx_batch`: many requests under one signon in one HTTPS post (the product's OFXBatch).

use std::ffi::{CString, c_char, c_void};
use std::sync::Arc;

use super::boundary::{FfiResult, guard, guard_value, into_c_string, not_null, ofx_result, str_arg, write_out};
use super::client::{
    ClientHandle, ErrorInfo, FfiEvents, client_ref, cs, install, ofx_client, ofx_connection_callback,
    ofx_error_callback, ofx_request, ofx_tls_callback, ofx_userdata_free, on_client, registration, request_ref,
};
use super::response::{Response, ofx_response};
use crate::client::batch::{Batch, ItemError};
use crate::client::events::EventSink;
use crate::document::Document;

/// A batch: requests of one client sent under one signon, in one HTTPS post over one connection, the
/// answer split back per item by TRNUID. Opaque. Create it from a client with `ofx_batch_new` (it
/// takes a copy of the client's FI, signon, settings and callbacks, and has a connection of its own),
/// free it with `ofx_batch_free`. One thread at a time; callbacks as for `ofx_client`.
pub struct ofx_batch {
    _private: [u8; 0],
}

struct BatchHandle {
    h: ClientHandle,
    batch: Batch,
    /// Per item: its response as a handle the caller may borrow, and its error message.
    views: Vec<(Option<Box<Response>>, CString)>,
    /// Per item: its TRNUID.
    uids: Vec<CString>,
}

impl BatchHandle {
    /// Rebuilds the per-item views: the responses are moved out of the engine's batch into C
    /// response handles (no copy), with each item's error message.
    fn refresh(&mut self) {
        self.uids = self.batch.items().iter().map(|it| cs(&it.request.trnuid)).collect();
        let docs = self.batch.take_responses();
        self.views = docs
            .into_iter()
            .zip(self.batch.items())
            .map(|(doc, it)| {
                let msg = it.error.as_ref().map(|e| cs(&e.message())).unwrap_or_default();
                (doc.map(|d| Box::new(Response::new(d))), msg)
            })
            .collect();
    }
}

/// # Safety
/// `p` NULL or a live batch.
unsafe fn batch_mut<'a>(p: *mut ofx_batch) -> Result<&'a mut BatchHandle, (ofx_result, String)> {
    not_null(p, "batch")?;
    // SAFETY: non-NULL handles are Box<BatchHandle> pointers made by ofx_batch_new/read_file.
    Ok(unsafe { &mut *(p as *mut BatchHandle) })
}

/// # Safety
/// `p` NULL or a live batch.
unsafe fn batch_ref<'a>(p: *const ofx_batch) -> Result<&'a BatchHandle, (ofx_result, String)> {
    not_null(p, "batch")?;
    // SAFETY: as above.
    Ok(unsafe { &*(p as *const BatchHandle) })
}

fn new_handle(src: &ClientHandle, batch: Batch) -> *mut ofx_batch {
    let mut h = ClientHandle {
        client: src.client.clone_for_batch(),
        events: src.events.clone(),
        error: CString::default(),
        error_info: ErrorInfo::default(),
    };
    install(&mut h);
    let mut b = BatchHandle { h, batch, views: Vec::new(), uids: Vec::new() };
    b.refresh();
    Box::into_raw(Box::new(b)) as *mut ofx_batch
}

/// Creates an empty batch for `client` (copied: FI, credentials, settings, session state such as the
/// ACCESSKEY, and the callbacks; the client stays usable and independent). On success `*out` receives
/// the batch (free with `ofx_batch_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_new(client: *const ofx_client, out: *mut *mut ofx_batch) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let c = unsafe { client_ref(client) }?;
        let b = Batch::new(&c.client);
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, new_handle(c, b)) };
        Ok(())
    })
}

/// Frees a batch and every response borrowed from it; callback `userdata_free`s run when no client or
/// batch holds the registration any more. `batch` may be NULL. Must not be called twice.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_free(batch: *mut ofx_batch) {
    if batch.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: made by this module; freed once by contract.
        drop(unsafe { Box::from_raw(batch as *mut BatchHandle) });
    }));
}

/// The message of the batch's last failed call ("" after a success); owned by the batch, valid until
/// its next call. Never NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_errmsg(batch: *const ofx_batch) -> *const c_char {
    // SAFETY: live handle or NULL.
    guard_value(c"".as_ptr(), || unsafe { batch_ref(batch) }.map(|b| b.h.error.as_ptr()).unwrap_or(c"".as_ptr()))
}

fn fail(b: &mut BatchHandle, code: ofx_result, msg: String) -> FfiResult {
    b.h.error = cs(&msg);
    Err((code, msg))
}

/// Appends a copy of `request` (made by an `ofx_request_*` constructor for the batch's client; its
/// TRNUID is kept). `index_out` (may be NULL) receives the item's index. Fails with
/// `OFX_RESULT_INVALID_ARGUMENT` for a request of another client (signon) or a TRNUID already in the
/// batch. Responses of an earlier post are dropped.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_add_item(
    batch: *mut ofx_batch,
    request: *const ofx_request,
    index_out: *mut usize,
) -> ofx_result {
    guard(|| {
        // SAFETY: live handles by contract.
        let b = unsafe { batch_mut(batch) }?;
        let r = unsafe { request_ref(request) }?;
        match b.batch.add(r.item.clone()) {
            Ok(i) => {
                b.refresh();
                if !index_out.is_null() {
                    // SAFETY: non-NULL, writable by contract.
                    unsafe { write_out(index_out, i) };
                }
                b.h.error = CString::default();
                Ok(())
            }
            Err(e) => fail(b, ofx_result::InvalidArgument, e),
        }
    })
}

/// Sets item `index` to a copy of `request` (replacing it), or appends when `index` equals the item
/// count. Errors as for `ofx_batch_add_item`; `OFX_RESULT_NOT_FOUND` past the end.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_set_item(
    batch: *mut ofx_batch,
    index: usize,
    request: *const ofx_request,
) -> ofx_result {
    guard(|| {
        // SAFETY: live handles by contract.
        let b = unsafe { batch_mut(batch) }?;
        let r = unsafe { request_ref(request) }?;
        if index > b.batch.len() {
            let n = b.batch.len();
            return fail(b, ofx_result::NotFound, format!("item index {index} is past the end ({n} items)"));
        }
        match b.batch.set(index, r.item.clone()) {
            Ok(()) => {
                b.refresh();
                b.h.error = CString::default();
                Ok(())
            }
            Err(e) => fail(b, ofx_result::InvalidArgument, e),
        }
    })
}

/// Number of items (0 for NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_item_count(batch: *const ofx_batch) -> usize {
    // SAFETY: live handle or NULL.
    guard_value(0, || unsafe { batch_ref(batch) }.map(|b| b.batch.len()).unwrap_or(0))
}

/// Removes every item (and every response borrowed from the batch).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_clear(batch: *mut ofx_batch) -> ofx_result {
    guard(|| {
        // SAFETY: live handle by contract.
        let b = unsafe { batch_mut(batch) }?;
        b.batch.clear();
        b.refresh();
        Ok(())
    })
}

/// Posts every item in one request document under one signon, in one HTTPS post over one
/// connection, and splits the answer per item by TRNUID. `OFX_RESULT_OK` when the server answered
/// (read each item with `ofx_batch_item_response` / `ofx_batch_item_error`: an item the server did
/// not answer has its own error, the others are readable; a failed signon applies to every item); a
/// transport or request error otherwise, with every item carrying it. Responses borrowed from an
/// earlier post become invalid.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_post(batch: *mut ofx_batch) -> ofx_result {
    guard(|| {
        // SAFETY: live handle by contract.
        let b = unsafe { batch_mut(batch) }?;
        let BatchHandle { h, batch, .. } = b;
        let r = on_client(h, |h| batch.post(&mut h.client));
        b.refresh();
        r
    })
}

/// The whole request document the batch would post (`masked` non-zero hides the password and other
/// secrets). On success `*out` receives a new string (free with `ofx_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_request_text(
    batch: *mut ofx_batch,
    masked: i32,
    out: *mut *mut c_char,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let b = unsafe { batch_mut(batch) }?;
        let reqs = b.batch.requests();
        let mut text = String::new();
        on_client(&mut b.h, |h| {
            text = h.client.request_text(&reqs, masked != 0)?;
            Ok(())
        })?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, into_c_string(text)) };
        Ok(())
    })
}

/// Item `index`'s request kind (as `ofx_request_kind`); 0 when out of range or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_item_request_type(batch: *const ofx_batch, index: usize) -> u32 {
    guard_value(0, || {
        // SAFETY: live handle or NULL.
        unsafe { batch_ref(batch) }
            .ok()
            .and_then(|b| b.batch.item(index))
            .map(|i| i.request.body.kind() as u32)
            .unwrap_or(0)
    })
}

/// Item `index`'s TRNUID, borrowed from the batch (valid until the item is set, the batch cleared or
/// freed); NULL when out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_item_uid(batch: *const ofx_batch, index: usize) -> *const c_char {
    guard_value(std::ptr::null(), || {
        // SAFETY: live handle or NULL.
        unsafe { batch_ref(batch) }.ok().and_then(|b| b.uids.get(index)).map(|c| c.as_ptr()).unwrap_or(std::ptr::null())
    })
}

/// The text of item `index`'s own transaction request (its …TRNRQ aggregate, as it goes into the
/// batch document; `masked` has no effect, items carry no secrets). On success `*out` receives a new
/// string (free with `ofx_string_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_item_request_text(
    batch: *mut ofx_batch,
    index: usize,
    out: *mut *mut c_char,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let b = unsafe { batch_mut(batch) }?;
        let Some(it) = b.batch.item(index) else {
            return Err((ofx_result::NotFound, format!("no item {index}")));
        };
        let req = it.request.clone();
        let mut text = String::new();
        on_client(&mut b.h, |h| {
            let doc = h.client.request_text(std::slice::from_ref(&req), true)?;
            let open = format!("<{}>", req.body.wrapper());
            let close = format!("</{}>", req.body.wrapper());
            let s = doc.find(&open).unwrap_or(0);
            let e = doc.rfind(&close).map(|e| e + close.len()).unwrap_or(doc.len());
            text = doc[s..e].to_string();
            Ok(())
        })?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, into_c_string(text)) };
        Ok(())
    })
}

/// Item `index`'s answer: the signon and that item's transaction response (plus the security list for
/// investment statements), as a response borrowed from the batch (do not free it; valid until the
/// batch is posted again, cleared, the item set, or the batch freed). `OFX_RESULT_NOT_FOUND` when the
/// item has no answer (see `ofx_batch_item_error`) or `index` is out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_item_response(
    batch: *const ofx_batch,
    index: usize,
    out: *mut *const ofx_response,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let b = unsafe { batch_ref(batch) }?;
        let (resp, msg) = b.views.get(index).ok_or((ofx_result::NotFound, format!("no item {index}")))?;
        let r = resp.as_ref().ok_or_else(|| (ofx_result::NotFound, msg.to_string_lossy().into_owned()))?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, &**r as *const Response as *const ofx_response) };
        Ok(())
    })
}

/// Item `index`'s outcome as a result code: `OFX_RESULT_OK` when the server answered it (its own
/// STATUS is in its response), `OFX_RESULT_NOT_ANSWERED` when the server's answer lacks it,
/// `OFX_RESULT_SIGNON_FAILED` when the signon failed (for every item), `OFX_RESULT_NOT_POSTED`
/// before a post, the exchange's error code when the whole post failed, `OFX_RESULT_NOT_FOUND` for
/// an index out of range or a NULL batch. `ofx_batch_item_error_message` says more.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_item_error(batch: *const ofx_batch, index: usize) -> ofx_result {
    guard_value(ofx_result::Panic, || {
        // SAFETY: live handle or NULL.
        let Ok(b) = (unsafe { batch_ref(batch) }) else { return ofx_result::NotFound };
        match b.batch.item(index).map(|i| &i.error) {
            None => ofx_result::NotFound,
            Some(None) => ofx_result::Ok,
            Some(Some(ItemError::NotPosted)) => ofx_result::NotPosted,
            Some(Some(ItemError::NotAnswered(_))) => ofx_result::NotAnswered,
            Some(Some(ItemError::SignonFailed(_))) => ofx_result::SignonFailed,
            Some(Some(ItemError::Exchange(_))) => {
                let c = b.h.error_info.code;
                super::boundary::result_from_u32(c).unwrap_or(ofx_result::Network)
            }
        }
    })
}

/// The message of item `index`'s error ("" when it was answered), borrowed from the batch (valid as
/// for `ofx_batch_item_response`); NULL when out of range.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_item_error_message(batch: *const ofx_batch, index: usize) -> *const c_char {
    guard_value(std::ptr::null(), || {
        // SAFETY: live handle or NULL.
        unsafe { batch_ref(batch) }
            .ok()
            .and_then(|b| b.views.get(index))
            .map(|(_, m)| m.as_ptr())
            .unwrap_or(std::ptr::null())
    })
}

/// Writes the batch's whole answer (the last post's response document) to `path` (copied) as OFX,
/// in the answer's own version. `OFX_RESULT_NOT_FOUND` before a successful post.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_write_file(batch: *const ofx_batch, path: *const c_char) -> ofx_result {
    guard(|| {
        // SAFETY: live handle and NUL-terminated string by contract.
        let b = unsafe { batch_ref(batch) }?;
        let p = unsafe { str_arg(path, "path") }?;
        let doc = b.batch.answer.as_ref().ok_or((ofx_result::NotFound, "the batch has no answer yet".to_string()))?;
        let text = write_answer(doc)?;
        std::fs::write(p, text).map_err(|e| (ofx_result::Io, format!("cannot write {p}: {e}")))
    })
}

fn write_answer(doc: &Document) -> Result<String, (ofx_result, String)> {
    let v = crate::markup::writer::Version::from_number(u32::from(doc.version()))
        .ok_or((ofx_result::UnsupportedVersion, format!("version {}", doc.version())))?;
    crate::markup::writer::write_document(&doc.tree, &crate::markup::writer::WriteOptions::new(v))
        .map_err(|e| (ofx_result::Panic, e))
}

/// Reads a batch's answer from a data file (as written by `ofx_batch_write_file`, or any OFX answer):
/// one item per transaction response, in document order, each with its kind, TRNUID and response.
/// The batch belongs to `client` (for a later post). On success `*out` receives it (free with
/// `ofx_batch_free`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_read_file(
    client: *const ofx_client,
    path: *const c_char,
    out: *mut *mut ofx_batch,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle and NUL-terminated string by contract.
        let c = unsafe { client_ref(client) }?;
        let p = unsafe { str_arg(path, "path") }?;
        let bytes = std::fs::read(p).map_err(|e| (ofx_result::Io, format!("cannot read {p}: {e}")))?;
        let doc = Document::parse(&bytes).map_err(|e| (ofx_result::NotOfx, e.to_string()))?;
        let b = Batch::from_answer(c.client.id(), doc);
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, new_handle(c, b)) };
        Ok(())
    })
}

fn set_events(b: &mut BatchHandle, f: impl FnOnce(&mut FfiEvents)) {
    f(&mut b.h.events);
    let ev: Arc<dyn EventSink> = Arc::new(b.h.events.clone());
    b.h.client.set_events(ev);
}

/// The batch's connection callback (replacing the one copied from the client, for this batch only).
/// Rules as for `ofx_client_set_connection_callback`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_set_connection_callback(
    batch: *mut ofx_batch,
    cb: ofx_connection_callback,
    userdata: *mut c_void,
    userdata_free: ofx_userdata_free,
) -> ofx_result {
    let (reg, free_now) = registration(cb, userdata, userdata_free);
    let r = guard(|| {
        // SAFETY: live handle by contract.
        let b = unsafe { batch_mut(batch) }?;
        set_events(b, |e| e.conn = reg);
        Ok(())
    });
    drop(free_now);
    r
}

/// The batch's TLS callback (for this batch only). Rules as for `ofx_client_set_tls_callback`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_set_tls_callback(
    batch: *mut ofx_batch,
    cb: ofx_tls_callback,
    userdata: *mut c_void,
    userdata_free: ofx_userdata_free,
) -> ofx_result {
    let (reg, free_now) = registration(cb, userdata, userdata_free);
    let r = guard(|| {
        // SAFETY: live handle by contract.
        let b = unsafe { batch_mut(batch) }?;
        set_events(b, |e| e.tls = reg);
        Ok(())
    });
    drop(free_now);
    r
}

/// The batch's error callback (for this batch only). Rules as for `ofx_client_set_error_callback`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_batch_set_error_callback(
    batch: *mut ofx_batch,
    cb: ofx_error_callback,
    userdata: *mut c_void,
    userdata_free: ofx_userdata_free,
) -> ofx_result {
    let (reg, free_now) = registration(cb, userdata, userdata_free);
    let r = guard(|| {
        // SAFETY: live handle by contract.
        let b = unsafe { batch_mut(batch) }?;
        set_events(b, |e| e.err = reg);
        Ok(())
    });
    drop(free_now);
    r
}
