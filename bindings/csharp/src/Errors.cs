// Result codes and the exceptions that carry them.
using System;
using System.Collections.Generic;

namespace Ofxkit
{
    /// <summary>The C API's <c>ofx_result</c> codes (fixed values, never renumbered).</summary>
    public enum OfxResult : uint
    {
        Ok = 0,
        InvalidArgument = 1,
        NullPointer = 2,
        Panic = 3,
        InvalidUtf8 = 4,
        NotFound = 5,
        Io = 6,
        NotOfx = 100,
        NoContent = 101,
        StrictViolation = 102,
        TooLarge = 103,
        UnsupportedVersion = 104,
        Config = 200,
        Request = 201,
        InvalidUrl = 202,
        Dns = 203,
        Connect = 204,
        Timeout = 205,
        Tls = 206,
        Certificate = 207,
        Reset = 208,
        HttpStatus = 209,
        EmptyBody = 210,
        ResponseTooLarge = 211,
        Proxy = 212,
        Network = 213,
        BadResponse = 214,
        Truncated = 215,
        NotAnswered = 216,
        SignonFailed = 217,
        NotPosted = 218,
        Refused = 219,
        CallbackStopped = 220,
    }

    /// <summary>
    /// A failed ofxkit call: <see cref="Code"/> is the <c>ofx_result</c>, <see cref="Name"/> its C name
    /// ("OFX_RESULT_DNS"), <see cref="Exception.Message"/> the library's message for that call.
    /// Subclasses exist for the common codes; catch <c>OfxException</c> for all of them.
    /// </summary>
    public class OfxException : Exception
    {
        private static readonly Dictionary<uint, string> Names = new Dictionary<uint, string>
        {
            {0, "OFX_RESULT_OK"}, {1, "OFX_RESULT_INVALID_ARGUMENT"}, {2, "OFX_RESULT_NULL_POINTER"},
            {3, "OFX_RESULT_PANIC"}, {4, "OFX_RESULT_INVALID_UTF8"}, {5, "OFX_RESULT_NOT_FOUND"},
            {6, "OFX_RESULT_IO"}, {100, "OFX_RESULT_NOT_OFX"}, {101, "OFX_RESULT_NO_CONTENT"},
            {102, "OFX_RESULT_STRICT_VIOLATION"}, {103, "OFX_RESULT_TOO_LARGE"},
            {104, "OFX_RESULT_UNSUPPORTED_VERSION"}, {200, "OFX_RESULT_CONFIG"}, {201, "OFX_RESULT_REQUEST"},
            {202, "OFX_RESULT_INVALID_URL"}, {203, "OFX_RESULT_DNS"}, {204, "OFX_RESULT_CONNECT"},
            {205, "OFX_RESULT_TIMEOUT"}, {206, "OFX_RESULT_TLS"}, {207, "OFX_RESULT_CERTIFICATE"},
            {208, "OFX_RESULT_RESET"}, {209, "OFX_RESULT_HTTP_STATUS"}, {210, "OFX_RESULT_EMPTY_BODY"},
            {211, "OFX_RESULT_RESPONSE_TOO_LARGE"}, {212, "OFX_RESULT_PROXY"}, {213, "OFX_RESULT_NETWORK"},
            {214, "OFX_RESULT_BAD_RESPONSE"}, {215, "OFX_RESULT_TRUNCATED"}, {216, "OFX_RESULT_NOT_ANSWERED"},
            {217, "OFX_RESULT_SIGNON_FAILED"}, {218, "OFX_RESULT_NOT_POSTED"}, {219, "OFX_RESULT_REFUSED"},
            {220, "OFX_RESULT_CALLBACK_STOPPED"},
        };

        /// <summary>The result code.</summary>
        public OfxResult Code { get; private set; }

        /// <summary>The result code as a number (as the C API returns it).</summary>
        public uint NumericCode { get { return (uint)Code; } }

        /// <summary>The code's C name, e.g. "OFX_RESULT_DNS".</summary>
        public string Name { get { return NameOf(Code); } }

        /// <summary>The library's static description of the code (<c>ofx_result_str</c>).</summary>
        public string Description { get { return Ofx.ResultString(Code); } }

        public OfxException(OfxResult code, string message)
            : base(string.IsNullOrEmpty(message) ? Ofx.ResultString(code) : message)
        {
            Code = code;
        }

        public override string ToString()
        {
            return string.Format("{0} ({1} {2}): {3}", GetType().FullName, NumericCode, Name, Message)
                + (StackTrace != null ? Environment.NewLine + StackTrace : "");
        }

        /// <summary>The C name of a code ("OFX_RESULT_CERTIFICATE"); "OFX_RESULT_&lt;n&gt;" for codes newer than this binding.</summary>
        public static string NameOf(OfxResult code)
        {
            string n;
            return Names.TryGetValue((uint)code, out n) ? n : "OFX_RESULT_" + (uint)code;
        }

