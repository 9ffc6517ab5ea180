//! Consent: what a child, and each person in their network, has agreed to, and the one
//! place that decides what the work may do because of it ([`Standing`]). Every path that
//! searches, contacts, invites or writes a person's details into a file asks a `Standing`;
//! none reads consent rows itself.
//!
//! Lifelong Links is voluntary: a withdrawal or a refusal always stops the work it names.
//! A council may also require a consent on record before work begins
//! (`organisation.required_consents`); where it does not, a purpose nobody has decided on
//! is allowed.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use entity::{
    child,
    consent::{self, Model as Consent},
    enums::{ConsentDecision, ConsentGiver, ConsentPurpose, SearchSource},
    organisation,
};
use sea_orm::{
    ActiveEnum, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, sea_query::Query,
};
use uuid::Uuid;

use crate::{
    auth::Role,
    db::Db,
    error::ApiError,
    service::{
        Viewer, access, audit,
        ids::{ChildId, ConsentId, PersonId},
        network,
        validate::{self, NOTES_MAX, SHORT_TEXT_MAX},
        versioned::{self, Write},
    },
};

/// Where one person stands on one purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stand {
    Given,
    Withdrawn,
    Refused,
    /// Nothing recorded.
    Undecided,
}

impl Stand {
    /// How strict a stand is, for two decisions on one day: the stricter holds.
    fn strictness(self) -> u8 {
        match self {
            Stand::Undecided => 0,
            Stand::Given => 1,
            Stand::Withdrawn => 2,
            Stand::Refused => 3,
        }
    }
}

/// The stand a record takes, and from which day.
fn decision(record: &Consent) -> (NaiveDate, Stand) {
    match (record.decision, record.withdrawn_on) {
        (ConsentDecision::Refused, _) => (record.given_on, Stand::Refused),
        (ConsentDecision::Given, Some(withdrawn)) => (withdrawn, Stand::Withdrawn),
        (ConsentDecision::Given, None) => (record.given_on, Stand::Given),
    }
}

/// The source kinds that reach a person rather than look for them.
pub fn contacts(source: SearchSource) -> bool {
    use SearchSource::{Call, Email, Letter, Visit};
    matches!(source, Call | Letter | Email | Visit)
}

/// What the consents recorded in one child's network, and the council's policy, allow.
#[derive(Clone, Debug)]
pub struct Standing {
    child_person: Uuid,
    required: BTreeSet<ConsentPurpose>,
    /// The latest decision per person and purpose, by the day it was made.
    latest: HashMap<(Uuid, ConsentPurpose), (NaiveDate, Stand)>,
}

impl Standing {
    /// The standing in `child`'s network (two statements: the council's policy and the
    /// consents recorded for the child).
    pub async fn of(db: &impl ConnectionTrait, child: &child::Model) -> Result<Self, ApiError> {
        let required = required(db, child.organisation_id).await?;
        let records = consent::Entity::find()
            .filter(consent::Column::ChildId.eq(child.id))
            .filter(consent::Column::DeletedAt.is_null())
            .all(db)
            .await?;
        Ok(Self::from_records(child.person_id, required, &records))
    }

    pub fn from_records(
        child_person: Uuid,
        required: BTreeSet<ConsentPurpose>,
        records: &[Consent],
    ) -> Self {
        let mut latest: HashMap<(Uuid, ConsentPurpose), (NaiveDate, Stand)> = HashMap::new();
        for record in records {
            let (on, stand) = decision(record);
            latest
                .entry((record.person_id, record.purpose))
                .and_modify(|held| {
                    let later = on > held.0;
                    let stricter = on == held.0 && stand.strictness() > held.1.strictness();
                    if later || stricter {
                        *held = (on, stand);
                    }
                })
                .or_insert((on, stand));
        }
        Self {
            child_person,
            required,
            latest,
        }
    }

    pub fn stand(&self, person: Uuid, purpose: ConsentPurpose) -> Stand {
        self.latest
            .get(&(person, purpose))
            .map_or(Stand::Undecided, |(_, stand)| *stand)
    }

    /// Whether `purpose` may go ahead for `person`. A search for a relative needs no consent
    /// of theirs before they are found (only the child's, where the council requires it),
    /// but their refusal stands once they have given it.
    pub fn allows(&self, person: Uuid, purpose: ConsentPurpose) -> bool {
        match self.stand(person, purpose) {
            Stand::Given => true,
            Stand::Withdrawn | Stand::Refused => false,
            Stand::Undecided => {
                let asked_before_found =
                    purpose == ConsentPurpose::Search && person != self.child_person;
                asked_before_found || !self.required.contains(&purpose)
            }
        }
    }

