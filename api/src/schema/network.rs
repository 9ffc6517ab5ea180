//! Networks: a child's members and the relationships between them, and the mutations that
//! put people into a network, change their place in it, and take them out.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use std::{collections::HashMap, sync::Arc};

use entity::{child, network_member};
use uuid::Uuid;

use crate::{
    error::ApiError,
    schema::dates::Date,
    schema::{
        analysis::{self, IntroductionPath, Kinship, NetworkHealth},
        children::Child,
        context::request,
        enums::{ChildView, Circle, ConnectionStatus, FamilySide, Restriction, SupportRole},
        ids,
        inline::{Inline, InlineList},
        pages::page,
        people::{Person, PersonInput, Preloaded},
        relationships::{Relationship, RelationshipConnection},
        searches::{SearchActivity, SearchActivityConnection},
    },
    service,
    service::{
        analysis::{NetworkAnalysis, NetworkRows},
        network::OpenNetwork,
        network_read::{self, Parts},
    },
};

/// One child's network: the people in it and the relationships among them.
pub struct Network {
    pub child: child::Model,
    pub members: Arc<Vec<network_member::View>>,
    /// Kinship, paths and health, computed when first asked for.
    analysis: Arc<NetworkAnalysis>,
    /// Everyone in the network, fetched at once when the query asks for people.
    people: HashMap<Uuid, Person>,
    /// The relationships, fetched with the people when the query asks for them.
    relationships: Option<Arc<Vec<entity::relationship::View>>>,
}

impl Network {
    /// Builds the network for a query, fetching the people it will show (and their other
    /// names and location restrictions, when asked for) in one statement each, so that a
    /// network costs the same few statements, and no per-person loader calls, whatever
    /// its size.
    pub async fn load(
        ctx: &Context<'_>,
        child: child::Model,
        network: OpenNetwork,
    ) -> Result<Self, ApiError> {
        let look = ctx.look_ahead();
        let relationships = look.field("relationships");
        let people = [
            look.field("members").field("person"),
            relationships.field("from"),
            relationships.field("to"),
        ];
        let wants = |field: &str| people.iter().any(|person| person.field(field).exists());
        let parts = Parts {
            people: people.iter().any(|person| person.exists()),
            other_names: wants("otherNames") || wants("otherNameRecords"),
            restrictions: wants("area") || wants("contact") || wants("notes"),
            relationships: relationships.exists(),
        };
        let read = network_read::read(&request(ctx)?.db, &child, &network, parts).await?;
        let people: HashMap<Uuid, Person> = read
            .people
            .into_iter()
            .map(|(id, read)| {
                let preloaded = Preloaded {
                    other_names: read.other_names,
                    restricted_in: read.restricted_in,
                };
                (id, Person::with_preloaded(read.person, preloaded))
            })
            .collect();
        let members = network.members.clone();
        let relationships = read.relationships;
        let mut analysis = NetworkAnalysis::new(child.clone(), network);
        // A query that reads the whole network and asks a graph question of it (the page's
        // ecomap with its health) loads the rows once.
        if let (true, Some(relationships)) = (parts.people, &relationships) {
            analysis = analysis.with_rows(NetworkRows {
                people: people.values().map(Person::view).collect(),
                relationships: relationships.clone(),
            });
        }
        Ok(Self {
            analysis: Arc::new(analysis),
            child,
            members,
            people,
            relationships,
        })
    }
}

/// One child's network: the people in it and the relationships among them.
#[Object]
impl Network {
    /// The child at the centre.
    async fn child(&self) -> Child {
        Child::from(self.child.clone())
    }

    /// Everyone in the network, oldest entry first.
    #[graphql(complexity = "child_complexity * crate::schema::limits::NETWORK_SIZE")]
    async fn members(&self, ctx: &Context<'_>) -> Result<InlineList<NetworkMember>, ApiError> {
        if ctx.look_ahead().field("searchActivities").exists() {
            let keys = self
                .members
                .iter()
                .map(|member| (member.child_id, member.person_id));
            request(ctx)?.loaders.searches.load_many(keys).await?;
        }
        Ok(InlineList(
            self.members
                .iter()
                .map(|member| NetworkMember {
                    person: self.people.get(&member.person_id).cloned(),
                    model: member.clone(),
                    analysis: Some(self.analysis.clone()),
                })
                .collect(),
        ))
    }

