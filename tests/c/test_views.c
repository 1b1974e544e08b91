/* Reads the typed views through the C ABI: signon, statements, transactions, balances, positions, open
 * orders, securities, accounts, closing records, profile and wrapper statuses, over the clean fixtures of
 * tests/fixtures/quirks (expected values from the files and MANIFEST.json), plus NULL, out-of-range and
 * wrong-kind handling. Built with -Wall -Wextra -Wpedantic -Werror, run plain, under ASan/UBSan and under
 * valgrind by tests/c/run.sh (from the repository root). */
#include "ofx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* A string view equals `expected` (NULL: the view must be NULL). */
#define CHECK_STR(actual, expected) check_str((actual), (expected), __FILE__, __LINE__, #actual)
#define CHECK_NULL(actual) check_str((actual), NULL, __FILE__, __LINE__, #actual)

static void check_str(const char *actual, const char *expected, const char *file, int line, const char *what) {
    int ok = (actual == NULL || expected == NULL) ? actual == expected : strcmp(actual, expected) == 0;
    checks++;
    if (!ok) {
        failures++;
        fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", file, line, what, actual ? actual : "(null)",
                expected ? expected : "(null)");
    }
}

/* The last error message of this thread contains `part`. */
#define CHECK_ERROR(part) CHECK(strstr(ofx_last_error_message(), (part)) != NULL)

static ofx_response *open_fixture(const char *name) {
    char path[256];
    ofx_response *resp = NULL;
    snprintf(path, sizeof path, "tests/fixtures/quirks/%s", name);
    CHECK(ofx_response_read_file(path, &resp) == OFX_RESULT_OK);
    if (!resp) fprintf(stderr, "cannot read %s: %s\n", path, ofx_last_error_message());
    return resp;
}

/* The text of the leaf `path` below element `elem`. */
static const char *child_text(const ofx_response *resp, uint32_t elem, const char *path) {
    uint32_t id = 0;
    if (ofx_element_find(resp, elem, path, &id) != OFX_RESULT_OK) return NULL;
    return ofx_element_text(resp, id);
}

