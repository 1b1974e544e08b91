/* The client, batch and money C API against the sandbox FI (started by tests/c/run.sh, which sets
 * OFXKIT_SANDBOX_URL and OFXKIT_SANDBOX_CA): arguments and NULLs, settings, callbacks and their
 * userdata_free, a statement over TLS with the CA file and with the certificate callback, the
 * certificate error, a batch, a DNS failure with its error event. */
#include "ofx.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

static const char *URL;
static const char *CA;

static int frees = 0;
static void count_free(void *userdata) {
    (void)userdata;
    frees++;
}

static int certs_seen = 0;
static int32_t accept_sandbox(void *userdata, const ofx_tls_event *ev) {
    (void)userdata;
    if (ev->kind != OFX_TLS_SERVER_CERTIFICATE) {
        return 1;
    }
    certs_seen++;
    return (!ev->trusted && strstr(ev->issuer, "ofxkit sandbox CA")) ? 0 : 1;
}

static int errors_seen = 0;
static uint32_t last_error_code = 0;
static void on_error(void *userdata, const ofx_error_event *ev) {
    (void)userdata;
    errors_seen++;
    last_error_code = ev->code;
}

static ofx_client *sandbox_client(int with_ca) {
    ofx_client *c = NULL;
    CHECK(ofx_client_new(&c) == OFX_RESULT_OK);
    CHECK(ofx_client_set_fi(c, URL, "ofxkit Sandbox", "7777") == OFX_RESULT_OK);
    CHECK(ofx_client_set_credentials(c, "demo", "demo-pass") == OFX_RESULT_OK);
    if (with_ca) {
        CHECK(ofx_client_set(c, "ca_file", CA) == OFX_RESULT_OK);
    }
    return c;
}

static void checking(ofx_statement_request *rq) {
    ofx_statement_request_init(rq);
    rq->account_type = "checking";
    rq->bank_id = "077700077";
    rq->account_id = "1000123456";
    rq->start = "2025-11-01";
    rq->end = "2025-12-01";
}

static void test_arguments(void) {
    CHECK(ofx_client_new(NULL) == OFX_RESULT_NULL_POINTER);
    ofx_client_free(NULL);
    ofx_request_free(NULL);
    ofx_batch_free(NULL);
    ofx_image_free(NULL);
    CHECK(strcmp(ofx_client_errmsg(NULL), "") == 0);
    ofx_client *c = NULL;
    CHECK(ofx_client_new(&c) == OFX_RESULT_OK);
    CHECK(ofx_client_set(c, "no_such_key", "1") == OFX_RESULT_CONFIG);
    CHECK(strstr(ofx_client_errmsg(c), "no_such_key") != NULL);
    CHECK(ofx_client_set(c, "version", "104") == OFX_RESULT_CONFIG);
    CHECK(ofx_client_set(c, "version", "211") == OFX_RESULT_OK);
    CHECK(strcmp(ofx_client_errmsg(c), "") == 0);
    char *v = NULL;
    CHECK(ofx_client_get(c, "version", &v) == OFX_RESULT_OK && v && strcmp(v, "211") == 0);
    ofx_string_free(v);
    CHECK(ofx_client_get(c, "access_key", &v) == OFX_RESULT_NOT_FOUND);
    CHECK(ofx_client_set_credentials(c, "alice", "s3cret") == OFX_RESULT_OK);
    /* No URL: a configuration error, and the password is nowhere in the message. */
    ofx_response *resp = NULL;
    CHECK(ofx_client_profile(c, NULL, &resp) == OFX_RESULT_CONFIG);
    CHECK(resp == NULL);
    CHECK(strstr(ofx_client_errmsg(c), "s3cret") == NULL);
    /* A bad statement request is refused before anything is built. */
    ofx_statement_request rq;
    ofx_statement_request_init(&rq);
    rq.account_type = "checking";
    rq.account_id = "1";
    ofx_request *req = NULL;
    CHECK(ofx_request_statement(c, &rq, &req) == OFX_RESULT_INVALID_ARGUMENT);
    CHECK(req == NULL);
    rq.version = 99;
    CHECK(ofx_request_statement(c, &rq, &req) == OFX_RESULT_INVALID_ARGUMENT);
    /* The dry-run text masks the password. */
    CHECK(ofx_request_profile(c, NULL, &req) == OFX_RESULT_OK);
    CHECK(strlen(ofx_request_uid(req)) == 36);
    CHECK(ofx_request_kind(req) == 9 && strcmp(ofx_request_kind_name(9), "profile") == 0);
    char *text = NULL;
    CHECK(ofx_request_text(c, req, 1, &text) == OFX_RESULT_OK);
    CHECK(text && strstr(text, "<USERPASS>********</USERPASS>") && !strstr(text, "s3cret"));
    CHECK(text && strstr(text, "VERSION=\"211\""));
    ofx_string_free(text);
    CHECK(ofx_request_set_uid(req, "") == OFX_RESULT_INVALID_ARGUMENT);
    CHECK(ofx_request_set_uid(req, "RETRY-1") == OFX_RESULT_OK && strcmp(ofx_request_uid(req), "RETRY-1") == 0);
    ofx_request_free(req);
    /* userdata_free: once when replaced, once at free; a NULL callback frees its userdata at once. */
    frees = 0;
    CHECK(ofx_client_set_tls_callback(c, accept_sandbox, NULL, count_free) == OFX_RESULT_OK);
    CHECK(frees == 0);
    CHECK(ofx_client_set_tls_callback(c, accept_sandbox, NULL, count_free) == OFX_RESULT_OK);
    CHECK(frees == 1);
    CHECK(ofx_client_set_error_callback(c, NULL, NULL, count_free) == OFX_RESULT_OK);
    CHECK(frees == 2);
    CHECK(ofx_client_set_connection_callback(NULL, NULL, NULL, count_free) == OFX_RESULT_NULL_POINTER);
    CHECK(frees == 3); /* also when registration fails */
    ofx_client_free(c);
    CHECK(frees == 4);
    CHECK(strcmp(ofx_result_str(OFX_RESULT_CERTIFICATE), "server certificate not accepted") == 0);
    CHECK(strcmp(ofx_result_str(9999), "unknown result code") == 0);
}

