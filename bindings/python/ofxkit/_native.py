"""The C ABI of libofxkit (include/ofx.h) as ctypes declarations.

Private: the public API is in the other modules. Every struct here mirrors the header field by
field (the header's structs only ever grow at the end, and each carries a version where it is an
input). The library is found, in order, through:

1. ``OFXKIT_LIB``: the full path of the shared library;
2. ``OFXKIT_LIB_DIR``: a directory holding ``libofxkit.so``;
3. the package's own directory (a wheel or an install that ships the library next to the code);
4. ``../../target/release`` of the repository the package lives in (a source checkout).
"""

from __future__ import annotations

import ctypes
import os
import sys
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_bool,
    c_char_p,
    c_int32,
    c_int64,
    c_size_t,
    c_uint8,
    c_uint16,
    c_uint32,
    c_void_p,
)
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

# ---------------------------------------------------------------------------------------------
# Finding and loading the library

_PKG_DIR = Path(__file__).resolve().parent


def _lib_names() -> List[str]:
    if sys.platform == "darwin":
        return ["libofxkit.dylib"]
    if sys.platform == "win32":
        return ["ofxkit.dll"]
    return ["libofxkit.so"]


def _candidates() -> List[Path]:
    out: List[Path] = []
    full = os.environ.get("OFXKIT_LIB")
    if full:
        return [Path(full)]
    names = _lib_names()
    d = os.environ.get("OFXKIT_LIB_DIR")
    if d:
        return [Path(d) / n for n in names]
    out += [_PKG_DIR / n for n in names]
    # bindings/python/ofxkit -> repository root is three levels up
    root = _PKG_DIR.parent.parent.parent
    out += [root / "target" / "release" / n for n in names]
    return out


def _load() -> ctypes.CDLL:
    tried = []
    for p in _candidates():
        if p.is_file():
            return ctypes.CDLL(str(p))
        tried.append(str(p))
    raise OSError(
        "ofxkit: libofxkit not found (set OFXKIT_LIB to its path or OFXKIT_LIB_DIR to its directory); "
        "looked for: " + ", ".join(tried)
    )


lib = _load()
LIB_PATH: str = lib._name

# ---------------------------------------------------------------------------------------------
# Constants (#define in the header)

OFX_VERSION_MAJOR = 0
OFX_VERSION_MINOR = 1
OFX_VERSION_PATCH = 0
OFX_STATEMENT_REQUEST_VERSION = 1
OFX_TRANSFER_SPEC_VERSION = 1
OFX_SYNC_SPEC_VERSION = 1
OFX_PAYMENT_SPEC_VERSION = 1
OFX_PARSE_OPTIONS_VERSION = 1
OFX_NO_ELEMENT = 0xFFFFFFFF

# ---------------------------------------------------------------------------------------------
# Opaque handles: plain void pointers (typed aliases for readability)

ofx_client_p = c_void_p
ofx_batch_p = c_void_p
ofx_request_p = c_void_p
ofx_response_p = c_void_p
ofx_image_p = c_void_p

# ---------------------------------------------------------------------------------------------
# Structs


class ofx_connection_event(Structure):
    _fields_ = [
        ("state", c_uint32),
        ("state_name", c_char_p),
        ("host", c_char_p),
        ("port", c_uint16),
        ("detail", c_char_p),
    ]


class ofx_tls_event(Structure):
    _fields_ = [
        ("kind", c_uint32),
        ("host", c_char_p),
        ("port", c_uint16),
        ("detail", c_char_p),
        ("cert_der", POINTER(c_uint8)),
        ("cert_der_len", c_size_t),
        ("cert_pem", c_char_p),
        ("subject", c_char_p),
        ("issuer", c_char_p),
        ("trusted", c_int32),
        ("reason", c_char_p),
    ]


class ofx_error_event(Structure):
    _fields_ = [("code", c_uint32), ("message", c_char_p)]


class ofx_error_info(Structure):
    _fields_ = [("code", c_uint32), ("http_status", c_uint16), ("body_start", c_char_p)]


class ofx_statement_request(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("account_type", c_char_p),
        ("account_id", c_char_p),
        ("bank_id", c_char_p),
        ("branch_id", c_char_p),
        ("broker_id", c_char_p),
        ("loan_type", c_char_p),
        ("start", c_char_p),
        ("end", c_char_p),
        ("include_transactions", c_int32),
        ("include_pending", c_int32),
        ("include_images", c_int32),
        ("include_positions", c_int32),
        ("positions_as_of", c_char_p),
        ("include_open_orders", c_int32),
        ("include_balance", c_int32),
    ]


