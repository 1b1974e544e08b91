// A batch: requests of one client under one signon in one post (ofx_batch).
using System;
using System.Collections.Generic;

namespace Ofxkit
{
    /// <summary>
    /// Requests of one client sent under one signon, in one HTTPS post (<c>ofx_batch</c>). The batch
    /// copies the client's FI, credentials, settings and callbacks when made. Responses of items
    /// (<see cref="ItemResponse"/>) are borrowed from the batch: they become unusable (an
    /// ObjectDisposedException) once the batch is posted again, cleared, an item is added or set, or
    /// the batch is disposed.
    /// </summary>
    public sealed class OfxBatch : IDisposable
    {
        private readonly BatchHandle h;
        private int generation;

        /// <summary>An empty batch for <paramref name="client"/>.</summary>
        public OfxBatch(OfxClient client)
        {
            if (client == null) throw new ArgumentNullException("client");
            using (var l = client.Lease())
            {
                IntPtr p;
                uint rc = Native.ofx_batch_new(l.Ptr, out p);
                if (rc != 0) throw OfxException.Create((OfxResult)rc, Ofx.LastError());
                h = new BatchHandle(p);
            }
        }

        private OfxBatch(IntPtr p) { h = new BatchHandle(p); }

        /// <summary>Reads a batch's answer from a file (as written by <see cref="WriteFile"/>, or any OFX answer); the batch belongs to <paramref name="client"/>.</summary>
        public static OfxBatch ReadFile(OfxClient client, string path)
        {
            if (client == null) throw new ArgumentNullException("client");
            using (var l = client.Lease())
            {
                IntPtr p;
                uint rc = Native.ofx_batch_read_file(l.Ptr, Utf8.Bytes(path), out p);
                if (rc != 0) throw OfxException.Create((OfxResult)rc, Ofx.LastError());
                return new OfxBatch(p);
            }
        }

        internal Lease Lease() { return Ofxkit.Lease.Of(h, "OfxBatch"); }

        public bool IsClosed { get { return h.IsClosed; } }

        public void Dispose()
        {
            generation++;
            h.Dispose();
        }

        internal bool IsCurrent(int gen) { return !h.IsClosed && gen == generation; }

        internal Lease LeaseBorrowed(IntPtr resp, int gen)
        {
            if (gen != generation || h.IsClosed)
                throw new ObjectDisposedException("OfxResponse",
                    "this OfxResponse was borrowed from an OfxBatch that has since been posted again, cleared, changed or closed");
            return new Lease(h, resp, "OfxBatch");
        }

        private void Check(IntPtr b, uint rc)
        {
            if (rc == 0) return;
            string msg = Utf8.FromPtr(Native.ofx_batch_errmsg(b));
            if (string.IsNullOrEmpty(msg)) msg = Ofx.LastError();
            throw OfxException.Create((OfxResult)rc, msg);
        }

        /// <summary>The message of the batch's last failed call ("" after a success).</summary>
        public string ErrorMessage { get { using (var l = Lease()) return Utf8.FromPtr(Native.ofx_batch_errmsg(l.Ptr)); } }

        /// <summary>Appends a copy of <paramref name="request"/> (made for this batch's client); returns its index.</summary>
        public int Add(OfxRequest request)
        {
            if (request == null) throw new ArgumentNullException("request");
            using (var l = Lease())
            using (var rl = request.Lease())
            {
                UIntPtr idx;
                generation++;
                Check(l.Ptr, Native.ofx_batch_add_item(l.Ptr, rl.Ptr, out idx));
                return Values.Count(idx);
            }
        }

        /// <summary>Replaces item <paramref name="index"/> (or appends when index equals the count).</summary>
        public void Set(int index, OfxRequest request)
        {
            if (request == null) throw new ArgumentNullException("request");
            using (var l = Lease())
            using (var rl = request.Lease())
            {
                generation++;
                Check(l.Ptr, Native.ofx_batch_set_item(l.Ptr, (UIntPtr)index, rl.Ptr));
            }
        }

        public int Count { get { using (var l = Lease()) return Values.Count(Native.ofx_batch_item_count(l.Ptr)); } }

        /// <summary>Removes every item.</summary>
        public void Clear()
        {
            using (var l = Lease())
            {
                generation++;
                Check(l.Ptr, Native.ofx_batch_clear(l.Ptr));
            }
        }

        /// <summary>
        /// Posts every item in one document under one signon. Returns when the server answered (read each
        /// item with <see cref="ItemResponse"/> / <see cref="ItemError"/>); throws on a transport or request
        /// error (every item then carries it), or rethrows what a callback threw.
        /// </summary>
        public void Post()
        {
            using (var l = Lease())
            {
                generation++;
                uint rc;
                Exception thrown;
                Exception saved = Callbacks.Enter();
                try { rc = Native.ofx_batch_post(l.Ptr); }
                finally { thrown = Callbacks.Leave(saved); }
                if (thrown != null) Callbacks.Rethrow(thrown);
                Check(l.Ptr, rc);
            }
        }

