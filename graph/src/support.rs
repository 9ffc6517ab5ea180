//! Support candidates for a Family Group Conference: everyone in the network who could be
//! invited, ranked with the factors behind each score; everyone left out, with the reason
//! and the ways they may still take part; and a suggested list that covers both sides of
//! the family and more than one household where the network allows.

use std::collections::{BTreeSet, HashMap};

use crate::{
    ChildView, Circle, Confidence, Day, FamilySide, KinshipReport, Network, PersonId, RelationKind,
    Restriction, Role, Status,
};

/// How many people a conference list holds unless asked otherwise.
pub const DEFAULT_SUPPORT_SIZE: usize = 12;

/// What the ranking is asked for.
#[derive(Clone, Copy, Debug)]
pub struct SupportOptions {
    /// How many people to suggest.
    pub size: usize,
    /// The conference includes the birth family, so a person whose location must not be
    /// disclosed cannot sit in it.
    pub shared_with_birth_family: bool,
    /// The day the ranking is made, for how recent the last contact is.
    pub today: Day,
}

/// Why someone in the network is not a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Exclusion {
    /// A no-contact restriction stands.
    NoContact,
    /// The child does not want contact with them.
    ChildDoesNotWant,
    Deceased,
    /// They declined contact.
    Declined,
    /// Their location must not be disclosed, and the conference is shared with the birth
    /// family.
    LocationProtected,
    /// They have not agreed (or no longer agree) to be invited, or to be contacted at all.
    NotConsented,
}

/// How someone takes part in a conference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Participation {
    InPerson,
    SeparateSession,
    WrittenViews,
}

/// What a score is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactorKind {
    /// How close the relation is: a parent over a cousin, family over a friend.
    Kinship,
    /// The circle they were placed in on the ecomap.
    Circle,
    /// Where the child stands with them.
    Status,
    /// The support they offer.
    Roles,
    /// What the child has said about contact.
    ChildView,
    /// How recent the last contact with the child is.
    RecentContact,
    /// How sure the record of the relation is.
    Evidence,
}

/// One part of a score: `weight` times `value`, `value` between 0 and 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Factor {
    pub kind: FactorKind,
    pub weight: f64,
    pub value: f64,
}

impl Factor {
    pub fn points(&self) -> f64 {
        self.weight * self.value
    }
}

/// Someone who could be invited.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub person: PersonId,
    /// 0 to 100: the sum of the factors' points.
    pub score: f64,
    pub factors: Vec<Factor>,
    /// In words for a coordinator: "maternal grandmother, in touch this month, offers
    /// respite".
    pub reasons: String,
    /// The closest relation, if any.
    pub relation: Option<String>,
    /// The side of the family they stand on, as recorded or, failing that, as derived.
    pub side: FamilySide,
    /// Place in the ranking, 1 first.
    pub rank: usize,
}

/// Someone in the network who is not a candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excluded {
    pub person: PersonId,
    pub reason: Exclusion,
    /// How they may still take part; empty where they cannot.
    pub may_still: Vec<Participation>,
}

/// A person on the suggested list, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggested {
    pub person: PersonId,
    pub why: String,
}

/// The answer: candidates best first, the excluded in id order, the suggested list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SupportCandidates {
    pub candidates: Vec<Candidate>,
    pub excluded: Vec<Excluded>,
    pub suggested: Vec<Suggested>,
}

const KINSHIP_WEIGHT: f64 = 30.0;
const CIRCLE_WEIGHT: f64 = 20.0;
const STATUS_WEIGHT: f64 = 15.0;
const ROLES_WEIGHT: f64 = 10.0;
const CHILD_VIEW_WEIGHT: f64 = 15.0;
const CONTACT_WEIGHT: f64 = 5.0;
const EVIDENCE_WEIGHT: f64 = 5.0;

