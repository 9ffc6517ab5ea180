//! A limit async-graphql does not set by itself: aliases per operation. Depth, complexity
//! and directives per field are set on the schema builder in `schema::build`; what a list
//! field costs in the complexity count is set here.
//!
//! This is checked by the HTTP handler before execution rather than by a schema
//! extension: any extension puts a hook around every field's resolution, which costs a
//! large network dearly.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

/// What a list of a network's members or relationships counts as in the complexity limit:
/// the size of a network a query must be allowed to read whole, so that reading many at
/// once (a network inside a network, under aliases) is refused before it runs.
pub const NETWORK_SIZE: usize = 50;
/// What a short list (a person's networks or relationships, a member's searches, a child's
/// assignments) counts as.
pub const SHORT_LIST: usize = 5;

/// What a list capped by `first` counts as: its cap, or `default` when none is given.
pub fn first(first: Option<i32>, default: i32) -> usize {
    usize::try_from(first.unwrap_or(default).clamp(1, super::people::FIRST_MAX)).unwrap_or(1)
}

fn count_aliases(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|selection| match &selection.node {
            Selection::Field(field) => {
                usize::from(field.node.alias.is_some())
                    + count_aliases(&field.node.selection_set.node)
            }
            Selection::InlineFragment(fragment) => count_aliases(&fragment.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

/// Aliases in every operation and fragment of the document.
pub fn aliases_in(document: &ExecutableDocument) -> usize {
    let in_operations: usize = document
        .operations
        .iter()
        .map(|(_, operation)| count_aliases(&operation.node.selection_set.node))
        .sum();
    let in_fragments: usize = document
        .fragments
        .values()
        .map(|fragment| count_aliases(&fragment.node.selection_set.node))
        .sum();
    in_operations + in_fragments
}
