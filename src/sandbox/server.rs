//! The sandbox HTTPS server (filled in).
