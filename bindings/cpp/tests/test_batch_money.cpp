// Batches, transfers, payments and syncs, and host exceptions thrown from callbacks.
#include "harness.hpp"

using harness::contains;
using harness::Sandbox;

namespace {

const char *const BANK_ID = "077700077";
const char *const CHECKING = "1000123456";
const char *const SAVINGS = "1000654321";
const char *const CARD = "4000123412341234";

ofx::Client demo_client(bool trust = true) {
    Sandbox &sb = Sandbox::get();
    ofx::Client c;
    c.set_fi(sb.url, "ofxkit Sandbox", "7777");
    c.set_credentials("demo", "demo-pass");
    if (trust) c.set("ca_file", sb.ca);
    return c;
}

ofx::TransferSpec checking_to_savings(const std::string &amount) {
    ofx::TransferSpec t;
    t.from_account_type = "checking";
    t.from_account = CHECKING;
    t.from_bank_id = BANK_ID;
    t.to_account_type = "savings";
    t.to_account = SAVINGS;
    t.amount = amount;
    return t;
}

ofx::SyncSpec checking_sync(const std::string &token) {
    ofx::SyncSpec s;
    s.account_type = "checking";
    s.account = CHECKING;
    s.bank_id = BANK_ID;
    s.token = token;
    return s;
}

struct Boom : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace

TEST(batch_bank_card_profile) {
    ofx::Client c = demo_client();
    ofx::Batch b = c.batch();
    ofx::Request bank = c.request_statement(ofx::StatementRequest::bank("checking", BANK_ID, CHECKING).between("2024-01-01", "2024-04-01"));
    ofx::Request card = c.request_statement(ofx::StatementRequest::credit_card(CARD));
    ofx::Request prof = c.request_profile();
    CHECK_EQ(b.add(bank), 0u);
    CHECK_EQ(b.add(card), 1u);
    CHECK_EQ(b.add(prof), 2u);
    CHECK_EQ(b.size(), 3u);
    CHECK_EQ(b.item_uid(0), bank.uid());
    CHECK_EQ(b.item_uid(2), prof.uid());
    CHECK(b.item_request_type(1) == ofx::RequestKind::CreditCardStatement);
    CHECK(b.item_request_type(9) == ofx::RequestKind::None);
    CHECK(contains(b.item_request_text(1), CARD));
    std::string doc = b.request_text();
    CHECK(contains(doc, CHECKING) && contains(doc, CARD) && contains(doc, "PROFRQ"));
    CHECK(!contains(doc, "demo-pass"));
    // The same TRNUID twice is refused, with the batch's message.
    ofx::InvalidArgumentError dup = CHECK_THROWS(ofx::InvalidArgumentError, b.add(bank));
    CHECK(!dup.message().empty());
    CHECK_THROWS(ofx::NotPostedError, b.item_response(0));
    CHECK_EQ(b.item_status(0).code, uint32_t(OFX_RESULT_NOT_POSTED));

    b.post();
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(b.item_status(i).ok());
        CHECK_EQ(std::string(b.item_status(i).name()), std::string("OFX_RESULT_OK"));
    }
    ofx::ResponseView r0 = b.item_response(0);
    ofx::Statement s0 = r0.statement(0);
    CHECK_EQ(s0.account_id, std::string(CHECKING));
    CHECK_EQ(s0.trnuid, bank.uid());
    CHECK(s0.transaction_count > 0);
    CHECK_EQ(r0.signon()->status_code, 0);
    ofx::Statement s1 = b.item_response(1).statement(0);
    CHECK(s1.kind == ofx::StatementKind::CreditCard);
    CHECK_EQ(s1.account_id, std::string(CARD));
    auto profile = b.item_response(2).profile();
    CHECK(profile.has_value());
    CHECK(profile->fi_name.has_value());
    CHECK_THROWS(ofx::NotFoundError, b.item_response(3));

    // The answer as a file, read back as a batch.
    harness::TempDir dir;
    std::string path = dir.path + "/batch.ofx";
    b.write_file(path);
    ofx::Batch again = c.read_batch_file(path);
    CHECK_EQ(again.size(), 3u);
    CHECK_EQ(again.item_uid(1), card.uid());
    CHECK_EQ(again.item_response(0).statement(0).transaction_count, s0.transaction_count);

