package org.ofxkit;

/**
 * A failed ofxkit call: the {@code ofx_result} code (numeric and name) and the library's message.
 * Subclasses exist for the common codes; {@link #of} picks the right one.
 */
public class OfxException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String detail;

    public OfxException(int code, String detail) {
        super(format(code, detail));
        this.code = code;
        this.detail = detail == null ? "" : detail;
    }

    private static String format(int code, String detail) {
        String d = detail == null || detail.isEmpty() ? describe(code) : detail;
        return OfxResult.nameOf(code) + " (" + code + "): " + d;
    }

    private static String describe(int code) {
        try {
            return Lib.str(Lib.get().ofx_result_str(code));
        } catch (Throwable t) {
            return "error";
        }
    }

    /** The numeric {@code ofx_result} code. */
    public int code() { return code; }

    /** The code's C name, e.g. {@code OFX_RESULT_DNS}. */
    public String codeName() { return OfxResult.nameOf(code); }

    /** The code as an enum constant (null for a code this binding does not know). */
    public OfxResult result() { return OfxResult.of(code); }

    /** The library's message for this failure (may be empty; {@link #getMessage} always has text). */
    public String detail() { return detail; }

    /** The exception class for a code. */
    public static OfxException of(int code, String detail) {
        OfxResult r = OfxResult.of(code);
        if (r == null) return new OfxException(code, detail);
        switch (r) {
            case INVALID_ARGUMENT: case NULL_POINTER: case INVALID_UTF8:
                return new InvalidArgumentException(code, detail);
            case NOT_FOUND: return new NotFoundException(code, detail);
            case IO: return new OfxIoException(code, detail);
            case NOT_OFX: return new NotOfxException(code, detail);
            case NO_CONTENT: case STRICT_VIOLATION: case TOO_LARGE: case UNSUPPORTED_VERSION:
                return new DocumentException(code, detail);
            case CONFIG: return new ConfigException(code, detail);
            case REQUEST: return new RequestException(code, detail);
            case DNS: return new DnsException(code, detail);
            case CONNECT: return new ConnectFailedException(code, detail);
            case TIMEOUT: return new OfxTimeoutException(code, detail);
            case TLS: return new TlsException(code, detail);
            case CERTIFICATE: return new CertificateException(code, detail);
            case HTTP_STATUS: return new HttpStatusException(code, detail, 0, "");
            case INVALID_URL: case RESET: case EMPTY_BODY: case RESPONSE_TOO_LARGE: case PROXY: case NETWORK:
            case BAD_RESPONSE: case TRUNCATED:
                return new TransportException(code, detail);
            case SIGNON_FAILED: return new SignonFailedException(code, detail);
            case REFUSED: return new RefusedException(code, detail);
            case CALLBACK_STOPPED: return new CallbackStoppedException(code, detail);
            default: return new OfxException(code, detail);
        }
    }
}