    /// Why `purpose` may not go ahead for `person`, in words; `None` when it may.
    fn refusal(&self, person: Uuid, purpose: ConsentPurpose) -> Option<String> {
        if self.allows(person, purpose) {
            return None;
        }
        let whose = if person == self.child_person {
            "the child's"
        } else {
            "their"
        };
        let what = words(purpose);
        Some(match self.stand(person, purpose) {
            Stand::Withdrawn => format!("{whose} consent to {what} has been withdrawn"),
            Stand::Refused => format!("{whose} consent to {what} was refused"),
            _ => format!("{whose} consent to {what} is needed first, by the council's policy"),
        })
    }

    /// The child agrees to the search for their people: no leads without it.
    pub fn may_search(&self) -> Result<(), ApiError> {
        match self.refusal(self.child_person, ConsentPurpose::Search) {
            Some(why) => Err(ApiError::Safeguarding(format!(
                "no search may be made for this child: {why}"
            ))),
            None => Ok(()),
        }
    }

    /// A search for `person`, or an attempt to reach them by `source`, may be recorded.
    pub fn may_record(&self, person: Uuid, source: SearchSource) -> Result<(), ApiError> {
        self.may_search()?;
        let mut needed = vec![ConsentPurpose::Search];
        if contacts(source) {
            needed.push(ConsentPurpose::Contact);
        }
        for purpose in needed {
            if let Some(why) = self.refusal(person, purpose) {
                return Err(ApiError::Safeguarding(format!(
                    "this cannot be recorded against this person: {why}"
                )));
            }
        }
        Ok(())
    }

    /// `person` may be invited to a conference (an invitation reaches them).
    pub fn may_invite(&self, person: Uuid) -> Result<(), ApiError> {
        if person == self.child_person {
            return Ok(());
        }
        for purpose in [ConsentPurpose::Contact, ConsentPurpose::InviteToFgc] {
            if let Some(why) = self.refusal(person, purpose) {
                return Err(ApiError::Safeguarding(format!(
                    "this person cannot be invited: {why}"
                )));
            }
        }
        Ok(())
    }

    /// Whether `person`'s contact details may leave the server in a file.
    pub fn shares_details(&self, person: Uuid) -> bool {
        self.allows(person, ConsentPurpose::ShareDetails)
    }

    /// What the graph questions may do with `person`.
    pub fn graph(&self, person: Uuid) -> graph::Consent {
        graph::Consent {
            search: self.allows(person, ConsentPurpose::Search),
            contact: self.allows(person, ConsentPurpose::Contact),
            invitation: self.allows(person, ConsentPurpose::InviteToFgc),
        }
    }
}

fn words(purpose: ConsentPurpose) -> &'static str {
    match purpose {
        ConsentPurpose::Search => "searching",
        ConsentPurpose::Contact => "contact",
        ConsentPurpose::ShareDetails => "sharing their details",
        ConsentPurpose::InviteToFgc => "an invitation to a family group conference",
    }
}

/// The purposes an organisation's policy needs a consent recorded for before work begins.
pub async fn required(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> Result<BTreeSet<ConsentPurpose>, ApiError> {
    let organisation = organisation::Entity::find_by_id(organisation_id)
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("organisation"))?;
    organisation
        .required_consents
        .split(',')
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(|value| ConsentPurpose::try_from_value(&value.to_owned()).map_err(ApiError::internal))
        .collect()
}

