"""Moving money: transfers, bill payments, payees and their syncs."""

from __future__ import annotations

import datetime as _dt
import enum
from ctypes import byref
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, List, Optional, Union

from . import _native as N
from ._base import AmountLike, DateLike, amount_str, date_str, flag, s, to_date, to_decimal
from .errors import check

DateValue = Union[_dt.date, _dt.datetime, None]


class RecordKind(enum.IntEnum):
    TRANSFER = 1
    PAYMENT = 2
    PAYEE = 3


@dataclass(frozen=True)
class MoneyRecord:
    """One transfer, payment or payee of an answer (``ofx_money_record``), copied out.

    ``change`` is "added", "modified", "cancelled", "deleted" (payees), "status" or "none";
    ``status_code`` is 0 for success, -1 when absent; accounts are "BANKID:ACCTID" for bank accounts.
    """

    kind: RecordKind
    change: Optional[str]
    trnuid: Optional[str]
    status_code: int
    severity: Optional[str]
    message: Optional[str]
    id: Optional[str]
    interbank: bool
    amount: Optional[Decimal]
    currency: Optional[str]
    from_account: Optional[str]
    to_account: Optional[str]
    due_date: DateValue
    projected_date: DateValue
    posted_date: DateValue
    process_code: Optional[str]
    process_date: DateValue
    payee_list_id: Optional[str]
    payee_name: Optional[str]
    pay_account: Optional[str]
    check_number: Optional[str]
    memo: Optional[str]
    in_sync: bool

    @classmethod
    def _from_c(cls, c: N.ofx_money_record) -> "MoneyRecord":
        return cls(
            kind=RecordKind(c.kind),
            change=s(c.change),
            trnuid=s(c.trnuid),
            status_code=c.status_code,
            severity=s(c.severity),
            message=s(c.message),
            id=s(c.id),
            interbank=bool(c.interbank),
            amount=to_decimal(s(c.amount)),
            currency=s(c.currency),
            from_account=s(c.from_account),
            to_account=s(c.to_account),
            due_date=to_date(s(c.due_date)),
            projected_date=to_date(s(c.projected_date)),
            posted_date=to_date(s(c.posted_date)),
            process_code=s(c.process_code),
            process_date=to_date(s(c.process_date)),
            payee_list_id=s(c.payee_list_id),
            payee_name=s(c.payee_name),
            pay_account=s(c.pay_account),
            check_number=s(c.check_number),
            memo=s(c.memo),
            in_sync=bool(c.in_sync),
        )


@dataclass
class TransferSpec:
    """A transfer to make or change (``ofx_transfer_spec``). Account types: "checking", "savings",
    "moneymrkt", "creditline", "cd" (with a bank id), "creditcard", "loan". ``to_bank_id`` None means
    the source's bank; ``amount`` is a Decimal, int or decimal string (never a float); ``due`` None
    means as soon as possible."""

    from_account_type: str
    from_account: str
    to_account_type: str
    to_account: str
    amount: AmountLike
    from_bank_id: Optional[str] = None
    to_bank_id: Optional[str] = None
    due: Optional[DateLike] = None

    def _to_c(self) -> N.ofx_transfer_spec:
        c = N.ofx_transfer_spec()
        check(N.lib.ofx_transfer_spec_init(byref(c)))
        c.from_account_type = N.enc(self.from_account_type)
        c.from_account = N.enc(self.from_account)
        c.from_bank_id = N.enc(self.from_bank_id)
        c.to_account_type = N.enc(self.to_account_type)
        c.to_account = N.enc(self.to_account)
        c.to_bank_id = N.enc(self.to_bank_id)
        c.amount = N.enc(amount_str(self.amount))
        c.due = N.enc(date_str(self.due))
        return c


@dataclass
class PaymentSpec:
    """A payment, or a payee to add or change (``ofx_payment_spec``). For payees only the payee
    fields and ``pay_account`` are used."""

    from_account_type: Optional[str] = None
    from_account: Optional[str] = None
    from_bank_id: Optional[str] = None
    amount: Optional[AmountLike] = None
    payee_id: Optional[str] = None
    payee_list_id: Optional[str] = None
    payee_name: Optional[str] = None
    payee_addr1: Optional[str] = None
    payee_addr2: Optional[str] = None
    payee_addr3: Optional[str] = None
    payee_city: Optional[str] = None
    payee_state: Optional[str] = None
    payee_postal_code: Optional[str] = None
    payee_country: Optional[str] = None
    payee_phone: Optional[str] = None
    pay_account: Optional[str] = None
    due: Optional[DateLike] = None
    memo: Optional[str] = None

    def _to_c(self) -> N.ofx_payment_spec:
        c = N.ofx_payment_spec()
        check(N.lib.ofx_payment_spec_init(byref(c)))
        for name in N.fields(N.ofx_payment_spec):
            if name == "version":
                continue
            v: Any = getattr(self, name)
            if name == "amount":
                v = amount_str(v)
            elif name == "due":
                v = date_str(v)
            setattr(c, name, N.enc(v))
        return c


@dataclass
class SyncSpec:
    """What to synchronize (``ofx_sync_spec``): the account (unused for payee syncs) and the token
    ("0": the full history, "REFRESH": the current state, else the last token the server gave)."""

    account_type: Optional[str] = None
    account: Optional[str] = None
    bank_id: Optional[str] = None
    token: str = "0"
    reject_if_missing: bool = False
    interbank: bool = False

    def _to_c(self) -> N.ofx_sync_spec:
        c = N.ofx_sync_spec()
        check(N.lib.ofx_sync_spec_init(byref(c)))
        c.account_type = N.enc(self.account_type)
        c.account = N.enc(self.account)
        c.bank_id = N.enc(self.bank_id)
        c.token = N.enc(self.token)
        c.reject_if_missing = flag(self.reject_if_missing)
        c.interbank = flag(self.interbank)
        return c


@dataclass
class SyncResult:
    """What a successful sync gives: the new token (keep it for next time), whether the server lost
    track of the old one, every record, and the answer (a Response the caller closes)."""

    token: str
    lost_sync: bool
    records: List[MoneyRecord]
    response: Any  # Response; typed loosely to avoid an import cycle

    def __enter__(self) -> "SyncResult":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.response.close()
