//! Sandbox certificates (filled in).
