//! Typed views of a response for C: statements, transactions, balances, positions, securities,
//! accounts, closing records, open orders, signon and profile.

/// Strings computed for C views, kept inside the response.
#[derive(Default)]
pub struct Cache {}
