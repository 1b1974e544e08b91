"""Talking to a financial institution: :class:`Client`, :class:`Request`, statement requests."""

from __future__ import annotations

import enum
import os
from ctypes import POINTER, byref, c_int32, c_size_t, c_uint8, c_void_p, string_at
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, Optional, Union

from . import _callbacks as CB
from . import _native as N
from ._base import DateLike, Handle, date_str, flag, tri
from .errors import OfxError, Result, check, error_for
from .money import MoneyRecord, PaymentSpec, SyncResult, SyncSpec, TransferSpec
from .response import Response

if TYPE_CHECKING:  # pragma: no cover
    from .batch import Batch

L = N.lib

ConnectionCallback = Callable[[CB.ConnectionEvent], Any]
TlsCallback = Callable[[CB.TlsEvent], Union[bool, int, None]]
ErrorCallback = Callable[[CB.ErrorEvent], Any]
SyncCallback = Callable[[MoneyRecord], Any]
PathLike = Union[str, "os.PathLike[str]"]


class RequestKind(enum.IntEnum):
    """``ofx_request_kind`` values."""

    ACCOUNT_INFO = 1
    BANK_STATEMENT = 2
    BANK_CLOSING = 3
    CREDITCARD_STATEMENT = 4
    CREDITCARD_CLOSING = 5
    INVESTMENT_STATEMENT = 6
    LOAN_STATEMENT = 7
    LOAN_CLOSING = 8
    PROFILE = 9
    MFA_CHALLENGE = 10
    IMAGE = 11
    TRANSFER = 12
    TRANSFER_MODIFY = 13
    TRANSFER_CANCEL = 14
    INTERBANK_TRANSFER = 15
    INTERBANK_MODIFY = 16
    INTERBANK_CANCEL = 17
    TRANSFER_SYNC = 18
    INTERBANK_SYNC = 19
    PAYMENT = 20
    PAYMENT_MODIFY = 21
    PAYMENT_CANCEL = 22
    PAYMENT_STATUS = 23
    PAYEE_ADD = 24
    PAYEE_MODIFY = 25
    PAYEE_DELETE = 26
    PAYEE_SYNC = 27
    PAYMENT_SYNC = 28


def kind_of(n: int) -> Union[RequestKind, int]:
    try:
        return RequestKind(n)
    except ValueError:
        return n


def request_kind_name(kind: int) -> str:
    """The library's name of a request kind ("bank_statement", ...; "" when unknown)."""
    return N.dec(L.ofx_request_kind_name(int(kind))) or ""


# Image reference types
IMAGE_OPAQUE = 1
IMAGE_URL = 2
IMAGE_FORMURL = 3


@dataclass
class StatementRequest:
    """What a statement or closing request asks for (``ofx_statement_request``).

    ``account_type``: "checking", "savings", "moneymrkt", "creditline", "cd" (with ``bank_id``),
    "creditcard", "investment" (with ``broker_id``) or "loan". Dates are ``date``/``datetime`` or
    strings ("YYYY-MM-DD", ...). ``include_pending`` / ``include_images`` None leaves them unsent.
    """

    account_type: str
    account_id: str
    bank_id: Optional[str] = None
    branch_id: Optional[str] = None
    broker_id: Optional[str] = None
    loan_type: Optional[str] = None
    start: Optional[DateLike] = None
    end: Optional[DateLike] = None
    include_transactions: bool = True
    include_pending: Optional[bool] = None
    include_images: Optional[bool] = None
    include_positions: bool = True
    positions_as_of: Optional[DateLike] = None
    include_open_orders: bool = True
    include_balance: bool = True

    def _to_c(self) -> N.ofx_statement_request:
        c = N.ofx_statement_request()
        check(L.ofx_statement_request_init(byref(c)))
        c.account_type = N.enc(self.account_type)
        c.account_id = N.enc(self.account_id)
        c.bank_id = N.enc(self.bank_id)
        c.branch_id = N.enc(self.branch_id)
        c.broker_id = N.enc(self.broker_id)
        c.loan_type = N.enc(self.loan_type)
        c.start = N.enc(date_str(self.start))
        c.end = N.enc(date_str(self.end))
        c.include_transactions = flag(self.include_transactions)
        c.include_pending = tri(self.include_pending)
        c.include_images = tri(self.include_images)
        c.include_positions = flag(self.include_positions)
        c.positions_as_of = N.enc(date_str(self.positions_as_of))
        c.include_open_orders = flag(self.include_open_orders)
        c.include_balance = flag(self.include_balance)
        return c


