//! Leads: who to look for next, on a small family in the text form of `support`.

mod support;

use graph::{Day, LeadReason, Member, Network, Person, Restriction, Status, kinship, leads};
use support::family;

#[test]
fn leads_put_the_reachable_lost_first_then_relatives_elsewhere_then_stale_searches() {
    let family = family(
        "child kid:F
         mum:F > kid
         nan:F > mum
         grandad:M > mum
         nan > kelly:F
         nan > paul:M
         paul > cousin:F
         mum -former dean:M
         dean > kid
         ggf:M > grandad
         ggf > uncle:M
         kid friend pal:F
         kelly friend kellys_friend:F
         paul teacher pauls_teacher:M",
    );
    let today = Day(20_000);
    // Members: (name, status, restriction, last searched, deceased). `cousin` is not a
    // member: a relative recorded in another network; nor are an aunt's friend and an
    // uncle's teacher, who are no relatives.
    let members: [(&str, Status, Restriction, Option<i32>, bool); 9] = [
        ("mum", Status::Active, Restriction::None, None, false),
        ("nan", Status::Active, Restriction::None, None, false),
        ("grandad", Status::Lost, Restriction::None, None, true),
        ("ggf", Status::Deceased, Restriction::None, None, true),
        ("kelly", Status::Lost, Restriction::None, None, false),
        ("paul", Status::Active, Restriction::None, None, false),
        ("dean", Status::Lost, Restriction::NoContact, None, false),
        (
            "uncle",
            Status::NotYetContacted,
            Restriction::None,
            Some(19_700),
            false,
        ),
        ("pal", Status::Active, Restriction::None, None, false),
    ];
    let people: Vec<Person> = family
        .network
        .people()
        .map(|person| {
            let mut person = person.clone();
            if let Some((_, status, restriction, searched, dead)) =
                members.iter().find(|m| family.id(m.0) == person.id)
            {
                let mut member = Member::new(*status);
                member.restriction = *restriction;
                member.last_searched = searched.map(Day);
                person.member = Some(member);
                person.deceased = *dead;
            }
            person
        })
        .collect();
    let network = Network::new(
        family.network.child(),
        people,
        family.network.edges().cloned(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let found = leads(&network, &kinship(&network), today, 90);
    let summary: Vec<(String, Vec<LeadReason>, Option<String>)> = found
        .iter()
        .map(|lead| {
            (
                family.name(lead.person),
                lead.reasons.clone(),
                lead.relation.clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "kelly".to_owned(),
                vec![LeadReason::LostWithRoute, LeadReason::NeverSearched],
                Some("maternal aunt".to_owned())
            ),
            (
                "cousin".to_owned(),
                vec![LeadReason::NotInNetwork],
                Some("maternal first cousin".to_owned())
            ),
            (
                "uncle".to_owned(),
                vec![LeadReason::StaleSearch(Day(19_700))],
                Some("maternal great-uncle".to_owned())
            ),
        ]
    );
    let route: Vec<String> = found[0]
        .route
        .as_ref()
        .map(|route| route.people.iter().map(|id| family.name(*id)).collect())
        .unwrap_or_default();
    // Her mother, Nan, is in touch with the child herself: the contact is a tie, and the
    // shortest route runs through it.
    assert_eq!(route, ["kid", "nan", "kelly"]);
    let ranks: Vec<u32> = found.iter().map(|lead| lead.rank).collect();
    assert_eq!(ranks, [1, 2, 3]);
    assert!(found.windows(2).all(|pair| pair[0].score <= pair[1].score));
}

#[test]
fn a_member_who_withdrew_consent_to_search_or_contact_is_no_lead() {
    let family = family(
        "child kid:F
         mum:F > kid
         mum > kelly:F
         mum > sam:M
         mum > jo:F",
    );
    let people: Vec<Person> = family
        .network
        .people()
        .map(|person| {
            let mut person = person.clone();
            let name = family.name(person.id);
            if name != "kid" {
                let status = if name == "mum" {
                    Status::Active
                } else {
                    Status::Lost
                };
                let mut member = Member::new(status);
                member.consent.search = name != "kelly";
                member.consent.contact = name != "sam";
                person.member = Some(member);
            }
            person
        })
        .collect();
    let network = Network::new(
        family.network.child(),
        people,
        family.network.edges().cloned(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let found: Vec<String> = leads(&network, &kinship(&network), Day(20_000), 90)
        .iter()
        .map(|lead| family.name(lead.person))
        .collect();
    assert_eq!(found, ["jo"]);
}