class ofx_mfa_question(Structure):
    _fields_ = [("phrase_id", c_char_p), ("label", c_char_p)]


class ofx_transfer_spec(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("from_account_type", c_char_p),
        ("from_account", c_char_p),
        ("from_bank_id", c_char_p),
        ("to_account_type", c_char_p),
        ("to_account", c_char_p),
        ("to_bank_id", c_char_p),
        ("amount", c_char_p),
        ("due", c_char_p),
    ]


class ofx_sync_spec(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("account_type", c_char_p),
        ("account", c_char_p),
        ("bank_id", c_char_p),
        ("token", c_char_p),
        ("reject_if_missing", c_int32),
        ("interbank", c_int32),
    ]


class ofx_money_record(Structure):
    _fields_ = [
        ("kind", c_uint32),
        ("change", c_char_p),
        ("trnuid", c_char_p),
        ("status_code", c_int32),
        ("severity", c_char_p),
        ("message", c_char_p),
        ("id", c_char_p),
        ("interbank", c_int32),
        ("amount", c_char_p),
        ("currency", c_char_p),
        ("from_account", c_char_p),
        ("to_account", c_char_p),
        ("due_date", c_char_p),
        ("projected_date", c_char_p),
        ("posted_date", c_char_p),
        ("process_code", c_char_p),
        ("process_date", c_char_p),
        ("payee_list_id", c_char_p),
        ("payee_name", c_char_p),
        ("pay_account", c_char_p),
        ("check_number", c_char_p),
        ("memo", c_char_p),
        ("in_sync", c_int32),
    ]


class ofx_payment_spec(Structure):
    _fields_ = [
        ("version", c_uint32),
        ("from_account_type", c_char_p),
        ("from_account", c_char_p),
        ("from_bank_id", c_char_p),
        ("amount", c_char_p),
        ("payee_id", c_char_p),
        ("payee_list_id", c_char_p),
        ("payee_name", c_char_p),
        ("payee_addr1", c_char_p),
        ("payee_addr2", c_char_p),
        ("payee_addr3", c_char_p),
        ("payee_city", c_char_p),
        ("payee_state", c_char_p),
        ("payee_postal_code", c_char_p),
        ("payee_country", c_char_p),
        ("payee_phone", c_char_p),
        ("pay_account", c_char_p),
        ("due", c_char_p),
        ("memo", c_char_p),
    ]


class ofx_parse_options(Structure):
    _fields_ = [("version", c_uint32), ("strict", c_uint32)]


class ofx_warning(Structure):
    _fields_ = [("code", c_uint32), ("message", c_char_p), ("line", c_uint32), ("offset", c_uint32)]


class ofx_signon(Structure):
    _fields_ = [
        ("status_code", c_int32),
        ("severity", c_char_p),
        ("message", c_char_p),
        ("dtserver", c_char_p),
        ("language", c_char_p),
        ("org", c_char_p),
        ("fid", c_char_p),
        ("userkey", c_char_p),
        ("accesskey", c_char_p),
        ("sesscookie", c_char_p),
    ]


class ofx_statement(Structure):
    _fields_ = [
        ("kind", c_uint32),
        ("account_id", c_char_p),
        ("bank_id", c_char_p),
        ("branch_id", c_char_p),
        ("account_type", c_char_p),
        ("broker_id", c_char_p),
        ("currency", c_char_p),
        ("start", c_char_p),
        ("end", c_char_p),
        ("date_as_of", c_char_p),
        ("ledger_balance", c_char_p),
        ("ledger_balance_date", c_char_p),
        ("available_balance", c_char_p),
        ("available_balance_date", c_char_p),
        ("trnuid", c_char_p),
        ("status_code", c_int32),
        ("status_severity", c_char_p),
        ("status_message", c_char_p),
        ("transaction_count", c_size_t),
        ("position_count", c_size_t),
        ("balance_count", c_size_t),
        ("open_order_count", c_size_t),
        ("element", c_uint32),
    ]