/// Ranks the network's members as support for a conference about its child.
///
/// ```
/// use graph::*;
/// let (child, nan) = (PersonId(1), PersonId(2));
/// let mut grandmother = Person::member(nan, Sex::Female, Status::Active);
/// grandmother.member.as_mut().map(|m| m.circle = Circle::Inner);
/// let network = Network::new(child, [Person::new(child, Sex::Male), grandmother], [])?;
/// let options = SupportOptions { size: 12, shared_with_birth_family: false, today: Day(20_000) };
/// let answer = support_candidates(&network, &kinship(&network), options);
/// assert_eq!(answer.suggested[0].person, nan);
/// # Ok::<(), graph::NetworkError>(())
/// ```
pub fn support_candidates(
    network: &Network,
    kinship: &KinshipReport,
    options: SupportOptions,
) -> SupportCandidates {
    let confidence = edge_confidence(network);
    let mut candidates = Vec::new();
    let mut excluded = Vec::new();
    let mut households = HashMap::new();
    for person in network.people() {
        let Some(member) = &person.member else {
            continue;
        };
        if person.id == network.child() {
            continue;
        }
        if let Some((reason, may_still)) = exclusion(person.deceased, member, options) {
            excluded.push(Excluded {
                person: person.id,
                reason,
                may_still,
            });
            continue;
        }
        let relation = kinship
            .of(person.id)
            .and_then(|kinship| kinship.relations.first());
        let factors = vec![
            Factor {
                kind: FactorKind::Kinship,
                weight: KINSHIP_WEIGHT,
                value: relation.map_or(0.2, |relation| match relation.kind {
                    RelationKind::Kin => 1.0 / relation.distance.max(1) as f64,
                    RelationKind::Carer => 0.6,
                    RelationKind::Social => 0.4,
                }),
            },
            Factor {
                kind: FactorKind::Circle,
                weight: CIRCLE_WEIGHT,
                value: match member.circle {
                    Circle::Inner => 1.0,
                    Circle::Middle => 0.6,
                    Circle::Outer => 0.3,
                },
            },
            Factor {
                kind: FactorKind::Status,
                weight: STATUS_WEIGHT,
                value: match member.status {
                    Status::Active => 1.0,
                    Status::Reestablished => 0.9,
                    Status::NotYetContacted => 0.4,
                    Status::Lost => 0.2,
                    Status::Declined | Status::Deceased => 0.0,
                },
            },
            Factor {
                kind: FactorKind::Roles,
                weight: ROLES_WEIGHT,
                value: (member.roles.len() as f64 / 3.0).min(1.0),
            },
            Factor {
                kind: FactorKind::ChildView,
                weight: CHILD_VIEW_WEIGHT,
                value: match member.child_view {
                    ChildView::WantsContact => 1.0,
                    ChildView::Unsure | ChildView::NotAsked => 0.5,
                    ChildView::DoesNotWant => 0.0,
                },
            },
            Factor {
                kind: FactorKind::RecentContact,
                weight: CONTACT_WEIGHT,
                value: match days_since(member.last_contact, options.today) {
                    Some(days) if days <= 31 => 1.0,
                    Some(days) if days <= 92 => 0.8,
                    Some(days) if days <= 366 => 0.5,
                    Some(_) => 0.2,
                    None => 0.0,
                },
            },
            Factor {
                kind: FactorKind::Evidence,
                weight: EVIDENCE_WEIGHT,
                value: match relation.map(|relation| path_confidence(&relation.path, &confidence)) {
                    Some(Confidence::Confirmed) => 1.0,
                    Some(Confidence::Probable) => 0.6,
                    Some(Confidence::Possible) => 0.3,
                    None => 0.5,
                },
            },
        ];
        let score = factors.iter().map(Factor::points).sum();
        let side = match (member.side, relation) {
            (FamilySide::None, Some(relation)) => match relation.side {
                crate::Side::Maternal => FamilySide::Maternal,
                crate::Side::Paternal => FamilySide::Paternal,
                crate::Side::Both => FamilySide::Both,
                crate::Side::None => FamilySide::None,
            },
            (side, _) => side,
        };
        households.insert(person.id, member.household);
        candidates.push(Candidate {
            person: person.id,
            score,
            reasons: reasons(relation.map(|r| r.label.as_str()), member, options.today),
            relation: relation.map(|relation| relation.label.clone()),
            factors,
            side,
            rank: 0,
        });
    }
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.person.cmp(&b.person)));
    for (index, candidate) in candidates.iter_mut().enumerate() {
        candidate.rank = index + 1;
    }
    excluded.sort_by_key(|excluded| excluded.person);
    let suggested = suggest(&candidates, &households, options.size);
    SupportCandidates {
        candidates,
        excluded,
        suggested,
    }
}

/// Why a member cannot be invited in person, and how they may still take part.
fn exclusion(
    deceased: bool,
    member: &crate::Member,
    options: SupportOptions,
) -> Option<(Exclusion, Vec<Participation>)> {
    use Participation::{SeparateSession, WrittenViews};
    if deceased || member.status == Status::Deceased {
        Some((Exclusion::Deceased, Vec::new()))
    } else if member.restriction == Restriction::NoContact {
        Some((Exclusion::NoContact, vec![SeparateSession, WrittenViews]))
    } else if !(member.consent.invitation && member.consent.contact) {
        // Whether they share their views is theirs to offer; nobody asks them.
        Some((Exclusion::NotConsented, Vec::new()))
    } else if member.child_view == ChildView::DoesNotWant {
        Some((
            Exclusion::ChildDoesNotWant,
            vec![SeparateSession, WrittenViews],
        ))
    } else if member.status == Status::Declined {
        Some((Exclusion::Declined, vec![WrittenViews]))
    } else if options.shared_with_birth_family
        && member.restriction == Restriction::DoNotDiscloseLocation
    {
        Some((
            Exclusion::LocationProtected,
            vec![SeparateSession, WrittenViews],
        ))
    } else {
        None
    }
}

