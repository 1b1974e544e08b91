package ofxkit

/*
#include "ofx.h"
*/
import "C"

import (
	"errors"
	"fmt"
)

// Result is an ofx_result code of the C API. Values are fixed by the library and never renumbered.
type Result uint32

// The ofx_result codes (include/ofx.h).
const (
	ResultOK                 Result = 0
	ResultInvalidArgument    Result = 1
	ResultNullPointer        Result = 2
	ResultPanic              Result = 3
	ResultInvalidUTF8        Result = 4
	ResultNotFound           Result = 5
	ResultIO                 Result = 6
	ResultNotOFX             Result = 100
	ResultNoContent          Result = 101
	ResultStrictViolation    Result = 102
	ResultTooLarge           Result = 103
	ResultUnsupportedVersion Result = 104
	ResultConfig             Result = 200
	ResultRequest            Result = 201
	ResultInvalidURL         Result = 202
	ResultDNS                Result = 203
	ResultConnect            Result = 204
	ResultTimeout            Result = 205
	ResultTLS                Result = 206
	ResultCertificate        Result = 207
	ResultReset              Result = 208
	ResultHTTPStatus         Result = 209
	ResultEmptyBody          Result = 210
	ResultResponseTooLarge   Result = 211
	ResultProxy              Result = 212
	ResultNetwork            Result = 213
	ResultBadResponse        Result = 214
	ResultTruncated          Result = 215
	ResultNotAnswered        Result = 216
	ResultSignonFailed       Result = 217
	ResultNotPosted          Result = 218
	ResultRefused            Result = 219
	ResultCallbackStopped    Result = 220
)

var resultNames = map[Result]string{
	ResultOK:                 "OFX_RESULT_OK",
	ResultInvalidArgument:    "OFX_RESULT_INVALID_ARGUMENT",
	ResultNullPointer:        "OFX_RESULT_NULL_POINTER",
	ResultPanic:              "OFX_RESULT_PANIC",
	ResultInvalidUTF8:        "OFX_RESULT_INVALID_UTF8",
	ResultNotFound:           "OFX_RESULT_NOT_FOUND",
	ResultIO:                 "OFX_RESULT_IO",
	ResultNotOFX:             "OFX_RESULT_NOT_OFX",
	ResultNoContent:          "OFX_RESULT_NO_CONTENT",
	ResultStrictViolation:    "OFX_RESULT_STRICT_VIOLATION",
	ResultTooLarge:           "OFX_RESULT_TOO_LARGE",
	ResultUnsupportedVersion: "OFX_RESULT_UNSUPPORTED_VERSION",
	ResultConfig:             "OFX_RESULT_CONFIG",
	ResultRequest:            "OFX_RESULT_REQUEST",
	ResultInvalidURL:         "OFX_RESULT_INVALID_URL",
	ResultDNS:                "OFX_RESULT_DNS",
	ResultConnect:            "OFX_RESULT_CONNECT",
	ResultTimeout:            "OFX_RESULT_TIMEOUT",
	ResultTLS:                "OFX_RESULT_TLS",
	ResultCertificate:        "OFX_RESULT_CERTIFICATE",
	ResultReset:              "OFX_RESULT_RESET",
	ResultHTTPStatus:         "OFX_RESULT_HTTP_STATUS",
	ResultEmptyBody:          "OFX_RESULT_EMPTY_BODY",
	ResultResponseTooLarge:   "OFX_RESULT_RESPONSE_TOO_LARGE",
	ResultProxy:              "OFX_RESULT_PROXY",
	ResultNetwork:            "OFX_RESULT_NETWORK",
	ResultBadResponse:        "OFX_RESULT_BAD_RESPONSE",
	ResultTruncated:          "OFX_RESULT_TRUNCATED",
	ResultNotAnswered:        "OFX_RESULT_NOT_ANSWERED",
	ResultSignonFailed:       "OFX_RESULT_SIGNON_FAILED",
	ResultNotPosted:          "OFX_RESULT_NOT_POSTED",
	ResultRefused:            "OFX_RESULT_REFUSED",
	ResultCallbackStopped:    "OFX_RESULT_CALLBACK_STOPPED",
}

// Name is the C name of the code, e.g. "OFX_RESULT_DNS" ("OFX_RESULT_<n>" for a code this binding
// does not know yet).
func (r Result) Name() string {
	if n, ok := resultNames[r]; ok {
		return n
	}
	return fmt.Sprintf("OFX_RESULT_%d", uint32(r))
}

// String is the same as Name.
func (r Result) String() string { return r.Name() }

// Description is the library's static description of the code (ofx_result_str).
func (r Result) Description() string { return C.GoString(C.ofx_result_str(C.uint32_t(r))) }

// Error is a failed ofxkit call: the ofx_result code, its name and the library's message.
//
// Match a code with errors.Is(err, ofxkit.ErrDNS) (any *Error with the same Code matches) or read it
// with errors.As(err, &e) where e is an *ofxkit.Error.
type Error struct {
	Code    Result
	Name    string
	Message string
}