class ofx_transaction(Structure):
    _fields_ = [
        ("fitid", c_char_p),
        ("type", c_char_p),
        ("date_posted", c_char_p),
        ("date_user", c_char_p),
        ("date_avail", c_char_p),
        ("date_settle", c_char_p),
        ("amount", c_char_p),
        ("name", c_char_p),
        ("memo", c_char_p),
        ("check_number", c_char_p),
        ("ref_number", c_char_p),
        ("payee_id", c_char_p),
        ("sic", c_char_p),
        ("server_tid", c_char_p),
        ("correct_fitid", c_char_p),
        ("correct_action", c_char_p),
        ("currency", c_char_p),
        ("security_id", c_char_p),
        ("security_id_type", c_char_p),
        ("units", c_char_p),
        ("unit_price", c_char_p),
        ("date_posted_unix", c_int64),
        ("date_posted_offset_minutes", c_int32),
        ("has_date_posted", c_bool),
        ("amount_mantissa", c_int64),
        ("amount_scale", c_uint32),
        ("amount_fits", c_bool),
        ("element", c_uint32),
    ]


class ofx_balance(Structure):
    _fields_ = [
        ("name", c_char_p),
        ("desc", c_char_p),
        ("type", c_char_p),
        ("value", c_char_p),
        ("date", c_char_p),
    ]


class ofx_position(Structure):
    _fields_ = [
        ("type", c_char_p),
        ("security_id", c_char_p),
        ("security_id_type", c_char_p),
        ("held_in", c_char_p),
        ("pos_type", c_char_p),
        ("units", c_char_p),
        ("unit_price", c_char_p),
        ("market_value", c_char_p),
        ("date_price", c_char_p),
        ("memo", c_char_p),
        ("element", c_uint32),
    ]


class ofx_open_order(Structure):
    _fields_ = [
        ("type", c_char_p),
        ("fitid", c_char_p),
        ("security_id", c_char_p),
        ("security_id_type", c_char_p),
        ("date_placed", c_char_p),
        ("units", c_char_p),
        ("duration", c_char_p),
        ("restriction", c_char_p),
        ("limit_price", c_char_p),
        ("stop_price", c_char_p),
        ("memo", c_char_p),
        ("element", c_uint32),
    ]


class ofx_security(Structure):
    _fields_ = [
        ("type", c_char_p),
        ("id", c_char_p),
        ("id_type", c_char_p),
        ("name", c_char_p),
        ("ticker", c_char_p),
        ("fiid", c_char_p),
        ("unit_price", c_char_p),
        ("date_price", c_char_p),
        ("memo", c_char_p),
        ("element", c_uint32),
    ]


class ofx_account(Structure):
    _fields_ = [
        ("kind", c_char_p),
        ("account_id", c_char_p),
        ("bank_id", c_char_p),
        ("branch_id", c_char_p),
        ("account_type", c_char_p),
        ("broker_id", c_char_p),
        ("desc", c_char_p),
        ("status", c_char_p),
        ("element", c_uint32),
    ]


class ofx_closing(Structure):
    _fields_ = [
        ("kind", c_uint32),
        ("account_id", c_char_p),
        ("fitid", c_char_p),
        ("date_open", c_char_p),
        ("date_close", c_char_p),
        ("date_next", c_char_p),
        ("balance_open", c_char_p),
        ("balance_close", c_char_p),
        ("date_post_start", c_char_p),
        ("date_post_end", c_char_p),
        ("element", c_uint32),
    ]


class ofx_profile(Structure):
    _fields_ = [
        ("fi_name", c_char_p),
        ("url", c_char_p),
        ("date_profile_up", c_char_p),
        ("address1", c_char_p),
        ("city", c_char_p),
        ("state", c_char_p),
        ("postal_code", c_char_p),
        ("country", c_char_p),
        ("cs_phone", c_char_p),
        ("email", c_char_p),
        ("message_set_count", c_size_t),
        ("signon_realm_count", c_size_t),
        ("element", c_uint32),
    ]


class ofx_signon_realm(Structure):
    _fields_ = [
        ("name", c_char_p),
        ("client_uid_required", c_bool),
        ("mfa_challenge_supported", c_bool),
        ("mfa_challenge_first", c_bool),
        ("auth_token_first", c_bool),
        ("case_sensitive", c_bool),
        ("min_length", c_int32),
        ("max_length", c_int32),
        ("char_type", c_char_p),
    ]


class ofx_trn_status(Structure):
    _fields_ = [
        ("type", c_char_p),
        ("trnuid", c_char_p),
        ("code", c_int32),
        ("severity", c_char_p),
        ("message", c_char_p),
    ]


