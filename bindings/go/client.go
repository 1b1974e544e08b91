package ofxkit

/*
#include <stdlib.h>
#include <string.h>
#include "ofx.h"
#include "helpers.h"
*/
import "C"

import (
	"fmt"
	"runtime"
	"runtime/cgo"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// Client is one FI, one user, one HTTP agent (ofx_client). Its methods may be called from any
// goroutine; calls are serialized. Close it when done (a finalizer frees a forgotten one; its
// credentials are wiped from memory then).
type Client struct {
	mu  sync.Mutex
	ptr *C.ofx_client
}

// NewClient makes a client with the defaults (OFX 102, APPID QWIN, APPVER 2700, the system trust
// store). Nothing is sent until an operation runs.
func NewClient() (*Client, error) {
	var p *C.ofx_client
	if err := ccall(func() C.ofx_result { return C.ofx_client_new(&p) }); err != nil {
		return nil, err
	}
	c := &Client{ptr: p}
	runtime.SetFinalizer(c, (*Client).finalize)
	return c, nil
}

func (c *Client) finalize() {
	if c.ptr != nil {
		C.ofx_client_free(c.ptr)
		c.ptr = nil
	}
}

// Close frees the client (closing its connections, wiping its credentials, releasing its
// callbacks). Closing twice does nothing; other calls after Close fail with ErrClosed. Requests,
// batches and responses made from the client stay usable.
func (c *Client) Close() error {
	if inCallOf(c) {
		return fmt.Errorf("ofxkit: Client.Close: %w", ErrReentrant)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ptr != nil {
		C.ofx_client_free(c.ptr)
		c.ptr = nil
		runtime.SetFinalizer(c, nil)
	}
	return nil
}

// do runs one C call of the client under its lock, inside a call scope (callbacks may run).
func (c *Client) do(op string, f func(p *C.ofx_client) C.ofx_result) error {
	if c == nil {
		return &ClosedError{Handle: "Client", Op: op, Reason: "nil client"}
	}
	if inCallOf(c) {
		return fmt.Errorf("ofxkit: Client.%s: %w", op, ErrReentrant)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ptr == nil {
		return &ClosedError{Handle: "Client", Op: op, Reason: "the client is closed"}
	}
	p := c.ptr
	return native(c, func() (C.ofx_result, func() string) {
		return f(p), func() string { return C.GoString(C.ofx_client_errmsg(p)) }
	})
}

// Set sets one configuration key (ofx_client_set), e.g. "url", "org", "fid", "version" ("220"),
// "ca_file", "proxy", "timeout_ms". An empty value clears an optional setting.
func (c *Client) Set(key, value string) error {
	var cs cstrings
	defer cs.free()
	k, v := cs.str(key), cs.str(value)
	return c.do("Set", func(p *C.ofx_client) C.ofx_result { return C.ofx_client_set(p, k, v) })
}

// Get reads a setting that is not a secret, or a value the server gave: "access_key",
// "user_key", "sess_cookie", "url", "version", "client_uid", "org", "fid", "app_id", "app_ver".
// An error matching ErrNotFound when it is not set.
func (c *Client) Get(key string) (string, error) {
	var cs cstrings
	defer cs.free()
	k := cs.str(key)
	var out *C.char
	err := c.do("Get", func(p *C.ofx_client) C.ofx_result { return C.ofx_client_get(p, k, &out) })
	return takeString(out), err
}

// LoadProfile applies a quirk profile given as "key=value" lines (all or nothing).
func (c *Client) LoadProfile(text string) error {
	var cs cstrings
	defer cs.free()
	t := cs.str(text)
	return c.do("LoadProfile", func(p *C.ofx_client) C.ofx_result { return C.ofx_client_load_profile(p, t) })
}

// SetFI sets the FI's OFX URL, ORG and FID (fid "" for none).
func (c *Client) SetFI(url, org, fid string) error {
	var cs cstrings
	defer cs.free()
	u, o, f := cs.str(url), cs.str(org), cs.opt(fid)
	return c.do("SetFI", func(p *C.ofx_client) C.ofx_result { return C.ofx_client_set_fi(p, u, o, f) })
}

// SetCredentials sets USERID and USERPASS (the library wipes its copies when replaced or freed;
// the C strings the binding made for the call are zeroed before they are freed).
func (c *Client) SetCredentials(userID, password string) error {
	u := C.CString(userID)
	pw := C.CString(password)
	defer func() {
		C.memset(unsafe.Pointer(pw), 0, C.size_t(len(password)))
		C.free(unsafe.Pointer(u))
		C.free(unsafe.Pointer(pw))
	}()
	return c.do("SetCredentials", func(p *C.ofx_client) C.ofx_result { return C.ofx_client_set_credentials(p, u, pw) })
}

// AddCAPEM trusts these PEM CA certificates beside the system store.
func (c *Client) AddCAPEM(pem []byte) error {
	cp := C.CBytes(pem)
	defer C.free(cp)
	return c.do("AddCAPEM", func(p *C.ofx_client) C.ofx_result {
		return C.ofx_client_add_ca_pem(p, (*C.uint8_t)(cp), C.size_t(len(pem)))
	})
}

// SetClientCert sets the client certificate (a PKCS#12 archive and its password); nil removes it.
func (c *Client) SetClientCert(p12 []byte, password string) error {
	var cp unsafe.Pointer
	if len(p12) > 0 {
		cp = C.CBytes(p12)
		defer C.free(cp)
	}
	var cs cstrings
	defer cs.free()
	pw := cs.opt(password)
	return c.do("SetClientCert", func(p *C.ofx_client) C.ofx_result {
		return C.ofx_client_set_client_cert(p, (*C.uint8_t)(cp), C.size_t(len(p12)), pw)
	})
}

// handleOf boxes a callback for C (0 for none); the C side releases it through userdata_free.
func handleOf(fn interface{}, isNil bool) C.uintptr_t {
	if isNil {
		return 0
	}
	atomic.AddInt64(&liveRegistrations, 1)
	return C.uintptr_t(cgo.NewHandle(fn))
}

// liveRegistrations counts callback registrations the C side still holds (made by handleOf,
// released by userdata_free).
var liveRegistrations int64

// OnConnection registers the connection callback (nil removes it).
func (c *Client) OnConnection(fn ConnectionCallback) error {
	return c.do("OnConnection", func(p *C.ofx_client) C.ofx_result {
		return C.ofxgo_client_set_connection_callback(p, handleOf(fn, fn == nil))
	})
}

// OnTLS registers the TLS callback (nil removes it): status events, and for TLSServerCertificate
// the decision (TLSAccept, TLSReject, or TLSKeepVerdict for the library's verdict). A panicking
// callback rejects.
func (c *Client) OnTLS(fn TLSCallback) error {
	return c.do("OnTLS", func(p *C.ofx_client) C.ofx_result {
		return C.ofxgo_client_set_tls_callback(p, handleOf(fn, fn == nil))
	})
}

// OnError registers the error callback (nil removes it): once per failed exchange.
func (c *Client) OnError(fn ErrorCallback) error {
	return c.do("OnError", func(p *C.ofx_client) C.ofx_result {
		return C.ofxgo_client_set_error_callback(p, handleOf(fn, fn == nil))
	})
}

// ErrorInfo details the client's last failure.
type ErrorInfo struct {
	Code       Result
	HTTPStatus uint16 // for ResultHTTPStatus
	BodyStart  string // for ResultHTTPStatus: the first bytes of the body
}

// LastErrorInfo reads the details of the client's last failed call (Code 0 after a success).
func (c *Client) LastErrorInfo() (ErrorInfo, error) {
	var info ErrorInfo
	err := c.do("LastErrorInfo", func(p *C.ofx_client) C.ofx_result {
		var e C.ofx_error_info
		rc := C.ofx_client_error_info(p, &e)
		if rc == C.OFX_RESULT_OK {
			info = ErrorInfo{Code: Result(e.code), HTTPStatus: uint16(e.http_status), BodyStart: gostr(e.body_start)}
		}
		return rc
	})
	return info, err
}

// responseOp runs an operation that gives a response. On a callback failure after the C call
// succeeded, the response is returned together with the *CallbackError.
func (c *Client) responseOp(op string, f func(p *C.ofx_client, out **C.ofx_response) C.ofx_result) (*Response, error) {
	var out *C.ofx_response
	err := c.do(op, func(p *C.ofx_client) C.ofx_result { return f(p, &out) })
	if out == nil {
		return nil, err
	}
	return newResponse(out), err
}

// Post posts one request under the client's signon and reads the answer. The answer is returned
// also when the server refused the signon or the request (read Response.Check, Signon, TrnStatuses).
func (c *Client) Post(req *Request) (*Response, error) {
	var out *C.ofx_response
	err := req.use("Post", func(rp *C.ofx_request) error {
		return c.do("Post", func(p *C.ofx_client) C.ofx_result { return C.ofx_client_post(p, rp, &out) })
	})
	if out == nil {
		return nil, err
	}
	return newResponse(out), err
}

// RequestText is the whole document the client would post for req; masked hides the password
// and other secrets.
func (c *Client) RequestText(req *Request, masked bool) (string, error) {
	var out *C.char
	m := C.int32_t(0)
	if masked {
		m = 1
	}
	err := req.use("RequestText", func(rp *C.ofx_request) error {
		return c.do("RequestText", func(p *C.ofx_client) C.ofx_result { return C.ofx_request_text(p, rp, m, &out) })
	})
	return takeString(out), err
}

// AccountInfo downloads the account list (changed since since; zero: all). Read it with
// Response.Accounts.
func (c *Client) AccountInfo(since time.Time) (*Response, error) {
	var cs cstrings
	defer cs.free()
	s := cs.opt(isoDateTime(since))
	return c.responseOp("AccountInfo", func(p *C.ofx_client, out **C.ofx_response) C.ofx_result {
		return C.ofx_client_account_info(p, s, out)
	})
}

// Statement downloads a statement (bank, credit card, investment or loan).
func (c *Client) Statement(rq StatementRequest) (*Response, error) {
	var cs cstrings
	defer cs.free()
	q := rq.c(&cs)
	return c.responseOp("Statement", func(p *C.ofx_client, out **C.ofx_response) C.ofx_result {
		return C.ofx_client_statement(p, &q, out)
	})
}

// Closing downloads closing information (read it with Response.Closings).
func (c *Client) Closing(rq StatementRequest) (*Response, error) {
	var cs cstrings
	defer cs.free()
	q := rq.c(&cs)
	return c.responseOp("Closing", func(p *C.ofx_client, out **C.ofx_response) C.ofx_result {
		return C.ofx_client_closing(p, &q, out)
	})
}

// Profile downloads the FI profile (newer than since; zero: the whole profile).
func (c *Client) Profile(since time.Time) (*Response, error) {
	var cs cstrings
	defer cs.free()
	s := cs.opt(isoDateTime(since))
	return c.responseOp("Profile", func(p *C.ofx_client, out **C.ofx_response) C.ofx_result {
		return C.ofx_client_profile(p, s, out)
	})
}

// MFAChallenge asks for the MFA questions (after a signon status 3000); read them with
// Response.MFAQuestions, answer with SetMFAAnswer, then repeat the operation.
func (c *Client) MFAChallenge() (*Response, error) {
	return c.responseOp("MFAChallenge", func(p *C.ofx_client, out **C.ofx_response) C.ofx_result {
		return C.ofx_client_mfa_challenge(p, out)
	})
}

// SetMFAAnswer gives the answer to one MFA question for the next signon.
func (c *Client) SetMFAAnswer(phraseID, answer string) error {
	var cs cstrings
	defer cs.free()
	id, a := cs.str(phraseID), cs.str(answer)
	return c.do("SetMFAAnswer", func(p *C.ofx_client) C.ofx_result { return C.ofx_client_set_mfa_answer(p, id, a) })
}

// ImageRefType is the IMAGEREFTYPE of an image (OFX_IMAGE_*).
type ImageRefType uint32

// Image reference types.
const (
	ImageOpaque  ImageRefType = C.OFX_IMAGE_OPAQUE
	ImageURL     ImageRefType = C.OFX_IMAGE_URL
	ImageFormURL ImageRefType = C.OFX_IMAGE_FORMURL
)

// Image is a downloaded check or statement image.
type Image struct {
	ContentType string
	Data        []byte
}

// Image downloads a check or statement image (2.1.1) by its IMAGEREF and IMAGEREFTYPE.
func (c *Client) Image(refType ImageRefType, ref string) (*Image, error) {
	var cs cstrings
	defer cs.free()
	r := cs.str(ref)
	var img *C.ofx_image
	err := c.do("Image", func(p *C.ofx_client) C.ofx_result { return C.ofx_client_get_image(p, C.uint32_t(refType), r, &img) })
	if img == nil {
		return nil, err
	}
	defer C.ofx_image_free(img)
	out := &Image{ContentType: C.GoString(C.ofx_image_content_type(img))}
	var data *C.uint8_t
	var n C.size_t
	if C.ofx_image_data(img, &data, &n) == C.OFX_RESULT_OK && data != nil && n > 0 {
		out.Data = C.GoBytes(unsafe.Pointer(data), C.int(n))
	}
	return out, err
}

// ---- request items ----

func (c *Client) requestOp(op string, f func(p *C.ofx_client, out **C.ofx_request) C.ofx_result) (*Request, error) {
	var out *C.ofx_request
	err := c.do(op, func(p *C.ofx_client) C.ofx_result { return f(p, &out) })
	if out == nil {
		return nil, err
	}
	return newRequest(out), err
}

// NewStatementRequest makes a statement request item with a fresh TRNUID.
func (c *Client) NewStatementRequest(rq StatementRequest) (*Request, error) {
	var cs cstrings
	defer cs.free()
	q := rq.c(&cs)
	return c.requestOp("NewStatementRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_statement(p, &q, out)
	})
}

// NewClosingRequest makes a closing-information request item.
func (c *Client) NewClosingRequest(rq StatementRequest) (*Request, error) {
	var cs cstrings
	defer cs.free()
	q := rq.c(&cs)
	return c.requestOp("NewClosingRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_closing(p, &q, out)
	})
}

// NewAccountInfoRequest makes an account-list request item (since zero: all).
func (c *Client) NewAccountInfoRequest(since time.Time) (*Request, error) {
	var cs cstrings
	defer cs.free()
	s := cs.opt(isoDateTime(since))
	return c.requestOp("NewAccountInfoRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_account_info(p, s, out)
	})
}

