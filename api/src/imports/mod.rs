//! Files into a child's network. So far the reading of GEDCOM (5.5.1 and 7.0, every
//! character set the conformance files use) and what its records mean to a network; the
//! writing of them through the domain's bulk path, with duplicate matching and a report,
//! comes next.

mod ansel;
pub mod gedcom;
pub mod mapping;