# Every struct of the header, by its C name (the ABI test compares sizes and offsets with a C
# compiler's).
STRUCTS = {
    cls.__name__: cls
    for cls in (
        ofx_connection_event,
        ofx_tls_event,
        ofx_error_event,
        ofx_error_info,
        ofx_statement_request,
        ofx_mfa_question,
        ofx_transfer_spec,
        ofx_sync_spec,
        ofx_money_record,
        ofx_payment_spec,
        ofx_parse_options,
        ofx_warning,
        ofx_signon,
        ofx_statement,
        ofx_transaction,
        ofx_balance,
        ofx_position,
        ofx_open_order,
        ofx_security,
        ofx_account,
        ofx_closing,
        ofx_profile,
        ofx_signon_realm,
        ofx_trn_status,
    )
}

# ---------------------------------------------------------------------------------------------
# Callback types

ofx_connection_callback = CFUNCTYPE(None, c_void_p, POINTER(ofx_connection_event))
ofx_userdata_free = CFUNCTYPE(None, c_void_p)
ofx_tls_callback = CFUNCTYPE(c_int32, c_void_p, POINTER(ofx_tls_event))
ofx_error_callback = CFUNCTYPE(None, c_void_p, POINTER(ofx_error_event))
ofx_sync_record_callback = CFUNCTYPE(c_int32, c_void_p, POINTER(ofx_money_record))

# ---------------------------------------------------------------------------------------------
# Functions

R = c_uint32  # ofx_result
P = POINTER
S = c_char_p
Z = c_size_t
U32 = c_uint32
VP = c_void_p
OUT = P(c_void_p)  # T **out for an opaque T
STR_OUT = P(c_void_p)  # char **out: kept as a raw pointer so that it can be freed