/// Sets which purposes the viewer's organisation needs a consent recorded for before work
/// begins. Administrators only; audited with the policy before and after.
pub async fn set_required(
    db: &Db,
    viewer: &Viewer,
    purposes: BTreeSet<ConsentPurpose>,
) -> Result<BTreeSet<ConsentPurpose>, ApiError> {
    if !viewer.has(Role::Admin) {
        return Err(ApiError::forbidden(
            "only an administrator sets the consent policy",
        ));
    }
    let txn = db.begin_write().await?;
    let before = required(txn.conn(), viewer.organisation_id).await?;
    let value: Vec<String> = purposes.iter().map(ActiveEnum::to_value).collect();
    organisation::Entity::update_many()
        .col_expr(
            organisation::Column::RequiredConsents,
            sea_orm::sea_query::Expr::value(value.join(",")),
        )
        .filter(organisation::Column::Id.eq(viewer.organisation_id))
        .exec(txn.conn())
        .await?;
    audit::change(
        txn.conn(),
        viewer,
        audit::Change {
            action: "organisation.consent_policy",
            entity_type: "organisation",
            entity_id: viewer.organisation_id,
            child_id: None,
            version: 1,
            before: Some(&before),
            after: Some(&purposes),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(purposes)
}

/// A consent to record.
#[derive(Clone, Debug)]
pub struct NewConsent {
    pub child_id: ChildId,
    /// A member of the network, or the child's own person for the child's agreement.
    pub person_id: PersonId,
    pub purpose: ConsentPurpose,
    pub decision: ConsentDecision,
    pub given_by: ConsentGiver,
    pub given_by_person_id: Option<PersonId>,
    pub given_on: NaiveDate,
    pub evidence: Option<String>,
    pub notes: Option<String>,
}

/// Records a consent given or refused. A consent that stands already (given, not
/// withdrawn) for the same person and purpose is `BAD_USER_INPUT`: withdraw it first.
pub async fn record(db: &Db, viewer: &Viewer, input: NewConsent) -> Result<Consent, ApiError> {
    validate::not_future("givenOn", Some(input.given_on))?;
    let evidence = validate::text("evidence", input.evidence, SHORT_TEXT_MAX)?;
    let notes = validate::text("notes", input.notes, NOTES_MAX)?;
    let (child_id, person_id) = (input.child_id.uuid(), input.person_id.uuid());
    let txn = db.begin_write().await?;
    let child = access::writable_child(txn.conn(), viewer, child_id).await?;
    let of_the_child = person_id == child.person_id;
    if !of_the_child {
        network::member_of(txn.conn(), &child, person_id, "personId").await?;
    }
    match (of_the_child, input.given_by) {
        (true, ConsentGiver::ThePerson) => {
            return Err(ApiError::bad_input(
                "givenBy",
                "the child's own consent is given by the CHILD, or by someone with PARENTAL_RESPONSIBILITY",
            ));
        }
        (false, ConsentGiver::Child) => {
            return Err(ApiError::bad_input(
                "givenBy",
                "a network member's consent is given by THE_PERSON, or by someone with PARENTAL_RESPONSIBILITY for them",
            ));
        }
        _ => {}
    }
    let given_by_person_id = input.given_by_person_id.map(PersonId::uuid);
    if let Some(giver) = given_by_person_id
        && giver != child.person_id
        && giver != person_id
    {
        network::member_of(txn.conn(), &child, giver, "givenByPersonId").await?;
    }
    let standing = Standing::of(txn.conn(), &child).await?;
    if input.decision == ConsentDecision::Given
        && standing.stand(person_id, input.purpose) == Stand::Given
    {
        return Err(ApiError::bad_input(
            "purpose",
            "this consent has been given already; withdraw it before recording it again",
        ));
    }
    let record = consent::ActiveModel {
        child_id: Set(child_id),
        person_id: Set(person_id),
        purpose: Set(input.purpose),
        decision: Set(input.decision),
        given_by: Set(input.given_by),
        given_by_person_id: Set(given_by_person_id),
        given_on: Set(input.given_on),
        withdrawn_on: Set(None),
        evidence: Set(evidence),
        notes: Set(notes),
        ..Default::default()
    };
    let created = versioned::create(txn.conn(), viewer, record, Some(child_id)).await?;
    txn.commit().await?;
    Ok(created)
}

/// A withdrawal of a consent given.
#[derive(Clone, Debug)]
pub struct Withdrawal {
    pub id: ConsentId,
    pub version: i32,
    pub withdrawn_on: NaiveDate,
    /// Why, or what was said; added to the consent's notes.
    pub notes: Option<String>,
}

/// Withdraws a consent: it stays on record with the day it was withdrawn, and the work it
/// allowed stops with the next request. Audited as a change of the consent.
pub async fn withdraw(db: &Db, viewer: &Viewer, input: Withdrawal) -> Result<Consent, ApiError> {
    validate::not_future("withdrawnOn", Some(input.withdrawn_on))?;
    let note = validate::text("notes", input.notes, NOTES_MAX)?;
    let txn = db.begin_write().await?;
    let before = readable(txn.conn(), viewer, input.id.uuid()).await?;
    access::writable_child(txn.conn(), viewer, before.child_id).await?;
    versioned::check_version("consent", before.version, input.version)?;
    if before.decision == ConsentDecision::Refused {
        return Err(ApiError::bad_input(
            "id",
            "this consent was refused, not given: there is nothing to withdraw",
        ));
    }
    if before.withdrawn_on.is_some() {
        return Err(ApiError::bad_input(
            "id",
            "this consent has been withdrawn already",
        ));
    }
    if input.withdrawn_on < before.given_on {
        return Err(ApiError::bad_input(
            "withdrawnOn",
            "withdrawnOn is before the consent was given",
        ));
    }
    let notes = match (before.notes.clone(), note) {
        (Some(old), Some(new)) => Some(format!("{old}\n\nWithdrawn: {new}")),
        (None, Some(new)) => Some(format!("Withdrawn: {new}")),
        (old, None) => old,
    };
    let notes = validate::text("notes", notes, NOTES_MAX)?;
    let mut active: consent::ActiveModel = before.clone().into();
    active.withdrawn_on = Set(Some(input.withdrawn_on));
    active.notes = Set(notes);
    let child_id = before.child_id;
    let after = versioned::save(
        txn.conn(),
        viewer,
        Write::Update,
        active,
        &before,
        Some(child_id),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// A consent in a network the viewer may read, or `NOT_FOUND`.
pub async fn readable(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
) -> Result<Consent, ApiError> {
    let readable = Query::select()
        .column(child::Column::Id)
        .from(child::Entity)
        .cond_where(access::readable_children(viewer))
        .to_owned();
    consent::Entity::find_by_id(id)
        .filter(consent::Column::DeletedAt.is_null())
        .filter(consent::Column::ChildId.in_subquery(readable))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound("consent"))
}

/// The consents recorded for `person` in the network of `child` (the child's own when
/// `person` is the child's person), newest first.
pub async fn of(
    db: &impl ConnectionTrait,
    child: &child::Model,
    person: Uuid,
) -> Result<Vec<Consent>, ApiError> {
    Ok(consent::Entity::find()
        .filter(consent::Column::ChildId.eq(child.id))
        .filter(consent::Column::PersonId.eq(person))
        .filter(consent::Column::DeletedAt.is_null())
        .order_by_desc(consent::Column::GivenOn)
        .order_by_desc(consent::Column::Id)
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(
        person: Uuid,
        purpose: ConsentPurpose,
        given: &str,
        withdrawn: Option<&str>,
    ) -> Consent {
        let day = |text: &str| text.parse::<NaiveDate>().unwrap_or_default();
        Consent {
            id: Uuid::now_v7(),
            organisation_id: Uuid::nil(),
            child_id: Uuid::nil(),
            person_id: person,
            purpose,
            decision: ConsentDecision::Given,
            given_by: ConsentGiver::ThePerson,
            given_by_person_id: None,
            given_on: day(given),
            withdrawn_on: withdrawn.map(day),
            evidence: None,
            notes: None,
            version: 1,
            created_at: chrono::Utc::now(),
            created_by: None,
            updated_at: chrono::Utc::now(),
            updated_by: None,
            deleted_at: None,
            deleted_by: None,
        }
    }

    #[test]
    fn the_latest_decision_holds_and_on_one_day_the_stricter() {
        let (child, aunt) = (Uuid::now_v7(), Uuid::now_v7());
        let contact = ConsentPurpose::Contact;
        let given_again = [
            record(aunt, contact, "2026-01-01", Some("2026-03-01")),
            record(aunt, contact, "2026-06-01", None),
        ];
        let standing = Standing::from_records(child, BTreeSet::new(), &given_again);
        assert_eq!(standing.stand(aunt, contact), Stand::Given);
        let same_day = [
            record(aunt, contact, "2026-01-01", None),
            record(aunt, contact, "2025-12-01", Some("2026-01-01")),
        ];
        let standing = Standing::from_records(child, BTreeSet::new(), &same_day);
        assert_eq!(standing.stand(aunt, contact), Stand::Withdrawn);
        assert!(!standing.allows(aunt, contact));
        assert!(standing.may_record(aunt, SearchSource::Call).is_err());
        assert!(standing.may_record(aunt, SearchSource::CaseFile).is_ok());
    }

    #[test]
    fn a_policy_requires_a_consent_before_work_but_not_before_a_relative_is_found() {
        let (child, aunt) = (Uuid::now_v7(), Uuid::now_v7());
        let every = BTreeSet::from([
            ConsentPurpose::Search,
            ConsentPurpose::Contact,
            ConsentPurpose::ShareDetails,
            ConsentPurpose::InviteToFgc,
        ]);
        let standing = Standing::from_records(child, every.clone(), &[]);
        assert!(standing.may_search().is_err());
        assert!(standing.allows(aunt, ConsentPurpose::Search));
        assert!(!standing.shares_details(aunt));
        assert!(standing.may_invite(aunt).is_err());
        let agreed = [record(child, ConsentPurpose::Search, "2026-01-01", None)];
        let standing = Standing::from_records(child, every, &agreed);
        assert!(standing.may_search().is_ok());
        assert!(
            standing
                .may_record(aunt, SearchSource::PublicRecords)
                .is_ok()
        );
        assert!(standing.may_record(aunt, SearchSource::Letter).is_err());
        let none = Standing::from_records(child, BTreeSet::new(), &[]);
        assert!(none.may_record(aunt, SearchSource::Visit).is_ok());
        assert!(none.shares_details(aunt));
    }
}
