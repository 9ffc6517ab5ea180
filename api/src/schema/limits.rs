//! A limit async-graphql does not set by itself: aliases per operation. Depth, complexity
//! and directives per field are set on the schema builder in `schema::build`.
//!
//! This is checked by the HTTP handler before execution rather than by a schema
//! extension: any extension puts a hook around every field's resolution, which costs a
//! large network dearly.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

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