    /// Everyone in the network, a page at a time, oldest entry first. `members` gives
    /// them all at once.
    #[graphql(complexity = "crate::schema::limits::first(first, 50) * child_complexity")]
    async fn members_connection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many members, at most 100; 50 unless said.")] first: Option<i32>,
        #[graphql(desc = "The cursor of the last member of the previous page.")] after: Option<
            String,
        >,
    ) -> Result<NetworkMemberConnection, ApiError> {
        let all = self.members(ctx).await?.0;
        let page = page(all, |member| member.model.id, first, 50, after.as_deref())?;
        Ok(NetworkMemberConnection::new(page))
    }

    /// The relationships among the child and the members, a page at a time, oldest record
    /// first. `relationships` gives them all at once.
    #[graphql(complexity = "crate::schema::limits::first(first, 50) * child_complexity")]
    async fn relationships_connection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many relationships, at most 100; 50 unless said.")] first: Option<
            i32,
        >,
        #[graphql(desc = "The cursor of the last relationship of the previous page.")]
        after: Option<String>,
    ) -> Result<RelationshipConnection, ApiError> {
        let mut all = self.relationships(ctx).await?.0;
        all.sort_by_key(|relationship| relationship.model.id);
        let page = page(
            all,
            |relationship| relationship.model.id,
            first,
            50,
            after.as_deref(),
        )?;
        Ok(RelationshipConnection::new(page))
    }

    /// The shortest chain of people in touch with the child who could introduce them to
    /// `to`; null when there is none.
    async fn introduction_path(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person to reach.")] to: ID,
    ) -> Result<Option<IntroductionPath>, ApiError> {
        let to = ids::parse("to", &to)?;
        let path = self
            .analysis
            .introduction_path(&request(ctx)?.db, to)
            .await?;
        Ok(path.map(IntroductionPath))
    }

    /// Counts, cut points, betweenness, unreachable groups and growth.
    async fn health(&self, ctx: &Context<'_>) -> Result<NetworkHealth, ApiError> {
        let health = self.analysis.health(&request(ctx)?.db).await?;
        Ok(NetworkHealth(health))
    }

    /// Where family is missing (father unknown, no one on one side, a parent's parents
    /// unknown, fewer people than `targetSize`), each with a next step.
    async fn gaps(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "The size a network should reach (Family Finding aims at 40).",
            default = 40
        )]
        target_size: i32,
    ) -> Result<Vec<analysis::Gap>, ApiError> {
        let gaps = self.analysis.gaps(&request(ctx)?.db, target_size).await?;
        Ok(gaps.into_iter().map(analysis::Gap).collect())
    }

    /// Who to look for next, ranked: the lost with someone who could introduce them, then
    /// relatives recorded elsewhere who are not in this network, then searches gone quiet.
    #[graphql(complexity = "crate::schema::limits::first(first, 20) * child_complexity")]
    async fn leads(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many leads, at most 100.")] first: Option<i32>,
    ) -> Result<Vec<analysis::Lead>, ApiError> {
        analysis::leads(ctx, &self.child, &self.members, first).await
    }

    /// Who could support the child at a Family Group Conference: every member who could be
    /// invited, ranked with the factors behind each score; everyone left out, with why and
    /// how they may still take part; and a suggested list of `size`.
    async fn support_candidates(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many people to suggest, 1 to 100.", default = 12)] size: i32,
        #[graphql(
            desc = "Whether the birth family attends: then no one whose location must not be disclosed can.",
            default = false
        )]
        shared_with_birth_family: bool,
    ) -> Result<analysis::SupportCandidates, ApiError> {
        let request = request(ctx)?;
        let answer = self
            .analysis
            .support_candidates(
                &request.db,
                &request.viewer(),
                size,
                shared_with_birth_family,
            )
            .await?;
        Ok(analysis::SupportCandidates(answer))
    }

    /// The network as an ecomap, an SVG document: the child at the centre, a ring for each
    /// circle, the maternal side on the left and the paternal on the right, non-kin below;
    /// as `GET /children/{id}/ecomap.svg` draws it.
    async fn ecomap_svg(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only members on this side of the family.")] side: Option<FamilySide>,
        #[graphql(desc = "Only members in this circle.")] circle: Option<Circle>,
        #[graphql(desc = "Only members with this connection status.")] status: Option<
            ConnectionStatus,
        >,
        #[graphql(desc = "Draw the introduction path from the child to this person.")]
        highlight: Option<ID>,
    ) -> Result<String, ApiError> {
        let request = request(ctx)?;
        let filters = picture_filters(side, circle, status, highlight)?;
        let picture =
            service::pictures::ecomap(&request.db, &request.viewer(), self.child.id, filters)
                .await?;
        Ok(crate::pictures::ecomap(&picture).into_string())
    }

    /// The child's family as a genogram, an SVG document: generations as rows, partners
    /// joined, children hanging from their parents' line; as `GET /children/{id}/genogram.svg`
    /// draws it.
    async fn genogram_svg(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only members on this side of the family.")] side: Option<FamilySide>,
        #[graphql(desc = "Only members in this circle.")] circle: Option<Circle>,
        #[graphql(desc = "Only members with this connection status.")] status: Option<
            ConnectionStatus,
        >,
        #[graphql(desc = "Draw the introduction path from the child to this person.")]
        highlight: Option<ID>,
    ) -> Result<String, ApiError> {
        let request = request(ctx)?;
        let filters = picture_filters(side, circle, status, highlight)?;
        let picture =
            service::pictures::genogram(&request.db, &request.viewer(), self.child.id, filters)
                .await?;
        Ok(crate::pictures::genogram(&picture).into_string())
    }

    /// Problems in the recorded family that kinship had to work around, and where its
    /// search stopped (a tree deeper than it looks).
    async fn kinship_warnings(&self, ctx: &Context<'_>) -> Result<Vec<String>, ApiError> {
        self.analysis.warnings(&request(ctx)?.db).await
    }

    /// The relationships among the child and the members.
    #[graphql(complexity = "child_complexity * crate::schema::limits::NETWORK_SIZE")]
    async fn relationships(&self, ctx: &Context<'_>) -> Result<InlineList<Relationship>, ApiError> {
        let rows = match &self.relationships {
            Some(rows) => rows.clone(),
            None => {
                Arc::new(service::network::relationships(&request(ctx)?.db, &self.child).await?)
            }
        };
        Ok(InlineList(
            rows.iter()
                .map(|row| Relationship {
                    from: self.people.get(&row.from_person_id).cloned(),
                    to: self.people.get(&row.to_person_id).cloned(),
                    model: row.clone(),
                })
                .collect(),
        ))
    }
}

