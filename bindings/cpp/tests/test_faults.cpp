// Misbehaving servers (the sandbox's --fault modes) map to the binding's error classes.
#include "harness.hpp"

using harness::contains;
using harness::Sandbox;

namespace {
ofx::Client client_for(const Sandbox &sb) {
    ofx::Client c;
    c.set_fi(sb.url, "ofxkit Sandbox", "7777");
    c.set_credentials("demo", "demo-pass");
    c.set("ca_file", sb.ca);
    return c;
}
} // namespace

TEST(http_503_is_http_status_error) {
    Sandbox sb({"--fault", "status:503"});
    ofx::Client c = client_for(sb);
    ofx::HttpStatusError e = CHECK_THROWS(ofx::HttpStatusError, c.profile());
    CHECK_EQ(e.code(), uint32_t(OFX_RESULT_HTTP_STATUS));
    CHECK_EQ(e.http_status(), uint16_t(503));
    CHECK(contains(e.message(), "503"));
    ofx::ErrorInfo info = c.error_info();
    CHECK_EQ(info.code, uint32_t(OFX_RESULT_HTTP_STATUS));
    CHECK_EQ(info.http_status, uint16_t(503));
}

TEST(html_page_answer_is_bad_response) {
    Sandbox sb({"--fault", "html-200"});
    ofx::Client c = client_for(sb);
    ofx::BadResponseError e = CHECK_THROWS(ofx::BadResponseError, c.account_info());
    CHECK_EQ(e.code(), uint32_t(OFX_RESULT_BAD_RESPONSE));
    CHECK(!e.message().empty());
}

TEST(truncated_ofx_answer_is_truncated_error) {
    Sandbox sb({"--fault", "truncated-ofx"});
    ofx::Client c = client_for(sb);
    ofx::TruncatedError e = CHECK_THROWS(ofx::TruncatedError, c.account_info());
    CHECK_EQ(e.code(), uint32_t(OFX_RESULT_TRUNCATED));
}

TEST(slow_server_is_timeout_error) {
    Sandbox sb({"--fault", "delay:3000"});
    ofx::Client c = client_for(sb);
    c.set("timeout_ms", "500");
    auto t0 = std::chrono::steady_clock::now();
    ofx::TimeoutError e = CHECK_THROWS(ofx::TimeoutError, c.profile());
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    CHECK_EQ(e.code(), uint32_t(OFX_RESULT_TIMEOUT));
    CHECK(ms < 2500);
}

TEST(untrusted_cert_fault_is_shown_to_the_tls_callback) {
    Sandbox sb({"--fault", "untrusted-cert"});
    ofx::Client c = client_for(sb); // ca_file is the sandbox CA, but this certificate is not from it
    CHECK_THROWS(ofx::CertificateError, c.profile());
    std::string issuer;
    c.on_tls([&](const ofx::TlsEvent &e) {
        if (!e.is_decision()) return ofx::TlsDecision::Default;
        issuer = e.issuer;
        return e.trusted ? ofx::TlsDecision::Default : ofx::TlsDecision::Reject;
    });
    CHECK_THROWS(ofx::CertificateError, c.profile());
    CHECK(contains(issuer, "untrusted"));
}
