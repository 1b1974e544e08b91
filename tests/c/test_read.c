/* Reads documents through the C ABI: parse from memory and file, JSON, warnings, generic element access,
 * errors and NULL handling. Built with -Wall -Wextra -Wpedantic -Werror, run plain, under ASan/UBSan and
 * under valgrind by tests/c/run.sh. */
#include "ofx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static const char SGML[] =
    "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n"
    "CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
    "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
    "<DTSERVER>20240201120000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>"
    "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>"
    "<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>121000358<ACCTID>555<ACCTTYPE>CHECKING</BANKACCTFROM>"
    "<BANKTRANLIST><DTSTART>20240101<DTEND>20240131"
    "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240115120000[-5:EST]<TRNAMT>-12,50<FITID>A1"
    "<NAME>Caf&eacute; & Bar<MEMO>lunch</STMTTRN>"
    "</BANKTRANLIST><LEDGERBAL><BALAMT>100.00<DTASOF>20240131</LEDGERBAL></STMTRS></STMTTRNRS>"
    "</BANKMSGSRSV1></OFX>";

static void test_parse_memory(void) {
    ofx_response *resp = NULL;
    ofx_result rc = ofx_response_parse((const uint8_t *)SGML, strlen(SGML), &resp);
    CHECK(rc == OFX_RESULT_OK);
    CHECK(resp != NULL);
    if (!resp) return;

    char *json = NULL;
    CHECK(ofx_response_to_json(resp, &json) == OFX_RESULT_OK);
    CHECK(json != NULL);
    if (json) {
        CHECK(strstr(json, "\"kind\":\"bank\"") != NULL);
        CHECK(strstr(json, "\"account_id\":\"555\"") != NULL);
        CHECK(strstr(json, "\"amount\":\"-12.50\"") != NULL);
        CHECK(strstr(json, "\"date_posted\":\"2024-01-15T17:00:00Z\"") != NULL);
        CHECK(strstr(json, "\"name\":\"Caf\xc3\xa9 & Bar\"") != NULL);
        ofx_string_free(json);
    }

    /* Warnings: the comma decimal, the HTML entity and the unescaped ampersand are reported. */
    size_t n = ofx_response_warning_count(resp);
    CHECK(n >= 3);
    int saw_comma = 0, saw_entity = 0;
    for (size_t i = 0; i < n; i++) {
        ofx_warning w;
        CHECK(ofx_response_warning(resp, i, &w) == OFX_RESULT_OK);
        CHECK(w.message != NULL);
        CHECK(w.line >= 1);
        if (strstr(w.message, "comma")) saw_comma = 1;
        if (w.code == 4) saw_entity = 1;
    }
    CHECK(saw_comma);
    CHECK(saw_entity);
    ofx_warning w;
    CHECK(ofx_response_warning(resp, n, &w) == OFX_RESULT_NOT_FOUND);

    /* Generic access by path. */
    uint32_t el = 0;
    CHECK(ofx_response_find(resp, "BANKMSGSRSV1/STMTTRNRS/STMTRS/LEDGERBAL/BALAMT", &el) == OFX_RESULT_OK);
    CHECK(strcmp(ofx_element_text(resp, el), "100.00") == 0);
    CHECK(strcmp(ofx_element_name(resp, el), "BALAMT") == 0);
    CHECK(ofx_response_find(resp, "OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN[0]/NAME", &el) == OFX_RESULT_OK);
    CHECK(strcmp(ofx_element_text(resp, el), "Caf\xc3\xa9 & Bar") == 0);
    uint32_t missing = 12345;
    CHECK(ofx_response_find(resp, "BANKMSGSRSV1/NOPE", &missing) == OFX_RESULT_NOT_FOUND);
    CHECK(missing == 12345); /* outputs written only on success */

    uint32_t root = 0;
    CHECK(ofx_response_root(resp, &root) == OFX_RESULT_OK);
    CHECK(strcmp(ofx_element_name(resp, root), "OFX") == 0);
    CHECK(ofx_element_child_count(resp, root) == 2);
    CHECK(ofx_element_text(resp, root) == NULL); /* aggregates have no text */
    uint32_t child = 0;
    CHECK(ofx_element_child(resp, root, 1, &child) == OFX_RESULT_OK);
    CHECK(strcmp(ofx_element_name(resp, child), "BANKMSGSRSV1") == 0);
    CHECK(ofx_element_child(resp, root, 2, &child) == OFX_RESULT_NOT_FOUND);

    /* Re-serialisation as XML 2.11 reads back to the same values. */
    char *xml = NULL;
    CHECK(ofx_response_serialize(resp, 211, &xml) == OFX_RESULT_OK);
    if (xml) {
        CHECK(strstr(xml, "<?OFX OFXHEADER=\"200\" VERSION=\"211\"") != NULL);
        ofx_response *again = NULL;
        CHECK(ofx_response_parse((const uint8_t *)xml, strlen(xml), &again) == OFX_RESULT_OK);
        char *j2 = NULL;
        CHECK(ofx_response_to_json(again, &j2) == OFX_RESULT_OK);
        if (j2) {
            CHECK(strstr(j2, "\"amount\":\"-12.50\"") != NULL);
            CHECK(strstr(j2, "\"syntax\":\"xml\"") != NULL);
        }
        ofx_string_free(j2);
        ofx_response_free(again);
        ofx_string_free(xml);
    }
    CHECK(ofx_response_serialize(resp, 999, &xml) == OFX_RESULT_UNSUPPORTED_VERSION);
    ofx_response_free(resp);
}