crate::schema::pages::connection!(
    NetworkMemberConnection,
    NetworkMemberEdge,
    NetworkMember,
    "A page of places in networks, oldest entry first.",
    "A place in a network, with its cursor."
);

/// A person's place in one child's network. The same person may stand differently in a
/// sibling's network.
#[derive(Clone)]
pub struct NetworkMember {
    pub model: network_member::View,
    /// The person, when the whole network was loaded at once.
    pub person: Option<Person>,
    /// The network's analysis, when reached through the network.
    pub analysis: Option<Arc<NetworkAnalysis>>,
}

impl NetworkMember {
    pub fn new(model: impl Into<network_member::View>) -> Self {
        Self {
            model: model.into(),
            person: None,
            analysis: None,
        }
    }
}

/// A person's place in one child's network. The same person may stand differently in a
/// sibling's network.
// Serial and kept small, for the reasons given at `Person`'s fields.
#[warn(clippy::large_futures)]
#[Object(serial)]
impl NetworkMember {
    /// Unique id.
    pub async fn id(&self) -> ID {
        ids::id(self.model.id)
    }

    /// The child whose network this is.
    async fn child(&self, ctx: &Context<'_>) -> Result<Child, ApiError> {
        Child::load(ctx, self.model.child_id).await
    }

    /// The person.
    async fn person(&self, ctx: &Context<'_>) -> Result<Inline<Person>, ApiError> {
        if let Some(person) = &self.person {
            return Ok(Inline(person.clone()));
        }
        Person::named(ctx, self.model.person_id).await.map(Inline)
    }

