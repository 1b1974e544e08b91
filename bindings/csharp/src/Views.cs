// Typed views of a response: managed copies (strings, System.Decimal amounts, DateTimeOffset dates).
// A property is null when the document lacks the value.
using System;
using System.Collections.Generic;

namespace Ofxkit
{
    public sealed class OfxWarning
    {
        /// <summary>Stable kind: 1 header, 2 version, 3 charset, 4 entity, 5 end tag, 6 truncated, 7 empty value, 8 length, 9 order, 10 missing, 11 value, 12 value form, 13 markup, 14 fitid, 15 suppressed.</summary>
        public int Code { get; internal set; }
        public string Message { get; internal set; }
        public int Line { get; internal set; }
        public long Offset { get; internal set; }
        public override string ToString() { return "line " + Line + ": " + Message; }
    }

    public sealed class OfxSignon
    {
        /// <summary>STATUS/CODE (0 success, e.g. 15500 signon invalid; -1 when absent).</summary>
        public int StatusCode { get; internal set; }
        public string Severity { get; internal set; }
        public string Message { get; internal set; }
        /// <summary>DTSERVER.</summary>
        public DateTimeOffset? ServerDate { get; internal set; }
        public string Language { get; internal set; }
        public string Org { get; internal set; }
        public string Fid { get; internal set; }
        public string UserKey { get; internal set; }
        public string AccessKey { get; internal set; }
        public string SessionCookie { get; internal set; }
    }

    public sealed class OfxStatement
    {
        public StatementKind Kind { get; internal set; }
        public string AccountId { get; internal set; }
        public string BankId { get; internal set; }
        public string BranchId { get; internal set; }
        /// <summary>ACCTTYPE (CHECKING, ...) or LOANACCTTYPE.</summary>
        public string AccountType { get; internal set; }
        public string BrokerId { get; internal set; }
        /// <summary>CURDEF, e.g. "USD".</summary>
        public string Currency { get; internal set; }
        public DateTimeOffset? Start { get; internal set; }
        public DateTimeOffset? End { get; internal set; }
        public DateTimeOffset? DateAsOf { get; internal set; }
        public decimal? LedgerBalance { get; internal set; }
        public DateTimeOffset? LedgerBalanceDate { get; internal set; }
        public decimal? AvailableBalance { get; internal set; }
        public DateTimeOffset? AvailableBalanceDate { get; internal set; }
        public string TrnUid { get; internal set; }
        /// <summary>STATUS/CODE of the wrapper (0 success, -1 absent).</summary>
        public int StatusCode { get; internal set; }
        public string StatusSeverity { get; internal set; }
        public string StatusMessage { get; internal set; }
        public IReadOnlyList<OfxTransaction> Transactions { get; internal set; }
        public IReadOnlyList<OfxPosition> Positions { get; internal set; }
        public IReadOnlyList<OfxBalance> Balances { get; internal set; }
        public IReadOnlyList<OfxOpenOrder> OpenOrders { get; internal set; }
        /// <summary>The statement aggregate (STMTRS, ...); needs the response open.</summary>
        public OfxElement Element { get; internal set; }
    }

    public sealed class OfxTransaction
    {
        public string FitId { get; internal set; }
        /// <summary>TRNTYPE / LOANTRNTYPE, or the investment aggregate's tag (BUYSTOCK, INCOME, ...).</summary>
        public string Type { get; internal set; }
        /// <summary>DTPOSTED (DTTRADE for investment transactions), with the offset the document gave.</summary>
        public DateTimeOffset? DatePosted { get; internal set; }
        /// <summary>DTPOSTED as the library's ISO 8601 UTC text ("2024-01-09", "2024-01-05T17:00:00Z").</summary>
        public string DatePostedText { get; internal set; }
        public DateTimeOffset? DateUser { get; internal set; }
        public DateTimeOffset? DateAvail { get; internal set; }
        public DateTimeOffset? DateSettle { get; internal set; }
        /// <summary>TRNAMT (TOTAL for investment transactions), exact.</summary>
        public decimal? Amount { get; internal set; }
        /// <summary>The amount as the library's exact decimal string.</summary>
        public string AmountText { get; internal set; }
        public string Name { get; internal set; }
        public string Memo { get; internal set; }
        public string CheckNumber { get; internal set; }
        public string RefNumber { get; internal set; }
        public string PayeeId { get; internal set; }
        public string Sic { get; internal set; }
        public string ServerTid { get; internal set; }
        public string CorrectFitId { get; internal set; }
        public string CorrectAction { get; internal set; }
        /// <summary>CURSYM when the amount is not in the statement's currency.</summary>
        public string Currency { get; internal set; }
        public string SecurityId { get; internal set; }
        public string SecurityIdType { get; internal set; }
        public decimal? Units { get; internal set; }
        public decimal? UnitPrice { get; internal set; }
        public OfxElement Element { get; internal set; }

