"""Result codes and exceptions.

Every failing ofxkit call raises :class:`OfxError` (or one of its subclasses, chosen by the
``ofx_result`` code) carrying the numeric code, its C name (``"OFX_RESULT_DNS"``) and the message
the library gave. Using a handle after ``close()`` raises :class:`ClosedError`.
"""

from __future__ import annotations

import enum
from typing import Dict, Optional, Type

from . import _native


class Result(enum.IntEnum):
    """``enum ofx_result``: values are fixed and never renumbered."""

    OK = 0
    INVALID_ARGUMENT = 1
    NULL_POINTER = 2
    PANIC = 3
    INVALID_UTF8 = 4
    NOT_FOUND = 5
    IO = 6
    NOT_OFX = 100
    NO_CONTENT = 101
    STRICT_VIOLATION = 102
    TOO_LARGE = 103
    UNSUPPORTED_VERSION = 104
    CONFIG = 200
    REQUEST = 201
    INVALID_URL = 202
    DNS = 203
    CONNECT = 204
    TIMEOUT = 205
    TLS = 206
    CERTIFICATE = 207
    RESET = 208
    HTTP_STATUS = 209
    EMPTY_BODY = 210
    RESPONSE_TOO_LARGE = 211
    PROXY = 212
    NETWORK = 213
    BAD_RESPONSE = 214
    TRUNCATED = 215
    NOT_ANSWERED = 216
    SIGNON_FAILED = 217
    NOT_POSTED = 218
    REFUSED = 219
    CALLBACK_STOPPED = 220

    @property
    def c_name(self) -> str:
        """The C enumerator, e.g. ``"OFX_RESULT_DNS"``."""
        return "OFX_RESULT_" + self.name

    @property
    def description(self) -> str:
        """The library's own description (``ofx_result_str``)."""
        return _native.result_str(int(self))


def result_name(code: int) -> str:
    """The C name of a code (``"OFX_RESULT_DNS"``); ``"OFX_RESULT_<n>"`` for a code this version
    of the binding does not know (the library only ever adds codes)."""
    try:
        return Result(code).c_name
    except ValueError:
        return f"OFX_RESULT_{code}"


class ClosedError(ValueError):
    """A handle (client, batch, response, request) was used after ``close()``, or a response borrowed
    from a batch was used after the batch dropped it (a later post, add, set, clear or close)."""


class OfxError(Exception):
    """A failed ofxkit call.

    Attributes:
        code: the ``ofx_result`` number (e.g. 203).
        name: its C name (e.g. ``"OFX_RESULT_DNS"``).
        message: the library's message for this failure (``ofx_client_errmsg``,
            ``ofx_batch_errmsg`` or ``ofx_last_error_message``); falls back to the code's
            description when the library gave none.
        result: the code as a :class:`Result` member, or ``None`` for a code unknown to the binding.
        http_status, body_start: for ``OFX_RESULT_HTTP_STATUS`` raised by a client operation,
            the HTTP status and the first bytes of the body (else 0 and "").
    """

    code: int
    name: str
    message: str
    http_status: int
    body_start: str

    def __init__(self, code: int, name: Optional[str] = None, message: Optional[str] = None):
        self.code = int(code)
        self.name = name or result_name(self.code)
        self.message = message or _native.result_str(self.code)
        self.http_status = 0
        self.body_start = ""
        super().__init__(self.code, self.name, self.message)

    @property
    def result(self) -> Optional[Result]:
        try:
            return Result(self.code)
        except ValueError:
            return None

    @property
    def description(self) -> str:
        return _native.result_str(self.code)

    def __str__(self) -> str:
        return f"{self.name} ({self.code}): {self.message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.name!r}, {self.message!r})"


# Subclasses for the codes an application commonly tells apart.
class InvalidArgumentError(OfxError):
    """OFX_RESULT_INVALID_ARGUMENT (a bad account, amount, date, index...)."""


class NotFoundError(OfxError):
    """OFX_RESULT_NOT_FOUND."""


class IoError(OfxError):
    """OFX_RESULT_IO: a file could not be read or written."""


class ParseError(OfxError):
    """Reading failed: OFX_RESULT_NOT_OFX, NO_CONTENT, STRICT_VIOLATION, TOO_LARGE."""


