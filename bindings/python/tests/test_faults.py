"""Server faults (the sandbox's --fault modes), callbacks on several threads at once, and callbacks
released by the finalizer of a client that was never closed."""

from __future__ import annotations

import gc
import threading

import pytest

import ofxkit
from ofxkit import _callbacks
from conftest import BANK_ID, CHECKING, FID, ORG, PASSWORD, USER, _start_sandbox


@pytest.fixture(params=["status:503", "html-200", "truncated-ofx"])
def faulty(request):
    gen = _start_sandbox(["--fault", request.param])
    info = next(gen)
    yield request.param, info
    gen.close()


def test_fault_modes(faulty):
    fault, info = faulty
    with ofxkit.Client(info["url"], ORG, FID, user_id=USER, password=PASSWORD, ca_file=info["ca"]) as c:
        with pytest.raises(ofxkit.OfxError) as ei:
            c.statement(account_type="checking", account_id=CHECKING, bank_id=BANK_ID)
        e = ei.value
        assert e.message
        if fault == "status:503":
            assert isinstance(e, ofxkit.HttpStatusError) and e.code == 209
            assert e.http_status == 503 and c.error_info().http_status == 503
        elif fault == "html-200":
            assert isinstance(e, ofxkit.BadResponseError) and e.name == "OFX_RESULT_BAD_RESPONSE"
        else:
            assert e.name == "OFX_RESULT_TRUNCATED" and e.code == 215


def test_callback_exceptions_stay_on_their_thread(sandbox):
    results = {}
    barrier = threading.Barrier(3)

    def run(name):
        def on_tls(ev):
            if ev.is_decision:
                barrier.wait(timeout=20)  # all three threads are inside a native call at once
                raise RuntimeError(f"raised on {name}")

        try:
            with ofxkit.Client(sandbox["url"], ORG, FID, user_id=USER, password=PASSWORD, tls_callback=on_tls) as c:
                c.profile()
            results[name] = "no exception"
        except RuntimeError as e:
            results[name] = str(e)
        except Exception as e:  # pragma: no cover - reported by the assert below
            results[name] = repr(e)

    threads = [threading.Thread(target=run, args=(f"t{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results == {f"t{i}": f"raised on t{i}" for i in range(3)}


def test_unclosed_client_releases_its_callbacks_when_collected(sandbox):
    before = _callbacks.live_registrations()
    c = ofxkit.Client(sandbox["url"], ORG, FID, tls_callback=lambda ev: None, error_callback=lambda ev: None)
    assert _callbacks.live_registrations() == before + 2
    c.set_error_callback(None)  # replaced: its userdata_free ran
    assert _callbacks.live_registrations() == before + 1
    del c
    gc.collect()
    assert _callbacks.live_registrations() == before  # ofx_client_free from the finalizer freed it
