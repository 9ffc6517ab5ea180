//! People: the `Person` type, finding people, and changing a person's record.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use std::sync::Arc;
use tokio::sync::OnceCell;

use entity::{person, person_name};
use uuid::Uuid;

use crate::{
    error::ApiError,
    policy::VisiblePerson,
    schema::dates::PartialDate,
    schema::{
        context::request,
        enums::{NameKind, Sex},
        ids,
        network::NetworkMember,
        relationships::Relationship,
    },
    service,
};

/// Most results a list argument `first` may ask for.
pub const FIRST_MAX: i32 = 100;

/// Checks a `first` argument against [`FIRST_MAX`].
pub fn first(value: Option<i32>, default: i32) -> Result<u64, ApiError> {
    let value = value.unwrap_or(default);
    if !(1..=FIRST_MAX).contains(&value) {
        return Err(ApiError::bad_input(
            "first",
            format!("first must be between 1 and {FIRST_MAX}"),
        ));
    }
    Ok(value as u64)
}

/// Any human in the records: the child, a relative, a friend, a teacher, a former carer.
/// A person is shared by every network that holds them.
#[derive(Clone)]
pub struct Person {
    /// Read here only for what every viewer sees; the rest through [`Person::visible`].
    model: Arc<person::View>,
    /// Filled in when a whole network was loaded at once, so that thousands of people
    /// need no per-field loader calls.
    preloaded: Option<Arc<Preloaded>>,
    visible: Arc<OnceCell<VisiblePerson>>,
}

/// What a network load fetched for a person ahead of time.
#[derive(Default)]
pub struct Preloaded {
    pub other_names: Option<Vec<person_name::View>>,
    /// The children in whose networks this person's location must not be disclosed.
    pub restricted_in: Option<Vec<Uuid>>,
}

impl Person {
    pub fn new(model: impl Into<person::View>) -> Self {
        Self::kept(Arc::new(model.into()))
    }

    /// A person row already read (and shared), with nothing preloaded.
    pub fn kept(model: Arc<person::View>) -> Self {
        Self {
            model,
            preloaded: None,
            visible: Arc::default(),
        }
    }

    /// The person `id`, through the request's loader; `None` if there is none.
    pub async fn load(ctx: &Context<'_>, id: Uuid) -> Result<Option<Self>, ApiError> {
        Ok(request(ctx)?
            .loaders
            .people
            .load_one(id)
            .await?
            .map(Self::new))
    }

    /// The person `id`, or `NOT_FOUND`: for a record that names its person.
    pub async fn named(ctx: &Context<'_>, id: Uuid) -> Result<Self, ApiError> {
        Self::load(ctx, id)
            .await?
            .ok_or(ApiError::NotFound("person"))
    }

    pub fn with_preloaded(model: Arc<person::View>, preloaded: Preloaded) -> Self {
        Self {
            model,
            preloaded: Some(Arc::new(preloaded)),
            visible: Arc::default(),
        }
    }

    /// The row this person was read from.
    pub fn view(&self) -> Arc<person::View> {
        self.model.clone()
    }

    async fn names(&self, ctx: &Context<'_>) -> Result<Vec<person_name::View>, ApiError> {
        if let Some(names) = self.preloaded.as_ref().and_then(|p| p.other_names.as_ref()) {
            return Ok(names.clone());
        }
        Ok(request(ctx)?
            .loaders
            .other_names
            .load_one(self.model.id)
            .await?
            .unwrap_or_default())
    }
}

/// Another name a person is or was known by.
#[derive(SimpleObject)]
pub struct OtherName {
    /// The name as written.
    pub name: String,
    /// What kind of name it is.
    pub kind: NameKind,
}

/// How to reach a person. Hidden (null) from viewer and service roles; each field null
/// where the person's location must not be disclosed to you.
#[derive(SimpleObject)]
pub struct Contact {
    /// Telephone number.
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Postal address.
    pub address: Option<String>,
}

impl Person {
    /// This person as the viewer may see them, made by the one rule in `policy` from the
    /// children whose networks protect their location and the viewer's caseload.
    pub async fn visible(&self, ctx: &Context<'_>) -> Result<&VisiblePerson, ApiError> {
        let visible = self.visible.get_or_try_init(|| async {
            let request = request(ctx)?;
            let preloaded = self
                .preloaded
                .as_ref()
                .and_then(|p| p.restricted_in.clone());
            let restricted = match preloaded {
                Some(restricted) => restricted,
                None => request
                    .loaders
                    .location_restrictions
                    .load_one(self.model.id)
                    .await?
                    .unwrap_or_default(),
            };
            let caseload = if restricted.is_empty() {
                Default::default()
            } else {
                request.caseload().await?
            };
            Ok(VisiblePerson::see(
                &request.viewer(),
                (*self.model).clone(),
                &restricted,
                &caseload,
            ))
        });
        // Boxed here, once for every field that reads it: see the note at `Person`'s fields.
        Box::pin(visible).await
    }
}

