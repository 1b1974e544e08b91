"""Test setup: the repository's sample file and a sandbox FI (a real HTTPS OFX server on loopback).

``OFXKIT_BIN`` is the ofxkit CLI that runs the sandbox (default: target/release/ofxkit of the
repository); the library comes from ``OFXKIT_LIB`` / ``OFXKIT_LIB_DIR`` (see ofxkit._native).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Dict, Iterator

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
SAMPLE = ROOT / "examples" / "data" / "sample.ofx"

ORG = "ofxkit Sandbox"
FID = "7777"
USER = "demo"
PASSWORD = "demo-pass"
BANK_ID = "077700077"
CHECKING = "1000123456"
SAVINGS = "1000654321"
CARD = "4000123412341234"
BROKER = "sandbox.ofxkit.example"
INVEST = "INV-77001"
LOAN = "LN-55001"


def ofxkit_bin() -> Path:
    return Path(os.environ.get("OFXKIT_BIN") or ROOT / "target" / "release" / "ofxkit")


@pytest.fixture(scope="session")
def sample_path() -> Path:
    assert SAMPLE.is_file(), f"missing fixture {SAMPLE}"
    return SAMPLE


def _start_sandbox(extra=()) -> Iterator[Dict[str, object]]:
    exe = ofxkit_bin()
    if not exe.is_file():
        pytest.fail(f"ofxkit CLI not found at {exe} (set OFXKIT_BIN)")
    d = tempfile.mkdtemp(prefix="ofxkit-py-sandbox-")
    ready = Path(d) / "ready.json"
    log = open(Path(d) / "sandbox.log", "wb")
    proc = subprocess.Popen(
        [str(exe), "sandbox", "--port", "0", "--ready-file", str(ready), "--cert-dir", str(Path(d) / "certs"),
         "--quiet", *extra],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        info = None
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            if ready.is_file():
                try:
                    info = json.loads(ready.read_text())
                    break
                except ValueError:
                    pass  # half-written: try again
            time.sleep(0.05)
        if info is None:
            log.flush()
            raise RuntimeError(
                f"sandbox did not become ready (exit {proc.poll()}): {(Path(d) / 'sandbox.log').read_text()}"
            )
        yield info
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
        shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Dict[str, object]]:
    """{"url": "https://localhost:PORT/ofx", "port": N, "ca": "/path/ca.pem"} of a running sandbox."""
    yield from _start_sandbox()


@pytest.fixture
def client(sandbox):
    """A client for the demo user that trusts the sandbox's CA (ca_file)."""
    import ofxkit

    with ofxkit.Client(sandbox["url"], ORG, FID, user_id=USER, password=PASSWORD, ca_file=sandbox["ca"]) as c:
        yield c
