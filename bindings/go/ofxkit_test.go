package ofxkit_test

import (
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"ofxkit.example/ofxkit"
)

const sampleFile = "../../examples/data/sample.ofx"

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("bad decimal " + s)
	}
	return r
}

// newClient is a client for the sandbox's demo user; withCA trusts the sandbox's CA by "ca_file".
func newClient(t *testing.T, withCA bool) *ofxkit.Client {
	t.Helper()
	c, err := ofxkit.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.SetFI(sandbox.URL, sandboxOrg, sandboxFID); err != nil {
		t.Fatal(err)
	}
	if err := c.SetCredentials("demo", "demo-pass"); err != nil {
		t.Fatal(err)
	}
	if withCA {
		if err := c.Set("ca_file", sandbox.CA); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func checkingRequest() ofxkit.StatementRequest {
	return ofxkit.StatementRequest{
		AccountType: "checking", AccountID: checking, BankID: bankID,
		Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC),
	}
}

func wantCode(t *testing.T, err error, code ofxkit.Result) *ofxkit.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("want %s, got no error", code)
	}
	var e *ofxkit.Error
	if !errors.As(err, &e) {
		t.Fatalf("want an *ofxkit.Error %s, got %T: %v", code, err, err)
	}
	if e.Code != code || e.Name != code.Name() {
		t.Fatalf("want %s (%d), got %s (%d): %v", code.Name(), code, e.Name, e.Code, err)
	}
	if !errors.Is(err, &ofxkit.Error{Code: code}) {
		t.Fatalf("errors.Is does not match code %s: %v", code, err)
	}
	return e
}

// The fixture: a bank statement (5 transactions, 1106.05) and a card statement (2, 476.01), read
// as typed values, through the element tree and as JSON.
func TestReadFileTypedValues(t *testing.T) {
	resp, err := ofxkit.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()

	sts, err := resp.Statements()
	if err != nil {
		t.Fatal(err)
	}
	if len(sts) != 2 {
		t.Fatalf("want 2 statements, got %d", len(sts))
	}
	bank, cc := sts[0], sts[1]
	if bank.Kind != ofxkit.StatementBank || bank.AccountID != "0004417725" || bank.BankID != "121000358" ||
		bank.AccountType != "CHECKING" || bank.Currency != "USD" || bank.TrnUID != "1001" || bank.StatusCode != 0 {
		t.Fatalf("bank statement: %+v", bank)
	}
	if len(bank.Transactions) != 5 || bank.Total().Cmp(rat("1106.05")) != 0 {
		t.Fatalf("bank: %d transactions totalling %s", len(bank.Transactions), bank.Total().FloatString(2))
	}
	if bank.LedgerBalance != "3106.05" || bank.LedgerBalance.Rat().Cmp(rat("3106.05")) != 0 ||
		bank.AvailableBalance != "3006.05" {
		t.Fatalf("balances %q %q", bank.LedgerBalance, bank.AvailableBalance)
	}
	if got := bank.Start.Time(); !got.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) || bank.Start.HasTime() {
		t.Fatalf("DTSTART %q -> %v", bank.Start, got)
	}
	if got := bank.LedgerBalanceDate.Time(); !got.Equal(time.Date(2024, 2, 1, 4, 59, 59, 0, time.UTC)) {
		t.Fatalf("ledger balance date %q -> %v", bank.LedgerBalanceDate, got)
	}
	tx := bank.Transactions[0]
	if tx.Type != "DIRECTDEP" || tx.Amount != "2450.00" || tx.FITID != "202401050001" ||
		tx.Name != "PAYROLL NORTHWIND TRADERS" || tx.Memo != "DIRECT DEPOSIT" {
		t.Fatalf("first transaction %+v", tx)
	}
	// 20240105120000[-5:EST]: 17:00 UTC, shown in the document's own offset.
	if !tx.Posted.Equal(time.Date(2024, 1, 5, 17, 0, 0, 0, time.UTC)) || tx.Posted.Hour() != 12 ||
		tx.DatePosted != "2024-01-05T17:00:00Z" {
		t.Fatalf("posted %v (%q)", tx.Posted, tx.DatePosted)
	}
	if !tx.AmountFits || tx.AmountMantissa != 245000 || tx.AmountScale != 2 {
		t.Fatalf("mantissa %d scale %d fits %v", tx.AmountMantissa, tx.AmountScale, tx.AmountFits)
	}
	if chk := bank.Transactions[1]; chk.CheckNumber != "1042" || chk.Amount.Rat().Cmp(rat("-1200")) != 0 {
		t.Fatalf("check %+v", chk)
	}
	if g := bank.Transactions[2]; g.Name != "GREEN & FRESH GROCERY" {
		t.Fatalf("entity not decoded: %q", g.Name)
	}
	if cc.Kind != ofxkit.StatementCreditCard || cc.AccountID != card || len(cc.Transactions) != 2 ||
		cc.Total().Cmp(rat("476.01")) != 0 || cc.LedgerBalance != "-1287.44" {
		t.Fatalf("card statement %+v total %s", cc, cc.Total().FloatString(2))
	}

	so, err := resp.Signon()
	if err != nil || so.StatusCode != 0 || so.Org != "Example Savings Bank" || so.FID != "40417" || so.Language != "ENG" {
		t.Fatalf("signon %+v %v", so, err)
	}
	trn, err := resp.TrnStatuses()
	if err != nil || len(trn) != 2 || trn[0].Type != "STMTTRNRS" || trn[0].TrnUID != "1001" ||
		trn[1].Type != "CCSTMTTRNRS" || trn[1].Code != 0 {
		t.Fatalf("trn statuses %+v %v", trn, err)
	}
	if err := resp.Check(); err != nil {
		t.Fatalf("check: %v", err)
	}

	// The element tree.
	el, err := resp.Find("BANKMSGSRSV1/STMTTRNRS/STMTRS/LEDGERBAL/BALAMT")
	if err != nil {
		t.Fatal(err)
	}
	if text, leaf, err := el.Text(); err != nil || !leaf || text != "3106.05" {
		t.Fatalf("BALAMT %q %v %v", text, leaf, err)
	}
	root, _ := resp.Root()
	if name, _ := root.Name(); name != "OFX" {
		t.Fatalf("root %q", name)
	}
	kids, _ := root.Children()
	if len(kids) != 3 {
		t.Fatalf("OFX has %d children", len(kids))
	}
	if name, _ := bank.Element.Name(); name != "STMTRS" {
		t.Fatalf("statement element %q", name)
	}
	stmttrn, err := bank.Element.Find("BANKTRANLIST/STMTTRN[4]/NAME")
	if text, _, _ := stmttrn.Text(); err != nil || text != "INTEREST PAID" {
		t.Fatalf("STMTTRN[4]/NAME %q %v", text, err)
	}
	if _, err := resp.Find("NOPE/NOTHING"); !errors.Is(err, ofxkit.ErrNotFound) {
		t.Fatalf("missing path: %v", err)
	}

	// JSON.
	var doc struct {
		Version    string `json:"version"`
		Statements []struct {
			Kind         string `json:"kind"`
			AccountID    string `json:"account_id"`
			Transactions []struct {
				Amount string `json:"amount"`
			} `json:"transactions"`
		} `json:"statements"`
	}
	if err := resp.DecodeJSON(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "102" || len(doc.Statements) != 2 || doc.Statements[0].AccountID != "0004417725" ||
		doc.Statements[1].Kind != "creditcard" || len(doc.Statements[0].Transactions) != 5 ||
		doc.Statements[0].Transactions[0].Amount != "2450.00" {
		t.Fatalf("json %+v", doc)
	}
	csv, err := resp.CSV()
	if err != nil || !strings.HasPrefix(csv, "account_id,kind,fitid,type,date_posted,amount,name,memo,check_number") ||
		strings.Count(strings.TrimSpace(csv), "\n") != 7 {
		t.Fatalf("csv %q %v", csv, err)
	}
}

