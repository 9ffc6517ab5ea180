//! The one place where the application's records and enumerations become the graph
//! crate's plain data, and the graph's answers become the application's enumerations again.

use chrono::NaiveDate;
use entity::{enums, network_member, person, relationship};
use uuid::Uuid;

use crate::service;

pub fn person_id(id: Uuid) -> graph::PersonId {
    graph::PersonId(id.as_u128())
}

pub fn uuid(id: graph::PersonId) -> Uuid {
    Uuid::from_u128(id.0)
}

pub fn day(date: NaiveDate) -> graph::Day {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    graph::Day(i32::try_from((date - epoch).num_days()).unwrap_or(i32::MAX))
}

pub fn sex(sex: Option<enums::Sex>) -> graph::Sex {
    match sex {
        Some(enums::Sex::Female) => graph::Sex::Female,
        Some(enums::Sex::Male) => graph::Sex::Male,
        _ => graph::Sex::Unknown,
    }
}

pub fn member(model: &network_member::View) -> graph::Member {
    use enums::{Circle, ConnectionStatus as S, FamilySide, Restriction};
    let mut member = graph::Member::new(match model.connection_status {
        S::Active => graph::Status::Active,
        S::Lost => graph::Status::Lost,
        S::NotYetContacted => graph::Status::NotYetContacted,
        S::Reestablished => graph::Status::Reestablished,
        S::Declined => graph::Status::Declined,
        S::Deceased => graph::Status::Deceased,
    });
    member.restriction = match model.restriction {
        Restriction::None => graph::Restriction::None,
        Restriction::SupervisedOnly => graph::Restriction::SupervisedOnly,
        Restriction::NoContact => graph::Restriction::NoContact,
        Restriction::DoNotDiscloseLocation => graph::Restriction::DoNotDiscloseLocation,
    };
    member.side = match model.side {
        FamilySide::Maternal => graph::FamilySide::Maternal,
        FamilySide::Paternal => graph::FamilySide::Paternal,
        FamilySide::Both => graph::FamilySide::Both,
        FamilySide::None => graph::FamilySide::None,
    };
    member.circle = match model.circle {
        Circle::Inner => graph::Circle::Inner,
        Circle::Middle => graph::Circle::Middle,
        Circle::Outer => graph::Circle::Outer,
    };
    member.roles = service::network::roles_of(model)
        .into_iter()
        .map(|role| {
            use entity::enums::SupportRole as R;
            match role {
                R::Emotional => graph::Role::Emotional,
                R::Practical => graph::Role::Practical,
                R::Respite => graph::Role::Respite,
                R::PlacementOption => graph::Role::PlacementOption,
                R::Mentor => graph::Role::Mentor,
                R::FgcParticipant => graph::Role::FgcParticipant,
            }
        })
        .collect();
    member.child_view = match model.child_view {
        enums::ChildView::WantsContact => graph::ChildView::WantsContact,
        enums::ChildView::DoesNotWant => graph::ChildView::DoesNotWant,
        enums::ChildView::Unsure => graph::ChildView::Unsure,
        enums::ChildView::NotAsked => graph::ChildView::NotAsked,
    };
    member.last_contact = model.last_contact_on.map(day);
    member.parental_responsibility = model.holds_parental_responsibility;
    member
}

/// A person as the graph sees them; `member` is their place in the network, if any, already
/// converted.
pub fn person(model: &person::GraphView, member: Option<graph::Member>) -> graph::Person {
    graph::Person {
        id: person_id(model.id),
        sex: sex(model.sex),
        deceased: model.deceased,
        born: model
            .birth_date
            .as_deref()
            .and_then(graph::PartialDate::parse),
        member,
    }
}