// NewProfileRequest makes a profile request item (since zero: the whole profile).
func (c *Client) NewProfileRequest(since time.Time) (*Request, error) {
	var cs cstrings
	defer cs.free()
	s := cs.opt(isoDateTime(since))
	return c.requestOp("NewProfileRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_profile(p, s, out)
	})
}

// NewMFAChallengeRequest makes an MFA challenge request item.
func (c *Client) NewMFAChallengeRequest() (*Request, error) {
	return c.requestOp("NewMFAChallengeRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_mfa_challenge(p, out)
	})
}

// NewTransferRequest makes a transfer (INTRARQ, or INTERRQ when ToBankID names another bank).
// Post it with Post; post the same request again if the answer was lost.
func (c *Client) NewTransferRequest(spec TransferSpec) (*Request, error) {
	var cs cstrings
	defer cs.free()
	s := spec.c(&cs)
	return c.requestOp("NewTransferRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_transfer(p, &s, out)
	})
}

// NewTransferModifyRequest changes a scheduled transfer (the whole transfer, by the server's id).
func (c *Client) NewTransferModifyRequest(transferID string, spec TransferSpec) (*Request, error) {
	var cs cstrings
	defer cs.free()
	s := spec.c(&cs)
	id := cs.str(transferID)
	return c.requestOp("NewTransferModifyRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_transfer_modify(p, id, &s, out)
	})
}

