"""The client against the sandbox FI: TLS decisions, certificate and DNS errors, callbacks that
raise, statements of every kind, account list, profile, MFA, configuration."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import ofxkit
from ofxkit import _callbacks
from conftest import BANK_ID, BROKER, CARD, CHECKING, FID, INVEST, LOAN, ORG, PASSWORD, USER


def test_statement_with_tls_callback_accepting_the_sandbox_certificate(sandbox):
    before = _callbacks.live_registrations()
    seen = []

    def on_tls(event: ofxkit.TlsEvent):
        seen.append(event)
        if event.kind == ofxkit.TLS_SERVER_CERTIFICATE:
            return "ofxkit sandbox" in (event.issuer or "").lower()  # True accepts, False rejects
        return None

    states = []
    with ofxkit.Client(sandbox["url"], "ofxkit Sandbox", "7777", user_id="demo", password="demo-pass",
                       tls_callback=on_tls, connection_callback=lambda e: states.append(e.state_name)) as client:
        with client.statement(account_type="checking", account_id="1000123456", bank_id="077700077",
                              start=dt.date(2024, 1, 1), end=dt.date(2024, 3, 31)) as resp:
            resp.check()
            st = resp.statements[0]
            assert st.account_id == "1000123456"
            assert len(st.transactions) > 0

    certs = [e for e in seen if e.kind == ofxkit.TLS_SERVER_CERTIFICATE]
    assert len(certs) == 1
    cert = certs[0]
    assert "ofxkit sandbox" in cert.subject and "CN=localhost" in cert.subject
    assert "ofxkit sandbox" in cert.issuer and cert.issuer != cert.subject
    assert cert.trusted is False and cert.reason
    assert cert.cert_der[:1] == b"\x30" and len(cert.cert_der) > 100
    assert cert.cert_pem.startswith("-----BEGIN CERTIFICATE-----")
    assert cert.host == "localhost" and cert.port == sandbox["port"]
    kinds = [e.kind for e in seen]
    assert ofxkit.TLS_CERTIFICATE_UNTRUSTED in kinds and ofxkit.TLS_ACCEPTED_BY_CALLBACK in kinds
    for state in ("resolving", "connecting", "connected", "tls_handshake_done", "request_sent",
                  "response_received", "closed"):
        assert state in states
    assert states.index("tls_handshake_done") < states.index("request_sent") < states.index("response_received")
    assert _callbacks.live_registrations() == before  # the client's userdata_free released both callables


def test_statement_values(client):
    with client.statement(ofxkit.StatementRequest("checking", "1000123456", bank_id=BANK_ID,
                                                  start="2024-01-01", end="2024-12-31")) as resp:
        assert resp.signon.status_code == 0 and resp.signon.org == ORG and resp.signon.fid == FID
        st, = resp.statements
        assert st.kind is ofxkit.StatementKind.BANK and st.bank_id == BANK_ID and st.account_type == "CHECKING"
        assert st.currency == "USD"
        assert isinstance(st.ledger_balance, Decimal)
        assert len(st.transactions) > 0
        for t in st.transactions:
            assert isinstance(t.amount, Decimal) and t.fitid
            posted = t.date_posted if isinstance(t.date_posted, dt.date) else None
            assert posted is not None
            day = posted.date() if isinstance(posted, dt.datetime) else posted
            assert dt.date(2023, 12, 31) <= day <= dt.date(2025, 1, 1)
        doc = resp.json()
        assert doc["statements"][0]["account_id"] == "1000123456"
        assert len(doc["statements"][0]["transactions"]) == len(st.transactions)


def test_untrusted_certificate_without_callback_or_ca(sandbox):
    errors = []
    with ofxkit.Client(sandbox["url"], ORG, FID, user_id=USER, password=PASSWORD,
                       error_callback=errors.append) as client:
        with pytest.raises(ofxkit.CertificateError) as ei:
            client.statement(account_type="checking", account_id=CHECKING, bank_id=BANK_ID)
        e = ei.value
        assert e.code == 207 and e.name == "OFX_RESULT_CERTIFICATE" and e.message
        assert isinstance(e, ofxkit.TlsError)
        assert client.errmsg == e.message
        assert client.error_info().code == 207
    assert [ev.code for ev in errors] == [207]
    assert errors[0].name == "OFX_RESULT_CERTIFICATE" and errors[0].message


def test_tls_callback_rejecting(sandbox):
    with ofxkit.Client(sandbox["url"], ORG, FID, user_id=USER, password=PASSWORD,
                       tls_callback=lambda ev: False if ev.is_decision else None) as client:
        with pytest.raises(ofxkit.CertificateError):
            client.profile()


def test_tls_callback_keeping_the_library_verdict(sandbox):
    # None = positive = keep the verdict: untrusted without the CA, trusted with it
    with ofxkit.Client(sandbox["url"], ORG, FID, user_id=USER, password=PASSWORD,
                       tls_callback=lambda ev: None) as client:
        with pytest.raises(ofxkit.CertificateError):
            client.profile()
    seen = []
    with ofxkit.Client(sandbox["url"], ORG, FID, user_id=USER, password=PASSWORD, ca_file=sandbox["ca"],
                       tls_callback=lambda ev: seen.append(ev.kind)) as client:
        with client.profile() as resp:
            assert resp.profile.fi_name
    assert ofxkit.TLS_CERTIFICATE_TRUSTED in seen and ofxkit.TLS_HANDSHAKE_DONE in seen


class Boom(Exception):
    pass


def test_tls_callback_that_raises_rejects_and_the_exception_surfaces(sandbox):
    calls = []

    def on_tls(ev):
        calls.append(ev.kind)
        if ev.is_decision:
            raise Boom("no certificates today")

    with ofxkit.Client(sandbox["url"], ORG, FID, user_id=USER, password=PASSWORD, tls_callback=on_tls) as client:
        with pytest.raises(Boom, match="no certificates today") as ei:
            client.statement(account_type="checking", account_id=CHECKING, bank_id=BANK_ID)
        # the safe answer was given: the certificate was rejected, and the call failed with that code
        assert ofxkit.TLS_REJECTED_BY_CALLBACK in calls
        notes = " ".join(getattr(ei.value, "__notes__", []))
        assert "OFX_RESULT_CERTIFICATE" in notes
        assert client.error_info().code == 207
        # the client stays usable, and a callback that no longer raises lets the call through
        client.set_tls_callback(lambda ev: True if ev.is_decision else None)
        with client.profile() as resp:
            assert resp.profile is not None


def test_connection_callback_that_raises_on_a_successful_call(client):
    def on_conn(ev):
        if ev.state == ofxkit.CONN_CONNECTED:
            raise KeyError("connected: " + ev.host)

    client.set_connection_callback(on_conn)
    with pytest.raises(KeyError, match="connected: localhost"):
        client.account_info()
    client.set_connection_callback(None)
    with client.account_info() as resp:
        assert CHECKING in [a.account_id for a in resp.accounts]


def test_dns_failure(sandbox):
    errors = []
    with ofxkit.Client("https://nonexistent.invalid/ofx", ORG, FID, user_id=USER, password=PASSWORD,
                       error_callback=errors.append) as client:
        with pytest.raises(ofxkit.DnsError) as ei:
            client.profile()
    e = ei.value
    assert e.code == 203 and e.name == "OFX_RESULT_DNS" and isinstance(e, ofxkit.NetworkError)
    assert "nonexistent.invalid" in e.message
    assert [ev.code for ev in errors] == [203]


def test_account_info(client):
    with client.account_info() as resp:
        assert sorted(a.account_id for a in resp.accounts) == sorted([CHECKING, "1000654321", CARD, INVEST])
    client.set("version", 211)  # loans come with OFX 2.1
    with client.account_info() as resp:
        accts = {a.account_id: a for a in resp.accounts}
    assert set(accts) == {CHECKING, "1000654321", CARD, INVEST, LOAN}
    assert accts[CHECKING].kind == "bank" and accts[CHECKING].bank_id == BANK_ID
    assert accts[CHECKING].account_type == "CHECKING"
    assert accts[CARD].kind == "creditcard"
    assert accts[INVEST].kind == "investment" and accts[INVEST].broker_id == BROKER
    assert accts[LOAN].kind == "loan"


def test_profile(client):
    with client.profile() as resp:
        prof = resp.profile
    assert prof is not None and prof.fi_name
    names = [m.name for m in prof.message_sets]
    assert "SIGNONMSGSET" in names and "BANKMSGSET" in names
    assert all(m.url is None or m.url.startswith("https://") for m in prof.message_sets)
    assert prof.signon_realms and prof.signon_realms[0].name


def test_credit_card_and_closing(client):
    with client.statement(account_type="creditcard", account_id=CARD, start="2024-01-01", end="2024-06-30") as resp:
        st = resp.statements[0]
        assert st.kind is ofxkit.StatementKind.CREDITCARD and st.account_id == CARD
        assert len(st.transactions) > 0
    with client.closing(account_type="checking", account_id=CHECKING, bank_id=BANK_ID,
                        start="2024-01-01", end="2024-06-30") as resp:
        closings = resp.closings
        assert closings and all(c.account_id == CHECKING for c in closings)
        assert all(isinstance(c.balance_close, Decimal) for c in closings)
        assert closings[0].kind is ofxkit.StatementKind.BANK


def test_investment_statement(client):
    with client.statement(account_type="investment", account_id=INVEST, broker_id=BROKER,
                          start="2024-01-01", end="2024-12-31") as resp:
        st = resp.statements[0]
        assert st.kind is ofxkit.StatementKind.INVESTMENT and st.broker_id == BROKER
        assert st.positions, "positions"
        secs = {s.id: s for s in resp.securities}
        for p in st.positions:
            assert p.security_id in secs and isinstance(p.units, Decimal)
            assert isinstance(p.market_value, Decimal)
        assert all(s.name for s in secs.values())


def test_loan_statement_needs_2_1(client):
    client.set("version", 211)
    assert client.get("version") == "211"
    with client.statement(account_type="loan", account_id=LOAN, start="2024-01-01", end="2024-12-31") as resp:
        st = resp.statements[0]
        assert st.kind is ofxkit.StatementKind.LOAN and st.account_id == LOAN
        assert isinstance(st.ledger_balance, Decimal)
    # DTEND is an instant: "2024-04-01" is its midnight, so the closing of 2024-03-31 is in
    with client.closing(account_type="loan", account_id=LOAN, start="2024-01-01", end="2024-04-01") as resp:
        closings = resp.closings
        assert [c.fitid for c in closings] == ["LC-LN-55001-202401", "LC-LN-55001-202402", "LC-LN-55001-202403"]
        assert closings[0].kind is ofxkit.StatementKind.LOAN
        assert closings[0].balance_close < closings[0].balance_open
        assert closings[1].balance_open == closings[0].balance_close
        assert closings[1].date_close == dt.date(2024, 2, 29)


def test_mfa_challenge_flow(sandbox):
    with ofxkit.Client(sandbox["url"], ORG, FID, user_id="mfa", password="mfa-pass", ca_file=sandbox["ca"],
                       version=103) as c:
        with c.account_info() as first:
            assert first.signon.status_code == 3000
            with pytest.raises(ofxkit.RefusedError):
                first.check()
        with c.mfa_challenge() as ch:
            qs = {q.phrase_id: q.label for q in ch.mfa_questions}
        assert qs["MFA13"] == "What is your favorite color?" and qs["MFA107"] is None
        answers = {"MFA13": "blue", "MFA16": "rex", "MFA107": "ofxkit-python"}
        for pid in qs:
            c.set_mfa_answer(pid, answers[pid])
        with c.account_info() as again:
            again.check()
            assert [a.account_id for a in again.accounts] == ["2000111111"]
        assert c.get("access_key")


def test_configuration_errors_and_request_text(client):
    with pytest.raises(ofxkit.ConfigError) as ei:
        client.set("no_such_key", "1")
    assert ei.value.code == 200 and "no_such_key" in ei.value.message
    with pytest.raises(ofxkit.ConfigError):
        client["version"] = 999
    client["timeout_ms"] = 20000
    assert client["org"] == ORG and client["fid"] == FID and client["url"].startswith("https://localhost:")
    with client.request_statement(account_type="checking", account_id=CHECKING, bank_id=BANK_ID) as rq:
        assert rq.kind is ofxkit.RequestKind.BANK_STATEMENT and rq.kind_name == "bank_statement"
        masked = rq.text()
        assert "<ACCTID>" + CHECKING in masked and PASSWORD not in masked and "<USERID>demo" in masked
        assert PASSWORD in rq.text(masked=False)
        rq.uid = "python-uid-1"
        assert rq.uid == "python-uid-1"
        with pytest.raises(ofxkit.InvalidArgumentError):
            rq.uid = "x" * 37
        with client.post(rq) as resp:
            assert resp.statements[0].trnuid == "python-uid-1"
    with pytest.raises(ofxkit.InvalidArgumentError) as ei2:
        client.request_statement(account_type="checking", account_id=CHECKING)  # no bank id
    assert ei2.value.message


def test_invalid_url_and_refused_connection(sandbox):
    with pytest.raises(ofxkit.InvalidUrlError):
        with ofxkit.Client("ftp://example.com/ofx", ORG, FID, user_id=USER, password=PASSWORD) as c:
            c.profile()
    with ofxkit.Client("https://127.0.0.1:1/ofx", ORG, FID, user_id=USER, password=PASSWORD) as c:
        with pytest.raises(ofxkit.ConnectError) as ei:
            c.profile()
        assert ei.value.code == 204


def test_check_image(client):
    client.set("version", 211)
    with client.statement(account_type="checking", account_id=CHECKING, bank_id=BANK_ID, start="2024-01-01",
                          end="2024-02-01", include_images=True) as resp:
        refs = []
        for t in resp.statements[0].transactions:
            img = resp.element(t.element).find("IMAGEDATA")
            if img is not None:
                refs.append((img.findtext("IMAGEREFTYPE"), img.findtext("IMAGEREF")))
    assert refs, "the 2.1.1 statement carries image references"
    ref_type, ref = refs[0]
    assert ref_type == "URL" and ref.startswith(sandbox_url_prefix(client))
    image = client.get_image(ofxkit.IMAGE_URL, ref)
    assert image.content_type == "image/png"
    assert image.data[:8] == b"\x89PNG\r\n\x1a\n" and len(image.data) > 50


def sandbox_url_prefix(client):
    return client["url"].rsplit("/", 1)[0]
