package org.ofxkit;

/** OFX_RESULT_NOT_FOUND: no such item (index past the end, no such element, no signon). */
public class NotFoundException extends OfxException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(int code, String detail) { super(code, detail); }
}