static void test_statement(void) {
    ofx_client *c = sandbox_client(1);
    ofx_statement_request rq;
    checking(&rq);
    ofx_response *resp = NULL;
    ofx_result r = ofx_client_statement(c, &rq, &resp);
    CHECK(r == OFX_RESULT_OK);
    if (r != OFX_RESULT_OK) {
        fprintf(stderr, "statement: %s\n", ofx_client_errmsg(c));
    }
    CHECK(ofx_response_check(resp) == OFX_RESULT_OK);
    ofx_statement st;
    CHECK(ofx_response_statement(resp, 0, &st) == OFX_RESULT_OK);
    CHECK(st.account_id && strcmp(st.account_id, "1000123456") == 0);
    CHECK(st.transaction_count > 10 && st.transaction_count < 100);
    CHECK(st.status_code == 0);
    ofx_signon so;
    CHECK(ofx_response_signon(resp, &so) == OFX_RESULT_OK && so.status_code == 0);
    ofx_response_free(resp);

    /* Wrong password: the answer is readable and says 15500. */
    CHECK(ofx_client_set_credentials(c, "demo", "wrong") == OFX_RESULT_OK);
    resp = NULL;
    CHECK(ofx_client_statement(c, &rq, &resp) == OFX_RESULT_OK);
    CHECK(ofx_response_signon(resp, &so) == OFX_RESULT_OK && so.status_code == 15500);
    CHECK(ofx_response_check(resp) == OFX_RESULT_REFUSED);
    CHECK(strstr(ofx_last_error_message(), "15500") != NULL);
    ofx_response_free(resp);
    ofx_client_free(c);
}

static void test_certificates(void) {
    /* No CA, no callback: refused, with an error event. */
    ofx_client *c = sandbox_client(0);
    errors_seen = 0;
    CHECK(ofx_client_set_error_callback(c, on_error, NULL, NULL) == OFX_RESULT_OK);
    ofx_response *resp = NULL;
    CHECK(ofx_client_profile(c, NULL, &resp) == OFX_RESULT_CERTIFICATE);
    CHECK(resp == NULL);
    CHECK(errors_seen == 1 && last_error_code == OFX_RESULT_CERTIFICATE);
    ofx_error_info info;
    CHECK(ofx_client_error_info(c, &info) == OFX_RESULT_OK && info.code == OFX_RESULT_CERTIFICATE);
    /* The callback accepts the sandbox's certificate. */
    certs_seen = 0;
    CHECK(ofx_client_set_tls_callback(c, accept_sandbox, NULL, NULL) == OFX_RESULT_OK);
    CHECK(ofx_client_profile(c, NULL, &resp) == OFX_RESULT_OK);
    CHECK(certs_seen == 1);
    ofx_profile p;
    CHECK(ofx_response_profile(resp, &p) == OFX_RESULT_OK && p.message_set_count > 5);
    ofx_response_free(resp);
    ofx_client_free(c);
}

