// C side of the Go callbacks: const-correct trampolines into the exported Go functions and
// registration helpers that take the cgo.Handle as an integer (so that Go never converts an integer
// to unsafe.Pointer). Compiled by cgo together with the package.
#include <pthread.h>
#include <stdint.h>

#include "ofx.h"
#include "_cgo_export.h"

uintptr_t ofxgo_thread_id(void) { return (uintptr_t)pthread_self(); }

static void conn_tramp(void *ud, const ofx_connection_event *ev) {
    ofxgoConnection((uintptr_t)ud, (ofx_connection_event *)ev);
}

static int32_t tls_tramp(void *ud, const ofx_tls_event *ev) {
    return ofxgoTLS((uintptr_t)ud, (ofx_tls_event *)ev);
}

static void err_tramp(void *ud, const ofx_error_event *ev) {
    ofxgoError((uintptr_t)ud, (ofx_error_event *)ev);
}

static int32_t sync_tramp(void *ud, const ofx_money_record *rec) {
    return ofxgoSyncRecord((uintptr_t)ud, (ofx_money_record *)rec);
}

static void ud_free(void *ud) { ofxgoUserdataFree((uintptr_t)ud); }

// h == 0 removes the callback.
ofx_result ofxgo_client_set_connection_callback(ofx_client *c, uintptr_t h) {
    return ofx_client_set_connection_callback(c, h ? conn_tramp : NULL, (void *)h, h ? ud_free : NULL);
}
ofx_result ofxgo_client_set_tls_callback(ofx_client *c, uintptr_t h) {
    return ofx_client_set_tls_callback(c, h ? tls_tramp : NULL, (void *)h, h ? ud_free : NULL);
}
ofx_result ofxgo_client_set_error_callback(ofx_client *c, uintptr_t h) {
    return ofx_client_set_error_callback(c, h ? err_tramp : NULL, (void *)h, h ? ud_free : NULL);
}
ofx_result ofxgo_batch_set_connection_callback(ofx_batch *b, uintptr_t h) {
    return ofx_batch_set_connection_callback(b, h ? conn_tramp : NULL, (void *)h, h ? ud_free : NULL);
}
ofx_result ofxgo_batch_set_tls_callback(ofx_batch *b, uintptr_t h) {
    return ofx_batch_set_tls_callback(b, h ? tls_tramp : NULL, (void *)h, h ? ud_free : NULL);
}
ofx_result ofxgo_batch_set_error_callback(ofx_batch *b, uintptr_t h) {
    return ofx_batch_set_error_callback(b, h ? err_tramp : NULL, (void *)h, h ? ud_free : NULL);
}

// kind: 1 transfers, 2 payments, 3 payees. h == 0: no record callback.
ofx_result ofxgo_client_sync(int kind, ofx_client *c, const ofx_sync_spec *spec, uintptr_t h, char **token,
                             int32_t *lost, ofx_response **out) {
    ofx_sync_record_callback cb = h ? sync_tramp : NULL;
    switch (kind) {
    case 1: return ofx_client_sync_transfers(c, spec, cb, (void *)h, token, lost, out);
    case 2: return ofx_client_sync_payments(c, spec, cb, (void *)h, token, lost, out);
    case 3: return ofx_client_sync_payees(c, spec, cb, (void *)h, token, lost, out);
    default: return OFX_RESULT_INVALID_ARGUMENT;
    }
}
