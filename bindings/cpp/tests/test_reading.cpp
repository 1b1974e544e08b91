// Reading: files and bytes, typed views, JSON, the element tree, exact decimals, parse errors.
#include "harness.hpp"

using harness::contains;

static std::string sample_path() { return harness::repo() + "/examples/data/sample.ofx"; }

// README example: this test is quoted in bindings/cpp/README.md.
TEST(read_sample_file_typed_values) {
    ofx::Response resp = ofx::Response::read_file(sample_path());

    std::vector<ofx::Statement> statements = resp.statements();
    CHECK_EQ(statements.size(), 2u);

    const ofx::Statement &bank = statements[0];
    CHECK(bank.kind == ofx::StatementKind::Bank);
    CHECK_EQ(bank.account_id, std::string("0004417725"));
    CHECK_EQ(bank.bank_id, std::string("121000358"));
    CHECK_EQ(bank.account_type, std::string("CHECKING"));
    CHECK_EQ(bank.currency, std::string("USD"));
    CHECK_EQ(bank.ledger_balance, std::string("3106.05"));
    CHECK_EQ(bank.transaction_count, 5u);

    ofx::Decimal total;
    for (const ofx::Transaction &t : resp.transactions(bank)) total += *t.amount_decimal();
    CHECK_EQ(total, ofx::Decimal::parse("1106.05"));
    CHECK_EQ(total.to_string(), std::string("1106.05"));

    const ofx::Statement &card = statements[1];
    CHECK(card.kind == ofx::StatementKind::CreditCard);
    CHECK_EQ(card.account_id, std::string("4000123412341234"));
    std::vector<ofx::Transaction> card_txns = resp.transactions(card);
    CHECK_EQ(card_txns.size(), 2u);
    ofx::Decimal card_total;
    for (const ofx::Transaction &t : card_txns) card_total += *t.amount_decimal();
    CHECK_EQ(card_total.to_string(), std::string("476.01"));
}

TEST(transaction_fields_dates_and_amounts) {
    ofx::Response resp = ofx::Response::read_file(sample_path());
    ofx::Transaction first = resp.transaction(0, 0);
    CHECK_EQ(first.fitid, std::string("202401050001"));
    CHECK_EQ(first.type, std::string("DIRECTDEP"));
    CHECK_EQ(first.name, std::string("PAYROLL NORTHWIND TRADERS"));
    CHECK_EQ(first.memo, std::string("DIRECT DEPOSIT"));
    CHECK_EQ(first.amount, std::string("2450.00"));
    CHECK(first.amount_fits);
    CHECK_EQ(first.amount_mantissa, int64_t(245000));
    CHECK_EQ(first.amount_scale, 2u);
    // 2024-01-05 12:00 EST is 17:00 UTC.
    CHECK_EQ(first.date_posted, std::string("2024-01-05T17:00:00Z"));
    CHECK(first.date_posted_time.has_value());
    CHECK_EQ(int64_t(std::chrono::duration_cast<std::chrono::seconds>(first.date_posted_time->time_since_epoch()).count()), int64_t(1704474000));
    CHECK_EQ(first.date_posted_offset_minutes, -300);

    ofx::Transaction check = resp.transaction(0, 1);
    CHECK_EQ(check.check_number, std::string("1042"));
    CHECK_EQ(check.date_posted, std::string("2024-01-09"));
    CHECK_EQ(check.amount_decimal()->to_string(), std::string("-1200.00"));
    CHECK(!check.memo.has_value());

    // Entities are decoded.
    CHECK_EQ(resp.transaction(0, 2).name, std::string("GREEN & FRESH GROCERY"));

    auto signon = resp.signon();
    CHECK(signon.has_value());
    CHECK_EQ(signon->status_code, 0);
    CHECK_EQ(signon->org, std::string("Example Savings Bank"));
    CHECK_EQ(signon->fid, std::string("40417"));

    std::vector<ofx::TrnStatus> trns = resp.trn_statuses();
    CHECK_EQ(trns.size(), 2u);
    CHECK_EQ(trns[0].type, std::string("STMTTRNRS"));
    CHECK_EQ(trns[0].trnuid, std::string("1001"));
    CHECK_EQ(trns[1].type, std::string("CCSTMTTRNRS"));
    CHECK_EQ(trns[1].code, 0);
    resp.check(); // every status is 0: no throw

    CHECK_THROWS(ofx::NotFoundError, resp.transaction(0, 5));
    CHECK_THROWS(ofx::NotFoundError, resp.statement(2));
}

