//! The markup layer: bytes ⇄ element tree. Knows nothing of OFX meaning beyond the grammar table it
//! consults to tell elements from aggregates.
pub mod charset;
pub mod header;
pub mod lexer;
pub mod tree;
pub mod warning;
pub mod writer;