/// Any human in the records: the child, a relative, a friend, a teacher, a former carer.
/// A person is shared by every network that holds them.
// Serial: a network answer holds thousands of these, and their fields are read from rows
// already loaded; resolving each object's fields one after another spares a set of
// concurrent futures per object (about 8% of a 60-person network read's server time went
// to those sets). Lists of them still resolve concurrently, so loaders batch across the
// list as before. Their fields' futures are kept small (the large ones boxed, and
// `clippy::large_futures` warns of a new one): each is copied whole when it is made, and an
// object's is as large as its largest field's. `Relationship` and `NetworkMember` are
// serial, and kept small, for the same reasons.
#[warn(clippy::large_futures)]
#[Object(serial)]
impl Person {
    /// Unique id.
    pub async fn id(&self) -> ID {
        ids::id(self.model.id)
    }

    /// Given (first) name.
    async fn given_name(&self) -> Option<&str> {
        self.model.given_name.as_deref()
    }

    /// Family name (surname).
    async fn family_name(&self) -> Option<&str> {
        self.model.family_name.as_deref()
    }

    /// The name the person prefers to be called.
    async fn preferred_name(&self) -> Option<&str> {
        self.model.preferred_name.as_deref()
    }

    /// The name to show: preferred or given name, then family name.
    async fn display_name(&self) -> String {
        service::people::display_name(&self.model)
    }

    /// Other names (maiden, former, nicknames): how lost relatives are often found.
    async fn other_names(&self, ctx: &Context<'_>) -> Result<Vec<String>, ApiError> {
        let names = self.names(ctx).await?;
        Ok(names.into_iter().map(|name| name.name).collect())
    }

    /// Other names with their kinds.
    async fn other_name_records(&self, ctx: &Context<'_>) -> Result<Vec<OtherName>, ApiError> {
        let names = self.names(ctx).await?;
        Ok(names
            .into_iter()
            .map(|name| OtherName {
                name: name.name,
                kind: name.kind.into(),
            })
            .collect())
    }

    /// Sex, where recorded.
    async fn sex(&self) -> Option<Sex> {
        self.model.sex.map(Into::into)
    }

    /// Birth date as EDTF: `1962`, `1962-05`, `1962-05-17`, `1962~` (approximate).
    async fn birth_date(&self) -> Option<PartialDate> {
        self.model.birth_date.clone().map(PartialDate)
    }

    /// Whether the person has died.
    async fn deceased(&self) -> bool {
        self.model.deceased
    }

    /// Last known area (town, district); null where their location must not be disclosed
    /// to you.
    async fn area(&self, ctx: &Context<'_>) -> Result<Option<&str>, ApiError> {
        Ok(self.visible(ctx).await?.area())
    }

    /// Contact details; null for viewer and service roles.
    async fn contact(&self, ctx: &Context<'_>) -> Result<Option<Contact>, ApiError> {
        Ok(self.visible(ctx).await?.contact().map(|contact| Contact {
            phone: contact.phone.map(str::to_owned),
            email: contact.email.map(str::to_owned),
            address: contact.address.map(str::to_owned),
        }))
    }

    /// Practitioners' notes; null for viewer and service roles, and where the person's
    /// location must not be disclosed to you.
    async fn notes(&self, ctx: &Context<'_>) -> Result<Option<&str>, ApiError> {
        Ok(self.visible(ctx).await?.notes())
    }

    /// Changes with each update; send it back with an update.
    async fn version(&self) -> i32 {
        self.model.version
    }

    /// This person's relationships with other people you may see.
    #[graphql(complexity = "child_complexity * crate::schema::limits::SHORT_LIST")]
    async fn relationships(&self, ctx: &Context<'_>) -> Result<Vec<Relationship>, ApiError> {
        let request = request(ctx)?;
        let rows = Box::pin(service::relationships::of_person(
            &request.db.conn,
            &request.viewer(),
            self.model.id,
        ))
        .await?;
        Ok(rows.into_iter().map(Relationship::new).collect())
    }