TEST(parse_bytes_json_csv_and_serialize) {
    std::string bytes = harness::read_text(sample_path());
    ofx::Response resp = ofx::Response::parse(bytes);
    CHECK_EQ(resp.statement_count(), 2u);

    std::string json = resp.to_json();
    CHECK(contains(json, "\"account_id\":\"0004417725\""));
    CHECK(contains(json, "\"amount\":\"2450.00\""));
    CHECK(contains(json, "\"kind\":\"creditcard\""));
    CHECK(contains(json, "\"org\":\"Example Savings Bank\""));

    std::string csv = resp.to_csv();
    CHECK(contains(csv, "account_id,kind,fitid,type,date_posted,amount,name,memo,check_number"));
    CHECK(contains(csv, "CC2024012501"));

    // Written out as OFX 2.1.1 XML and read back: the same statements and amounts.
    std::string xml = resp.serialize(211);
    CHECK(contains(xml, "VERSION=\"211\""));
    ofx::Response again = ofx::Response::parse(xml);
    CHECK_EQ(again.statement(1).account_id, std::string("4000123412341234"));
    CHECK_EQ(again.transaction(1, 1).amount, std::string("500.00"));

    harness::TempDir dir;
    resp.write_file(dir.path + "/out.ofx", 102);
    ofx::Response from_file = ofx::Response::read_file(dir.path + "/out.ofx");
    CHECK_EQ(from_file.statement(0).transaction_count, 5u);
}

TEST(element_tree_paths_and_children) {
    ofx::Response resp = ofx::Response::read_file(sample_path());
    ofx::Element root = resp.root();
    CHECK_EQ(root.name(), std::string("OFX"));
    CHECK_EQ(root.child_count(), 3u);
    std::vector<std::string> names;
    for (const ofx::Element &child : root.children()) names.push_back(child.name());
    CHECK_EQ(names[0], std::string("SIGNONMSGSRSV1"));
    CHECK_EQ(names[2], std::string("CREDITCARDMSGSRSV1"));

    auto bal = resp.find("BANKMSGSRSV1/STMTTRNRS/STMTRS/LEDGERBAL/BALAMT");
    CHECK(bal.has_value());
    CHECK_EQ(bal->text(), std::string("3106.05"));
    CHECK(bal->offset() > 0);

    auto third = resp.find("BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN[3]");
    CHECK(third.has_value());
    CHECK_EQ(third->find("TRNAMT")->text(), std::string("-80.00"));
    CHECK(!third->text().has_value()); // an aggregate has no text

    CHECK(!resp.find("BANKMSGSRSV1/NOPE").has_value());

    // The statement view's element id is the STMTRS aggregate.
    ofx::Statement st = resp.statement(0);
    CHECK_EQ(ofx::Element(resp.view(), st.element).name(), std::string("STMTRS"));
}

TEST(parse_html_is_not_ofx) {
    std::string html = "<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Down for maintenance</body></html>";
    ofx::NotOfxError e = CHECK_THROWS(ofx::NotOfxError, ofx::Response::parse(html));
    CHECK_EQ(e.code(), uint32_t(OFX_RESULT_NOT_OFX));
    CHECK_EQ(std::string(e.name()), std::string("OFX_RESULT_NOT_OFX"));
    CHECK(!e.message().empty());
    CHECK(contains(e.message(), "HTML"));
    CHECK(contains(std::string(e.what()), "OFX_RESULT_NOT_OFX (100)"));
    CHECK(!e.description().empty());

    // Caught as the base classes too.
    try {
        ofx::Response::parse(std::string_view(""));
        harness::fail(__FILE__, __LINE__, "empty input parsed");
    } catch (const ofx::ParseError &pe) {
        CHECK_EQ(pe.code(), uint32_t(OFX_RESULT_NOT_OFX));
    }
}

TEST(read_missing_file_is_io_error) {
    ofx::IoError e = CHECK_THROWS(ofx::IoError, ofx::Response::read_file("/nonexistent/dir/statement.ofx"));
    CHECK_EQ(e.code(), uint32_t(OFX_RESULT_IO));
    CHECK(!e.message().empty());
}

TEST(response_use_after_close_and_move) {
    ofx::Response resp = ofx::Response::read_file(sample_path());
    ofx::ResponseView view = resp.view();
    ofx::Element root = resp.root();
    CHECK_EQ(view.statement_count(), 2u);

    ofx::Response moved = std::move(resp);
    CHECK(resp.closed());
    CHECK_THROWS(ofx::ClosedError, resp.statement_count());
    CHECK_EQ(view.statement_count(), 2u); // the view follows the document, not the C++ object
    CHECK_EQ(moved.statement(0).account_id, std::string("0004417725"));

    // Typed views are copies: they outlive the response.
    ofx::Statement kept = moved.statement(0);
    moved.close();
    moved.close(); // idempotent, never freed twice
    CHECK(moved.closed());
    CHECK_EQ(kept.account_id, std::string("0004417725"));

    ofx::ClosedError e = CHECK_THROWS(ofx::ClosedError, moved.to_json());
    CHECK_EQ(e.code(), uint32_t(OFX_RESULT_NULL_POINTER));
    CHECK(contains(e.message(), "ofx::Response"));
    CHECK(contains(e.message(), "closed"));
    CHECK(!view.valid());
    CHECK_THROWS(ofx::ClosedError, view.statements());
    CHECK_THROWS(ofx::ClosedError, root.name());
}