// NewTransferCancelRequest cancels a scheduled transfer.
func (c *Client) NewTransferCancelRequest(transferID string, interbank bool) (*Request, error) {
	var cs cstrings
	defer cs.free()
	id := cs.str(transferID)
	ib := C.int32_t(0)
	if interbank {
		ib = 1
	}
	return c.requestOp("NewTransferCancelRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_transfer_cancel(p, id, ib, out)
	})
}

// NewTransferSyncRequest makes a transfer sync as a request item (for batches; SyncTransfers runs
// one with a record callback).
func (c *Client) NewTransferSyncRequest(spec SyncSpec) (*Request, error) {
	var cs cstrings
	defer cs.free()
	s := spec.c(&cs)
	return c.requestOp("NewTransferSyncRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_transfer_sync(p, &s, out)
	})
}

// NewPaymentRequest makes a new payment (PMTRQ) to a payee by standard id or full address.
func (c *Client) NewPaymentRequest(spec PaymentSpec) (*Request, error) {
	var cs cstrings
	defer cs.free()
	s := spec.c(&cs)
	return c.requestOp("NewPaymentRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_payment(p, &s, out)
	})
}

// NewPaymentModifyRequest changes a scheduled payment (the whole payment).
func (c *Client) NewPaymentModifyRequest(paymentID string, spec PaymentSpec) (*Request, error) {
	var cs cstrings
	defer cs.free()
	s := spec.c(&cs)
	id := cs.str(paymentID)
	return c.requestOp("NewPaymentModifyRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_payment_modify(p, id, &s, out)
	})
}

