package org.ofxkit;

/** OFX_RESULT_TIMEOUT: the connect or whole-exchange timeout passed. */
public class OfxTimeoutException extends TransportException {
    private static final long serialVersionUID = 1L;

    public OfxTimeoutException(int code, String detail) { super(code, detail); }
}
