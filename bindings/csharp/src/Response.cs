// A parsed OFX document and its typed views. Views are copied into managed objects when read, so
// they stay usable after the response is disposed; OfxElement reads the live document and needs it open.
using System;
using System.Collections.Generic;
using System.IO;

namespace Ofxkit
{
    /// <summary>The library as a whole.</summary>
    public static class Ofx
    {
        /// <summary>The native library's version ("MAJOR.MINOR.PATCH").</summary>
        public static string Version { get { return Utf8.FromPtr(Native.ofx_version()); } }

        /// <summary>The library's description of a result code (<c>ofx_result_str</c>).</summary>
        public static string ResultString(OfxResult code) { return Utf8.FromPtr(Native.ofx_result_str((uint)code)); }

        /// <summary>
        /// Callback registrations (client and batch callbacks) whose native <c>userdata_free</c> has not
        /// run yet: a diagnostic for leaks (each registration is released when replaced or when the last
        /// client or batch holding it is freed).
        /// </summary>
        public static int LiveCallbackRegistrations { get { return Callbacks.Live; } }

        internal static string LastError() { return Utf8.FromPtr(Native.ofx_last_error_message()); }

        /// <summary>Throws the exception for a failed call, with the thread's last error message.</summary>
        internal static void Check(uint rc)
        {
            if (rc != 0) throw OfxException.Create((OfxResult)rc, LastError());
        }
    }

    /// <summary>Statement kinds (<c>OFX_STATEMENT_*</c>).</summary>
    public enum StatementKind : uint { Bank = 1, CreditCard = 2, Investment = 3, Loan = 4 }

    /// <summary>
    /// A parsed OFX document (<c>ofx_response</c>). Dispose it (using) when done; the finalizer frees
    /// it otherwise. A response handed out by <see cref="OfxBatch.ItemResponse"/> is borrowed from the
    /// batch: it becomes unusable when the batch is posted again, cleared, changed or disposed.
    /// </summary>
    public sealed class OfxResponse : IDisposable
    {
        private readonly ResponseHandle own;
        private readonly OfxBatch batch;
        private readonly IntPtr borrowed;
        private readonly int generation;
        private bool disposed;

        internal OfxResponse(IntPtr p) { own = new ResponseHandle(p); }

        internal OfxResponse(OfxBatch batch, IntPtr p, int generation)
        {
            this.batch = batch;
            borrowed = p;
            this.generation = generation;
        }

        /// <summary>True when this response is borrowed from a batch (not freed by Dispose).</summary>
        public bool IsBorrowed { get { return batch != null; } }

        /// <summary>True once disposed (or, for a borrowed response, once the batch dropped it).</summary>
        public bool IsClosed
        {
            get
            {
                if (own != null) return own.IsClosed;
                return disposed || !batch.IsCurrent(generation);
            }
        }

        internal Lease Lease()
        {
            if (own != null) return Ofxkit.Lease.Of(own, "OfxResponse");
            if (disposed) throw Ofxkit.Lease.Closed("OfxResponse");
            return batch.LeaseBorrowed(borrowed, generation);
        }

        public void Dispose()
        {
            disposed = true;
            if (own != null) own.Dispose();
        }

        // ---------- reading ----------

        private static ofx_parse_options Options(bool strict)
        {
            ofx_parse_options o;
            Ofx.Check(Native.ofx_parse_options_init(out o));
            o.strict = strict ? 1u : 0u;
            return o;
        }

        /// <summary>Reads an OFX document from bytes (a file's content or a server's answer).</summary>
        /// <exception cref="OfxParseException">NOT_OFX (an HTML page, empty input, ...), NO_CONTENT, STRICT_VIOLATION.</exception>
        public static OfxResponse Parse(byte[] data, bool strict = false)
        {
            if (data == null) throw new ArgumentNullException("data");
            var o = Options(strict);
            IntPtr p;
            uint rc = Native.ofx_response_parse_with(data, new UIntPtr((ulong)data.Length), ref o, out p);
            Ofx.Check(rc);
            return new OfxResponse(p);
        }

