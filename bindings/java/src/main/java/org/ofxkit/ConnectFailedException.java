package org.ofxkit;

/** OFX_RESULT_CONNECT: the TCP connection was refused or could not be opened. */
public class ConnectFailedException extends TransportException {
    private static final long serialVersionUID = 1L;

    public ConnectFailedException(int code, String detail) { super(code, detail); }
}
