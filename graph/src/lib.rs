//! Pure graph algorithms over a child's family network: plain data in, plain data out. No
//! database, no HTTP, no async. The API loads a network, hands it here, and maps the
//! answer back.
//!
//! Everything speaks in [`PersonId`]s over one [`Network`]; answers are sorted, so the same
//! network always gives the same answer.

mod dates;
mod duplicates;
mod ecomap;
mod gaps;
mod genogram;
mod health;
mod kinship;
mod leads;
mod network;
mod paths;
mod support;
mod ties;
mod words;

pub use dates::PartialDate;
pub use duplicates::{
    DEFAULT_THRESHOLD, DuplicateCandidate, PersonRecord, duplicate_candidates, jaro_winkler,
    score as duplicate_score, soundex,
};
pub use ecomap::{DEFAULT_MAX_PER_GROUP, Ecomap, Group, Placed, SPACING, Sector, ecomap};
pub use gaps::{DEFAULT_TARGET_SIZE, Gap, GapKind, gaps};
pub use genogram::{
    Beyond, DEFAULT_MAX_DRAWN, GENOGRAM_SPACING, Genogram, Line, LineKind, MAX_CHILDREN_DRAWN,
    MAX_PER_ROW, ROW_HEIGHT, SYMBOL_RADIUS, Symbol, genogram,
};
pub use health::{CutPoint, Growth, Health, growth, health};
pub use kinship::{
    Kinship, KinshipReport, Relation, RelationKind, Side, Warning, kinship, parent_cycles,
};
pub use leads::{DEFAULT_STALE_AFTER_DAYS, Lead, LeadReason, leads};
pub use network::{
    ChildView, Circle, Confidence, Consent, Day, Edge, EdgeKind, FamilySide, Member, Network,
    NetworkError, ParentKind, Person, PersonId, Quality, Restriction, Role, Sex, SocialKind,
    Status,
};
pub use paths::{
    IntroductionPath, can_introduce, introduction_path, introduction_paths, tie_weight,
};
pub use support::{
    Candidate, DEFAULT_SUPPORT_SIZE, Excluded, Exclusion, Factor, FactorKind, Participation,
    Suggested, SupportCandidates, SupportOptions, support_candidates,
};

#[cfg(test)]
mod tests {
    /// The names of the normal dependencies a manifest declares, in any form: a line of
    /// `[dependencies]` (or of a target's), or a `[dependencies.NAME]` table.
    fn dependencies(manifest: &str) -> Vec<String> {
        let mut names = Vec::new();
        let mut in_table = false;
        for line in manifest.lines().map(str::trim) {
            if let Some(header) = line.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
                let header = header.trim();
                let path: Vec<&str> = header.split('.').map(str::trim).collect();
                let at = path.iter().position(|part| *part == "dependencies");
                in_table = at == Some(path.len() - 1);
                if let Some(at) = at
                    && at + 2 == path.len()
                {
                    names.push(path[at + 1].trim_matches('"').to_owned());
                }
                continue;
            }
            if in_table && !line.is_empty() && !line.starts_with('#') {
                let name = line.split(['=', '.']).next().unwrap_or_default().trim();
                names.push(name.trim_matches('"').to_owned());
            }
        }
        names
    }

    /// The crate stays sans-IO and below the application: these must never become
    /// dependencies.
    #[test]
    fn the_graph_crate_depends_on_no_io_framework_and_nothing_of_the_application() {
        let found = dependencies(include_str!("../Cargo.toml"));
        assert!(found.iter().any(|name| name == "petgraph"), "{found:?}");
        for forbidden in [
            "sea-orm",
            "sea-orm-migration",
            "sqlx",
            "axum",
            "async-graphql",
            "tokio",
            "hyper",
            "reqwest",
            "futures",
            "futures-util",
            "async-trait",
            "tower",
            "jsonwebtoken",
            "entity",
            "migration",
            "api",
        ] {
            assert!(
                !found.iter().any(|name| name == forbidden),
                "graph must stay pure, but depends on {forbidden}"
            );
        }
    }

    #[test]
    fn every_form_of_dependency_is_read() {
        let manifest = "[package]\nname = \"x\"\n[dependencies]\npetgraph.workspace = true\n\
                        [dependencies.tokio]\nversion = \"1\"\n\
                        [target.'cfg(unix)'.dependencies]\nsea-orm = \"2\"\n\
                        [dev-dependencies]\nproptest = \"1\"\n";
        assert_eq!(dependencies(manifest), ["petgraph", "tokio", "sea-orm"]);
    }
}