        /// <summary>Reads an OFX document from a stream (read to the end).</summary>
        public static OfxResponse Parse(Stream stream, bool strict = false)
        {
            if (stream == null) throw new ArgumentNullException("stream");
            using (var ms = new MemoryStream())
            {
                stream.CopyTo(ms);
                return Parse(ms.ToArray(), strict);
            }
        }

        /// <summary>Reads an OFX file (<c>ofx_response_read_file</c>).</summary>
        /// <exception cref="OfxIoException">The file cannot be read.</exception>
        public static OfxResponse ReadFile(string path, bool strict = false)
        {
            if (path == null) throw new ArgumentNullException("path");
            var o = Options(strict);
            IntPtr p;
            uint rc = Native.ofx_response_read_file_with(Utf8.Bytes(path), ref o, out p);
            Ofx.Check(rc);
            return new OfxResponse(p);
        }

        // ---------- whole-document views ----------

        /// <summary>The whole document as JSON (see the project README, "JSON").</summary>
        public string ToJson()
        {
            using (var l = Lease())
            {
                IntPtr s;
                Ofx.Check(Native.ofx_response_to_json(l.Ptr, out s));
                return Utf8.TakeOwned(s);
            }
        }

        /// <summary>Every transaction as CSV.</summary>
        public string ToCsv()
        {
            using (var l = Lease())
            {
                IntPtr s;
                Ofx.Check(Native.ofx_response_to_csv(l.Ptr, out s));
                return Utf8.TakeOwned(s);
            }
        }

        /// <summary>The document written out again as OFX <paramref name="version"/> (102 ... 160 SGML, 200 ... 220 XML).</summary>
        public string Serialize(int version)
        {
            using (var l = Lease())
            {
                IntPtr s;
                Ofx.Check(Native.ofx_response_serialize(l.Ptr, (uint)version, out s));
                return Utf8.TakeOwned(s);
            }
        }

        /// <summary>Writes the document to a file as OFX <paramref name="version"/>.</summary>
        public void WriteFile(string path, int version)
        {
            using (var l = Lease())
                Ofx.Check(Native.ofx_response_write_file(l.Ptr, Utf8.Bytes(path), (uint)version));
        }

        /// <summary>
        /// Throws <see cref="OfxRefusedException"/> unless the signon and every transaction of the answer
        /// succeeded (STATUS 0); the message names the first refusal.
        /// </summary>
        public void Check()
        {
            using (var l = Lease())
                Ofx.Check(Native.ofx_response_check(l.Ptr));
        }

        // ---------- typed views ----------

        /// <summary>Repairs and tolerated deviations met while reading.</summary>
        public IReadOnlyList<OfxWarning> Warnings
        {
            get
            {
                using (var l = Lease())
                {
                    int n = Values.Count(Native.ofx_response_warning_count(l.Ptr));
                    var list = new List<OfxWarning>(n);
                    for (int i = 0; i < n; i++)
                    {
                        ofx_warning w;
                        Ofx.Check(Native.ofx_response_warning(l.Ptr, (UIntPtr)i, out w));
                        list.Add(new OfxWarning
                        {
                            Code = (int)w.code, Message = Utf8.FromPtr(w.message), Line = (int)w.line, Offset = (long)w.offset,
                        });
                    }
                    return list;
                }
            }
        }

        /// <summary>The signon response (SONRS); null when the document has none.</summary>
        public OfxSignon Signon
        {
            get
            {
                using (var l = Lease())
                {
                    ofx_signon s;
                    uint rc = Native.ofx_response_signon(l.Ptr, out s);
                    if (rc == (uint)OfxResult.NotFound) return null;
                    Ofx.Check(rc);
                    return new OfxSignon
                    {
                        StatusCode = s.status_code,
                        Severity = Utf8.FromPtr(s.severity),
                        Message = Utf8.FromPtr(s.message),
                        ServerDate = Values.Date(s.dtserver),
                        Language = Utf8.FromPtr(s.language),
                        Org = Utf8.FromPtr(s.org),
                        Fid = Utf8.FromPtr(s.fid),
                        UserKey = Utf8.FromPtr(s.userkey),
                        AccessKey = Utf8.FromPtr(s.accesskey),
                        SessionCookie = Utf8.FromPtr(s.sesscookie),
                    };
                }
            }
        }