@dataclass(frozen=True)
class ErrorInfo:
    """Details of a client's last failure (``ofx_error_info``)."""

    code: int
    http_status: int
    body_start: str


@dataclass(frozen=True)
class Image:
    """A downloaded check or statement image (copied out of ``ofx_image``)."""

    content_type: str
    data: bytes


def _setting(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, str)):
        return str(v)
    if isinstance(v, os.PathLike):
        return str(os.fspath(v))
    raise TypeError(f"ofxkit: a setting is a str, an int, a bool or a path, not {type(v).__name__}")


class _CallbackOwner(Handle):
    """A handle with TLS/connection/error callbacks and a per-handle error message (client, batch)."""

    _setters: Dict[str, Any] = {}

    def _errmsg(self, ptr: int) -> str:  # pragma: no cover - overridden
        return ""

    def _fail(self, rc: int, ptr: int) -> OfxError:
        msg = self._errmsg(ptr) or N.last_error_message()
        return error_for(rc, msg)

    def _call(self, fn: Any, *args: Any) -> None:
        """Calls ``fn(ptr, *args)`` (a native call that may run callbacks): re-raises the first
        exception a callback raised, else raises OfxError for a non-zero result."""
        ptr = self._p()
        with CB.CallScope() as scope:
            rc = fn(ptr, *args)
        if scope.errors:
            note = None
            if rc != 0:
                e = self._fail(rc, ptr)
                note = f"ofxkit: the native call then failed with {e}"
            scope.reraise(note)
        if rc != 0:
            raise self._fail(rc, ptr)

    def _set_callback(self, which: str, fn: Optional[Callable[..., Any]]) -> None:
        setter = self._setters[which]
        ptr = self._p()
        if fn is None:
            rc = setter(ptr, CB.NULLS[which], None, N.ofx_userdata_free())
        else:
            if not callable(fn):
                raise TypeError(f"ofxkit: the {which} callback must be callable")
            key = CB.register(fn)  # released by userdata_free (also when this call fails)
            rc = setter(ptr, CB.TRAMPOLINES[which], key, CB.FREE)
        if rc != 0:
            raise self._fail(rc, ptr)

    def set_connection_callback(self, fn: Optional[ConnectionCallback]) -> None:
        """Calls ``fn(ConnectionEvent)`` on each connection state change (None removes it)."""
        self._set_callback("connection", fn)

    def set_tls_callback(self, fn: Optional[TlsCallback]) -> None:
        """Calls ``fn(TlsEvent)`` for TLS status events and for the server-certificate decision
        (``event.kind == TLS_SERVER_CERTIFICATE``): return True (or ``TLS_ACCEPT``) to accept, False
        (``TLS_REJECT``) to reject, None (``TLS_DEFAULT``) to keep the library's verdict. A callback
        that raises rejects the certificate, and its exception is raised after the call."""
        self._set_callback("tls", fn)

    def set_error_callback(self, fn: Optional[ErrorCallback]) -> None:
        """Calls ``fn(ErrorEvent)`` once per failed exchange (None removes it)."""
        self._set_callback("error", fn)


