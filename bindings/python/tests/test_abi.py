"""The binding covers the whole C API of include/ofx.h and matches its ABI."""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import ofxkit
from ofxkit import _native as N

ROOT = Path(__file__).resolve().parents[3]
HEADER = ROOT / "include" / "ofx.h"


def header() -> str:
    return HEADER.read_text()


def test_every_function_is_declared():
    text = header()
    # every declaration "type name(" at the start of a line (typedefs of callbacks are "(*name)(")
    declared = set(re.findall(r"^(?!typedef)[a-z][\w\s\*]*?\b(ofx_\w+)\(", text, re.M))
    assert len(declared) > 100
    missing = sorted(declared - set(N.PROTOTYPES))
    extra = sorted(set(N.PROTOTYPES) - declared)
    assert missing == [] and extra == []


def test_result_codes_match_header():
    text = header()
    codes = {m[0]: int(m[1]) for m in re.findall(r"^\s*OFX_RESULT_(\w+) = (\d+),", text, re.M)}
    assert codes == {r.name: r.value for r in ofxkit.Result}
    for r in ofxkit.Result:
        assert ofxkit.result_str(r.value) != "unknown result code"


def test_constants_match_header():
    text = header()
    defs = dict(re.findall(r"^#define (OFX_\w+) (\w+)$", text, re.M))
    for name in ("OFX_STATEMENT_REQUEST_VERSION", "OFX_TRANSFER_SPEC_VERSION", "OFX_SYNC_SPEC_VERSION",
                 "OFX_PAYMENT_SPEC_VERSION", "OFX_PARSE_OPTIONS_VERSION", "OFX_VERSION_MAJOR",
                 "OFX_VERSION_MINOR", "OFX_VERSION_PATCH"):
        assert int(defs[name]) == getattr(N, name), name
    for name in ("CONN_RESOLVING", "CONN_CLOSED", "TLS_HANDSHAKE_STARTED", "TLS_SERVER_CERTIFICATE",
                 "TLS_CLIENT_CERTIFICATE_SENT", "IMAGE_OPAQUE", "IMAGE_FORMURL"):
        assert int(defs["OFX_" + name]) == getattr(ofxkit, name), name
    for kind in ofxkit.StatementKind:
        assert int(defs["OFX_STATEMENT_" + kind.name]) == kind.value
    for kind in ofxkit.RecordKind:
        assert int(defs["OFX_RECORD_" + kind.name]) == kind.value
    assert defs["OFX_NO_ELEMENT"] == "UINT32_MAX"


def test_request_kind_names():
    for k in ofxkit.RequestKind:
        assert ofxkit.request_kind_name(k) == k.name.lower()
    assert ofxkit.request_kind_name(0) == ""


def test_struct_layouts_match_the_c_compiler(tmp_path):
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler (apt package gcc) to check struct layouts against")
    lines = ['#include <stdio.h>', '#include <stddef.h>', '#include "ofx.h"', "int main(void) {"]
    for name, cls in N.STRUCTS.items():
        lines.append(f'printf("{name} %zu\\n", sizeof({name}));')
        for f in N.fields(cls):
            lines.append(f'printf("{name}.{f} %zu\\n", offsetof({name}, {f}));')
    lines.append("return 0; }")
    src = tmp_path / "layout.c"
    src.write_text("\n".join(lines))
    exe = tmp_path / "layout"
    subprocess.run([cc, "-Wall", "-Werror", "-I", str(ROOT / "include"), str(src), "-o", str(exe)], check=True)
    out = subprocess.run([str(exe)], check=True, capture_output=True, text=True).stdout
    c_layout = dict(line.rsplit(" ", 1) for line in out.splitlines())
    py_layout = {}
    for name, cls in N.STRUCTS.items():
        py_layout[name] = str(ctypes.sizeof(cls))
        for f in N.fields(cls):
            py_layout[f"{name}.{f}"] = str(getattr(cls, f).offset)
    assert py_layout == c_layout
    # and every struct of the header is mirrored
    declared = set(re.findall(r"^\} (ofx_\w+);", header(), re.M))
    assert declared == set(N.STRUCTS)
