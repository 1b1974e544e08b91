//! Generic access to any element of a response (the product's OFXAggregate): elements are named by
//! `uint32_t` ids valid for the response they came from.

use std::ffi::{CString, c_char};

use super::boundary::{guard, guard_value, not_null, ofx_result, str_arg, write_out};
use super::response::{Response, ofx_response, resp_ref};

/// Sentinel for "no element".
pub const OFX_NO_ELEMENT: u32 = u32::MAX;

fn node_ok(r: &Response, id: u32) -> Result<(), (ofx_result, String)> {
    if (id as usize) < r.doc.tree.len() { Ok(()) } else { Err((ofx_result::NotFound, format!("no element {id}"))) }
}

/// The root element (`OFX`) of a response. Writes its id to `*out`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_root(resp: *const ofx_response, out: *mut u32) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        let root = r.doc.tree.root().ok_or((ofx_result::NotFound, "empty document".to_string()))?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, root.id()) };
        Ok(())
    })
}

/// Finds an element by path from the root, e.g. `BANKMSGSRSV1/STMTTRNRS/STMTRS/LEDGERBAL/BALAMT` (a
/// leading `OFX/` is allowed; a step may carry a 0-based index among same-named siblings:
/// `STMTTRN[3]`; names are matched without regard to case). Writes the element id to `*out`; fails with
/// `OFX_RESULT_NOT_FOUND` when no element is there. `path` is copied.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_response_find(
    resp: *const ofx_response,
    path: *const c_char,
    out: *mut u32,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        // SAFETY: NUL-terminated by contract.
        let p = unsafe { str_arg(path, "path") }?;
        let n = r.doc.path(p).ok_or((ofx_result::NotFound, format!("no element at {p}")))?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, n.id()) };
        Ok(())
    })
}

/// Finds an element by path below element `from` (same path rules as `ofx_response_find`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_element_find(
    resp: *const ofx_response,
    from: u32,
    path: *const c_char,
    out: *mut u32,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        node_ok(r, from)?;
        // SAFETY: NUL-terminated by contract.
        let p = unsafe { str_arg(path, "path") }?;
        let n = r.doc.tree.node(from).path(p).ok_or((ofx_result::NotFound, format!("no element at {p}")))?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, n.id()) };
        Ok(())
    })
}

fn names(r: &Response) -> &Vec<CString> {
    r.names.get_or_init(|| {
        let mut v = Vec::new();
        // Names of every node, indexed by node id (only built when generic access is used).
        for i in 0..r.doc.tree.len() {
            v.push(CString::new(r.doc.tree.node(i as u32).name()).unwrap_or_default());
        }
        v
    })
}

/// The element's name (e.g. "STMTTRN", "INTU.BID"). Borrowed from the response: valid until it is
/// freed. NULL when `resp` is NULL or `elem` is not an element of it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_element_name(resp: *const ofx_response, elem: u32) -> *const c_char {
    guard_value(std::ptr::null(), || {
        // SAFETY: live handle or NULL.
        let Ok(r) = (unsafe { resp_ref(resp) }) else {
            return std::ptr::null();
        };
        names(r).get(elem as usize).map(|c| c.as_ptr()).unwrap_or(std::ptr::null())
    })
}

/// The value of a leaf element (trimmed, entities decoded), borrowed from the response (valid until it
/// is freed). NULL for aggregates, for a NULL `resp` or an unknown `elem`. An empty leaf gives "".
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_element_text(resp: *const ofx_response, elem: u32) -> *const c_char {
    guard_value(std::ptr::null(), || {
        // SAFETY: live handle or NULL.
        let Ok(r) = (unsafe { resp_ref(resp) }) else {
            return std::ptr::null();
        };
        if elem as usize >= r.doc.tree.len() {
            return std::ptr::null();
        }
        let n = r.doc.tree.node(elem);
        match n.text_offset() {
            // The text buffer holds every value followed by a NUL.
            Some(off) => r.doc.tree.text_buffer().as_ptr().wrapping_add(off) as *const c_char,
            None => std::ptr::null(),
        }
    })
}

/// Number of child elements (0 for leaves, a NULL `resp` or an unknown `elem`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_element_child_count(resp: *const ofx_response, elem: u32) -> usize {
    guard_value(0, || {
        // SAFETY: live handle or NULL.
        let Ok(r) = (unsafe { resp_ref(resp) }) else {
            return 0;
        };
        if elem as usize >= r.doc.tree.len() {
            return 0;
        }
        r.doc.tree.node(elem).children().count()
    })
}

/// Child `index` (0-based, document order) of `elem`; writes its id to `*out`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_element_child(
    resp: *const ofx_response,
    elem: u32,
    index: usize,
    out: *mut u32,
) -> ofx_result {
    guard(|| {
        not_null(out, "out")?;
        // SAFETY: live handle by contract.
        let r = unsafe { resp_ref(resp) }?;
        node_ok(r, elem)?;
        let c = r
            .doc
            .tree
            .node(elem)
            .children()
            .nth(index)
            .ok_or((ofx_result::NotFound, format!("element has no child {index}")))?;
        // SAFETY: checked non-NULL.
        unsafe { write_out(out, c.id()) };
        Ok(())
    })
}

/// Byte offset of the element's start tag in the decoded document (for error reports); 0 when unknown.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ofx_element_offset(resp: *const ofx_response, elem: u32) -> usize {
    guard_value(0, || {
        // SAFETY: live handle or NULL.
        let Ok(r) = (unsafe { resp_ref(resp) }) else {
            return 0;
        };
        if elem as usize >= r.doc.tree.len() {
            return 0;
        }
        r.doc.tree.node(elem).offset()
    })
}
