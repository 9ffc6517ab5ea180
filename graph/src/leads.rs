//! Leads: who to look for next, ranked, each with reasons a coordinator understands.
//!
//! The network given may hold people who are not members of it (relatives recorded
//! elsewhere, say in a sibling's network): they are the relatives not yet in this one.

use std::collections::BTreeMap;

use crate::{
    kinship::KinshipReport,
    network::{Day, Network, PersonId, Restriction, Status},
    paths::{IntroductionPath, introduction_paths},
};

/// Searches older than this many days are stale.
pub const DEFAULT_STALE_AFTER_DAYS: i32 = 90;

/// Why someone is a lead.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LeadReason {
    /// A member the child has lost, or not yet reached, with someone in touch who could
    /// make the introduction.
    LostWithRoute,
    /// A relative recorded elsewhere who is not in this network yet.
    NotInNetwork,
    /// A lost or not-yet-contacted member never searched for.
    NeverSearched,
    /// A lost or not-yet-contacted member last searched for on this day.
    StaleSearch(Day),
}

/// A person to look for next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lead {
    pub person: PersonId,
    /// Place in the list: 1 for the first lead, 2 for the next.
    pub rank: u32,
    /// What the order is by, lower first: the route's cost for the lost with a route,
    /// then 1,000 and up for relatives not yet in the network, 2,000 and up for members
    /// never searched for, 3,000 and up for searches gone quiet, closer relatives first
    /// within each.
    pub score: u32,
    pub reasons: Vec<LeadReason>,
    /// How they are related to the child, if they are.
    pub relation: Option<String>,
    /// Who could introduce them.
    pub route: Option<IntroductionPath>,
}

/// Ranks the leads of a network: first the lost with a route to them (ready to act on),
/// then relatives not yet in the network, closest first, then the lost whose search has
/// gone quiet. Nobody dead, declined, or under a no-contact restriction is a lead.
///
/// # Complexity
/// O((N + T) log N): one introduction-path search, then a pass over the people.
pub fn leads(
    network: &Network,
    kinship: &KinshipReport,
    today: Day,
    stale_after_days: i32,
) -> Vec<Lead> {
    let routes = introduction_paths(network);
    let mut found: BTreeMap<PersonId, Lead> = BTreeMap::new();
    for person in network.people() {
        if person.id == network.child() || person.deceased {
            continue;
        }
        let relation = kinship.of(person.id);
        let label = relation.map(|kinship| kinship.label().to_owned());
        let distance = relation
            .and_then(|kinship| kinship.relations.first())
            .map_or(20, |relation| relation.distance);
        let route = routes.get(&person.id).cloned();
        let mut reasons = Vec::new();
        let mut rank = u32::MAX;
        match &person.member {
            None => {
                // Only family: a sibling's friend or teacher, or a carer, is no relative
                // recorded elsewhere.
                if relation.is_some_and(|kinship| kinship.is_kin()) {
                    reasons.push(LeadReason::NotInNetwork);
                    rank = 1_000 + distance * 10;
                }
            }
            Some(member) => {
                let searching = matches!(member.status, Status::Lost | Status::NotYetContacted);
                let agreed = member.consent.search && member.consent.contact;
                if !searching || !agreed || member.restriction == Restriction::NoContact {
                    continue;
                }
                if let Some(route) = &route {
                    reasons.push(LeadReason::LostWithRoute);
                    rank = rank.min(route.cost);
                }
                match member.last_searched {
                    None => {
                        reasons.push(LeadReason::NeverSearched);
                        rank = rank.min(2_000 + distance * 10);
                    }
                    Some(day) if today.0 - day.0 > stale_after_days => {
                        reasons.push(LeadReason::StaleSearch(day));
                        rank = rank.min(3_000 + distance * 10);
                    }
                    Some(_) => {}
                }
            }
        }
        if !reasons.is_empty() {
            found.insert(
                person.id,
                Lead {
                    person: person.id,
                    rank: 0,
                    score: rank,
                    reasons,
                    relation: label,
                    route,
                },
            );
        }
    }
    let mut leads: Vec<Lead> = found.into_values().collect();
    leads.sort_by(|a, b| a.score.cmp(&b.score).then(a.person.cmp(&b.person)));
    for (place, lead) in (1..).zip(leads.iter_mut()) {
        lead.rank = place;
    }
    leads
}
