"""The README's examples, verbatim (test_readme_is_verbatim checks that they stay so)."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import ofxkit


def test_readme_read_file(sample_path):
    with ofxkit.read_file(sample_path) as resp:
        bank, card = resp.statements
        assert (bank.account_id, len(bank.transactions), bank.total) == ("0004417725", 5, Decimal("1106.05"))
        assert (card.account_id, len(card.transactions), card.total) == ("4000123412341234", 2, Decimal("476.01"))
        first = bank.transactions[0]
        assert first.date_posted == dt.datetime(2024, 1, 5, 17, 0, tzinfo=dt.timezone.utc)
        assert resp.json()["statements"][1]["transactions"][0]["amount"] == "-23.99"


def test_readme_statement(sandbox):
    seen = []

    def accept_sandbox(event: ofxkit.TlsEvent):
        if event.kind == ofxkit.TLS_SERVER_CERTIFICATE:
            seen.append(event.issuer)
            return "ofxkit sandbox" in event.issuer.lower()  # True accepts, False rejects
        return None  # status events: the answer is ignored

    with ofxkit.Client(sandbox["url"], "ofxkit Sandbox", "7777", user_id="demo", password="demo-pass",
                       tls_callback=accept_sandbox) as client:
        with client.statement(account_type="checking", account_id="1000123456", bank_id="077700077",
                              start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31)) as resp:
            st = resp.statements[0]
            assert st.account_id == "1000123456" and len(st.transactions) > 0
            assert isinstance(st.ledger_balance, Decimal)
        client.set("url", "https://nonexistent.invalid/ofx")
        try:
            client.profile()
            raise AssertionError("expected a DNS error")
        except ofxkit.DnsError as e:
            assert (e.code, e.name) == (203, "OFX_RESULT_DNS") and e.message
    assert len(seen) == 1


def test_readme_is_verbatim():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    source = Path(__file__).read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert len(blocks) >= 2
    for block in blocks:
        assert block in source, "README example differs from tests/test_readme.py:\n" + block
