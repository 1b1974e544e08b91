// The client against the sandbox FI over real HTTPS: TLS decisions, statements of every kind,
// account list, profile, closings, MFA, images, requests, errors and use after close.
#include "harness.hpp"

using harness::contains;
using harness::Sandbox;

namespace {

const char *const BANK_ID = "077700077";
const char *const CHECKING = "1000123456";
const char *const SAVINGS = "1000654321";
const char *const CARD = "4000123412341234";

/// A client for the sandbox's demo user; `trust` sets ca_file to the sandbox's CA.
ofx::Client demo_client(bool trust = true, const std::string &user = "demo", const std::string &password = "demo-pass") {
    Sandbox &sb = Sandbox::get();
    ofx::Client c;
    c.set_fi(sb.url, "ofxkit Sandbox", "7777");
    c.set_credentials(user, password);
    if (trust) c.set("ca_file", sb.ca);
    return c;
}

ofx::StatementRequest checking_2024() {
    return ofx::StatementRequest::bank("checking", BANK_ID, CHECKING).between("2024-01-01", "2024-07-01");
}

struct Boom : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace

TEST(statement_with_tls_callback_accepting_sandbox_cert) {
    std::vector<ofx::TlsEvent> tls;
    std::vector<std::string> states;
    ofx::Client c = demo_client(/*trust=*/false);
    c.on_tls([&](const ofx::TlsEvent &e) {
        tls.push_back(e);
        if (!e.is_decision()) return ofx::TlsDecision::Default;
        return contains(e.subject, "ofxkit sandbox") ? ofx::TlsDecision::Accept : ofx::TlsDecision::Reject;
    });
    c.on_connection([&](const ofx::ConnectionEvent &e) { states.push_back(e.state_name); });

    ofx::Response resp = c.statement(checking_2024());

    const ofx::TlsEvent *decision = nullptr;
    bool accepted_event = false;
    for (const auto &e : tls) {
        if (e.is_decision()) decision = &e;
        accepted_event |= e.kind == OFX_TLS_ACCEPTED_BY_CALLBACK;
    }
    CHECK(decision != nullptr);
    CHECK(contains(decision->subject, "ofxkit sandbox"));
    CHECK(contains(decision->issuer, "ofxkit sandbox"));
    CHECK(!decision->trusted);
    CHECK(!decision->reason.empty());
    CHECK_EQ(decision->host, std::string("localhost"));
    CHECK(!decision->cert_der.empty());
    CHECK(contains(decision->cert_pem, "-----BEGIN CERTIFICATE-----"));
    CHECK(accepted_event);
    CHECK(!states.empty());
    CHECK(std::find(states.begin(), states.end(), "connected") != states.end());

    auto signon = resp.signon();
    CHECK(signon.has_value());
    CHECK_EQ(signon->status_code, 0);
    CHECK_EQ(signon->org, std::string("ofxkit Sandbox"));
    CHECK_EQ(resp.statement_count(), 1u);
    ofx::Statement st = resp.statement(0);
    CHECK(st.kind == ofx::StatementKind::Bank);
    CHECK_EQ(st.account_id, std::string(CHECKING));
    CHECK_EQ(st.bank_id, std::string(BANK_ID));
    CHECK_EQ(st.status_code, 0);
    CHECK(st.transaction_count > 0);
    CHECK(st.ledger_balance.has_value());
    ofx::Decimal::parse(*st.ledger_balance); // an exact decimal
    for (const ofx::Transaction &t : resp.transactions(st)) {
        CHECK(t.fitid.has_value());
        CHECK(t.amount_decimal().has_value());
        CHECK(t.date_posted.has_value());
        CHECK(*t.date_posted >= std::string("2024-01-01") && *t.date_posted < std::string("2024-07-01"));
    }
    resp.check();
}

TEST(no_callback_no_ca_is_certificate_error) {
    std::vector<ofx::ErrorEvent> errors;
    ofx::Client c = demo_client(/*trust=*/false);
    c.on_error([&](const ofx::ErrorEvent &e) { errors.push_back(e); });
    ofx::CertificateError e = CHECK_THROWS(ofx::CertificateError, c.statement(checking_2024()));
    CHECK_EQ(e.code(), uint32_t(OFX_RESULT_CERTIFICATE));
    CHECK_EQ(std::string(e.name()), std::string("OFX_RESULT_CERTIFICATE"));
    CHECK(!e.message().empty());
    CHECK_EQ(c.error_info().code, uint32_t(OFX_RESULT_CERTIFICATE));
    CHECK_EQ(errors.size(), 1u);
    CHECK_EQ(errors[0].code, uint32_t(OFX_RESULT_CERTIFICATE));
    CHECK_EQ(errors[0].name, std::string("OFX_RESULT_CERTIFICATE"));
}

TEST(tls_callback_rejecting_is_certificate_error) {
    bool rejected_event = false;
    ofx::Client c = demo_client(/*trust=*/false);
    c.on_tls([&](const ofx::TlsEvent &e) {
        rejected_event |= e.kind == OFX_TLS_REJECTED_BY_CALLBACK;
        return e.is_decision() ? ofx::TlsDecision::Reject : ofx::TlsDecision::Default;
    });
    CHECK_THROWS(ofx::CertificateError, c.statement(checking_2024()));
    CHECK(rejected_event);
}

TEST(ca_file_trusts_the_sandbox) {
    std::vector<ofx::TlsEvent> tls;
    ofx::Client c = demo_client(/*trust=*/true);
    c.on_tls([&](const ofx::TlsEvent &e) {
        tls.push_back(e);
        return ofx::TlsDecision::Default;
    });
    ofx::Response resp = c.statement(ofx::StatementRequest::bank("savings", BANK_ID, SAVINGS));
    CHECK_EQ(resp.statement(0).account_id, std::string(SAVINGS));
    CHECK_EQ(resp.statement(0).account_type, std::string("SAVINGS"));
    bool trusted_event = false;
    for (const auto &e : tls) trusted_event |= e.kind == OFX_TLS_CERTIFICATE_TRUSTED;
    CHECK(trusted_event);
    CHECK_EQ(c.get("url"), Sandbox::get().url);

    // The same trust from PEM bytes in memory.
    ofx::Client d = demo_client(/*trust=*/false);
    d.add_ca_pem(harness::read_text(Sandbox::get().ca));
    CHECK_EQ(d.statement(ofx::StatementRequest::bank("savings", BANK_ID, SAVINGS)).statement(0).account_id, std::string(SAVINGS));
}

TEST(credit_card_and_account_list) {
    ofx::Client c = demo_client();
    ofx::Response cc = c.statement(ofx::StatementRequest::credit_card(CARD));
    ofx::Statement st = cc.statement(0);
    CHECK(st.kind == ofx::StatementKind::CreditCard);
    CHECK_EQ(st.account_id, std::string(CARD));
    CHECK(st.transaction_count > 0);

    ofx::Response list = c.account_info();
    std::vector<ofx::Account> accounts = list.accounts();
    CHECK(accounts.size() >= 4);
    auto find = [&](const std::string &id) -> const ofx::Account * {
        for (const auto &a : accounts)
            if (a.account_id == id) return &a;
        return nullptr;
    };
    CHECK(find(CHECKING) != nullptr);
    CHECK_EQ(find(CHECKING)->kind, std::string("bank"));
    CHECK_EQ(find(CHECKING)->bank_id, std::string(BANK_ID));
    CHECK_EQ(find(CARD)->kind, std::string("creditcard"));
    CHECK_EQ(find("INV-77001")->kind, std::string("investment"));
    CHECK_EQ(find("INV-77001")->broker_id, std::string("sandbox.ofxkit.example"));
}

TEST(investment_positions_and_securities) {
    ofx::Client c = demo_client();
    ofx::Response resp = c.statement(ofx::StatementRequest::investment("sandbox.ofxkit.example", "INV-77001"));
    ofx::Statement st = resp.statement(0);
    CHECK(st.kind == ofx::StatementKind::Investment);
    CHECK_EQ(st.account_id, std::string("INV-77001"));
    CHECK_EQ(st.broker_id, std::string("sandbox.ofxkit.example"));
    CHECK(st.position_count > 0);
    std::vector<ofx::Security> securities = resp.securities();
    CHECK(!securities.empty());
    for (const ofx::Position &p : resp.positions(st)) {
        CHECK(p.security_id.has_value());
        bool listed = false;
        for (const auto &s : securities) listed |= s.id == p.security_id;
        CHECK(listed);
        CHECK(p.units.has_value());
        ofx::Decimal::parse(*p.units);
        CHECK(p.market_value.has_value());
    }
    bool ticker = false;
    for (const auto &s : securities) ticker |= s.ticker.has_value() && !s.ticker->empty();
    CHECK(ticker);
    CHECK(st.transaction_count > 0);
    ofx::Transaction t = resp.transaction(st.index, 0);
    CHECK(t.type.has_value());
    // A bank statement has no positions: the native error surfaces.
    ofx::Response bank = c.statement(checking_2024());
    CHECK_THROWS(ofx::NotFoundError, bank.transaction(0, bank.statement(0).transaction_count));
}

TEST(loan_statement_and_closing_on_211) {
    ofx::Client c = demo_client();
    c.set("version", "211");
    ofx::Response loan = c.statement(ofx::StatementRequest::loan("LN-55001"));
    ofx::Statement st = loan.statement(0);
    CHECK(st.kind == ofx::StatementKind::Loan);
    CHECK_EQ(st.account_id, std::string("LN-55001"));
    CHECK(st.ledger_balance.has_value());

    ofx::Response closing = c.closing(ofx::StatementRequest::bank("checking", BANK_ID, CHECKING).between("2024-01-01", "2024-04-01"));
    std::vector<ofx::Closing> closings = closing.closings();
    CHECK(!closings.empty());
    CHECK(closings[0].kind == ofx::StatementKind::Bank);
    CHECK_EQ(closings[0].account_id, std::string(CHECKING));
    CHECK(closings[0].balance_close.has_value());
}

TEST(profile_message_sets_and_realms) {
    ofx::Client c = demo_client();
    ofx::Response resp = c.profile();
    auto p = resp.profile();
    CHECK(p.has_value());
    CHECK(p->fi_name.has_value());
    CHECK(p->message_set_count > 0);
    std::vector<ofx::MessageSet> sets = resp.profile_message_sets();
    CHECK_EQ(sets.size(), p->message_set_count);
    bool signon = false, bank = false;
    for (const auto &s : sets) {
        signon |= s.name == "SIGNONMSGSET";
        bank |= s.name == "BANKMSGSET";
    }
    CHECK(signon && bank);
    std::vector<ofx::SignonRealm> realms = resp.profile_signon_realms();
    CHECK(!realms.empty());
    CHECK(realms[0].name.has_value());
}

TEST(mfa_challenge_then_access_key) {
    ofx::Client c = demo_client(true, "mfa", "mfa-pass");
    c.set("version", "103");
    ofx::StatementRequest rq = ofx::StatementRequest::bank("checking", BANK_ID, "2000111111");
    ofx::Response first = c.statement(rq);
    CHECK_EQ(first.signon()->status_code, 3000);
    CHECK_THROWS(ofx::RefusedError, first.check());

    ofx::Response challenge = c.mfa_challenge();
    std::vector<ofx::MfaQuestion> questions = challenge.mfa_questions();
    CHECK_EQ(questions.size(), 3u);
    CHECK_EQ(questions[0].phrase_id, std::string("MFA13"));
    CHECK_EQ(questions[0].label, std::string("What is your favorite color?"));
    CHECK(!questions[2].label.has_value()); // MFA107, a built-in question
    c.set_mfa_answer("MFA13", "blue");
    c.set_mfa_answer("MFA16", "rex");
    c.set_mfa_answer("MFA107", "ofxkit-cpp");

    ofx::Response second = c.statement(rq);
    CHECK_EQ(second.signon()->status_code, 0);
    CHECK_EQ(second.statement(0).account_id, std::string("2000111111"));
    auto key = c.get("access_key");
    CHECK(key.has_value() && !key->empty());
}

TEST(check_image_download_211) {
    ofx::Client c = demo_client();
    c.set("version", "211");
    ofx::StatementRequest rq = checking_2024();
    rq.include_images = true;
    ofx::Response resp = c.statement(rq);
    ofx::Statement st = resp.statement(0);
    std::optional<std::string> ref;
    for (std::size_t i = 0; i < st.transaction_count && !ref; ++i) {
        ofx::Transaction t = resp.transaction(0, i);
        ofx::Element trn(resp.view(), t.element);
        auto type = trn.find("IMAGEDATA/IMAGEREFTYPE");
        if (type && type->text() == std::string("OPAQUE")) ref = trn.find("IMAGEDATA/IMAGEREF")->text();
    }
    CHECK(ref.has_value());
    ofx::Image img = c.get_image(ofx::ImageRefType::Opaque, *ref);
    CHECK_EQ(img.content_type(), std::string("image/png"));
    std::vector<uint8_t> png = img.data();
    CHECK(png.size() > 8);
    CHECK(png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    img.close();
    CHECK_THROWS(ofx::ClosedError, img.data());
}

TEST(request_items_uid_text_and_post) {
    ofx::Client c = demo_client();
    ofx::Request rq = c.request_statement(checking_2024());
    CHECK(!rq.uid().empty());
    CHECK(rq.kind() == ofx::RequestKind::BankStatement);
    CHECK_EQ(rq.kind_name(), std::string("bank_statement"));
    rq.set_uid("CPP-RETRY-0001");
    CHECK_EQ(rq.uid(), std::string("CPP-RETRY-0001"));
    CHECK_THROWS(ofx::InvalidArgumentError, rq.set_uid(""));

    std::string masked = c.request_text(rq);
    CHECK(contains(masked, "CPP-RETRY-0001"));
    CHECK(contains(masked, CHECKING));
    CHECK(!contains(masked, "demo-pass"));
    CHECK(contains(c.request_text(rq, /*masked=*/false), "demo-pass"));

    ofx::Response resp = c.post(rq);
    CHECK_EQ(resp.statement(0).trnuid, std::string("CPP-RETRY-0001"));
    CHECK_EQ(resp.statement(0).account_id, std::string(CHECKING));

    CHECK_EQ(c.request_profile().kind_name(), std::string("profile"));
    CHECK_EQ(c.request_account_info().kind_name(), std::string("account_info"));
    CHECK_EQ(ofx::Request::kind_name(ofx::RequestKind::CreditCardStatement), std::string("creditcard_statement"));
}

TEST(bad_settings_and_specs_are_errors) {
    ofx::Client c;
    ofx::ConfigError e = CHECK_THROWS(ofx::ConfigError, c.set("no_such_key", "1"));
    CHECK(contains(e.message(), "no_such_key"));
    CHECK_THROWS(ofx::ConfigError, c.set("timeout_ms", "soon"));
    CHECK(!c.get("access_key").has_value());

    // Quirk profiles: all or nothing.
    c.load_profile("# a profile\nversion=211\napp_ver=2800\n");
    CHECK_EQ(c.get("version"), std::string("211"));
    CHECK_EQ(c.get("app_ver"), std::string("2800"));
    CHECK_THROWS(ofx::ConfigError, c.load_profile("version=103\nbogus_key=1\n"));
    CHECK_EQ(c.get("version"), std::string("211"));

    ofx::TransferSpec t;
    t.from_account_type = "checking";
    t.from_account = CHECKING;
    t.from_bank_id = BANK_ID;
    t.to_account_type = "savings";
    t.to_account = SAVINGS;
    t.amount = "-5.00";
    ofx::InvalidArgumentError ia = CHECK_THROWS(ofx::InvalidArgumentError, c.request_transfer(t));
    CHECK(!ia.message().empty());

    ofx::Client no_url;
    no_url.set_credentials("demo", "demo-pass");
    CHECK_THROWS(ofx::ConfigError, no_url.profile());
    ofx::InvalidUrlError iu = CHECK_THROWS(ofx::InvalidUrlError, no_url.set_fi("http://plain.example/ofx", "X").profile());
    CHECK_EQ(iu.code(), uint32_t(OFX_RESULT_INVALID_URL));
}

TEST(dns_failure_is_dns_error) {
    std::vector<ofx::ErrorEvent> errors;
    std::vector<std::string> states;
    ofx::Client c;
    c.set_fi("https://nonexistent.invalid/ofx", "ofxkit Sandbox", "7777");
    c.set_credentials("demo", "demo-pass");
    c.on_error([&](const ofx::ErrorEvent &e) { errors.push_back(e); });
    c.on_connection([&](const ofx::ConnectionEvent &e) { states.push_back(e.state_name); });
    ofx::DnsError e = CHECK_THROWS(ofx::DnsError, c.statement(checking_2024()));
    CHECK_EQ(e.code(), uint32_t(OFX_RESULT_DNS));
    CHECK_EQ(std::string(e.name()), std::string("OFX_RESULT_DNS"));
    CHECK(contains(e.message(), "nonexistent.invalid"));
    CHECK_EQ(errors.size(), 1u);
    CHECK_EQ(errors[0].code, uint32_t(OFX_RESULT_DNS));
    CHECK(!states.empty());
    CHECK_EQ(states[0], std::string("resolving"));
    // Caught as the family too.
    try {
        c.profile();
        harness::fail(__FILE__, __LINE__, "profile() did not fail");
    } catch (const ofx::TransportError &te) {
        CHECK_EQ(te.code(), uint32_t(OFX_RESULT_DNS));
    }
}

TEST(connection_refused_is_connect_error) {
    ofx::Client c;
    c.set_fi("https://127.0.0.1:1/ofx", "ofxkit Sandbox", "7777");
    c.set_credentials("demo", "demo-pass");
    ofx::ConnectError e = CHECK_THROWS(ofx::ConnectError, c.profile());
    CHECK_EQ(e.code(), uint32_t(OFX_RESULT_CONNECT));
}

TEST(client_use_after_close_and_move) {
    ofx::Client c = demo_client();
    ofx::Request rq = c.request_profile();
    ofx::Client moved = std::move(c);
    CHECK(c.closed());
    ofx::ClosedError e1 = CHECK_THROWS(ofx::ClosedError, c.profile());
    CHECK(contains(e1.message(), "ofx::Client"));
    CHECK(moved.profile().profile().has_value());

    moved.close();
    moved.close(); // idempotent
    ofx::ClosedError e2 = CHECK_THROWS(ofx::ClosedError, moved.statement(checking_2024()));
    CHECK_EQ(e2.code(), uint32_t(OFX_RESULT_NULL_POINTER));
    CHECK_THROWS(ofx::ClosedError, moved.set("version", "220"));
    CHECK_THROWS(ofx::ClosedError, moved.batch());
    CHECK_THROWS(ofx::ClosedError, moved.on_tls([](const ofx::TlsEvent &) { return ofx::TlsDecision::Accept; }));

    // The request outlives its client (it is a copy of what it needs).
    CHECK_EQ(rq.kind_name(), std::string("profile"));
    rq.close();
    ofx::ClosedError e3 = CHECK_THROWS(ofx::ClosedError, rq.uid());
    CHECK(contains(e3.message(), "ofx::Request"));
}

TEST(userdata_free_runs_once_per_registration) {
    auto token = std::make_shared<int>(7);
    {
        ofx::Client c;
        c.on_connection([token](const ofx::ConnectionEvent &) {});
        CHECK_EQ(token.use_count(), 2L);
        c.on_connection([token](const ofx::ConnectionEvent &) {}); // replaced: the first state is freed
        CHECK_EQ(token.use_count(), 2L);
        c.on_connection(nullptr); // removed
        CHECK_EQ(token.use_count(), 1L);
        c.on_tls([token](const ofx::TlsEvent &) { return ofx::TlsDecision::Default; });
        c.on_error([token](const ofx::ErrorEvent &) {});
        CHECK_EQ(token.use_count(), 3L);
        ofx::Batch b = c.batch(); // the batch shares the registrations
        c.close();
        CHECK_EQ(token.use_count(), 3L);
        b.on_error(nullptr); // the batch's own registration is replaced: the shared one is now unused
        CHECK_EQ(token.use_count(), 2L);
        b.close();
        CHECK_EQ(token.use_count(), 1L);
    }
}

TEST(callback_calling_its_own_client_is_refused) {
    ofx::Client c = demo_client();
    c.on_connection([&c](const ofx::ConnectionEvent &e) {
        if (e.state == OFX_CONN_CONNECTED) c.get("url"); // forbidden by the C API: refused, not undefined
    });
    ofx::UsageError e = CHECK_THROWS(ofx::UsageError, c.profile());
    CHECK_EQ(e.code(), uint32_t(OFX_RESULT_INVALID_ARGUMENT));
    CHECK(contains(e.message(), "own callbacks"));

    c.on_connection([&c](const ofx::ConnectionEvent &) { c.close(); });
    CHECK_THROWS(ofx::UsageError, c.profile());
    CHECK(!c.closed()); // the close was refused; the client still works
    c.on_connection(nullptr);
    CHECK(c.profile().profile().has_value());

    // Another client may be used from a callback (the inner call's exceptions stay its own).
    ofx::Client other = demo_client();
    std::string inner;
    c.on_connection([&](const ofx::ConnectionEvent &ev) {
        if (ev.state != OFX_CONN_CONNECTED || !inner.empty()) return;
        try {
            other.set_fi("https://nonexistent.invalid/ofx", "x").profile();
        } catch (const ofx::DnsError &dns) {
            inner = dns.name();
        }
    });
    CHECK(c.profile().profile().has_value());
    CHECK_EQ(inner, std::string("OFX_RESULT_DNS"));
}
