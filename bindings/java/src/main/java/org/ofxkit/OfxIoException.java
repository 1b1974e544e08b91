package org.ofxkit;

/** OFX_RESULT_IO: a file could not be read or written. */
public class OfxIoException extends OfxException {
    private static final long serialVersionUID = 1L;

    public OfxIoException(int code, String detail) { super(code, detail); }
}
