//! Pure graph algorithms over a child's family network: plain data in, plain data out. No
//! database, no HTTP, no async. The kinship, lead, gap, path and health algorithms land here
//! (issue 3); the API maps their answers back to GraphQL.
