"""Callbacks: Python functions behind the C function pointers.

How lifetimes work:

* The C side receives one of the module-level trampolines below (CFUNCTYPE objects that live as long
  as the module, so the function pointer can never dangle) and, as ``userdata``, an integer key into
  ``_REGISTRY``, which holds the Python callable.
* ``userdata_free`` is the module-level ``_free_trampoline``: it removes the key. The library calls it
  exactly once, when no client or batch holds the registration any more (a batch copies the client's
  registrations, so a callable may outlive the client that registered it) or at once when the
  registration fails. Until then the callable stays referenced.

How exceptions work:

* A trampoline never lets a Python exception unwind into C: it catches it (``BaseException``, so
  KeyboardInterrupt too), records it in the innermost :class:`CallScope` of the calling thread and
  returns a safe value (TLS decision: reject; sync record: stop).
* Every native call that may run callbacks is made inside a ``CallScope``; after the call returns the
  first recorded exception is raised (with a note saying what the native call then returned).
  Callbacks run on the thread that made the call, during the call, so a thread-local stack of
  scopes is exact; the stack also copes with a callback that itself calls into another handle.
"""

from __future__ import annotations

import itertools
import sys
import threading
from ctypes import string_at
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional

from . import _native as N


# ------------------------------------------------------------------------------ events (views)


@dataclass(frozen=True)
class ConnectionEvent:
    """A connection status change (``ofx_connection_event``); ``state`` is one of ``CONN_*``."""

    state: int
    state_name: str
    host: str
    port: int
    detail: str


@dataclass(frozen=True)
class TlsEvent:
    """A TLS event (``ofx_tls_event``). The certificate fields are set only for
    ``kind == TLS_SERVER_CERTIFICATE`` (None / b"" otherwise)."""

    kind: int
    host: str
    port: int
    detail: str
    cert_der: bytes
    cert_pem: Optional[str]
    subject: Optional[str]
    issuer: Optional[str]
    trusted: bool
    reason: Optional[str]

    @property
    def is_decision(self) -> bool:
        """True for the server-certificate event, whose return value decides."""
        return self.kind == TLS_SERVER_CERTIFICATE


@dataclass(frozen=True)
class ErrorEvent:
    """An error event (``ofx_error_event``): the code the call will return, and a message."""

    code: int
    name: str
    message: str


# Connection states
CONN_RESOLVING = 1
CONN_CONNECTING = 2
CONN_CONNECTED = 3
CONN_TLS_DONE = 4
CONN_REQUEST_SENT = 5
CONN_RESPONSE_RECEIVED = 6
CONN_CLOSED = 7
# TLS event kinds
TLS_HANDSHAKE_STARTED = 1
TLS_CERTIFICATE_TRUSTED = 2
TLS_CERTIFICATE_UNTRUSTED = 3
TLS_ACCEPTED_BY_CALLBACK = 4
TLS_REJECTED_BY_CALLBACK = 5
TLS_HANDSHAKE_DONE = 6
TLS_CLIENT_CERTIFICATE_SENT = 7
TLS_SERVER_CERTIFICATE = 100

# TLS decisions (what a TLS callback returns for TLS_SERVER_CERTIFICATE)
TLS_ACCEPT = 0
TLS_REJECT = -1
TLS_DEFAULT = 1


# ------------------------------------------------------------------------------ scopes


class CallScope:
    """Collects exceptions raised by callbacks during one native call on this thread."""

    __slots__ = ("errors",)

    def __init__(self) -> None:
        self.errors: List[BaseException] = []

    def __enter__(self) -> "CallScope":
        _stack().append(self)
        return self

    def __exit__(self, *exc: Any) -> None:
        st = _stack()
        if st and st[-1] is self:
            st.pop()
        else:  # pragma: no cover - scopes are strictly nested
            try:
                st.remove(self)
            except ValueError:
                pass

    def reraise(self, note: Optional[str] = None) -> None:
        """Raises the first exception a callback raised, if any (later ones are added as notes)."""
        if not self.errors:
            return
        first = self.errors[0]
        if note:
            add_note(first, note)
        for later in self.errors[1:]:
            add_note(first, f"ofxkit: a later callback also raised {type(later).__name__}: {later}")
        raise first


def add_note(exc: BaseException, note: str) -> None:
    """``exc.add_note(note)`` (Python 3.11+); before 3.11 the note is appended to ``__notes__`` the
    same way (tracebacks there do not print it)."""
    if hasattr(exc, "add_note"):
        exc.add_note(note)
    else:
        notes = getattr(exc, "__notes__", None)
        if not isinstance(notes, list):
            notes = []
        notes.append(note)
        try:
            exc.__notes__ = notes
        except AttributeError:  # pragma: no cover - exceptions with __slots__
            pass


_local = threading.local()


def _stack() -> List[CallScope]:
    st = getattr(_local, "stack", None)
    if st is None:
        st = []
        _local.stack = st
    return st


