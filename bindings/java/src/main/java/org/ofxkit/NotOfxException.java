package org.ofxkit;

/** OFX_RESULT_NOT_OFX: the input is not an OFX document (empty, an HTML page, binary data). */
public class NotOfxException extends DocumentException {
    private static final long serialVersionUID = 1L;

    public NotOfxException(int code, String detail) { super(code, detail); }
}