        internal static OfxTransaction From(OfxResponse r, ref ofx_transaction t)
        {
            var x = new OfxTransaction
            {
                FitId = Utf8.FromPtr(t.fitid),
                Type = Utf8.FromPtr(t.type),
                DatePostedText = Utf8.FromPtr(t.date_posted),
                DateUser = Values.Date(t.date_user),
                DateAvail = Values.Date(t.date_avail),
                DateSettle = Values.Date(t.date_settle),
                AmountText = Utf8.FromPtr(t.amount),
                Name = Utf8.FromPtr(t.name),
                Memo = Utf8.FromPtr(t.memo),
                CheckNumber = Utf8.FromPtr(t.check_number),
                RefNumber = Utf8.FromPtr(t.ref_number),
                PayeeId = Utf8.FromPtr(t.payee_id),
                Sic = Utf8.FromPtr(t.sic),
                ServerTid = Utf8.FromPtr(t.server_tid),
                CorrectFitId = Utf8.FromPtr(t.correct_fitid),
                CorrectAction = Utf8.FromPtr(t.correct_action),
                Currency = Utf8.FromPtr(t.currency),
                SecurityId = Utf8.FromPtr(t.security_id),
                SecurityIdType = Utf8.FromPtr(t.security_id_type),
                Units = Values.Dec(t.units),
                UnitPrice = Values.Dec(t.unit_price),
                Element = new OfxElement(r, t.element),
            };
            if (t.has_date_posted != 0)
                x.DatePosted = DateTimeOffset.FromUnixTimeSeconds(t.date_posted_unix)
                    .ToOffset(TimeSpan.FromMinutes(t.date_posted_offset_minutes));
            else
                x.DatePosted = Values.Date(x.DatePostedText);
            if (t.amount_fits != 0 && t.amount_scale <= 28)
            {
                // The exact scaled integer: amount = mantissa / 10^scale, scale kept ("2450.00").
                bool neg = t.amount_mantissa < 0;
                ulong abs = neg ? (ulong)(-(t.amount_mantissa + 1)) + 1UL : (ulong)t.amount_mantissa;
                x.Amount = new decimal((int)(uint)(abs & 0xFFFFFFFFUL), (int)(uint)(abs >> 32), 0, neg, (byte)t.amount_scale);
            }
            else
            {
                x.Amount = Values.Dec(x.AmountText);
            }
            return x;
        }
    }

    public sealed class OfxBalance
    {
        public string Name { get; internal set; }
        public string Description { get; internal set; }
        /// <summary>BALTYPE: DOLLAR, PERCENT or NUMBER.</summary>
        public string Type { get; internal set; }
        /// <summary>VALUE as the document wrote it.</summary>
        public string Value { get; internal set; }
        /// <summary>VALUE as a decimal, when it is one.</summary>
        public decimal? DecimalValue { get; internal set; }
        public DateTimeOffset? Date { get; internal set; }
    }

    public sealed class OfxPosition
    {
        /// <summary>POSSTOCK, POSMF, POSOPT, POSDEBT or POSOTHER.</summary>
        public string Type { get; internal set; }
        public string SecurityId { get; internal set; }
        public string SecurityIdType { get; internal set; }
        public string HeldIn { get; internal set; }
        public string PosType { get; internal set; }
        public decimal? Units { get; internal set; }
        public decimal? UnitPrice { get; internal set; }
        public decimal? MarketValue { get; internal set; }
        public DateTimeOffset? DatePrice { get; internal set; }
        public string Memo { get; internal set; }
        public OfxElement Element { get; internal set; }
    }

