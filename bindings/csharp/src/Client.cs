// The client (one FI, one user), its request items, statement requests and images.
using System;
using System.Text;

namespace Ofxkit
{
    /// <summary>What a statement or closing request asks for (<c>ofx_statement_request</c>).</summary>
    public sealed class StatementRequest
    {
        /// <summary>"checking", "savings", "moneymrkt", "creditline", "cd", "creditcard", "investment" or "loan".</summary>
        public string AccountType { get; set; }
        public string AccountId { get; set; }
        /// <summary>BANKID (bank accounts).</summary>
        public string BankId { get; set; }
        public string BranchId { get; set; }
        /// <summary>BROKERID (investment accounts).</summary>
        public string BrokerId { get; set; }
        /// <summary>LOANACCTTYPE (MORTGAGE, AUTO, ...); null for the default.</summary>
        public string LoanType { get; set; }
        public DateTimeOffset? Start { get; set; }
        public DateTimeOffset? End { get; set; }
        public bool IncludeTransactions { get; set; }
        /// <summary>2.x: pending transactions (null: not sent).</summary>
        public bool? IncludePending { get; set; }
        /// <summary>2.1.1: image references (null: not sent).</summary>
        public bool? IncludeImages { get; set; }
        public bool IncludePositions { get; set; }
        public DateTimeOffset? PositionsAsOf { get; set; }
        public bool IncludeOpenOrders { get; set; }
        public bool IncludeBalance { get; set; }

        public StatementRequest()
        {
            IncludeTransactions = true;
            IncludePositions = true;
            IncludeOpenOrders = true;
            IncludeBalance = true;
        }

        /// <summary>A bank account ("checking", "savings", ...).</summary>
        public static StatementRequest Bank(string accountType, string bankId, string accountId)
        {
            return new StatementRequest { AccountType = accountType, BankId = bankId, AccountId = accountId };
        }

        public static StatementRequest CreditCard(string accountId)
        {
            return new StatementRequest { AccountType = "creditcard", AccountId = accountId };
        }

        public static StatementRequest Investment(string brokerId, string accountId)
        {
            return new StatementRequest { AccountType = "investment", BrokerId = brokerId, AccountId = accountId };
        }

        public static StatementRequest Loan(string accountId, string loanType = null)
        {
            return new StatementRequest { AccountType = "loan", AccountId = accountId, LoanType = loanType };
        }

        /// <summary>Sets the period; returns this.</summary>
        public StatementRequest Period(DateTimeOffset? start, DateTimeOffset? end)
        {
            Start = start;
            End = end;
            return this;
        }

        internal ofx_statement_request ToNative(Utf8Pool pool)
        {
            ofx_statement_request r;
            Ofx.Check(Native.ofx_statement_request_init(out r));
            r.account_type = pool.Add(AccountType);
            r.account_id = pool.Add(AccountId);
            r.bank_id = pool.Add(BankId);
            r.branch_id = pool.Add(BranchId);
            r.broker_id = pool.Add(BrokerId);
            r.loan_type = pool.Add(LoanType);
            r.start = pool.Add(Values.IsoUtc(Start));
            r.end = pool.Add(Values.IsoUtc(End));
            r.include_transactions = IncludeTransactions ? 1 : 0;
            if (IncludePending.HasValue) r.include_pending = IncludePending.Value ? 1 : 0;
            if (IncludeImages.HasValue) r.include_images = IncludeImages.Value ? 1 : 0;
            r.include_positions = IncludePositions ? 1 : 0;
            r.positions_as_of = pool.Add(Values.IsoUtc(PositionsAsOf));
            r.include_open_orders = IncludeOpenOrders ? 1 : 0;
            r.include_balance = IncludeBalance ? 1 : 0;
            return r;
        }
    }