    /// How this person is related to the child, derived from the recorded parents,
    /// partners and siblings; null when they are not related at all.
    async fn kinship(&self, ctx: &Context<'_>) -> Result<Option<Kinship>, ApiError> {
        let lazy = match &self.analysis {
            Some(lazy) => lazy.clone(),
            None => {
                // Reached on its own (by id, or through a person): read the network, which
                // logs the access like any other read of it.
                let request = request(ctx)?;
                let child = Child::load(ctx, self.model.child_id).await?.0;
                let network = Box::pin(service::network::open(
                    &request.db,
                    &request.viewer(),
                    &child,
                    None,
                ))
                .await?;
                Arc::new(NetworkAnalysis::new(child, network))
            }
        };
        let kinship = lazy
            .kinship(&request(ctx)?.db, self.model.person_id)
            .await?;
        Ok(kinship.map(Kinship))
    }

    /// Where the child stands with this person.
    async fn connection_status(&self) -> ConnectionStatus {
        self.model.connection_status.into()
    }

    /// Which side of the child's family.
    async fn side(&self) -> FamilySide {
        self.model.side.into()
    }

    /// How close to the child, as on an ecomap.
    async fn circle(&self) -> Circle {
        self.model.circle.into()
    }

    /// The support this person offers.
    async fn roles(&self) -> Vec<SupportRole> {
        service::network::roles_of(&self.model)
            .into_iter()
            .map(Into::into)
            .collect()
    }

    /// What the child says about contact.
    async fn child_view(&self) -> ChildView {
        self.model.child_view.into()
    }

    /// The child's own name for this person ("Nan", "Auntie Jo").
    async fn known_to_child_as(&self) -> Option<&str> {
        self.model.known_to_child_as.as_deref()
    }

    /// Whether this person holds parental responsibility for the child.
    async fn holds_parental_responsibility(&self) -> bool {
        self.model.holds_parental_responsibility
    }

    /// Safeguarding restriction on contact.
    async fn restriction(&self) -> Restriction {
        self.model.restriction.into()
    }

    /// Why the restriction is in place.
    async fn restriction_reason(&self) -> Option<&str> {
        self.model.restriction_reason.as_deref()
    }

    /// How this person was found.
    async fn found_via(&self) -> Option<&str> {
        self.model.found_via.as_deref()
    }

    /// When this person was found.
    async fn found_on(&self) -> Option<Date> {
        self.model.found_on.map(Date)
    }

    /// When the child last had contact with this person.
    async fn last_contact_on(&self) -> Option<Date> {
        self.model.last_contact_on.map(Date)
    }

    /// Notes about this person's place in the network; null for viewer and service roles,
    /// and where the person's location must not be disclosed to you.
    async fn notes(&self, ctx: &Context<'_>) -> Result<Option<&str>, ApiError> {
        let person = self.person(ctx).await?.0;
        Ok(person
            .visible(ctx)
            .await?
            .notes_about(self.model.notes.as_deref()))
    }

    /// Changes with each update; send it back with an update.
    async fn version(&self) -> i32 {
        self.model.version
    }

    /// Searches for and contact attempts with this person for this child, a page at a
    /// time, newest first.
    #[graphql(complexity = "crate::schema::limits::first(first, 20) * child_complexity")]
    async fn search_activities_connection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many, at most 100; 20 unless said.")] first: Option<i32>,
        #[graphql(desc = "The cursor of the last one of the previous page.")] after: Option<String>,
    ) -> Result<SearchActivityConnection, ApiError> {
        let all = self.search_activities(ctx).await?;
        let page = page(all, |activity| activity.0.id, first, 20, after.as_deref())?;
        Ok(SearchActivityConnection::new(page))
    }

    /// Searches for and contact attempts with this person for this child, newest first.
    #[graphql(complexity = "child_complexity * crate::schema::limits::SHORT_LIST")]
    async fn search_activities(&self, ctx: &Context<'_>) -> Result<Vec<SearchActivity>, ApiError> {
        let rows = request(ctx)?
            .loaders
            .searches
            .load_one((self.model.child_id, self.model.person_id))
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(SearchActivity).collect())
    }

    /// What they have agreed to, or refused, in this child's work, newest first; withdrawn
    /// consents stay listed.
    #[graphql(complexity = "child_complexity * crate::schema::limits::SHORT_LIST")]
    async fn consents(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Vec<crate::schema::consents::Consent>, ApiError> {
        crate::schema::consents::Consent::list(ctx, self.model.child_id, self.model.person_id).await
    }
}

