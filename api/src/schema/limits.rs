//! A limit async-graphql does not set by itself: aliases per operation. Depth, complexity
//! and directives per field are set on the schema builder in `schema::build`; what a list
//! field costs in the complexity count is set here.
//!
//! This is checked by the HTTP handler before execution rather than by a schema
//! extension: any extension puts a hook around every field's resolution, which costs a
//! large network dearly.

use async_graphql::parser::types::{ExecutableDocument, FragmentSpread, Selection, SelectionSet};

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

/// Introspection fields whose answer is a list: nesting them (`types { fields { type {
/// fields ...` ) multiplies the answer with each level.
const INTROSPECTION_LISTS: &[&str] = &[
    "types",
    "fields",
    "args",
    "inputFields",
    "interfaces",
    "possibleTypes",
    "enumValues",
    "directives",
];

/// Lists nested in the standard introspection query of graphql-js, graphql-core and
/// GraphiQL: `types`, their `fields`, the fields' `args`.
pub const MAX_INTROSPECTION_LISTS: usize = 3;

/// Walks into the fragment a spread names with `walk`, `seen` holding the fragments the
/// walk is inside: `cyclic` answers for a fragment that spreads itself, `missing` for one
/// the document lacks.
fn follow<T>(
    document: &ExecutableDocument,
    spread: &FragmentSpread,
    seen: &mut Vec<String>,
    cyclic: T,
    missing: T,
    walk: impl FnOnce(&SelectionSet, &mut Vec<String>) -> T,
) -> T {
    let name = spread.fragment_name.node.as_str();
    if seen.iter().any(|inside| inside == name) {
        return cyclic;
    }
    let Some(fragment) = document.fragments.get(name) else {
        return missing;
    };
    seen.push(name.to_owned());
    let answer = walk(&fragment.node.selection_set.node, seen);
    seen.pop();
    answer
}

/// Whether every operation of the document asks only about the schema: each root field is
/// `__schema`, `__type` or `__typename`.
pub fn is_introspection(document: &ExecutableDocument) -> bool {
    fn only_meta(
        document: &ExecutableDocument,
        set: &SelectionSet,
        seen: &mut Vec<String>,
    ) -> bool {
        set.items.iter().all(|selection| match &selection.node {
            Selection::Field(field) => field.node.name.node.starts_with("__"),
            Selection::InlineFragment(fragment) => {
                only_meta(document, &fragment.node.selection_set.node, seen)
            }
            Selection::FragmentSpread(spread) => {
                follow(document, &spread.node, seen, false, false, |set, seen| {
                    only_meta(document, set, seen)
                })
            }
        })
    }
    let mut operations = document.operations.iter().peekable();
    operations.peek().is_some()
        && operations.all(|(_, operation)| {
            only_meta(
                document,
                &operation.node.selection_set.node,
                &mut Vec::new(),
            )
        })
}

/// The deepest nesting of introspection list fields in the document, fragments followed
/// (a fragment that spreads itself counts as unbounded).
pub fn introspection_lists(document: &ExecutableDocument) -> usize {
    fn deepest(document: &ExecutableDocument, set: &SelectionSet, seen: &mut Vec<String>) -> usize {
        set.items
            .iter()
            .map(|selection| match &selection.node {
                Selection::Field(field) => {
                    let list =
                        usize::from(INTROSPECTION_LISTS.contains(&field.node.name.node.as_str()));
                    list + deepest(document, &field.node.selection_set.node, seen)
                }
                Selection::InlineFragment(fragment) => {
                    deepest(document, &fragment.node.selection_set.node, seen)
                }
                Selection::FragmentSpread(spread) => follow(
                    document,
                    &spread.node,
                    seen,
                    usize::MAX / 2,
                    0,
                    |set, seen| deepest(document, set, seen),
                ),
            })
            .max()
            .unwrap_or(0)
    }
    document
        .operations
        .iter()
        .map(|(_, operation)| {
            deepest(
                document,
                &operation.node.selection_set.node,
                &mut Vec::new(),
            )
        })
        .max()
        .unwrap_or(0)
}