        /// <summary>Every statement (bank, credit card, investment, loan) in document order, with its transactions, positions, balances and open orders.</summary>
        public IReadOnlyList<OfxStatement> Statements
        {
            get
            {
                using (var l = Lease())
                {
                    int n = Values.Count(Native.ofx_response_statement_count(l.Ptr));
                    var list = new List<OfxStatement>(n);
                    for (int i = 0; i < n; i++) list.Add(ReadStatement(l.Ptr, i));
                    return list;
                }
            }
        }

        private OfxStatement ReadStatement(IntPtr r, int i)
        {
            ofx_statement s;
            Ofx.Check(Native.ofx_response_statement(r, (UIntPtr)i, out s));
            var st = new OfxStatement
            {
                Kind = (StatementKind)s.kind,
                AccountId = Utf8.FromPtr(s.account_id),
                BankId = Utf8.FromPtr(s.bank_id),
                BranchId = Utf8.FromPtr(s.branch_id),
                AccountType = Utf8.FromPtr(s.account_type),
                BrokerId = Utf8.FromPtr(s.broker_id),
                Currency = Utf8.FromPtr(s.currency),
                Start = Values.Date(s.start),
                End = Values.Date(s.end),
                DateAsOf = Values.Date(s.date_as_of),
                LedgerBalance = Values.Dec(s.ledger_balance),
                LedgerBalanceDate = Values.Date(s.ledger_balance_date),
                AvailableBalance = Values.Dec(s.available_balance),
                AvailableBalanceDate = Values.Date(s.available_balance_date),
                TrnUid = Utf8.FromPtr(s.trnuid),
                StatusCode = s.status_code,
                StatusSeverity = Utf8.FromPtr(s.status_severity),
                StatusMessage = Utf8.FromPtr(s.status_message),
                Element = new OfxElement(this, s.element),
            };
            var si = (UIntPtr)i;
            int nt = Values.Count(s.transaction_count);
            var txs = new List<OfxTransaction>(nt);
            for (int k = 0; k < nt; k++)
            {
                ofx_transaction t;
                Ofx.Check(Native.ofx_response_transaction(r, si, (UIntPtr)k, out t));
                txs.Add(OfxTransaction.From(this, ref t));
            }
            st.Transactions = txs;

            int np = Values.Count(s.position_count);
            var pos = new List<OfxPosition>(np);
            for (int k = 0; k < np; k++)
            {
                ofx_position p;
                Ofx.Check(Native.ofx_response_position(r, si, (UIntPtr)k, out p));
                pos.Add(new OfxPosition
                {
                    Type = Utf8.FromPtr(p.type),
                    SecurityId = Utf8.FromPtr(p.security_id),
                    SecurityIdType = Utf8.FromPtr(p.security_id_type),
                    HeldIn = Utf8.FromPtr(p.held_in),
                    PosType = Utf8.FromPtr(p.pos_type),
                    Units = Values.Dec(p.units),
                    UnitPrice = Values.Dec(p.unit_price),
                    MarketValue = Values.Dec(p.market_value),
                    DatePrice = Values.Date(p.date_price),
                    Memo = Utf8.FromPtr(p.memo),
                    Element = new OfxElement(this, p.element),
                });
            }
            st.Positions = pos;

            int nb = Values.Count(s.balance_count);
            var bals = new List<OfxBalance>(nb);
            for (int k = 0; k < nb; k++)
            {
                ofx_balance b;
                Ofx.Check(Native.ofx_response_balance(r, si, (UIntPtr)k, out b));
                string v = Utf8.FromPtr(b.value);
                bals.Add(new OfxBalance
                {
                    Name = Utf8.FromPtr(b.name),
                    Description = Utf8.FromPtr(b.desc),
                    Type = Utf8.FromPtr(b.type),
                    Value = v,
                    DecimalValue = Values.Dec(v),
                    Date = Values.Date(b.date),
                });
            }
            st.Balances = bals;

            int no = Values.Count(s.open_order_count);
            var oos = new List<OfxOpenOrder>(no);
            for (int k = 0; k < no; k++)
            {
                ofx_open_order o;
                Ofx.Check(Native.ofx_response_open_order(r, si, (UIntPtr)k, out o));
                oos.Add(new OfxOpenOrder
                {
                    Type = Utf8.FromPtr(o.type),
                    FitId = Utf8.FromPtr(o.fitid),
                    SecurityId = Utf8.FromPtr(o.security_id),
                    SecurityIdType = Utf8.FromPtr(o.security_id_type),
                    DatePlaced = Values.Date(o.date_placed),
                    Units = Values.Dec(o.units),
                    Duration = Utf8.FromPtr(o.duration),
                    Restriction = Utf8.FromPtr(o.restriction),
                    LimitPrice = Values.Dec(o.limit_price),
                    StopPrice = Values.Dec(o.stop_price),
                    Memo = Utf8.FromPtr(o.memo),
                    Element = new OfxElement(this, o.element),
                });
            }
            st.OpenOrders = oos;
            return st;
        }