# name: (restype, argtypes)
PROTOTYPES: Dict[str, Tuple[Any, List[Any]]] = {
    "ofx_version": (S, []),
    "ofx_string_free": (None, [VP]),
    # batches
    "ofx_batch_new": (R, [VP, OUT]),
    "ofx_batch_free": (None, [VP]),
    "ofx_batch_errmsg": (S, [VP]),
    "ofx_batch_add_item": (R, [VP, VP, P(c_size_t)]),
    "ofx_batch_set_item": (R, [VP, Z, VP]),
    "ofx_batch_item_count": (Z, [VP]),
    "ofx_batch_clear": (R, [VP]),
    "ofx_batch_post": (R, [VP]),
    "ofx_batch_request_text": (R, [VP, c_int32, STR_OUT]),
    "ofx_batch_item_request_type": (U32, [VP, Z]),
    "ofx_batch_item_uid": (S, [VP, Z]),
    "ofx_batch_item_request_text": (R, [VP, Z, STR_OUT]),
    "ofx_batch_item_response": (R, [VP, Z, OUT]),
    "ofx_batch_item_error": (R, [VP, Z]),
    "ofx_batch_item_error_message": (S, [VP, Z]),
    "ofx_batch_write_file": (R, [VP, S]),
    "ofx_batch_read_file": (R, [VP, S, OUT]),
    "ofx_batch_set_connection_callback": (R, [VP, ofx_connection_callback, VP, ofx_userdata_free]),
    "ofx_batch_set_tls_callback": (R, [VP, ofx_tls_callback, VP, ofx_userdata_free]),
    "ofx_batch_set_error_callback": (R, [VP, ofx_error_callback, VP, ofx_userdata_free]),
    # results
    "ofx_result_str": (S, [U32]),
    "ofx_result_name": (S, [U32]),
    "ofx_last_error_message": (S, []),
    # clients
    "ofx_client_new": (R, [OUT]),
    "ofx_client_free": (None, [VP]),
    "ofx_client_errmsg": (S, [VP]),
    "ofx_client_error_info": (R, [VP, P(ofx_error_info)]),
    "ofx_client_set": (R, [VP, S, S]),
    "ofx_client_get": (R, [VP, S, STR_OUT]),
    "ofx_client_load_profile": (R, [VP, S]),
    "ofx_client_set_fi": (R, [VP, S, S, S]),
    "ofx_client_set_credentials": (R, [VP, S, S]),
    "ofx_client_add_ca_pem": (R, [VP, c_char_p, Z]),
    "ofx_client_set_client_cert": (R, [VP, c_char_p, Z, S]),
    "ofx_client_set_connection_callback": (R, [VP, ofx_connection_callback, VP, ofx_userdata_free]),
    "ofx_client_set_tls_callback": (R, [VP, ofx_tls_callback, VP, ofx_userdata_free]),
    "ofx_client_set_error_callback": (R, [VP, ofx_error_callback, VP, ofx_userdata_free]),
    # requests
    "ofx_statement_request_init": (R, [P(ofx_statement_request)]),
    "ofx_request_statement": (R, [VP, P(ofx_statement_request), OUT]),
    "ofx_request_closing": (R, [VP, P(ofx_statement_request), OUT]),
    "ofx_request_account_info": (R, [VP, S, OUT]),
    "ofx_request_profile": (R, [VP, S, OUT]),
    "ofx_request_image": (R, [VP, S, OUT]),
    "ofx_request_mfa_challenge": (R, [VP, OUT]),
    "ofx_request_free": (None, [VP]),
    "ofx_request_uid": (S, [VP]),
    "ofx_request_set_uid": (R, [VP, S]),
    "ofx_request_kind": (U32, [VP]),
    "ofx_request_kind_name": (S, [U32]),
    "ofx_request_text": (R, [VP, VP, c_int32, STR_OUT]),
    # operations
    "ofx_client_post": (R, [VP, VP, OUT]),
    "ofx_client_account_info": (R, [VP, S, OUT]),
    "ofx_client_statement": (R, [VP, P(ofx_statement_request), OUT]),
    "ofx_client_closing": (R, [VP, P(ofx_statement_request), OUT]),
    "ofx_client_profile": (R, [VP, S, OUT]),
    "ofx_client_mfa_challenge": (R, [VP, OUT]),
    "ofx_client_set_mfa_answer": (R, [VP, S, S]),
    "ofx_response_mfa_question_count": (Z, [VP]),
    "ofx_response_mfa_question": (R, [VP, Z, P(ofx_mfa_question)]),
    "ofx_client_get_image": (R, [VP, U32, S, OUT]),
    "ofx_image_data": (R, [VP, P(P(c_uint8)), P(c_size_t)]),
    "ofx_image_content_type": (S, [VP]),
    "ofx_image_free": (None, [VP]),
    # elements
    "ofx_response_root": (R, [VP, P(c_uint32)]),
    "ofx_response_find": (R, [VP, S, P(c_uint32)]),
    "ofx_element_find": (R, [VP, U32, S, P(c_uint32)]),
    "ofx_element_name": (S, [VP, U32]),
    "ofx_element_text": (S, [VP, U32]),
    "ofx_element_child_count": (Z, [VP, U32]),
    "ofx_element_child": (R, [VP, U32, Z, P(c_uint32)]),
    "ofx_element_offset": (Z, [VP, U32]),
    # money
    "ofx_transfer_spec_init": (R, [P(ofx_transfer_spec)]),
    "ofx_request_transfer": (R, [VP, P(ofx_transfer_spec), OUT]),
    "ofx_request_transfer_modify": (R, [VP, S, P(ofx_transfer_spec), OUT]),
    "ofx_request_transfer_cancel": (R, [VP, S, c_int32, OUT]),
    "ofx_sync_spec_init": (R, [P(ofx_sync_spec)]),
    "ofx_request_transfer_sync": (R, [VP, P(ofx_sync_spec), OUT]),
    "ofx_request_payment_sync": (R, [VP, P(ofx_sync_spec), OUT]),
    "ofx_request_payee_sync": (R, [VP, P(ofx_sync_spec), OUT]),
    "ofx_response_money_record_count": (Z, [VP]),
    "ofx_response_money_record": (R, [VP, Z, P(ofx_money_record)]),
    "ofx_response_check": (R, [VP]),
    "ofx_client_sync_transfers": (
        R,
        [VP, P(ofx_sync_spec), ofx_sync_record_callback, VP, STR_OUT, P(c_int32), OUT],
    ),
    "ofx_client_sync_payments": (
        R,
        [VP, P(ofx_sync_spec), ofx_sync_record_callback, VP, STR_OUT, P(c_int32), OUT],
    ),
    "ofx_client_sync_payees": (
        R,
        [VP, P(ofx_sync_spec), ofx_sync_record_callback, VP, STR_OUT, P(c_int32), OUT],
    ),
    "ofx_payment_spec_init": (R, [P(ofx_payment_spec)]),
    "ofx_request_payment": (R, [VP, P(ofx_payment_spec), OUT]),
    "ofx_request_payment_modify": (R, [VP, S, P(ofx_payment_spec), OUT]),
    "ofx_request_payment_cancel": (R, [VP, S, OUT]),
    "ofx_request_payment_status": (R, [VP, S, OUT]),
    "ofx_request_payee_add": (R, [VP, P(ofx_payment_spec), OUT]),
    "ofx_request_payee_modify": (R, [VP, S, P(ofx_payment_spec), OUT]),
    "ofx_request_payee_delete": (R, [VP, S, OUT]),
    # reading
    "ofx_parse_options_init": (R, [P(ofx_parse_options)]),
    "ofx_response_parse": (R, [c_char_p, Z, OUT]),
    "ofx_response_parse_with": (R, [c_char_p, Z, P(ofx_parse_options), OUT]),
    "ofx_response_read_file": (R, [S, OUT]),
    "ofx_response_read_file_with": (R, [S, P(ofx_parse_options), OUT]),
    "ofx_response_free": (None, [VP]),
    "ofx_response_to_json": (R, [VP, STR_OUT]),
    "ofx_response_to_csv": (R, [VP, STR_OUT]),
    "ofx_response_serialize": (R, [VP, U32, STR_OUT]),
    "ofx_response_write_file": (R, [VP, S, U32]),
    "ofx_response_warning_count": (Z, [VP]),
    "ofx_response_warning": (R, [VP, Z, P(ofx_warning)]),
    "ofx_response_signon": (R, [VP, P(ofx_signon)]),
    "ofx_response_statement_count": (Z, [VP]),
    "ofx_response_statement": (R, [VP, Z, P(ofx_statement)]),
    "ofx_response_transaction": (R, [VP, Z, Z, P(ofx_transaction)]),
    "ofx_response_balance": (R, [VP, Z, Z, P(ofx_balance)]),
    "ofx_response_position": (R, [VP, Z, Z, P(ofx_position)]),
    "ofx_response_open_order": (R, [VP, Z, Z, P(ofx_open_order)]),
    "ofx_response_security_count": (Z, [VP]),
    "ofx_response_security": (R, [VP, Z, P(ofx_security)]),
    "ofx_response_account_count": (Z, [VP]),
    "ofx_response_account": (R, [VP, Z, P(ofx_account)]),
    "ofx_response_closing_count": (Z, [VP]),
    "ofx_response_closing": (R, [VP, Z, P(ofx_closing)]),
    "ofx_response_profile": (R, [VP, P(ofx_profile)]),
    "ofx_response_profile_message_set": (R, [VP, Z, P(c_char_p), P(c_char_p)]),
    "ofx_response_profile_signon_realm": (R, [VP, Z, P(ofx_signon_realm)]),
    "ofx_response_trn_status_count": (Z, [VP]),
    "ofx_response_trn_status": (R, [VP, Z, P(ofx_trn_status)]),
}

