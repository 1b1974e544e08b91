package org.ofxkit;

/** A connection status change ({@code ofx_connection_event}); {@code state} is one of the constants. */
public record ConnectionEvent(int state, String stateName, String host, int port, String detail) {
    public static final int RESOLVING = 1, CONNECTING = 2, CONNECTED = 3, TLS_DONE = 4, REQUEST_SENT = 5,
            RESPONSE_RECEIVED = 6, CLOSED = 7;
}
