package org.ofxkit;

/**
 * TLS callback: status events (the return value is ignored) and the server-certificate decision
 * ({@link TlsEvent#SERVER_CERTIFICATE}). Returning null, or throwing, rejects the certificate; the
 * exception is rethrown from the operation after it returned.
 */
@FunctionalInterface
public interface TlsHandler {
    TlsDecision onTlsEvent(TlsEvent event);
}