static void test_errors(void) {
    ofx_response *resp = (ofx_response *)0x1; /* must stay untouched on failure */
    const char *html = "<!DOCTYPE html><html><body>Error 400</body></html>";
    CHECK(ofx_response_parse((const uint8_t *)html, strlen(html), &resp) == OFX_RESULT_NOT_OFX);
    CHECK(resp == (ofx_response *)0x1);
    CHECK(strstr(ofx_last_error_message(), "HTML") != NULL);
    CHECK(ofx_response_parse((const uint8_t *)"", 0, &resp) == OFX_RESULT_NOT_OFX);
    CHECK(ofx_response_parse(NULL, 0, &resp) == OFX_RESULT_NOT_OFX);
    CHECK(ofx_response_parse(NULL, 10, &resp) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_parse((const uint8_t *)SGML, strlen(SGML), NULL) == OFX_RESULT_NULL_POINTER);
    CHECK(ofx_response_read_file("/nonexistent/file.ofx", &resp) == OFX_RESULT_IO);
    CHECK(ofx_response_read_file(NULL, &resp) == OFX_RESULT_NULL_POINTER);
    const char bad_utf8[] = {'/', 't', 'm', 'p', '/', (char)0xff, 0};
    CHECK(ofx_response_read_file(bad_utf8, &resp) == OFX_RESULT_INVALID_UTF8);
    CHECK(resp == (ofx_response *)0x1);
    char *json = NULL;
    CHECK(ofx_response_to_json(NULL, &json) == OFX_RESULT_NULL_POINTER);
    CHECK(json == NULL);
    CHECK(ofx_response_warning_count(NULL) == 0);
    CHECK(ofx_element_name(NULL, 0) == NULL);
    CHECK(strcmp(ofx_result_str(OFX_RESULT_NOT_OFX), "not an OFX document") == 0);
    CHECK(strcmp(ofx_result_str(9999), "unknown result code") == 0);
    /* Free functions accept NULL. */
    ofx_response_free(NULL);
    ofx_string_free(NULL);
}

static void test_strict_and_file(const char *path) {
    ofx_parse_options opts;
    CHECK(ofx_parse_options_init(&opts) == OFX_RESULT_OK);
    CHECK(opts.version == OFX_PARSE_OPTIONS_VERSION);
    opts.strict = 1;
    ofx_response *resp = NULL;
    /* The comma decimal is a spec violation. */
    CHECK(ofx_response_parse_with((const uint8_t *)SGML, strlen(SGML), &opts, &resp) == OFX_RESULT_STRICT_VIOLATION);
    CHECK(resp == NULL);
    opts.version = 99;
    CHECK(ofx_response_parse_with((const uint8_t *)SGML, strlen(SGML), &opts, &resp) == OFX_RESULT_INVALID_ARGUMENT);

    CHECK(ofx_response_read_file(path, &resp) == OFX_RESULT_OK);
    if (resp) {
        char *json = NULL;
        CHECK(ofx_response_to_json(resp, &json) == OFX_RESULT_OK);
        CHECK(json && strstr(json, "\"account_id\":\"0004417725\"") != NULL);
        CHECK(json && strstr(json, "\"kind\":\"creditcard\"") != NULL);
        ofx_string_free(json);
        CHECK(ofx_response_warning_count(resp) == 0);
        ofx_response_free(resp);
    }
}

int main(void) {
    CHECK(strlen(ofx_version()) >= 5);
    test_parse_memory();
    test_errors();
    test_strict_and_file("examples/data/sample.ofx");
    printf("test_read: %d checks, %d failures\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
