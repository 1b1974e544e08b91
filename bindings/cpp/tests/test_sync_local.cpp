// Sync record callbacks over a canned answer (a local plain-HTTP server, allow_http): the callback
// sees every record, stopping hands out no token, and an exception thrown in the callback surfaces.
// These run whatever the sandbox supports; test_batch_money.cpp does the same against the sandbox.
#include "harness.hpp"

using harness::CannedServer;
using harness::contains;

namespace {

std::string acct(const char *tag, const char *id, const char *type) {
    return std::string("<") + tag + "><BANKID>077700077<ACCTID>" + id + "<ACCTTYPE>" + type + "</" + tag + ">";
}

std::string intrars(const char *uid, const char *id, const char *amount) {
    return std::string("<INTRATRNRS><TRNUID>") + uid + "<STATUS><CODE>0<SEVERITY>INFO</STATUS><INTRARS><CURDEF>USD<SRVRTID>" + id +
           "<XFERINFO>" + acct("BANKACCTFROM", "1000123456", "CHECKING") + acct("BANKACCTTO", "1000654321", "SAVINGS") +
           "<TRNAMT>" + amount + "</XFERINFO><DTXFERPRJ>20250102</INTRARS></INTRATRNRS>";
}

/// An OFX 1.0.2 answer to a transfer sync of checking 1000123456: token T-42, two transfers.
std::string sync_answer() {
    return "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n"
           "COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
           "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20250101120000<LANGUAGE>ENG"
           "</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><INTRASYNCRS><TOKEN>T-42<LOSTSYNC>N" +
           acct("BANKACCTFROM", "1000123456", "CHECKING") + intrars("S1", "XF-1", "25.00") + intrars("S2", "XF-2", "10.50") +
           "</INTRASYNCRS></BANKMSGSRSV1></OFX>\r\n";
}

ofx::Client local_client(const CannedServer &srv) {
    ofx::Client c;
    c.set("allow_http", "true");
    c.set_fi(srv.url, "ofxkit Sandbox", "7777");
    c.set_credentials("demo", "demo-pass");
    return c;
}

ofx::SyncSpec checking_sync(const std::string &token) {
    ofx::SyncSpec s;
    s.account_type = "checking";
    s.account = "1000123456";
    s.bank_id = "077700077";
    s.token = token;
    return s;
}

struct Boom : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace

TEST(local_sync_callback_sees_every_record) {
    CannedServer srv(sync_answer());
    ofx::Client c = local_client(srv);
    std::vector<ofx::MoneyRecord> seen;
    ofx::SyncResult r = c.sync_transfers(checking_sync("0"), [&](const ofx::MoneyRecord &rec) {
        seen.push_back(rec);
        return true;
    });
    CHECK_EQ(r.token, std::string("T-42"));
    CHECK(!r.lost_sync);
    CHECK_EQ(seen.size(), 2u);
    CHECK(seen[0].kind == ofx::RecordKind::Transfer);
    CHECK_EQ(seen[0].id, std::string("XF-1"));
    CHECK_EQ(seen[0].change, std::string("added"));
    CHECK(seen[0].in_sync);
    CHECK_EQ(seen[0].amount_decimal(), std::optional<ofx::Decimal>(ofx::Decimal(2500, 2)));
    CHECK_EQ(seen[1].id, std::string("XF-2"));
    CHECK_EQ(seen[1].amount, std::string("10.50"));
    CHECK(contains(seen[1].to_account, "1000654321"));
    CHECK_EQ(r.response.money_records().size(), 2u);
    // What was sent: a transfer sync from token 0 for the account.
    CHECK_EQ(srv.requests().size(), 1u);
    CHECK(contains(srv.requests()[0], "INTRASYNCRQ"));
    CHECK(contains(srv.requests()[0], "<TOKEN>0"));
    // Without a callback the records are still in the answer.
    ofx::SyncResult quiet = c.sync_transfers(checking_sync("T-41"));
    CHECK_EQ(quiet.token, std::string("T-42"));
    CHECK_EQ(quiet.response.money_records()[1].id, std::string("XF-2"));
}

TEST(local_sync_callback_stop_hands_out_no_token) {
    CannedServer srv(sync_answer());
    ofx::Client c = local_client(srv);
    int calls = 0;
    ofx::CallbackStoppedError e = CHECK_THROWS(ofx::CallbackStoppedError, c.sync_transfers(checking_sync("0"), [&](const ofx::MoneyRecord &) {
        ++calls;
        return false;
    }));
    CHECK_EQ(calls, 1);
    CHECK_EQ(e.code(), uint32_t(OFX_RESULT_CALLBACK_STOPPED));
    CHECK(contains(e.message(), "token"));
}

TEST(local_sync_callback_exception_surfaces) {
    CannedServer srv(sync_answer());
    ofx::Client c = local_client(srv);
    int calls = 0;
    Boom b = CHECK_THROWS(Boom, c.sync_transfers(checking_sync("0"), [&](const ofx::MoneyRecord &rec) -> bool {
        ++calls;
        throw Boom("bad record " + rec.id.value_or("?"));
    }));
    CHECK_EQ(std::string(b.what()), std::string("bad record XF-1"));
    CHECK_EQ(calls, 1); // the trampoline stopped the sync at the first throw
    CHECK_EQ(c.error_info().code, uint32_t(OFX_RESULT_CALLBACK_STOPPED));
    // A callback throwing something that is not a std::exception is caught too.
    bool caught = false;
    try {
        c.sync_transfers(checking_sync("0"), [&](const ofx::MoneyRecord &) -> bool { throw 42; });
    } catch (int v) {
        caught = v == 42;
    }
    CHECK(caught);
}
