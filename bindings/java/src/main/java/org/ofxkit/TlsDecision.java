package org.ofxkit;

/** The answer of a {@link TlsHandler} to {@link TlsEvent#SERVER_CERTIFICATE}. */
public enum TlsDecision {
    /** Accept the certificate (the callback returns 0). */
    ACCEPT(0),
    /** Reject it: the call fails with OFX_RESULT_CERTIFICATE (the callback returns -1). */
    REJECT(-1),
    /** Keep the library's verdict (the callback returns 1). */
    LIBRARY_VERDICT(1);

    private final int value;

    TlsDecision(int value) { this.value = value; }

    int value() { return value; }
}
