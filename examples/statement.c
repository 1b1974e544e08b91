/* statement: download a bank statement from an OFX server (here the sandbox FI) and print it.
 *
 * Build (from the repository root, after `cargo build --release`):
 *
 *   cc -Wall -Iinclude examples/statement.c -Ltarget/release -lofxkit -Wl,-rpath,$PWD/target/release -o statement
 *
 * Run against the sandbox (in another terminal: target/release/ofxkit sandbox):
 *
 *   ./statement https://localhost:PORT/ofx
 *
 * The sandbox's certificate is signed by its own CA, which the system does not trust. Instead of
 * installing the CA (ofx_client_set(client, "ca_file", path)), this program shows the certificate
 * decision: the TLS callback is asked about the untrusted certificate and accepts it when its issuer is
 * the sandbox's CA. Connection events are printed as they happen.
 */
#include "ofx.h"

#include <stdio.h>
#include <string.h>

static void on_connection(void *userdata, const ofx_connection_event *ev) {
    (void)userdata;
    printf("  [connection] %-18s %s:%u %s\n", ev->state_name, ev->host, (unsigned)ev->port, ev->detail);
}

/* Accept only the sandbox's own certificate; keep the library's verdict for everything else. */
static int32_t on_tls(void *userdata, const ofx_tls_event *ev) {
    (void)userdata;
    if (ev->kind != OFX_TLS_SERVER_CERTIFICATE) {
        return 1;
    }
    printf("  [tls] certificate of %s, issued by %s, library says %s%s%s\n", ev->subject, ev->issuer,
           ev->trusted ? "trusted" : "untrusted", ev->trusted ? "" : ": ", ev->trusted ? "" : ev->reason);
    if (!ev->trusted && strstr(ev->issuer, "ofxkit sandbox CA") != NULL) {
        printf("  [tls] accepting the sandbox's certificate\n");
        return 0;
    }
    return 1;
}

static void on_error(void *userdata, const ofx_error_event *ev) {
    (void)userdata;
    fprintf(stderr, "  [error] %s: %s\n", ofx_result_str(ev->code), ev->message);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s URL\n", argv[0]);
        return 2;
    }
    ofx_client *client = NULL;
    if (ofx_client_new(&client) != OFX_RESULT_OK) {
        return 1;
    }
    int rc = 1;
    ofx_response *resp = NULL;
    if (ofx_client_set_fi(client, argv[1], "ofxkit Sandbox", "7777") != OFX_RESULT_OK ||
        ofx_client_set_credentials(client, "demo", "demo-pass") != OFX_RESULT_OK ||
        ofx_client_set(client, "version", "220") != OFX_RESULT_OK) {
        fprintf(stderr, "setup: %s\n", ofx_client_errmsg(client));
        goto done;
    }
    ofx_client_set_connection_callback(client, on_connection, NULL, NULL);
    ofx_client_set_tls_callback(client, on_tls, NULL, NULL);
    ofx_client_set_error_callback(client, on_error, NULL, NULL);

    ofx_statement_request rq;
    ofx_statement_request_init(&rq);
    rq.account_type = "checking";
    rq.bank_id = "077700077";
    rq.account_id = "1000123456";
    rq.start = "2025-11-01";
    rq.end = "2025-12-01";

    ofx_result r = ofx_client_statement(client, &rq, &resp);
    if (r != OFX_RESULT_OK) {
        fprintf(stderr, "statement: %s: %s\n", ofx_result_str(r), ofx_client_errmsg(client));
        goto done;
    }
    if (ofx_response_check(resp) != OFX_RESULT_OK) {
        fprintf(stderr, "the server refused: %s\n", ofx_last_error_message());
        goto done;
    }
    ofx_statement st;
    if (ofx_response_statement(resp, 0, &st) != OFX_RESULT_OK) {
        fprintf(stderr, "no statement in the answer\n");
        goto done;
    }
    printf("account %s (%s), %zu transactions, ledger balance %s %s\n", st.account_id, st.account_type,
           st.transaction_count, st.ledger_balance ? st.ledger_balance : "-", st.currency);
    for (size_t i = 0; i < st.transaction_count; i++) {
        ofx_transaction t;
        if (ofx_response_transaction(resp, 0, i, &t) == OFX_RESULT_OK) {
            printf("  %s %10s  %s\n", t.date_posted, t.amount, t.name ? t.name : "");
        }
    }
    rc = 0;
done:
    ofx_response_free(resp);
    ofx_client_free(client);
    return rc;
}
