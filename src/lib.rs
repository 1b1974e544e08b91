//! ofxkit: an OFX (Open Financial Exchange) client engine.
//!
//! Layers (each knows only the one below it):
//! - [`markup`]: bytes ⇄ element tree (header, charset, tolerant SGML/XML reader, repairs as warnings).
//! - [`values`]: leaf value types (date-times, exact amounts).
//! - [`model`]: the spec's grammar and the typed aggregates built from it.
//! - [`document`]: a whole OFX document; [`json`]: its JSON view.
//! - [`client`]: requests, HTTPS transport, TLS decisions, events, per-FI quirk profiles.
//! - `sandbox` (feature `sandbox`): a real HTTPS OFX server for development and tests.
//! - `ffi`: the C ABI (thin; the engine knows nothing of it).
pub mod client;
pub mod document;
pub mod json;
pub mod markup;
pub mod model;
pub mod values;

#[cfg(feature = "sandbox")]
pub mod sandbox;

pub mod ffi;

pub use document::{Document, ParseError, ParseOptions};
