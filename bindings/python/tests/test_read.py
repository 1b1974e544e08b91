"""Reading: the project's sample file (typed views, JSON, elements, serialization), parse errors,
handles after close, finalizers."""

from __future__ import annotations

import datetime as dt
import gc
import json
import weakref
from decimal import Decimal

import pytest

import ofxkit
from ofxkit import Result

UTC = dt.timezone.utc


def test_read_sample_file_typed(sample_path):
    with ofxkit.read_file(sample_path) as resp:
        bank, card = resp.statements
        assert bank.kind is ofxkit.StatementKind.BANK
        assert bank.account_id == "0004417725"
        assert len(bank.transactions) == 5
        assert bank.total == Decimal("1106.05")
        assert card.kind is ofxkit.StatementKind.CREDITCARD
        assert card.account_id == "4000123412341234"
        assert len(card.transactions) == 2
        assert card.total == Decimal("476.01")

        # every field in Python's own types
        assert bank.bank_id == "121000358"
        assert bank.account_type == "CHECKING"
        assert bank.currency == "USD"
        assert bank.start == dt.date(2024, 1, 1) and bank.end == dt.date(2024, 1, 31)
        assert bank.ledger_balance == Decimal("3106.05")
        assert bank.ledger_balance_date == dt.datetime(2024, 2, 1, 4, 59, 59, tzinfo=UTC)
        assert bank.available_balance == Decimal("3006.05")
        assert bank.trnuid == "1001" and bank.status_code == 0 and bank.status_severity == "INFO"
        t0, t1, t2 = bank.transactions[:3]
        assert t0.type == "DIRECTDEP" and t0.fitid == "202401050001"
        assert t0.amount == Decimal("2450.00") and isinstance(t0.amount, Decimal)
        assert t0.date_posted == dt.datetime(2024, 1, 5, 17, 0, tzinfo=UTC)
        assert t0.date_posted_unix == int(dt.datetime(2024, 1, 5, 17, 0, tzinfo=UTC).timestamp())
        assert t0.date_posted_offset_minutes == -300
        assert t0.name == "PAYROLL NORTHWIND TRADERS" and t0.memo == "DIRECT DEPOSIT"
        assert t1.type == "CHECK" and t1.check_number == "1042" and t1.date_posted == dt.date(2024, 1, 9)
        assert t1.memo is None
        assert t2.name == "GREEN & FRESH GROCERY"  # entity decoded
        assert [t.amount for t in card.transactions] == [Decimal("-23.99"), Decimal("500.00")]
        assert card.ledger_balance == Decimal("-1287.44")
        assert card.bank_id is None

        signon = resp.signon
        assert signon is not None
        assert signon.status_code == 0 and signon.org == "Example Savings Bank" and signon.fid == "40417"
        assert signon.dtserver == dt.datetime(2024, 2, 1, 13, 30, tzinfo=UTC)
        assert [(s.type, s.trnuid, s.code) for s in resp.trn_statuses] == [
            ("STMTTRNRS", "1001", 0),
            ("CCSTMTTRNRS", "1002", 0),
        ]
        assert resp.securities == [] and resp.accounts == [] and resp.closings == []
        assert resp.profile is None and resp.money_records == [] and resp.mfa_questions == []
        assert resp.ok
        resp.check()


def test_sample_json_csv_and_bytes(sample_path):
    data = sample_path.read_bytes()
    with ofxkit.parse(data) as resp:
        doc = resp.json()
        assert doc["version"] == "102" and doc["syntax"] == "sgml"
        assert doc["signon"]["org"] == "Example Savings Bank"
        sts = doc["statements"]
        assert [s["account_id"] for s in sts] == ["0004417725", "4000123412341234"]
        assert sts[0]["kind"] == "bank" and sts[1]["kind"] == "creditcard"
        assert sum(Decimal(t["amount"]) for t in sts[0]["transactions"]) == Decimal("1106.05")
        assert sum(Decimal(t["amount"]) for t in sts[1]["transactions"]) == Decimal("476.01")
        assert sts[0]["ledger_balance"] == {"amount": "3106.05", "date": "2024-02-01T04:59:59Z"}
        assert json.loads(resp.to_json()) == doc
        csv = resp.to_csv().splitlines()
        assert csv[0] == "account_id,kind,fitid,type,date_posted,amount,name,memo,check_number"
        assert len(csv) == 1 + 7
        assert any("1042" in line and "-1200.00" in line for line in csv)


def test_elements(sample_path):
    with ofxkit.read_file(sample_path) as resp:
        root = resp.root
        assert root.name == "OFX" and root.text is None
        assert [c.name for c in root] == ["SIGNONMSGSRSV1", "BANKMSGSRSV1", "CREDITCARDMSGSRSV1"]
        bal = resp.find("BANKMSGSRSV1/STMTTRNRS/STMTRS/LEDGERBAL/BALAMT")
        assert bal is not None and bal.name == "BALAMT" and bal.text == "3106.05"
        assert resp.findtext("OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN[2]/NAME") == "GREEN & FRESH GROCERY"
        assert resp.find("NO/SUCH/PATH") is None
        st = resp.statements[0]
        stmtrs = resp.element(st.element)
        assert stmtrs.name == "STMTRS"
        assert stmtrs.findtext("BANKACCTFROM/ACCTID") == "0004417725"
        tx = resp.element(st.transactions[1].element)
        assert tx.findtext("CHECKNUM") == "1042" and tx.offset > 0
        assert stmtrs[-1].name == stmtrs.children[-1].name


