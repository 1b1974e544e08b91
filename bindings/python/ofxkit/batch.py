"""Batches (OFXBatch): several requests under one signon, in one HTTPS post."""

from __future__ import annotations

import os
from ctypes import byref, c_size_t, c_void_p
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, List, Optional, Union

from . import _native as N
from .client import Request, RequestKind, _CallbackOwner, kind_of
from .errors import OfxError, Result, error_for
from .response import Response

if TYPE_CHECKING:  # pragma: no cover
    from .client import Client

L = N.lib
PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class BatchItem:
    """One item of a batch after a post: its TRNUID and kind, and either its response (borrowed from
    the batch: valid until the batch is posted again, changed, cleared or closed) or its error."""

    index: int
    uid: str
    kind: Union[RequestKind, int]
    error: Optional[OfxError]
    response: Optional[Response]

    @property
    def ok(self) -> bool:
        return self.error is None


class Batch(_CallbackOwner):
    """A batch of requests of one client (``ofx_batch``).

    >>> with client.batch() as b:                                    # doctest: +SKIP
    ...     b.add(client.request_profile())
    ...     b.post()
    ...     print(b.item(0).response.profile.fi_name)
    """

    _kind = "batch"
    _free = L.ofx_batch_free
    _setters = {
        "connection": L.ofx_batch_set_connection_callback,
        "tls": L.ofx_batch_set_tls_callback,
        "error": L.ofx_batch_set_error_callback,
    }

    def __init__(self, client: "Client", *, _ptr: Optional[int] = None) -> None:
        self._gen = 0
        self.client = client
        if _ptr is None:
            out = c_void_p()
            cp = client._p()
            rc = L.ofx_batch_new(cp, byref(out))
            if rc != 0:
                raise client._fail(rc, cp)
            _ptr = out.value
        super().__init__(_ptr)

    @classmethod
    def read_file(cls, client: "Client", path: PathLike) -> "Batch":
        """A batch's answer read back from a data file (as written by :meth:`write_file`, or any OFX
        answer): one item per transaction response."""
        out = c_void_p()
        rc = L.ofx_batch_read_file(client._p(), N.enc(os.fspath(path)), byref(out))
        if rc != 0:
            raise error_for(rc, N.last_error_message())
        return cls(client, _ptr=out.value)

    def _errmsg(self, ptr: int) -> str:
        return N.dec(L.ofx_batch_errmsg(ptr)) or ""

    def _invalidate(self) -> None:
        self._gen += 1

    def close(self) -> None:
        self._invalidate()
        super().close()

    def _simple(self, fn: Any, *args: Any) -> None:
        ptr = self._p()
        rc = fn(ptr, *args)
        if rc != 0:
            raise self._fail(rc, ptr)

    # -- items

    def add(self, request: Request) -> int:
        """Appends a copy of ``request`` (its TRNUID is kept); returns the item's index."""
        idx = c_size_t()
        rq = request._p()
        self._invalidate()
        self._simple(L.ofx_batch_add_item, rq, byref(idx))
        return idx.value

    def set(self, index: int, request: Request) -> None:
        """Replaces item ``index`` with a copy of ``request`` (appends when ``index == len(batch)``)."""
        rq = request._p()
        self._invalidate()
        self._simple(L.ofx_batch_set_item, int(index), rq)

    def __len__(self) -> int:
        return int(L.ofx_batch_item_count(self._p()))

    def clear(self) -> None:
        self._invalidate()
        self._simple(L.ofx_batch_clear)

    def post(self) -> None:
        """Posts every item in one request document. Raises for a transport or request error (every
        item then carries it); otherwise read each item with :meth:`item` / :meth:`items`."""
        self._invalidate()
        self._call(L.ofx_batch_post)

    def request_text(self, masked: bool = True) -> str:
        out = c_void_p()
        self._simple(L.ofx_batch_request_text, 1 if masked else 0, byref(out))
        return N.take_string(out) or ""

    def item_request_text(self, index: int) -> str:
        out = c_void_p()
        self._simple(L.ofx_batch_item_request_text, int(index), byref(out))
        return N.take_string(out) or ""

    def item_uid(self, index: int) -> str:
        v = L.ofx_batch_item_uid(self._p(), int(index))
        if v is None:
            raise IndexError(index)
        return N.dec(v) or ""

    def item_kind(self, index: int) -> Union[RequestKind, int]:
        return kind_of(L.ofx_batch_item_request_type(self._p(), int(index)))

    def item_error(self, index: int) -> Optional[OfxError]:
        """The item's outcome: None when the server answered it (its own STATUS is in its response),
        else the error (NotAnsweredError, SignonFailedError, NotPostedError, the post's error)."""
        ptr = self._p()
        rc = L.ofx_batch_item_error(ptr, int(index))
        if rc == 0:
            return None
        msg = N.dec(L.ofx_batch_item_error_message(ptr, int(index)))
        if rc == Result.NOT_FOUND and msg is None:
            raise IndexError(index)
        return error_for(rc, msg or None)

    def item_response(self, index: int) -> Optional[Response]:
        """The item's answer (borrowed from the batch), or None when it has none."""
        ptr = self._p()
        out = c_void_p()
        rc = L.ofx_batch_item_response(ptr, int(index), byref(out))
        if rc == Result.NOT_FOUND:
            if not 0 <= index < len(self):
                raise IndexError(index)
            return None
        if rc != 0:
            raise self._fail(rc, ptr)
        return Response(out.value, _owner=self, _gen=self._gen)

    def item(self, index: int) -> BatchItem:
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError(index)
        return BatchItem(
            index=index,
            uid=self.item_uid(index),
            kind=self.item_kind(index),
            error=self.item_error(index),
            response=self.item_response(index),
        )

    def items(self) -> List[BatchItem]:
        return [self.item(i) for i in range(len(self))]

    def __iter__(self) -> Iterator[BatchItem]:
        return iter(self.items())

    def write_file(self, path: PathLike) -> None:
        """Writes the last post's whole answer to ``path`` as OFX."""
        self._simple(L.ofx_batch_write_file, N.enc(os.fspath(path)))
