package org.ofxkit;

/** OFX_RESULT_TLS: the TLS handshake failed. */
public class TlsException extends TransportException {
    private static final long serialVersionUID = 1L;

    public TlsException(int code, String detail) { super(code, detail); }
}