    /// This person's relationships with other people you may see, a page at a time.
    #[graphql(complexity = "crate::schema::limits::first(first, 20) * child_complexity")]
    async fn relationships_connection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many, at most 100; 20 unless said.")] first: Option<i32>,
        #[graphql(desc = "The cursor of the last one of the previous page.")] after: Option<String>,
    ) -> Result<crate::schema::relationships::RelationshipConnection, ApiError> {
        let mut all = Box::pin(self.relationships(ctx)).await?;
        all.sort_by_key(|relationship| relationship.model.id);
        let page = crate::schema::pages::page(
            all,
            |relationship| relationship.model.id,
            first,
            20,
            after.as_deref(),
        )?;
        Ok(crate::schema::relationships::RelationshipConnection::new(
            page,
        ))
    }

    /// This person's places in the networks of children you may see, a page at a time.
    #[graphql(complexity = "crate::schema::limits::first(first, 20) * child_complexity")]
    async fn networks_connection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many, at most 100; 20 unless said.")] first: Option<i32>,
        #[graphql(desc = "The cursor of the last one of the previous page.")] after: Option<String>,
    ) -> Result<crate::schema::network::NetworkMemberConnection, ApiError> {
        let all = Box::pin(self.networks(ctx)).await?;
        let page =
            crate::schema::pages::page(all, |member| member.model.id, first, 20, after.as_deref())?;
        Ok(crate::schema::network::NetworkMemberConnection::new(page))
    }

    /// This person's places in the networks of children you may see.
    #[graphql(complexity = "child_complexity * crate::schema::limits::SHORT_LIST")]
    async fn networks(&self, ctx: &Context<'_>) -> Result<Vec<NetworkMember>, ApiError> {
        let request = request(ctx)?;
        let rows = Box::pin(service::reads::memberships(
            &request.db,
            &request.viewer(),
            self.model.id,
        ))
        .await?;
        Ok(rows.into_iter().map(NetworkMember::new).collect())
    }
}

/// Another name for a new or changed person.
#[derive(InputObject)]
pub struct OtherNameInput {
    /// The name as written.
    pub name: String,
    /// What kind of name it is.
    #[graphql(default_with = "NameKind::Other")]
    pub kind: NameKind,
}

impl From<OtherNameInput> for service::people::OtherName {
    fn from(input: OtherNameInput) -> Self {
        Self {
            name: input.name,
            kind: input.kind.into(),
        }
    }
}

fn other_names(input: Option<Vec<OtherNameInput>>) -> Option<Vec<service::people::OtherName>> {
    input.map(|names| names.into_iter().map(Into::into).collect())
}

impl From<PersonInput> for service::people::NewPerson {
    fn from(input: PersonInput) -> Self {
        Self {
            given_name: input.given_name,
            family_name: input.family_name,
            preferred_name: input.preferred_name,
            other_names: other_names(input.other_names),
            sex: input.sex.map(Into::into),
            birth_date: input.birth_date.map(Into::into),
            deceased: input.deceased,
            area: input.area,
            phone: input.phone,
            email: input.email,
            address: input.address,
            notes: input.notes,
        }
    }
}

impl From<UpdatePersonInput> for service::people::PersonChange {
    fn from(input: UpdatePersonInput) -> Self {
        use crate::schema::patch::patch;
        Self {
            version: input.version,
            given_name: patch(input.given_name),
            family_name: patch(input.family_name),
            preferred_name: patch(input.preferred_name),
            other_names: other_names(input.other_names),
            sex: patch(input.sex),
            birth_date: patch(input.birth_date),
            deceased: input.deceased,
            area: patch(input.area),
            phone: patch(input.phone),
            email: patch(input.email),
            address: patch(input.address),
            notes: patch(input.notes),
        }
    }
}

/// A new person.
#[derive(InputObject)]
pub struct PersonInput {
    /// Given (first) name.
    pub given_name: Option<String>,
    /// Family name (surname).
    pub family_name: Option<String>,
    /// The name the person prefers to be called.
    pub preferred_name: Option<String>,
    /// Other names (maiden, former, nicknames).
    pub other_names: Option<Vec<OtherNameInput>>,
    /// Sex, where known.
    pub sex: Option<Sex>,
    /// Birth date as EDTF: `1962`, `1962-05`, `1962-05-17`, `1962~`, `1962?`.
    pub birth_date: Option<PartialDate>,
    /// Whether the person has died.
    pub deceased: Option<bool>,
    /// Last known area.
    pub area: Option<String>,
    /// Telephone number.
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Practitioners' notes.
    pub notes: Option<String>,
}