        /// <summary>The SECLIST's securities.</summary>
        public IReadOnlyList<OfxSecurity> Securities
        {
            get
            {
                using (var l = Lease())
                {
                    int n = Values.Count(Native.ofx_response_security_count(l.Ptr));
                    var list = new List<OfxSecurity>(n);
                    for (int i = 0; i < n; i++)
                    {
                        ofx_security s;
                        Ofx.Check(Native.ofx_response_security(l.Ptr, (UIntPtr)i, out s));
                        list.Add(new OfxSecurity
                        {
                            Type = Utf8.FromPtr(s.type),
                            Id = Utf8.FromPtr(s.id),
                            IdType = Utf8.FromPtr(s.id_type),
                            Name = Utf8.FromPtr(s.name),
                            Ticker = Utf8.FromPtr(s.ticker),
                            FiId = Utf8.FromPtr(s.fiid),
                            UnitPrice = Values.Dec(s.unit_price),
                            DatePrice = Values.Date(s.date_price),
                            Memo = Utf8.FromPtr(s.memo),
                            Element = new OfxElement(this, s.element),
                        });
                    }
                    return list;
                }
            }
        }

        /// <summary>The accounts of an account-information answer.</summary>
        public IReadOnlyList<OfxAccount> Accounts
        {
            get
            {
                using (var l = Lease())
                {
                    int n = Values.Count(Native.ofx_response_account_count(l.Ptr));
                    var list = new List<OfxAccount>(n);
                    for (int i = 0; i < n; i++)
                    {
                        ofx_account a;
                        Ofx.Check(Native.ofx_response_account(l.Ptr, (UIntPtr)i, out a));
                        list.Add(new OfxAccount
                        {
                            Kind = Utf8.FromPtr(a.kind),
                            AccountId = Utf8.FromPtr(a.account_id),
                            BankId = Utf8.FromPtr(a.bank_id),
                            BranchId = Utf8.FromPtr(a.branch_id),
                            AccountType = Utf8.FromPtr(a.account_type),
                            BrokerId = Utf8.FromPtr(a.broker_id),
                            Description = Utf8.FromPtr(a.desc),
                            Status = Utf8.FromPtr(a.status),
                            Element = new OfxElement(this, a.element),
                        });
                    }
                    return list;
                }
            }
        }

        /// <summary>Closing records (CLOSING, CCCLOSING, LOANCLOSING).</summary>
        public IReadOnlyList<OfxClosing> Closings
        {
            get
            {
                using (var l = Lease())
                {
                    int n = Values.Count(Native.ofx_response_closing_count(l.Ptr));
                    var list = new List<OfxClosing>(n);
                    for (int i = 0; i < n; i++)
                    {
                        ofx_closing c;
                        Ofx.Check(Native.ofx_response_closing(l.Ptr, (UIntPtr)i, out c));
                        list.Add(new OfxClosing
                        {
                            Kind = (StatementKind)c.kind,
                            AccountId = Utf8.FromPtr(c.account_id),
                            FitId = Utf8.FromPtr(c.fitid),
                            DateOpen = Values.Date(c.date_open),
                            DateClose = Values.Date(c.date_close),
                            DateNext = Values.Date(c.date_next),
                            BalanceOpen = Values.Dec(c.balance_open),
                            BalanceClose = Values.Dec(c.balance_close),
                            DatePostStart = Values.Date(c.date_post_start),
                            DatePostEnd = Values.Date(c.date_post_end),
                            Element = new OfxElement(this, c.element),
                        });
                    }
                    return list;
                }
            }
        }

