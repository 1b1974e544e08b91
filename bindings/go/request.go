package ofxkit

/*
#include "ofx.h"
*/
import "C"

import (
	"fmt"
	"runtime"
	"sync"
	"time"
)

// RequestKind is the kind of a request item (ofx_request_kind).
type RequestKind uint32

// Request kinds (numbers of the library's RequestKind).
const (
	RequestAccountInfo         RequestKind = 1
	RequestBankStatement       RequestKind = 2
	RequestBankClosing         RequestKind = 3
	RequestCreditCardStatement RequestKind = 4
	RequestCreditCardClosing   RequestKind = 5
	RequestInvestmentStatement RequestKind = 6
	RequestLoanStatement       RequestKind = 7
	RequestLoanClosing         RequestKind = 8
	RequestProfile             RequestKind = 9
	RequestMFAChallenge        RequestKind = 10
	RequestImage               RequestKind = 11
	RequestTransfer            RequestKind = 12
	RequestTransferModify      RequestKind = 13
	RequestTransferCancel      RequestKind = 14
	RequestInterbankTransfer   RequestKind = 15
	RequestInterbankModify     RequestKind = 16
	RequestInterbankCancel     RequestKind = 17
	RequestTransferSync        RequestKind = 18
	RequestInterbankSync       RequestKind = 19
	RequestPayment             RequestKind = 20
	RequestPaymentModify       RequestKind = 21
	RequestPaymentCancel       RequestKind = 22
	RequestPaymentStatus       RequestKind = 23
	RequestPayeeAdd            RequestKind = 24
	RequestPayeeModify         RequestKind = 25
	RequestPayeeDelete         RequestKind = 26
	RequestPayeeSync           RequestKind = 27
	RequestPaymentSync         RequestKind = 28
)

// String is the library's name of the kind ("bank_statement", ...).
func (k RequestKind) String() string {
	if n := C.GoString(C.ofx_request_kind_name(C.uint32_t(k))); n != "" {
		return n
	}
	return fmt.Sprintf("RequestKind(%d)", uint32(k))
}

// Request is one request item (ofx_request) made for one client: post it with Client.Post or add
// it to a Batch. It keeps its TRNUID, so posting it again after a lost answer asks the same
// question. Close it when done.
type Request struct {
	mu  sync.Mutex
	ptr *C.ofx_request
}

func newRequest(p *C.ofx_request) *Request {
	r := &Request{ptr: p}
	runtime.SetFinalizer(r, (*Request).finalize)
	return r
}

func (r *Request) finalize() {
	if r.ptr != nil {
		C.ofx_request_free(r.ptr)
		r.ptr = nil
	}
}

// Close frees the request; closing twice does nothing.
func (r *Request) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ptr != nil {
		C.ofx_request_free(r.ptr)
		r.ptr = nil
		runtime.SetFinalizer(r, nil)
	}
	return nil
}

func (r *Request) use(op string, f func(p *C.ofx_request) error) error {
	if r == nil {
		return &ClosedError{Handle: "Request", Op: op, Reason: "nil request"}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ptr == nil {
		return &ClosedError{Handle: "Request", Op: op, Reason: "the request is closed"}
	}
	return f(r.ptr)
}

// UID is the request's TRNUID.
func (r *Request) UID() (string, error) {
	var s string
	err := r.use("UID", func(p *C.ofx_request) error {
		s = C.GoString(C.ofx_request_uid(p))
		return nil
	})
	return s, err
}

// SetUID sets the TRNUID (1-36 characters), e.g. the one of a first attempt whose answer was lost.
func (r *Request) SetUID(uid string) error {
	return r.use("SetUID", func(p *C.ofx_request) error {
		var cs cstrings
		defer cs.free()
		cu := cs.str(uid)
		return ccall(func() C.ofx_result { return C.ofx_request_set_uid(p, cu) })
	})
}

// Kind is the request's kind.
func (r *Request) Kind() (RequestKind, error) {
	var k RequestKind
	err := r.use("Kind", func(p *C.ofx_request) error {
		k = RequestKind(C.ofx_request_kind(p))
		return nil
	})
	return k, err
}

// StatementRequest says what a statement or closing request asks for (ofx_statement_request).
// Nil flags keep the library's defaults.
type StatementRequest struct {
	// "checking", "savings", "moneymrkt", "creditline", "cd" (BankID needed), "creditcard",
	// "investment" (BrokerID needed) or "loan" (LoanType, default MORTGAGE).
	AccountType string
	AccountID   string
	BankID      string
	BranchID    string
	BrokerID    string
	LoanType    string
	// The period (zero: none), sent as UTC date-times.
	Start time.Time
	End   time.Time
	// Transactions (nil: yes; false: balances only).
	IncludeTransactions *bool
	// 2.x pending transactions, 2.1.1 image references (nil: not sent).
	IncludePending *bool
	IncludeImages  *bool
	// Investment: positions (nil: yes) as of PositionsAsOf (zero: now), open orders and balances
	// (nil: yes).
	IncludePositions  *bool
	PositionsAsOf     time.Time
	IncludeOpenOrders *bool
	IncludeBalance    *bool
}

func flag(dst *C.int32_t, b *bool) {
	if b == nil {
		return
	}
	if *b {
		*dst = 1
	} else {
		*dst = 0
	}
}

func (s *StatementRequest) c(cs *cstrings) C.ofx_statement_request {
	var q C.ofx_statement_request
	C.ofx_statement_request_init(&q)
	q.account_type = cs.opt(s.AccountType)
	q.account_id = cs.opt(s.AccountID)
	q.bank_id = cs.opt(s.BankID)
	q.branch_id = cs.opt(s.BranchID)
	q.broker_id = cs.opt(s.BrokerID)
	q.loan_type = cs.opt(s.LoanType)
	q.start = cs.opt(isoDateTime(s.Start))
	q.end = cs.opt(isoDateTime(s.End))
	flag(&q.include_transactions, s.IncludeTransactions)
	flag(&q.include_pending, s.IncludePending)
	flag(&q.include_images, s.IncludeImages)
	flag(&q.include_positions, s.IncludePositions)
	q.positions_as_of = cs.opt(isoDateTime(s.PositionsAsOf))
	flag(&q.include_open_orders, s.IncludeOpenOrders)
	flag(&q.include_balance, s.IncludeBalance)
	return q
}
