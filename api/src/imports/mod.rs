//! Files into a child's network, read: GEDCOM (5.5.1 and 7.0, every character set the
//! conformance files use) and what its records mean to a network, and kinmap's own CSV pair
//! read back the same way. What they bring is planned and written by the domain
//! (`service::imports`).

mod ansel;
pub mod csv;
pub mod gedcom;
pub mod mapping;
#[cfg(test)]
mod round_trip;
