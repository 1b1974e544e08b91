package ofxkit

/*
#include <stdlib.h>
#include "ofx.h"
*/
import "C"

import (
	"encoding/json"
	"fmt"
	"math/big"
	"runtime"
	"sync"
	"time"
	"unsafe"
)

// Response is a parsed OFX document (ofx_response): a file read with ReadFile/Parse, a server's
// answer, or a batch item's answer. It is never modified; it may be read from several goroutines
// at once. Close it when done (a finalizer frees a forgotten one). Every value it hands out is a
// Go copy and stays valid after Close.
type Response struct {
	mu     sync.RWMutex
	ptr    *C.ofx_response
	owned  bool        // false for a response borrowed from a batch
	owner  interface{} // the batch a borrowed response belongs to (kept alive by it)
	reason string      // why ptr is nil
}

func newResponse(p *C.ofx_response) *Response {
	r := &Response{ptr: p, owned: true}
	runtime.SetFinalizer(r, (*Response).finalize)
	return r
}

func borrowedResponse(p *C.ofx_response, owner interface{}) *Response {
	return &Response{ptr: p, owned: false, owner: owner}
}

func (r *Response) finalize() {
	if r.ptr != nil && r.owned {
		C.ofx_response_free(r.ptr)
		r.ptr = nil
	}
}

// Close frees the response. Closing twice does nothing; any other call after Close returns an error
// matching ErrClosed. Closing a response borrowed from a batch only detaches it (the batch owns it).
func (r *Response) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ptr == nil {
		return nil
	}
	if r.owned {
		C.ofx_response_free(r.ptr)
		runtime.SetFinalizer(r, nil)
	}
	r.ptr = nil
	r.reason = "the response is closed"
	return nil
}

// invalidate detaches a borrowed response whose owner dropped it.
func (r *Response) invalidate(reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ptr != nil && !r.owned {
		r.ptr = nil
		r.reason = reason
	}
}

func (r *Response) read(op string, f func(p *C.ofx_response) error) error {
	if r == nil {
		return &ClosedError{Handle: "Response", Op: op, Reason: "nil response"}
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.ptr == nil {
		return &ClosedError{Handle: "Response", Op: op, Reason: r.reason}
	}
	err := f(r.ptr)
	runtime.KeepAlive(r)
	return err
}

// ccall runs one C call that takes no callbacks and reads its thread-local error message on the
// same OS thread.
func ccall(f func() C.ofx_result) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	rc := f()
	if rc == C.OFX_RESULT_OK {
		return nil
	}
	return newError(Result(rc), lastError())
}

// ParseOptions are the reading options (ofx_parse_options).
type ParseOptions struct {
	// Strict makes spec violations errors (ResultStrictViolation) instead of repairs.
	Strict bool
}

func (o *ParseOptions) c() C.ofx_parse_options {
	var co C.ofx_parse_options
	C.ofx_parse_options_init(&co)
	if o != nil && o.Strict {
		co.strict = 1
	}
	return co
}

// Parse reads an OFX document from memory (tolerant reading; repairs are listed by Warnings).
func Parse(data []byte) (*Response, error) { return ParseWith(data, nil) }

// ParseWith reads an OFX document from memory with options (nil: the defaults).
func ParseWith(data []byte, opts *ParseOptions) (*Response, error) {
	co := opts.c()
	var out *C.ofx_response
	var p *C.uint8_t
	if len(data) > 0 {
		p = (*C.uint8_t)(unsafe.Pointer(&data[0]))
	}
	err := ccall(func() C.ofx_result {
		if opts == nil {
			return C.ofx_response_parse(p, C.size_t(len(data)), &out)
		}
		return C.ofx_response_parse_with(p, C.size_t(len(data)), &co, &out)
	})
	runtime.KeepAlive(data)
	if err != nil {
		return nil, err
	}
	return newResponse(out), nil
}

// ReadFile reads an OFX file.
func ReadFile(path string) (*Response, error) { return ReadFileWith(path, nil) }