/// Changes to a person. Absent fields are kept; null clears a field.
#[derive(InputObject)]
pub struct UpdatePersonInput {
    /// The person to change.
    pub id: ID,
    /// The version the change is based on.
    pub version: i32,
    /// Given (first) name.
    pub given_name: MaybeUndefined<String>,
    /// Family name (surname).
    pub family_name: MaybeUndefined<String>,
    /// The name the person prefers to be called.
    pub preferred_name: MaybeUndefined<String>,
    /// Replaces every other name when given.
    pub other_names: Option<Vec<OtherNameInput>>,
    /// Sex, where recorded.
    pub sex: MaybeUndefined<Sex>,
    /// Birth date as EDTF: 1962, 1962-05, 1962-05-17, 1962~ (approximate).
    pub birth_date: MaybeUndefined<PartialDate>,
    /// Whether the person has died.
    pub deceased: Option<bool>,
    /// Last known area (town, district).
    pub area: MaybeUndefined<String>,
    /// Telephone number.
    pub phone: MaybeUndefined<String>,
    /// Email address.
    pub email: MaybeUndefined<String>,
    /// Postal address.
    pub address: MaybeUndefined<String>,
    /// Practitioners' notes.
    pub notes: MaybeUndefined<String>,
}

/// The changed person.
#[derive(SimpleObject)]
pub struct UpdatePersonPayload {
    /// The person as now stored.
    pub person: Person,
}

#[derive(Default)]
pub struct PersonQuery;

#[Object]
impl PersonQuery {
    /// A person you may see: one in the network of a child you may see.
    async fn person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person's id.")] id: ID,
    ) -> Result<Person, ApiError> {
        let request = request(ctx)?;
        let id = ids::parse("id", &id)?;
        let person = service::reads::person(&request.db, &request.viewer(), id).await?;
        Ok(Person::new(person))
    }

    /// People whose names or other names contain every word of `query`, ignoring case and
    /// accents, among the people you may see.
    #[graphql(complexity = "crate::schema::limits::first(first, 20) * child_complexity")]
    async fn search_people(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Words of a name, at least two letters.")] query: String,
        #[graphql(desc = "How many people, at most 100.")] first: Option<i32>,
    ) -> Result<Vec<Person>, ApiError> {
        let request = request(ctx)?;
        let limit = self::first(first, 20)?;
        let rows = service::reads::search(&request.db, &request.viewer(), &query, limit).await?;
        Ok(rows.into_iter().map(Person::new).collect())
    }
}

/// Merges a duplicate record into the one kept.
#[derive(InputObject)]
pub struct MergePeopleInput {
    /// The record that stays.
    pub keep_id: ID,
    /// The duplicate: its relationships, memberships and searches move to the kept record,
    /// its names become other names of it, and it stays as a tombstone.
    pub merge_id: ID,
}

/// The kept record after a merge.
#[derive(SimpleObject)]
pub struct MergePeoplePayload {
    /// The record kept, with everything merged into it.
    pub person: Person,
}

/// Undoes the last merge of a record.
#[derive(InputObject)]
pub struct UnmergePeopleInput {
    /// The record that was merged away.
    pub merged_id: ID,
}

/// The record restored.
#[derive(SimpleObject)]
pub struct UnmergePeoplePayload {
    /// The record brought back.
    pub person: Person,
}

#[derive(Default)]
pub struct PersonMutation;

#[Object]
impl PersonMutation {
    /// Changes a person's record. Fails with CONFLICT if it changed since `version`.
    async fn update_person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdatePersonInput,
    ) -> Result<UpdatePersonPayload, ApiError> {
        let request = request(ctx)?;
        let id = ids::parse("id", &input.id)?;
        let person =
            service::people::update(&request.db, &request.viewer(), id, input.into()).await?;
        Ok(UpdatePersonPayload {
            person: Person::new(person),
        })
    }

    /// Merges a duplicate person into the record kept. Undo with `unmergePeople`.
    async fn merge_people(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to keep and the duplicate.")] input: MergePeopleInput,
    ) -> Result<MergePeoplePayload, ApiError> {
        let request = request(ctx)?;
        let keep = ids::parse("keepId", &input.keep_id)?;
        let merge = ids::parse("mergeId", &input.merge_id)?;
        let person = service::merges::merge(&request.db, &request.viewer(), keep, merge).await?;
        Ok(MergePeoplePayload {
            person: Person::new(person),
        })
    }

    /// Undoes the last merge of a person: the record, and everything the merge moved or
    /// removed, come back as they were.
    async fn unmerge_people(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record merged away.")] input: UnmergePeopleInput,
    ) -> Result<UnmergePeoplePayload, ApiError> {
        let request = request(ctx)?;
        let merged = ids::parse("mergedId", &input.merged_id)?;
        let person = service::merges::unmerge(&request.db, &request.viewer(), merged).await?;
        Ok(UnmergePeoplePayload {
            person: Person::new(person),
        })
    }
}
