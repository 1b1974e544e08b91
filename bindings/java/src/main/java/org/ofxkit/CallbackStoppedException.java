package org.ofxkit;

/** OFX_RESULT_CALLBACK_STOPPED: a callback asked to stop; nothing was handed out. */
public class CallbackStoppedException extends OfxException {
    private static final long serialVersionUID = 1L;

    public CallbackStoppedException(int code, String detail) { super(code, detail); }
}
