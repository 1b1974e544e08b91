package org.ofxkit;

/** Talking to the FI failed (codes 202-215: URL, DNS, connect, timeout, TLS, certificate, reset, HTTP status, empty body, size, proxy, network, bad or truncated answer). */
public class TransportException extends OfxException {
    private static final long serialVersionUID = 1L;

    public TransportException(int code, String detail) { super(code, detail); }
}
