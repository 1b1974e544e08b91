/* read_file: print the statements and transactions of an OFX/QFX file through the ofxkit C API.
 *
 * Build (from the repository root, after `cargo build --release`):
 *
 *   cc -Wall -Iinclude examples/read_file.c -Ltarget/release -lofxkit -Wl,-rpath,$PWD/target/release -o read_file
 *
 * Run:
 *
 *   ./read_file examples/data/sample.ofx
 *
 * Every string ofxkit hands out here is borrowed from the response: it stays valid until
 * ofx_response_free() and must not be freed by the caller. Fields the file does not have are NULL.
 */
#include "ofx.h"

#include <stdio.h>

/* A borrowed string, or a placeholder when the file lacks the value. */
static const char *or_dash(const char *s) {
    return s ? s : "-";
}

static const char *kind_name(uint32_t kind) {
    switch (kind) {
    case OFX_STATEMENT_BANK: return "bank";
    case OFX_STATEMENT_CREDITCARD: return "credit card";
    case OFX_STATEMENT_INVESTMENT: return "investment";
    case OFX_STATEMENT_LOAN: return "loan";
    default: return "unknown";
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }

    /* Parse the file. On failure nothing is allocated and the reason is in the thread's last error. */
    ofx_response *resp = NULL;
    if (ofx_response_read_file(argv[1], &resp) != OFX_RESULT_OK) {
        fprintf(stderr, "%s: %s\n", argv[1], ofx_last_error_message());
        return 1;
    }

    /* A refused signon (e.g. 15500, wrong password) is not a parse failure: the response is readable
     * and says why. A file without a signon is fine too (OFX_RESULT_NOT_FOUND). */
    ofx_signon signon;
    if (ofx_response_signon(resp, &signon) == OFX_RESULT_OK && signon.status_code != 0) {
        printf("signon status %d %s: %s\n", (int)signon.status_code, or_dash(signon.severity),
               or_dash(signon.message));
    }

    size_t count = ofx_response_statement_count(resp);
    if (count == 0) printf("no statements\n");

    for (size_t i = 0; i < count; i++) {
        ofx_statement st;
        if (ofx_response_statement(resp, i, &st) != OFX_RESULT_OK) {
            fprintf(stderr, "statement %zu: %s\n", i, ofx_last_error_message());
            ofx_response_free(resp);
            return 1;
        }

        /* Bank and credit-card statements carry a ledger balance; investment statements only an
         * available cash balance (INVBAL/AVAILCASH). Amounts are exact decimal strings. */
        const char *balance = st.ledger_balance ? st.ledger_balance : st.available_balance;
        const char *balance_date = st.ledger_balance ? st.ledger_balance_date : st.available_balance_date;
        printf("%s account %s (%s): balance %s as of %s, %zu transaction%s\n", kind_name(st.kind),
               or_dash(st.account_id), or_dash(st.currency), or_dash(balance), or_dash(balance_date),
               st.transaction_count, st.transaction_count == 1 ? "" : "s");
        if (st.status_code != 0) {
            printf("  status %d %s: %s\n", (int)st.status_code, or_dash(st.status_severity),
                   or_dash(st.status_message));
        }

        for (size_t j = 0; j < st.transaction_count; j++) {
            ofx_transaction t;
            if (ofx_response_transaction(resp, i, j, &t) != OFX_RESULT_OK) {
                fprintf(stderr, "transaction %zu of statement %zu: %s\n", j, i, ofx_last_error_message());
                ofx_response_free(resp);
                return 1;
            }
            /* Dates are ISO 8601 in UTC ("2024-01-05T17:00:00Z", or "2024-01-09" for a date alone).
             * Investment transactions have no NAME (except cash transactions): show the memo or the
             * transaction type (BUYSTOCK, INCOME, ...) instead. */
            const char *label = t.name ? t.name : t.memo ? t.memo : t.type;
            printf("  %-20s %14s  %s\n", or_dash(t.date_posted), or_dash(t.amount), or_dash(label));
        }
    }

    ofx_response_free(resp);
    return 0;
}
