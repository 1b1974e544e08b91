package org.ofxkit;

/**
 * The outcome of a successful sync: the server's new token (keep it for next time), whether the
 * server had lost track of the old token, and the answer (close it; its money records are readable).
 */
public record SyncResult(String newToken, boolean lostSync, OfxResponse response) implements AutoCloseable {
    @Override public void close() { if (response != null) response.close(); }
}
