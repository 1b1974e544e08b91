//! Talking to a financial institution: requests, transport, TLS, events, per-FI quirks.
//!
//! - [`ops`]: what an application asks for → request aggregates (single operations and batch items)
//! - [`request`]: request documents (signon, TRNUIDs, message-set order, validation, SGML/XML)
//! - [`config`] and [`fi_profile`]: the knobs and the per-FI quirk profiles that set them
//! - [`session`]: [`Client`], the exchange (build, post, read, report) and what the server gives back
//! - [`transport`] and [`tls`]: HTTPS through ureq and native-tls; [`events`]: what the client reports
pub mod batch;
pub mod config;
pub mod events;
pub mod fi_profile;
pub mod money;
pub mod ops;
mod proxy;
pub mod request;
pub mod session;
mod stream;
pub mod tls;
pub mod transport;

pub use config::ClientConfig;
pub use session::{Client, ClientError, ClientErrorKind};