/// A person's place in a network, for a new member.
#[derive(InputObject)]
pub struct MembershipInput {
    /// Where the child stands with them.
    #[graphql(default_with = "ConnectionStatus::NotYetContacted")]
    pub connection_status: ConnectionStatus,
    /// Which side of the family they are on.
    #[graphql(default_with = "FamilySide::None")]
    pub side: FamilySide,
    /// How close to the child they are.
    #[graphql(default_with = "Circle::Outer")]
    pub circle: Circle,
    /// What they offer the child.
    #[graphql(default)]
    pub roles: Vec<SupportRole>,
    /// What the child says about contact with them.
    #[graphql(default_with = "ChildView::NotAsked")]
    pub child_view: ChildView,
    /// What the child calls them ("Nan", "Auntie Jo").
    pub known_to_child_as: Option<String>,
    /// Whether they hold parental responsibility for the child.
    #[graphql(default)]
    pub holds_parental_responsibility: bool,
    /// A safeguarding restriction on contact with them.
    #[graphql(default_with = "Restriction::None")]
    pub restriction: Restriction,
    /// Required for any restriction other than NONE.
    pub restriction_reason: Option<String>,
    /// How they were found.
    pub found_via: Option<String>,
    /// When they were found.
    pub found_on: Option<Date>,
    /// When the child last had contact with them.
    pub last_contact_on: Option<Date>,
    /// Notes about their place in the network.
    pub notes: Option<String>,
}

impl From<MembershipInput> for service::network::Membership {
    fn from(input: MembershipInput) -> Self {
        Self {
            connection_status: input.connection_status.into(),
            side: input.side.into(),
            circle: input.circle.into(),
            roles: input.roles.into_iter().map(Into::into).collect(),
            child_view: input.child_view.into(),
            known_to_child_as: input.known_to_child_as,
            holds_parental_responsibility: input.holds_parental_responsibility,
            restriction: input.restriction.into(),
            restriction_reason: input.restriction_reason,
            found_via: input.found_via,
            found_on: input.found_on.map(Into::into),
            last_contact_on: input.last_contact_on.map(Into::into),
            notes: input.notes,
        }
    }
}

impl TryFrom<AddPersonToNetworkInput> for service::network::NewMember {
    type Error = ApiError;

    fn try_from(input: AddPersonToNetworkInput) -> Result<Self, ApiError> {
        use service::network::Joining;
        let child_id = ids::parse("childId", &input.child_id)?;
        let person = match (input.person_id, input.person) {
            (Some(id), None) => Joining::Existing(ids::parse("personId", &id)?),
            (None, Some(person)) => Joining::New(Box::new(person.into())),
            _ => {
                return Err(ApiError::bad_input(
                    "personId",
                    "give either personId (an existing person) or person (a new one), not both",
                ));
            }
        };
        Ok(Self {
            child_id,
            person,
            membership: input.membership.map(Into::into).unwrap_or_default(),
        })
    }
}

impl From<UpdateNetworkMemberInput> for service::network::MembershipChange {
    fn from(input: UpdateNetworkMemberInput) -> Self {
        use crate::schema::patch::patch;
        Self {
            version: input.version,
            connection_status: input.connection_status.map(Into::into),
            side: input.side.map(Into::into),
            circle: input.circle.map(Into::into),
            roles: input
                .roles
                .map(|roles| roles.into_iter().map(Into::into).collect()),
            child_view: input.child_view.map(Into::into),
            known_to_child_as: patch(input.known_to_child_as),
            holds_parental_responsibility: input.holds_parental_responsibility,
            restriction: input.restriction.map(Into::into),
            restriction_reason: patch(input.restriction_reason),
            found_via: patch(input.found_via),
            found_on: patch(input.found_on),
            last_contact_on: patch(input.last_contact_on),
            notes: patch(input.notes),
        }
    }
}

/// Puts a person into a child's network: an existing person (`personId`, say from a
/// sibling's network) or a new one (`person`).
#[derive(InputObject)]
pub struct AddPersonToNetworkInput {
    /// The child whose network it is.
    pub child_id: ID,
    /// An existing person.
    pub person_id: Option<ID>,
    /// A new person.
    pub person: Option<PersonInput>,
    /// Their place in the network; defaults to not yet contacted, outer circle.
    pub membership: Option<MembershipInput>,
}