        /// <summary>The exception class for a code (subclass where one exists).</summary>
        public static OfxException Create(OfxResult code, string message)
        {
            switch (code)
            {
                case OfxResult.InvalidArgument: return new OfxInvalidArgumentException(code, message);
                case OfxResult.NotFound: return new OfxNotFoundException(code, message);
                case OfxResult.Io: return new OfxIoException(code, message);
                case OfxResult.NotOfx:
                case OfxResult.NoContent:
                case OfxResult.StrictViolation:
                case OfxResult.TooLarge:
                    return new OfxParseException(code, message);
                case OfxResult.Config:
                case OfxResult.InvalidUrl:
                    return new OfxConfigException(code, message);
                case OfxResult.Request: return new OfxRequestException(code, message);
                case OfxResult.Dns: return new OfxDnsException(code, message);
                case OfxResult.Connect: return new OfxConnectException(code, message);
                case OfxResult.Timeout: return new OfxTimeoutException(code, message);
                case OfxResult.Tls: return new OfxTlsException(code, message);
                case OfxResult.Certificate: return new OfxCertificateException(code, message);
                case OfxResult.HttpStatus: return new OfxHttpStatusException(code, message, 0, null);
                case OfxResult.Reset:
                case OfxResult.EmptyBody:
                case OfxResult.ResponseTooLarge:
                case OfxResult.Proxy:
                case OfxResult.Network:
                case OfxResult.BadResponse:
                case OfxResult.Truncated:
                    return new OfxTransportException(code, message);
                case OfxResult.Refused:
                case OfxResult.SignonFailed:
                    return new OfxRefusedException(code, message);
                case OfxResult.CallbackStopped: return new OfxCallbackStoppedException(code, message);
                default: return new OfxException(code, message);
            }
        }
    }

    /// <summary>OFX_RESULT_INVALID_ARGUMENT: a bad argument (account, amount, date, index, ...).</summary>
    public class OfxInvalidArgumentException : OfxException
    { public OfxInvalidArgumentException(OfxResult c, string m) : base(c, m) { } }

    /// <summary>OFX_RESULT_NOT_FOUND: no such item (index past the end, no such element).</summary>
    public class OfxNotFoundException : OfxException
    { public OfxNotFoundException(OfxResult c, string m) : base(c, m) { } }

    /// <summary>OFX_RESULT_IO: a file could not be read or written.</summary>
    public class OfxIoException : OfxException
    { public OfxIoException(OfxResult c, string m) : base(c, m) { } }

    /// <summary>Reading a document failed: NOT_OFX, NO_CONTENT, STRICT_VIOLATION, TOO_LARGE.</summary>
    public class OfxParseException : OfxException
    { public OfxParseException(OfxResult c, string m) : base(c, m) { } }

    /// <summary>A client setting is missing or invalid (CONFIG, INVALID_URL).</summary>
    public class OfxConfigException : OfxException
    { public OfxConfigException(OfxResult c, string m) : base(c, m) { } }

    /// <summary>OFX_RESULT_REQUEST: the request could not be written; nothing was sent.</summary>
    public class OfxRequestException : OfxException
    { public OfxRequestException(OfxResult c, string m) : base(c, m) { } }

    /// <summary>Talking to the FI failed (transport codes 203-215); subclasses for the common ones.</summary>
    public class OfxTransportException : OfxException
    { public OfxTransportException(OfxResult c, string m) : base(c, m) { } }

    /// <summary>OFX_RESULT_DNS: the host name did not resolve.</summary>
    public class OfxDnsException : OfxTransportException
    { public OfxDnsException(OfxResult c, string m) : base(c, m) { } }

    /// <summary>OFX_RESULT_CONNECT: the TCP connection could not be opened.</summary>
    public class OfxConnectException : OfxTransportException
    { public OfxConnectException(OfxResult c, string m) : base(c, m) { } }

    /// <summary>OFX_RESULT_TIMEOUT.</summary>
    public class OfxTimeoutException : OfxTransportException
    { public OfxTimeoutException(OfxResult c, string m) : base(c, m) { } }

    /// <summary>OFX_RESULT_TLS: the handshake failed.</summary>
    public class OfxTlsException : OfxTransportException
    { public OfxTlsException(OfxResult c, string m) : base(c, m) { } }

    /// <summary>OFX_RESULT_CERTIFICATE: the server certificate was not trusted or was rejected.</summary>
    public class OfxCertificateException : OfxTlsException
    { public OfxCertificateException(OfxResult c, string m) : base(c, m) { } }

    /// <summary>OFX_RESULT_HTTP_STATUS: an HTTP status other than 200.</summary>
    public class OfxHttpStatusException : OfxTransportException
    {
        /// <summary>The HTTP status (0 when unknown).</summary>
        public int HttpStatus { get; private set; }
        /// <summary>The first bytes of the body as text (may be null).</summary>
        public string BodyStart { get; private set; }
        public OfxHttpStatusException(OfxResult c, string m, int status, string bodyStart) : base(c, m)
        {
            HttpStatus = status;
            BodyStart = bodyStart;
        }
    }

    /// <summary>The server refused (REFUSED: a non-zero STATUS; SIGNON_FAILED in batches).</summary>
    public class OfxRefusedException : OfxException
    { public OfxRefusedException(OfxResult c, string m) : base(c, m) { } }

    /// <summary>OFX_RESULT_CALLBACK_STOPPED: a callback asked to stop; nothing was handed out.</summary>
    public class OfxCallbackStoppedException : OfxException
    { public OfxCallbackStoppedException(OfxResult c, string m) : base(c, m) { } }
}
