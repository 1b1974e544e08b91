package org.ofxkit;

/** OFX_RESULT_SIGNON_FAILED: the signon failed, so no request of the batch was carried out. */
public class SignonFailedException extends OfxException {
    private static final long serialVersionUID = 1L;

    public SignonFailedException(int code, String detail) { super(code, detail); }
}
