//! HTTP transport over ureq and native-tls (filled in by the transport work).
