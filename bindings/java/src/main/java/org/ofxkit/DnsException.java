package org.ofxkit;

/** OFX_RESULT_DNS: the FI's host name did not resolve. */
public class DnsException extends TransportException {
    private static final long serialVersionUID = 1L;

    public DnsException(int code, String detail) { super(code, detail); }
}