        /// <summary>The institution's profile (PROFRS); null when the document has none.</summary>
        public OfxProfile Profile
        {
            get
            {
                using (var l = Lease())
                {
                    ofx_profile p;
                    uint rc = Native.ofx_response_profile(l.Ptr, out p);
                    if (rc == (uint)OfxResult.NotFound) return null;
                    Ofx.Check(rc);
                    var prof = new OfxProfile
                    {
                        FiName = Utf8.FromPtr(p.fi_name),
                        Url = Utf8.FromPtr(p.url),
                        DateProfileUp = Values.Date(p.date_profile_up),
                        Address1 = Utf8.FromPtr(p.address1),
                        City = Utf8.FromPtr(p.city),
                        State = Utf8.FromPtr(p.state),
                        PostalCode = Utf8.FromPtr(p.postal_code),
                        Country = Utf8.FromPtr(p.country),
                        CustomerServicePhone = Utf8.FromPtr(p.cs_phone),
                        Email = Utf8.FromPtr(p.email),
                        Element = new OfxElement(this, p.element),
                    };
                    int nm = Values.Count(p.message_set_count);
                    var sets = new List<OfxMessageSet>(nm);
                    for (int i = 0; i < nm; i++)
                    {
                        IntPtr name, url;
                        Ofx.Check(Native.ofx_response_profile_message_set(l.Ptr, (UIntPtr)i, out name, out url));
                        sets.Add(new OfxMessageSet { Name = Utf8.FromPtr(name), Url = Utf8.FromPtr(url) });
                    }
                    prof.MessageSets = sets;
                    int nr = Values.Count(p.signon_realm_count);
                    var realms = new List<OfxSignonRealm>(nr);
                    for (int i = 0; i < nr; i++)
                    {
                        ofx_signon_realm r;
                        Ofx.Check(Native.ofx_response_profile_signon_realm(l.Ptr, (UIntPtr)i, out r));
                        realms.Add(new OfxSignonRealm
                        {
                            Name = Utf8.FromPtr(r.name),
                            ClientUidRequired = r.client_uid_required != 0,
                            MfaChallengeSupported = r.mfa_challenge_supported != 0,
                            MfaChallengeFirst = r.mfa_challenge_first != 0,
                            AuthTokenFirst = r.auth_token_first != 0,
                            CaseSensitive = r.case_sensitive != 0,
                            MinLength = r.min_length < 0 ? (int?)null : r.min_length,
                            MaxLength = r.max_length < 0 ? (int?)null : r.max_length,
                            CharType = Utf8.FromPtr(r.char_type),
                        });
                    }
                    prof.SignonRealms = realms;
                    return prof;
                }
            }
        }

        /// <summary>The status of every transaction wrapper (…TRNRS) in document order.</summary>
        public IReadOnlyList<OfxTrnStatus> TransactionStatuses
        {
            get
            {
                using (var l = Lease())
                {
                    int n = Values.Count(Native.ofx_response_trn_status_count(l.Ptr));
                    var list = new List<OfxTrnStatus>(n);
                    for (int i = 0; i < n; i++)
                    {
                        ofx_trn_status s;
                        Ofx.Check(Native.ofx_response_trn_status(l.Ptr, (UIntPtr)i, out s));
                        list.Add(new OfxTrnStatus
                        {
                            Type = Utf8.FromPtr(s.type),
                            TrnUid = Utf8.FromPtr(s.trnuid),
                            Code = s.code,
                            Severity = Utf8.FromPtr(s.severity),
                            Message = Utf8.FromPtr(s.message),
                        });
                    }
                    return list;
                }
            }
        }

