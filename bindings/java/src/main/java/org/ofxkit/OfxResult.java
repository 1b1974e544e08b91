package org.ofxkit;

/** The {@code ofx_result} codes of the C API (values fixed, never renumbered). */
public enum OfxResult {
    OK(0), INVALID_ARGUMENT(1), NULL_POINTER(2), PANIC(3), INVALID_UTF8(4), NOT_FOUND(5), IO(6),
    NOT_OFX(100), NO_CONTENT(101), STRICT_VIOLATION(102), TOO_LARGE(103), UNSUPPORTED_VERSION(104),
    CONFIG(200), REQUEST(201), INVALID_URL(202), DNS(203), CONNECT(204), TIMEOUT(205), TLS(206), CERTIFICATE(207),
    RESET(208), HTTP_STATUS(209), EMPTY_BODY(210), RESPONSE_TOO_LARGE(211), PROXY(212), NETWORK(213),
    BAD_RESPONSE(214), TRUNCATED(215), NOT_ANSWERED(216), SIGNON_FAILED(217), NOT_POSTED(218), REFUSED(219),
    CALLBACK_STOPPED(220);

    private final int code;

    OfxResult(int code) { this.code = code; }

    /** The numeric code. */
    public int code() { return code; }

    /** The C name, e.g. {@code OFX_RESULT_DNS}. */
    public String cName() { return "OFX_RESULT_" + name(); }

    /** The library's static description ({@code ofx_result_str}). */
    public String description() { return Lib.str(Lib.get().ofx_result_str(code)); }

    /** The constant for a code, or null for a code this binding does not know. */
    public static OfxResult of(int code) {
        for (OfxResult r : values()) if (r.code == code) return r;
        return null;
    }

    /** "OFX_RESULT_DNS" for a known code, "OFX_RESULT_&lt;n&gt;" for an unknown one. */
    public static String nameOf(int code) {
        OfxResult r = of(code);
        return r == null ? "OFX_RESULT_" + code : r.cName();
    }
}