/// The new member.
#[derive(SimpleObject)]
pub struct AddPersonToNetworkPayload {
    /// The new member of the network.
    pub member: NetworkMember,
}

/// Changes to a member's place in a network. Absent fields are kept; null clears.
#[derive(InputObject)]
pub struct UpdateNetworkMemberInput {
    /// The membership to change.
    pub id: ID,
    /// The version the change is based on.
    pub version: i32,
    /// Where the child stands with them.
    pub connection_status: Option<ConnectionStatus>,
    /// Which side of the family they are on.
    pub side: Option<FamilySide>,
    /// How close to the child they are.
    pub circle: Option<Circle>,
    /// Replaces the roles when given.
    pub roles: Option<Vec<SupportRole>>,
    /// What the child says about contact with them.
    pub child_view: Option<ChildView>,
    /// What the child calls them ("Nan", "Auntie Jo").
    pub known_to_child_as: MaybeUndefined<String>,
    /// Whether they hold parental responsibility for the child.
    pub holds_parental_responsibility: Option<bool>,
    /// A safeguarding restriction on contact with them.
    pub restriction: Option<Restriction>,
    /// Why the restriction is in place; required for any restriction other than NONE.
    pub restriction_reason: MaybeUndefined<String>,
    /// How they were found.
    pub found_via: MaybeUndefined<String>,
    /// When they were found.
    pub found_on: MaybeUndefined<Date>,
    /// When the child last had contact with them.
    pub last_contact_on: MaybeUndefined<Date>,
    /// Notes about their place in the network.
    pub notes: MaybeUndefined<String>,
}

/// The changed member.
#[derive(SimpleObject)]
pub struct UpdateNetworkMemberPayload {
    /// The changed membership.
    pub member: NetworkMember,
}

/// Takes a person out of a network (they stay in the records, and the removal can be
/// seen in the history).
#[derive(InputObject)]
pub struct RemoveFromNetworkInput {
    /// The member to remove.
    pub id: ID,
    /// The version the removal is based on.
    pub version: i32,
}

/// The removed member.
#[derive(SimpleObject)]
pub struct RemoveFromNetworkPayload {
    /// Id of the member removed.
    pub removed_member_id: ID,
}

#[derive(Default)]
pub struct NetworkMutation;

#[Object]
impl NetworkMutation {
    /// Puts a person into a child's network.
    async fn add_person_to_network(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Who to add, and their place in the network.")]
        input: AddPersonToNetworkInput,
    ) -> Result<AddPersonToNetworkPayload, ApiError> {
        let request = request(ctx)?;
        let member =
            service::network::add(&request.db, &request.viewer(), input.try_into()?).await?;
        Ok(AddPersonToNetworkPayload {
            member: NetworkMember::new(member),
        })
    }

    /// Changes a member's place in a network.
    async fn update_network_member(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateNetworkMemberInput,
    ) -> Result<UpdateNetworkMemberPayload, ApiError> {
        let request = request(ctx)?;
        let id = ids::parse("id", &input.id)?;
        let member =
            service::network::update(&request.db, &request.viewer(), id, input.into()).await?;
        Ok(UpdateNetworkMemberPayload {
            member: NetworkMember::new(member),
        })
    }

    /// Takes a person out of a network.
    async fn remove_from_network(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The membership to remove.")] input: RemoveFromNetworkInput,
    ) -> Result<RemoveFromNetworkPayload, ApiError> {
        let request = request(ctx)?;
        let id = ids::parse("id", &input.id)?;
        let member =
            service::network::remove(&request.db, &request.viewer(), id, input.version).await?;
        Ok(RemoveFromNetworkPayload {
            removed_member_id: ids::id(member.id),
        })
    }
}

/// A picture's filters as GraphQL arguments give them.
fn picture_filters(
    side: Option<FamilySide>,
    circle: Option<Circle>,
    status: Option<ConnectionStatus>,
    highlight: Option<ID>,
) -> Result<service::pictures::Filters, ApiError> {
    let highlight = highlight
        .map(|id| ids::parse("highlight", &id))
        .transpose()?;
    Ok(crate::pictures::filters(
        side.map(Into::into),
        circle.map(Into::into),
        status.map(Into::into),
        highlight,
    ))
}
