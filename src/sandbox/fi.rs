//! The sandbox FI logic (filled in).
