package org.ofxkit;

/** OFX_RESULT_REFUSED: the server answered and refused (a non-zero signon or transaction STATUS; the message has its code). */
public class RefusedException extends OfxException {
    private static final long serialVersionUID = 1L;

    public RefusedException(int code, String detail) { super(code, detail); }
}