def test_serialize_round_trip(sample_path, tmp_path):
    with ofxkit.read_file(sample_path) as resp:
        xml = resp.serialize(220)
        assert "<OFX>" in xml and 'VERSION="220"' in xml
        out = tmp_path / "again.ofx"
        resp.write_file(out, 102)
    with ofxkit.parse(xml) as again, ofxkit.read_file(out) as sgml:
        for r in (again, sgml):
            totals = [(s.account_id, s.total, len(s.transactions)) for s in r.statements]
            assert totals == [("0004417725", Decimal("1106.05"), 5), ("4000123412341234", Decimal("476.01"), 2)]


def test_parse_html_is_not_ofx():
    html = b"<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Down</body></html>"
    with pytest.raises(ofxkit.NotOfxError) as ei:
        ofxkit.parse(html)
    e = ei.value
    assert isinstance(e, ofxkit.ParseError) and isinstance(e, ofxkit.OfxError)
    assert e.code == 100 == Result.NOT_OFX
    assert e.name == "OFX_RESULT_NOT_OFX"
    assert e.result is Result.NOT_OFX
    assert "HTML" in e.message or "html" in e.message
    assert "OFX_RESULT_NOT_OFX (100)" in str(e)


def test_parse_empty_and_missing_file(tmp_path):
    with pytest.raises(ofxkit.NotOfxError) as ei:
        ofxkit.parse(b"")
    assert ei.value.message
    with pytest.raises(ofxkit.IoError) as ei2:
        ofxkit.read_file(tmp_path / "nope.ofx")
    assert ei2.value.code == 6 and ei2.value.name == "OFX_RESULT_IO" and "nope.ofx" in ei2.value.message


def test_strict_mode_reports_violation():
    # a leaf end tag missing from an XML (2.x) document is a repair: an error in strict mode
    doc = (
        '<?xml version="1.0"?><?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" '
        'NEWFILEUID="NONE"?><OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>'
        "<DTSERVER>20240101</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1></OFX>"
    )
    with ofxkit.parse(doc) as tolerant:
        assert tolerant.signon.status_code == 0
        assert tolerant.warnings, "a tolerant read lists its repairs"
        w = tolerant.warnings[0]
        assert w.code > 0 and w.message and w.line >= 1
    with pytest.raises(ofxkit.StrictViolationError) as ei:
        ofxkit.parse(doc, strict=True)
    assert ei.value.code == 102 and ei.value.message


def test_use_after_close(sample_path):
    resp = ofxkit.read_file(sample_path)
    elem = resp.root
    views = resp.statements  # copied: still usable after close
    resp.close()
    resp.close()  # idempotent, never freed twice
    assert resp.closed
    for use in (lambda: resp.statements, lambda: resp.to_json(), lambda: elem.name, lambda: resp.find("X")):
        with pytest.raises(ofxkit.ClosedError, match="closed"):
            use()
    assert views[0].total == Decimal("1106.05")

    client = ofxkit.Client()
    client.close()
    with pytest.raises(ofxkit.ClosedError, match="client is closed"):
        client.set("url", "https://example.com/ofx")
    with pytest.raises(ofxkit.ClosedError):
        client.statement(account_type="checking", account_id="1", bank_id="2")
    with pytest.raises(ofxkit.ClosedError):
        with client:
            pass


def test_finalizer_frees_unclosed_handles(sample_path):
    resp = ofxkit.read_file(sample_path)
    fin = resp._finalizer
    assert fin is not None and fin.alive
    ref = weakref.ref(resp)
    del resp
    gc.collect()
    assert ref() is None
    assert not fin.alive  # ofx_response_free ran (once) from the finalizer

    closed = ofxkit.read_file(sample_path)
    fin2 = closed._finalizer
    closed.close()
    assert not fin2.alive  # close() ran it; collection will not run it again


def test_result_codes_and_version():
    assert ofxkit.library_version() == "0.1.0"
    assert ofxkit.result_str(203)
    assert ofxkit.result_name(203) == "OFX_RESULT_DNS"
    assert ofxkit.result_name(9999) == "OFX_RESULT_9999"
    e = ofxkit.OfxError(9999, None, None)
    assert e.result is None and e.message  # unknown codes still carry a description


def test_amounts_reject_floats():
    with ofxkit.Client() as c:
        with pytest.raises(TypeError, match="float"):
            c.request_transfer(ofxkit.TransferSpec("checking", "1", "savings", "2", 25.0, from_bank_id="3"))