for _name, (_res, _args) in PROTOTYPES.items():
    _f = getattr(lib, _name)
    _f.restype = _res
    _f.argtypes = _args


# ---------------------------------------------------------------------------------------------
# Small helpers shared by the wrappers


def enc(s: Optional[str]) -> Optional[bytes]:
    """A Python str as NUL-terminated UTF-8 for the C side (None stays NULL)."""
    if s is None:
        return None
    if not isinstance(s, str):
        raise TypeError(f"expected str, got {type(s).__name__}")
    if "\0" in s:
        raise ValueError("strings passed to ofxkit must not contain NUL characters")
    return s.encode("utf-8")


def dec(b: Optional[bytes]) -> Optional[str]:
    """A borrowed C string as a Python str (copied; None for NULL)."""
    if b is None:
        return None
    return b.decode("utf-8", errors="replace")


def take_string(p: c_void_p) -> Optional[str]:
    """Copies an allocated C string out and frees it with ofx_string_free."""
    if not p.value:
        return None
    try:
        return ctypes.string_at(p.value).decode("utf-8", errors="replace")
    finally:
        lib.ofx_string_free(p)


def last_error_message() -> str:
    return dec(lib.ofx_last_error_message()) or ""


def result_str(code: int) -> str:
    return dec(lib.ofx_result_str(code)) or ""


def result_name(code: int) -> str:
    return dec(lib.ofx_result_name(code)) or ""


def version() -> str:
    return dec(lib.ofx_version()) or ""


def fields(struct: Any) -> List[str]:
    return [f[0] for f in struct._fields_]
