package org.ofxkit;

/** A failed exchange ({@code ofx_error_event}): the code the call returns and a message. */
public record ErrorEvent(int code, String message) {
    /** The code's C name, e.g. OFX_RESULT_DNS. */
    public String codeName() { return OfxResult.nameOf(code); }
}