    // Borrowed answers die with the batch's state: posting again, clearing, closing.
    b.post();
    CHECK_THROWS(ofx::ClosedError, r0.statement_count());
    ofx::ResponseView fresh = b.item_response(0);
    CHECK_EQ(fresh.statement(0).account_id, std::string(CHECKING));
    b.clear();
    CHECK_EQ(b.size(), 0u);
    CHECK_THROWS(ofx::ClosedError, fresh.statement_count());
    b.close();
    ofx::ClosedError closed = CHECK_THROWS(ofx::ClosedError, b.size());
    CHECK(contains(closed.message(), "ofx::Batch"));
}

TEST(batch_with_its_own_tls_callback) {
    ofx::Client c = demo_client(/*trust=*/false);
    ofx::Batch b = c.batch();
    std::string subject;
    b.on_tls([&](const ofx::TlsEvent &e) {
        if (!e.is_decision()) return ofx::TlsDecision::Default;
        subject = e.subject;
        return ofx::TlsDecision::Accept;
    });
    b.add(c.request_account_info());
    b.post();
    CHECK(contains(subject, "ofxkit sandbox"));
    CHECK(b.item_response(0).accounts().size() >= 4);
    // The client itself still has no callback: its own call fails on the certificate.
    CHECK_THROWS(ofx::CertificateError, c.account_info());
}

TEST(batch_transport_failure_marks_every_item) {
    ofx::Client c;
    c.set_fi("https://nonexistent.invalid/ofx", "ofxkit Sandbox", "7777");
    c.set_credentials("demo", "demo-pass");
    ofx::Batch b = c.batch();
    b.add(c.request_profile());
    b.add(c.request_account_info());
    ofx::DnsError e = CHECK_THROWS(ofx::DnsError, b.post());
    CHECK(!e.message().empty());
    CHECK_EQ(b.item_status(0).code, uint32_t(OFX_RESULT_DNS));
    CHECK_EQ(b.item_status(1).code, uint32_t(OFX_RESULT_DNS));
    CHECK_THROWS(ofx::DnsError, b.item_response(1));
}

TEST(transfer_then_sync_from_token_zero) {
    ofx::Client c = demo_client();
    ofx::Request rq = c.request_transfer(checking_to_savings(ofx::Decimal::parse("25.00").to_string()));
    CHECK(rq.kind() == ofx::RequestKind::Transfer);
    CHECK(contains(c.request_text(rq), "INTRARQ"));
    ofx::Response answer = c.post(rq);
    answer.check();
    std::vector<ofx::MoneyRecord> records = answer.money_records();
    CHECK_EQ(records.size(), 1u);
    const ofx::MoneyRecord &xfer = records[0];
    CHECK(xfer.kind == ofx::RecordKind::Transfer);
    CHECK_EQ(xfer.status_code, 0);
    CHECK(xfer.id.has_value() && !xfer.id->empty());
    CHECK_EQ(xfer.trnuid, rq.uid());
    CHECK_EQ(xfer.amount_decimal(), std::optional<ofx::Decimal>(ofx::Decimal(2500, 2)));

    std::vector<ofx::MoneyRecord> seen;
    ofx::SyncResult sync = c.sync_transfers(checking_sync("0"), [&](const ofx::MoneyRecord &r) {
        seen.push_back(r);
        return true;
    });
    CHECK(!sync.token.empty());
    CHECK(!seen.empty());
    bool found = false;
    for (const auto &r : seen) {
        CHECK(r.in_sync);
        if (r.id == xfer.id) {
            found = true;
            CHECK_EQ(r.amount_decimal(), std::optional<ofx::Decimal>(ofx::Decimal(2500, 2)));
            CHECK(contains(r.to_account, SAVINGS));
        }
    }
    CHECK(found);
    CHECK_EQ(sync.response.money_records().size(), seen.size());

    // From the new token: the transfer is not added again (a later change of it may come).
    ofx::SyncResult next = c.sync_transfers(checking_sync(sync.token));
    CHECK(!next.token.empty());
    for (const auto &r : next.response.money_records()) CHECK(!(r.id == xfer.id && r.change == "added"));
}

TEST(sync_callback_stopping_hands_out_no_token) {
    ofx::Client c = demo_client();
    c.post(c.request_transfer(checking_to_savings("1.25"))).check();
    int calls = 0;
    ofx::CallbackStoppedError e = CHECK_THROWS(ofx::CallbackStoppedError, c.sync_transfers(checking_sync("0"), [&](const ofx::MoneyRecord &) {
        ++calls;
        return false;
    }));
    CHECK_EQ(calls, 1);
    CHECK_EQ(e.code(), uint32_t(OFX_RESULT_CALLBACK_STOPPED));
}

