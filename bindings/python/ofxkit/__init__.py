"""ofxkit: an OFX (Open Financial Exchange) client engine, over libofxkit's C API (ctypes).

Reading::

    with ofxkit.read_file("statement.ofx") as resp:
        for st in resp.statements:
            print(st.account_id, st.total, len(st.transactions))

Talking to an FI::

    with ofxkit.Client(url, org, fid, user_id="demo", password="...") as client:
        with client.statement(account_type="checking", account_id="1000123456",
                              bank_id="077700077") as resp:
            ...

Errors are :class:`OfxError` (code, name, message) and its subclasses; handles are closed with
``close()`` or ``with``, and a finalizer frees those never closed.
"""

from __future__ import annotations

from . import _native
from ._callbacks import (
    CONN_CLOSED,
    CONN_CONNECTED,
    CONN_CONNECTING,
    CONN_REQUEST_SENT,
    CONN_RESOLVING,
    CONN_RESPONSE_RECEIVED,
    CONN_TLS_DONE,
    TLS_ACCEPT,
    TLS_ACCEPTED_BY_CALLBACK,
    TLS_CERTIFICATE_TRUSTED,
    TLS_CERTIFICATE_UNTRUSTED,
    TLS_CLIENT_CERTIFICATE_SENT,
    TLS_DEFAULT,
    TLS_HANDSHAKE_DONE,
    TLS_HANDSHAKE_STARTED,
    TLS_REJECT,
    TLS_REJECTED_BY_CALLBACK,
    TLS_SERVER_CERTIFICATE,
    ConnectionEvent,
    ErrorEvent,
    TlsEvent,
)
from .batch import Batch, BatchItem
from .client import (
    IMAGE_FORMURL,
    IMAGE_OPAQUE,
    IMAGE_URL,
    Client,
    ErrorInfo,
    Image,
    Request,
    RequestKind,
    StatementRequest,
    request_kind_name,
)
from .errors import (
    BadResponseError,
    CallbackStoppedError,
    CertificateError,
    ClosedError,
    ConfigError,
    ConnectError,
    DnsError,
    HttpStatusError,
    InvalidArgumentError,
    InvalidUrlError,
    IoError,
    NetworkError,
    NotAnsweredError,
    NotFoundError,
    NotOfxError,
    NotPostedError,
    OfxError,
    OfxTimeoutError,
    ParseError,
    RefusedError,
    RequestError,
    Result,
    SignonFailedError,
    StrictViolationError,
    TlsError,
    result_name,
)
from .money import MoneyRecord, PaymentSpec, RecordKind, SyncResult, SyncSpec, TransferSpec
from .response import (
    Account,
    Balance,
    Closing,
    Element,
    MessageSet,
    MfaQuestion,
    OpenOrder,
    ParseWarning,
    Position,
    Profile,
    Response,
    Security,
    Signon,
    SignonRealm,
    Statement,
    StatementKind,
    Transaction,
    TrnStatus,
    parse,
    read_file,
)

__version__ = "0.1.0"


def library_version() -> str:
    """The loaded libofxkit's version ("MAJOR.MINOR.PATCH", ``ofx_version``)."""
    return _native.version()


def library_path() -> str:
    """The path of the loaded libofxkit."""
    return _native.LIB_PATH


def result_str(code: int) -> str:
    """The library's description of a result code (``ofx_result_str``)."""
    return _native.result_str(int(code))


__all__ = [
    "Account", "Balance", "BadResponseError", "Batch", "BatchItem", "CallbackStoppedError",
    "CertificateError", "Client", "ClosedError", "Closing", "ConfigError", "ConnectError",
    "ConnectionEvent", "DnsError", "Element", "ErrorEvent", "ErrorInfo", "HttpStatusError", "Image",
    "InvalidArgumentError", "InvalidUrlError", "IoError", "MessageSet", "MfaQuestion", "MoneyRecord",
    "NetworkError", "NotAnsweredError", "NotFoundError", "NotOfxError", "NotPostedError", "OfxError",
    "OfxTimeoutError", "OpenOrder", "ParseError", "ParseWarning", "PaymentSpec", "Position", "Profile",
    "RecordKind", "RefusedError", "Request", "RequestError", "RequestKind", "Response", "Result",
    "Security", "SignonFailedError", "Signon", "SignonRealm", "Statement", "StatementKind",
    "StatementRequest", "StrictViolationError", "SyncResult", "SyncSpec", "TlsError", "TlsEvent",
    "Transaction", "TransferSpec", "TrnStatus", "library_path", "library_version", "parse",
    "read_file", "request_kind_name", "result_name", "result_str",
    "CONN_RESOLVING", "CONN_CONNECTING", "CONN_CONNECTED", "CONN_TLS_DONE", "CONN_REQUEST_SENT",
    "CONN_RESPONSE_RECEIVED", "CONN_CLOSED", "TLS_HANDSHAKE_STARTED", "TLS_CERTIFICATE_TRUSTED",
    "TLS_CERTIFICATE_UNTRUSTED", "TLS_ACCEPTED_BY_CALLBACK", "TLS_REJECTED_BY_CALLBACK",
    "TLS_HANDSHAKE_DONE", "TLS_CLIENT_CERTIFICATE_SENT", "TLS_SERVER_CERTIFICATE", "TLS_ACCEPT",
    "TLS_REJECT", "TLS_DEFAULT", "IMAGE_OPAQUE", "IMAGE_URL", "IMAGE_FORMURL",
]
