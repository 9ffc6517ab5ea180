//! Importing a file into a child's network: `importNetwork`, over the GraphQL multipart
//! request convention, and its report.

use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject, Upload};

use crate::{
    error::ApiError,
    schema::{context::request, ids},
    service::{
        self,
        imports::{ImportFile, NewImport},
    },
};

/// The kind of file imported.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    /// GEDCOM 5.5.1 or 7.0, in any character set the format allows.
    Gedcom,
    /// kinmap's own `people.csv` and `relationships.csv` (the second as `relationshipsFile`).
    Csv,
}

/// A file to bring into a child's network.
#[derive(InputObject)]
pub struct ImportNetworkInput {
    /// The child whose network the file joins.
    pub child_id: ID,
    /// The file: a GEDCOM file, or a kinmap `people.csv`.
    pub file: Upload,
    /// With `CSV`, the `relationships.csv` beside the people.
    pub relationships_file: Option<Upload>,
    /// What kind of file it is.
    pub format: ImportFormat,
    /// The file's record of the child (`@I115@`), who becomes the child's own person.
    /// Required for GEDCOM; a kinmap CSV marks its own.
    pub child_record: Option<String>,
    /// Plan and report, write nothing.
    #[graphql(default = false)]
    pub dry_run: bool,
}

/// How many records of one kind an import creates, finds already recorded, or changes.
#[derive(SimpleObject)]
pub struct ImportTally {
    /// New records.
    pub created: i32,
    /// Already recorded: a person linked to someone the organisation holds, a relationship
    /// or a place in the network already there.
    pub matched: i32,
    /// Brought in before and changed by this version of the file.
    pub updated: i32,
    /// Brought in before and the same in this version of the file.
    pub unchanged: i32,
}

/// Someone in the file who may be a person already recorded.
#[derive(SimpleObject)]
pub struct ImportLink {
    /// The file's record (`@I12@`).
    pub record: String,
    /// The line the record starts on.
    pub line: i32,
    /// The person already recorded.
    pub person_id: ID,
    /// Their name as recorded.
    pub name: String,
    /// How alike they are, 0 to 1.
    pub score: f64,
    /// What makes them alike ("same name", "birth dates agree").
    pub reasons: Vec<String>,
    /// Why they were not linked, if they were not (the file's person is then recorded
    /// separately, for a practitioner to compare).
    pub not_linked: Option<String>,
    /// The record the import made and merged into the person: `unmergePeople` with it as
    /// `mergedId` separates them again. Null in a dry run.
    pub imported_id: Option<ID>,
}

/// A line of the file and what happened to it.
#[derive(SimpleObject)]
pub struct ImportLine {
    /// The line of the file, counted from 1.
    pub line: i32,
    /// What happened there.
    pub message: String,
}

/// What an import did, or in a dry run would do.
#[derive(SimpleObject)]
pub struct ImportNetworkPayload {
    /// Whether this was a dry run, which wrote nothing.
    pub dry_run: bool,
    /// People: created, linked to someone already recorded, changed or the same.
    pub people: ImportTally,
    /// Relationships between them and with the child.
    pub relationships: ImportTally,
    /// Places in the child's network.
    pub members: ImportTally,
    /// Everyone in the file who may be someone already recorded, linked or not.
    pub links: Vec<ImportLink>,
    /// Kept, but not exactly as the file says.
    pub warnings: Vec<ImportLine>,
    /// Not brought in at all.
    pub skipped: Vec<ImportLine>,
}

fn count(value: usize) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

impl From<service::imports::Tally> for ImportTally {
    fn from(tally: service::imports::Tally) -> Self {
        Self {
            created: count(tally.created),
            matched: count(tally.matched),
            updated: count(tally.updated),
            unchanged: count(tally.unchanged),
        }
    }
}

fn lines(lines: Vec<service::imports::Line>) -> Vec<ImportLine> {
    lines
        .into_iter()
        .map(|line| ImportLine {
            line: count(line.line),
            message: line.message,
        })
        .collect()
}

impl From<service::imports::Report> for ImportNetworkPayload {
    fn from(report: service::imports::Report) -> Self {
        Self {
            dry_run: report.dry_run,
            people: report.people.into(),
            relationships: report.relationships.into(),
            members: report.members.into(),
            links: report
                .links
                .into_iter()
                .map(|link| ImportLink {
                    record: link.record,
                    line: count(link.line),
                    person_id: ids::id(link.person_id),
                    name: link.name,
                    score: link.score,
                    reasons: link.reasons,
                    not_linked: link.not_linked,
                    imported_id: link.imported_id.map(ids::id),
                })
                .collect(),
            warnings: lines(report.warnings),
            skipped: lines(report.skipped),
        }
    }
}

/// The bytes of an upload and its name.
fn uploaded(
    ctx: &Context<'_>,
    field: &str,
    upload: &Upload,
) -> Result<(String, Vec<u8>), ApiError> {
    let value = upload
        .value(ctx)
        .map_err(|_| ApiError::bad_input(field, "the upload could not be read"))?;
    Ok((value.filename, Vec::from(value.content)))
}

#[derive(Default)]
pub struct ImportMutation;

#[Object]
impl ImportMutation {
    /// Brings a GEDCOM file or a kinmap CSV pair into a child's network, for a practitioner
    /// who may change it: new people join as not yet contacted, on the side their kinship
    /// gives; someone the organisation already holds is linked (merged, undoable with
    /// `unmergePeople`); importing the same file again changes nothing. Send it as a GraphQL
    /// multipart request. One transaction: a file that fails half way writes nothing.
    async fn import_network(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The file and the child.")] input: ImportNetworkInput,
    ) -> Result<ImportNetworkPayload, ApiError> {
        let request = request(ctx)?;
        let child_id = ids::parse("childId", &input.child_id)?;
        let (file_name, bytes) = uploaded(ctx, "file", &input.file)?;
        let file = match (input.format, &input.relationships_file) {
            (ImportFormat::Gedcom, None) => ImportFile::Gedcom(bytes),
            (ImportFormat::Gedcom, Some(_)) => {
                return Err(ApiError::bad_input(
                    "relationshipsFile",
                    "a GEDCOM file holds its relationships; send only `file`",
                ));
            }
            (ImportFormat::Csv, Some(second)) => ImportFile::Csv {
                people: bytes,
                relationships: uploaded(ctx, "relationshipsFile", second)?.1,
            },
            (ImportFormat::Csv, None) => {
                return Err(ApiError::bad_input(
                    "relationshipsFile",
                    "a CSV import needs relationships.csv as relationshipsFile",
                ));
            }
        };
        let report = service::imports::import(
            &request.db,
            &request.viewer(),
            NewImport {
                child_id,
                file,
                file_name,
                child_record: input.child_record,
                dry_run: input.dry_run,
            },
        )
        .await?;
        Ok(report.into())
    }
}