    /// <summary>Request kinds (<c>ofx_request_kind</c>).</summary>
    public enum RequestKind : uint
    {
        None = 0, AccountInfo = 1, BankStatement = 2, BankClosing = 3, CreditCardStatement = 4, CreditCardClosing = 5,
        InvestmentStatement = 6, LoanStatement = 7, LoanClosing = 8, Profile = 9, MfaChallenge = 10, Image = 11,
    }

    /// <summary>IMAGEREFTYPE (<c>OFX_IMAGE_*</c>).</summary>
    public enum ImageRefType : uint { Opaque = 1, Url = 2, FormUrl = 3 }

    /// <summary>
    /// One request aggregate with its TRNUID, made for one client by an <c>OfxClient.Request…</c> method
    /// (<c>ofx_request</c>). Post it with <see cref="OfxClient.Post"/> or add it to an <see cref="OfxBatch"/>.
    /// </summary>
    public sealed class OfxRequest : IDisposable
    {
        private readonly RequestHandle h;

        internal OfxRequest(IntPtr p) { h = new RequestHandle(p); }

        internal Lease Lease() { return Ofxkit.Lease.Of(h, "OfxRequest"); }

        public bool IsClosed { get { return h.IsClosed; } }

        public void Dispose() { h.Dispose(); }

        /// <summary>The TRNUID; set it (1-36 characters) to ask again with the TRNUID of a first attempt whose answer was lost.</summary>
        public string Uid
        {
            get { using (var l = Lease()) return Utf8.FromPtr(Native.ofx_request_uid(l.Ptr)); }
            set { using (var l = Lease()) Ofx.Check(Native.ofx_request_set_uid(l.Ptr, Utf8.Bytes(value))); }
        }

        public RequestKind Kind { get { using (var l = Lease()) return (RequestKind)Native.ofx_request_kind(l.Ptr); } }

        /// <summary>The kind's name ("bank_statement", ...).</summary>
        public string KindName { get { return KindNameOf(Kind); } }

        public static string KindNameOf(RequestKind kind) { return Utf8.FromPtr(Native.ofx_request_kind_name((uint)kind)); }
    }

    /// <summary>A downloaded check or statement image (<c>ofx_image</c>).</summary>
    public sealed class OfxImage : IDisposable
    {
        private readonly ImageHandle h;
        internal OfxImage(IntPtr p) { h = new ImageHandle(p); }
        public void Dispose() { h.Dispose(); }

        /// <summary>A copy of the image's bytes.</summary>
        public byte[] Data
        {
            get
            {
                using (var l = Ofxkit.Lease.Of(h, "OfxImage"))
                {
                    IntPtr d;
                    UIntPtr n;
                    Ofx.Check(Native.ofx_image_data(l.Ptr, out d, out n));
                    return Utf8.CopyBytes(d, n) ?? new byte[0];
                }
            }
        }

        /// <summary>E.g. "image/png".</summary>
        public string ContentType { get { using (var l = Ofxkit.Lease.Of(h, "OfxImage")) return Utf8.FromPtr(Native.ofx_image_content_type(l.Ptr)); } }
    }

    /// <summary>Details of a client's last failure (<c>ofx_error_info</c>).</summary>
    public sealed class OfxErrorInfo
    {
        public OfxResult Code { get; internal set; }
        /// <summary>For HTTP_STATUS: the status (else 0).</summary>
        public int HttpStatus { get; internal set; }
        /// <summary>For HTTP_STATUS: the first bytes of the body ("" otherwise).</summary>
        public string BodyStart { get; internal set; }
    }

    internal delegate uint OutCall(IntPtr handle, out IntPtr result);

    /// <summary>
    /// An OFX client: one FI, one user, one HTTP agent (<c>ofx_client</c>). Use from one thread at a
    /// time. Dispose it (credentials are wiped, callbacks released); the finalizer does it otherwise.
    /// Callbacks run on the calling thread during an operation; an exception a callback throws is
    /// caught at the C boundary and rethrown from the operation once the native call has returned
    /// (the call's own result is then dropped: re-post the same <see cref="OfxRequest"/> to ask again
    /// without acting twice).
    /// </summary>
    public sealed class OfxClient : IDisposable
    {
        private readonly ClientHandle h;

