//! Pure graph algorithms over a child's family network: plain data in, plain data out. No
//! database, no HTTP, no async. The API loads a network, hands it here, and maps the
//! answer back.
//!
//! Everything speaks in [`PersonId`]s over one [`Network`]; answers are sorted, so the same
//! network always gives the same answer.

mod duplicates;
mod gaps;
mod health;
mod kinship;
mod leads;
mod network;
mod paths;
mod ties;
mod words;

pub use duplicates::{
    DEFAULT_THRESHOLD, DuplicateCandidate, PartialDate, PersonRecord, duplicate_candidates,
    jaro_winkler, score as duplicate_score, soundex,
};
pub use gaps::{DEFAULT_TARGET_SIZE, Gap, GapKind, gaps};
pub use health::{CutPoint, Growth, Health, health};
pub use kinship::{
    Kinship, KinshipReport, Relation, RelationKind, Side, Warning, kinship, parent_cycles,
};
pub use leads::{DEFAULT_STALE_AFTER_DAYS, Lead, LeadReason, leads};
pub use network::{
    Circle, Day, Edge, EdgeKind, FamilySide, Member, Network, NetworkError, ParentKind, Person,
    PersonId, Quality, Restriction, Role, Sex, SocialKind, Status,
};
pub use paths::{
    IntroductionPath, can_introduce, introduction_path, introduction_paths, tie_weight,
};

#[cfg(test)]
mod tests {
    /// The crate stays sans-IO: these must never become dependencies.
    #[test]
    fn the_graph_crate_depends_on_no_io_framework() {
        let manifest = include_str!("../Cargo.toml");
        let dependencies: Vec<&str> = manifest
            .split("[dependencies]")
            .nth(1)
            .unwrap_or_default()
            .split("\n[")
            .next()
            .unwrap_or_default()
            .lines()
            .filter_map(|line| line.split(['=', '.']).next())
            .map(str::trim)
            .filter(|name| !name.is_empty() && !name.starts_with('#'))
            .collect();
        assert!(dependencies.contains(&"petgraph"), "{dependencies:?}");
        for forbidden in [
            "sea-orm",
            "sqlx",
            "axum",
            "async-graphql",
            "tokio",
            "hyper",
            "reqwest",
            "futures",
            "async-trait",
            "tower",
        ] {
            assert!(
                !dependencies.contains(&forbidden),
                "graph must stay sans-IO, but depends on {forbidden}"
            );
        }
    }
}