static void test_bank(void) {
    ofx_response *resp = open_fixture("clean_bank_sgml102.ofx");
    if (!resp) return;

    ofx_signon so;
    CHECK(ofx_response_signon(resp, &so) == OFX_RESULT_OK);
    CHECK(so.status_code == 0);
    CHECK_STR(so.severity, "INFO");
    CHECK_STR(so.message, "SUCCESS");
    CHECK_STR(so.dtserver, "2024-03-05T19:30:12Z"); /* 14:30:12 EST */
    CHECK_STR(so.language, "ENG");
    CHECK_STR(so.org, "HARBORVIEW");
    CHECK_STR(so.fid, "4417");
    CHECK_NULL(so.userkey);
    CHECK_NULL(so.accesskey);
    CHECK_NULL(so.sesscookie);
    CHECK_STR(ofx_last_error_message(), ""); /* success clears the error */

    CHECK(ofx_response_statement_count(resp) == 1);
    ofx_statement st;
    CHECK(ofx_response_statement(resp, 0, &st) == OFX_RESULT_OK);
    CHECK(st.kind == OFX_STATEMENT_BANK);
    CHECK_STR(st.account_id, "7734500112");
    CHECK_STR(st.bank_id, "314977405");
    CHECK_NULL(st.branch_id);
    CHECK_STR(st.account_type, "CHECKING");
    CHECK_NULL(st.broker_id);
    CHECK_STR(st.currency, "USD");
    CHECK_STR(st.start, "2024-02-01");
    CHECK_STR(st.end, "2024-02-29");
    CHECK_NULL(st.date_as_of);
    CHECK_STR(st.ledger_balance, "2841.63");
    CHECK_STR(st.ledger_balance_date, "2024-03-01T04:59:59Z"); /* 23:59:59 EST */
    CHECK_STR(st.available_balance, "2791.63");
    CHECK_STR(st.available_balance_date, "2024-03-01T04:59:59Z");
    CHECK_STR(st.trnuid, "1001");
    CHECK(st.status_code == 0);
    CHECK_STR(st.status_severity, "INFO");
    CHECK_NULL(st.status_message);
    CHECK(st.transaction_count == 6);
    CHECK(st.position_count == 0);
    CHECK(st.balance_count == 0);
    CHECK(st.open_order_count == 0);
    CHECK_STR(ofx_element_name(resp, st.element), "STMTRS");
    CHECK_STR(child_text(resp, st.element, "BANKACCTFROM/ACCTID"), "7734500112");

    ofx_transaction t;
    CHECK(ofx_response_transaction(resp, 0, 0, &t) == OFX_RESULT_OK);
    CHECK_STR(t.fitid, "20240202-0001");
    CHECK_STR(t.type, "DEBIT");
    CHECK_STR(t.date_posted, "2024-02-02");
    CHECK(t.has_date_posted);
    CHECK(t.date_posted_unix == 1706832000); /* midnight UTC of a date without time */
    CHECK(t.date_posted_offset_minutes == 0);
    CHECK_STR(t.amount, "-42.17");
    CHECK(t.amount_fits);
    CHECK(t.amount_mantissa == -4217);
    CHECK(t.amount_scale == 2);
    CHECK_STR(t.name, "CORNER GROCERY #12");
    CHECK_STR(t.memo, "POS PURCHASE CARD 5512");
    CHECK_NULL(t.date_user);
    CHECK_NULL(t.date_avail);
    CHECK_NULL(t.date_settle);
    CHECK_NULL(t.check_number);
    CHECK_NULL(t.currency);
    CHECK_NULL(t.security_id);
    CHECK_NULL(t.units);
    CHECK_STR(ofx_element_name(resp, t.element), "STMTTRN");
    CHECK_STR(child_text(resp, t.element, "FITID"), "20240202-0001");

    /* Views are cached: the same call hands out the same pointers. */
    ofx_transaction again;
    CHECK(ofx_response_transaction(resp, 0, 0, &again) == OFX_RESULT_OK);
    CHECK(again.amount == t.amount && again.date_posted == t.date_posted && again.fitid == t.fitid);

    CHECK(ofx_response_transaction(resp, 0, 1, &t) == OFX_RESULT_OK);
    CHECK_STR(t.type, "CHECK");
    CHECK_STR(t.check_number, "1042");
    CHECK_STR(t.name, "CHECK 1042");
    CHECK_NULL(t.memo);
    CHECK_STR(t.amount, "-350.00");
    CHECK(t.amount_mantissa == -35000 && t.amount_scale == 2 && t.amount_fits);

    CHECK(ofx_response_transaction(resp, 0, 3, &t) == OFX_RESULT_OK);
    CHECK_STR(t.type, "PAYMENT");
    CHECK_STR(t.sic, "4900");
    CHECK_STR(t.payee_id, "7731");
    CHECK_STR(t.name, "TRI-COUNTY ELECTRIC");
    CHECK_STR(t.amount, "-89.99");

    CHECK(ofx_response_transaction(resp, 0, 5, &t) == OFX_RESULT_OK);
    CHECK_STR(t.fitid, "20240229-0006");
    CHECK_STR(t.type, "INT");
    CHECK_STR(t.amount, "0.37");
    CHECK(t.amount_mantissa == 37 && t.amount_scale == 2);

    /* Out of range: NOT_FOUND, a message, and the output untouched. */
    t.element = 4242;
    CHECK(ofx_response_transaction(resp, 0, 6, &t) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("statement 0 has 6 transactions");
    CHECK(t.element == 4242);
    CHECK(ofx_response_transaction(resp, 1, 0, &t) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("the response has 1 statement");
    st.kind = 99;
    CHECK(ofx_response_statement(resp, 1, &st) == OFX_RESULT_NOT_FOUND);
    CHECK(st.kind == 99);
    CHECK(ofx_response_statement(resp, (size_t)-1, &st) == OFX_RESULT_NOT_FOUND);

    /* Investment-only lists on a bank statement. */
    ofx_position pos;
    CHECK(ofx_response_position(resp, 0, 0, &pos) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("statement 0 is a bank statement: only investment statements have positions");
    ofx_open_order oo;
    CHECK(ofx_response_open_order(resp, 0, 0, &oo) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("only investment statements have open orders");
    ofx_balance bal;
    CHECK(ofx_response_balance(resp, 0, 0, &bal) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("statement 0 has 0 balances");

    /* Nothing of the other kinds in this document. */
    CHECK(ofx_response_security_count(resp) == 0);
    CHECK(ofx_response_account_count(resp) == 0);
    CHECK(ofx_response_closing_count(resp) == 0);
    ofx_security sec;
    CHECK(ofx_response_security(resp, 0, &sec) == OFX_RESULT_NOT_FOUND);
    ofx_account acct;
    CHECK(ofx_response_account(resp, 0, &acct) == OFX_RESULT_NOT_FOUND);
    ofx_closing cl;
    CHECK(ofx_response_closing(resp, 0, &cl) == OFX_RESULT_NOT_FOUND);
    ofx_profile prof;
    CHECK(ofx_response_profile(resp, &prof) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("no profile");
    const char *name = NULL, *url = NULL;
    CHECK(ofx_response_profile_message_set(resp, 0, &name, &url) == OFX_RESULT_NOT_FOUND);
    CHECK(name == NULL && url == NULL);
    ofx_signon_realm realm;
    CHECK(ofx_response_profile_signon_realm(resp, 0, &realm) == OFX_RESULT_NOT_FOUND);

    CHECK(ofx_response_trn_status_count(resp) == 1);
    ofx_trn_status ts;
    CHECK(ofx_response_trn_status(resp, 0, &ts) == OFX_RESULT_OK);
    CHECK_STR(ts.type, "STMTTRNRS");
    CHECK_STR(ts.trnuid, "1001");
    CHECK(ts.code == 0);
    CHECK_STR(ts.severity, "INFO");
    CHECK_NULL(ts.message);
    CHECK(ofx_response_trn_status(resp, 1, &ts) == OFX_RESULT_NOT_FOUND);

    ofx_response_free(resp);
}

static void test_investment(void) {
    ofx_response *resp = open_fixture("clean_investment.ofx");
    if (!resp) return;

    ofx_signon so;
    CHECK(ofx_response_signon(resp, &so) == OFX_RESULT_OK);
    CHECK(so.status_code == 0);
    CHECK_NULL(so.message);
    CHECK_STR(so.dtserver, "2024-06-28T21:00:00Z");
    CHECK_STR(so.org, "LARCHMONT");
    CHECK_STR(so.fid, "7250");

    CHECK(ofx_response_statement_count(resp) == 1);
    ofx_statement st;
    CHECK(ofx_response_statement(resp, 0, &st) == OFX_RESULT_OK);
    CHECK(st.kind == OFX_STATEMENT_INVESTMENT);
    CHECK_STR(st.account_id, "LS-20418833");
    CHECK_STR(st.broker_id, "larchmont.example.com");
    CHECK_NULL(st.bank_id);
    CHECK_NULL(st.account_type);
    CHECK_STR(st.currency, "USD");
    CHECK_STR(st.start, "2024-06-01");
    CHECK_STR(st.end, "2024-06-28");
    CHECK_STR(st.date_as_of, "2024-06-28T20:00:00Z");
    CHECK_NULL(st.ledger_balance);
    CHECK_STR(st.available_balance, "2165.60"); /* INVBAL/AVAILCASH */
    CHECK_STR(st.available_balance_date, "2024-06-28T20:00:00Z");
    CHECK_STR(st.trnuid, "5c1f0e2a");
    CHECK(st.status_code == 0);
    CHECK(st.transaction_count == 5);
    CHECK(st.position_count == 5);
    CHECK(st.balance_count == 2);
    CHECK(st.open_order_count == 0);
    CHECK_STR(ofx_element_name(resp, st.element), "INVSTMTRS");

    ofx_transaction t;
    CHECK(ofx_response_transaction(resp, 0, 0, &t) == OFX_RESULT_OK);
    CHECK_STR(t.type, "BUYSTOCK");
    CHECK_STR(t.fitid, "LS240603-001");
    CHECK_STR(t.date_posted, "2024-06-03"); /* DTTRADE */
    CHECK(t.has_date_posted && t.date_posted_unix == 1717372800);
    CHECK_STR(t.date_settle, "2024-06-05");
    CHECK_STR(t.amount, "-4829.95"); /* TOTAL */
    CHECK(t.amount_fits);
    CHECK(t.amount_mantissa == -482995);
    CHECK(t.amount_scale == 2);
    CHECK_STR(t.memo, "BUY QRBT");
    CHECK_NULL(t.name);
    CHECK_STR(t.security_id, "74837Q108");
    CHECK_STR(t.security_id_type, "CUSIP");
    CHECK_STR(t.units, "100");
    CHECK_STR(t.unit_price, "48.25");
    CHECK_NULL(t.currency);
    CHECK_STR(ofx_element_name(resp, t.element), "BUYSTOCK");
    CHECK_STR(child_text(resp, t.element, "INVBUY/COMMISSION"), "4.95");

    CHECK(ofx_response_transaction(resp, 0, 1, &t) == OFX_RESULT_OK);
    CHECK_STR(t.type, "SELLMF");
    CHECK_STR(t.fitid, "LS240610-002");
    CHECK_STR(t.amount, "2477.50");
    CHECK(t.amount_mantissa == 247750 && t.amount_scale == 2);
    CHECK_STR(t.units, "-250.000"); /* the written scale is kept */
    CHECK_STR(t.unit_price, "9.91");
    CHECK_STR(t.security_id, "585109204");
    CHECK_STR(t.date_settle, "2024-06-11");

    CHECK(ofx_response_transaction(resp, 0, 2, &t) == OFX_RESULT_OK);
    CHECK_STR(t.type, "INCOME");
    CHECK_STR(t.amount, "18.00");
    CHECK(t.amount_mantissa == 1800 && t.amount_scale == 2);
    CHECK_STR(t.memo, "QUALIFIED DIVIDEND");
    CHECK_NULL(t.units);
    CHECK_NULL(t.date_settle);

    CHECK(ofx_response_transaction(resp, 0, 3, &t) == OFX_RESULT_OK);
    CHECK_STR(t.type, "REINVEST");
    CHECK_STR(t.amount, "-31.60");
    CHECK_STR(t.units, "3.190");
    CHECK_STR(t.unit_price, "9.906");

    CHECK(ofx_response_transaction(resp, 0, 4, &t) == OFX_RESULT_OK);
    CHECK_STR(t.type, "INVBANKTRAN");
    CHECK_STR(t.fitid, "LS240617-005");
    CHECK_STR(t.date_posted, "2024-06-17"); /* the STMTTRN's DTPOSTED */
    CHECK(t.date_posted_unix == 1718582400);
    CHECK_STR(t.amount, "1500.00"); /* the STMTTRN's TRNAMT */
    CHECK(t.amount_mantissa == 150000 && t.amount_scale == 2 && t.amount_fits);
    CHECK_STR(t.name, "ACH DEPOSIT FROM HARBORVIEW");
    CHECK_STR(t.memo, "ELECTRONIC FUNDS TRANSFER");
    CHECK_NULL(t.security_id);
    CHECK_STR(ofx_element_name(resp, t.element), "INVBANKTRAN");
    CHECK_STR(child_text(resp, t.element, "STMTTRN/TRNTYPE"), "CREDIT");
    CHECK(ofx_response_transaction(resp, 0, 5, &t) == OFX_RESULT_NOT_FOUND);

    ofx_position p;
    CHECK(ofx_response_position(resp, 0, 0, &p) == OFX_RESULT_OK);
    CHECK_STR(p.type, "POSSTOCK");
    CHECK_STR(p.security_id, "74837Q108");
    CHECK_STR(p.security_id_type, "CUSIP");
    CHECK_STR(p.held_in, "CASH");
    CHECK_STR(p.pos_type, "LONG");
    CHECK_STR(p.units, "100");
    CHECK_STR(p.unit_price, "52.10");
    CHECK_STR(p.market_value, "5210.00");
    CHECK_STR(p.date_price, "2024-06-28T20:00:00Z");
    CHECK_NULL(p.memo);
    CHECK_STR(ofx_element_name(resp, p.element), "POSSTOCK");
    CHECK(ofx_response_position(resp, 0, 1, &p) == OFX_RESULT_OK);
    CHECK_STR(p.type, "POSMF");
    CHECK_STR(p.units, "1203.190");
    CHECK_STR(p.market_value, "11875.49");
    CHECK(ofx_response_position(resp, 0, 2, &p) == OFX_RESULT_OK);
    CHECK_STR(p.type, "POSOPT");
    CHECK_STR(p.security_id, "7483QC552");
    CHECK_STR(p.held_in, "MARGIN");
    CHECK_STR(p.pos_type, "SHORT");
    CHECK_STR(p.units, "-2");
    CHECK_STR(p.market_value, "-270.00");
    CHECK(ofx_response_position(resp, 0, 3, &p) == OFX_RESULT_OK);
    CHECK_STR(p.type, "POSDEBT");
    CHECK_STR(p.date_price, "2024-06-27");
    CHECK(ofx_response_position(resp, 0, 4, &p) == OFX_RESULT_OK);
    CHECK_STR(p.type, "POSOTHER");
    CHECK_STR(p.security_id, "10922W301");
    CHECK_STR(p.market_value, "840.00");
    CHECK_STR(p.date_price, "2024-05-31");
    CHECK(ofx_response_position(resp, 0, 5, &p) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("statement 0 has 5 positions");

    ofx_balance b;
    CHECK(ofx_response_balance(resp, 0, 0, &b) == OFX_RESULT_OK);
    CHECK_STR(b.name, "Settled cash");
    CHECK_STR(b.desc, "Cash available for withdrawal");
    CHECK_STR(b.type, "DOLLAR");
    CHECK_STR(b.value, "2165.60");
    CHECK_NULL(b.date);
    CHECK(ofx_response_balance(resp, 0, 1, &b) == OFX_RESULT_OK);
    CHECK_STR(b.name, "Margin rate");
    CHECK_STR(b.type, "PERCENT");
    CHECK_STR(b.value, "8.25");
    CHECK(ofx_response_balance(resp, 0, 2, &b) == OFX_RESULT_NOT_FOUND);

    ofx_open_order oo;
    CHECK(ofx_response_open_order(resp, 0, 0, &oo) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("statement 0 has 0 open orders");

    CHECK(ofx_response_security_count(resp) == 5);
    ofx_security s;
    CHECK(ofx_response_security(resp, 0, &s) == OFX_RESULT_OK);
    CHECK_STR(s.type, "STOCKINFO");
    CHECK_STR(s.id, "74837Q108");
    CHECK_STR(s.id_type, "CUSIP");
    CHECK_STR(s.name, "Quillon Robotics Inc");
    CHECK_STR(s.ticker, "QRBT");
    CHECK_NULL(s.fiid);
    CHECK_STR(s.unit_price, "52.10");
    CHECK_STR(s.date_price, "2024-06-28T20:00:00Z");
    CHECK_NULL(s.memo);
    CHECK_STR(ofx_element_name(resp, s.element), "STOCKINFO");
    CHECK(ofx_response_security(resp, 1, &s) == OFX_RESULT_OK);
    CHECK_STR(s.type, "MFINFO");
    CHECK_STR(s.name, "Meadowlark Total Bond Fund");
    CHECK_STR(s.ticker, "MDLBX");
    CHECK_STR(s.unit_price, "9.87");
    CHECK_NULL(s.date_price);
    CHECK(ofx_response_security(resp, 2, &s) == OFX_RESULT_OK);
    CHECK_STR(s.type, "OPTINFO");
    CHECK_STR(s.ticker, "QRBT 240719C55");
    CHECK_STR(s.id, "7483QC552"); /* SECINFO's SECID, not the underlying's */
    CHECK(ofx_response_security(resp, 3, &s) == OFX_RESULT_OK);
    CHECK_STR(s.type, "DEBTINFO");
    CHECK_STR(s.name, "Carrow County GO Bond 3.5% 2031");
    CHECK_NULL(s.ticker);
    CHECK_STR(s.unit_price, "98.75");
    CHECK(ofx_response_security(resp, 4, &s) == OFX_RESULT_OK);
    CHECK_STR(s.type, "OTHERINFO");
    CHECK_STR(s.id, "10922W301");
    CHECK_STR(s.name, "Brightwater Realty LP Units");
    CHECK_NULL(s.unit_price);
    CHECK(ofx_response_security(resp, 5, &s) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("the response has 5 securities");

    ofx_trn_status ts;
    CHECK(ofx_response_trn_status_count(resp) == 1);
    CHECK(ofx_response_trn_status(resp, 0, &ts) == OFX_RESULT_OK);
    CHECK_STR(ts.type, "INVSTMTTRNRS");
    CHECK_STR(ts.trnuid, "5c1f0e2a");

    ofx_response_free(resp);
}

static void test_accounts(void) {
    ofx_response *resp = open_fixture("clean_acctinfo.ofx");
    if (!resp) return;
    CHECK(ofx_response_statement_count(resp) == 0);
    ofx_statement st;
    CHECK(ofx_response_statement(resp, 0, &st) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("the response has 0 statements");
    ofx_transaction t;
    CHECK(ofx_response_transaction(resp, 0, 0, &t) == OFX_RESULT_NOT_FOUND);

    CHECK(ofx_response_account_count(resp) == 5);
    ofx_account a;
    CHECK(ofx_response_account(resp, 0, &a) == OFX_RESULT_OK);
    CHECK_STR(a.kind, "bank");
    CHECK_STR(a.account_id, "7734500112");
    CHECK_STR(a.bank_id, "314977405");
    CHECK_NULL(a.branch_id);
    CHECK_STR(a.account_type, "CHECKING");
    CHECK_NULL(a.broker_id);
    CHECK_STR(a.desc, "Everyday Checking");
    CHECK_STR(a.status, "ACTIVE");
    CHECK_STR(ofx_element_name(resp, a.element), "ACCTINFO");
    CHECK_STR(child_text(resp, a.element, "BANKACCTINFO/SUPTXDL"), "Y");

    CHECK(ofx_response_account(resp, 1, &a) == OFX_RESULT_OK);
    CHECK_STR(a.kind, "bank");
    CHECK_STR(a.account_id, "7734500199");
    CHECK_STR(a.account_type, "SAVINGS");
    CHECK_STR(a.desc, "High Yield Savings");

    CHECK(ofx_response_account(resp, 2, &a) == OFX_RESULT_OK);
    CHECK_STR(a.kind, "creditcard");
    CHECK_STR(a.account_id, "5490990011223344");
    CHECK_NULL(a.bank_id);
    CHECK_NULL(a.account_type);
    CHECK_STR(a.desc, "Rewards Visa");
    CHECK_STR(a.status, "ACTIVE");

    CHECK(ofx_response_account(resp, 3, &a) == OFX_RESULT_OK);
    CHECK_STR(a.kind, "investment");
    CHECK_STR(a.account_id, "HB-55102");
    CHECK_STR(a.broker_id, "harborview.example.com");
    CHECK_STR(a.account_type, "INDIVIDUAL");
    CHECK_STR(a.desc, "Individual Brokerage");
    CHECK_STR(a.status, "PEND");

    CHECK(ofx_response_account(resp, 4, &a) == OFX_RESULT_OK);
    CHECK_STR(a.kind, "loan");
    CHECK_STR(a.account_id, "ML-0099812");
    CHECK_STR(a.account_type, "MORTGAGE");
    CHECK_STR(a.desc, "Home Mortgage");
    CHECK_STR(a.status, "AVAIL");

    a.element = 4242;
    CHECK(ofx_response_account(resp, 5, &a) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("the response has 5 accounts");
    CHECK(a.element == 4242);

    ofx_trn_status ts;
    CHECK(ofx_response_trn_status(resp, 0, &ts) == OFX_RESULT_OK);
    CHECK_STR(ts.type, "ACCTINFOTRNRS");
    CHECK_STR(ts.trnuid, "acct-0001");
    CHECK(ts.code == 0);
    ofx_response_free(resp);
}

static void test_profile(void) {
    ofx_response *resp = open_fixture("clean_profile.ofx");
    if (!resp) return;
    ofx_profile p;
    CHECK(ofx_response_profile(resp, &p) == OFX_RESULT_OK);
    CHECK_STR(p.fi_name, "Harborview Savings Bank");
    CHECK_STR(p.url, "https://www.harborview.example");
    CHECK_STR(p.date_profile_up, "2024-08-15T04:00:00Z");
    CHECK_STR(p.address1, "200 Quay Street");
    CHECK_STR(p.city, "Port Alder");
    CHECK_STR(p.state, "ME");
    CHECK_STR(p.postal_code, "04999");
    CHECK_STR(p.country, "USA");
    CHECK_STR(p.cs_phone, "555-0142");
    CHECK_NULL(p.email);
    CHECK(p.message_set_count == 5);
    CHECK(p.signon_realm_count == 2);
    CHECK_STR(ofx_element_name(resp, p.element), "PROFRS");

    static const char *const sets[5] = {"SIGNONMSGSET", "SIGNUPMSGSET", "BANKMSGSET", "CREDITCARDMSGSET", "PROFMSGSET"};
    for (size_t i = 0; i < 5; i++) {
        const char *name = NULL, *url = NULL;
        CHECK(ofx_response_profile_message_set(resp, i, &name, &url) == OFX_RESULT_OK);
        CHECK_STR(name, sets[i]);
        CHECK_STR(url, i == 3 ? "https://ofx.harborview.example/ofxcc" : "https://ofx.harborview.example/ofx");
    }
    const char *name = "x", *url = "y";
    CHECK(ofx_response_profile_message_set(resp, 5, &name, &url) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("the profile has 5 message sets");
    CHECK_STR(name, "x");
    CHECK_STR(url, "y");
    CHECK(ofx_response_profile_message_set(resp, 0, NULL, &url) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_profile_message_set(resp, 0, &name, NULL) == OFX_RESULT_NULL_POINTER);
    CHECK_STR(name, "x");

    ofx_signon_realm r;
    CHECK(ofx_response_profile_signon_realm(resp, 0, &r) == OFX_RESULT_OK);
    CHECK_STR(r.name, "HARBORVIEW-MAIN");
    CHECK(r.client_uid_required);
    CHECK(r.case_sensitive);
    CHECK(!r.mfa_challenge_supported);
    CHECK(!r.mfa_challenge_first);
    CHECK(!r.auth_token_first);
    CHECK(r.min_length == 8);
    CHECK(r.max_length == 32);
    CHECK_STR(r.char_type, "ALPHAORNUMERIC");
    CHECK(ofx_response_profile_signon_realm(resp, 1, &r) == OFX_RESULT_OK);
    CHECK_STR(r.name, "HARBORVIEW-LEGACY");
    CHECK(!r.client_uid_required);
    CHECK(!r.case_sensitive);
    CHECK(r.min_length == 4);
    CHECK(r.max_length == 12);
    CHECK_STR(r.char_type, "NUMERICONLY");
    CHECK(ofx_response_profile_signon_realm(resp, 2, &r) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("the profile has 2 signon realms");

    ofx_trn_status ts;
    CHECK(ofx_response_trn_status_count(resp) == 1);
    CHECK(ofx_response_trn_status(resp, 0, &ts) == OFX_RESULT_OK);
    CHECK_STR(ts.type, "PROFTRNRS");
    CHECK_STR(ts.trnuid, "prof-0001");
    ofx_response_free(resp);
}

static void test_closings(void) {
    ofx_response *resp = open_fixture("clean_closing.ofx");
    if (!resp) return;
    CHECK(ofx_response_statement_count(resp) == 0);
    CHECK(ofx_response_closing_count(resp) == 3);

    ofx_closing c;
    CHECK(ofx_response_closing(resp, 0, &c) == OFX_RESULT_OK);
    CHECK(c.kind == OFX_STATEMENT_BANK);
    CHECK_STR(c.account_id, "7734500112");
    CHECK_STR(c.fitid, "CL202403");
    CHECK_STR(c.date_open, "2024-03-01");
    CHECK_STR(c.date_close, "2024-03-31");
    CHECK_STR(c.date_next, "2024-04-30");
    CHECK_STR(c.balance_open, "2841.63");
    CHECK_STR(c.balance_close, "3015.10");
    CHECK_STR(c.date_post_start, "2024-03-01");
    CHECK_STR(c.date_post_end, "2024-03-31");
    CHECK_STR(ofx_element_name(resp, c.element), "CLOSING");
    CHECK_STR(child_text(resp, c.element, "TOTALFEES"), "-5.00");

    CHECK(ofx_response_closing(resp, 1, &c) == OFX_RESULT_OK);
    CHECK(c.kind == OFX_STATEMENT_BANK);
    CHECK_STR(c.fitid, "CL202404");
    CHECK_STR(c.date_close, "2024-04-30");
    CHECK_NULL(c.date_next);
    CHECK_STR(c.balance_open, "3015.10");
    CHECK_STR(c.balance_close, "2990.07");

    CHECK(ofx_response_closing(resp, 2, &c) == OFX_RESULT_OK);
    CHECK(c.kind == OFX_STATEMENT_CREDITCARD);
    CHECK_STR(c.account_id, "5490990011223344");
    CHECK_STR(c.fitid, "CC-2405");
    CHECK_STR(c.date_open, "2024-04-15");
    CHECK_STR(c.date_close, "2024-05-14");
    CHECK_STR(c.date_next, "2024-06-14");
    CHECK_STR(c.balance_open, "-1105.63");
    CHECK_STR(c.balance_close, "-1287.44");
    CHECK_STR(c.date_post_end, "2024-05-14");
    CHECK_STR(ofx_element_name(resp, c.element), "CCCLOSING");

    CHECK(ofx_response_closing(resp, 3, &c) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("the response has 3 closing records");

    CHECK(ofx_response_trn_status_count(resp) == 2);
    ofx_trn_status ts;
    CHECK(ofx_response_trn_status(resp, 0, &ts) == OFX_RESULT_OK);
    CHECK_STR(ts.type, "STMTENDTRNRS");
    CHECK_STR(ts.trnuid, "77120");
    CHECK(ofx_response_trn_status(resp, 1, &ts) == OFX_RESULT_OK);
    CHECK_STR(ts.type, "CCSTMTENDTRNRS");
    CHECK_STR(ts.trnuid, "77121");
    ofx_response_free(resp);
}

static void test_signon_error(void) {
    ofx_response *resp = open_fixture("signon_error_15500.ofx");
    if (!resp) return;
    ofx_signon so;
    CHECK(ofx_response_signon(resp, &so) == OFX_RESULT_OK); /* a refused signon is still readable */
    CHECK(so.status_code == 15500);
    CHECK_STR(so.severity, "ERROR");
    CHECK_STR(so.message, "Signon invalid: check your user ID and password");
    CHECK_STR(so.dtserver, "2024-09-10T13:11:22Z");
    CHECK_STR(so.language, "ENG");
    CHECK_STR(so.org, "ASHGROVECU");
    CHECK_STR(so.fid, "6604");
    CHECK(ofx_response_statement_count(resp) == 0);
    CHECK(ofx_response_trn_status_count(resp) == 0);
    ofx_trn_status ts;
    CHECK(ofx_response_trn_status(resp, 0, &ts) == OFX_RESULT_NOT_FOUND);
    ofx_response_free(resp);
}

static void test_loan(void) {
    ofx_response *resp = open_fixture("clean_loan.ofx");
    if (!resp) return;
    ofx_statement st;
    CHECK(ofx_response_statement(resp, 0, &st) == OFX_RESULT_OK);
    CHECK(st.kind == OFX_STATEMENT_LOAN);
    CHECK_STR(st.account_id, "ML-0099812");
    CHECK_STR(st.account_type, "MORTGAGE");
    CHECK_STR(st.ledger_balance, "186402.77"); /* PRINBAL */
    CHECK_STR(st.ledger_balance_date, "2024-06-30");
    CHECK_NULL(st.available_balance);
    CHECK(st.transaction_count == 2);
    CHECK(st.balance_count == 0);
    CHECK_STR(ofx_element_name(resp, st.element), "LOANSTMTRS");
    ofx_transaction t;
    CHECK(ofx_response_transaction(resp, 0, 1, &t) == OFX_RESULT_OK);
    CHECK_STR(t.type, "LATE");
    CHECK_STR(t.fitid, "NG240620L");
    CHECK_STR(t.amount, "-35.00");
    CHECK(t.amount_mantissa == -3500 && t.amount_scale == 2);
    CHECK_STR(t.memo, "ASSESSED AFTER GRACE PERIOD");
    CHECK_STR(ofx_element_name(resp, t.element), "LOANSTMTTRN");
    ofx_balance b;
    CHECK(ofx_response_balance(resp, 0, 0, &b) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("loan statements have no balance list");
    ofx_position p;
    CHECK(ofx_response_position(resp, 0, 0, &p) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("statement 0 is a loan statement");
    ofx_response_free(resp);
}

/* No SONRS, a wrapper with an error status, a comma decimal, an amount too large for int64, a foreign
 * currency, a branch id and a BALLIST. */
static const char ODD[] =
    "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n\r\n"
    "<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>9<STATUS><CODE>2000<SEVERITY>ERROR<MESSAGE>General error</STATUS>"
    "<STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>1<BRANCHID>22<ACCTID>333<ACCTTYPE>SAVINGS</BANKACCTFROM>"
    "<BANKTRANLIST><DTSTART>20240101<DTEND>20240131"
    "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240115120000[-5:EST]<DTUSER>20240114<TRNAMT>-12,50<FITID>A1"
    "<CURRENCY><CURRATE>1.1<CURSYM>USD</CURRENCY></STMTTRN>"
    "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240116<TRNAMT>123456789012345678901.25<FITID>A2</STMTTRN>"
    "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>garbage<TRNAMT>1<FITID>A3</STMTTRN>"
    "</BANKTRANLIST><LEDGERBAL><BALAMT>100.00<DTASOF>20240131</LEDGERBAL>"
    "<BALLIST><BAL><NAME>Hold<DESC>Pending holds<BALTYPE>DOLLAR<VALUE>-25.00<DTASOF>20240131</BAL></BALLIST>"
    "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";

static void test_odd_values(void) {
    ofx_response *resp = NULL;
    CHECK(ofx_response_parse((const uint8_t *)ODD, strlen(ODD), &resp) == OFX_RESULT_OK);
    if (!resp) return;
    ofx_signon so;
    so.status_code = 77;
    CHECK(ofx_response_signon(resp, &so) == OFX_RESULT_NOT_FOUND);
    CHECK_ERROR("no signon");
    CHECK(so.status_code == 77);

    ofx_statement st;
    CHECK(ofx_response_statement(resp, 0, &st) == OFX_RESULT_OK);
    CHECK_STR(st.currency, "EUR");
    CHECK_STR(st.branch_id, "22");
    CHECK(st.status_code == 2000);
    CHECK_STR(st.status_severity, "ERROR");
    CHECK_STR(st.status_message, "General error");
    CHECK_STR(st.ledger_balance_date, "2024-01-31");
    CHECK(st.balance_count == 1);

    ofx_transaction t;
    CHECK(ofx_response_transaction(resp, 0, 0, &t) == OFX_RESULT_OK);
    CHECK_STR(t.amount, "-12.50"); /* normalised from "-12,50" */
    CHECK(t.amount_mantissa == -1250 && t.amount_scale == 2 && t.amount_fits);
    CHECK_STR(t.date_posted, "2024-01-15T17:00:00Z");
    CHECK(t.date_posted_unix == 1705338000);
    CHECK(t.date_posted_offset_minutes == -300);
    CHECK_STR(t.date_user, "2024-01-14");
    CHECK_STR(t.currency, "USD");
    CHECK(ofx_response_transaction(resp, 0, 1, &t) == OFX_RESULT_OK);
    CHECK_STR(t.amount, "123456789012345678901.25"); /* exact, as a string */
    CHECK(!t.amount_fits);
    CHECK(ofx_response_transaction(resp, 0, 2, &t) == OFX_RESULT_OK);
    CHECK_NULL(t.date_posted); /* unreadable date: absent */
    CHECK(!t.has_date_posted);
    CHECK(t.date_posted_unix == 0);
    CHECK(t.amount_mantissa == 1 && t.amount_scale == 0);

    ofx_balance b;
    CHECK(ofx_response_balance(resp, 0, 0, &b) == OFX_RESULT_OK);
    CHECK_STR(b.name, "Hold");
    CHECK_STR(b.value, "-25.00");
    CHECK_STR(b.date, "2024-01-31");

    ofx_trn_status ts;
    CHECK(ofx_response_trn_status(resp, 0, &ts) == OFX_RESULT_OK);
    CHECK(ts.code == 2000);
    CHECK_STR(ts.message, "General error");
    ofx_response_free(resp);
}

static void test_null_arguments(void) {
    ofx_signon so;
    ofx_statement st;
    ofx_transaction t;
    ofx_balance b;
    ofx_position p;
    ofx_open_order oo;
    ofx_security s;
    ofx_account a;
    ofx_closing c;
    ofx_profile pr;
    ofx_signon_realm r;
    ofx_trn_status ts;
    const char *name = NULL, *url = NULL;

    CHECK(ofx_response_statement_count(NULL) == 0);
    CHECK(ofx_response_security_count(NULL) == 0);
    CHECK(ofx_response_account_count(NULL) == 0);
    CHECK(ofx_response_closing_count(NULL) == 0);
    CHECK(ofx_response_trn_status_count(NULL) == 0);

    CHECK(ofx_response_signon(NULL, &so) == OFX_RESULT_NULL_POINTER);
    CHECK_ERROR("resp is NULL");
    CHECK(ofx_response_statement(NULL, 0, &st) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_transaction(NULL, 0, 0, &t) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_balance(NULL, 0, 0, &b) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_position(NULL, 0, 0, &p) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_open_order(NULL, 0, 0, &oo) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_security(NULL, 0, &s) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_account(NULL, 0, &a) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_closing(NULL, 0, &c) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_profile(NULL, &pr) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_profile_message_set(NULL, 0, &name, &url) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_profile_signon_realm(NULL, 0, &r) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_trn_status(NULL, 0, &ts) == OFX_RESULT_NULL_POINTER);

    ofx_response *resp = open_fixture("clean_investment.ofx");
    if (!resp) return;
    CHECK(ofx_response_signon(resp, NULL) == OFX_RESULT_NULL_POINTER);
    CHECK_ERROR("out is NULL");
    CHECK(ofx_response_statement(resp, 0, NULL) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_transaction(resp, 0, 0, NULL) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_balance(resp, 0, 0, NULL) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_position(resp, 0, 0, NULL) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_open_order(resp, 0, 0, NULL) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_security(resp, 0, NULL) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_account(resp, 0, NULL) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_closing(resp, 0, NULL) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_profile(resp, NULL) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_profile_signon_realm(resp, 0, NULL) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_trn_status(resp, 0, NULL) == OFX_RESULT_NULL_POINTER);
    /* Huge indexes are ordinary out-of-range errors. */
    CHECK(ofx_response_transaction(resp, (size_t)-1, 0, &t) == OFX_RESULT_NOT_FOUND);
    CHECK(ofx_response_transaction(resp, 0, (size_t)-1, &t) == OFX_RESULT_NOT_FOUND);
    CHECK(ofx_response_position(resp, (size_t)-1, 0, &p) == OFX_RESULT_NOT_FOUND);
    CHECK(ofx_response_security(resp, (size_t)-1, &s) == OFX_RESULT_NOT_FOUND);
    ofx_response_free(resp);
}

int main(void) {
    test_bank();
    test_investment();
    test_accounts();
    test_profile();
    test_closings();
    test_signon_error();
    test_loan();
    test_odd_values();
    test_null_arguments();
    printf("test_views: %d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
