// Explicit UTF-8 marshalling (never the platform's ANSI default) and value conversions.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Ofxkit
{
    internal static class Utf8
    {
        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        /// <summary>A NUL-terminated UTF-8 copy of <paramref name="s"/>; null for null.</summary>
        internal static byte[] Bytes(string s)
        {
            if (s == null) return null;
            if (s.IndexOf('\0') >= 0)
                throw new ArgumentException("strings passed to ofxkit must not contain NUL characters");
            int n = Strict.GetByteCount(s);
            var b = new byte[n + 1];
            Strict.GetBytes(s, 0, s.Length, b, 0);
            return b;
        }

        /// <summary>Copies a borrowed NUL-terminated UTF-8 string; null for NULL.</summary>
        internal static unsafe string FromPtr(IntPtr p)
        {
            if (p == IntPtr.Zero) return null;
            byte* b = (byte*)p;
            int n = 0;
            while (b[n] != 0) n++;
            return n == 0 ? "" : Encoding.UTF8.GetString(b, n);
        }

        /// <summary>Copies and frees a string that ofxkit allocated (ofx_string_free).</summary>
        internal static string TakeOwned(IntPtr p)
        {
            if (p == IntPtr.Zero) return null;
            try { return FromPtr(p); }
            finally { Native.ofx_string_free(p); }
        }

        internal static byte[] CopyBytes(IntPtr p, UIntPtr len)
        {
            if (p == IntPtr.Zero) return null;
            var n = checked((int)len.ToUInt64());
            var b = new byte[n];
            if (n > 0) Marshal.Copy(p, b, 0, n);
            return b;
        }
    }

    /// <summary>Unmanaged UTF-8 copies of strings for struct fields, freed together on Dispose.</summary>
    internal sealed class Utf8Pool : IDisposable
    {
        private readonly List<IntPtr> blocks = new List<IntPtr>();

        internal IntPtr Add(string s)
        {
            var b = Utf8.Bytes(s);
            if (b == null) return IntPtr.Zero;
            IntPtr p = Marshal.AllocHGlobal(b.Length);
            blocks.Add(p);
            Marshal.Copy(b, 0, p, b.Length);
            return p;
        }

        public void Dispose()
        {
            foreach (var p in blocks) Marshal.FreeHGlobal(p);
            blocks.Clear();
        }
    }

    /// <summary>Conversions of the library's exact decimal strings and ISO 8601 dates.</summary>
    internal static class Values
    {
        private static readonly string[] DateFormats =
        {
            "yyyy-MM-dd",
            "yyyy-MM-ddTHH:mm:ssK",
            "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
            "yyyy-MM-ddTHH:mmK",
            "yyyy-MM-ddTHH:mm:ss",
            "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        };

        /// <summary>An exact decimal ("-42.17", "8.95000" keeps its scale); null for NULL or "".</summary>
        internal static decimal? Dec(IntPtr p)
        {
            return Dec(Utf8.FromPtr(p));
        }

        internal static decimal? Dec(string s)
        {
            if (string.IsNullOrEmpty(s)) return null;
            decimal d;
            if (decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                                 CultureInfo.InvariantCulture, out d))
                return d;
            return null;
        }

        /// <summary>An ISO 8601 date or date-time from the library (UTC when no zone is given).</summary>
        internal static DateTimeOffset? Date(IntPtr p)
        {
            return Date(Utf8.FromPtr(p));
        }

        internal static DateTimeOffset? Date(string s)
        {
            if (string.IsNullOrEmpty(s)) return null;
            DateTimeOffset d;
            if (DateTimeOffset.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture,
                                             DateTimeStyles.AssumeUniversal, out d))
                return d;
            if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out d))
                return d;
            return null;
        }

        /// <summary>A date for a request: "YYYY-MM-DDTHH:MM:SSZ" in UTC.</summary>
        internal static string IsoUtc(DateTimeOffset? d)
        {
            if (d == null) return null;
            return d.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        internal static string Amount(decimal d)
        {
            return d.ToString(CultureInfo.InvariantCulture);
        }

        internal static int Count(UIntPtr n)
        {
            return checked((int)n.ToUInt64());
        }
    }
}
