//! The UK English words for family relations, gendered where sex is known.

use crate::network::Sex;

/// Picks the word for a female, a male, or someone whose sex is not recorded.
pub(crate) fn gendered(sex: Sex, female: &str, male: &str, neutral: &str) -> String {
    match sex {
        Sex::Female => female,
        Sex::Male => male,
        Sex::Unknown => neutral,
    }
    .to_owned()
}

fn greats(count: u32) -> String {
    "great-".repeat(count as usize)
}

/// An ancestor `generations` up: mother, grandfather, great-great-grandparent.
pub(crate) fn ancestor(generations: u32, sex: Sex) -> String {
    let base = gendered(sex, "mother", "father", "parent");
    match generations {
        0 => "self".to_owned(),
        1 => base,
        n => format!("{}grand{base}", greats(n - 2)),
    }
}

/// A descendant `generations` down: daughter, grandson, great-grandchild.
pub(crate) fn descendant(generations: u32, sex: Sex) -> String {
    let base = gendered(sex, "daughter", "son", "child");
    match generations {
        0 => "self".to_owned(),
        1 => base,
        n => {
            let grand = gendered(sex, "granddaughter", "grandson", "grandchild");
            format!("{}{grand}", greats(n - 2))
        }
    }
}

/// A sibling of an ancestor `generations` up (2 = aunt or uncle, 3 = great-aunt).
pub(crate) fn ancestors_sibling(generations: u32, sex: Sex) -> String {
    let base = gendered(sex, "aunt", "uncle", "aunt or uncle");
    format!("{}{base}", greats(generations.saturating_sub(2)))
}

/// A descendant of a sibling, `generations` below the sibling's parent (2 = niece or
/// nephew, 3 = great-niece).
pub(crate) fn siblings_descendant(generations: u32, sex: Sex) -> String {
    let base = gendered(sex, "niece", "nephew", "niece or nephew");
    format!("{}{base}", greats(generations.saturating_sub(2)))
}

fn ordinal(n: u32) -> String {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    match WORDS.get(n.saturating_sub(1) as usize) {
        Some(word) => (*word).to_owned(),
        None => format!("{n}th"),
    }
}

fn times(n: u32) -> String {
    match n {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

/// Cousins whose common ancestor is `up` generations above one and `down` above the other,
/// both at least 2: first cousin, second cousin once removed.
pub(crate) fn cousin(up: u32, down: u32) -> String {
    let degree = up.min(down) - 1;
    let removed = up.abs_diff(down);
    if removed == 0 {
        format!("{} cousin", ordinal(degree))
    } else {
        format!("{} cousin {} removed", ordinal(degree), times(removed))
    }
}

/// The possessive of a label: "mother" -> "mother's".
pub(crate) fn possessive(label: &str) -> String {
    format!("{label}'s")
}

/// "a", "a and b", "a, b and c".
pub(crate) fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_descendants_and_cousins_read_as_in_english() {
        assert_eq!(ancestor(4, Sex::Unknown), "great-great-grandparent");
        assert_eq!(ancestor(3, Sex::Male), "great-grandfather");
        assert_eq!(descendant(2, Sex::Female), "granddaughter");
        assert_eq!(ancestors_sibling(3, Sex::Female), "great-aunt");
        assert_eq!(siblings_descendant(3, Sex::Male), "great-nephew");
        assert_eq!(cousin(2, 2), "first cousin");
        assert_eq!(cousin(3, 2), "first cousin once removed");
        assert_eq!(cousin(2, 3), "first cousin once removed");
        assert_eq!(cousin(3, 3), "second cousin");
        assert_eq!(cousin(5, 3), "second cousin twice removed");
        assert_eq!(cousin(14, 13), "12th cousin once removed");
    }
}
