package org.ofxkit;

/**
 * A TLS event ({@code ofx_tls_event}). The certificate fields ({@code certDer}, {@code certPem},
 * {@code subject}, {@code issuer}, {@code trusted}, {@code reason}) are set only for
 * {@link #SERVER_CERTIFICATE}, the event that asks the {@link TlsHandler} for a decision.
 */
public record TlsEvent(int kind, String host, int port, String detail, byte[] certDer, String certPem,
        String subject, String issuer, boolean trusted, String reason) {
    public static final int HANDSHAKE_STARTED = 1, CERTIFICATE_TRUSTED = 2, CERTIFICATE_UNTRUSTED = 3,
            ACCEPTED_BY_CALLBACK = 4, REJECTED_BY_CALLBACK = 5, HANDSHAKE_DONE = 6, CLIENT_CERTIFICATE_SENT = 7,
            SERVER_CERTIFICATE = 100;

    /** Whether this event asks for a decision. */
    public boolean isServerCertificate() { return kind == SERVER_CERTIFICATE; }
}