// NewPaymentCancelRequest cancels a scheduled payment.
func (c *Client) NewPaymentCancelRequest(paymentID string) (*Request, error) {
	var cs cstrings
	defer cs.free()
	id := cs.str(paymentID)
	return c.requestOp("NewPaymentCancelRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_payment_cancel(p, id, out)
	})
}

// NewPaymentStatusRequest asks where a payment stands (PMTINQRQ).
func (c *Client) NewPaymentStatusRequest(paymentID string) (*Request, error) {
	var cs cstrings
	defer cs.free()
	id := cs.str(paymentID)
	return c.requestOp("NewPaymentStatusRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_payment_status(p, id, out)
	})
}

// NewPayeeAddRequest adds a payee (PAYEERQ).
func (c *Client) NewPayeeAddRequest(spec PaymentSpec) (*Request, error) {
	var cs cstrings
	defer cs.free()
	s := spec.c(&cs)
	return c.requestOp("NewPayeeAddRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_payee_add(p, &s, out)
	})
}

// NewPayeeModifyRequest changes a payee of the list (PAYEEMODRQ).
func (c *Client) NewPayeeModifyRequest(payeeListID string, spec PaymentSpec) (*Request, error) {
	var cs cstrings
	defer cs.free()
	s := spec.c(&cs)
	id := cs.str(payeeListID)
	return c.requestOp("NewPayeeModifyRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_payee_modify(p, id, &s, out)
	})
}

