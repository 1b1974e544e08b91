package org.ofxkit;

/** A document could not be read or written: OFX_RESULT_NO_CONTENT, STRICT_VIOLATION, TOO_LARGE, UNSUPPORTED_VERSION (and NOT_OFX through its subclass). */
public class DocumentException extends OfxException {
    private static final long serialVersionUID = 1L;

    public DocumentException(int code, String detail) { super(code, detail); }
}