// ReadFileWith reads an OFX file with options (nil: the defaults).
func ReadFileWith(path string, opts *ParseOptions) (*Response, error) {
	co := opts.c()
	var cs cstrings
	defer cs.free()
	cp := cs.str(path)
	var out *C.ofx_response
	if err := ccall(func() C.ofx_result {
		if opts == nil {
			return C.ofx_response_read_file(cp, &out)
		}
		return C.ofx_response_read_file_with(cp, &co, &out)
	}); err != nil {
		return nil, err
	}
	return newResponse(out), nil
}

// JSON is the whole document as JSON (see the project README, "JSON").
func (r *Response) JSON() (string, error) {
	var s string
	err := r.read("JSON", func(p *C.ofx_response) error {
		var out *C.char
		if err := ccall(func() C.ofx_result { return C.ofx_response_to_json(p, &out) }); err != nil {
			return err
		}
		s = takeString(out)
		return nil
	})
	return s, err
}

// DecodeJSON decodes the JSON form of the document into v (as encoding/json.Unmarshal).
func (r *Response) DecodeJSON(v interface{}) error {
	s, err := r.JSON()
	if err != nil {
		return err
	}
	return json.Unmarshal([]byte(s), v)
}

// CSV is every transaction as CSV (header
// account_id,kind,fitid,type,date_posted,amount,name,memo,check_number).
func (r *Response) CSV() (string, error) {
	var s string
	err := r.read("CSV", func(p *C.ofx_response) error {
		var out *C.char
		if err := ccall(func() C.ofx_result { return C.ofx_response_to_csv(p, &out) }); err != nil {
			return err
		}
		s = takeString(out)
		return nil
	})
	return s, err
}

// Serialize writes the document out as OFX version (102, 103, 151, 160 SGML; 200 ... 220 XML).
func (r *Response) Serialize(version int) (string, error) {
	var s string
	err := r.read("Serialize", func(p *C.ofx_response) error {
		var out *C.char
		if err := ccall(func() C.ofx_result { return C.ofx_response_serialize(p, C.uint32_t(version), &out) }); err != nil {
			return err
		}
		s = takeString(out)
		return nil
	})
	return s, err
}

// WriteFile writes the document to a file as OFX version (see Serialize).
func (r *Response) WriteFile(path string, version int) error {
	return r.read("WriteFile", func(p *C.ofx_response) error {
		var cs cstrings
		defer cs.free()
		cp := cs.str(path)
		return ccall(func() C.ofx_result { return C.ofx_response_write_file(p, cp, C.uint32_t(version)) })
	})
}

// Check is nil when the signon and every transaction of the answer succeeded (STATUS 0), else an
// *Error with ResultRefused and the first refusal's code and message.
func (r *Response) Check() error {
	return r.read("Check", func(p *C.ofx_response) error {
		return ccall(func() C.ofx_result { return C.ofx_response_check(p) })
	})
}

// Warning is one repair or tolerated deviation of the reading.
type Warning struct {
	Code    uint32 // 1 header, 2 version, ... 15 suppressed (see ofx_warning)
	Message string
	Line    uint32 // 1-based
	Offset  uint32 // byte offset in the decoded document
}

// Warnings lists the repairs (none for a clean document).
func (r *Response) Warnings() ([]Warning, error) {
	var ws []Warning
	err := r.read("Warnings", func(p *C.ofx_response) error {
		n := int(C.ofx_response_warning_count(p))
		for i := 0; i < n; i++ {
			var w C.ofx_warning
			if err := ccall(func() C.ofx_result { return C.ofx_response_warning(p, C.size_t(i), &w) }); err != nil {
				return err
			}
			ws = append(ws, Warning{Code: uint32(w.code), Message: gostr(w.message), Line: uint32(w.line), Offset: uint32(w.offset)})
		}
		return nil
	})
	return ws, err
}

// Signon is the signon response (SONRS).
type Signon struct {
	StatusCode int32 // 0 success, e.g. 15500 signon invalid; -1 when absent
	Severity   string
	Message    string
	DTServer   Date
	Language   string
	Org        string
	FID        string
	UserKey    string
	AccessKey  string
	SessCookie string
}