static void test_batch(void) {
    ofx_client *c = sandbox_client(1);
    CHECK(ofx_client_set(c, "version", "220") == OFX_RESULT_OK);
    ofx_batch *b = NULL;
    CHECK(ofx_batch_new(c, &b) == OFX_RESULT_OK);
    CHECK(ofx_batch_item_error(b, 0) == OFX_RESULT_NOT_FOUND);
    ofx_statement_request rq;
    checking(&rq);
    ofx_request *r1 = NULL, *r2 = NULL, *r3 = NULL;
    CHECK(ofx_request_statement(c, &rq, &r1) == OFX_RESULT_OK);
    rq.account_type = "creditcard";
    rq.account_id = "4000123412341234";
    rq.bank_id = NULL;
    CHECK(ofx_request_statement(c, &rq, &r2) == OFX_RESULT_OK);
    CHECK(ofx_request_profile(c, NULL, &r3) == OFX_RESULT_OK);
    size_t idx = 99;
    CHECK(ofx_batch_add_item(b, r3, &idx) == OFX_RESULT_OK && idx == 0);
    CHECK(ofx_batch_add_item(b, r1, &idx) == OFX_RESULT_OK && idx == 1);
    CHECK(ofx_batch_add_item(b, r1, NULL) == OFX_RESULT_INVALID_ARGUMENT); /* same TRNUID */
    CHECK(ofx_batch_set_item(b, 2, r2) == OFX_RESULT_OK);
    CHECK(ofx_batch_item_count(b) == 3);
    CHECK(ofx_batch_item_error(b, 1) == OFX_RESULT_NOT_POSTED);
    CHECK(strcmp(ofx_batch_item_uid(b, 1), ofx_request_uid(r1)) == 0);
    /* A request of another client (signon) cannot join. */
    ofx_client *other = sandbox_client(1);
    ofx_request *foreign = NULL;
    CHECK(ofx_request_profile(other, NULL, &foreign) == OFX_RESULT_OK);
    CHECK(ofx_batch_add_item(b, foreign, NULL) == OFX_RESULT_INVALID_ARGUMENT);
    CHECK(strstr(ofx_batch_errmsg(b), "another signon") != NULL);
    ofx_request_free(foreign);
    ofx_client_free(other);

    CHECK(ofx_batch_post(b) == OFX_RESULT_OK);
    for (size_t i = 0; i < 3; i++) {
        CHECK(ofx_batch_item_error(b, i) == OFX_RESULT_OK);
        const ofx_response *resp = NULL;
        CHECK(ofx_batch_item_response(b, i, &resp) == OFX_RESULT_OK && resp != NULL);
    }
    const ofx_response *resp = NULL;
    CHECK(ofx_batch_item_response(b, 2, &resp) == OFX_RESULT_OK);
    ofx_statement st;
    CHECK(ofx_response_statement(resp, 0, &st) == OFX_RESULT_OK && strcmp(st.account_id, "4000123412341234") == 0);
    CHECK(ofx_batch_item_request_type(b, 2) == 4);
    CHECK(ofx_batch_item_response(b, 7, &resp) == OFX_RESULT_NOT_FOUND);
    CHECK(ofx_batch_item_uid(b, 7) == NULL);
    char *text = NULL;
    CHECK(ofx_batch_item_request_text(b, 1, &text) == OFX_RESULT_OK && text && strncmp(text, "<STMTTRNRQ>", 11) == 0);
    ofx_string_free(text);
    /* The whole exchange as a data file, read back. */
    const char *path = "target/ctest/batch-answer.ofx";
    CHECK(ofx_batch_write_file(b, path) == OFX_RESULT_OK);
    ofx_batch *again = NULL;
    CHECK(ofx_batch_read_file(c, path, &again) == OFX_RESULT_OK);
    CHECK(ofx_batch_item_count(again) == 3);
    const ofx_response *a = NULL;
    /* Items of a data file come in document order: the bank statement first. */
    CHECK(ofx_batch_item_response(again, 0, &a) == OFX_RESULT_OK);
    ofx_statement st2;
    CHECK(ofx_response_statement(a, 0, &st2) == OFX_RESULT_OK && strcmp(st2.account_id, "1000123456") == 0);
    ofx_batch_free(again);
    ofx_request_free(r1);
    ofx_request_free(r2);
    ofx_request_free(r3);
    ofx_batch_free(b);
    ofx_client_free(c);
}

static void test_dns(void) {
    ofx_client *c = NULL;
    CHECK(ofx_client_new(&c) == OFX_RESULT_OK);
    CHECK(ofx_client_set_fi(c, "https://nonexistent.invalid/ofx", "X", NULL) == OFX_RESULT_OK);
    CHECK(ofx_client_set_credentials(c, "u", "p") == OFX_RESULT_OK);
    errors_seen = 0;
    CHECK(ofx_client_set_error_callback(c, on_error, NULL, NULL) == OFX_RESULT_OK);
    ofx_response *resp = NULL;
    CHECK(ofx_client_account_info(c, NULL, &resp) == OFX_RESULT_DNS);
    CHECK(errors_seen == 1 && last_error_code == OFX_RESULT_DNS);
    ofx_client_free(c);
}

int main(void) {
    URL = getenv("OFXKIT_SANDBOX_URL");
    CA = getenv("OFXKIT_SANDBOX_CA");
    test_arguments();
    if (URL && CA) {
        test_statement();
        test_certificates();
        test_batch();
    } else {
        printf("SKIP: OFXKIT_SANDBOX_URL/OFXKIT_SANDBOX_CA not set: sandbox checks not run\n");
    }
    test_dns();
    printf("test_client: %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