TEST(strict_mode_rejects_what_tolerant_mode_repairs) {
    // An amount written with a decimal comma: tolerant reading repairs it (with a warning), strict
    // mode refuses the document.
    std::string doc = harness::read_text(sample_path());
    auto pos = doc.find("<TRNAMT>-64.37");
    doc.replace(pos, std::strlen("<TRNAMT>-64.37"), "<TRNAMT>-64,37");
    ofx::Response tolerant = ofx::Response::parse(doc);
    CHECK_EQ(tolerant.transaction(0, 2).amount, std::string("-64.37"));
    std::vector<ofx::Warning> warnings = tolerant.warnings();
    CHECK(!warnings.empty());
    CHECK(!warnings[0].message.empty());
    CHECK(warnings[0].line > 0);

    ofx::ParseOptions strict;
    strict.strict = true;
    ofx::StrictViolationError e = CHECK_THROWS(ofx::StrictViolationError, ofx::Response::parse(doc, strict));
    CHECK_EQ(e.code(), uint32_t(OFX_RESULT_STRICT_VIOLATION));
    CHECK(!e.message().empty());
}

TEST(decimal_exact_arithmetic) {
    using ofx::Decimal;
    CHECK_EQ(Decimal::parse("-4829.95").mantissa(), int64_t(-482995));
    CHECK_EQ(Decimal::parse("-4829.95").scale(), 2u);
    CHECK_EQ(Decimal::parse("25.00").to_string(), std::string("25.00"));
    CHECK_EQ(Decimal::parse("-0.07").to_string(), std::string("-0.07"));
    CHECK_EQ(Decimal::parse("+3").to_string(), std::string("3"));
    CHECK_EQ(Decimal::parse(".5").to_string(), std::string("0.5"));
    CHECK_EQ((Decimal::parse("0.1") + Decimal::parse("0.2")).to_string(), std::string("0.3"));
    CHECK_EQ((Decimal::parse("10") - Decimal::parse("0.01")).to_string(), std::string("9.99"));
    CHECK_EQ((-Decimal::parse("1.50")).to_string(), std::string("-1.50"));
    CHECK(Decimal::parse("1.10") == Decimal::parse("1.1"));
    CHECK(Decimal::parse("-8.95000") == Decimal(-895, 2));
    CHECK(Decimal::parse("2.5") > Decimal::parse("2.49"));
    CHECK(Decimal::parse("-2.5") < Decimal::parse("-2.49"));
    CHECK(Decimal::parse("0.000000000000000001") < Decimal::parse("9"));
    CHECK(Decimal(std::numeric_limits<int64_t>::max(), 0) > Decimal::parse("0.5"));
    CHECK_EQ(Decimal::parse("1.5").with_scale(3).to_string(), std::string("1.500"));
    CHECK_EQ(Decimal::parse("1.500").with_scale(1).to_string(), std::string("1.5"));
    CHECK_EQ(Decimal(std::numeric_limits<int64_t>::min(), 2).to_string(), std::string("-92233720368547758.08"));
    CHECK_THROWS(std::domain_error, Decimal::parse("1.55").with_scale(1));
    CHECK_THROWS(std::invalid_argument, Decimal::parse("12a"));
    CHECK_THROWS(std::invalid_argument, Decimal::parse("-"));
    CHECK_THROWS(std::invalid_argument, Decimal::parse("1.2.3"));
    CHECK_THROWS(std::overflow_error, Decimal::parse("99999999999999999999"));
    CHECK_THROWS(std::overflow_error, Decimal(std::numeric_limits<int64_t>::max(), 0) + Decimal(1, 0));
}

TEST(result_codes_and_version) {
    CHECK_EQ(std::string(ofx::result_name(OFX_RESULT_DNS)), std::string("OFX_RESULT_DNS"));
    CHECK_EQ(std::string(ofx::result_name(9999)), std::string("OFX_RESULT_UNKNOWN"));
    CHECK(!ofx::result_description(OFX_RESULT_CERTIFICATE).empty());
    std::string v = ofx::version();
    CHECK_EQ(v, std::to_string(OFX_VERSION_MAJOR) + "." + std::to_string(OFX_VERSION_MINOR) + "." + std::to_string(OFX_VERSION_PATCH));
    // raise() maps codes to the derived classes.
    try {
        ofx::raise(OFX_RESULT_CERTIFICATE, "x");
    } catch (const ofx::TlsError &e) {
        CHECK(dynamic_cast<const ofx::CertificateError *>(&e) != nullptr);
    }
    try {
        ofx::raise(OFX_RESULT_HTTP_STATUS, "x", 503, "busy");
    } catch (const ofx::HttpStatusError &e) {
        CHECK_EQ(e.http_status(), uint16_t(503));
        CHECK_EQ(e.body_start(), std::string("busy"));
    }
}