        public OfxClient()
        {
            IntPtr p;
            Ofx.Check(Native.ofx_client_new(out p));
            h = new ClientHandle(p);
        }

        internal Lease Lease() { return Ofxkit.Lease.Of(h, "OfxClient"); }

        public bool IsClosed { get { return h.IsClosed; } }

        public void Dispose() { h.Dispose(); }

        // ---------- errors ----------

        /// <summary>The message of the client's last failed call ("" after a success).</summary>
        public string ErrorMessage { get { using (var l = Lease()) return Utf8.FromPtr(Native.ofx_client_errmsg(l.Ptr)); } }

        /// <summary>Details of the client's last failure.</summary>
        public OfxErrorInfo LastErrorInfo
        {
            get
            {
                using (var l = Lease())
                {
                    ofx_error_info e;
                    Ofx.Check(Native.ofx_client_error_info(l.Ptr, out e));
                    return new OfxErrorInfo { Code = (OfxResult)e.code, HttpStatus = e.http_status, BodyStart = Utf8.FromPtr(e.body_start) };
                }
            }
        }

        /// <summary>The exception for a failed call on this client (message from the client, else the thread's last error).</summary>
        internal static OfxException Fail(IntPtr client, uint rc)
        {
            string msg = Utf8.FromPtr(Native.ofx_client_errmsg(client));
            if (string.IsNullOrEmpty(msg)) msg = Ofx.LastError();
            var code = (OfxResult)rc;
            if (code == OfxResult.HttpStatus)
            {
                ofx_error_info e;
                if (Native.ofx_client_error_info(client, out e) == 0)
                    return new OfxHttpStatusException(code, msg, e.http_status, Utf8.FromPtr(e.body_start));
            }
            return OfxException.Create(code, msg);
        }

        private void Check(IntPtr client, uint rc)
        {
            if (rc != 0) throw Fail(client, rc);
        }

        // ---------- configuration ----------

        /// <summary>Sets one setting by key ("url", "org", "fid", "version", "ca_file", "timeout_ms", ...); "" clears an optional one.</summary>
        /// <exception cref="OfxConfigException">An unknown key or a bad value.</exception>
        public void Set(string key, string value)
        {
            using (var l = Lease())
                Check(l.Ptr, Native.ofx_client_set(l.Ptr, Utf8.Bytes(key), Utf8.Bytes(value ?? "")));
        }

        /// <summary>Reads a setting that is not a secret, or what the server gave ("access_key", "url", "version", ...); null when not set.</summary>
        public string Get(string key)
        {
            using (var l = Lease())
            {
                IntPtr s;
                uint rc = Native.ofx_client_get(l.Ptr, Utf8.Bytes(key), out s);
                if (rc == (uint)OfxResult.NotFound) return null;
                Check(l.Ptr, rc);
                return Utf8.TakeOwned(s);
            }
        }

        /// <summary>Applies a quirk profile: key=value lines (all or nothing).</summary>
        public void LoadProfile(string text)
        {
            using (var l = Lease())
                Check(l.Ptr, Native.ofx_client_load_profile(l.Ptr, Utf8.Bytes(text)));
        }

        /// <summary>Sets the FI's URL, ORG and FID (fid may be null).</summary>
        public void SetFi(string url, string org, string fid = null)
        {
            using (var l = Lease())
                Check(l.Ptr, Native.ofx_client_set_fi(l.Ptr, Utf8.Bytes(url), Utf8.Bytes(org), Utf8.Bytes(fid)));
        }

        /// <summary>Sets USERID and USERPASS.</summary>
        public void SetCredentials(string userId, string password)
        {
            using (var l = Lease())
                Check(l.Ptr, Native.ofx_client_set_credentials(l.Ptr, Utf8.Bytes(userId), Utf8.Bytes(password)));
        }

