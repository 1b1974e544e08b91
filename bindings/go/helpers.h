// Declarations of callbacks.c for the Go files' preambles.
#ifndef OFXGO_HELPERS_H
#define OFXGO_HELPERS_H
#include <stdint.h>
#include "ofx.h"
uintptr_t ofxgo_thread_id(void);
ofx_result ofxgo_client_set_connection_callback(ofx_client *c, uintptr_t h);
ofx_result ofxgo_client_set_tls_callback(ofx_client *c, uintptr_t h);
ofx_result ofxgo_client_set_error_callback(ofx_client *c, uintptr_t h);
ofx_result ofxgo_batch_set_connection_callback(ofx_batch *b, uintptr_t h);
ofx_result ofxgo_batch_set_tls_callback(ofx_batch *b, uintptr_t h);
ofx_result ofxgo_batch_set_error_callback(ofx_batch *b, uintptr_t h);
ofx_result ofxgo_client_sync(int kind, ofx_client *c, const ofx_sync_spec *spec, uintptr_t h, char **token,
                             int32_t *lost, ofx_response **out);
#endif