pub fn edge(model: &relationship::GraphView) -> graph::Edge {
    use enums::{ParentKind as P, RelationshipKind as K, RelationshipQuality as Q};
    let kind = match (model.kind, model.parent_kind) {
        (K::Parent, kind) => graph::EdgeKind::Parent(match kind {
            Some(P::Adoptive) => graph::ParentKind::Adoptive,
            Some(P::Step) => graph::ParentKind::Step,
            Some(P::Foster) => graph::ParentKind::Foster,
            Some(P::Guardian) => graph::ParentKind::Guardian,
            _ => graph::ParentKind::Birth,
        }),
        (K::Partner, _) => graph::EdgeKind::Partner,
        (K::Sibling, _) => graph::EdgeKind::Sibling,
        (K::Friend, _) => graph::EdgeKind::Social(graph::SocialKind::Friend),
        (K::Teacher, _) => graph::EdgeKind::Social(graph::SocialKind::Teacher),
        (K::Mentor, _) => graph::EdgeKind::Social(graph::SocialKind::Mentor),
        (K::Neighbour, _) => graph::EdgeKind::Social(graph::SocialKind::Neighbour),
        (K::Carer, _) => graph::EdgeKind::Social(graph::SocialKind::Carer),
        (K::Professional, _) => graph::EdgeKind::Social(graph::SocialKind::Professional),
        (K::Other, _) => graph::EdgeKind::Social(graph::SocialKind::Other),
    };
    let mut edge = graph::Edge::new(
        person_id(model.from_person_id),
        person_id(model.to_person_id),
        kind,
    );
    edge.quality = match model.quality {
        Q::Close => graph::Quality::Close,
        Q::Ordinary => graph::Quality::Ordinary,
        Q::Distant => graph::Quality::Distant,
        Q::Conflict => graph::Quality::Conflict,
        Q::CutOff => graph::Quality::CutOff,
        Q::Hostile => graph::Quality::Hostile,
    };
    edge.ended = model.ended_on.is_some();
    edge.confidence = match model.confidence {
        enums::Confidence::Confirmed => graph::Confidence::Confirmed,
        enums::Confidence::Probable => graph::Confidence::Probable,
        enums::Confidence::Possible => graph::Confidence::Possible,
    };
    edge
}

/// The date a graph day stands for.
pub fn date(day: graph::Day) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(i64::from(day.0))))
}

pub fn status(status: graph::Status) -> enums::ConnectionStatus {
    use enums::ConnectionStatus as S;
    match status {
        graph::Status::Active => S::Active,
        graph::Status::Lost => S::Lost,
        graph::Status::NotYetContacted => S::NotYetContacted,
        graph::Status::Reestablished => S::Reestablished,
        graph::Status::Declined => S::Declined,
        graph::Status::Deceased => S::Deceased,
    }
}

pub fn family_side(side: graph::FamilySide) -> enums::FamilySide {
    use enums::FamilySide as F;
    match side {
        graph::FamilySide::Maternal => F::Maternal,
        graph::FamilySide::Paternal => F::Paternal,
        graph::FamilySide::Both => F::Both,
        graph::FamilySide::None => F::None,
    }
}

/// The side of the family a derived relation runs on.
pub fn side(side: graph::Side) -> enums::FamilySide {
    use enums::FamilySide as F;
    match side {
        graph::Side::Maternal => F::Maternal,
        graph::Side::Paternal => F::Paternal,
        graph::Side::Both => F::Both,
        graph::Side::None => F::None,
    }
}

pub fn circle(circle: graph::Circle) -> enums::Circle {
    use enums::Circle as C;
    match circle {
        graph::Circle::Inner => C::Inner,
        graph::Circle::Middle => C::Middle,
        graph::Circle::Outer => C::Outer,
    }
}

pub fn role(role: graph::Role) -> enums::SupportRole {
    use enums::SupportRole as R;
    match role {
        graph::Role::Emotional => R::Emotional,
        graph::Role::Practical => R::Practical,
        graph::Role::Respite => R::Respite,
        graph::Role::PlacementOption => R::PlacementOption,
        graph::Role::Mentor => R::Mentor,
        graph::Role::FgcParticipant => R::FgcParticipant,
    }
}

pub fn participation(participation: graph::Participation) -> enums::Participation {
    use enums::Participation as P;
    match participation {
        graph::Participation::InPerson => P::InPerson,
        graph::Participation::SeparateSession => P::SeparateSession,
        graph::Participation::WrittenViews => P::WrittenViews,
    }
}

pub fn exclusion(exclusion: graph::Exclusion) -> enums::ExclusionReason {
    use enums::ExclusionReason as E;
    match exclusion {
        graph::Exclusion::NoContact => E::NoContact,
        graph::Exclusion::ChildDoesNotWant => E::ChildDoesNotWant,
        graph::Exclusion::Deceased => E::Deceased,
        graph::Exclusion::Declined => E::Declined,
        graph::Exclusion::LocationProtected => E::LocationProtected,
        graph::Exclusion::NotConsented => E::NotConsented,
    }
}

pub fn factor(kind: graph::FactorKind) -> enums::ScoreFactor {
    use enums::ScoreFactor as F;
    match kind {
        graph::FactorKind::Kinship => F::Kinship,
        graph::FactorKind::Circle => F::Circle,
        graph::FactorKind::Status => F::Status,
        graph::FactorKind::Roles => F::Roles,
        graph::FactorKind::ChildView => F::ChildView,
        graph::FactorKind::RecentContact => F::RecentContact,
        graph::FactorKind::Evidence => F::Evidence,
    }
}
