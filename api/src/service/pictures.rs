//! What the network's pictures show, read as the viewer may see it: the child's network
//! (opened, so the read is logged as any network read is), its kinship, each person
//! through the visible-person view, households only from addresses the viewer may see.
//! The interfaces only draw it.

use std::collections::HashMap;

use entity::{
    enums::{Circle, ConnectionStatus, FamilySide},
    network_member,
};
use uuid::Uuid;

use crate::{
    db::Db,
    error::ApiError,
    policy::VisiblePerson,
    service::{
        Viewer,
        analysis::{self, convert},
        seen_network::{self, SeenNetwork},
    },
};

/// Which members a picture shows; `None` shows all.
#[derive(Clone, Copy, Debug, Default)]
pub struct Filters {
    pub side: Option<FamilySide>,
    pub circle: Option<Circle>,
    pub status: Option<ConnectionStatus>,
    /// Draw the introduction path from the child to this person over the picture.
    pub highlight: Option<Uuid>,
}

impl Filters {
    fn keeps(&self, member: &network_member::View) -> bool {
        self.side.is_none_or(|side| member.side == side)
            && self.circle.is_none_or(|circle| member.circle == circle)
            && self
                .status
                .is_none_or(|status| member.connection_status == status)
    }
}

/// A person on a picture.
pub struct Drawn {
    pub person: VisiblePerson,
    pub member: Option<network_member::View>,
    /// Their closest relation to the child.
    pub relation: Option<String>,
}

/// A picture: its geometry and who stands where.
pub struct Picture<Layout> {
    pub layout: Layout,
    pub people: HashMap<graph::PersonId, Drawn>,
    /// The introduction path asked for, child first; empty when none was asked for or
    /// there is none (or it runs through someone the viewer may not see).
    pub path: Vec<graph::PersonId>,
}

pub type EcomapPicture = Picture<graph::Ecomap>;
pub type GenogramPicture = Picture<graph::Genogram>;

/// The ecomap of `child_id`'s network; `NOT_FOUND` for a child the viewer may not see.
pub async fn ecomap(
    db: &Db,
    viewer: &Viewer,
    child_id: Uuid,
    filters: Filters,
) -> Result<EcomapPicture, ApiError> {
    picture(db, viewer, child_id, filters, |network, kinship, shown| {
        graph::ecomap(network, kinship, shown, graph::DEFAULT_MAX_PER_GROUP)
    })
    .await
}

/// The genogram of `child_id`'s family; `NOT_FOUND` for a child the viewer may not see.
pub async fn genogram(
    db: &Db,
    viewer: &Viewer,
    child_id: Uuid,
    filters: Filters,
) -> Result<GenogramPicture, ApiError> {
    picture(db, viewer, child_id, filters, |network, _, shown| {
        graph::genogram(network, shown, graph::DEFAULT_MAX_DRAWN)
    })
    .await
}

/// Reads the network as the viewer may see it and lays it out with `layout`, which is
/// told whom the filters and the viewer's sight leave on the picture.
async fn picture<Layout>(
    db: &Db,
    viewer: &Viewer,
    child_id: Uuid,
    filters: Filters,
    layout: impl FnOnce(
        &graph::Network,
        &graph::KinshipReport,
        &dyn Fn(graph::PersonId) -> bool,
    ) -> Layout,
) -> Result<Picture<Layout>, ApiError> {
    let SeenNetwork {
        people: seen_people,
        analysis,
        ..
    } = seen_network::read(db, viewer, child_id).await?;
    let seen = seen_network::visible(&seen_people);
    let network = analysis::with_households(&analysis.network, &seen)?;
    let shown = |id: graph::PersonId| {
        seen_people
            .get(&convert::uuid(id))
            .and_then(|seen| seen.member.as_ref())
            .is_some_and(|member| filters.keeps(member))
    };
    let layout = layout(&network, &analysis.kinship, &shown);
    let path = filters
        .highlight
        .and_then(|to| graph::introduction_path(&network, convert::person_id(to)))
        .map(|path| path.people)
        .filter(|people| {
            people
                .iter()
                .all(|id| seen.contains_key(&convert::uuid(*id)))
        })
        .unwrap_or_default();
    let people = seen_people
        .into_iter()
        .map(|(id, seen)| {
            let drawn = Drawn {
                person: seen.person,
                member: seen.member,
                relation: analysis.relation(id),
            };
            (convert::person_id(id), drawn)
        })
        .collect();
    Ok(Picture {
        layout,
        people,
        path,
    })
}
