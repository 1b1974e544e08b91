//! Talking to a financial institution: requests, transport, TLS, events, per-FI quirks.
pub mod events;
mod proxy;
mod stream;
pub mod tls;
pub mod transport;
