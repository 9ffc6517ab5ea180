//! Files into a child's network: a GEDCOM file or kinmap's own CSV pair, read
//! (`crate::imports`), planned against what the organisation already holds, and written in
//! one transaction through the bulk path, each row with its audit event and revision.
//!
//! The plan is the same for a dry run and a real one: who would be created, who is the same
//! person as someone already recorded (linked by merging the imported record into them, so
//! that an undo of the merge separates them again), what a newer version of a file changes,
//! and every warning and skipped record with its line. A file that fails half way writes
//! nothing.

mod matching;
mod places;
mod plan;
mod records;
mod ties;
mod write;

use serde::Serialize;
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    imports::{csv, gedcom, mapping::FileNetwork},
    service::{Viewer, access, ids::ChildId},
};

/// The file an import reads.
#[derive(Clone, Debug)]
pub enum ImportFile {
    /// GEDCOM 5.5.1 or 7.0, in any character set the format allows.
    Gedcom(Vec<u8>),
    /// kinmap's own `people.csv` and `relationships.csv`.
    Csv {
        people: Vec<u8>,
        relationships: Vec<u8>,
    },
}

/// An import into one child's network.
#[derive(Clone, Debug)]
pub struct NewImport {
    pub child_id: ChildId,
    pub file: ImportFile,
    /// What the file is called, kept with each person as where they were found.
    pub file_name: String,
    /// The file's record of the child (`@I115@`); a kinmap CSV marks its own.
    pub child_record: Option<String>,
    /// Plan and report, write nothing.
    pub dry_run: bool,
}

/// How many records of one kind an import creates, finds already recorded, or changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub created: usize,
    /// Already recorded: a person linked to someone the organisation holds, a relationship
    /// or a place in the network already there.
    pub matched: usize,
    /// Brought in before and changed by this version of the file.
    pub updated: usize,
    /// Brought in before and the same in this version of the file.
    pub unchanged: usize,
}

/// Someone in the file who may be a person already recorded.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    /// The file's record (`@I12@`) and its line.
    pub record: String,
    pub line: usize,
    /// The person already recorded, and their name.
    pub person_id: Uuid,
    pub name: String,
    pub score: f64,
    pub reasons: Vec<String>,
    /// Why they were not linked, if they were not: then the file's person is created
    /// separately, for a practitioner to compare.
    pub not_linked: Option<String>,
    /// The record the import made for them and merged into the person: undoing that merge
    /// separates them again. `None` in a dry run.
    pub imported_id: Option<Uuid>,
}

/// Something in the file, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    pub line: usize,
    pub message: String,
}

/// What an import did, or in a dry run would do.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub dry_run: bool,
    pub people: Tally,
    pub relationships: Tally,
    pub members: Tally,
    pub links: Vec<Link>,
    /// Kept, but not exactly as the file says.
    pub warnings: Vec<Line>,
    /// Not brought in at all.
    pub skipped: Vec<Line>,
}

/// Imports `input.file` into a child's network the viewer may change; a child they may not
/// see is missing.
#[tracing::instrument(skip_all, fields(child_id = %input.child_id.uuid(), dry_run = input.dry_run))]
pub async fn import(db: &Db, viewer: &Viewer, input: NewImport) -> Result<Report, ApiError> {
    let file = read(&input.file)?;
    let source = plan::Source {
        name: file_name(&input.file_name),
        child_record: input.child_record,
    };
    let child_id = input.child_id.uuid();
    if input.dry_run {
        let child = access::writable_child(&db.conn, viewer, child_id).await?;
        let plan = plan::plan(db, &db.conn, viewer, &child, file, &source).await?;
        let mut report = plan.report;
        report.dry_run = true;
        return Ok(report);
    }
    let txn = db.begin_write().await?;
    let child = access::writable_child(txn.conn(), viewer, child_id).await?;
    let plan = plan::plan(db, txn.conn(), viewer, &child, file, &source).await?;
    let report = write::write(txn.conn(), viewer, &child, plan).await?;
    txn.commit().await?;
    tracing::info!(
        people = report.people.created,
        linked = report.people.matched,
        relationships = report.relationships.created,
        "imported a file"
    );
    Ok(report)
}

/// The file's name as it is kept with what it brought ("imported from royal92.ged"): its
/// last part, without control characters, at most 120 characters; a client names its
/// upload as it likes, and a name must not be what refuses a file.
fn file_name(given: &str) -> String {
    const MAX: usize = 120;
    let last = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = last.chars().filter(|c| !c.is_control()).take(MAX).collect();
    match name.trim() {
        "" => "a file".to_owned(),
        name => name.to_owned(),
    }
}

/// What the file brings, or `BAD_USER_INPUT` with the line that stopped the reading.
fn read(file: &ImportFile) -> Result<FileNetwork, ApiError> {
    let refused = |error: gedcom::ReadError| ApiError::bad_input("file", error.to_string());
    match file {
        ImportFile::Gedcom(bytes) => {
            let document = gedcom::read(bytes).map_err(refused)?;
            let mut network = crate::imports::mapping::network(&document);
            let mut warnings = document.warnings;
            warnings.append(&mut network.warnings);
            network.warnings = warnings;
            Ok(network)
        }
        ImportFile::Csv {
            people,
            relationships,
        } => csv::network(people, relationships).map_err(refused),
    }
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn a_files_name_is_kept_short_and_plain() {
        assert_eq!(file_name("royal92.ged"), "royal92.ged");
        assert_eq!(file_name("C:\\Users\\me\\family.ged"), "family.ged");
        assert_eq!(file_name("/home/me/tree.ged"), "tree.ged");
        assert_eq!(file_name("bad\u{7}\nname.ged"), "badname.ged");
        assert_eq!(file_name(""), "a file");
        assert_eq!(file_name(&"x".repeat(500)).chars().count(), 120);
    }
}
