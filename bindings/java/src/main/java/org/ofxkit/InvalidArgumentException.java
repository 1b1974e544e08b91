package org.ofxkit;

/** An invalid argument: OFX_RESULT_INVALID_ARGUMENT, OFX_RESULT_NULL_POINTER or OFX_RESULT_INVALID_UTF8. */
public class InvalidArgumentException extends OfxException {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(int code, String detail) { super(code, detail); }
}
