package org.ofxkit;

/** OFX_RESULT_HTTP_STATUS: the server answered with an HTTP status other than 200. */
public class HttpStatusException extends TransportException {
    private static final long serialVersionUID = 1L;
    private final int httpStatus;
    private final String bodyStart;

    public HttpStatusException(int code, String detail, int httpStatus, String bodyStart) {
        super(code, detail);
        this.httpStatus = httpStatus;
        this.bodyStart = bodyStart == null ? "" : bodyStart;
    }

    /** The HTTP status (0 when unknown). */
    public int httpStatus() { return httpStatus; }

    /** The first bytes of the answer's body, as text. */
    public String bodyStart() { return bodyStart; }
}
