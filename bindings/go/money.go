package ofxkit

/*
#include "ofx.h"
*/
import "C"

import (
	"fmt"
	"time"
)

// RecordKind is the kind of a money record (OFX_RECORD_*).
type RecordKind uint32

// Money record kinds.
const (
	RecordTransfer RecordKind = C.OFX_RECORD_TRANSFER
	RecordPayment  RecordKind = C.OFX_RECORD_PAYMENT
	RecordPayee    RecordKind = C.OFX_RECORD_PAYEE
)

func (k RecordKind) String() string {
	switch k {
	case RecordTransfer:
		return "transfer"
	case RecordPayment:
		return "payment"
	case RecordPayee:
		return "payee"
	}
	return fmt.Sprintf("RecordKind(%d)", uint32(k))
}

// MoneyRecord is one transfer, payment or payee of an answer or of a sync (ofx_money_record).
type MoneyRecord struct {
	Kind          RecordKind
	Change        string // added, modified, cancelled, deleted, status or none
	TrnUID        string
	StatusCode    int32 // 0 success, -1 absent
	Severity      string
	Message       string
	ID            string // SRVRTID of the transfer or payment; the payee list id for payees
	Interbank     bool
	Amount        Decimal
	Currency      string
	FromAccount   string // "BANKID:ACCTID" for bank accounts
	ToAccount     string
	DueDate       Date
	ProjectedDate Date
	PostedDate    Date
	ProcessCode   string // XFERPRCCODE / PMTPRCCODE
	ProcessDate   Date
	PayeeListID   string
	PayeeName     string
	PayAccount    string
	CheckNumber   string
	Memo          string
	InSync        bool
}

func moneyRecordOf(m *C.ofx_money_record) MoneyRecord {
	return MoneyRecord{
		Kind: RecordKind(m.kind), Change: gostr(m.change), TrnUID: gostr(m.trnuid), StatusCode: int32(m.status_code),
		Severity: gostr(m.severity), Message: gostr(m.message), ID: gostr(m.id), Interbank: m.interbank != 0,
		Amount: Decimal(gostr(m.amount)), Currency: gostr(m.currency), FromAccount: gostr(m.from_account),
		ToAccount: gostr(m.to_account), DueDate: Date(gostr(m.due_date)), ProjectedDate: Date(gostr(m.projected_date)),
		PostedDate: Date(gostr(m.posted_date)), ProcessCode: gostr(m.process_code), ProcessDate: Date(gostr(m.process_date)),
		PayeeListID: gostr(m.payee_list_id), PayeeName: gostr(m.payee_name), PayAccount: gostr(m.pay_account),
		CheckNumber: gostr(m.check_number), Memo: gostr(m.memo), InSync: m.in_sync != 0,
	}
}

// TransferSpec is a transfer to make or change (ofx_transfer_spec).
type TransferSpec struct {
	// Source: "checking", "savings", "moneymrkt", "creditline", "cd" (with FromBankID),
	// "creditcard" or "loan".
	FromAccountType string
	FromAccount     string
	FromBankID      string
	// Destination; ToBankID "" is the source's bank (intrabank), another bank id an interbank transfer.
	ToAccountType string
	ToAccount     string
	ToBankID      string
	// Amount: more than zero, no sign ("25.00").
	Amount Decimal
	// Due: the calendar day (in Due's location); zero for as soon as possible.
	Due time.Time
}

func (s *TransferSpec) c(cs *cstrings) C.ofx_transfer_spec {
	var t C.ofx_transfer_spec
	C.ofx_transfer_spec_init(&t)
	t.from_account_type = cs.opt(s.FromAccountType)
	t.from_account = cs.opt(s.FromAccount)
	t.from_bank_id = cs.opt(s.FromBankID)
	t.to_account_type = cs.opt(s.ToAccountType)
	t.to_account = cs.opt(s.ToAccount)
	t.to_bank_id = cs.opt(s.ToBankID)
	t.amount = cs.opt(string(s.Amount))
	t.due = cs.opt(isoDay(s.Due))
	return t
}

// PaymentSpec is a payment, or a payee to add or change (ofx_payment_spec). For payees only the
// payee fields and PayAccount are used.
type PaymentSpec struct {
	FromAccountType string
	FromAccount     string
	FromBankID      string
	Amount          Decimal
	PayeeID         string // a standard payee id, or the address below
	PayeeListID     string
	PayeeName       string
	PayeeAddr1      string
	PayeeAddr2      string
	PayeeAddr3      string
	PayeeCity       string
	PayeeState      string
	PayeePostalCode string
	PayeeCountry    string
	PayeePhone      string
	PayAccount      string    // the user's account at the payee
	Due             time.Time // payments: required (calendar day in Due's location)
	Memo            string
}

func (s *PaymentSpec) c(cs *cstrings) C.ofx_payment_spec {
	var p C.ofx_payment_spec
	C.ofx_payment_spec_init(&p)
	p.from_account_type = cs.opt(s.FromAccountType)
	p.from_account = cs.opt(s.FromAccount)
	p.from_bank_id = cs.opt(s.FromBankID)
	p.amount = cs.opt(string(s.Amount))
	p.payee_id = cs.opt(s.PayeeID)
	p.payee_list_id = cs.opt(s.PayeeListID)
	p.payee_name = cs.opt(s.PayeeName)
	p.payee_addr1 = cs.opt(s.PayeeAddr1)
	p.payee_addr2 = cs.opt(s.PayeeAddr2)
	p.payee_addr3 = cs.opt(s.PayeeAddr3)
	p.payee_city = cs.opt(s.PayeeCity)
	p.payee_state = cs.opt(s.PayeeState)
	p.payee_postal_code = cs.opt(s.PayeePostalCode)
	p.payee_country = cs.opt(s.PayeeCountry)
	p.payee_phone = cs.opt(s.PayeePhone)
	p.pay_account = cs.opt(s.PayAccount)
	p.due = cs.opt(isoDay(s.Due))
	p.memo = cs.opt(s.Memo)
	return p
}

// SyncSpec is what to synchronize (ofx_sync_spec).
type SyncSpec struct {
	// The account (not used for payee syncs): type as in TransferSpec, number, bank id.
	AccountType string
	Account     string
	BankID      string
	// Token: "0" for the full history, "REFRESH" for the current state only, or the token the server
	// gave last time. "" is taken as "0".
	Token string
	// RejectIfMissing asks the server to refuse new requests inside the sync if the token is unknown.
	RejectIfMissing bool
	// Interbank: transfer syncs of interbank transfers (INTERSYNCRQ).
	Interbank bool
}

func (s *SyncSpec) c(cs *cstrings) C.ofx_sync_spec {
	var y C.ofx_sync_spec
	C.ofx_sync_spec_init(&y)
	y.account_type = cs.opt(s.AccountType)
	y.account = cs.opt(s.Account)
	y.bank_id = cs.opt(s.BankID)
	tok := s.Token
	if tok == "" {
		tok = "0"
	}
	y.token = cs.str(tok)
	if s.RejectIfMissing {
		y.reject_if_missing = 1
	}
	if s.Interbank {
		y.interbank = 1
	}
	return y
}

// SyncResult is what a successful sync hands out.
type SyncResult struct {
	Token    string    // the server's new token: keep it for next time
	LostSync bool      // the server lost track of the old token (what came is the current state)
	Response *Response // the answer (its records: MoneyRecords); close it
}
