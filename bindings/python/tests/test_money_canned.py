"""The money paths (transfer answer, sync with a per-record callback, token, lost sync) against a
canned-answer OFX server on loopback (plain HTTP with allow_http), independent of the sandbox."""

from __future__ import annotations

import re
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

import ofxkit

HEAD = (
    "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n"
    "COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
)
SIGNON = (
    "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240601120000"
    "<LANGUAGE>ENG<FI><ORG>Canned<FID>1</FI></SONRS></SIGNONMSGSRSV1>"
)
ACCT_FROM = "<BANKACCTFROM><BANKID>077700077<ACCTID>1000123456<ACCTTYPE>CHECKING</BANKACCTFROM>"
ACCT_TO = "<BANKACCTTO><BANKID>077700077<ACCTID>1000654321<ACCTTYPE>SAVINGS</BANKACCTTO>"


def intra(trnuid: str, srvrtid: str, amount: str) -> str:
    return (
        f"<INTRATRNRS><TRNUID>{trnuid}<STATUS><CODE>0<SEVERITY>INFO</STATUS><INTRARS><CURDEF>USD"
        f"<SRVRTID>{srvrtid}<XFERINFO>{ACCT_FROM}{ACCT_TO}<TRNAMT>{amount}</XFERINFO>"
        "<DTXFERPRJ>20240603</INTRARS></INTRATRNRS>"
    )


class Canned(BaseHTTPRequestHandler):
    requests: list = []

    def log_message(self, *a):  # quiet
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        Canned.requests.append(body)
        m = re.search(r"<TRNUID>([^<\r\n]+)", body)
        trnuid = m.group(1) if m else "0"
        if "<INTRASYNCRQ>" in body:
            token = re.search(r"<TOKEN>([^<\r\n]+)", body).group(1)
            lost = "Y" if token == "stale" else "N"
            msg = (
                f"<BANKMSGSRSV1><INTRASYNCRS><TOKEN>T-{len(Canned.requests)}<LOSTSYNC>{lost}{ACCT_FROM}"
                + intra("a1", "XF-1", "25.00")
                + intra("a2", "XF-2", "7.5")
                + "</INTRASYNCRS></BANKMSGSRSV1>"
            )
        elif "<INTRARQ>" in body:
            msg = "<BANKMSGSRSV1>" + intra(trnuid, "XF-9", "25.00") + "</BANKMSGSRSV1>"
        else:
            self.send_response(400)
            self.end_headers()
            return
        data = (HEAD + "<OFX>" + SIGNON + msg + "</OFX>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ofx")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def canned_url():
    srv = HTTPServer(("127.0.0.1", 0), Canned)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}/ofx"
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture
def canned(canned_url):
    with ofxkit.Client(canned_url, "Canned", "1", user_id="u", password="p", settings={"allow_http": True}) as c:
        yield c


def test_transfer_answer(canned):
    with canned.transfer(ofxkit.TransferSpec("checking", "1000123456", "savings", "1000654321", Decimal("25.00"),
                                             from_bank_id="077700077")) as resp:
        resp.check()
        rec, = resp.money_records
    assert "<INTRARQ>" in Canned.requests[-1] and "<TRNAMT>25.00" in Canned.requests[-1]
    assert rec.kind is ofxkit.RecordKind.TRANSFER and rec.id == "XF-9" and rec.change == "added"
    assert rec.amount == Decimal("25.00") and rec.currency == "USD" and not rec.in_sync
    assert rec.from_account == "077700077:1000123456" and rec.to_account == "077700077:1000654321"
    assert str(rec.projected_date) == "2024-06-03"


def test_sync_records_and_token(canned):
    seen = []
    with canned.sync_transfers(account_type="checking", account="1000123456", bank_id="077700077", token="0",
                               callback=seen.append) as result:
        assert "<TOKEN>0" in Canned.requests[-1]
        assert result.token.startswith("T-") and not result.lost_sync
        assert [(r.id, r.amount, r.in_sync) for r in seen] == [("XF-1", Decimal("25.00"), True),
                                                              ("XF-2", Decimal("7.5"), True)]
        assert [r.id for r in result.response.money_records] == ["XF-1", "XF-2"]
    with canned.sync_transfers(account_type="checking", account="1000123456", bank_id="077700077",
                               token="stale") as again:
        assert again.lost_sync and again.token != result.token and len(again.records) == 2


def test_sync_callback_exception_and_stop(canned):
    calls = []

    def explode(rec):
        calls.append(rec.id)
        raise LookupError("no ledger for " + rec.id)

    with pytest.raises(LookupError, match="no ledger for XF-1") as ei:
        canned.sync_transfers(account_type="checking", account="1000123456", bank_id="077700077", token="0",
                              callback=explode)
    assert calls == ["XF-1"]  # the trampoline answered "stop" at once
    assert "OFX_RESULT_CALLBACK_STOPPED" in " ".join(ei.value.__notes__)
    with pytest.raises(ofxkit.CallbackStoppedError) as ei2:
        canned.sync_transfers(account_type="checking", account="1000123456", bank_id="077700077", token="0",
                              callback=lambda rec: rec.id != "XF-2")  # False for the second: stop
    assert ei2.value.code == 220