func (e *Error) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("ofxkit: %s (%d): %s", e.Name, uint32(e.Code), e.Code.Description())
	}
	return fmt.Sprintf("ofxkit: %s (%d): %s", e.Name, uint32(e.Code), e.Message)
}

// Is reports whether target is an *Error with the same code (the message is not compared).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && t.Code == e.Code
}

func newError(code Result, msg string) *Error {
	return &Error{Code: code, Name: code.Name(), Message: msg}
}

func sentinel(code Result) *Error { return &Error{Code: code, Name: code.Name()} }

// Sentinels for errors.Is, one per code.
var (
	ErrInvalidArgument    = sentinel(ResultInvalidArgument)
	ErrNullPointer        = sentinel(ResultNullPointer)
	ErrPanic              = sentinel(ResultPanic)
	ErrInvalidUTF8        = sentinel(ResultInvalidUTF8)
	ErrNotFound           = sentinel(ResultNotFound)
	ErrIO                 = sentinel(ResultIO)
	ErrNotOFX             = sentinel(ResultNotOFX)
	ErrNoContent          = sentinel(ResultNoContent)
	ErrStrictViolation    = sentinel(ResultStrictViolation)
	ErrTooLarge           = sentinel(ResultTooLarge)
	ErrUnsupportedVersion = sentinel(ResultUnsupportedVersion)
	ErrConfig             = sentinel(ResultConfig)
	ErrRequest            = sentinel(ResultRequest)
	ErrInvalidURL         = sentinel(ResultInvalidURL)
	ErrDNS                = sentinel(ResultDNS)
	ErrConnect            = sentinel(ResultConnect)
	ErrTimeout            = sentinel(ResultTimeout)
	ErrTLS                = sentinel(ResultTLS)
	ErrCertificate        = sentinel(ResultCertificate)
	ErrReset              = sentinel(ResultReset)
	ErrHTTPStatus         = sentinel(ResultHTTPStatus)
	ErrEmptyBody          = sentinel(ResultEmptyBody)
	ErrResponseTooLarge   = sentinel(ResultResponseTooLarge)
	ErrProxy              = sentinel(ResultProxy)
	ErrNetwork            = sentinel(ResultNetwork)
	ErrBadResponse        = sentinel(ResultBadResponse)
	ErrTruncated          = sentinel(ResultTruncated)
	ErrNotAnswered        = sentinel(ResultNotAnswered)
	ErrSignonFailed       = sentinel(ResultSignonFailed)
	ErrNotPosted          = sentinel(ResultNotPosted)
	ErrRefused            = sentinel(ResultRefused)
	ErrCallbackStopped    = sentinel(ResultCallbackStopped)
)

// ErrClosed is matched (errors.Is) by every error of a call on a closed handle.
var ErrClosed = errors.New("ofxkit: handle is closed")

// ErrReentrant is matched by the error of a call made, from inside one of a handle's callbacks, on
// that same handle (the C API forbids it; the binding refuses it instead of deadlocking).
var ErrReentrant = errors.New("ofxkit: handle used from inside its own callback")

// ClosedError is the error of a call on a handle after its Close (or, for a response borrowed from a
// batch, after the batch was posted again, changed or closed).
type ClosedError struct {
	Handle string // "Client", "Response", ...
	Op     string // the method called
	Reason string // why the handle is no longer usable
}

func (e *ClosedError) Error() string {
	return fmt.Sprintf("ofxkit: %s.%s: %s", e.Handle, e.Op, e.Reason)
}

// Is matches ErrClosed.
func (e *ClosedError) Is(target error) bool { return target == ErrClosed }

// PanicError is a panic recovered inside a callback the binding called for the C library. The
// panic never crosses the C frames; it is handed back as (part of) the error of the call that ran
// the callback.
type PanicError struct {
	Callback string      // "tls", "connection", "error" or "sync"
	Value    interface{} // the value given to panic
	Stack    []byte      // the goroutine's stack at the panic
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("ofxkit: panic in %s callback: %v", e.Callback, e.Value)
}

// Unwrap gives the panic value when it is an error.
func (e *PanicError) Unwrap() error {
	if err, ok := e.Value.(error); ok {
		return err
	}
	return nil
}

// CallbackError is the error of a call during which a callback panicked or (sync record callbacks)
// returned an error. Err is the callback's error or a *PanicError; Result is the error the C call
// itself returned, nil when it succeeded (the call's other results are then returned too, so that
// nothing the server did is lost). errors.Is and errors.As see both.
type CallbackError struct {
	Err    error
	Result error
}

func (e *CallbackError) Error() string {
	if e.Result == nil {
		return e.Err.Error() + " (the call itself succeeded)"
	}
	return e.Err.Error() + "; the call failed: " + e.Result.Error()
}

// Unwrap gives the callback's error.
func (e *CallbackError) Unwrap() error { return e.Err }

// Is also matches the C call's own error.
func (e *CallbackError) Is(target error) bool {
	return e.Result != nil && errors.Is(e.Result, target)
}

// As also finds the C call's own error.
func (e *CallbackError) As(target interface{}) bool {
	return e.Result != nil && errors.As(e.Result, target)
}
