/* transfer: move money and follow it with token synchronization (BankTransfer + SynchronizeTransfers).
 *
 * Build (from the repository root, after `cargo build --release`):
 *
 *   cc -Wall -Iinclude examples/transfer.c -Ltarget/release -lofxkit -Wl,-rpath,$PWD/target/release -o transfer
 *
 * Run against the sandbox (target/release/ofxkit sandbox prints its URL and CA file):
 *
 *   ./transfer https://localhost:PORT/ofx /path/to/ca.pem
 *
 * It schedules a transfer of 25.00 from checking to savings, changes it to 30.00, then synchronizes
 * the account's transfers from token "0" (the full history) and again from the token the server
 * returned (only what happened since). The request object keeps its TRNUID: if an answer is lost,
 * posting the same request again gets the server's original answer instead of a second transfer.
 */
#include "ofx.h"

#include <stdio.h>
#include <string.h>

static int on_record(void *userdata, const ofx_money_record *r) {
    int *count = userdata;
    (*count)++;
    printf("    %-9s transfer %s: %s from %s to %s, due %s%s%s\n", r->change, r->id ? r->id : "-",
           r->amount ? r->amount : "-", r->from_account ? r->from_account : "-", r->to_account ? r->to_account : "-",
           r->due_date ? r->due_date : "-", r->process_code ? ", " : "", r->process_code ? r->process_code : "");
    return 0; /* go on */
}

static int sync_from(ofx_client *client, const char *token, char **new_token) {
    ofx_sync_spec sync;
    ofx_sync_spec_init(&sync);
    sync.account_type = "checking";
    sync.bank_id = "077700077";
    sync.account = "1000123456";
    sync.token = token;
    int count = 0, lost = 0;
    printf("sync from token %s:\n", token);
    ofx_result r = ofx_client_sync_transfers(client, &sync, on_record, &count, new_token, &lost, NULL);
    if (r != OFX_RESULT_OK) {
        fprintf(stderr, "sync: %s: %s (the old token %s still holds)\n", ofx_result_str(r), ofx_client_errmsg(client), token);
        return -1;
    }
    printf("  %d record(s), new token %s%s\n", count, *new_token, lost ? " (LOSTSYNC: the current state)" : "");
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s URL CA-FILE\n", argv[0]);
        return 2;
    }
    int rc = 1;
    ofx_client *client = NULL;
    ofx_request *rq = NULL;
    ofx_response *resp = NULL;
    char *token = NULL, *token2 = NULL;
    if (ofx_client_new(&client) != OFX_RESULT_OK) {
        return 1;
    }
    if (ofx_client_set_fi(client, argv[1], "ofxkit Sandbox", "7777") != OFX_RESULT_OK ||
        ofx_client_set_credentials(client, "demo", "demo-pass") != OFX_RESULT_OK ||
        ofx_client_set(client, "ca_file", argv[2]) != OFX_RESULT_OK) {
        fprintf(stderr, "setup: %s\n", ofx_client_errmsg(client));
        goto done;
    }

    /* 1. A transfer due next year (scheduled, so it can still be changed). */
    ofx_transfer_spec t;
    ofx_transfer_spec_init(&t);
    t.from_account_type = "checking";
    t.from_bank_id = "077700077";
    t.from_account = "1000123456";
    t.to_account_type = "savings";
    t.to_account = "1000654321"; /* to_bank_id NULL: the same bank, an intrabank transfer */
    t.amount = "25.00";
    t.due = "2031-01-15";
    if (ofx_request_transfer(client, &t, &rq) != OFX_RESULT_OK) {
        fprintf(stderr, "transfer: %s\n", ofx_last_error_message());
        goto done;
    }
    ofx_result r = ofx_client_post(client, rq, &resp);
    if (r != OFX_RESULT_OK) {
        /* A lost answer: post the same request (same TRNUID) again; the server will not act twice. */
        fprintf(stderr, "post: %s: %s; asking again with TRNUID %s\n", ofx_result_str(r), ofx_client_errmsg(client), ofx_request_uid(rq));
        r = ofx_client_post(client, rq, &resp);
    }
    if (r != OFX_RESULT_OK || ofx_response_check(resp) != OFX_RESULT_OK) {
        fprintf(stderr, "transfer failed: %s\n", r != OFX_RESULT_OK ? ofx_client_errmsg(client) : ofx_last_error_message());
        goto done;
    }
    ofx_money_record m;
    ofx_response_money_record(resp, 0, &m);
    char id[64];
    snprintf(id, sizeof id, "%s", m.id);
    printf("transfer %s: %s, %s %s, %s on %s\n", id, m.change, m.amount, m.currency ? m.currency : "", m.process_code, m.process_date);
    ofx_response_free(resp);
    resp = NULL;
    ofx_request_free(rq);
    rq = NULL;

    /* 2. Change it to 30.00 (the whole transfer goes again, with the server's id). */
    t.amount = "30.00";
    if (ofx_request_transfer_modify(client, id, &t, &rq) != OFX_RESULT_OK || ofx_client_post(client, rq, &resp) != OFX_RESULT_OK ||
        ofx_response_check(resp) != OFX_RESULT_OK) {
        fprintf(stderr, "modify: %s %s\n", ofx_client_errmsg(client), ofx_last_error_message());
        goto done;
    }
    ofx_response_money_record(resp, 0, &m);
    printf("transfer %s: %s, now %s\n", m.id, m.change, m.amount);

    /* 3. Synchronize: the full history, then only what came after. */
    if (sync_from(client, "0", &token) != 0 || sync_from(client, token, &token2) != 0) {
        goto done;
    }
    rc = 0;
done:
    ofx_string_free(token);
    ofx_string_free(token2);
    ofx_response_free(resp);
    ofx_request_free(rq);
    ofx_client_free(client);
    return rc;
}
