"""Reading OFX documents: :class:`Response`, its typed views and its elements."""

from __future__ import annotations

import datetime as _dt
import enum
import json as _json
import os
from ctypes import byref, c_char_p, c_uint32, c_void_p
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Union

from . import _native as N
from ._base import Handle, s, to_date, to_decimal, to_decimal_lenient
from .errors import ClosedError, Result, check, error_for

if TYPE_CHECKING:  # pragma: no cover
    from .money import MoneyRecord

L = N.lib
DateValue = Union[_dt.date, _dt.datetime, None]
PathLike = Union[str, "os.PathLike[str]"]


class StatementKind(enum.IntEnum):
    """``ofx_statement.kind`` / ``ofx_closing.kind``."""

    BANK = 1
    CREDITCARD = 2
    INVESTMENT = 3
    LOAN = 4


# ------------------------------------------------------------------------------------------ views


@dataclass(frozen=True)
class Signon:
    """The signon response (SONRS). ``status_code`` 0 is success, -1 when absent."""

    status_code: int
    severity: Optional[str]
    message: Optional[str]
    dtserver: DateValue
    language: Optional[str]
    org: Optional[str]
    fid: Optional[str]
    userkey: Optional[str]
    accesskey: Optional[str]
    sesscookie: Optional[str]

    @classmethod
    def _from_c(cls, c: N.ofx_signon) -> "Signon":
        return cls(
            status_code=c.status_code,
            severity=s(c.severity),
            message=s(c.message),
            dtserver=to_date(s(c.dtserver)),
            language=s(c.language),
            org=s(c.org),
            fid=s(c.fid),
            userkey=s(c.userkey),
            accesskey=s(c.accesskey),
            sesscookie=s(c.sesscookie),
        )


@dataclass(frozen=True)
class ParseWarning:
    """A repair or tolerated deviation (``ofx_warning``); ``code`` is the stable kind number."""

    code: int
    message: str
    line: int
    offset: int


@dataclass(frozen=True)
class Transaction:
    """One transaction (STMTTRN, LOANSTMTTRN or an INVTRANLIST entry). Amounts are Decimals, dates
    are ``date`` (a calendar day) or aware ``datetime`` (UTC)."""

    fitid: Optional[str]
    type: Optional[str]
    date_posted: DateValue
    date_user: DateValue
    date_avail: DateValue
    date_settle: DateValue
    amount: Optional[Decimal]
    name: Optional[str]
    memo: Optional[str]
    check_number: Optional[str]
    ref_number: Optional[str]
    payee_id: Optional[str]
    sic: Optional[str]
    server_tid: Optional[str]
    correct_fitid: Optional[str]
    correct_action: Optional[str]
    currency: Optional[str]
    security_id: Optional[str]
    security_id_type: Optional[str]
    units: Optional[Decimal]
    unit_price: Optional[Decimal]
    date_posted_unix: Optional[int]
    """``date_posted`` as UTC seconds since 1970 (None without a date)."""
    date_posted_offset_minutes: int
    """The UTC offset the document gave for ``date_posted`` (minutes east of UTC)."""
    element: int

    @classmethod
    def _from_c(cls, c: N.ofx_transaction) -> "Transaction":
        return cls(
            fitid=s(c.fitid),
            type=s(c.type),
            date_posted=to_date(s(c.date_posted)),
            date_user=to_date(s(c.date_user)),
            date_avail=to_date(s(c.date_avail)),
            date_settle=to_date(s(c.date_settle)),
            amount=to_decimal(s(c.amount)),
            name=s(c.name),
            memo=s(c.memo),
            check_number=s(c.check_number),
            ref_number=s(c.ref_number),
            payee_id=s(c.payee_id),
            sic=s(c.sic),
            server_tid=s(c.server_tid),
            correct_fitid=s(c.correct_fitid),
            correct_action=s(c.correct_action),
            currency=s(c.currency),
            security_id=s(c.security_id),
            security_id_type=s(c.security_id_type),
            units=to_decimal(s(c.units)),
            unit_price=to_decimal(s(c.unit_price)),
            date_posted_unix=c.date_posted_unix if c.has_date_posted else None,
            date_posted_offset_minutes=c.date_posted_offset_minutes,
            element=c.element,
        )


