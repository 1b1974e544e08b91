// Package ofxkit is the Go binding of ofxkit, an OFX (Open Financial Exchange) client engine, over
// its C API (include/ofx.h, libofxkit.so).
//
// Handles (Client, Batch, Request, Response) are closed explicitly with Close (a finalizer frees
// a forgotten one); a call on a closed handle returns an error matching ErrClosed. Failed calls
// return *Error values carrying the ofx_result code, its name and the library's message.
// Amounts are exact decimal strings (Decimal, with Rat for *big.Rat); dates are ISO 8601 strings
// (Date, with Time for time.Time).
//
// Callbacks are plain Go functions. They run on the goroutine that made the call, during the call;
// a panic inside one is recovered before it reaches C (a TLS decision then rejects) and returned
// as a *CallbackError wrapping a *PanicError once the C call is back.
//
// Link: the package links -lofxkit; point the linker at the library with
// CGO_LDFLAGS="-L$DIR -Wl,-rpath,$DIR" (see README.md).
package ofxkit

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: -lofxkit
#include <stdlib.h>
#include "ofx.h"
#include "helpers.h"
*/
import "C"

import (
	"fmt"
	"runtime"
	"sync"
	"unsafe"
)

// Version is the library's version ("MAJOR.MINOR.PATCH", ofx_version).
func Version() string { return C.GoString(C.ofx_version()) }

// HeaderVersion is the version of include/ofx.h this package was compiled against
// (OFX_VERSION_MAJOR.MINOR.PATCH); Version is the one of the library loaded at run time.
var HeaderVersion = fmt.Sprintf("%d.%d.%d", C.OFX_VERSION_MAJOR, C.OFX_VERSION_MINOR, C.OFX_VERSION_PATCH)

// cstrings collects C strings made for one call and frees them together.
type cstrings []*C.char

// str copies s to C; "" gives NULL when optional is true.
func (cs *cstrings) str(s string) *C.char {
	p := C.CString(s)
	*cs = append(*cs, p)
	return p
}

// opt copies s to C, or gives NULL for "".
func (cs *cstrings) opt(s string) *C.char {
	if s == "" {
		return nil
	}
	return cs.str(s)
}

func (cs *cstrings) free() {
	for _, p := range *cs {
		C.free(unsafe.Pointer(p))
	}
	*cs = nil
}

// gostr copies a borrowed C string ("" for NULL).
func gostr(p *C.char) string {
	if p == nil {
		return ""
	}
	return C.GoString(p)
}

// takeString copies a string ofxkit allocated and frees it.
func takeString(p *C.char) string {
	if p == nil {
		return ""
	}
	s := C.GoString(p)
	C.ofx_string_free(p)
	return s
}

// lastError is ofx_last_error_message; call it on the OS thread of the failed call.
func lastError() string { return C.GoString(C.ofx_last_error_message()) }

// ---- calls and their scopes ----

// A scope is one C call in progress on one OS thread: the handle it belongs to (for the
// re-entrancy check) and the first error a callback gave during it.
type scope struct {
	owner interface{}
	err   error
}

var scopes = struct {
	sync.Mutex
	m map[uintptr][]*scope
}{m: map[uintptr][]*scope{}}

func threadID() uintptr { return uintptr(C.ofxgo_thread_id()) }

// currentScope is the innermost call on this OS thread (callbacks run on the thread of their call,
// which cgo keeps locked while the callback runs).
func currentScope() *scope {
	tid := threadID()
	scopes.Lock()
	defer scopes.Unlock()
	st := scopes.m[tid]
	if len(st) == 0 {
		return nil
	}
	return st[len(st)-1]
}

// inCallOf reports whether this goroutine is inside a callback of a call of owner.
func inCallOf(owner interface{}) bool {
	tid := threadID()
	scopes.Lock()
	defer scopes.Unlock()
	for _, s := range scopes.m[tid] {
		if s.owner == owner {
			return true
		}
	}
	return false
}

// record keeps the first callback error of the current call.
func record(err error) {
	if s := currentScope(); s != nil {
		if s.err == nil {
			s.err = err
		}
		return
	}
	// A callback outside any call of this binding: nobody to hand the error to.
	println("ofxkit: error in a callback outside a call:", err.Error())
}

// native runs f (one C call plus reading its error message) on a locked OS thread inside a scope,
// and makes the Go error: an *Error for a failing code, wrapped in a *CallbackError when a callback
// failed during the call.
func native(owner interface{}, f func() (C.ofx_result, func() string)) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	tid := threadID()
	s := &scope{owner: owner}
	scopes.Lock()
	scopes.m[tid] = append(scopes.m[tid], s)
	scopes.Unlock()
	rc, msgf := f()
	var err error
	if rc != C.OFX_RESULT_OK {
		msg := lastError()
		if msg == "" && msgf != nil {
			msg = msgf()
		}
		err = newError(Result(rc), msg)
	}
	scopes.Lock()
	st := scopes.m[tid]
	scopes.m[tid] = st[:len(st)-1]
	if len(scopes.m[tid]) == 0 {
		delete(scopes.m, tid)
	}
	scopes.Unlock()
	if s.err != nil {
		return &CallbackError{Err: s.err, Result: err}
	}
	return err
}
