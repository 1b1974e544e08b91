package org.ofxkit;

/** OFX_RESULT_CERTIFICATE: the server certificate was not trusted and no TLS callback accepted it, or the callback rejected it. */
public class CertificateException extends TransportException {
    private static final long serialVersionUID = 1L;

    public CertificateException(int code, String detail) { super(code, detail); }
}