fn days_since(day: Option<Day>, today: Day) -> Option<i32> {
    day.map(|day| (today.0 - day.0).max(0))
}

/// The most confident record between each pair of people, either way round.
fn edge_confidence(network: &Network) -> HashMap<(PersonId, PersonId), Confidence> {
    let mut best: HashMap<(PersonId, PersonId), Confidence> = HashMap::new();
    for edge in network.edges() {
        let key = (edge.from.min(edge.to), edge.from.max(edge.to));
        let entry = best.entry(key).or_insert(edge.confidence);
        *entry = (*entry).min(edge.confidence);
    }
    best
}

/// How sure a relation is: its least sure step. A step with no direct record (through a
/// virtual parent of recorded siblings) counts as probable.
fn path_confidence(
    path: &[PersonId],
    confidence: &HashMap<(PersonId, PersonId), Confidence>,
) -> Confidence {
    path.windows(2)
        .map(|step| {
            let key = (step[0].min(step[1]), step[0].max(step[1]));
            confidence
                .get(&key)
                .copied()
                .unwrap_or(Confidence::Probable)
        })
        .max()
        .unwrap_or(Confidence::Confirmed)
}

/// "maternal grandmother, in touch this month, offers respite and practical help".
fn reasons(relation: Option<&str>, member: &crate::Member, today: Day) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.push(relation.unwrap_or("in the network").to_owned());
    parts.push(
        match days_since(member.last_contact, today) {
            Some(days) if days <= 31 => "in touch this month",
            Some(days) if days <= 92 => "in touch in the last three months",
            Some(days) if days <= 366 => "in touch in the last year",
            Some(_) => "last in touch over a year ago",
            None => match member.status {
                Status::Lost => "lost touch",
                Status::NotYetContacted => "not yet contacted",
                _ => "last contact not recorded",
            },
        }
        .to_owned(),
    );
    let offers: Vec<&str> = member
        .roles
        .iter()
        .map(|role| match role {
            Role::Emotional => "emotional support",
            Role::Practical => "practical help",
            Role::Respite => "respite",
            Role::PlacementOption => "a home",
            Role::Mentor => "mentoring",
            Role::FgcParticipant => "to take part in the conference",
        })
        .collect();
    if !offers.is_empty() {
        parts.push(format!("offers {}", crate::words::and_list(&offers)));
    }
    match member.child_view {
        ChildView::WantsContact => parts.push("the child wants contact".to_owned()),
        ChildView::Unsure => parts.push("the child is unsure".to_owned()),
        _ => {}
    }
    parts.join(", ")
}

fn covers(side: FamilySide, wanted: FamilySide) -> bool {
    side == wanted || side == FamilySide::Both
}

/// The suggested list: the best on each side of the family where both sides have
/// candidates; then, if everyone chosen so far lives in one household, the best of those who
/// do not; then the best of the rest, up to `size`.
fn suggest(
    candidates: &[Candidate],
    households: &HashMap<PersonId, Option<u64>>,
    size: usize,
) -> Vec<Suggested> {
    let mut chosen: Vec<Suggested> = Vec::new();
    let mut taken: BTreeSet<PersonId> = BTreeSet::new();
    let mut take = |candidate: &Candidate, why: String, chosen: &mut Vec<Suggested>| {
        if chosen.len() < size && taken.insert(candidate.person) {
            chosen.push(Suggested {
                person: candidate.person,
                why,
            });
        }
    };
    let best_on = |wanted: FamilySide| {
        candidates
            .iter()
            .find(|candidate| covers(candidate.side, wanted))
    };
    if let (Some(maternal), Some(paternal)) =
        (best_on(FamilySide::Maternal), best_on(FamilySide::Paternal))
    {
        for (candidate, side) in [(maternal, "maternal"), (paternal, "paternal")] {
            take(
                candidate,
                format!("the best placed on the {side} side of the family"),
                &mut chosen,
            );
        }
    }
    if chosen.is_empty()
        && let Some(first) = candidates.first()
    {
        take(first, "ranked 1".to_owned(), &mut chosen);
    }
    let household = |person: PersonId| households.get(&person).copied().flatten();
    let one_household = chosen
        .iter()
        .map(|suggested| household(suggested.person))
        .collect::<Option<BTreeSet<u64>>>()
        .filter(|held| held.len() == 1)
        .and_then(|held| held.into_iter().next());
    if let Some(shared) = one_household
        && let Some(elsewhere) = candidates
            .iter()
            .find(|candidate| household(candidate.person) != Some(shared))
    {
        take(
            elsewhere,
            "the best placed outside the household of those above".to_owned(),
            &mut chosen,
        );
    }
    for candidate in candidates {
        take(candidate, format!("ranked {}", candidate.rank), &mut chosen);
    }
    chosen
}
