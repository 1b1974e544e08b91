// Moving money: transfer, payment and payee specs, sync specs and results, money records.
using System;

namespace Ofxkit
{
    /// <summary>A transfer to make or change (<c>ofx_transfer_spec</c>).</summary>
    public sealed class TransferSpec
    {
        /// <summary>"checking", "savings", "moneymrkt", "creditline", "cd" (with a bank id), "creditcard" or "loan".</summary>
        public string FromAccountType { get; set; }
        public string FromAccount { get; set; }
        public string FromBankId { get; set; }
        public string ToAccountType { get; set; }
        public string ToAccount { get; set; }
        /// <summary>Null: the source's bank (intrabank); another bank id makes an interbank transfer.</summary>
        public string ToBankId { get; set; }
        /// <summary>More than zero; sent exactly as written by decimal (25.00m is "25.00").</summary>
        public decimal Amount { get; set; }
        /// <summary>Due date (its calendar day); null for as soon as possible.</summary>
        public DateTime? Due { get; set; }

        internal ofx_transfer_spec ToNative(Utf8Pool pool)
        {
            ofx_transfer_spec s;
            Ofx.Check(Native.ofx_transfer_spec_init(out s));
            s.from_account_type = pool.Add(FromAccountType);
            s.from_account = pool.Add(FromAccount);
            s.from_bank_id = pool.Add(FromBankId);
            s.to_account_type = pool.Add(ToAccountType);
            s.to_account = pool.Add(ToAccount);
            s.to_bank_id = pool.Add(ToBankId);
            s.amount = pool.Add(Values.Amount(Amount));
            s.due = pool.Add(Day(Due));
            return s;
        }

