//! Talking to a financial institution: requests, transport, TLS, events, per-FI quirks.
pub mod events;
pub mod ops;
pub mod request;
pub mod tls;
pub mod transport;
