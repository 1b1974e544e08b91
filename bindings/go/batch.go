package ofxkit

/*
#include "ofx.h"
#include "helpers.h"
*/
import "C"

import (
	"fmt"
	"runtime"
	"sync"
)

// Batch is a set of requests of one client sent under one signon in one HTTPS post (ofx_batch),
// the answer split back per item by TRNUID. Calls are serialized. Close it when done.
type Batch struct {
	mu       sync.Mutex
	ptr      *C.ofx_batch
	borrowed []*Response // item responses handed out, detached when the batch drops them
}

func newBatch(p *C.ofx_batch) *Batch {
	b := &Batch{ptr: p}
	runtime.SetFinalizer(b, (*Batch).finalize)
	return b
}

func (b *Batch) finalize() {
	if b.ptr != nil {
		C.ofx_batch_free(b.ptr)
		b.ptr = nil
	}
}

// drop detaches every item response handed out (the C side frees or replaces them).
func (b *Batch) drop(reason string) {
	for _, r := range b.borrowed {
		r.invalidate(reason)
	}
	b.borrowed = nil
}

// Close frees the batch and every item response borrowed from it. Closing twice does nothing.
func (b *Batch) Close() error {
	if inCallOf(b) {
		return fmt.Errorf("ofxkit: Batch.Close: %w", ErrReentrant)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ptr != nil {
		b.drop("its batch is closed")
		C.ofx_batch_free(b.ptr)
		b.ptr = nil
		runtime.SetFinalizer(b, nil)
	}
	return nil
}

func (b *Batch) do(op string, f func(p *C.ofx_batch) C.ofx_result) error {
	if b == nil {
		return &ClosedError{Handle: "Batch", Op: op, Reason: "nil batch"}
	}
	if inCallOf(b) {
		return fmt.Errorf("ofxkit: Batch.%s: %w", op, ErrReentrant)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ptr == nil {
		return &ClosedError{Handle: "Batch", Op: op, Reason: "the batch is closed"}
	}
	p := b.ptr
	return native(b, func() (C.ofx_result, func() string) {
		return f(p), func() string { return C.GoString(C.ofx_batch_errmsg(p)) }
	})
}

// Add appends a copy of req (made for the batch's client; its TRNUID is kept) and gives its index.
// Responses of an earlier post are dropped.
func (b *Batch) Add(req *Request) (int, error) {
	var idx C.size_t
	err := req.use("Batch.Add", func(rp *C.ofx_request) error {
		return b.do("Add", func(p *C.ofx_batch) C.ofx_result {
			b.drop("its batch was changed (Add)")
			return C.ofx_batch_add_item(p, rp, &idx)
		})
	})
	return int(idx), err
}

// Set replaces item i with a copy of req (or appends when i is the item count).
func (b *Batch) Set(i int, req *Request) error {
	if i < 0 {
		return newError(ResultNotFound, "negative item index")
	}
	return req.use("Batch.Set", func(rp *C.ofx_request) error {
		return b.do("Set", func(p *C.ofx_batch) C.ofx_result {
			b.drop("its batch was changed (Set)")
			return C.ofx_batch_set_item(p, C.size_t(i), rp)
		})
	})
}

// Len is the number of items.
func (b *Batch) Len() (int, error) {
	n := 0
	err := b.do("Len", func(p *C.ofx_batch) C.ofx_result {
		n = int(C.ofx_batch_item_count(p))
		return C.OFX_RESULT_OK
	})
	return n, err
}

// Clear removes every item.
func (b *Batch) Clear() error {
	return b.do("Clear", func(p *C.ofx_batch) C.ofx_result {
		b.drop("its batch was cleared")
		return C.ofx_batch_clear(p)
	})
}

// Post sends every item and splits the answer per item. nil when the server answered (read each
// item with ItemResponse / ItemError); a transport or request error otherwise.
func (b *Batch) Post() error {
	return b.do("Post", func(p *C.ofx_batch) C.ofx_result {
		b.drop("its batch was posted again")
		return C.ofx_batch_post(p)
	})
}

// RequestText is the whole document the batch would post (masked hides the secrets).
func (b *Batch) RequestText(masked bool) (string, error) {
	var out *C.char
	m := C.int32_t(0)
	if masked {
		m = 1
	}
	err := b.do("RequestText", func(p *C.ofx_batch) C.ofx_result { return C.ofx_batch_request_text(p, m, &out) })
	return takeString(out), err
}

func (b *Batch) index(op string, i int) error {
	if i < 0 {
		return newError(ResultNotFound, fmt.Sprintf("Batch.%s: negative item index %d", op, i))
	}
	return nil
}

// ItemKind is item i's request kind (an error matching ErrNotFound when out of range).
func (b *Batch) ItemKind(i int) (RequestKind, error) {
	if err := b.index("ItemKind", i); err != nil {
		return 0, err
	}
	var k RequestKind
	err := b.do("ItemKind", func(p *C.ofx_batch) C.ofx_result {
		k = RequestKind(C.ofx_batch_item_request_type(p, C.size_t(i)))
		return C.OFX_RESULT_OK
	})
	if err == nil && k == 0 {
		err = newError(ResultNotFound, fmt.Sprintf("Batch.ItemKind: no item %d", i))
	}
	return k, err
}

// ItemUID is item i's TRNUID.
func (b *Batch) ItemUID(i int) (string, error) {
	if err := b.index("ItemUID", i); err != nil {
		return "", err
	}
	var s string
	found := false
	err := b.do("ItemUID", func(p *C.ofx_batch) C.ofx_result {
		if u := C.ofx_batch_item_uid(p, C.size_t(i)); u != nil {
			s, found = C.GoString(u), true
		}
		return C.OFX_RESULT_OK
	})
	if err == nil && !found {
		err = newError(ResultNotFound, fmt.Sprintf("Batch.ItemUID: no item %d", i))
	}
	return s, err
}

// ItemRequestText is item i's own transaction request (its …TRNRQ aggregate).
func (b *Batch) ItemRequestText(i int) (string, error) {
	if err := b.index("ItemRequestText", i); err != nil {
		return "", err
	}
	var out *C.char
	err := b.do("ItemRequestText", func(p *C.ofx_batch) C.ofx_result {
		return C.ofx_batch_item_request_text(p, C.size_t(i), &out)
	})
	return takeString(out), err
}

// ItemResponse is item i's answer (the signon and that item's transaction response). It belongs to
// the batch: it stops working (ErrClosed) when the batch is posted again, changed, cleared or
// closed; its Close only detaches it. An error matching ErrNotFound when the item has no answer
// (see ItemError).
func (b *Batch) ItemResponse(i int) (*Response, error) {
	if err := b.index("ItemResponse", i); err != nil {
		return nil, err
	}
	var r *Response
	err := b.do("ItemResponse", func(p *C.ofx_batch) C.ofx_result {
		var out *C.ofx_response
		rc := C.ofx_batch_item_response(p, C.size_t(i), &out)
		if rc == C.OFX_RESULT_OK && out != nil {
			// The pointer is const in C: the binding only reads through it and never frees it.
			// Registered under the batch's lock, so the next Post/Set/Clear/Close detaches it.
			r = borrowedResponse(out, b)
			b.borrowed = append(b.borrowed, r)
		}
		return rc
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// ItemError is item i's outcome: nil when the server answered it (its own STATUS is in its
// response), else an *Error (ResultNotAnswered, ResultSignonFailed, ResultNotPosted, the
// exchange's error, ResultNotFound) with the item's message.
func (b *Batch) ItemError(i int) error {
	if err := b.index("ItemError", i); err != nil {
		return err
	}
	var item error
	err := b.do("ItemError", func(p *C.ofx_batch) C.ofx_result {
		rc := C.ofx_batch_item_error(p, C.size_t(i))
		if rc != C.OFX_RESULT_OK {
			item = newError(Result(rc), gostr(C.ofx_batch_item_error_message(p, C.size_t(i))))
		}
		return C.OFX_RESULT_OK
	})
	if err != nil {
		return err
	}
	return item
}

// WriteFile writes the last post's whole answer to path as OFX (ErrNotFound before a post).
func (b *Batch) WriteFile(path string) error {
	var cs cstrings
	defer cs.free()
	cp := cs.str(path)
	return b.do("WriteFile", func(p *C.ofx_batch) C.ofx_result { return C.ofx_batch_write_file(p, cp) })
}

// OnConnection sets the batch's own connection callback (replacing the one copied from the client).
func (b *Batch) OnConnection(fn ConnectionCallback) error {
	return b.do("OnConnection", func(p *C.ofx_batch) C.ofx_result {
		return C.ofxgo_batch_set_connection_callback(p, handleOf(fn, fn == nil))
	})
}

// OnTLS sets the batch's own TLS callback.
func (b *Batch) OnTLS(fn TLSCallback) error {
	return b.do("OnTLS", func(p *C.ofx_batch) C.ofx_result {
		return C.ofxgo_batch_set_tls_callback(p, handleOf(fn, fn == nil))
	})
}

// OnError sets the batch's own error callback.
func (b *Batch) OnError(fn ErrorCallback) error {
	return b.do("OnError", func(p *C.ofx_batch) C.ofx_result {
		return C.ofxgo_batch_set_error_callback(p, handleOf(fn, fn == nil))
	})
}
