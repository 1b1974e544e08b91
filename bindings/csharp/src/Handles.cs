// SafeHandle subclasses for every native handle (ReleaseHandle calls the matching free function;
// the SafeHandle's critical finalizer is the safety net when Dispose is forgotten), and the lease
// that keeps a handle alive and un-freed for the duration of one native call.
using System;
using System.Runtime.InteropServices;

namespace Ofxkit
{
    internal abstract class OfxSafeHandle : SafeHandle
    {
        protected OfxSafeHandle(IntPtr p) : base(IntPtr.Zero, true) { SetHandle(p); }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
    }

    internal sealed class ClientHandle : OfxSafeHandle
    {
        internal ClientHandle(IntPtr p) : base(p) { }
        protected override bool ReleaseHandle() { Native.ofx_client_free(handle); return true; }
    }

    internal sealed class BatchHandle : OfxSafeHandle
    {
        internal BatchHandle(IntPtr p) : base(p) { }
        protected override bool ReleaseHandle() { Native.ofx_batch_free(handle); return true; }
    }

    internal sealed class ResponseHandle : OfxSafeHandle
    {
        internal ResponseHandle(IntPtr p) : base(p) { }
        protected override bool ReleaseHandle() { Native.ofx_response_free(handle); return true; }
    }

    internal sealed class RequestHandle : OfxSafeHandle
    {
        internal RequestHandle(IntPtr p) : base(p) { }
        protected override bool ReleaseHandle() { Native.ofx_request_free(handle); return true; }
    }

    internal sealed class ImageHandle : OfxSafeHandle
    {
        internal ImageHandle(IntPtr p) : base(p) { }
        protected override bool ReleaseHandle() { Native.ofx_image_free(handle); return true; }
    }

    /// <summary>
    /// Holds a reference on a SafeHandle for one native call (so a concurrent Dispose or the
    /// finalizer cannot free it mid-call) and hands out the raw pointer. A closed handle gives an
    /// ObjectDisposedException that names the object.
    /// </summary>
    internal struct Lease : IDisposable
    {
        private readonly SafeHandle owner;
        private bool added;
        internal readonly IntPtr Ptr;

        internal Lease(SafeHandle h, IntPtr ptr, string what)
        {
            owner = h;
            added = false;
            Ptr = ptr;
            if (h == null || h.IsClosed || h.IsInvalid)
                throw Closed(what);
            try { h.DangerousAddRef(ref added); }
            catch (ObjectDisposedException) { throw Closed(what); }
        }

        internal static Lease Of(SafeHandle h, string what)
        {
            if (h == null || h.IsClosed || h.IsInvalid) throw Closed(what);
            return new Lease(h, h.DangerousGetHandle(), what);
        }

        internal static ObjectDisposedException Closed(string what)
        {
            return new ObjectDisposedException(what,
                "this " + what + " was closed (Dispose) and cannot be used any more");
        }

        public void Dispose()
        {
            if (added) { added = false; owner.DangerousRelease(); }
        }
    }
}