        internal static string Day(DateTime? d)
        {
            return d == null ? null : d.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>What to synchronize (<c>ofx_sync_spec</c>).</summary>
    public sealed class SyncSpec
    {
        /// <summary>The account (not used for payee syncs): type as in <see cref="TransferSpec"/>.</summary>
        public string AccountType { get; set; }
        public string Account { get; set; }
        public string BankId { get; set; }
        /// <summary>"0" for the full history (the default), "REFRESH" for the current state, or the last token.</summary>
        public string Token { get; set; }
        /// <summary>REJECTIFMISSING.</summary>
        public bool RejectIfMissing { get; set; }
        /// <summary>Transfer syncs: interbank (INTERSYNCRQ) instead of intrabank.</summary>
        public bool Interbank { get; set; }

        public SyncSpec() { Token = "0"; }

        internal ofx_sync_spec ToNative(Utf8Pool pool)
        {
            ofx_sync_spec s;
            Ofx.Check(Native.ofx_sync_spec_init(out s));
            s.account_type = pool.Add(AccountType);
            s.account = pool.Add(Account);
            s.bank_id = pool.Add(BankId);
            s.token = pool.Add(Token ?? "0");
            s.reject_if_missing = RejectIfMissing ? 1 : 0;
            s.interbank = Interbank ? 1 : 0;
            return s;
        }
    }

    /// <summary>A payment, or a payee to add or change (<c>ofx_payment_spec</c>).</summary>
    public sealed class PaymentSpec
    {
        public string FromAccountType { get; set; }
        public string FromAccount { get; set; }
        public string FromBankId { get; set; }
        /// <summary>The amount (payments; more than zero). Null for payee requests.</summary>
        public decimal? Amount { get; set; }
        /// <summary>A standard payee id (PAYEEID), or use the address fields.</summary>
        public string PayeeId { get; set; }
        public string PayeeListId { get; set; }
        public string PayeeName { get; set; }
        public string PayeeAddr1 { get; set; }
        public string PayeeAddr2 { get; set; }
        public string PayeeAddr3 { get; set; }
        public string PayeeCity { get; set; }
        public string PayeeState { get; set; }
        public string PayeePostalCode { get; set; }
        public string PayeeCountry { get; set; }
        public string PayeePhone { get; set; }
        /// <summary>The user's account at the payee (PAYACCT).</summary>
        public string PayAccount { get; set; }
        /// <summary>Due date (payments, required).</summary>
        public DateTime? Due { get; set; }
        public string Memo { get; set; }

        internal ofx_payment_spec ToNative(Utf8Pool pool)
        {
            ofx_payment_spec s;
            Ofx.Check(Native.ofx_payment_spec_init(out s));
            s.from_account_type = pool.Add(FromAccountType);
            s.from_account = pool.Add(FromAccount);
            s.from_bank_id = pool.Add(FromBankId);
            s.amount = pool.Add(Amount == null ? null : Values.Amount(Amount.Value));
            s.payee_id = pool.Add(PayeeId);
            s.payee_list_id = pool.Add(PayeeListId);
            s.payee_name = pool.Add(PayeeName);
            s.payee_addr1 = pool.Add(PayeeAddr1);
            s.payee_addr2 = pool.Add(PayeeAddr2);
            s.payee_addr3 = pool.Add(PayeeAddr3);
            s.payee_city = pool.Add(PayeeCity);
            s.payee_state = pool.Add(PayeeState);
            s.payee_postal_code = pool.Add(PayeePostalCode);
            s.payee_country = pool.Add(PayeeCountry);
            s.payee_phone = pool.Add(PayeePhone);
            s.pay_account = pool.Add(PayAccount);
            s.due = pool.Add(TransferSpec.Day(Due));
            s.memo = pool.Add(Memo);
            return s;
        }
    }

    /// <summary>Money record kinds (<c>OFX_RECORD_*</c>).</summary>
    public enum MoneyRecordKind : uint { Transfer = 1, Payment = 2, Payee = 3 }

    /// <summary>One transfer, payment or payee of an answer or of a sync (a managed copy).</summary>
    public sealed class MoneyRecord
    {
        public MoneyRecordKind Kind { get; internal set; }
        /// <summary>"added", "modified", "cancelled", "deleted", "status" or "none".</summary>
        public string Change { get; internal set; }
        public string TrnUid { get; internal set; }
        /// <summary>The transaction's STATUS code (0 success, -1 absent).</summary>
        public int StatusCode { get; internal set; }
        public string Severity { get; internal set; }
        public string Message { get; internal set; }
        /// <summary>The server's transfer or payment id (SRVRTID), or the payee list id.</summary>
        public string Id { get; internal set; }
        public bool Interbank { get; internal set; }
        public decimal? Amount { get; internal set; }
        public string Currency { get; internal set; }
        /// <summary>"BANKID:ACCTID" for bank accounts, the number for cards and loans.</summary>
        public string FromAccount { get; internal set; }
        public string ToAccount { get; internal set; }
        public DateTimeOffset? DueDate { get; internal set; }
        public DateTimeOffset? ProjectedDate { get; internal set; }
        public DateTimeOffset? PostedDate { get; internal set; }
        public string ProcessCode { get; internal set; }
        public DateTimeOffset? ProcessDate { get; internal set; }
        public string PayeeListId { get; internal set; }
        public string PayeeName { get; internal set; }
        public string PayAccount { get; internal set; }
        public string CheckNumber { get; internal set; }
        public string Memo { get; internal set; }
        /// <summary>The record came inside a sync answer.</summary>
        public bool InSync { get; internal set; }

        internal static MoneyRecord From(ref ofx_money_record m)
        {
            return new MoneyRecord
            {
                Kind = (MoneyRecordKind)m.kind,
                Change = Utf8.FromPtr(m.change),
                TrnUid = Utf8.FromPtr(m.trnuid),
                StatusCode = m.status_code,
                Severity = Utf8.FromPtr(m.severity),
                Message = Utf8.FromPtr(m.message),
                Id = Utf8.FromPtr(m.id),
                Interbank = m.interbank != 0,
                Amount = Values.Dec(m.amount),
                Currency = Utf8.FromPtr(m.currency),
                FromAccount = Utf8.FromPtr(m.from_account),
                ToAccount = Utf8.FromPtr(m.to_account),
                DueDate = Values.Date(m.due_date),
                ProjectedDate = Values.Date(m.projected_date),
                PostedDate = Values.Date(m.posted_date),
                ProcessCode = Utf8.FromPtr(m.process_code),
                ProcessDate = Values.Date(m.process_date),
                PayeeListId = Utf8.FromPtr(m.payee_list_id),
                PayeeName = Utf8.FromPtr(m.payee_name),
                PayAccount = Utf8.FromPtr(m.pay_account),
                CheckNumber = Utf8.FromPtr(m.check_number),
                Memo = Utf8.FromPtr(m.memo),
                InSync = m.in_sync != 0,
            };
        }

        public override string ToString()
        {
            return string.Format("{0} {1} {2} {3} -> {4} {5}", Kind, Change, Id, FromAccount, ToAccount, Amount);
        }
    }

    /// <summary>What a successful sync hands out. Dispose it to free <see cref="Response"/>.</summary>
    public sealed class SyncResult : IDisposable
    {
        /// <summary>The server's new token: keep it for next time.</summary>
        public string NewToken { get; internal set; }
        /// <summary>The server lost track of the old token (what came is the current state).</summary>
        public bool LostSync { get; internal set; }
        /// <summary>The whole answer (its records: <see cref="OfxResponse.MoneyRecords"/>).</summary>
        public OfxResponse Response { get; internal set; }
        public void Dispose() { if (Response != null) Response.Dispose(); }
    }
}