// Signon reads the SONRS; an error matching ErrNotFound when the document has none. A refused
// signon is not an error: read StatusCode.
func (r *Response) Signon() (*Signon, error) {
	var s *Signon
	err := r.read("Signon", func(p *C.ofx_response) error {
		var so C.ofx_signon
		if err := ccall(func() C.ofx_result { return C.ofx_response_signon(p, &so) }); err != nil {
			return err
		}
		s = &Signon{
			StatusCode: int32(so.status_code), Severity: gostr(so.severity), Message: gostr(so.message),
			DTServer: Date(gostr(so.dtserver)), Language: gostr(so.language), Org: gostr(so.org),
			FID: gostr(so.fid), UserKey: gostr(so.userkey), AccessKey: gostr(so.accesskey),
			SessCookie: gostr(so.sesscookie),
		}
		return nil
	})
	return s, err
}

// StatementKind is the kind of a statement or closing (OFX_STATEMENT_*).
type StatementKind uint32

// Statement kinds.
const (
	StatementBank       StatementKind = C.OFX_STATEMENT_BANK
	StatementCreditCard StatementKind = C.OFX_STATEMENT_CREDITCARD
	StatementInvestment StatementKind = C.OFX_STATEMENT_INVESTMENT
	StatementLoan       StatementKind = C.OFX_STATEMENT_LOAN
)

func (k StatementKind) String() string {
	switch k {
	case StatementBank:
		return "bank"
	case StatementCreditCard:
		return "creditcard"
	case StatementInvestment:
		return "investment"
	case StatementLoan:
		return "loan"
	}
	return fmt.Sprintf("StatementKind(%d)", uint32(k))
}

// Statement is one statement of any kind (STMTRS, CCSTMTRS, INVSTMTRS, LOANSTMTRS) with its
// transactions, positions, balances and open orders. Fields the document lacks are "".
type Statement struct {
	Index                int // position among the response's statements
	Kind                 StatementKind
	AccountID            string
	BankID               string
	BranchID             string
	AccountType          string
	BrokerID             string
	Currency             string
	Start                Date
	End                  Date
	DateAsOf             Date
	LedgerBalance        Decimal
	LedgerBalanceDate    Date
	AvailableBalance     Decimal
	AvailableBalanceDate Date
	TrnUID               string
	StatusCode           int32 // -1 when absent
	StatusSeverity       string
	StatusMessage        string
	Transactions         []Transaction
	Positions            []Position
	Balances             []Balance
	OpenOrders           []OpenOrder
	Element              Element
}

// Total is the exact sum of the transactions' amounts.
func (s *Statement) Total() *big.Rat {
	ds := make([]Decimal, len(s.Transactions))
	for i, t := range s.Transactions {
		ds[i] = t.Amount
	}
	return Sum(ds...)
}

// Transaction is one transaction of a statement (STMTTRN, LOANSTMTTRN or an INVTRANLIST entry).
type Transaction struct {
	FITID          string
	Type           string // TRNTYPE, LOANTRNTYPE or the investment aggregate's tag
	DatePosted     Date
	DateUser       Date
	DateAvail      Date
	DateSettle     Date
	Amount         Decimal
	Name           string
	Memo           string
	CheckNumber    string
	RefNumber      string
	PayeeID        string
	SIC            string
	ServerTID      string
	CorrectFITID   string
	CorrectAction  string
	Currency       string
	SecurityID     string
	SecurityIDType string
	Units          Decimal
	UnitPrice      Decimal
	// Posted is DatePosted as a time.Time in the UTC offset the document gave (zero when none).
	Posted time.Time
	// The amount as a scaled integer (Amount = AmountMantissa / 10^AmountScale), valid when AmountFits.
	AmountMantissa int64
	AmountScale    uint32
	AmountFits     bool
	Element        Element
}

// Balance is one BALLIST entry.
type Balance struct {
	Name  string
	Desc  string
	Type  string // DOLLAR, PERCENT or NUMBER
	Value string
	Date  Date
}

