//! The typed model: the spec's grammar and one declarative definition per aggregate,
//! grouped by the spec's chapters.
#[macro_use]
pub mod define;
#[macro_use]
pub mod owned;
pub mod bank;
pub mod billpay;
pub mod common;
pub mod creditcard;
pub mod grammar;
pub mod invest;
pub mod loan;
pub mod profile;
pub mod seclist;
pub mod signon;
pub mod signup;
pub mod transfer;
pub mod validate;