        /// <summary>The MFA questions of an MFACHALLENGERS.</summary>
        public IReadOnlyList<OfxMfaQuestion> MfaQuestions
        {
            get
            {
                using (var l = Lease())
                {
                    int n = Values.Count(Native.ofx_response_mfa_question_count(l.Ptr));
                    var list = new List<OfxMfaQuestion>(n);
                    for (int i = 0; i < n; i++)
                    {
                        ofx_mfa_question q;
                        Ofx.Check(Native.ofx_response_mfa_question(l.Ptr, (UIntPtr)i, out q));
                        list.Add(new OfxMfaQuestion { PhraseId = Utf8.FromPtr(q.phrase_id), Label = Utf8.FromPtr(q.label) });
                    }
                    return list;
                }
            }
        }

        /// <summary>The money records (transfers, then payments, then payees) of the answer.</summary>
        public IReadOnlyList<MoneyRecord> MoneyRecords
        {
            get
            {
                using (var l = Lease())
                {
                    int n = Values.Count(Native.ofx_response_money_record_count(l.Ptr));
                    var list = new List<MoneyRecord>(n);
                    for (int i = 0; i < n; i++)
                    {
                        ofx_money_record m;
                        Ofx.Check(Native.ofx_response_money_record(l.Ptr, (UIntPtr)i, out m));
                        list.Add(MoneyRecord.From(ref m));
                    }
                    return list;
                }
            }
        }

        // ---------- elements ----------

        /// <summary>The root element (OFX).</summary>
        public OfxElement Root
        {
            get
            {
                using (var l = Lease())
                {
                    uint e;
                    Ofx.Check(Native.ofx_response_root(l.Ptr, out e));
                    return new OfxElement(this, e);
                }
            }
        }

        /// <summary>The element at <paramref name="path"/> from the root (e.g. "BANKMSGSRSV1/STMTTRNRS/STMTRS/STMTTRN[2]"); null when none.</summary>
        public OfxElement Find(string path)
        {
            using (var l = Lease())
            {
                uint e;
                uint rc = Native.ofx_response_find(l.Ptr, Utf8.Bytes(path), out e);
                if (rc == (uint)OfxResult.NotFound) return null;
                Ofx.Check(rc);
                return new OfxElement(this, e);
            }
        }
    }

    /// <summary>One element of a response's document tree (needs the response open).</summary>
    public sealed class OfxElement
    {
        private readonly OfxResponse resp;

        /// <summary>The element id (as the C API's <c>element</c> fields).</summary>
        public uint Id { get; private set; }

        internal OfxElement(OfxResponse resp, uint id) { this.resp = resp; Id = id; }

        /// <summary>The tag, e.g. "STMTTRN".</summary>
        public string Name { get { using (var l = resp.Lease()) return Utf8.FromPtr(Native.ofx_element_name(l.Ptr, Id)); } }

        /// <summary>The value of a leaf element; null for aggregates.</summary>
        public string Text { get { using (var l = resp.Lease()) return Utf8.FromPtr(Native.ofx_element_text(l.Ptr, Id)); } }

        /// <summary>Byte offset of the start tag in the decoded document.</summary>
        public long Offset { get { using (var l = resp.Lease()) return (long)Native.ofx_element_offset(l.Ptr, Id).ToUInt64(); } }

        public int ChildCount { get { using (var l = resp.Lease()) return Values.Count(Native.ofx_element_child_count(l.Ptr, Id)); } }

        public OfxElement Child(int index)
        {
            using (var l = resp.Lease())
            {
                uint c;
                Ofx.Check(Native.ofx_element_child(l.Ptr, Id, (UIntPtr)index, out c));
                return new OfxElement(resp, c);
            }
        }

        public IReadOnlyList<OfxElement> Children
        {
            get
            {
                int n = ChildCount;
                var list = new List<OfxElement>(n);
                for (int i = 0; i < n; i++) list.Add(Child(i));
                return list;
            }
        }

        /// <summary>The element at <paramref name="path"/> below this one; null when none.</summary>
        public OfxElement Find(string path)
        {
            using (var l = resp.Lease())
            {
                uint e;
                uint rc = Native.ofx_element_find(l.Ptr, Id, Utf8.Bytes(path), out e);
                if (rc == (uint)OfxResult.NotFound) return null;
                Ofx.Check(rc);
                return new OfxElement(resp, e);
            }
        }

        public override string ToString() { return "<" + Name + ">" + (Text ?? ""); }
    }
}
