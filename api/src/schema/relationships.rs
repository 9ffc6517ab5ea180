//! Relationships: the `Relationship` type and the mutations that record, change and
//! remove them.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use entity::relationship;

use crate::{
    error::ApiError,
    schema::dates::PartialDate,
    schema::{
        context::request,
        enums::{Confidence, ParentKind, RelationshipKind, RelationshipQuality},
        ids,
        inline::Inline,
        people::Person,
    },
    service,
};

crate::schema::pages::connection!(
    RelationshipConnection,
    RelationshipEdge,
    Relationship,
    "A page of relationships, oldest record first.",
    "A relationship, with its cursor."
);

/// A fact between two persons. For PARENT, `from` is the parent and `to` the child; the
/// other kinds read the same both ways.
#[derive(Clone)]
pub struct Relationship {
    pub model: relationship::View,
    /// The two people, when the whole network was loaded at once.
    pub from: Option<Person>,
    pub to: Option<Person>,
}

impl Relationship {
    pub fn new(model: impl Into<relationship::View>) -> Self {
        Self {
            model: model.into(),
            from: None,
            to: None,
        }
    }
}

/// A fact between two persons. For PARENT, `from` is the parent and `to` the child; the
/// other kinds read the same both ways.
// Serial and kept small, for the reasons given at `Person`'s fields.
#[warn(clippy::large_futures)]
#[Object(serial)]
impl Relationship {
    /// Unique id.
    pub async fn id(&self) -> ID {
        ids::id(self.model.id)
    }

    /// For PARENT, the parent.
    async fn from(&self, ctx: &Context<'_>) -> Result<Inline<Person>, ApiError> {
        match &self.from {
            Some(person) => Ok(Inline(person.clone())),
            None => person(ctx, self.model.from_person_id).await,
        }
    }

    /// For PARENT, the child.
    async fn to(&self, ctx: &Context<'_>) -> Result<Inline<Person>, ApiError> {
        match &self.to {
            Some(person) => Ok(Inline(person.clone())),
            None => person(ctx, self.model.to_person_id).await,
        }
    }

    /// What the relationship is.
    async fn kind(&self) -> RelationshipKind {
        self.model.kind.into()
    }

    /// For PARENT, how the parent is a parent.
    async fn parent_kind(&self) -> Option<ParentKind> {
        self.model.parent_kind.map(Into::into)
    }

    /// The quality of the tie.
    async fn quality(&self) -> RelationshipQuality {
        self.model.quality.into()
    }

    /// How sure the evidence is.
    async fn confidence(&self) -> Confidence {
        self.model.confidence.into()
    }

    /// Where the evidence came from.
    async fn source(&self) -> Option<&str> {
        self.model.source.as_deref()
    }

    /// When it began (EDTF).
    async fn started_on(&self) -> Option<PartialDate> {
        self.model.started_on.clone().map(PartialDate)
    }

    /// When it ended (EDTF); a PARTNER relationship with an end is a former partnership.
    async fn ended_on(&self) -> Option<PartialDate> {
        self.model.ended_on.clone().map(PartialDate)
    }

    /// Notes; null for viewer and service roles, and where the location of either person
    /// must not be disclosed to you.
    async fn notes(&self, ctx: &Context<'_>) -> Result<Option<&str>, ApiError> {
        let (from, to) = (self.from(ctx).await?, self.to(ctx).await?);
        Ok(crate::policy::notes_between(
            from.0.visible(ctx).await?,
            to.0.visible(ctx).await?,
            self.model.notes.as_deref(),
        ))
    }

    /// Changes with each update; send it back with an update.
    async fn version(&self) -> i32 {
        self.model.version
    }
}

async fn person(ctx: &Context<'_>, id: uuid::Uuid) -> Result<Inline<Person>, ApiError> {
    Person::named(ctx, id).await.map(Inline)
}

/// A new relationship.
#[derive(InputObject)]
pub struct AddRelationshipInput {
    /// For PARENT, the parent.
    pub from_person_id: ID,
    /// For PARENT, the child.
    pub to_person_id: ID,
    /// What the relationship is.
    pub kind: RelationshipKind,
    /// Required for PARENT, refused otherwise.
    pub parent_kind: Option<ParentKind>,
    /// How good the tie is; ORDINARY unless said.
    #[graphql(default_with = "RelationshipQuality::Ordinary")]
    pub quality: RelationshipQuality,
    /// How sure the evidence is; CONFIRMED unless said.
    #[graphql(default_with = "Confidence::Confirmed")]
    pub confidence: Confidence,
    /// Where the evidence comes from ("birth certificate", "told by her aunt").
    pub source: Option<String>,
    /// EDTF date.
    pub started_on: Option<PartialDate>,
    /// EDTF date.
    pub ended_on: Option<PartialDate>,
    /// Practitioners' notes.
    pub notes: Option<String>,
}

