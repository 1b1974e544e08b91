//! Leaf value types: OFX date-times and exact amounts.
pub mod amount;
pub mod datetime;