@dataclass(frozen=True)
class Balance:
    """A BALLIST entry. ``value`` is as the document wrote it; ``amount`` is it as a Decimal."""

    name: Optional[str]
    desc: Optional[str]
    type: Optional[str]
    value: Optional[str]
    date: DateValue

    @property
    def amount(self) -> Optional[Decimal]:
        return to_decimal_lenient(self.value)

    @classmethod
    def _from_c(cls, c: N.ofx_balance) -> "Balance":
        return cls(name=s(c.name), desc=s(c.desc), type=s(c.type), value=s(c.value), date=to_date(s(c.date)))


@dataclass(frozen=True)
class Position:
    """A position of an investment statement (POSSTOCK, POSMF, ...)."""

    type: Optional[str]
    security_id: Optional[str]
    security_id_type: Optional[str]
    held_in: Optional[str]
    pos_type: Optional[str]
    units: Optional[Decimal]
    unit_price: Optional[Decimal]
    market_value: Optional[Decimal]
    date_price: DateValue
    memo: Optional[str]
    element: int

    @classmethod
    def _from_c(cls, c: N.ofx_position) -> "Position":
        return cls(
            type=s(c.type),
            security_id=s(c.security_id),
            security_id_type=s(c.security_id_type),
            held_in=s(c.held_in),
            pos_type=s(c.pos_type),
            units=to_decimal(s(c.units)),
            unit_price=to_decimal(s(c.unit_price)),
            market_value=to_decimal(s(c.market_value)),
            date_price=to_date(s(c.date_price)),
            memo=s(c.memo),
            element=c.element,
        )


@dataclass(frozen=True)
class OpenOrder:
    """An open order of an investment statement (OOBUYSTOCK, ...)."""

    type: Optional[str]
    fitid: Optional[str]
    security_id: Optional[str]
    security_id_type: Optional[str]
    date_placed: DateValue
    units: Optional[Decimal]
    duration: Optional[str]
    restriction: Optional[str]
    limit_price: Optional[Decimal]
    stop_price: Optional[Decimal]
    memo: Optional[str]
    element: int

    @classmethod
    def _from_c(cls, c: N.ofx_open_order) -> "OpenOrder":
        return cls(
            type=s(c.type),
            fitid=s(c.fitid),
            security_id=s(c.security_id),
            security_id_type=s(c.security_id_type),
            date_placed=to_date(s(c.date_placed)),
            units=to_decimal(s(c.units)),
            duration=s(c.duration),
            restriction=s(c.restriction),
            limit_price=to_decimal(s(c.limit_price)),
            stop_price=to_decimal(s(c.stop_price)),
            memo=s(c.memo),
            element=c.element,
        )


@dataclass(frozen=True)
class Statement:
    """A statement of any kind, with its transactions, balances, positions and open orders."""

    kind: StatementKind
    account_id: Optional[str]
    bank_id: Optional[str]
    branch_id: Optional[str]
    account_type: Optional[str]
    broker_id: Optional[str]
    currency: Optional[str]
    start: DateValue
    end: DateValue
    date_as_of: DateValue
    ledger_balance: Optional[Decimal]
    ledger_balance_date: DateValue
    available_balance: Optional[Decimal]
    available_balance_date: DateValue
    trnuid: Optional[str]
    status_code: int
    status_severity: Optional[str]
    status_message: Optional[str]
    element: int
    transactions: List[Transaction] = field(default_factory=list)
    balances: List[Balance] = field(default_factory=list)
    positions: List[Position] = field(default_factory=list)
    open_orders: List[OpenOrder] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        """The sum of the transactions' amounts (those that have one)."""
        return sum((t.amount for t in self.transactions if t.amount is not None), Decimal(0))