TEST(payment_and_payee_requests) {
    ofx::Client c = demo_client();
    ofx::PaymentSpec p;
    p.from_account_type = "checking";
    p.from_account = CHECKING;
    p.from_bank_id = BANK_ID;
    p.amount = "49.99";
    p.payee_name = "City Water Utility";
    p.payee_addr1 = "1 Main St";
    p.payee_city = "Springfield";
    p.payee_state = "IL";
    p.payee_postal_code = "62701";
    p.payee_phone = "555-0100";
    p.pay_account = "W-123";
    p.due = "2025-06-01";
    p.memo = "June";
    ofx::Request pay = c.request_payment(p);
    CHECK(pay.kind() == ofx::RequestKind::Payment);
    std::string text = c.request_text(pay);
    CHECK(contains(text, "PMTRQ"));
    CHECK(contains(text, "49.99"));
    CHECK(contains(text, "City Water Utility"));

    ofx::Request add = c.request_payee_add(p);
    CHECK(contains(c.request_text(add), "PAYEERQ"));
    CHECK(contains(c.request_text(c.request_payment_cancel("PMT-1")), "PMTCANCRQ"));
    CHECK(contains(c.request_text(c.request_payment_status("PMT-1")), "PMTINQRQ"));
    CHECK(contains(c.request_text(c.request_payee_delete("PL-1")), "PAYEEDELRQ"));
    CHECK(contains(c.request_text(c.request_transfer_cancel("X-1")), "INTRACANRQ"));
    CHECK(contains(c.request_text(c.request_transfer_modify("X-1", checking_to_savings("30.00"))), "INTRAMODRQ"));
    CHECK(contains(c.request_text(c.request_transfer_sync(checking_sync("0"))), "INTRASYNCRQ"));

    ofx::PaymentSpec bad = p;
    bad.amount = "0";
    CHECK_THROWS(ofx::InvalidArgumentError, c.request_payment(bad));
}

TEST(tls_callback_exception_surfaces_after_call) {
    ofx::Client c = demo_client(/*trust=*/false);
    int calls = 0;
    c.on_tls([&](const ofx::TlsEvent &e) -> ofx::TlsDecision {
        if (!e.is_decision()) return ofx::TlsDecision::Default;
        ++calls;
        throw Boom("no decision today: " + e.host);
    });
    Boom b = CHECK_THROWS(Boom, c.account_info());
    CHECK_EQ(std::string(b.what()), std::string("no decision today: localhost"));
    CHECK(calls >= 1);
    // The trampoline rejected the certificate: the native call failed on it.
    CHECK_EQ(c.error_info().code, uint32_t(OFX_RESULT_CERTIFICATE));

    // The client is fine afterwards.
    c.on_tls([](const ofx::TlsEvent &) { return ofx::TlsDecision::Accept; });
    CHECK(c.account_info().accounts().size() >= 4);
}

TEST(sync_callback_exception_surfaces_after_call) {
    ofx::Client c = demo_client();
    c.post(c.request_transfer(checking_to_savings("2.50"))).check();
    int calls = 0;
    Boom b = CHECK_THROWS(Boom, c.sync_transfers(checking_sync("0"), [&](const ofx::MoneyRecord &r) -> bool {
        ++calls;
        throw Boom("record " + r.id.value_or("?"));
    }));
    CHECK_EQ(calls, 1); // the trampoline stopped the sync at the first throw
    CHECK(contains(std::string(b.what()), "record "));
    CHECK_EQ(c.error_info().code, uint32_t(OFX_RESULT_CALLBACK_STOPPED));
}

TEST(connection_and_error_callback_exceptions_surface) {
    // A throw from a status callback of a call that succeeds natively: the answer is dropped (freed)
    // and the exception surfaces.
    ofx::Client c = demo_client();
    c.on_connection([](const ofx::ConnectionEvent &e) {
        if (e.state == OFX_CONN_CONNECTED) throw std::logic_error("connected to " + e.host);
    });
    std::logic_error le = CHECK_THROWS(std::logic_error, c.profile());
    CHECK_EQ(std::string(le.what()), std::string("connected to localhost"));

    // A throw from the error callback beats the native error.
    ofx::Client d;
    d.set_fi("https://nonexistent.invalid/ofx", "ofxkit Sandbox", "7777");
    d.set_credentials("demo", "demo-pass");
    d.on_error([](const ofx::ErrorEvent &e) { throw Boom(std::string("saw ") + e.name); });
    Boom b = CHECK_THROWS(Boom, d.profile());
    CHECK_EQ(std::string(b.what()), std::string("saw OFX_RESULT_DNS"));
    d.on_error(nullptr);
    CHECK_THROWS(ofx::DnsError, d.profile());
}
