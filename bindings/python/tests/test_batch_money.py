"""Batches (one post, several requests) and money: transfers, sync with a per-record callback,
bill payment, payees."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

import ofxkit
from ofxkit import _callbacks
from conftest import BANK_ID, CARD, CHECKING, ORG, FID, PASSWORD, SAVINGS, USER


def test_batch_bank_card_profile(client, tmp_path):
    with client.batch() as batch:
        with client.request_statement(account_type="checking", account_id=CHECKING, bank_id=BANK_ID,
                                      start="2024-01-01", end="2024-03-31") as r1, \
             client.request_statement(account_type="creditcard", account_id=CARD,
                                      start="2024-01-01", end="2024-03-31") as r2, \
             client.request_profile() as r3:
            assert [batch.add(r) for r in (r1, r2, r3)] == [0, 1, 2]
            uids = [r1.uid, r2.uid, r3.uid]
        assert len(batch) == 3
        assert batch.item(0).error.code == ofxkit.Result.NOT_POSTED
        text = batch.request_text()
        assert text.count("<TRNUID>") == 3 and PASSWORD not in text
        assert "<CCSTMTRQ>" in batch.item_request_text(1)

        batch.post()
        items = batch.items()
        assert [i.uid for i in items] == uids
        assert [i.kind for i in items] == [ofxkit.RequestKind.BANK_STATEMENT,
                                           ofxkit.RequestKind.CREDITCARD_STATEMENT, ofxkit.RequestKind.PROFILE]
        assert all(i.ok for i in items)
        bank = items[0].response.statements[0]
        card = items[1].response.statements[0]
        assert bank.account_id == CHECKING and bank.kind is ofxkit.StatementKind.BANK and len(bank.transactions) > 0
        assert card.account_id == CARD and card.kind is ofxkit.StatementKind.CREDITCARD and len(card.transactions) > 0
        assert items[2].response.profile.fi_name
        assert items[0].response.signon.status_code == 0
        assert items[0].response.profile is None and items[2].response.statements == []

        # the whole answer as a data file, read back as a batch
        path = tmp_path / "answer.ofx"
        batch.write_file(path)
        with client.read_batch(path) as again:
            assert len(again) == 3
            assert [again.item(i).uid for i in range(3)] == uids
            assert again.item(1).response.statements[0].account_id == CARD

        # borrowed responses die with the batch's next change
        borrowed = items[0].response
        batch.clear()
        assert len(batch) == 0
        with pytest.raises(ofxkit.ClosedError, match="borrowed from a batch"):
            borrowed.statements
    with pytest.raises(ofxkit.ClosedError):
        len(batch)


def test_batch_callbacks_are_copied_and_kept_alive(sandbox):
    before = _callbacks.live_registrations()
    seen = []

    def on_tls(ev):
        seen.append(ev.kind)
        return True if ev.is_decision else None

    client = ofxkit.Client(sandbox["url"], ORG, FID, user_id=USER, password=PASSWORD, tls_callback=on_tls)
    batch = client.batch()  # copies the client's registration
    with client.request_profile() as rq:
        batch.add(rq)
    client.close()
    # the batch still holds the TLS registration: the callable stays alive until its userdata_free
    assert _callbacks.live_registrations() == before + 1
    batch.post()
    assert ofxkit.TLS_SERVER_CERTIFICATE in seen and ofxkit.TLS_ACCEPTED_BY_CALLBACK in seen
    assert batch.item(0).response.profile.fi_name
    batch.close()
    assert _callbacks.live_registrations() == before

    with ofxkit.Client(sandbox["url"], ORG, FID, user_id=USER, password=PASSWORD) as a, \
         ofxkit.Client(sandbox["url"], ORG, FID, user_id="mfa", password="mfa-pass") as b:
        with a.batch() as ba, b.request_profile() as foreign:
            with pytest.raises(ofxkit.InvalidArgumentError) as ei:
                ba.add(foreign)  # a request made for another client's signon
            assert ei.value.message


def test_batch_post_to_unreachable_host_every_item_carries_the_error(sandbox):
    with ofxkit.Client("https://nonexistent.invalid/ofx", ORG, FID, user_id=USER, password=PASSWORD) as c:
        with c.batch() as b, c.request_profile() as rq:
            b.add(rq)
            with pytest.raises(ofxkit.DnsError) as ei:
                b.post()
            assert ei.value.message
            item = b.item(0)
            assert item.error.code == 203 and item.response is None


def test_batch_callback_exception_surfaces(client):
    with client.batch() as b, client.request_profile() as rq:
        b.add(rq)

        def on_conn(ev):
            raise RuntimeError("batch callback failed")

        b.set_connection_callback(on_conn)
        with pytest.raises(RuntimeError, match="batch callback failed"):
            b.post()


def test_transfer_then_sync_from_token_zero(client):
    # a transfer from checking to savings, 25.00
    with client.transfer(from_account_type="checking", from_account=CHECKING, from_bank_id=BANK_ID,
                         to_account_type="savings", to_account=SAVINGS, amount=Decimal("25.00")) as resp:
        resp.check()
        rec, = resp.money_records
        assert rec.kind is ofxkit.RecordKind.TRANSFER
        assert rec.id, "the server's transfer id"
        assert rec.amount == Decimal("25.00")
        assert rec.from_account == f"{BANK_ID}:{CHECKING}" and rec.to_account == f"{BANK_ID}:{SAVINGS}"
        transfer_id = rec.id

    seen = []
    with client.sync_transfers(ofxkit.SyncSpec("checking", CHECKING, BANK_ID, token="0"),
                               callback=seen.append) as result:
        assert result.token, "a new, non-empty token"
        assert any(r.id == transfer_id for r in seen), "the callback saw the transfer"
        assert all(r.in_sync for r in seen)
        assert result.records == seen
        assert [r.id for r in result.response.money_records] == [r.id for r in seen]
    assert _callbacks.live_registrations() == 0


def test_sync_callback_that_raises_stops_the_sync(client):
    with client.transfer(ofxkit.TransferSpec("checking", CHECKING, "savings", SAVINGS, "1.50",
                                             from_bank_id=BANK_ID)) as resp:
        resp.check()

    def on_record(rec):
        raise ValueError(f"cannot store {rec.id}")

    with pytest.raises(ValueError, match="cannot store") as ei:
        client.sync_transfers(account_type="checking", account=CHECKING, bank_id=BANK_ID, token="0",
                              callback=on_record)
    assert "OFX_RESULT_CALLBACK_STOPPED" in " ".join(getattr(ei.value, "__notes__", []))
    with pytest.raises(ofxkit.CallbackStoppedError):
        client.sync_transfers(account_type="checking", account=CHECKING, bank_id=BANK_ID, token="0",
                              callback=lambda rec: False)


def test_transfer_refused_before_sending(client):
    with pytest.raises(ofxkit.InvalidArgumentError) as ei:
        client.request_transfer(ofxkit.TransferSpec("checking", CHECKING, "savings", SAVINGS, "-5",
                                                    from_bank_id=BANK_ID))
    assert ei.value.message


def test_bill_payment_and_payee(client):
    due = dt.date.today() + dt.timedelta(days=7)
    with client.pay(from_account_type="checking", from_account=CHECKING, from_bank_id=BANK_ID,
                    amount=Decimal("49.99"), payee_name="City Power", payee_addr1="1 Main St",
                    payee_city="Springfield", payee_state="IL", payee_postal_code="62701",
                    payee_phone="5551234567", pay_account="CP-778", due=due, memo="July") as resp:
        resp.check()
        rec, = resp.money_records
        assert rec.kind is ofxkit.RecordKind.PAYMENT and rec.id and rec.amount == Decimal("49.99")
    with client.request_payee_add(payee_name="Water Co", payee_addr1="2 Lake Rd", payee_city="Springfield",
                                  payee_state="IL", payee_postal_code="62701", payee_phone="5559876543",
                                  pay_account="W-1") as rq, client.post(rq) as resp:
        resp.check()
        payee, = [r for r in resp.money_records if r.kind is ofxkit.RecordKind.PAYEE]
        assert payee.payee_list_id
    with client.sync_payees(ofxkit.SyncSpec(token="0")) as result:
        assert result.token
        assert any(r.payee_name == "Water Co" for r in result.records)
