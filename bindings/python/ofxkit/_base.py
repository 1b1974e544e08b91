"""Owned native handles, and conversions between C strings and Python values."""

from __future__ import annotations

import datetime as _dt
import re
import weakref
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, ClassVar, Optional, Union

from . import _native as N
from .errors import ClosedError

DateLike = Union[_dt.date, _dt.datetime, str]
AmountLike = Union[Decimal, int, str]


class Handle:
    """A native handle owned by this Python object.

    ``close()`` (or leaving a ``with`` block) frees it at once; a ``weakref.finalize`` frees it when the
    object is collected (or at interpreter exit) if it was never closed. The free function runs exactly
    once either way; any use after ``close()`` raises :class:`ClosedError`.
    """

    _kind: ClassVar[str] = "handle"
    _free: ClassVar[Optional[Callable[[Any], None]]] = None

    _ptr: Optional[int]

    def __init__(self, ptr: Optional[int]) -> None:
        if not ptr:
            raise ValueError(f"ofxkit: NULL {self._kind} pointer")
        self._ptr = ptr
        free = type(self)._free
        self._finalizer: Optional["weakref.finalize[Any, Any]"] = (
            weakref.finalize(self, free, ptr) if free is not None else None
        )

    def _p(self) -> int:
        """The live pointer, or ClosedError."""
        ptr = self._ptr
        if ptr is None:
            raise ClosedError(f"ofxkit: this {self._kind} is closed")
        return ptr

    @property
    def closed(self) -> bool:
        return self._ptr is None

    def close(self) -> None:
        """Frees the native handle (idempotent)."""
        if self._ptr is None:
            return
        self._ptr = None
        if self._finalizer is not None:
            self._finalizer()  # runs the free function once; detaches the finalizer

    def __enter__(self) -> Any:
        self._p()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._ptr is None else hex(self._ptr)
        return f"<ofxkit.{type(self).__name__} {state}>"


# ------------------------------------------------------------------------------------------ values

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$"
)


def to_date(s: Optional[str]) -> Union[_dt.date, _dt.datetime, None]:
    """An ISO 8601 string of the library as a ``date`` (a calendar day) or an aware ``datetime``
    (a date-time; UTC unless the string says otherwise). None stays None.

    Raises ValueError for a string that is not ISO 8601 (the library never gives one)."""
    if s is None:
        return None
    m = _ISO.match(s.strip())
    if not m:
        raise ValueError(f"ofxkit: not an ISO 8601 date: {s!r}")
    y, mo, d, hh, mi, ss, frac, tz = m.groups()
    if hh is None:
        return _dt.date(int(y), int(mo), int(d))
    micro = int((frac or "0")[:6].ljust(6, "0"))
    if tz is None or tz == "Z":
        tzinfo: _dt.tzinfo = _dt.timezone.utc
    else:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        off = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) >= 4 else 0)
        tzinfo = _dt.timezone(_dt.timedelta(minutes=sign * off))
    sec = int(ss or 0)
    leap = sec == 60
    value = _dt.datetime(int(y), int(mo), int(d), int(hh), int(mi), 59 if leap else sec, micro, tzinfo=tzinfo)
    return value + _dt.timedelta(seconds=1) if leap else value


def to_decimal(s: Optional[str]) -> Optional[Decimal]:
    """An exact decimal string of the library as a Decimal (None stays None)."""
    if s is None:
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        raise ValueError(f"ofxkit: not a decimal number: {s!r}") from None


def to_decimal_lenient(s: Optional[str]) -> Optional[Decimal]:
    """As :func:`to_decimal`, None for a value that is not a number (values "as the document wrote
    them", such as a BALLIST VALUE)."""
    if s is None:
        return None
    try:
        return Decimal(s.strip().replace(",", "."))
    except InvalidOperation:
        return None


def amount_str(v: Optional[AmountLike], what: str = "amount") -> Optional[str]:
    """An amount for the C side: a Decimal, an int or a decimal string (never a float: money is exact)."""
    if v is None:
        return None
    if isinstance(v, bool) or isinstance(v, float):
        raise TypeError(f"ofxkit: {what} must be a Decimal, an int or a str, not {type(v).__name__}")
    if isinstance(v, Decimal):
        if not v.is_finite():
            raise ValueError(f"ofxkit: {what} must be finite")
        return format(v, "f")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return v
    raise TypeError(f"ofxkit: {what} must be a Decimal, an int or a str, not {type(v).__name__}")


def date_str(v: Optional[DateLike]) -> Optional[str]:
    """A date for the C side: a ``date`` gives "YYYY-MM-DD", a ``datetime`` "YYYY-MM-DDTHH:MM:SSZ"
    (converted to UTC; a naive datetime is taken as UTC), a str is passed as it is."""
    if v is None:
        return None
    if isinstance(v, _dt.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(_dt.timezone.utc)
        return v.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, str):
        return v
    raise TypeError(f"ofxkit: a date must be a date, a datetime or a str, not {type(v).__name__}")


def tri(v: Optional[bool]) -> int:
    """An optional flag as the C side's -1 (unset) / 0 / 1."""
    if v is None:
        return -1
    return 1 if v else 0


def flag(v: bool) -> int:
    return 1 if v else 0


def s(b: Optional[bytes]) -> Optional[str]:
    return N.dec(b)