        /// <summary>Trusts these PEM CA certificates beside the system store.</summary>
        public void AddCaPem(string pem)
        {
            var b = Encoding.UTF8.GetBytes(pem);
            using (var l = Lease())
                Check(l.Ptr, Native.ofx_client_add_ca_pem(l.Ptr, b, new UIntPtr((ulong)b.Length)));
        }

        /// <summary>Sets the client certificate (a PKCS#12 archive and its password); null removes it.</summary>
        public void SetClientCertificate(byte[] pkcs12, string password)
        {
            using (var l = Lease())
                Check(l.Ptr, Native.ofx_client_set_client_cert(l.Ptr, pkcs12,
                    new UIntPtr((ulong)(pkcs12 == null ? 0 : pkcs12.Length)), Utf8.Bytes(password)));
        }

        // ---------- callbacks ----------

        /// <summary>Connection status changes (null removes the callback).</summary>
        public void SetConnectionCallback(Action<ConnectionEvent> callback)
        {
            IntPtr cb, ud, free;
            using (var l = Lease())
            {
                Callbacks.Triple(callback, Callbacks.ConnPtr, out cb, out ud, out free);
                Check(l.Ptr, Native.ofx_client_set_connection_callback(l.Ptr, cb, ud, free));
            }
        }

        /// <summary>
        /// TLS events, and the server-certificate decision (<see cref="TlsEventKind.ServerCertificate"/>:
        /// return Accept, Reject or KeepLibraryVerdict; the value is ignored for status events). A callback
        /// that throws rejects the certificate. Null removes the callback.
        /// </summary>
        public void SetTlsCallback(Func<TlsEvent, TlsDecision> callback)
        {
            IntPtr cb, ud, free;
            using (var l = Lease())
            {
                Callbacks.Triple(callback, Callbacks.TlsPtr, out cb, out ud, out free);
                Check(l.Ptr, Native.ofx_client_set_tls_callback(l.Ptr, cb, ud, free));
            }
        }

        /// <summary>Called once per failed exchange with the code the call fails with (null removes it).</summary>
        public void SetErrorCallback(Action<ErrorEvent> callback)
        {
            IntPtr cb, ud, free;
            using (var l = Lease())
            {
                Callbacks.Triple(callback, Callbacks.ErrPtr, out cb, out ud, out free);
                Check(l.Ptr, Native.ofx_client_set_error_callback(l.Ptr, cb, ud, free));
            }
        }

        // ---------- running calls ----------

        /// <summary>Runs a call that may run callbacks and hands out a response.</summary>
        private OfxResponse RunResponse(OutCall call)
        {
            using (var l = Lease())
            {
                IntPtr resp = IntPtr.Zero;
                uint rc;
                Exception thrown;
                Exception saved = Callbacks.Enter();
                try { rc = call(l.Ptr, out resp); }
                finally { thrown = Callbacks.Leave(saved); }
                if (thrown != null)
                {
                    if (rc == 0) Native.ofx_response_free(resp);
                    Callbacks.Rethrow(thrown);
                }
                Check(l.Ptr, rc);
                return new OfxResponse(resp);
            }
        }

        /// <summary>Runs a request constructor (no callbacks; the client is only read).</summary>
        private OfxRequest MakeRequest(OutCall call)
        {
            using (var l = Lease())
            {
                IntPtr req;
                uint rc = call(l.Ptr, out req);
                if (rc != 0) throw OfxException.Create((OfxResult)rc, Ofx.LastError());
                return new OfxRequest(req);
            }
        }

        // ---------- operations ----------

        /// <summary>Downloads the account list (since: accounts changed since then; null for all).</summary>
        public OfxResponse AccountInfo(DateTimeOffset? since = null)
        {
            var s = Utf8.Bytes(Values.IsoUtc(since));
            return RunResponse((IntPtr c, out IntPtr r) => Native.ofx_client_account_info(c, s, out r));
        }