def _record(exc: BaseException) -> None:
    st = _stack()
    if st:
        st[-1].errors.append(exc)
    else:  # a callback outside any native call of the binding (should not happen): report it
        import traceback

        print("ofxkit: exception in a callback outside a native call:", file=sys.stderr)
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)


# ------------------------------------------------------------------------------ registry

_REGISTRY: Dict[int, Callable[..., Any]] = {}
_ids = itertools.count(1)


def register(fn: Callable[..., Any]) -> int:
    """Keeps ``fn`` referenced under a new key (the ``userdata`` to hand to C) until
    ``userdata_free`` (or :func:`unregister`) runs for that key."""
    key = next(_ids)
    _REGISTRY[key] = fn
    return key


def unregister(key: int) -> None:
    _REGISTRY.pop(key, None)


def live_registrations() -> int:
    """How many callables the native side may still call (for tests)."""
    return len(_REGISTRY)


def _lookup(userdata: Optional[int]) -> Callable[..., Any]:
    fn = _REGISTRY.get(userdata or 0)
    if fn is None:
        raise RuntimeError(f"ofxkit: callback {userdata} called after its userdata was freed")
    return fn


def _s(b: Optional[bytes]) -> str:
    return N.dec(b) or ""


def _free_impl(userdata: Optional[int]) -> None:
    try:
        _REGISTRY.pop(userdata or 0, None)
    except BaseException as e:  # pragma: no cover
        _record(e)


def _conn_impl(userdata: Optional[int], ev: Any) -> None:
    try:
        e = ev.contents
        _lookup(userdata)(
            ConnectionEvent(
                state=e.state, state_name=_s(e.state_name), host=_s(e.host), port=e.port, detail=_s(e.detail)
            )
        )
    except BaseException as exc:
        _record(exc)


def tls_event(e: N.ofx_tls_event) -> TlsEvent:
    der = string_at(e.cert_der, e.cert_der_len) if e.cert_der and e.cert_der_len else b""
    return TlsEvent(
        kind=e.kind,
        host=_s(e.host),
        port=e.port,
        detail=_s(e.detail),
        cert_der=der,
        cert_pem=N.dec(e.cert_pem),
        subject=N.dec(e.subject),
        issuer=N.dec(e.issuer),
        trusted=bool(e.trusted),
        reason=N.dec(e.reason),
    )


def tls_decision(value: Any) -> int:
    """A TLS callback's return value as the C decision: True/0/TLS_ACCEPT accept, False/negative
    reject, None/positive keep the library's verdict."""
    if value is None:
        return TLS_DEFAULT
    if value is True:
        return TLS_ACCEPT
    if value is False:
        return TLS_REJECT
    if isinstance(value, int):
        return max(-1, min(1, int(value)))
    raise TypeError(f"a TLS callback returns True, False, None or an int, not {type(value).__name__}")


def _tls_impl(userdata: Optional[int], ev: Any) -> int:
    try:
        event = tls_event(ev.contents)
        value = _lookup(userdata)(event)
        if event.kind != TLS_SERVER_CERTIFICATE:
            return 0
        return tls_decision(value)
    except BaseException as exc:
        _record(exc)
        return TLS_REJECT  # the safe answer: never accept a certificate because a callback broke


def _err_impl(userdata: Optional[int], ev: Any) -> None:
    try:
        from .errors import result_name

        e = ev.contents
        _lookup(userdata)(ErrorEvent(code=e.code, name=result_name(e.code), message=_s(e.message)))
    except BaseException as exc:
        _record(exc)


def _sync_impl(userdata: Optional[int], rec: Any) -> int:
    try:
        from .money import MoneyRecord

        value = _lookup(userdata)(MoneyRecord._from_c(rec.contents))
        return 1 if value is False else 0
    except BaseException as exc:
        _record(exc)
        return 1  # stop the sync: it then fails and hands out no token


# The C function pointers: module-level CFUNCTYPE objects, alive as long as the module (the native
# side may keep a pointer to them for as long as a client or batch holds a registration).
_free_trampoline = N.ofx_userdata_free(_free_impl)
_conn_trampoline = N.ofx_connection_callback(_conn_impl)
_tls_trampoline = N.ofx_tls_callback(_tls_impl)
_err_trampoline = N.ofx_error_callback(_err_impl)
_sync_trampoline = N.ofx_sync_record_callback(_sync_impl)

TRAMPOLINES = {
    "connection": _conn_trampoline,
    "tls": _tls_trampoline,
    "error": _err_trampoline,
}

FREE = _free_trampoline
SYNC = _sync_trampoline
NULL_CONN = N.ofx_connection_callback()
NULL_TLS = N.ofx_tls_callback()
NULL_ERR = N.ofx_error_callback()
NULL_SYNC = N.ofx_sync_record_callback()
NULLS = {"connection": NULL_CONN, "tls": NULL_TLS, "error": NULL_ERR}

__all__ = [
    "CallScope",
    "ConnectionEvent",
    "TlsEvent",
    "ErrorEvent",
    "register",
    "unregister",
    "live_registrations",
]
