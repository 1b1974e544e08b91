package ofxkit

/*
#include <stdint.h>
#include "ofx.h"
*/
import "C"

import (
	"runtime/cgo"
	"runtime/debug"
	"sync/atomic"
	"unsafe"
)

// ConnState is a connection state (OFX_CONN_*).
type ConnState uint32

// Connection states.
const (
	ConnResolving        ConnState = C.OFX_CONN_RESOLVING
	ConnConnecting       ConnState = C.OFX_CONN_CONNECTING
	ConnConnected        ConnState = C.OFX_CONN_CONNECTED
	ConnTLSDone          ConnState = C.OFX_CONN_TLS_DONE
	ConnRequestSent      ConnState = C.OFX_CONN_REQUEST_SENT
	ConnResponseReceived ConnState = C.OFX_CONN_RESPONSE_RECEIVED
	ConnClosed           ConnState = C.OFX_CONN_CLOSED
)

// ConnectionEvent is a connection status change (ofx_connection_event), copied for Go.
type ConnectionEvent struct {
	State     ConnState
	StateName string // "resolving", "connecting", ...
	Host      string
	Port      uint16
	Detail    string
}

// TLSEventKind is the kind of a TLS event (OFX_TLS_*).
type TLSEventKind uint32

// TLS event kinds. 1-7 are status reports; TLSServerCertificate asks for a decision.
const (
	TLSHandshakeStarted      TLSEventKind = C.OFX_TLS_HANDSHAKE_STARTED
	TLSCertificateTrusted    TLSEventKind = C.OFX_TLS_CERTIFICATE_TRUSTED
	TLSCertificateUntrusted  TLSEventKind = C.OFX_TLS_CERTIFICATE_UNTRUSTED
	TLSAcceptedByCallback    TLSEventKind = C.OFX_TLS_ACCEPTED_BY_CALLBACK
	TLSRejectedByCallback    TLSEventKind = C.OFX_TLS_REJECTED_BY_CALLBACK
	TLSHandshakeDone         TLSEventKind = C.OFX_TLS_HANDSHAKE_DONE
	TLSClientCertificateSent TLSEventKind = C.OFX_TLS_CLIENT_CERTIFICATE_SENT
	TLSServerCertificate     TLSEventKind = C.OFX_TLS_SERVER_CERTIFICATE
)

// TLSEvent is a TLS event (ofx_tls_event), copied for Go. The certificate fields are set only for
// TLSServerCertificate.
type TLSEvent struct {
	Kind    TLSEventKind
	Host    string
	Port    uint16
	Detail  string
	CertDER []byte
	CertPEM string
	Subject string // RFC 4514
	Issuer  string // RFC 4514
	Trusted bool   // the library's verdict
	Reason  string // why not trusted ("" when trusted)
}

// TLSDecision is a TLS callback's answer to a TLSServerCertificate event. The zero value keeps the
// library's verdict; for status events the answer is ignored.
type TLSDecision int

// TLS decisions.
const (
	TLSKeepVerdict TLSDecision = iota // positive in C: the library's verdict stands
	TLSAccept                         // 0 in C: accept the certificate
	TLSReject                         // negative in C: reject it
)

func (d TLSDecision) c() C.int32_t {
	switch d {
	case TLSAccept:
		return 0
	case TLSReject:
		return -1
	default:
		return 1
	}
}

// ErrorEvent is an error event (ofx_error_event): the code the call will return and a message.
type ErrorEvent struct {
	Code    Result
	Name    string
	Message string
}

// ConnectionCallback receives connection status changes.
type ConnectionCallback func(ConnectionEvent)

// TLSCallback receives TLS events and decides on the server certificate.
type TLSCallback func(TLSEvent) TLSDecision

// ErrorCallback receives one event per failed exchange.
type ErrorCallback func(ErrorEvent)

// RecordCallback receives each record of a sync; a non-nil error stops the sync (the call then
// fails with that error, matching ErrCallbackStopped too, and hands out no token).
type RecordCallback func(MoneyRecord) error

// guard runs a user callback; a panic is recovered and kept for the call (it never unwinds through
// C). It reports whether fn returned normally.
func guard(name string, fn func()) (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			record(&PanicError{Callback: name, Value: p, Stack: debug.Stack()})
			ok = false
		}
	}()
	fn()
	return true
}

//export ofxgoConnection
func ofxgoConnection(h C.uintptr_t, ev *C.ofx_connection_event) {
	fn, _ := cgo.Handle(h).Value().(ConnectionCallback)
	if fn == nil || ev == nil {
		return
	}
	e := ConnectionEvent{
		State:     ConnState(ev.state),
		StateName: gostr(ev.state_name),
		Host:      gostr(ev.host),
		Port:      uint16(ev.port),
		Detail:    gostr(ev.detail),
	}
	guard("connection", func() { fn(e) })
}

//export ofxgoTLS
func ofxgoTLS(h C.uintptr_t, ev *C.ofx_tls_event) C.int32_t {
	fn, _ := cgo.Handle(h).Value().(TLSCallback)
	if fn == nil || ev == nil {
		return -1
	}
	e := TLSEvent{
		Kind:    TLSEventKind(ev.kind),
		Host:    gostr(ev.host),
		Port:    uint16(ev.port),
		Detail:  gostr(ev.detail),
		CertPEM: gostr(ev.cert_pem),
		Subject: gostr(ev.subject),
		Issuer:  gostr(ev.issuer),
		Trusted: ev.trusted != 0,
		Reason:  gostr(ev.reason),
	}
	if ev.cert_der != nil && ev.cert_der_len > 0 {
		e.CertDER = C.GoBytes(unsafe.Pointer(ev.cert_der), C.int(ev.cert_der_len))
	}
	d := TLSReject // what a panicking callback answers
	guard("tls", func() { d = fn(e) })
	return d.c()
}

//export ofxgoError
func ofxgoError(h C.uintptr_t, ev *C.ofx_error_event) {
	fn, _ := cgo.Handle(h).Value().(ErrorCallback)
	if fn == nil || ev == nil {
		return
	}
	code := Result(ev.code)
	e := ErrorEvent{Code: code, Name: code.Name(), Message: gostr(ev.message)}
	guard("error", func() { fn(e) })
}

//export ofxgoSyncRecord
func ofxgoSyncRecord(h C.uintptr_t, rec *C.ofx_money_record) C.int32_t {
	fn, _ := cgo.Handle(h).Value().(RecordCallback)
	if fn == nil || rec == nil {
		return 1
	}
	r := moneyRecordOf(rec)
	var err error
	if !guard("sync", func() { err = fn(r) }) {
		return 1
	}
	if err != nil {
		record(err)
		return 1
	}
	return 0
}

//export ofxgoUserdataFree
func ofxgoUserdataFree(h C.uintptr_t) {
	if h != 0 {
		cgo.Handle(h).Delete()
		atomic.AddInt64(&liveRegistrations, -1)
	}
}