@dataclass(frozen=True)
class Security:
    """A security of the SECLIST."""

    type: Optional[str]
    id: Optional[str]
    id_type: Optional[str]
    name: Optional[str]
    ticker: Optional[str]
    fiid: Optional[str]
    unit_price: Optional[Decimal]
    date_price: DateValue
    memo: Optional[str]
    element: int

    @classmethod
    def _from_c(cls, c: N.ofx_security) -> "Security":
        return cls(
            type=s(c.type),
            id=s(c.id),
            id_type=s(c.id_type),
            name=s(c.name),
            ticker=s(c.ticker),
            fiid=s(c.fiid),
            unit_price=to_decimal(s(c.unit_price)),
            date_price=to_date(s(c.date_price)),
            memo=s(c.memo),
            element=c.element,
        )


@dataclass(frozen=True)
class Account:
    """An account of an account-information response (ACCTINFO)."""

    kind: str
    account_id: Optional[str]
    bank_id: Optional[str]
    branch_id: Optional[str]
    account_type: Optional[str]
    broker_id: Optional[str]
    desc: Optional[str]
    status: Optional[str]
    element: int

    @classmethod
    def _from_c(cls, c: N.ofx_account) -> "Account":
        return cls(
            kind=s(c.kind) or "unknown",
            account_id=s(c.account_id),
            bank_id=s(c.bank_id),
            branch_id=s(c.branch_id),
            account_type=s(c.account_type),
            broker_id=s(c.broker_id),
            desc=s(c.desc),
            status=s(c.status),
            element=c.element,
        )


@dataclass(frozen=True)
class Closing:
    """A closing record (CLOSING, CCCLOSING, LOANCLOSING)."""

    kind: StatementKind
    account_id: Optional[str]
    fitid: Optional[str]
    date_open: DateValue
    date_close: DateValue
    date_next: DateValue
    balance_open: Optional[Decimal]
    balance_close: Optional[Decimal]
    date_post_start: DateValue
    date_post_end: DateValue
    element: int

    @classmethod
    def _from_c(cls, c: N.ofx_closing) -> "Closing":
        return cls(
            kind=StatementKind(c.kind),
            account_id=s(c.account_id),
            fitid=s(c.fitid),
            date_open=to_date(s(c.date_open)),
            date_close=to_date(s(c.date_close)),
            date_next=to_date(s(c.date_next)),
            balance_open=to_decimal(s(c.balance_open)),
            balance_close=to_decimal(s(c.balance_close)),
            date_post_start=to_date(s(c.date_post_start)),
            date_post_end=to_date(s(c.date_post_end)),
            element=c.element,
        )


@dataclass(frozen=True)
class MessageSet:
    """A message set of the profile: its tag and the URL its requests go to (None when not given)."""

    name: str
    url: Optional[str]


@dataclass(frozen=True)
class SignonRealm:
    """A signon realm of the profile (SIGNONINFO). Lengths are None when absent."""

    name: Optional[str]
    client_uid_required: bool
    mfa_challenge_supported: bool
    mfa_challenge_first: bool
    auth_token_first: bool
    case_sensitive: bool
    min_length: Optional[int]
    max_length: Optional[int]
    char_type: Optional[str]

    @classmethod
    def _from_c(cls, c: N.ofx_signon_realm) -> "SignonRealm":
        return cls(
            name=s(c.name),
            client_uid_required=bool(c.client_uid_required),
            mfa_challenge_supported=bool(c.mfa_challenge_supported),
            mfa_challenge_first=bool(c.mfa_challenge_first),
            auth_token_first=bool(c.auth_token_first),
            case_sensitive=bool(c.case_sensitive),
            min_length=None if c.min_length < 0 else c.min_length,
            max_length=None if c.max_length < 0 else c.max_length,
            char_type=s(c.char_type),
        )