// Bytes in memory; writing the document out as OFX 2.2 XML and reading it back keeps the values.
func TestParseBytesAndSerialize(t *testing.T) {
	data, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := ofxkit.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()
	xml, err := resp.Serialize(220)
	if err != nil || !strings.Contains(xml, "<OFX>") || !strings.Contains(xml, "VERSION=\"220\"") {
		t.Fatalf("serialize: %v\n%.300s", err, xml)
	}
	again, err := ofxkit.ParseWith([]byte(xml), &ofxkit.ParseOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	sts, err := again.Statements()
	if err != nil || len(sts) != 2 || sts[0].Total().Cmp(rat("1106.05")) != 0 || sts[1].Total().Cmp(rat("476.01")) != 0 {
		t.Fatalf("round trip: %v %+v", err, sts)
	}
	path := filepath.Join(t.TempDir(), "out.ofx")
	if err := resp.WriteFile(path, 102); err != nil {
		t.Fatal(err)
	}
	fromFile, err := ofxkit.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fromFile.Close()
	if n, _ := fromFile.StatementCount(); n != 2 {
		t.Fatalf("written file has %d statements", n)
	}
	if _, err := resp.Serialize(999); err == nil {
		t.Fatal("version 999 accepted")
	} else {
		wantCode(t, err, ofxkit.ResultUnsupportedVersion)
	}
}

// HTML is not OFX: ResultNotOFX with the library's message; a missing file is ResultIO.
func TestParseErrors(t *testing.T) {
	_, err := ofxkit.Parse([]byte("<!DOCTYPE html><html><head><title>Login</title></head><body>Please sign in</body></html>"))
	e := wantCode(t, err, ofxkit.ResultNotOFX)
	if e.Code != 100 || e.Message == "" || !errors.Is(err, ofxkit.ErrNotOFX) {
		t.Fatalf("error %#v", e)
	}
	if !strings.Contains(err.Error(), "OFX_RESULT_NOT_OFX") || !strings.Contains(err.Error(), e.Message) {
		t.Fatalf("error text %q", err.Error())
	}
	t.Logf("HTML: %v", err)
	_, err = ofxkit.Parse(nil)
	wantCode(t, err, ofxkit.ResultNotOFX)
	_, err = ofxkit.ReadFile(filepath.Join(t.TempDir(), "missing.ofx"))
	if e := wantCode(t, err, ofxkit.ResultIO); e.Message == "" {
		t.Fatal("no message for a missing file")
	}
}

// A statement download over real TLS, the sandbox's certificate accepted by the TLS callback.
func TestStatementWithTLSCallback(t *testing.T) {
	c := newClient(t, false)
	var certs []ofxkit.TLSEvent
	var kinds []ofxkit.TLSEventKind
	if err := c.OnTLS(func(ev ofxkit.TLSEvent) ofxkit.TLSDecision {
		kinds = append(kinds, ev.Kind)
		if ev.Kind != ofxkit.TLSServerCertificate {
			return ofxkit.TLSKeepVerdict
		}
		certs = append(certs, ev)
		if strings.Contains(ev.Issuer, "ofxkit sandbox") && ev.Host == "localhost" {
			return ofxkit.TLSAccept
		}
		return ofxkit.TLSReject
	}); err != nil {
		t.Fatal(err)
	}
	var states []ofxkit.ConnState
	if err := c.OnConnection(func(ev ofxkit.ConnectionEvent) { states = append(states, ev.State) }); err != nil {
		t.Fatal(err)
	}

	resp, err := c.Statement(checkingRequest())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()

	if len(certs) == 0 {
		t.Fatalf("the TLS callback saw no server certificate (events %v)", kinds)
	}
	cert := certs[0]
	if !strings.Contains(cert.Subject, "ofxkit sandbox") || !strings.Contains(cert.Issuer, "ofxkit sandbox") ||
		cert.Trusted || cert.Reason == "" || len(cert.CertDER) == 0 || !strings.Contains(cert.CertPEM, "BEGIN CERTIFICATE") ||
		cert.Port != uint16(sandbox.Port) {
		t.Fatalf("certificate event %+v", cert)
	}
	t.Logf("certificate: subject %q, issuer %q, trusted %v (%s); events %v", cert.Subject, cert.Issuer, cert.Trusted,
		cert.Reason, kinds)
	if !containsKind(kinds, ofxkit.TLSAcceptedByCallback) {
		t.Fatalf("no accepted-by-callback event in %v", kinds)
	}
	if !containsState(states, ofxkit.ConnConnected) || !containsState(states, ofxkit.ConnResponseReceived) {
		t.Fatalf("connection states %v", states)
	}

	so, err := resp.Signon()
	if err != nil || so.StatusCode != 0 || so.Org != sandboxOrg || so.FID != sandboxFID {
		t.Fatalf("signon %+v %v", so, err)
	}
	sts, err := resp.Statements()
	if err != nil || len(sts) != 1 {
		t.Fatalf("statements %v %d", err, len(sts))
	}
	st := sts[0]
	if st.Kind != ofxkit.StatementBank || st.AccountID != checking || st.BankID != bankID || st.AccountType != "CHECKING" ||
		len(st.Transactions) == 0 || st.LedgerBalance.Rat() == nil || st.StatusCode != 0 {
		t.Fatalf("statement %+v", st)
	}
	for _, tx := range st.Transactions {
		if tx.FITID == "" || tx.Amount.Rat() == nil || tx.Posted.Year() != 2024 {
			t.Fatalf("transaction %+v", tx)
		}
	}
	t.Logf("%s: %d transactions, ledger %s", st.AccountID, len(st.Transactions), st.LedgerBalance)
}

func containsKind(ks []ofxkit.TLSEventKind, k ofxkit.TLSEventKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func containsState(ss []ofxkit.ConnState, s ofxkit.ConnState) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Without a TLS callback and without the CA, the sandbox's certificate is refused.
func TestUntrustedCertificate(t *testing.T) {
	c := newClient(t, false)
	var seen []ofxkit.ErrorEvent
	if err := c.OnError(func(ev ofxkit.ErrorEvent) { seen = append(seen, ev) }); err != nil {
		t.Fatal(err)
	}
	resp, err := c.Statement(checkingRequest())
	if resp != nil {
		t.Fatal("a response without a trusted certificate")
	}
	e := wantCode(t, err, ofxkit.ResultCertificate)
	if e.Code != 207 || e.Message == "" || !errors.Is(err, ofxkit.ErrCertificate) {
		t.Fatalf("%#v", e)
	}
	if len(seen) != 1 || seen[0].Code != ofxkit.ResultCertificate || seen[0].Message == "" {
		t.Fatalf("error callback saw %+v", seen)
	}
	info, err := c.LastErrorInfo()
	if err != nil || info.Code != ofxkit.ResultCertificate {
		t.Fatalf("error info %+v %v", info, err)
	}
	t.Logf("untrusted: %v", e)
}

// With the sandbox's CA as "ca_file" no callback is needed: a credit-card statement, the account
// list and the profile.
func TestCAFileAccountsAndProfile(t *testing.T) {
	c := newClient(t, true)
	resp, err := c.Statement(ofxkit.StatementRequest{AccountType: "creditcard", AccountID: card})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()
	st, err := resp.Statement(0)
	if err != nil || st.Kind != ofxkit.StatementCreditCard || st.AccountID != card || len(st.Transactions) == 0 {
		t.Fatalf("card statement %+v %v", st, err)
	}
	if _, err := resp.Statement(1); !errors.Is(err, ofxkit.ErrNotFound) {
		t.Fatalf("statement 1: %v", err)
	}

	acc, err := c.AccountInfo(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	defer acc.Close()
	accounts, err := acc.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, a := range accounts {
		ids[a.AccountID] = a.Kind
	}
	if ids[checking] != "bank" || ids[savings] != "bank" || ids[card] != "creditcard" || ids[invAcct] != "investment" {
		t.Fatalf("accounts %+v", accounts)
	}

	prof, err := c.Profile(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	defer prof.Close()
	p, err := prof.Profile()
	if err != nil || p.FIName == "" || len(p.MessageSets) == 0 || len(p.SignonRealms) == 0 {
		t.Fatalf("profile %+v %v", p, err)
	}
	t.Logf("profile %q: %d message sets, realm %q", p.FIName, len(p.MessageSets), p.SignonRealms[0].Name)
}

// An investment statement: positions and securities.
func TestInvestmentStatement(t *testing.T) {
	c := newClient(t, true)
	resp, err := c.Statement(ofxkit.StatementRequest{AccountType: "investment", AccountID: invAcct, BrokerID: broker})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()
	st, err := resp.Statement(0)
	if err != nil || st.Kind != ofxkit.StatementInvestment || st.AccountID != invAcct || st.BrokerID != broker {
		t.Fatalf("investment statement %+v %v", st, err)
	}
	if len(st.Positions) == 0 || st.Positions[0].SecurityID == "" || st.Positions[0].Units.Rat() == nil ||
		st.Positions[0].MarketValue.Rat() == nil {
		t.Fatalf("positions %+v", st.Positions)
	}
	secs, err := resp.Securities()
	if err != nil || len(secs) == 0 {
		t.Fatalf("securities %v %d", err, len(secs))
	}
	byID := map[string]ofxkit.Security{}
	for _, s := range secs {
		byID[s.ID] = s
	}
	for _, p := range st.Positions {
		if s, ok := byID[p.SecurityID]; !ok || s.Name == "" {
			t.Fatalf("position %s has no security in the SECLIST %+v", p.SecurityID, secs)
		}
	}
	t.Logf("%d positions, %d securities, %d transactions", len(st.Positions), len(secs), len(st.Transactions))
}

// A batch of a bank statement, a card statement and the profile, posted once; each item read.
func TestBatch(t *testing.T) {
	c := newClient(t, true)
	bankRq, err := c.NewStatementRequest(checkingRequest())
	if err != nil {
		t.Fatal(err)
	}
	defer bankRq.Close()
	cardRq, err := c.NewStatementRequest(ofxkit.StatementRequest{AccountType: "creditcard", AccountID: card})
	if err != nil {
		t.Fatal(err)
	}
	defer cardRq.Close()
	profRq, err := c.NewProfileRequest(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	defer profRq.Close()

	b, err := c.NewBatch()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for i, rq := range []*ofxkit.Request{bankRq, cardRq, profRq} {
		idx, err := b.Add(rq)
		if err != nil || idx != i {
			t.Fatalf("add %d: %d %v", i, idx, err)
		}
	}
	if _, err := b.Add(bankRq); err == nil {
		t.Fatal("the same TRNUID added twice")
	} else {
		wantCode(t, err, ofxkit.ResultInvalidArgument)
	}
	if n, _ := b.Len(); n != 3 {
		t.Fatalf("len %d", n)
	}
	if _, err := b.ItemKind(3); !errors.Is(err, ofxkit.ErrNotFound) {
		t.Fatalf("item 3: %v", err)
	}
	if err := b.ItemError(0); !errors.Is(err, ofxkit.ErrNotPosted) {
		t.Fatalf("before post: %v", err)
	}
	text, err := b.RequestText(true)
	if err != nil || !strings.Contains(text, "<STMTRQ>") || !strings.Contains(text, "<CCSTMTRQ>") ||
		!strings.Contains(text, "<PROFRQ>") || strings.Contains(text, "demo-pass") {
		t.Fatalf("request text: %v\n%s", err, text)
	}

	if err := b.Post(); err != nil {
		t.Fatal(err)
	}
	wantKinds := []ofxkit.RequestKind{ofxkit.RequestBankStatement, ofxkit.RequestCreditCardStatement, ofxkit.RequestProfile}
	for i, rq := range []*ofxkit.Request{bankRq, cardRq, profRq} {
		uid, _ := rq.UID()
		if got, err := b.ItemUID(i); err != nil || got != uid {
			t.Fatalf("item %d uid %q, request %q (%v)", i, got, uid, err)
		}
		if k, _ := b.ItemKind(i); k != wantKinds[i] {
			t.Fatalf("item %d kind %v", i, k)
		}
		if err := b.ItemError(i); err != nil {
			t.Fatalf("item %d: %v", i, err)
		}
	}
	r0, err := b.ItemResponse(0)
	if err != nil {
		t.Fatal(err)
	}
	st, err := r0.Statement(0)
	if err != nil || st.AccountID != checking || len(st.Transactions) == 0 {
		t.Fatalf("item 0 %+v %v", st, err)
	}
	r1, _ := b.ItemResponse(1)
	st1, err := r1.Statement(0)
	if err != nil || st1.AccountID != card || st1.Kind != ofxkit.StatementCreditCard {
		t.Fatalf("item 1 %+v %v", st1, err)
	}
	if n, _ := r1.StatementCount(); n != 1 {
		t.Fatalf("item 1 has %d statements", n)
	}
	r2, _ := b.ItemResponse(2)
	p, err := r2.Profile()
	if err != nil || p.FIName == "" {
		t.Fatalf("item 2 profile %+v %v", p, err)
	}

	// The answer saved and read back as a batch of the same client.
	path := filepath.Join(t.TempDir(), "batch.ofx")
	if err := b.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	back, err := c.ReadBatchFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if n, _ := back.Len(); n != 3 {
		t.Fatalf("read back %d items", n)
	}
	rb, err := back.ItemResponse(0)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := rb.Statement(0); st.AccountID != checking || len(st.Transactions) != len(r0mustStatements(t, r0)) {
		t.Fatalf("read back %+v", st)
	}

	// Borrowed responses die with the batch's answer.
	if err := b.Clear(); err != nil {
		t.Fatal(err)
	}
	if _, err := r0.Statements(); !errors.Is(err, ofxkit.ErrClosed) {
		t.Fatalf("item response after Clear: %v", err)
	}
}

func r0mustStatements(t *testing.T, r *ofxkit.Response) []ofxkit.Transaction {
	st, err := r.Statement(0)
	if err != nil {
		t.Fatal(err)
	}
	return st.Transactions
}

// A transfer of 25.00 from checking to savings, then a transfer sync from token "0".
func TestTransferAndSync(t *testing.T) {
	c := newClient(t, true)
	rq, err := c.NewTransferRequest(ofxkit.TransferSpec{
		FromAccountType: "checking", FromAccount: checking, FromBankID: bankID,
		ToAccountType: "savings", ToAccount: savings, Amount: "25.00",
	})
	if err != nil {
		t.Fatal(err)
	}
	defer rq.Close()
	if k, _ := rq.Kind(); k != ofxkit.RequestTransfer {
		t.Fatalf("kind %v", k)
	}
	resp, err := c.Post(rq)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()
	if err := resp.Check(); err != nil {
		t.Fatalf("the server refused the transfer: %v", err)
	}
	recs, err := resp.MoneyRecords()
	if err != nil || len(recs) != 1 {
		t.Fatalf("records %+v %v", recs, err)
	}
	xfer := recs[0]
	uid, _ := rq.UID()
	if xfer.Kind != ofxkit.RecordTransfer || xfer.ID == "" || xfer.TrnUID != uid || xfer.StatusCode != 0 ||
		xfer.Amount.Rat().Cmp(rat("25")) != 0 || !strings.HasSuffix(xfer.FromAccount, checking) ||
		!strings.HasSuffix(xfer.ToAccount, savings) {
		t.Fatalf("transfer record %+v", xfer)
	}

	var seen []ofxkit.MoneyRecord
	res, err := c.SyncTransfers(ofxkit.SyncSpec{AccountType: "checking", Account: checking, BankID: bankID, Token: "0"},
		func(r ofxkit.MoneyRecord) error {
			seen = append(seen, r)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Response.Close()
	if res.Token == "" || res.Token == "0" {
		t.Fatalf("new token %q", res.Token)
	}
	found := false
	for _, r := range seen {
		if r.ID == xfer.ID && r.Kind == ofxkit.RecordTransfer && r.InSync && r.Amount.Rat().Cmp(rat("25")) == 0 {
			found = true
		}
	}
	if !found {
		t.Fatalf("the sync callback did not see transfer %s: %+v", xfer.ID, seen)
	}
	if recs, _ := res.Response.MoneyRecords(); len(recs) != len(seen) {
		t.Fatalf("answer has %d records, callback saw %d", len(recs), len(seen))
	}
	t.Logf("transfer %s; sync token %q, %d records", xfer.ID, res.Token, len(seen))

	// A record callback that returns an error stops the sync: no token, the error comes back.
	stop := errors.New("enough")
	calls := 0
	again, err := c.SyncTransfers(ofxkit.SyncSpec{AccountType: "checking", Account: checking, BankID: bankID, Token: "0"},
		func(r ofxkit.MoneyRecord) error { calls++; return stop })
	if again != nil || !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("stopped sync: %+v, %d calls, err %v", again, calls, err)
	}
	wantCode(t, err, ofxkit.ResultCallbackStopped)
}

// A panic in a callback never crosses C: the TLS decision is then "reject", and the panic comes
// back as the error of the call, with the call's own error.
func TestCallbackPanicSurfaces(t *testing.T) {
	c := newClient(t, false)
	calls := 0
	if err := c.OnTLS(func(ev ofxkit.TLSEvent) ofxkit.TLSDecision {
		if ev.Kind == ofxkit.TLSServerCertificate {
			calls++
			panic("refusing to decide")
		}
		return ofxkit.TLSKeepVerdict
	}); err != nil {
		t.Fatal(err)
	}
	resp, err := c.Statement(checkingRequest())
	if resp != nil || err == nil {
		t.Fatalf("response %v err %v", resp, err)
	}
	var pe *ofxkit.PanicError
	if !errors.As(err, &pe) || pe.Value != "refusing to decide" || pe.Callback != "tls" || len(pe.Stack) == 0 {
		t.Fatalf("want a PanicError, got %T %v", err, err)
	}
	var ce *ofxkit.CallbackError
	if !errors.As(err, &ce) || ce.Result == nil {
		t.Fatalf("want a CallbackError with the call's error: %v", err)
	}
	wantCode(t, err, ofxkit.ResultCertificate) // the panicking callback rejected the certificate
	if calls != 1 {
		t.Fatalf("callback ran %d times", calls)
	}

	// A panic in a callback of a call that succeeds: the answer and the panic both come back.
	c2 := newClient(t, true)
	boom := errors.New("connection callback failed")
	c2.OnConnection(func(ev ofxkit.ConnectionEvent) {
		if ev.State == ofxkit.ConnResponseReceived {
			panic(boom)
		}
	})
	resp, err = c2.Statement(checkingRequest())
	if resp == nil || !errors.Is(err, boom) || !errors.As(err, &ce) || ce.Result != nil {
		t.Fatalf("response %v, err %v", resp, err)
	}
	if st, err := resp.Statement(0); err != nil || st.AccountID != checking {
		t.Fatalf("answer of the call %+v %v", st, err)
	}
	resp.Close()

}

// A callback must not use its own handle: the binding refuses instead of deadlocking.
func TestReentrantCallRefused(t *testing.T) {
	c := newClient(t, true)
	var inner error
	c.OnConnection(func(ev ofxkit.ConnectionEvent) {
		if ev.State == ofxkit.ConnConnected && inner == nil {
			_, inner = c.Get("url")
		}
	})
	resp, err := c.Statement(checkingRequest())
	if err != nil {
		t.Fatal(err)
	}
	resp.Close()
	if !errors.Is(inner, ofxkit.ErrReentrant) {
		t.Fatalf("call from the callback: %v", inner)
	}
	if url, err := c.Get("url"); err != nil || url != sandbox.URL {
		t.Fatalf("get url %q %v", url, err)
	}
}

// Closed handles give a clear error, never a crash; Close twice is fine.
func TestUseAfterClose(t *testing.T) {
	c, err := ofxkit.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	rq, err := c.NewAccountInfoRequest(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = c.Statement(checkingRequest())
	var ce *ofxkit.ClosedError
	if !errors.Is(err, ofxkit.ErrClosed) || !errors.As(err, &ce) || ce.Handle != "Client" || ce.Op != "Statement" ||
		!strings.Contains(err.Error(), "closed") {
		t.Fatalf("statement on a closed client: %v", err)
	}
	if err := c.Set("url", sandbox.URL); !errors.Is(err, ofxkit.ErrClosed) {
		t.Fatalf("set: %v", err)
	}
	// The request outlives its client.
	if uid, err := rq.UID(); err != nil || uid == "" {
		t.Fatalf("request uid %q %v", uid, err)
	}
	rq.Close()
	if _, err := rq.UID(); !errors.Is(err, ofxkit.ErrClosed) {
		t.Fatalf("uid of a closed request: %v", err)
	}

	resp, err := ofxkit.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	el, _ := resp.Root()
	resp.Close()
	resp.Close()
	_, err = resp.Statements()
	if !errors.Is(err, ofxkit.ErrClosed) || !strings.Contains(err.Error(), "Response.Statements") {
		t.Fatalf("statements of a closed response: %v", err)
	}
	t.Logf("after close: %v", err)
	if _, err := el.Name(); !errors.Is(err, ofxkit.ErrClosed) {
		t.Fatalf("element of a closed response: %v", err)
	}
}

// A host that does not resolve: ResultDNS, also seen by the error callback.
func TestDNSFailure(t *testing.T) {
	c, err := ofxkit.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.SetFI("https://nonexistent.invalid/ofx", sandboxOrg, sandboxFID); err != nil {
		t.Fatal(err)
	}
	c.SetCredentials("demo", "demo-pass")
	var seen []ofxkit.ErrorEvent
	c.OnError(func(ev ofxkit.ErrorEvent) { seen = append(seen, ev) })
	_, err = c.Statement(checkingRequest())
	e := wantCode(t, err, ofxkit.ResultDNS)
	if e.Code != 203 || !errors.Is(err, ofxkit.ErrDNS) || e.Message == "" {
		t.Fatalf("%#v", e)
	}
	if len(seen) != 1 || seen[0].Code != ofxkit.ResultDNS || seen[0].Name != "OFX_RESULT_DNS" {
		t.Fatalf("error events %+v", seen)
	}
	t.Logf("dns: %v", err)
}

// Configuration errors carry the library's message; Get reads settings back.
func TestConfig(t *testing.T) {
	c, err := ofxkit.NewClient()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.Set("no_such_key", "1")
	if e := wantCode(t, err, ofxkit.ResultConfig); !strings.Contains(e.Message, "no_such_key") {
		t.Fatalf("message %q", e.Message)
	}
	wantCode(t, c.Set("version", "999"), ofxkit.ResultConfig)
	if err := c.Set("version", "220"); err != nil {
		t.Fatal(err)
	}
	if v, err := c.Get("version"); err != nil || v != "220" {
		t.Fatalf("version %q %v", v, err)
	}
	if _, err := c.Get("access_key"); !errors.Is(err, ofxkit.ErrNotFound) {
		t.Fatalf("unset access_key: %v", err)
	}
	// No URL yet: the operation fails before anything is sent.
	_, err = c.Profile(time.Time{})
	wantCode(t, err, ofxkit.ResultConfig)
	if ofxkit.Version() != ofxkit.HeaderVersion {
		t.Fatalf("library %s, header %s", ofxkit.Version(), ofxkit.HeaderVersion)
	}
	if ofxkit.ResultDNS.Description() != "host name not found" {
		t.Fatalf("description %q", ofxkit.ResultDNS.Description())
	}
}

// Multi-factor authentication: signon 3000, the questions, the answers, then the statement.
func TestMFA(t *testing.T) {
	c := newClient(t, true)
	c.SetCredentials("mfa", "mfa-pass")
	if err := c.Set("version", "103"); err != nil { // MFA needs OFX 1.0.3 or 2.1.1
		t.Fatal(err)
	}
	rq := ofxkit.StatementRequest{AccountType: "checking", AccountID: "2000111111", BankID: bankID}
	first, err := c.Statement(rq)
	if err != nil {
		t.Fatal(err)
	}
	so, _ := first.Signon()
	first.Close()
	if so == nil || so.StatusCode != 3000 {
		t.Fatalf("first signon %+v", so)
	}
	ch, err := c.MFAChallenge()
	if err != nil {
		t.Fatal(err)
	}
	qs, err := ch.MFAQuestions()
	ch.Close()
	if err != nil || len(qs) != 3 || qs[0].PhraseID != "MFA13" || qs[0].Label != "What is your favorite color?" ||
		qs[2].PhraseID != "MFA107" || qs[2].Label != "" {
		t.Fatalf("questions %+v %v", qs, err)
	}
	answers := map[string]string{"MFA13": "blue", "MFA16": "rex", "MFA107": "ofxkit-go-test"}
	for _, q := range qs {
		if err := c.SetMFAAnswer(q.PhraseID, answers[q.PhraseID]); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := c.Statement(rq)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()
	if err := resp.Check(); err != nil {
		t.Fatalf("after MFA: %v", err)
	}
	if key, err := c.Get("access_key"); err != nil || key == "" {
		t.Fatalf("access key %q %v", key, err)
	}
	st, err := resp.Statement(0)
	if err != nil || st.AccountID != "2000111111" {
		t.Fatalf("statement %+v %v", st, err)
	}
}

// Every callback registration is released exactly once: on replacement, on Close, and by the
// finalizer of a client nobody closed.
func TestRegistrationsReleased(t *testing.T) {
	base := ofxkit.LiveRegistrations()
	c, _ := ofxkit.NewClient()
	c.OnTLS(func(ofxkit.TLSEvent) ofxkit.TLSDecision { return ofxkit.TLSKeepVerdict })
	c.OnConnection(func(ofxkit.ConnectionEvent) {})
	c.OnError(func(ofxkit.ErrorEvent) {})
	if got := ofxkit.LiveRegistrations() - base; got != 3 {
		t.Fatalf("%d live registrations, want 3", got)
	}
	c.OnError(func(ofxkit.ErrorEvent) {}) // replaces: the old one is released
	c.OnConnection(nil)                   // removes
	if got := ofxkit.LiveRegistrations() - base; got != 2 {
		t.Fatalf("%d live registrations after replace/remove, want 2", got)
	}
	b, _ := c.NewBatch() // shares the registrations
	c.Close()
	if got := ofxkit.LiveRegistrations() - base; got != 2 {
		t.Fatalf("%d live registrations while the batch holds them, want 2", got)
	}
	b.Close()
	if got := ofxkit.LiveRegistrations() - base; got != 0 {
		t.Fatalf("%d live registrations after Close, want 0", got)
	}

	func() {
		lost, _ := ofxkit.NewClient()
		lost.OnTLS(func(ofxkit.TLSEvent) ofxkit.TLSDecision { return ofxkit.TLSKeepVerdict })
	}()
	deadline := time.Now().Add(5 * time.Second)
	for ofxkit.LiveRegistrations() != base && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if got := ofxkit.LiveRegistrations() - base; got != 0 {
		t.Fatalf("the finalizer did not release the registration (%d live)", got)
	}
}

// The README's example is literally ExampleReadFile.
func TestReadmeExampleIsATest(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	start := strings.Index(string(src), "func ExampleReadFile()")
	if start < 0 {
		t.Fatal("no ExampleReadFile")
	}
	body := string(src[start:])
	body = body[:strings.Index(body, "\n}\n")+3]
	if !strings.Contains(string(readme), body) {
		t.Fatal("README.md does not contain ExampleReadFile as written in example_test.go")
	}
}

// Bill payment: a payment to a new payee by address, then a payment sync and a payee sync.
func TestBillPayment(t *testing.T) {
	c := newClient(t, true)
	due := time.Now().AddDate(0, 0, 7)
	rq, err := c.NewPaymentRequest(ofxkit.PaymentSpec{
		FromAccountType: "checking", FromAccount: checking, FromBankID: bankID, Amount: "49.99",
		PayeeName: "City Power & Light", PayeeAddr1: "1 Main St", PayeeCity: "Springfield", PayeeState: "IL",
		PayeePostalCode: "62701", PayeePhone: "555-0100", PayAccount: "CPL-998877", Due: due, Memo: "go binding test",
	})
	if err != nil {
		t.Fatal(err)
	}
	defer rq.Close()
	if k, _ := rq.Kind(); k != ofxkit.RequestPayment {
		t.Fatalf("kind %v", k)
	}
	resp, err := c.Post(rq)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()
	if err := resp.Check(); err != nil {
		t.Fatalf("the server refused the payment: %v", err)
	}
	recs, err := resp.MoneyRecords()
	if err != nil || len(recs) != 1 {
		t.Fatalf("records %+v %v", recs, err)
	}
	pmt := recs[0]
	if pmt.Kind != ofxkit.RecordPayment || pmt.ID == "" || pmt.Amount.Rat().Cmp(rat("49.99")) != 0 ||
		pmt.PayeeName != "City Power & Light" || pmt.DueDate.Time().Format("2006-01-02") != due.Format("2006-01-02") {
		t.Fatalf("payment record %+v", pmt)
	}

	var payments []ofxkit.MoneyRecord
	res, err := c.SyncPayments(ofxkit.SyncSpec{AccountType: "checking", Account: checking, BankID: bankID, Token: "0"},
		func(r ofxkit.MoneyRecord) error { payments = append(payments, r); return nil })
	if err != nil {
		t.Fatal(err)
	}
	res.Response.Close()
	found := false
	for _, r := range payments {
		found = found || (r.ID == pmt.ID && r.Kind == ofxkit.RecordPayment)
	}
	if res.Token == "" || !found {
		t.Fatalf("payment sync token %q records %+v", res.Token, payments)
	}

	var payees []ofxkit.MoneyRecord
	res, err = c.SyncPayees(ofxkit.SyncSpec{Token: "0"}, func(r ofxkit.MoneyRecord) error {
		payees = append(payees, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res.Response.Close()
	if res.Token == "" || len(payees) == 0 || payees[0].Kind != ofxkit.RecordPayee {
		t.Fatalf("payee sync token %q records %+v", res.Token, payees)
	}
	t.Logf("payment %s; %d payment records, %d payees", pmt.ID, len(payments), len(payees))
}

// One client and one response used from several goroutines at once: calls are serialized,
// reads run together.
func TestConcurrentUse(t *testing.T) {
	c := newClient(t, true)
	resp, err := ofxkit.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()
	errs := make(chan error, 8)
	for i := 0; i < 4; i++ {
		go func() {
			r, err := c.Statement(checkingRequest())
			if err == nil {
				var st ofxkit.Statement
				st, err = r.Statement(0)
				if err == nil && st.AccountID != checking {
					err = errors.New("wrong account " + st.AccountID)
				}
				r.Close()
			}
			errs <- err
		}()
		go func() {
			sts, err := resp.Statements()
			if err == nil && sts[0].Total().Cmp(rat("1106.05")) != 0 {
				err = errors.New("wrong total")
			}
			errs <- err
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}

// A loan statement (OFX 2.1.1) and closing information of the checking account.
func TestLoanAndClosing(t *testing.T) {
	c := newClient(t, true)
	if err := c.Set("version", "211"); err != nil {
		t.Fatal(err)
	}
	loan, err := c.Statement(ofxkit.StatementRequest{AccountType: "loan", AccountID: loanAcct})
	if err != nil {
		t.Fatal(err)
	}
	defer loan.Close()
	st, err := loan.Statement(0)
	if err != nil || st.Kind != ofxkit.StatementLoan || st.AccountID != loanAcct || st.LedgerBalance.Rat() == nil ||
		len(st.Transactions) == 0 {
		t.Fatalf("loan statement %+v %v", st, err)
	}

	cl, err := c.Closing(ofxkit.StatementRequest{AccountType: "checking", AccountID: checking, BankID: bankID})
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	closings, err := cl.Closings()
	if err != nil || len(closings) == 0 {
		t.Fatalf("closings %v %d", err, len(closings))
	}
	first := closings[0]
	if first.Kind != ofxkit.StatementBank || first.AccountID != checking || first.BalanceClose.Rat() == nil ||
		first.DateClose.Time().IsZero() {
		t.Fatalf("closing %+v", first)
	}
	t.Logf("loan principal %s, %d payments; %d closings, first closes %s at %s", st.LedgerBalance, len(st.Transactions),
		len(closings), first.DateClose, first.BalanceClose)
}

// A check image (OFX 2.1.1): the IMAGEDATA of a transaction read through the element tree (the
// typed transaction view has no image fields), then downloaded.
func TestCheckImage(t *testing.T) {
	c := newClient(t, true)
	if err := c.Set("version", "211"); err != nil {
		t.Fatal(err)
	}
	rq := checkingRequest()
	rq.IncludeImages = ofxkit.Bool(true)
	resp, err := c.Statement(rq)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Close()
	st, err := resp.Statement(0)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]ofxkit.ImageRefType{"OPAQUE": ofxkit.ImageOpaque, "URL": ofxkit.ImageURL, "FORMURL": ofxkit.ImageFormURL}
	got := 0
	for _, tx := range st.Transactions {
		refEl, err := tx.Element.Find("IMAGEDATA/IMAGEREF")
		if errors.Is(err, ofxkit.ErrNotFound) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		ref, _, _ := refEl.Text()
		typeEl, err := tx.Element.Find("IMAGEDATA/IMAGEREFTYPE")
		if err != nil {
			t.Fatal(err)
		}
		kind, _, _ := typeEl.Text()
		img, err := c.Image(types[kind], ref)
		if err != nil {
			t.Fatalf("image %s (%s) of check %s: %v", ref, kind, tx.CheckNumber, err)
		}
		if img.ContentType != "image/png" || len(img.Data) < 8 || string(img.Data[1:4]) != "PNG" {
			t.Fatalf("image %s: %q, %d bytes", ref, img.ContentType, len(img.Data))
		}
		got++
		if got == 2 {
			break
		}
	}
	if got == 0 {
		t.Fatal("no transaction with IMAGEDATA")
	}
}

// A batch has its own callbacks: it starts with a copy of the client's (here: one that rejects the
// sandbox's certificate) and may replace them for itself (one that accepts).
func TestBatchOwnTLSCallback(t *testing.T) {
	c := newClient(t, false)
	clientSaw := 0
	c.OnTLS(func(ev ofxkit.TLSEvent) ofxkit.TLSDecision {
		if ev.Kind == ofxkit.TLSServerCertificate {
			clientSaw++
		}
		return ofxkit.TLSReject
	})
	rq, err := c.NewAccountInfoRequest(time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	defer rq.Close()

	b, err := c.NewBatch()
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.Add(rq)
	wantCode(t, b.Post(), ofxkit.ResultCertificate) // the client's callback, copied, rejects
	if err := b.ItemError(0); !errors.Is(err, ofxkit.ErrCertificate) {
		t.Fatalf("item error after a failed post: %v", err)
	}
	if clientSaw != 1 {
		t.Fatalf("the copied client callback ran %d times", clientSaw)
	}

	batchSaw := 0
	if err := b.OnTLS(func(ev ofxkit.TLSEvent) ofxkit.TLSDecision {
		if ev.Kind == ofxkit.TLSServerCertificate {
			batchSaw++
			return ofxkit.TLSAccept
		}
		return ofxkit.TLSKeepVerdict
	}); err != nil {
		t.Fatal(err)
	}
	if err := b.Post(); err != nil {
		t.Fatal(err)
	}
	if batchSaw != 1 || clientSaw != 1 {
		t.Fatalf("batch callback %d, client callback %d", batchSaw, clientSaw)
	}
	r, err := b.ItemResponse(0)
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := r.Accounts()
	if err != nil || len(accounts) < 4 || accounts[0].AccountID != checking {
		t.Fatalf("accounts %+v %v", accounts, err)
	}
	// The client kept its own (rejecting) callback.
	if _, err := c.AccountInfo(time.Time{}); !errors.Is(err, ofxkit.ErrCertificate) || clientSaw != 2 {
		t.Fatalf("client after the batch: %v (callback %d)", err, clientSaw)
	}
}