        /// <summary>Downloads a statement (bank, credit card, investment or loan).</summary>
        public OfxResponse Statement(StatementRequest request)
        {
            if (request == null) throw new ArgumentNullException("request");
            using (var pool = new Utf8Pool())
            {
                var rq = request.ToNative(pool);
                return RunResponse((IntPtr c, out IntPtr r) => Native.ofx_client_statement(c, ref rq, out r));
            }
        }

        /// <summary>Downloads closing information for the account and period of <paramref name="request"/>.</summary>
        public OfxResponse Closing(StatementRequest request)
        {
            if (request == null) throw new ArgumentNullException("request");
            using (var pool = new Utf8Pool())
            {
                var rq = request.ToNative(pool);
                return RunResponse((IntPtr c, out IntPtr r) => Native.ofx_client_closing(c, ref rq, out r));
            }
        }

        /// <summary>Downloads the FI profile (since: only a newer one; null for the whole profile).</summary>
        public OfxResponse Profile(DateTimeOffset? since = null)
        {
            var s = Utf8.Bytes(Values.IsoUtc(since));
            return RunResponse((IntPtr c, out IntPtr r) => Native.ofx_client_profile(c, s, out r));
        }

        /// <summary>Asks for the MFA questions (read <see cref="OfxResponse.MfaQuestions"/>).</summary>
        public OfxResponse MfaChallenge()
        {
            return RunResponse((IntPtr c, out IntPtr r) => Native.ofx_client_mfa_challenge(c, out r));
        }

        /// <summary>Answers one MFA question; the answers go with the next signon.</summary>
        public void SetMfaAnswer(string phraseId, string answer)
        {
            using (var l = Lease())
                Check(l.Ptr, Native.ofx_client_set_mfa_answer(l.Ptr, Utf8.Bytes(phraseId), Utf8.Bytes(answer)));
        }

        /// <summary>Downloads a check or statement image (OFX 2.1.1) by IMAGEREF and IMAGEREFTYPE.</summary>
        public OfxImage GetImage(ImageRefType type, string imageRef)
        {
            using (var l = Lease())
            {
                IntPtr img = IntPtr.Zero;
                uint rc;
                Exception thrown;
                Exception saved = Callbacks.Enter();
                try { rc = Native.ofx_client_get_image(l.Ptr, (uint)type, Utf8.Bytes(imageRef), out img); }
                finally { thrown = Callbacks.Leave(saved); }
                if (thrown != null)
                {
                    if (rc == 0) Native.ofx_image_free(img);
                    Callbacks.Rethrow(thrown);
                }
                Check(l.Ptr, rc);
                return new OfxImage(img);
            }
        }

        /// <summary>Posts one request under the client's signon. OFX-level refusals are in the response (see <see cref="OfxResponse.Check"/>).</summary>
        public OfxResponse Post(OfxRequest request)
        {
            if (request == null) throw new ArgumentNullException("request");
            using (var rl = request.Lease())
            {
                IntPtr rp = rl.Ptr;
                return RunResponse((IntPtr c, out IntPtr r) => Native.ofx_client_post(c, rp, out r));
            }
        }

        /// <summary>The whole document this client would post for <paramref name="request"/> (secrets masked unless masked is false).</summary>
        public string RequestText(OfxRequest request, bool masked = true)
        {
            if (request == null) throw new ArgumentNullException("request");
            using (var l = Lease())
            using (var rl = request.Lease())
            {
                IntPtr s;
                Check(l.Ptr, Native.ofx_request_text(l.Ptr, rl.Ptr, masked ? 1 : 0, out s));
                return Utf8.TakeOwned(s);
            }
        }

        // ---------- request items ----------