impl TryFrom<AddRelationshipInput> for service::relationships::NewRelationship {
    type Error = ApiError;

    fn try_from(input: AddRelationshipInput) -> Result<Self, ApiError> {
        Ok(Self {
            from: ids::parse("fromPersonId", &input.from_person_id)?,
            to: ids::parse("toPersonId", &input.to_person_id)?,
            kind: input.kind.into(),
            parent_kind: input.parent_kind.map(Into::into),
            quality: input.quality.into(),
            confidence: input.confidence.into(),
            source: input.source,
            started_on: input.started_on.map(Into::into),
            ended_on: input.ended_on.map(Into::into),
            notes: input.notes,
        })
    }
}

impl From<UpdateRelationshipInput> for service::relationships::RelationshipChange {
    fn from(input: UpdateRelationshipInput) -> Self {
        use crate::schema::patch::patch;
        Self {
            version: input.version,
            parent_kind: input.parent_kind.map(Into::into),
            quality: input.quality.map(Into::into),
            confidence: input.confidence.map(Into::into),
            source: patch(input.source),
            started_on: patch(input.started_on),
            ended_on: patch(input.ended_on),
            notes: patch(input.notes),
        }
    }
}

/// The new relationship.
#[derive(SimpleObject)]
pub struct AddRelationshipPayload {
    /// The new relationship.
    pub relationship: Relationship,
}

/// Changes to a relationship. Who it joins and its kind cannot change: remove it and
/// record the right one instead.
#[derive(InputObject)]
pub struct UpdateRelationshipInput {
    /// The relationship to change.
    pub id: ID,
    /// The version the change is based on.
    pub version: i32,
    /// For PARENT, how the parent is a parent.
    pub parent_kind: Option<ParentKind>,
    /// How good the tie is.
    pub quality: Option<RelationshipQuality>,
    /// How sure the evidence is.
    pub confidence: Option<Confidence>,
    /// Where the evidence comes from.
    pub source: MaybeUndefined<String>,
    /// When it began (EDTF).
    pub started_on: MaybeUndefined<PartialDate>,
    /// When it ended (EDTF).
    pub ended_on: MaybeUndefined<PartialDate>,
    /// Practitioners' notes.
    pub notes: MaybeUndefined<String>,
}

/// The changed relationship.
#[derive(SimpleObject)]
pub struct UpdateRelationshipPayload {
    /// The changed relationship.
    pub relationship: Relationship,
}

/// Removes a relationship (kept in the history).
#[derive(InputObject)]
pub struct RemoveRelationshipInput {
    /// The relationship to remove.
    pub id: ID,
    /// The version the removal is based on.
    pub version: i32,
}

/// The removed relationship.
#[derive(SimpleObject)]
pub struct RemoveRelationshipPayload {
    /// Id of the relationship removed.
    pub removed_relationship_id: ID,
}

#[derive(Default)]
pub struct RelationshipMutation;

#[Object]
impl RelationshipMutation {
    /// Records a relationship between two persons you may see.
    async fn add_relationship(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The relationship.")] input: AddRelationshipInput,
    ) -> Result<AddRelationshipPayload, ApiError> {
        let request = request(ctx)?;
        let relationship =
            service::relationships::add(&request.db, &request.viewer(), input.try_into()?).await?;
        Ok(AddRelationshipPayload {
            relationship: Relationship::new(relationship),
        })
    }

    /// Changes a relationship.
    async fn update_relationship(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What to change.")] input: UpdateRelationshipInput,
    ) -> Result<UpdateRelationshipPayload, ApiError> {
        let request = request(ctx)?;
        let id = ids::parse("id", &input.id)?;
        let relationship =
            service::relationships::update(&request.db, &request.viewer(), id, input.into())
                .await?;
        Ok(UpdateRelationshipPayload {
            relationship: Relationship::new(relationship),
        })
    }

    /// Removes a relationship.
    async fn remove_relationship(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The relationship to remove.")] input: RemoveRelationshipInput,
    ) -> Result<RemoveRelationshipPayload, ApiError> {
        let request = request(ctx)?;
        let id = ids::parse("id", &input.id)?;
        let relationship =
            service::relationships::remove(&request.db, &request.viewer(), id, input.version)
                .await?;
        Ok(RemoveRelationshipPayload {
            removed_relationship_id: ids::id(relationship.id),
        })
    }
}