class NotOfxError(ParseError):
    """OFX_RESULT_NOT_OFX: the input is not an OFX document (HTML, empty, binary)."""


class StrictViolationError(ParseError):
    """OFX_RESULT_STRICT_VIOLATION."""


class ConfigError(OfxError):
    """OFX_RESULT_CONFIG: a missing or bad client setting."""


class RequestError(OfxError):
    """OFX_RESULT_REQUEST: the request could not be written (nothing was sent)."""


class InvalidUrlError(OfxError):
    """OFX_RESULT_INVALID_URL."""


class NetworkError(OfxError):
    """Talking to the server failed (transport codes 203-213 without a subclass of their own)."""


class DnsError(NetworkError):
    """OFX_RESULT_DNS: the host name did not resolve."""


class ConnectError(NetworkError):
    """OFX_RESULT_CONNECT."""


class OfxTimeoutError(NetworkError):
    """OFX_RESULT_TIMEOUT: the connect timeout or the whole-exchange timeout passed."""


class TlsError(NetworkError):
    """OFX_RESULT_TLS: the handshake failed."""


class CertificateError(TlsError):
    """OFX_RESULT_CERTIFICATE: the server's certificate was not trusted and no callback accepted it."""


class HttpStatusError(NetworkError):
    """OFX_RESULT_HTTP_STATUS: see ``http_status`` and ``body_start``."""


class BadResponseError(OfxError):
    """OFX_RESULT_BAD_RESPONSE / OFX_RESULT_TRUNCATED / OFX_RESULT_EMPTY_BODY."""


class NotAnsweredError(OfxError):
    """OFX_RESULT_NOT_ANSWERED: the server's answer lacks this batch item."""


class SignonFailedError(OfxError):
    """OFX_RESULT_SIGNON_FAILED."""


class NotPostedError(OfxError):
    """OFX_RESULT_NOT_POSTED."""


class RefusedError(OfxError):
    """OFX_RESULT_REFUSED: the server refused (a non-zero signon or transaction STATUS)."""


class CallbackStoppedError(OfxError):
    """OFX_RESULT_CALLBACK_STOPPED: a callback asked to stop."""


_BY_CODE: Dict[int, Type[OfxError]] = {
    Result.INVALID_ARGUMENT: InvalidArgumentError,
    Result.NOT_FOUND: NotFoundError,
    Result.IO: IoError,
    Result.NOT_OFX: NotOfxError,
    Result.NO_CONTENT: ParseError,
    Result.STRICT_VIOLATION: StrictViolationError,
    Result.TOO_LARGE: ParseError,
    Result.CONFIG: ConfigError,
    Result.REQUEST: RequestError,
    Result.INVALID_URL: InvalidUrlError,
    Result.DNS: DnsError,
    Result.CONNECT: ConnectError,
    Result.TIMEOUT: OfxTimeoutError,
    Result.TLS: TlsError,
    Result.CERTIFICATE: CertificateError,
    Result.RESET: NetworkError,
    Result.HTTP_STATUS: HttpStatusError,
    Result.EMPTY_BODY: BadResponseError,
    Result.RESPONSE_TOO_LARGE: NetworkError,
    Result.PROXY: NetworkError,
    Result.NETWORK: NetworkError,
    Result.BAD_RESPONSE: BadResponseError,
    Result.TRUNCATED: BadResponseError,
    Result.NOT_ANSWERED: NotAnsweredError,
    Result.SIGNON_FAILED: SignonFailedError,
    Result.NOT_POSTED: NotPostedError,
    Result.REFUSED: RefusedError,
    Result.CALLBACK_STOPPED: CallbackStoppedError,
}


def error_for(code: int, message: Optional[str] = None) -> OfxError:
    """The exception for a non-zero ``ofx_result`` (its subclass, name and message)."""
    cls = _BY_CODE.get(int(code), OfxError)
    return cls(int(code), result_name(code), message)


def check(code: int, message: Optional[str] = None) -> None:
    """Raises :func:`error_for` ``code`` unless it is OK; ``message`` defaults to
    ``ofx_last_error_message()`` (read right away, on this thread)."""
    if code != 0:
        if message is None:
            message = _native.last_error_message()
        raise error_for(code, message)