        /// <summary>The whole document the batch would post (secrets masked unless masked is false).</summary>
        public string RequestText(bool masked = true)
        {
            using (var l = Lease())
            {
                IntPtr s;
                Check(l.Ptr, Native.ofx_batch_request_text(l.Ptr, masked ? 1 : 0, out s));
                return Utf8.TakeOwned(s);
            }
        }

        public RequestKind ItemKind(int index)
        {
            using (var l = Lease()) return (RequestKind)Native.ofx_batch_item_request_type(l.Ptr, (UIntPtr)index);
        }

        /// <summary>Item <paramref name="index"/>'s TRNUID; null when out of range.</summary>
        public string ItemUid(int index)
        {
            using (var l = Lease()) return Utf8.FromPtr(Native.ofx_batch_item_uid(l.Ptr, (UIntPtr)index));
        }

        /// <summary>Item <paramref name="index"/>'s own …TRNRQ text.</summary>
        public string ItemRequestText(int index)
        {
            using (var l = Lease())
            {
                IntPtr s;
                Check(l.Ptr, Native.ofx_batch_item_request_text(l.Ptr, (UIntPtr)index, out s));
                return Utf8.TakeOwned(s);
            }
        }

        /// <summary>Item <paramref name="index"/>'s outcome: Ok when answered, NotAnswered, SignonFailed, NotPosted, the post's error, NotFound.</summary>
        public OfxResult ItemError(int index)
        {
            using (var l = Lease()) return (OfxResult)Native.ofx_batch_item_error(l.Ptr, (UIntPtr)index);
        }

        /// <summary>The message of item <paramref name="index"/>'s error ("" when answered; null out of range).</summary>
        public string ItemErrorMessage(int index)
        {
            using (var l = Lease()) return Utf8.FromPtr(Native.ofx_batch_item_error_message(l.Ptr, (UIntPtr)index));
        }

        /// <summary>
        /// Item <paramref name="index"/>'s answer (signon + its transaction response), borrowed from the
        /// batch. Throws the item's error (e.g. <see cref="OfxResult.NotAnswered"/>) when it has none.
        /// </summary>
        public OfxResponse ItemResponse(int index)
        {
            using (var l = Lease())
            {
                IntPtr r;
                uint rc = Native.ofx_batch_item_response(l.Ptr, (UIntPtr)index, out r);
                if (rc != 0)
                {
                    var err = Native.ofx_batch_item_error(l.Ptr, (UIntPtr)index);
                    string msg = Utf8.FromPtr(Native.ofx_batch_item_error_message(l.Ptr, (UIntPtr)index));
                    if (err != 0 && err != (uint)OfxResult.NotFound)
                        throw OfxException.Create((OfxResult)err, msg);
                    throw OfxException.Create((OfxResult)rc, Ofx.LastError());
                }
                return new OfxResponse(this, r, generation);
            }
        }

        /// <summary>Every item's answer (null for an item without one).</summary>
        public IReadOnlyList<OfxResponse> Responses
        {
            get
            {
                int n = Count;
                var list = new List<OfxResponse>(n);
                for (int i = 0; i < n; i++)
                    list.Add(ItemError(i) == OfxResult.Ok ? ItemResponse(i) : null);
                return list;
            }
        }

        /// <summary>Writes the last post's whole answer to a file.</summary>
        public void WriteFile(string path)
        {
            using (var l = Lease()) Check(l.Ptr, Native.ofx_batch_write_file(l.Ptr, Utf8.Bytes(path)));
        }

        // ---------- callbacks (this batch only; replacing those copied from the client) ----------

        public void SetConnectionCallback(Action<ConnectionEvent> callback)
        {
            IntPtr cb, ud, free;
            using (var l = Lease())
            {
                Callbacks.Triple(callback, Callbacks.ConnPtr, out cb, out ud, out free);
                Check(l.Ptr, Native.ofx_batch_set_connection_callback(l.Ptr, cb, ud, free));
            }
        }

        public void SetTlsCallback(Func<TlsEvent, TlsDecision> callback)
        {
            IntPtr cb, ud, free;
            using (var l = Lease())
            {
                Callbacks.Triple(callback, Callbacks.TlsPtr, out cb, out ud, out free);
                Check(l.Ptr, Native.ofx_batch_set_tls_callback(l.Ptr, cb, ud, free));
            }
        }

        public void SetErrorCallback(Action<ErrorEvent> callback)
        {
            IntPtr cb, ud, free;
            using (var l = Lease())
            {
                Callbacks.Triple(callback, Callbacks.ErrPtr, out cb, out ud, out free);
                Check(l.Ptr, Native.ofx_batch_set_error_callback(l.Ptr, cb, ud, free));
            }
        }
    }
}
