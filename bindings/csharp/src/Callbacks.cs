// Callbacks: the static trampolines that C calls, the GCHandle userdata that keeps the host's
// delegate alive while the native side may call it (freed by userdata_free), and the per-thread
// slot where a host exception caught in a trampoline waits to be rethrown after the native call.
using System;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Ofxkit
{
    /// <summary>Connection states (<c>OFX_CONN_*</c>).</summary>
    public enum ConnectionState : uint
    {
        Resolving = 1, Connecting = 2, Connected = 3, TlsDone = 4, RequestSent = 5, ResponseReceived = 6, Closed = 7,
    }

    /// <summary>TLS event kinds (<c>OFX_TLS_*</c>).</summary>
    public enum TlsEventKind : uint
    {
        HandshakeStarted = 1, CertificateTrusted = 2, CertificateUntrusted = 3, AcceptedByCallback = 4,
        RejectedByCallback = 5, HandshakeDone = 6, ClientCertificateSent = 7, ServerCertificate = 100,
    }

    /// <summary>The TLS callback's answer to <see cref="TlsEventKind.ServerCertificate"/> (ignored for status events).</summary>
    public enum TlsDecision
    {
        /// <summary>Accept the certificate (returns 0 to the library).</summary>
        Accept = 0,
        /// <summary>Reject it (negative). Also what a TLS callback that throws answers.</summary>
        Reject = -1,
        /// <summary>Keep the library's own verdict (positive).</summary>
        KeepLibraryVerdict = 1,
    }

    /// <summary>A connection status change (copied out of the native event).</summary>
    public sealed class ConnectionEvent
    {
        public ConnectionState State { get; internal set; }
        /// <summary>Stable lower-case name: "resolving", "connecting", ...</summary>
        public string StateName { get; internal set; }
        public string Host { get; internal set; }
        public int Port { get; internal set; }
        public string Detail { get; internal set; }
        public override string ToString() { return StateName + " " + Host + ":" + Port + " " + Detail; }
    }

    /// <summary>A TLS event (copied). Certificate fields are set only for <see cref="TlsEventKind.ServerCertificate"/>.</summary>
    public sealed class TlsEvent
    {
        public TlsEventKind Kind { get; internal set; }
        public string Host { get; internal set; }
        public int Port { get; internal set; }
        public string Detail { get; internal set; }
        /// <summary>The leaf certificate, DER (null for status events).</summary>
        public byte[] CertificateDer { get; internal set; }
        public string CertificatePem { get; internal set; }
        /// <summary>Subject distinguished name (RFC 4514).</summary>
        public string Subject { get; internal set; }
        public string Issuer { get; internal set; }
        /// <summary>The library's verdict: the chain verified for this host.</summary>
        public bool Trusted { get; internal set; }
        /// <summary>Why not trusted ("" when trusted).</summary>
        public string Reason { get; internal set; }
        public bool IsServerCertificate { get { return Kind == TlsEventKind.ServerCertificate; } }
    }

    /// <summary>An error event: the code the call will fail with and a message.</summary>
    public sealed class ErrorEvent
    {
        public OfxResult Code { get; internal set; }
        public string Name { get { return OfxException.NameOf(Code); } }
        public string Message { get; internal set; }
    }

    internal static class Callbacks
    {
        // ---- the pending host exception of the current thread ----
        [ThreadStatic] private static Exception pending;

        /// <summary>Before a native call that may run callbacks: clears the slot, returns the saved value (nesting-safe).</summary>
        internal static Exception Enter() { var s = pending; pending = null; return s; }

        /// <summary>After the call: returns what a callback threw (the first), restores the saved value.</summary>
        internal static Exception Leave(Exception saved) { var e = pending; pending = saved; return e; }

        internal static void Record(Exception e) { if (pending == null) pending = e; }

        internal static void Rethrow(Exception e) { ExceptionDispatchInfo.Capture(e).Throw(); }

        // ---- userdata ----
        private static int live;

        /// <summary>Registrations whose userdata_free has not run yet (a diagnostic).</summary>
        internal static int Live { get { return Volatile.Read(ref live); } }

        internal static IntPtr Register(object target)
        {
            var h = GCHandle.Alloc(target);
            Interlocked.Increment(ref live);
            return GCHandle.ToIntPtr(h);
        }

        private static void FreeUserdata(IntPtr ud)
        {
            try
            {
                if (ud == IntPtr.Zero) return;
                GCHandle.FromIntPtr(ud).Free();
                Interlocked.Decrement(ref live);
            }
            catch (Exception) { /* never unwind into C */ }
        }

        private static object Target(IntPtr ud) { return GCHandle.FromIntPtr(ud).Target; }

        // ---- trampolines (static delegates: alive for the whole process) ----
        private static readonly NativeUserdataFree FreeDelegate = FreeUserdata;
        private static readonly NativeConnectionCallback ConnDelegate = OnConnection;
        private static readonly NativeTlsCallback TlsDelegate = OnTls;
        private static readonly NativeErrorCallback ErrDelegate = OnError;
        private static readonly NativeSyncRecordCallback SyncDelegate = OnSyncRecord;

        internal static readonly IntPtr FreePtr = Marshal.GetFunctionPointerForDelegate(FreeDelegate);
        internal static readonly IntPtr ConnPtr = Marshal.GetFunctionPointerForDelegate(ConnDelegate);
        internal static readonly IntPtr TlsPtr = Marshal.GetFunctionPointerForDelegate(TlsDelegate);
        internal static readonly IntPtr ErrPtr = Marshal.GetFunctionPointerForDelegate(ErrDelegate);
        internal static readonly IntPtr SyncPtr = Marshal.GetFunctionPointerForDelegate(SyncDelegate);

        private static void OnConnection(IntPtr ud, IntPtr evp)
        {
            try
            {
                var ev = (ofx_connection_event)Marshal.PtrToStructure(evp, typeof(ofx_connection_event));
                var e = new ConnectionEvent
                {
                    State = (ConnectionState)ev.state,
                    StateName = Utf8.FromPtr(ev.state_name),
                    Host = Utf8.FromPtr(ev.host),
                    Port = ev.port,
                    Detail = Utf8.FromPtr(ev.detail),
                };
                ((Action<ConnectionEvent>)Target(ud))(e);
            }
            catch (Exception ex) { Record(ex); }
        }

        private static int OnTls(IntPtr ud, IntPtr evp)
        {
            try
            {
                var ev = (ofx_tls_event)Marshal.PtrToStructure(evp, typeof(ofx_tls_event));
                var e = new TlsEvent
                {
                    Kind = (TlsEventKind)ev.kind,
                    Host = Utf8.FromPtr(ev.host),
                    Port = ev.port,
                    Detail = Utf8.FromPtr(ev.detail),
                    CertificateDer = Utf8.CopyBytes(ev.cert_der, ev.cert_der_len),
                    CertificatePem = Utf8.FromPtr(ev.cert_pem),
                    Subject = Utf8.FromPtr(ev.subject),
                    Issuer = Utf8.FromPtr(ev.issuer),
                    Trusted = ev.trusted != 0,
                    Reason = Utf8.FromPtr(ev.reason),
                };
                return (int)((Func<TlsEvent, TlsDecision>)Target(ud))(e);
            }
            catch (Exception ex)
            {
                Record(ex);
                return (int)TlsDecision.Reject;
            }
        }

        private static void OnError(IntPtr ud, IntPtr evp)
        {
            try
            {
                var ev = (ofx_error_event)Marshal.PtrToStructure(evp, typeof(ofx_error_event));
                var e = new ErrorEvent { Code = (OfxResult)ev.code, Message = Utf8.FromPtr(ev.message) };
                ((Action<ErrorEvent>)Target(ud))(e);
            }
            catch (Exception ex) { Record(ex); }
        }

        private static int OnSyncRecord(IntPtr ud, IntPtr recp)
        {
            try
            {
                var rec = (ofx_money_record)Marshal.PtrToStructure(recp, typeof(ofx_money_record));
                bool goOn = ((Func<MoneyRecord, bool>)Target(ud))(MoneyRecord.From(ref rec));
                return goOn ? 0 : 1;
            }
            catch (Exception ex)
            {
                Record(ex);
                return 1; // stop the sync: nothing is handed out, the exception is rethrown
            }
        }

        /// <summary>The (cb, userdata, userdata_free) triple for a registration; all zero for null (removal).</summary>
        internal static void Triple(Delegate d, IntPtr trampoline, out IntPtr cb, out IntPtr ud, out IntPtr free)
        {
            if (d == null) { cb = IntPtr.Zero; ud = IntPtr.Zero; free = IntPtr.Zero; return; }
            cb = trampoline;
            ud = Register(d);
            free = FreePtr;
        }
    }
}