        public OfxRequest RequestStatement(StatementRequest request)
        {
            using (var pool = new Utf8Pool())
            {
                var rq = request.ToNative(pool);
                return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_statement(c, ref rq, out r));
            }
        }

        public OfxRequest RequestClosing(StatementRequest request)
        {
            using (var pool = new Utf8Pool())
            {
                var rq = request.ToNative(pool);
                return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_closing(c, ref rq, out r));
            }
        }

        public OfxRequest RequestAccountInfo(DateTimeOffset? since = null)
        {
            var s = Utf8.Bytes(Values.IsoUtc(since));
            return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_account_info(c, s, out r));
        }

        public OfxRequest RequestProfile(DateTimeOffset? since = null)
        {
            var s = Utf8.Bytes(Values.IsoUtc(since));
            return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_profile(c, s, out r));
        }

        public OfxRequest RequestMfaChallenge()
        {
            return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_mfa_challenge(c, out r));
        }

        /// <summary>A new transfer (INTRARQ, or INTERRQ when <see cref="TransferSpec.ToBankId"/> names another bank).</summary>
        public OfxRequest RequestTransfer(TransferSpec spec)
        {
            using (var pool = new Utf8Pool())
            {
                var s = spec.ToNative(pool);
                return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_transfer(c, ref s, out r));
            }
        }

        public OfxRequest RequestTransferModify(string transferId, TransferSpec spec)
        {
            var id = Utf8.Bytes(transferId);
            using (var pool = new Utf8Pool())
            {
                var s = spec.ToNative(pool);
                return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_transfer_modify(c, id, ref s, out r));
            }
        }

        public OfxRequest RequestTransferCancel(string transferId, bool interbank = false)
        {
            var id = Utf8.Bytes(transferId);
            return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_transfer_cancel(c, id, interbank ? 1 : 0, out r));
        }

        /// <summary>A transfer sync as a request item (for batches; <see cref="SyncTransfers"/> runs one with a callback).</summary>
        public OfxRequest RequestTransferSync(SyncSpec spec)
        {
            using (var pool = new Utf8Pool())
            {
                var s = spec.ToNative(pool);
                return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_transfer_sync(c, ref s, out r));
            }
        }

        public OfxRequest RequestPayment(PaymentSpec spec)
        {
            using (var pool = new Utf8Pool())
            {
                var s = spec.ToNative(pool);
                return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_payment(c, ref s, out r));
            }
        }

        public OfxRequest RequestPaymentModify(string paymentId, PaymentSpec spec)
        {
            var id = Utf8.Bytes(paymentId);
            using (var pool = new Utf8Pool())
            {
                var s = spec.ToNative(pool);
                return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_payment_modify(c, id, ref s, out r));
            }
        }

        public OfxRequest RequestPaymentCancel(string paymentId)
        {
            var id = Utf8.Bytes(paymentId);
            return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_payment_cancel(c, id, out r));
        }

        public OfxRequest RequestPaymentStatus(string paymentId)
        {
            var id = Utf8.Bytes(paymentId);
            return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_payment_status(c, id, out r));
        }

        public OfxRequest RequestPayeeAdd(PaymentSpec spec)
        {
            using (var pool = new Utf8Pool())
            {
                var s = spec.ToNative(pool);
                return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_payee_add(c, ref s, out r));
            }
        }

        public OfxRequest RequestPayeeModify(string payeeListId, PaymentSpec spec)
        {
            var id = Utf8.Bytes(payeeListId);
            using (var pool = new Utf8Pool())
            {
                var s = spec.ToNative(pool);
                return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_payee_modify(c, id, ref s, out r));
            }
        }

        public OfxRequest RequestPayeeDelete(string payeeListId)
        {
            var id = Utf8.Bytes(payeeListId);
            return MakeRequest((IntPtr c, out IntPtr r) => Native.ofx_request_payee_delete(c, id, out r));
        }

        // ---------- syncs ----------

        private delegate uint SyncCall(IntPtr client, ref ofx_sync_spec spec, IntPtr cb, IntPtr ud,
                                       out IntPtr token, out int lost, out IntPtr resp);

        private SyncResult RunSync(SyncSpec spec, Func<MoneyRecord, bool> onRecord, SyncCall call)
        {
            if (spec == null) throw new ArgumentNullException("spec");
            using (var l = Lease())
            using (var pool = new Utf8Pool())
            {
                var s = spec.ToNative(pool);
                IntPtr ud = IntPtr.Zero;
                IntPtr token = IntPtr.Zero, resp = IntPtr.Zero;
                int lost = 0;
                uint rc;
                Exception thrown;
                Exception saved = Callbacks.Enter();
                var gch = onRecord == null ? default(System.Runtime.InteropServices.GCHandle)
                                           : System.Runtime.InteropServices.GCHandle.Alloc(onRecord);
                try
                {
                    if (onRecord != null) ud = System.Runtime.InteropServices.GCHandle.ToIntPtr(gch);
                    rc = call(l.Ptr, ref s, onRecord == null ? IntPtr.Zero : Callbacks.SyncPtr, ud, out token, out lost, out resp);
                }
                finally
                {
                    thrown = Callbacks.Leave(saved);
                    if (gch.IsAllocated) gch.Free(); // the record callback's userdata lives for the call only
                }
                if (thrown != null)
                {
                    if (rc == 0) { Native.ofx_string_free(token); Native.ofx_response_free(resp); }
                    Callbacks.Rethrow(thrown);
                }
                Check(l.Ptr, rc);
                return new SyncResult { NewToken = Utf8.TakeOwned(token), LostSync = lost != 0, Response = new OfxResponse(resp) };
            }
        }

        /// <summary>
        /// Synchronizes the transfers of an account (SynchronizeTransfers). <paramref name="onRecord"/>
        /// (may be null) sees each transfer in the server's order; return true to go on, false to stop
        /// (the sync then fails with <see cref="OfxCallbackStoppedException"/> and hands out no token).
        /// </summary>
        public SyncResult SyncTransfers(SyncSpec spec, Func<MoneyRecord, bool> onRecord = null)
        {
            return RunSync(spec, onRecord, Native.ofx_client_sync_transfers);
        }

        /// <summary>As <see cref="SyncTransfers(SyncSpec, Func{MoneyRecord, bool})"/>, the callback always going on.</summary>
        public SyncResult SyncTransfers(SyncSpec spec, Action<MoneyRecord> onRecord)
        {
            return SyncTransfers(spec, Always(onRecord));
        }

        /// <summary>Synchronizes the payments of a bank account (SynchronizePayments).</summary>
        public SyncResult SyncPayments(SyncSpec spec, Func<MoneyRecord, bool> onRecord = null)
        {
            return RunSync(spec, onRecord, Native.ofx_client_sync_payments);
        }

        public SyncResult SyncPayments(SyncSpec spec, Action<MoneyRecord> onRecord)
        {
            return SyncPayments(spec, Always(onRecord));
        }

        /// <summary>Synchronizes the payee list (SynchronizePayees; the account fields are not used).</summary>
        public SyncResult SyncPayees(SyncSpec spec, Func<MoneyRecord, bool> onRecord = null)
        {
            return RunSync(spec, onRecord, Native.ofx_client_sync_payees);
        }

        public SyncResult SyncPayees(SyncSpec spec, Action<MoneyRecord> onRecord)
        {
            return SyncPayees(spec, Always(onRecord));
        }

        private static Func<MoneyRecord, bool> Always(Action<MoneyRecord> a)
        {
            if (a == null) return null;
            return r => { a(r); return true; };
        }

        // ---------- batches ----------

        /// <summary>A new empty batch for this client (<see cref="OfxBatch"/>).</summary>
        public OfxBatch NewBatch() { return new OfxBatch(this); }
    }
}