// Position is one position of an investment statement.
type Position struct {
	Type           string // POSSTOCK, POSMF, POSOPT, POSDEBT, POSOTHER
	SecurityID     string
	SecurityIDType string
	HeldIn         string
	PosType        string
	Units          Decimal
	UnitPrice      Decimal
	MarketValue    Decimal
	DatePrice      Date
	Memo           string
	Element        Element
}

// OpenOrder is one open order of an investment statement.
type OpenOrder struct {
	Type           string
	FITID          string
	SecurityID     string
	SecurityIDType string
	DatePlaced     Date
	Units          Decimal
	Duration       string
	Restriction    string
	LimitPrice     Decimal
	StopPrice      Decimal
	Memo           string
	Element        Element
}

func (r *Response) statementOf(p *C.ofx_response, i int) (Statement, error) {
	var st C.ofx_statement
	if err := ccall(func() C.ofx_result { return C.ofx_response_statement(p, C.size_t(i), &st) }); err != nil {
		return Statement{}, err
	}
	s := Statement{
		Index: i, Kind: StatementKind(st.kind), AccountID: gostr(st.account_id), BankID: gostr(st.bank_id),
		BranchID: gostr(st.branch_id), AccountType: gostr(st.account_type), BrokerID: gostr(st.broker_id),
		Currency: gostr(st.currency), Start: Date(gostr(st.start)), End: Date(gostr(st.end)),
		DateAsOf: Date(gostr(st.date_as_of)), LedgerBalance: Decimal(gostr(st.ledger_balance)),
		LedgerBalanceDate: Date(gostr(st.ledger_balance_date)), AvailableBalance: Decimal(gostr(st.available_balance)),
		AvailableBalanceDate: Date(gostr(st.available_balance_date)), TrnUID: gostr(st.trnuid),
		StatusCode: int32(st.status_code), StatusSeverity: gostr(st.status_severity),
		StatusMessage: gostr(st.status_message), Element: Element{r: r, ID: uint32(st.element)},
	}
	for j := 0; j < int(st.transaction_count); j++ {
		var t C.ofx_transaction
		if err := ccall(func() C.ofx_result { return C.ofx_response_transaction(p, C.size_t(i), C.size_t(j), &t) }); err != nil {
			return s, err
		}
		tx := Transaction{
			FITID: gostr(t.fitid), Type: gostr(t._type), DatePosted: Date(gostr(t.date_posted)),
			DateUser: Date(gostr(t.date_user)), DateAvail: Date(gostr(t.date_avail)), DateSettle: Date(gostr(t.date_settle)),
			Amount: Decimal(gostr(t.amount)), Name: gostr(t.name), Memo: gostr(t.memo), CheckNumber: gostr(t.check_number),
			RefNumber: gostr(t.ref_number), PayeeID: gostr(t.payee_id), SIC: gostr(t.sic), ServerTID: gostr(t.server_tid),
			CorrectFITID: gostr(t.correct_fitid), CorrectAction: gostr(t.correct_action), Currency: gostr(t.currency),
			SecurityID: gostr(t.security_id), SecurityIDType: gostr(t.security_id_type), Units: Decimal(gostr(t.units)),
			UnitPrice: Decimal(gostr(t.unit_price)), AmountMantissa: int64(t.amount_mantissa),
			AmountScale: uint32(t.amount_scale), AmountFits: bool(t.amount_fits), Element: Element{r: r, ID: uint32(t.element)},
		}
		if bool(t.has_date_posted) {
			off := int(t.date_posted_offset_minutes)
			zone := time.UTC
			if off != 0 {
				zone = time.FixedZone(fmt.Sprintf("UTC%+03d:%02d", off/60, abs(off%60)), off*60)
			}
			tx.Posted = time.Unix(int64(t.date_posted_unix), 0).In(zone)
		}
		s.Transactions = append(s.Transactions, tx)
	}
	for j := 0; j < int(st.position_count); j++ {
		var q C.ofx_position
		if err := ccall(func() C.ofx_result { return C.ofx_response_position(p, C.size_t(i), C.size_t(j), &q) }); err != nil {
			return s, err
		}
		s.Positions = append(s.Positions, Position{
			Type: gostr(q._type), SecurityID: gostr(q.security_id), SecurityIDType: gostr(q.security_id_type),
			HeldIn: gostr(q.held_in), PosType: gostr(q.pos_type), Units: Decimal(gostr(q.units)),
			UnitPrice: Decimal(gostr(q.unit_price)), MarketValue: Decimal(gostr(q.market_value)),
			DatePrice: Date(gostr(q.date_price)), Memo: gostr(q.memo), Element: Element{r: r, ID: uint32(q.element)},
		})
	}
	for j := 0; j < int(st.balance_count); j++ {
		var b C.ofx_balance
		if err := ccall(func() C.ofx_result { return C.ofx_response_balance(p, C.size_t(i), C.size_t(j), &b) }); err != nil {
			return s, err
		}
		s.Balances = append(s.Balances, Balance{
			Name: gostr(b.name), Desc: gostr(b.desc), Type: gostr(b._type), Value: gostr(b.value), Date: Date(gostr(b.date)),
		})
	}
	for j := 0; j < int(st.open_order_count); j++ {
		var o C.ofx_open_order
		if err := ccall(func() C.ofx_result { return C.ofx_response_open_order(p, C.size_t(i), C.size_t(j), &o) }); err != nil {
			return s, err
		}
		s.OpenOrders = append(s.OpenOrders, OpenOrder{
			Type: gostr(o._type), FITID: gostr(o.fitid), SecurityID: gostr(o.security_id),
			SecurityIDType: gostr(o.security_id_type), DatePlaced: Date(gostr(o.date_placed)), Units: Decimal(gostr(o.units)),
			Duration: gostr(o.duration), Restriction: gostr(o.restriction), LimitPrice: Decimal(gostr(o.limit_price)),
			StopPrice: Decimal(gostr(o.stop_price)), Memo: gostr(o.memo), Element: Element{r: r, ID: uint32(o.element)},
		})
	}
	return s, nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Statements reads every statement (document order) with its transactions, positions, balances
// and open orders.
func (r *Response) Statements() ([]Statement, error) {
	var out []Statement
	err := r.read("Statements", func(p *C.ofx_response) error {
		n := int(C.ofx_response_statement_count(p))
		for i := 0; i < n; i++ {
			s, err := r.statementOf(p, i)
			if err != nil {
				return err
			}
			out = append(out, s)
		}
		return nil
	})
	return out, err
}

// StatementCount is the number of statements.
func (r *Response) StatementCount() (int, error) {
	n := 0
	err := r.read("StatementCount", func(p *C.ofx_response) error {
		n = int(C.ofx_response_statement_count(p))
		return nil
	})
	return n, err
}

// Statement reads statement i (0-based); an error matching ErrNotFound past the end.
func (r *Response) Statement(i int) (Statement, error) {
	var s Statement
	err := r.read("Statement", func(p *C.ofx_response) error {
		if i < 0 {
			return newError(ResultNotFound, "negative statement index")
		}
		var e error
		s, e = r.statementOf(p, i)
		return e
	})
	return s, err
}

// Security is one security of the SECLIST.
type Security struct {
	Type      string // STOCKINFO, MFINFO, OPTINFO, DEBTINFO, OTHERINFO
	ID        string
	IDType    string
	Name      string
	Ticker    string
	FIID      string
	UnitPrice Decimal
	DatePrice Date
	Memo      string
	Element   Element
}

// Securities reads the SECLIST (empty without one).
func (r *Response) Securities() ([]Security, error) {
	var out []Security
	err := r.read("Securities", func(p *C.ofx_response) error {
		n := int(C.ofx_response_security_count(p))
		for i := 0; i < n; i++ {
			var s C.ofx_security
			if err := ccall(func() C.ofx_result { return C.ofx_response_security(p, C.size_t(i), &s) }); err != nil {
				return err
			}
			out = append(out, Security{
				Type: gostr(s._type), ID: gostr(s.id), IDType: gostr(s.id_type), Name: gostr(s.name),
				Ticker: gostr(s.ticker), FIID: gostr(s.fiid), UnitPrice: Decimal(gostr(s.unit_price)),
				DatePrice: Date(gostr(s.date_price)), Memo: gostr(s.memo), Element: Element{r: r, ID: uint32(s.element)},
			})
		}
		return nil
	})
	return out, err
}

// Account is one account of an account-information response (ACCTINFO).
type Account struct {
	Kind        string // bank, creditcard, investment, loan, billpay, presentment, unknown
	AccountID   string
	BankID      string
	BranchID    string
	AccountType string
	BrokerID    string
	Desc        string
	Status      string // AVAIL, PEND, ACTIVE
	Element     Element
}

// Accounts reads the ACCTINFO entries.
func (r *Response) Accounts() ([]Account, error) {
	var out []Account
	err := r.read("Accounts", func(p *C.ofx_response) error {
		n := int(C.ofx_response_account_count(p))
		for i := 0; i < n; i++ {
			var a C.ofx_account
			if err := ccall(func() C.ofx_result { return C.ofx_response_account(p, C.size_t(i), &a) }); err != nil {
				return err
			}
			out = append(out, Account{
				Kind: gostr(a.kind), AccountID: gostr(a.account_id), BankID: gostr(a.bank_id), BranchID: gostr(a.branch_id),
				AccountType: gostr(a.account_type), BrokerID: gostr(a.broker_id), Desc: gostr(a.desc), Status: gostr(a.status),
				Element: Element{r: r, ID: uint32(a.element)},
			})
		}
		return nil
	})
	return out, err
}

// Closing is one closing record (CLOSING, CCCLOSING, LOANCLOSING).
type Closing struct {
	Kind          StatementKind
	AccountID     string
	FITID         string
	DateOpen      Date
	DateClose     Date
	DateNext      Date
	BalanceOpen   Decimal
	BalanceClose  Decimal
	DatePostStart Date
	DatePostEnd   Date
	Element       Element
}

// Closings reads every closing record.
func (r *Response) Closings() ([]Closing, error) {
	var out []Closing
	err := r.read("Closings", func(p *C.ofx_response) error {
		n := int(C.ofx_response_closing_count(p))
		for i := 0; i < n; i++ {
			var c C.ofx_closing
			if err := ccall(func() C.ofx_result { return C.ofx_response_closing(p, C.size_t(i), &c) }); err != nil {
				return err
			}
			out = append(out, Closing{
				Kind: StatementKind(c.kind), AccountID: gostr(c.account_id), FITID: gostr(c.fitid),
				DateOpen: Date(gostr(c.date_open)), DateClose: Date(gostr(c.date_close)), DateNext: Date(gostr(c.date_next)),
				BalanceOpen: Decimal(gostr(c.balance_open)), BalanceClose: Decimal(gostr(c.balance_close)),
				DatePostStart: Date(gostr(c.date_post_start)), DatePostEnd: Date(gostr(c.date_post_end)),
				Element: Element{r: r, ID: uint32(c.element)},
			})
		}
		return nil
	})
	return out, err
}

// MessageSet is one message set of the profile: its tag and the URL of its MSGSETCORE.
type MessageSet struct {
	Name string // e.g. "BANKMSGSET"
	URL  string // "" when the set has none
}

// SignonRealm is one signon realm of the profile (SIGNONINFO).
type SignonRealm struct {
	Name                  string
	ClientUIDRequired     bool
	MFAChallengeSupported bool
	MFAChallengeFirst     bool
	AuthTokenFirst        bool
	CaseSensitive         bool
	MinLength             int32 // -1 when absent
	MaxLength             int32 // -1 when absent
	CharType              string
}

// Profile is the institution's profile (PROFRS).
type Profile struct {
	FIName        string
	URL           string
	DateProfileUp Date
	Address1      string
	City          string
	State         string
	PostalCode    string
	Country       string
	CSPhone       string
	Email         string
	MessageSets   []MessageSet
	SignonRealms  []SignonRealm
	Element       Element
}

// Profile reads the PROFRS; an error matching ErrNotFound when there is none.
func (r *Response) Profile() (*Profile, error) {
	var out *Profile
	err := r.read("Profile", func(p *C.ofx_response) error {
		var pr C.ofx_profile
		if err := ccall(func() C.ofx_result { return C.ofx_response_profile(p, &pr) }); err != nil {
			return err
		}
		prof := &Profile{
			FIName: gostr(pr.fi_name), URL: gostr(pr.url), DateProfileUp: Date(gostr(pr.date_profile_up)),
			Address1: gostr(pr.address1), City: gostr(pr.city), State: gostr(pr.state), PostalCode: gostr(pr.postal_code),
			Country: gostr(pr.country), CSPhone: gostr(pr.cs_phone), Email: gostr(pr.email),
			Element: Element{r: r, ID: uint32(pr.element)},
		}
		for i := 0; i < int(pr.message_set_count); i++ {
			var name, url *C.char
			if err := ccall(func() C.ofx_result {
				return C.ofx_response_profile_message_set(p, C.size_t(i), &name, &url)
			}); err != nil {
				return err
			}
			prof.MessageSets = append(prof.MessageSets, MessageSet{Name: gostr(name), URL: gostr(url)})
		}
		for i := 0; i < int(pr.signon_realm_count); i++ {
			var s C.ofx_signon_realm
			if err := ccall(func() C.ofx_result { return C.ofx_response_profile_signon_realm(p, C.size_t(i), &s) }); err != nil {
				return err
			}
			prof.SignonRealms = append(prof.SignonRealms, SignonRealm{
				Name: gostr(s.name), ClientUIDRequired: bool(s.client_uid_required),
				MFAChallengeSupported: bool(s.mfa_challenge_supported), MFAChallengeFirst: bool(s.mfa_challenge_first),
				AuthTokenFirst: bool(s.auth_token_first), CaseSensitive: bool(s.case_sensitive),
				MinLength: int32(s.min_length), MaxLength: int32(s.max_length), CharType: gostr(s.char_type),
			})
		}
		out = prof
		return nil
	})
	return out, err
}

// TrnStatus is the status of one transaction wrapper (…TRNRS).
type TrnStatus struct {
	Type     string // e.g. "STMTTRNRS"
	TrnUID   string
	Code     int32 // 0 success; -1 when absent
	Severity string
	Message  string
}

// TrnStatuses reads the status of every transaction wrapper, in document order.
func (r *Response) TrnStatuses() ([]TrnStatus, error) {
	var out []TrnStatus
	err := r.read("TrnStatuses", func(p *C.ofx_response) error {
		n := int(C.ofx_response_trn_status_count(p))
		for i := 0; i < n; i++ {
			var t C.ofx_trn_status
			if err := ccall(func() C.ofx_result { return C.ofx_response_trn_status(p, C.size_t(i), &t) }); err != nil {
				return err
			}
			out = append(out, TrnStatus{Type: gostr(t._type), TrnUID: gostr(t.trnuid), Code: int32(t.code),
				Severity: gostr(t.severity), Message: gostr(t.message)})
		}
		return nil
	})
	return out, err
}

// MFAQuestion is one MFA question of an MFA challenge answer.
type MFAQuestion struct {
	PhraseID string // e.g. "MFA13"
	Label    string // "" for the spec's built-in ids that need none
}

// MFAQuestions reads the questions of an MFACHALLENGERS.
func (r *Response) MFAQuestions() ([]MFAQuestion, error) {
	var out []MFAQuestion
	err := r.read("MFAQuestions", func(p *C.ofx_response) error {
		n := int(C.ofx_response_mfa_question_count(p))
		for i := 0; i < n; i++ {
			var q C.ofx_mfa_question
			if err := ccall(func() C.ofx_result { return C.ofx_response_mfa_question(p, C.size_t(i), &q) }); err != nil {
				return err
			}
			out = append(out, MFAQuestion{PhraseID: gostr(q.phrase_id), Label: gostr(q.label)})
		}
		return nil
	})
	return out, err
}

// MoneyRecords reads the money records (transfers, then payments, then payees) of an answer.
func (r *Response) MoneyRecords() ([]MoneyRecord, error) {
	var out []MoneyRecord
	err := r.read("MoneyRecords", func(p *C.ofx_response) error {
		n := int(C.ofx_response_money_record_count(p))
		for i := 0; i < n; i++ {
			var m C.ofx_money_record
			if err := ccall(func() C.ofx_result { return C.ofx_response_money_record(p, C.size_t(i), &m) }); err != nil {
				return err
			}
			out = append(out, moneyRecordOf(&m))
		}
		return nil
	})
	return out, err
}

// ---- the element tree ----

// Element is one element of a response's tree (an id valid for that response).
type Element struct {
	r  *Response
	ID uint32
}

// Root is the OFX element.
func (r *Response) Root() (Element, error) {
	var id C.uint32_t
	err := r.read("Root", func(p *C.ofx_response) error {
		return ccall(func() C.ofx_result { return C.ofx_response_root(p, &id) })
	})
	return Element{r: r, ID: uint32(id)}, err
}

// Find finds an element by path from the root, e.g. "BANKMSGSRSV1/STMTTRNRS/STMTRS/LEDGERBAL/BALAMT"
// (steps may carry an index: "STMTTRN[3]"); an error matching ErrNotFound when nothing is there.
func (r *Response) Find(path string) (Element, error) {
	var id C.uint32_t
	err := r.read("Find", func(p *C.ofx_response) error {
		var cs cstrings
		defer cs.free()
		cp := cs.str(path)
		return ccall(func() C.ofx_result { return C.ofx_response_find(p, cp, &id) })
	})
	return Element{r: r, ID: uint32(id)}, err
}

// Find finds an element by path below e.
func (e Element) Find(path string) (Element, error) {
	var id C.uint32_t
	err := e.r.read("Element.Find", func(p *C.ofx_response) error {
		var cs cstrings
		defer cs.free()
		cp := cs.str(path)
		return ccall(func() C.ofx_result { return C.ofx_element_find(p, C.uint32_t(e.ID), cp, &id) })
	})
	return Element{r: e.r, ID: uint32(id)}, err
}

// Name is the element's name (e.g. "STMTTRN").
func (e Element) Name() (string, error) {
	var s string
	err := e.r.read("Element.Name", func(p *C.ofx_response) error {
		n := C.ofx_element_name(p, C.uint32_t(e.ID))
		if n == nil {
			return newError(ResultNotFound, fmt.Sprintf("no element %d in this response", e.ID))
		}
		s = C.GoString(n)
		return nil
	})
	return s, err
}

// Text is the value of a leaf element; isLeaf is false for aggregates.
func (e Element) Text() (text string, isLeaf bool, err error) {
	err = e.r.read("Element.Text", func(p *C.ofx_response) error {
		t := C.ofx_element_text(p, C.uint32_t(e.ID))
		if t != nil {
			text, isLeaf = C.GoString(t), true
		}
		return nil
	})
	return
}

// Children lists the child elements (none for leaves).
func (e Element) Children() ([]Element, error) {
	var out []Element
	err := e.r.read("Element.Children", func(p *C.ofx_response) error {
		n := int(C.ofx_element_child_count(p, C.uint32_t(e.ID)))
		for i := 0; i < n; i++ {
			var id C.uint32_t
			if err := ccall(func() C.ofx_result { return C.ofx_element_child(p, C.uint32_t(e.ID), C.size_t(i), &id) }); err != nil {
				return err
			}
			out = append(out, Element{r: e.r, ID: uint32(id)})
		}
		return nil
	})
	return out, err
}

// Offset is the byte offset of the element's start tag in the decoded document (0 when unknown).
func (e Element) Offset() (int, error) {
	n := 0
	err := e.r.read("Element.Offset", func(p *C.ofx_response) error {
		n = int(C.ofx_element_offset(p, C.uint32_t(e.ID)))
		return nil
	})
	return n, err
}