class Request(Handle):
    """A request item (``ofx_request``): one request aggregate with its TRNUID, made for one client
    by a ``Client.request_*`` method. Post it with :meth:`Client.post` or add it to a Batch."""

    _kind = "request"
    _free = L.ofx_request_free

    def __init__(self, ptr: Optional[int], client: "Client") -> None:
        super().__init__(ptr)
        self.client = client

    @property
    def uid(self) -> str:
        """The TRNUID (settable: 1-36 characters, to ask again after a lost answer)."""
        return N.dec(L.ofx_request_uid(self._p())) or ""

    @uid.setter
    def uid(self, value: str) -> None:
        check(L.ofx_request_set_uid(self._p(), N.enc(value)))

    @property
    def kind(self) -> Union[RequestKind, int]:
        return kind_of(L.ofx_request_kind(self._p()))

    @property
    def kind_name(self) -> str:
        return request_kind_name(L.ofx_request_kind(self._p()))

    def text(self, masked: bool = True) -> str:
        """The whole document the client would post for this request (secrets masked by default)."""
        return self.client.request_text(self, masked=masked)


class Client(_CallbackOwner):
    """An OFX client (``ofx_client``): one FI, one user, one HTTP agent.

    >>> with Client("https://bank.example/ofx", "Bank", "1234", user_id="me", password="pw") as c:
    ...     resp = c.statement(account_type="checking", account_id="1", bank_id="2")  # doctest: +SKIP

    Settings are ``ofx_client_set`` keys: pass the usual ones by keyword (``version``,
    ``ca_file``, ``timeout_ms``) or any through ``settings={"version.profile": "211"}``; read them with
    :meth:`get` or ``client["key"]``. Callbacks: :meth:`set_tls_callback`,
    :meth:`set_connection_callback`, :meth:`set_error_callback` (or the constructor's keywords).
    """

    _kind = "client"
    _free = L.ofx_client_free
    _setters = {
        "connection": L.ofx_client_set_connection_callback,
        "tls": L.ofx_client_set_tls_callback,
        "error": L.ofx_client_set_error_callback,
    }

    def __init__(
        self,
        url: Optional[str] = None,
        org: Optional[str] = None,
        fid: Optional[str] = None,
        *,
        user_id: Optional[str] = None,
        password: Optional[str] = None,
        version: Union[int, str, None] = None,
        ca_file: Optional[PathLike] = None,
        timeout_ms: Optional[int] = None,
        settings: Optional[Mapping[str, Any]] = None,
        tls_callback: Optional[TlsCallback] = None,
        connection_callback: Optional[ConnectionCallback] = None,
        error_callback: Optional[ErrorCallback] = None,
    ) -> None:
        out = c_void_p()
        check(L.ofx_client_new(byref(out)))
        super().__init__(out.value)
        try:
            for key, value in (("url", url), ("org", org), ("fid", fid), ("version", version),
                               ("ca_file", ca_file), ("timeout_ms", timeout_ms)):
                if value is not None:
                    self.set(key, value)
            for key, value in (settings or {}).items():
                self.set(key, value)
            if user_id is not None or password is not None:
                self.set_credentials(user_id or "", password or "")
            if tls_callback is not None:
                self.set_tls_callback(tls_callback)
            if connection_callback is not None:
                self.set_connection_callback(connection_callback)
            if error_callback is not None:
                self.set_error_callback(error_callback)
        except BaseException:
            self.close()
            raise

    def _errmsg(self, ptr: int) -> str:
        return N.dec(L.ofx_client_errmsg(ptr)) or ""

    def _fail(self, rc: int, ptr: int) -> OfxError:
        e = super()._fail(rc, ptr)
        info = N.ofx_error_info()
        if L.ofx_client_error_info(ptr, byref(info)) == 0 and info.code == rc:
            e.http_status = info.http_status
            e.body_start = N.dec(info.body_start) or ""
        return e

    def _simple(self, fn: Any, *args: Any) -> None:
        """A native call without callbacks."""
        ptr = self._p()
        rc = fn(ptr, *args)
        if rc != 0:
            raise self._fail(rc, ptr)

    # -- configuration

    def set(self, key: str, value: Any) -> None:
        """Sets one configuration knob (``ofx_client_set``); "" clears an optional setting.
        Raises ConfigError for an unknown key or a bad value."""
        self._simple(L.ofx_client_set, N.enc(key), N.enc(_setting(value)))

    def get(self, key: str) -> Optional[str]:
        """Reads a setting that is not a secret, or what the server gave ("access_key", "url",
        "version", "client_uid", ...); None when it is not set."""
        ptr = self._p()
        out = c_void_p()
        rc = L.ofx_client_get(ptr, N.enc(key), byref(out))
        if rc == Result.NOT_FOUND:
            return None
        if rc != 0:
            raise self._fail(rc, ptr)
        return N.take_string(out)

    def __getitem__(self, key: str) -> Optional[str]:
        return self.get(key)

    def __setitem__(self, key: str, value: Any) -> None:
        self.set(key, value)

    def load_profile(self, text: str) -> None:
        """Applies ``key=value`` lines (a quirk profile); all or nothing."""
        self._simple(L.ofx_client_load_profile, N.enc(text))

    def set_fi(self, url: str, org: str, fid: Optional[str] = None) -> None:
        self._simple(L.ofx_client_set_fi, N.enc(url), N.enc(org), N.enc(fid))

    def set_credentials(self, user_id: str, password: str) -> None:
        self._simple(L.ofx_client_set_credentials, N.enc(user_id), N.enc(password))

    def add_ca_pem(self, pem: Union[bytes, str]) -> None:
        """Trusts these PEM CA certificates beside the system store."""
        data = pem.encode("ascii") if isinstance(pem, str) else bytes(pem)
        self._simple(L.ofx_client_add_ca_pem, data, len(data))

    def set_client_cert(self, p12: Optional[bytes], password: Optional[str] = None) -> None:
        """Sets the client certificate (a PKCS#12 archive); None removes it."""
        if p12 is None:
            self._simple(L.ofx_client_set_client_cert, None, 0, None)
        else:
            data = bytes(p12)
            self._simple(L.ofx_client_set_client_cert, data, len(data), N.enc(password))

    @property
    def errmsg(self) -> str:
        """The message of the client's last failed call ("" after a success)."""
        return self._errmsg(self._p())

    def error_info(self) -> ErrorInfo:
        ptr = self._p()
        info = N.ofx_error_info()
        rc = L.ofx_client_error_info(ptr, byref(info))
        if rc != 0:
            raise self._fail(rc, ptr)
        return ErrorInfo(code=info.code, http_status=info.http_status, body_start=N.dec(info.body_start) or "")

    # -- request items

    def _make_request(self, fn: Any, *args: Any) -> Request:
        ptr = self._p()
        out = c_void_p()
        rc = fn(ptr, *args, byref(out))
        if rc != 0:
            raise error_for(rc, N.last_error_message() or self._errmsg(ptr))
        return Request(out.value, self)

    @staticmethod
    def _stmt(rq: Optional[StatementRequest], kw: Dict[str, Any]) -> StatementRequest:
        if rq is None:
            return StatementRequest(**kw)
        if kw:
            raise TypeError("ofxkit: pass a StatementRequest or keyword fields, not both")
        return rq

    def request_statement(self, rq: Optional[StatementRequest] = None, **fields: Any) -> Request:
        c = self._stmt(rq, fields)._to_c()
        return self._make_request(L.ofx_request_statement, byref(c))

    def request_closing(self, rq: Optional[StatementRequest] = None, **fields: Any) -> Request:
        c = self._stmt(rq, fields)._to_c()
        return self._make_request(L.ofx_request_closing, byref(c))

    def request_account_info(self, since: Optional[DateLike] = None) -> Request:
        return self._make_request(L.ofx_request_account_info, N.enc(date_str(since)))

    def request_profile(self, since: Optional[DateLike] = None) -> Request:
        return self._make_request(L.ofx_request_profile, N.enc(date_str(since)))

    def request_mfa_challenge(self) -> Request:
        return self._make_request(L.ofx_request_mfa_challenge)

    def request_transfer(self, spec: Optional[TransferSpec] = None, **fields: Any) -> Request:
        c = (spec or TransferSpec(**fields))._to_c()
        return self._make_request(L.ofx_request_transfer, byref(c))

    def request_transfer_modify(self, transfer_id: str, spec: TransferSpec) -> Request:
        c = spec._to_c()
        return self._make_request(L.ofx_request_transfer_modify, N.enc(transfer_id), byref(c))

    def request_transfer_cancel(self, transfer_id: str, interbank: bool = False) -> Request:
        return self._make_request(L.ofx_request_transfer_cancel, N.enc(transfer_id), flag(interbank))

    def request_transfer_sync(self, spec: Optional[SyncSpec] = None, **fields: Any) -> Request:
        c = (spec or SyncSpec(**fields))._to_c()
        return self._make_request(L.ofx_request_transfer_sync, byref(c))

    def request_payment_sync(self, spec: Optional[SyncSpec] = None, **fields: Any) -> Request:
        """A payment sync as a request item (for batches)."""
        c = (spec or SyncSpec(**fields))._to_c()
        return self._make_request(L.ofx_request_payment_sync, byref(c))

    def request_payee_sync(self, spec: Optional[SyncSpec] = None, **fields: Any) -> Request:
        """A payee-list sync as a request item (for batches)."""
        c = (spec or SyncSpec(**fields))._to_c()
        return self._make_request(L.ofx_request_payee_sync, byref(c))

    def request_image(self, image_ref: str) -> Request:
        """An image request (IMAGERQ) by an OPAQUE reference, as a request item."""
        return self._make_request(L.ofx_request_image, N.enc(image_ref))

    def request_payment(self, spec: Optional[PaymentSpec] = None, **fields: Any) -> Request:
        c = (spec or PaymentSpec(**fields))._to_c()
        return self._make_request(L.ofx_request_payment, byref(c))

    def request_payment_modify(self, payment_id: str, spec: PaymentSpec) -> Request:
        c = spec._to_c()
        return self._make_request(L.ofx_request_payment_modify, N.enc(payment_id), byref(c))

    def request_payment_cancel(self, payment_id: str) -> Request:
        return self._make_request(L.ofx_request_payment_cancel, N.enc(payment_id))

    def request_payment_status(self, payment_id: str) -> Request:
        return self._make_request(L.ofx_request_payment_status, N.enc(payment_id))

    def request_payee_add(self, spec: Optional[PaymentSpec] = None, **fields: Any) -> Request:
        c = (spec or PaymentSpec(**fields))._to_c()
        return self._make_request(L.ofx_request_payee_add, byref(c))

    def request_payee_modify(self, payee_list_id: str, spec: PaymentSpec) -> Request:
        c = spec._to_c()
        return self._make_request(L.ofx_request_payee_modify, N.enc(payee_list_id), byref(c))

    def request_payee_delete(self, payee_list_id: str) -> Request:
        return self._make_request(L.ofx_request_payee_delete, N.enc(payee_list_id))

    def request_text(self, request: Request, masked: bool = True) -> str:
        """The whole document this client would post for ``request``."""
        out = c_void_p()
        self._simple(L.ofx_request_text, request._p(), flag(masked), byref(out))
        return N.take_string(out) or ""

    # -- operations (each returns a Response the caller closes)

    def _op(self, fn: Any, *args: Any) -> Response:
        out = c_void_p()
        try:
            self._call(fn, *args, byref(out))
        except BaseException:
            # a callback raised although the call succeeded: its exception wins, the answer is freed
            L.ofx_response_free(out)
            raise
        return Response(out.value)

    def post(self, request: Request) -> Response:
        """Posts one request under the client's signon; OFX statuses are read from the response
        (``Response.check()``, ``trn_statuses``)."""
        return self._op(L.ofx_client_post, request._p())

    def account_info(self, since: Optional[DateLike] = None) -> Response:
        return self._op(L.ofx_client_account_info, N.enc(date_str(since)))

    def statement(self, rq: Optional[StatementRequest] = None, **fields: Any) -> Response:
        """Downloads a statement: ``statement(StatementRequest(...))`` or
        ``statement(account_type="checking", account_id=..., bank_id=...)``."""
        c = self._stmt(rq, fields)._to_c()
        return self._op(L.ofx_client_statement, byref(c))

    def closing(self, rq: Optional[StatementRequest] = None, **fields: Any) -> Response:
        c = self._stmt(rq, fields)._to_c()
        return self._op(L.ofx_client_closing, byref(c))

    def profile(self, since: Optional[DateLike] = None) -> Response:
        return self._op(L.ofx_client_profile, N.enc(date_str(since)))

    def mfa_challenge(self) -> Response:
        """Asks for the MFA questions (``Response.mfa_questions``)."""
        return self._op(L.ofx_client_mfa_challenge)

    def set_mfa_answer(self, phrase_id: str, answer: str) -> None:
        self._simple(L.ofx_client_set_mfa_answer, N.enc(phrase_id), N.enc(answer))

    def get_image(self, ref_type: int, image_ref: str) -> Image:
        """Downloads a check or statement image (``IMAGE_OPAQUE``, ``IMAGE_URL``, ``IMAGE_FORMURL``)."""
        out = c_void_p()
        try:
            self._call(L.ofx_client_get_image, int(ref_type), N.enc(image_ref), byref(out))
        except BaseException:
            L.ofx_image_free(out)
            raise
        img = out.value
        try:
            data = POINTER(c_uint8)()
            n = c_size_t()
            check(L.ofx_image_data(img, byref(data), byref(n)))
            raw = string_at(data, n.value) if n.value else b""
            return Image(content_type=N.dec(L.ofx_image_content_type(img)) or "", data=raw)
        finally:
            L.ofx_image_free(img)

    def transfer(self, spec: Optional[TransferSpec] = None, **fields: Any) -> Response:
        """Makes a transfer (request_transfer + post). ``Response.check()`` raises if the server
        refused; ``Response.money_records[0].id`` is the server's transfer id."""
        with self.request_transfer(spec, **fields) as rq:
            return self.post(rq)

    def pay(self, spec: Optional[PaymentSpec] = None, **fields: Any) -> Response:
        """Makes a bill payment (request_payment + post)."""
        with self.request_payment(spec, **fields) as rq:
            return self.post(rq)

    def _sync(self, fn: Any, spec: Optional[SyncSpec], callback: Optional[SyncCallback],
              fields: Dict[str, Any]) -> SyncResult:
        c = (spec or SyncSpec(**fields))._to_c()
        records: List[MoneyRecord] = []

        def on_record(rec: MoneyRecord) -> Any:
            records.append(rec)
            return callback(rec) if callback is not None else None

        key = CB.register(on_record)
        token = c_void_p()
        lost = c_int32()
        out = c_void_p()
        try:
            self._call(fn, byref(c), CB.SYNC, key, byref(token), byref(lost), byref(out))
        except BaseException:
            # written only on success; freed when a callback's exception is raised after a success
            L.ofx_string_free(token)
            L.ofx_response_free(out)
            raise
        finally:
            CB.unregister(key)
        resp = Response(out.value)
        return SyncResult(token=N.take_string(token) or "", lost_sync=bool(lost.value), records=records, response=resp)

    def sync_transfers(self, spec: Optional[SyncSpec] = None, callback: Optional[SyncCallback] = None,
                       **fields: Any) -> SyncResult:
        """Synchronizes the transfers of an account. ``callback(record)`` runs once per record; return
        False (or raise) to stop: the sync then fails and no token is handed out."""
        return self._sync(L.ofx_client_sync_transfers, spec, callback, fields)

    def sync_payments(self, spec: Optional[SyncSpec] = None, callback: Optional[SyncCallback] = None,
                      **fields: Any) -> SyncResult:
        return self._sync(L.ofx_client_sync_payments, spec, callback, fields)

    def sync_payees(self, spec: Optional[SyncSpec] = None, callback: Optional[SyncCallback] = None,
                    **fields: Any) -> SyncResult:
        return self._sync(L.ofx_client_sync_payees, spec, callback, fields)

    # -- batches

    def batch(self) -> "Batch":
        """A new empty batch for this client (a copy of its FI, signon, settings and callbacks)."""
        from .batch import Batch

        return Batch(self)

    def read_batch(self, path: PathLike) -> "Batch":
        """A batch read back from a data file (as written by ``Batch.write_file``)."""
        from .batch import Batch

        return Batch.read_file(self, path)
