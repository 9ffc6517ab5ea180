//! Files into a child's network. So far the reading of GEDCOM (5.5.1 and 7.0, every
//! character set the conformance files use); the mapping of its records into people,
//! relationships and members, through the domain's bulk path, comes next.

mod ansel;
pub mod gedcom;
