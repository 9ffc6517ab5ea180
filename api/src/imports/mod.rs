//! Files into a child's network. So far the reading: GEDCOM (5.5.1 and 7.0, every
//! character set the conformance files use) and what its records mean to a network, and
//! kinmap's own CSV pair read back the same way. The writing of what they bring, through the
//! domain's bulk path, with duplicate matching and a report, comes next.

mod ansel;
pub mod csv;
pub mod gedcom;
pub mod mapping;