    public sealed class OfxOpenOrder
    {
        public string Type { get; internal set; }
        public string FitId { get; internal set; }
        public string SecurityId { get; internal set; }
        public string SecurityIdType { get; internal set; }
        public DateTimeOffset? DatePlaced { get; internal set; }
        public decimal? Units { get; internal set; }
        public string Duration { get; internal set; }
        public string Restriction { get; internal set; }
        public decimal? LimitPrice { get; internal set; }
        public decimal? StopPrice { get; internal set; }
        public string Memo { get; internal set; }
        public OfxElement Element { get; internal set; }
    }

    public sealed class OfxSecurity
    {
        /// <summary>STOCKINFO, MFINFO, OPTINFO, DEBTINFO or OTHERINFO.</summary>
        public string Type { get; internal set; }
        public string Id { get; internal set; }
        public string IdType { get; internal set; }
        public string Name { get; internal set; }
        public string Ticker { get; internal set; }
        public string FiId { get; internal set; }
        public decimal? UnitPrice { get; internal set; }
        public DateTimeOffset? DatePrice { get; internal set; }
        public string Memo { get; internal set; }
        public OfxElement Element { get; internal set; }
    }

    public sealed class OfxAccount
    {
        /// <summary>"bank", "creditcard", "investment", "loan", "billpay", "presentment" or "unknown".</summary>
        public string Kind { get; internal set; }
        public string AccountId { get; internal set; }
        public string BankId { get; internal set; }
        public string BranchId { get; internal set; }
        public string AccountType { get; internal set; }
        public string BrokerId { get; internal set; }
        public string Description { get; internal set; }
        /// <summary>SVCSTATUS: AVAIL, PEND or ACTIVE.</summary>
        public string Status { get; internal set; }
        public OfxElement Element { get; internal set; }
    }

    public sealed class OfxClosing
    {
        public StatementKind Kind { get; internal set; }
        public string AccountId { get; internal set; }
        public string FitId { get; internal set; }
        public DateTimeOffset? DateOpen { get; internal set; }
        public DateTimeOffset? DateClose { get; internal set; }
        public DateTimeOffset? DateNext { get; internal set; }
        public decimal? BalanceOpen { get; internal set; }
        public decimal? BalanceClose { get; internal set; }
        public DateTimeOffset? DatePostStart { get; internal set; }
        public DateTimeOffset? DatePostEnd { get; internal set; }
        public OfxElement Element { get; internal set; }
    }

    public sealed class OfxMessageSet
    {
        /// <summary>The tag, e.g. "BANKMSGSET".</summary>
        public string Name { get; internal set; }
        /// <summary>Where that message set's requests go; null when none.</summary>
        public string Url { get; internal set; }
    }

    public sealed class OfxSignonRealm
    {
        public string Name { get; internal set; }
        public bool ClientUidRequired { get; internal set; }
        public bool MfaChallengeSupported { get; internal set; }
        public bool MfaChallengeFirst { get; internal set; }
        public bool AuthTokenFirst { get; internal set; }
        public bool CaseSensitive { get; internal set; }
        public int? MinLength { get; internal set; }
        public int? MaxLength { get; internal set; }
        public string CharType { get; internal set; }
    }

    public sealed class OfxProfile
    {
        public string FiName { get; internal set; }
        public string Url { get; internal set; }
        public DateTimeOffset? DateProfileUp { get; internal set; }
        public string Address1 { get; internal set; }
        public string City { get; internal set; }
        public string State { get; internal set; }
        public string PostalCode { get; internal set; }
        public string Country { get; internal set; }
        public string CustomerServicePhone { get; internal set; }
        public string Email { get; internal set; }
        public IReadOnlyList<OfxMessageSet> MessageSets { get; internal set; }
        public IReadOnlyList<OfxSignonRealm> SignonRealms { get; internal set; }
        public OfxElement Element { get; internal set; }
    }

    public sealed class OfxTrnStatus
    {
        /// <summary>The wrapper's tag, e.g. "STMTTRNRS".</summary>
        public string Type { get; internal set; }
        public string TrnUid { get; internal set; }
        /// <summary>STATUS/CODE (0 success; -1 absent).</summary>
        public int Code { get; internal set; }
        public string Severity { get; internal set; }
        public string Message { get; internal set; }
    }

    public sealed class OfxMfaQuestion
    {
        /// <summary>MFAPHRASEID, e.g. "MFA13".</summary>
        public string PhraseId { get; internal set; }
        /// <summary>The question; null for the spec's built-in ids (MFA101-MFA107).</summary>
        public string Label { get; internal set; }
    }
}
