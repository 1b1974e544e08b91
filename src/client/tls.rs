//! TLS settings and the server-certificate decision (filled in by the transport work).