@dataclass(frozen=True)
class Profile:
    """The institution's profile (PROFRS)."""

    fi_name: Optional[str]
    url: Optional[str]
    date_profile_up: DateValue
    address1: Optional[str]
    city: Optional[str]
    state: Optional[str]
    postal_code: Optional[str]
    country: Optional[str]
    cs_phone: Optional[str]
    email: Optional[str]
    element: int
    message_sets: List[MessageSet] = field(default_factory=list)
    signon_realms: List[SignonRealm] = field(default_factory=list)


@dataclass(frozen=True)
class TrnStatus:
    """The type, TRNUID and STATUS of one transaction wrapper (…TRNRS); ``code`` -1 when absent."""

    type: str
    trnuid: Optional[str]
    code: int
    severity: Optional[str]
    message: Optional[str]


@dataclass(frozen=True)
class MfaQuestion:
    """An MFA question; ``label`` is None for the spec's built-in ids (MFA101-MFA107)."""

    phrase_id: str
    label: Optional[str]


# ------------------------------------------------------------------------------------------ elements


class Element:
    """An element of a response's tree (OFXAggregate): a name, a text for leaves, children."""

    __slots__ = ("_resp", "id")

    def __init__(self, resp: "Response", elem_id: int) -> None:
        self._resp = resp
        self.id = elem_id

    @property
    def name(self) -> str:
        return s(L.ofx_element_name(self._resp._p(), self.id)) or ""

    @property
    def text(self) -> Optional[str]:
        """The value of a leaf (entities decoded, trimmed); None for an aggregate."""
        return s(L.ofx_element_text(self._resp._p(), self.id))

    @property
    def offset(self) -> int:
        return int(L.ofx_element_offset(self._resp._p(), self.id))

    def __len__(self) -> int:
        return int(L.ofx_element_child_count(self._resp._p(), self.id))

    def __getitem__(self, index: int) -> "Element":
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError(index)
        out = c_uint32()
        check(L.ofx_element_child(self._resp._p(), self.id, index, byref(out)))
        return Element(self._resp, out.value)

    def __iter__(self) -> Iterator["Element"]:
        for i in range(len(self)):
            yield self[i]

    @property
    def children(self) -> List["Element"]:
        return list(self)

    def find(self, path: str) -> Optional["Element"]:
        """The element at ``path`` below this one (``STMTRS/LEDGERBAL/BALAMT``, ``STMTTRN[3]``), or None."""
        out = c_uint32()
        rc = L.ofx_element_find(self._resp._p(), self.id, N.enc(path), byref(out))
        if rc == Result.NOT_FOUND:
            return None
        check(rc)
        return Element(self._resp, out.value)

    def findtext(self, path: str) -> Optional[str]:
        e = self.find(path)
        return None if e is None else e.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Element) and other._resp is self._resp and other.id == self.id

    def __hash__(self) -> int:
        return hash((id(self._resp), self.id))

    def __repr__(self) -> str:
        try:
            t = self.text
            return f"<Element {self.name}{'=' + repr(t) if t is not None else ''}>"
        except ClosedError:
            return f"<Element #{self.id} of a closed response>"


# ------------------------------------------------------------------------------------------ response


def _out_ptr() -> c_void_p:
    return c_void_p()


