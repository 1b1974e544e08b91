/* batch: one signon, one HTTPS post, three requests (OFXBatch): a bank statement, a credit-card
 * statement and the FI profile, each item's answer printed.
 *
 * Build (from the repository root, after `cargo build --release`):
 *
 *   cc -Wall -Iinclude examples/batch.c -Ltarget/release -lofxkit -Wl,-rpath,$PWD/target/release -o batch
 *
 * Run against the sandbox (target/release/ofxkit sandbox prints its URL and CA file):
 *
 *   ./batch https://localhost:PORT/ofx /path/to/ca.pem
 *
 * `bash tools/demo.sh` does all of that: it starts the sandbox and runs this program against it.
 */
#include "ofx.h"

#include <stdio.h>

static void on_connection(void *userdata, const ofx_connection_event *ev) {
    int *connects = userdata;
    if (ev->state == OFX_CONN_CONNECTED) {
        (*connects)++;
    }
}

static int add(ofx_batch *batch, ofx_request *request) {
    ofx_result r = ofx_batch_add_item(batch, request, NULL);
    ofx_request_free(request); /* the batch keeps its own copy */
    return r == OFX_RESULT_OK ? 0 : -1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s URL CA-FILE\n", argv[0]);
        return 2;
    }
    int rc = 1, connects = 0;
    ofx_client *client = NULL;
    ofx_batch *batch = NULL;
    ofx_request *rq = NULL;
    if (ofx_client_new(&client) != OFX_RESULT_OK) {
        return 1;
    }
    if (ofx_client_set_fi(client, argv[1], "ofxkit Sandbox", "7777") != OFX_RESULT_OK ||
        ofx_client_set_credentials(client, "demo", "demo-pass") != OFX_RESULT_OK ||
        ofx_client_set(client, "version", "220") != OFX_RESULT_OK ||
        ofx_client_set(client, "ca_file", argv[2]) != OFX_RESULT_OK) {
        fprintf(stderr, "setup: %s\n", ofx_client_errmsg(client));
        goto done;
    }
    if (ofx_batch_new(client, &batch) != OFX_RESULT_OK) {
        goto done;
    }
    ofx_batch_set_connection_callback(batch, on_connection, &connects, NULL);

    ofx_statement_request s;
    ofx_statement_request_init(&s);
    s.account_type = "checking";
    s.bank_id = "077700077";
    s.account_id = "1000123456";
    s.start = "2025-11-01";
    if (ofx_request_statement(client, &s, &rq) != OFX_RESULT_OK || add(batch, rq) != 0) {
        fprintf(stderr, "bank statement: %s\n", ofx_last_error_message());
        goto done;
    }
    ofx_statement_request c;
    ofx_statement_request_init(&c);
    c.account_type = "creditcard";
    c.account_id = "4000123412341234";
    c.start = "2025-11-01";
    if (ofx_request_statement(client, &c, &rq) != OFX_RESULT_OK || add(batch, rq) != 0) {
        fprintf(stderr, "card statement: %s\n", ofx_last_error_message());
        goto done;
    }
    if (ofx_request_profile(client, NULL, &rq) != OFX_RESULT_OK || add(batch, rq) != 0) {
        goto done;
    }

    ofx_result r = ofx_batch_post(batch);
    if (r != OFX_RESULT_OK) {
        fprintf(stderr, "post: %s: %s\n", ofx_result_str(r), ofx_batch_errmsg(batch));
        goto done;
    }
    printf("%zu requests, one post, %d connection(s)\n", ofx_batch_item_count(batch), connects);
    for (size_t i = 0; i < ofx_batch_item_count(batch); i++) {
        uint32_t kind = ofx_batch_item_request_type(batch, i);
        printf("item %zu: %s, TRNUID %s\n", i, ofx_request_kind_name(kind), ofx_batch_item_uid(batch, i));
        const ofx_response *resp = NULL;
        if (ofx_batch_item_response(batch, i, &resp) != OFX_RESULT_OK) {
            printf("  no answer: %s\n", ofx_batch_item_error_message(batch, i));
            continue;
        }
        ofx_statement st;
        if (ofx_response_statement(resp, 0, &st) == OFX_RESULT_OK) {
            printf("  account %s: status %d, %zu transactions, ledger balance %s %s\n", st.account_id,
                   st.status_code, st.transaction_count, st.ledger_balance ? st.ledger_balance : "-", st.currency);
        } else {
            ofx_profile p;
            if (ofx_response_profile(resp, &p) == OFX_RESULT_OK) {
                printf("  profile of %s: %zu message sets\n", p.fi_name ? p.fi_name : "?", p.message_set_count);
            }
        }
    }
    rc = 0;
done:
    ofx_batch_free(batch);
    ofx_client_free(client);
    return rc;
}