// NewPayeeDeleteRequest deletes a payee from the list (PAYEEDELRQ).
func (c *Client) NewPayeeDeleteRequest(payeeListID string) (*Request, error) {
	var cs cstrings
	defer cs.free()
	id := cs.str(payeeListID)
	return c.requestOp("NewPayeeDeleteRequest", func(p *C.ofx_client, out **C.ofx_request) C.ofx_result {
		return C.ofx_request_payee_delete(p, id, out)
	})
}

// ---- syncs ----

// SyncTransfers synchronizes the transfers of an account from spec.Token. fn (may be nil) sees each
// record in the server's order; returning an error stops the sync. Only when every record was
// read and every callback returned nil does the call succeed with the new token; on any failure
// no token is handed out (keep the old one: asking again gives the same records).
func (c *Client) SyncTransfers(spec SyncSpec, fn RecordCallback) (*SyncResult, error) {
	return c.sync(1, "SyncTransfers", spec, fn)
}

// SyncPayments synchronizes the payments of a bank account (as SyncTransfers).
func (c *Client) SyncPayments(spec SyncSpec, fn RecordCallback) (*SyncResult, error) {
	return c.sync(2, "SyncPayments", spec, fn)
}

// SyncPayees synchronizes the payee list (the account fields of spec are not used).
func (c *Client) SyncPayees(spec SyncSpec, fn RecordCallback) (*SyncResult, error) {
	return c.sync(3, "SyncPayees", spec, fn)
}

func (c *Client) sync(kind int, op string, spec SyncSpec, fn RecordCallback) (*SyncResult, error) {
	var cs cstrings
	defer cs.free()
	s := spec.c(&cs)
	var h cgo.Handle
	if fn != nil {
		h = cgo.NewHandle(fn)
		defer h.Delete() // per call: the C side keeps no reference after it returns
	}
	var tok *C.char
	var lost C.int32_t
	var out *C.ofx_response
	err := c.do(op, func(p *C.ofx_client) C.ofx_result {
		return C.ofxgo_client_sync(C.int(kind), p, &s, C.uintptr_t(h), &tok, &lost, &out)
	})
	if tok == nil {
		if out != nil {
			C.ofx_response_free(out)
		}
		return nil, err
	}
	res := &SyncResult{Token: takeString(tok), LostSync: lost != 0}
	if out != nil {
		res.Response = newResponse(out)
	}
	return res, err
}

// ---- batches ----

// NewBatch makes an empty batch for the client (a copy of its FI, credentials, settings, session
// state and callbacks; the client stays independent).
func (c *Client) NewBatch() (*Batch, error) {
	var out *C.ofx_batch
	err := c.do("NewBatch", func(p *C.ofx_client) C.ofx_result { return C.ofx_batch_new(p, &out) })
	if err != nil {
		return nil, err
	}
	return newBatch(out), nil
}

// ReadBatchFile reads a batch's answer from a data file (as Batch.WriteFile writes it, or any OFX
// answer): one item per transaction response; the batch belongs to the client.
func (c *Client) ReadBatchFile(path string) (*Batch, error) {
	var cs cstrings
	defer cs.free()
	cp := cs.str(path)
	var out *C.ofx_batch
	err := c.do("ReadBatchFile", func(p *C.ofx_client) C.ofx_result { return C.ofx_batch_read_file(p, cp, &out) })
	if err != nil {
		return nil, err
	}
	return newBatch(out), nil
}
