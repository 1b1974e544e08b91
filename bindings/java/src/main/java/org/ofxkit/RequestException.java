package org.ofxkit;

/** OFX_RESULT_REQUEST: the request could not be written; nothing was sent. */
public class RequestException extends OfxException {
    private static final long serialVersionUID = 1L;

    public RequestException(int code, String detail) { super(code, detail); }
}