class Response(Handle):
    """A parsed OFX document (``ofx_response``).

    Make one with :meth:`parse` / :meth:`read_file` (or get one from a client operation); close it
    with ``close()`` or a ``with`` block. Every view (statements, transactions, ...) is copied into
    Python objects, so views stay usable after the response is closed; the response itself does not.

    A response borrowed from a batch (``Batch.item(i).response``) is owned by the batch: it raises
    ClosedError once the batch drops it (a later post, add, set, clear or close of the batch).
    """

    _kind = "response"
    _free = L.ofx_response_free

    def __init__(self, ptr: Optional[int], *, _owner: Any = None, _gen: int = 0) -> None:
        self._owner = _owner
        self._gen = _gen
        if _owner is not None:
            # borrowed: nothing to free
            self._ptr = ptr
            self._finalizer = None
        else:
            super().__init__(ptr)

    def _p(self) -> int:
        owner = self._owner
        if owner is not None and (owner.closed or owner._gen != self._gen):
            raise ClosedError(
                "ofxkit: this response was borrowed from a batch that has since been posted again, "
                "changed, cleared or closed"
            )
        return super()._p()

    @property
    def closed(self) -> bool:
        owner = self._owner
        if owner is not None and (owner.closed or owner._gen != self._gen):
            return True
        return self._ptr is None

    # -- construction

    @classmethod
    def parse(cls, data: Union[bytes, bytearray, memoryview, str], *, strict: bool = False) -> "Response":
        """Reads an OFX document from memory (a file's bytes or a server's answer body).

        Raises NotOfxError (OFX_RESULT_NOT_OFX) for an HTML page or other non-OFX input, ParseError
        for the other reading failures."""
        if isinstance(data, str):
            buf = data.encode("utf-8")
        elif isinstance(data, (bytearray, memoryview)):
            buf = bytes(data)
        elif isinstance(data, bytes):
            buf = data
        else:
            raise TypeError(f"ofxkit: parse() takes bytes or str, not {type(data).__name__}")
        out = _out_ptr()
        if strict:
            opts = N.ofx_parse_options()
            check(L.ofx_parse_options_init(byref(opts)))
            opts.strict = 1
            rc = L.ofx_response_parse_with(buf, len(buf), byref(opts), byref(out))
        else:
            rc = L.ofx_response_parse(buf, len(buf), byref(out))
        check(rc)
        return cls(out.value)

    @classmethod
    def read_file(cls, path: PathLike, *, strict: bool = False) -> "Response":
        """Reads an OFX file (IoError when it cannot be read)."""
        p = N.enc(os.fspath(path))
        out = _out_ptr()
        if strict:
            opts = N.ofx_parse_options()
            check(L.ofx_parse_options_init(byref(opts)))
            opts.strict = 1
            rc = L.ofx_response_read_file_with(p, byref(opts), byref(out))
        else:
            rc = L.ofx_response_read_file(p, byref(out))
        check(rc)
        return cls(out.value)

    # -- whole-document views

    def to_json(self) -> str:
        """The whole document as JSON text (see the project README, "JSON")."""
        out = _out_ptr()
        check(L.ofx_response_to_json(self._p(), byref(out)))
        return N.take_string(out) or ""

    def json(self) -> Dict[str, Any]:
        """:meth:`to_json` decoded (amounts stay strings there: exact)."""
        doc: Dict[str, Any] = _json.loads(self.to_json())
        return doc

    def to_csv(self) -> str:
        out = _out_ptr()
        check(L.ofx_response_to_csv(self._p(), byref(out)))
        return N.take_string(out) or ""

    def serialize(self, version: int) -> str:
        """The document written out as OFX ``version`` (102 ... 160 SGML, 200 ... 230 XML)."""
        out = _out_ptr()
        check(L.ofx_response_serialize(self._p(), int(version), byref(out)))
        return N.take_string(out) or ""

    def write_file(self, path: PathLike, version: int) -> None:
        check(L.ofx_response_write_file(self._p(), N.enc(os.fspath(path)), int(version)))

    def check(self) -> None:
        """Raises RefusedError when the signon or a transaction of the answer has a non-zero STATUS."""
        check(L.ofx_response_check(self._p()))

    @property
    def ok(self) -> bool:
        """True when the signon and every transaction succeeded (:meth:`check` without raising)."""
        return bool(L.ofx_response_check(self._p()) == 0)

    # -- typed views

    @property
    def warnings(self) -> List[ParseWarning]:
        p = self._p()
        out: List[ParseWarning] = []
        for i in range(L.ofx_response_warning_count(p)):
            w = N.ofx_warning()
            check(L.ofx_response_warning(p, i, byref(w)))
            out.append(ParseWarning(code=w.code, message=s(w.message) or "", line=w.line, offset=w.offset))
        return out

    @property
    def signon(self) -> Optional[Signon]:
        """The SONRS, or None when the document has none."""
        c = N.ofx_signon()
        rc = L.ofx_response_signon(self._p(), byref(c))
        if rc == Result.NOT_FOUND:
            return None
        check(rc)
        return Signon._from_c(c)

    @property
    def statement_count(self) -> int:
        return int(L.ofx_response_statement_count(self._p()))

    def statement(self, index: int) -> Statement:
        """Statement ``index`` with its transactions, balances, positions and open orders."""
        p = self._p()
        c = N.ofx_statement()
        rc = L.ofx_response_statement(p, index, byref(c))
        if rc == Result.NOT_FOUND:
            raise IndexError(f"statement {index} (the response has {self.statement_count})")
        check(rc)
        txs = []
        for i in range(c.transaction_count):
            t = N.ofx_transaction()
            check(L.ofx_response_transaction(p, index, i, byref(t)))
            txs.append(Transaction._from_c(t))
        bals = []
        for i in range(c.balance_count):
            b = N.ofx_balance()
            check(L.ofx_response_balance(p, index, i, byref(b)))
            bals.append(Balance._from_c(b))
        poss = []
        for i in range(c.position_count):
            ps = N.ofx_position()
            check(L.ofx_response_position(p, index, i, byref(ps)))
            poss.append(Position._from_c(ps))
        oos = []
        for i in range(c.open_order_count):
            o = N.ofx_open_order()
            check(L.ofx_response_open_order(p, index, i, byref(o)))
            oos.append(OpenOrder._from_c(o))
        return Statement(
            kind=StatementKind(c.kind),
            account_id=s(c.account_id),
            bank_id=s(c.bank_id),
            branch_id=s(c.branch_id),
            account_type=s(c.account_type),
            broker_id=s(c.broker_id),
            currency=s(c.currency),
            start=to_date(s(c.start)),
            end=to_date(s(c.end)),
            date_as_of=to_date(s(c.date_as_of)),
            ledger_balance=to_decimal(s(c.ledger_balance)),
            ledger_balance_date=to_date(s(c.ledger_balance_date)),
            available_balance=to_decimal(s(c.available_balance)),
            available_balance_date=to_date(s(c.available_balance_date)),
            trnuid=s(c.trnuid),
            status_code=c.status_code,
            status_severity=s(c.status_severity),
            status_message=s(c.status_message),
            element=c.element,
            transactions=txs,
            balances=bals,
            positions=poss,
            open_orders=oos,
        )

    @property
    def statements(self) -> List[Statement]:
        """Every statement (bank, credit card, investment, loan) in document order."""
        return [self.statement(i) for i in range(self.statement_count)]

    @property
    def securities(self) -> List[Security]:
        p = self._p()
        out = []
        for i in range(L.ofx_response_security_count(p)):
            c = N.ofx_security()
            check(L.ofx_response_security(p, i, byref(c)))
            out.append(Security._from_c(c))
        return out

    @property
    def accounts(self) -> List[Account]:
        p = self._p()
        out = []
        for i in range(L.ofx_response_account_count(p)):
            c = N.ofx_account()
            check(L.ofx_response_account(p, i, byref(c)))
            out.append(Account._from_c(c))
        return out

    @property
    def closings(self) -> List[Closing]:
        p = self._p()
        out = []
        for i in range(L.ofx_response_closing_count(p)):
            c = N.ofx_closing()
            check(L.ofx_response_closing(p, i, byref(c)))
            out.append(Closing._from_c(c))
        return out

    @property
    def profile(self) -> Optional[Profile]:
        """The PROFRS, or None when the document has none."""
        p = self._p()
        c = N.ofx_profile()
        rc = L.ofx_response_profile(p, byref(c))
        if rc == Result.NOT_FOUND:
            return None
        check(rc)
        sets = []
        for i in range(c.message_set_count):
            name, url = c_char_p(), c_char_p()
            check(L.ofx_response_profile_message_set(p, i, byref(name), byref(url)))
            sets.append(MessageSet(name=s(name.value) or "", url=s(url.value)))
        realms = []
        for i in range(c.signon_realm_count):
            r = N.ofx_signon_realm()
            check(L.ofx_response_profile_signon_realm(p, i, byref(r)))
            realms.append(SignonRealm._from_c(r))
        return Profile(
            fi_name=s(c.fi_name),
            url=s(c.url),
            date_profile_up=to_date(s(c.date_profile_up)),
            address1=s(c.address1),
            city=s(c.city),
            state=s(c.state),
            postal_code=s(c.postal_code),
            country=s(c.country),
            cs_phone=s(c.cs_phone),
            email=s(c.email),
            element=c.element,
            message_sets=sets,
            signon_realms=realms,
        )

    @property
    def trn_statuses(self) -> List[TrnStatus]:
        p = self._p()
        out = []
        for i in range(L.ofx_response_trn_status_count(p)):
            c = N.ofx_trn_status()
            check(L.ofx_response_trn_status(p, i, byref(c)))
            out.append(
                TrnStatus(type=s(c.type) or "", trnuid=s(c.trnuid), code=c.code, severity=s(c.severity), message=s(c.message))
            )
        return out

    @property
    def mfa_questions(self) -> List[MfaQuestion]:
        p = self._p()
        out = []
        for i in range(L.ofx_response_mfa_question_count(p)):
            c = N.ofx_mfa_question()
            check(L.ofx_response_mfa_question(p, i, byref(c)))
            out.append(MfaQuestion(phrase_id=s(c.phrase_id) or "", label=s(c.label)))
        return out

    @property
    def money_records(self) -> List["MoneyRecord"]:
        """Transfers, then payments, then payees of the answer (each in document order)."""
        from .money import MoneyRecord

        p = self._p()
        out = []
        for i in range(L.ofx_response_money_record_count(p)):
            c = N.ofx_money_record()
            check(L.ofx_response_money_record(p, i, byref(c)))
            out.append(MoneyRecord._from_c(c))
        return out

    # -- elements

    @property
    def root(self) -> Element:
        out = c_uint32()
        check(L.ofx_response_root(self._p(), byref(out)))
        return Element(self, out.value)

    def element(self, elem_id: int) -> Element:
        """The element with id ``elem_id`` (the ``element`` field of a view)."""
        if elem_id == N.OFX_NO_ELEMENT:
            raise error_for(Result.NOT_FOUND, "no element")
        return Element(self, int(elem_id))

    def find(self, path: str) -> Optional[Element]:
        """The element at ``path`` from the root (``BANKMSGSRSV1/STMTTRNRS/STMTRS/LEDGERBAL/BALAMT``),
        or None."""
        out = c_uint32()
        rc = L.ofx_response_find(self._p(), N.enc(path), byref(out))
        if rc == Result.NOT_FOUND:
            return None
        check(rc)
        return Element(self, out.value)

    def findtext(self, path: str) -> Optional[str]:
        e = self.find(path)
        return None if e is None else e.text


def parse(data: Union[bytes, bytearray, memoryview, str], *, strict: bool = False) -> Response:
    """Reads an OFX document from memory; see :meth:`Response.parse`."""
    return Response.parse(data, strict=strict)


def read_file(path: PathLike, *, strict: bool = False) -> Response:
    """Reads an OFX file; see :meth:`Response.read_file`."""
    return Response.read_file(path, strict=strict)

